from .access import STAFF, Expect

ACCESS = [
    # Anonymous visitors are redirected to the public portal, not to the log-in page.
    Expect("core:home", allowed=STAFF | {"sysadmin", "anonymous"}),
]
