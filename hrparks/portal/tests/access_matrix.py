"""The public portal: every page is open to everyone, logged in or not; so is the challenge image of the
objection form (django-simple-captcha, mounted under /public/captcha/)."""

from captcha.models import CaptchaStore

from hrparks.applications.tests.access_matrix import app
from hrparks.core.tests.access import ROLES, Expect
from hrparks.evaluations.tests.factories import designate, evaluation_world

EVERYONE = frozenset(ROLES) | {"anonymous"}


def designated_park(world):
    designate(world.park)
    return {"pk": world.park.pk}


def challenge(world):
    return {"key": world.once("captcha", CaptchaStore.generate_key)}


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
    Expect("captcha-image", allowed=EVERYONE, kwargs=challenge),
    Expect("captcha-image-2x", allowed=EVERYONE, kwargs=challenge),
    # No speech synthesizer is configured (offline intranets): the audio challenge is a 404 for everyone.
    Expect("captcha-audio", allowed=frozenset(), kwargs=challenge, label="no audio offline"),
    # Answers only the widget's XMLHttpRequest; a plain request is a 404 for everyone.
    Expect("captcha-refresh", allowed=frozenset(), label="XMLHttpRequest only"),
]
