from hrparks.core.tests.access import STAFF, Expect

ACCESS = [
    # Every role with park data searches within its own scope; the system administrator has none.
    Expect("workbench:search", allowed=STAFF, query="q=示例"),
]
