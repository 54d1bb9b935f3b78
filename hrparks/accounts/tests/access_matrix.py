from hrparks.core.tests.access import EVERYONE, ROLES, Expect

ACCESS = [
    Expect("accounts:login", allowed=EVERYONE),
    Expect("accounts:logout", allowed=EVERYONE, method="post"),
    Expect("accounts:password_change", allowed=ROLES),
    Expect("accounts:password_change_done", allowed=ROLES),
    Expect("accounts:preferences", allowed=ROLES),
]
