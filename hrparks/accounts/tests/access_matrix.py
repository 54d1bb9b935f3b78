from hrparks.core.tests.access import EVERYONE, ROLES, Expect

ACCESS = [
    Expect("accounts:login", allowed=EVERYONE),
    # The code step serves whoever passed the password step; the walk's users have no device (sent on).
    Expect("accounts:login_code", allowed=ROLES),
    Expect("accounts:logout", allowed=EVERYONE, method="post"),
    Expect("accounts:password_change", allowed=ROLES),
    Expect("accounts:password_change_done", allowed=ROLES),
    Expect("accounts:preferences", allowed=ROLES),
    Expect("accounts:two_factor", allowed=ROLES),
    Expect("accounts:two_factor", allowed=ROLES, method="post", data=lambda world: {"token": "000000"}),
    Expect("accounts:two_factor_disable", allowed=ROLES, method="post", data=lambda world: {"token": "000000"}),
]
