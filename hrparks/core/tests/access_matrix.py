from .access import STAFF, Expect

ACCESS = [
    Expect("core:home", allowed=STAFF | {"sysadmin"}),
]
