"""The public portal: every page is open to everyone, logged in or not."""

from hrparks.applications.tests.access_matrix import app
from hrparks.core.tests.access import ROLES, Expect
from hrparks.evaluations.tests.factories import designate, evaluation_world

EVERYONE = frozenset(ROLES) | {"anonymous"}


def designated_park(world):
    designate(world.park)
    return {"pk": world.park.pk}


def notice(world):
    return {"pk": app(world, "in_notice").public_notices.get().pk}


ACCESS = [
    Expect("portal:index", allowed=EVERYONE),
    Expect("portal:parks", allowed=EVERYONE),
    Expect("portal:parks", allowed=EVERYONE, query="status=revoked&park_type=nonsense", label="filtered"),
    Expect("portal:park", allowed=EVERYONE, kwargs=designated_park),
    Expect("portal:notices", allowed=EVERYONE),
    Expect("portal:notice", allowed=EVERYONE, kwargs=notice),
    Expect("portal:objection", allowed=EVERYONE, kwargs=notice),
    Expect("portal:objection", allowed=EVERYONE, kwargs=notice, method="post", label="empty form"),
    Expect("portal:receipt_lookup", allowed=EVERYONE),
    Expect(
        "portal:receipt_lookup",
        allowed=EVERYONE,
        method="post",
        data=lambda world: {"receipt_number": "YY1", "contact": "1"},
        label="look-up",
    ),
    Expect("portal:evaluation_notices", allowed=EVERYONE),
    Expect(
        "portal:evaluation_notice",
        allowed=EVERYONE,
        kwargs=lambda world: {"pk": evaluation_world(world)["notice"].pk},
    ),
]
