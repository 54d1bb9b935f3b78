from hrparks.core.tests.access import Expect

ACCESS = [
    # Only the provincial bureau plays a policy's scenarios again; GET is not allowed for anyone.
    Expect("scenarios:run", allowed={"provincial"}, kwargs=lambda world: {"policy_id": "jilin-2022"}, method="post"),
]
