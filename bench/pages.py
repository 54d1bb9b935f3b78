"""The measured pages, found in a generated bench database (bench/generate.py): which URL, as whom.

`python -m bench.pages` (DATABASE_URL set) prints them with a logged-in session cookie per role and an API
token per load-run user, for the HTTP measurements, which run outside Django.
"""

from bench.common import print_json, setup_django

# role → the bench user who opens the page; None: anonymous (the public portal).
ROLES = {
    "operator": "bench_operator",
    "city_bureau": "bench_city_bureau",
    "city_government": "bench_city_government",
    "provincial": "bench_province",
    "expert": "bench_expert",
}
# Who takes part in the load run (bench/load.py) through the API.
LOAD_USERS = [
    "bench_operator",
    "bench_city_bureau",
    "bench_city_bureau_2",
    "bench_city_bureau_3",
    "bench_city_bureau_4",
    "bench_city_government",
    "bench_city_government_2",
    "bench_province",
]


def anchors() -> dict:
    """The objects the pages show: the 基准 park (the biggest roster), its application (the longest history,
    in the current public notice) and that notice."""
    from hrparks.applications.models import Application, PublicNotice
    from hrparks.parks.models import Park

    from .generate import BENCH_PARK

    park = Park.objects.get(name=BENCH_PARK)
    application = Application.objects.filter(park=park).order_by("-pk").first()
    notice = PublicNotice.objects.filter(applications=application).order_by("-published_on").first()
    return {"park": park.pk, "application": application.pk, "notice": notice.pk}


def measured_pages(objects: dict) -> list[dict]:
    """name, role (None: anonymous), path. The floor comes first: every page is compared with it."""
    park, application, notice = objects["park"], objects["application"], objects["notice"]
    return [
        {"name": "floor", "role": None, "path": "/bench/floor/"},
        {"name": "park_list", "role": "provincial", "path": "/parks/"},
        {"name": "park_detail_roster", "role": "city_bureau", "path": f"/parks/{park}/"},
        {"name": "application_detail", "role": "city_bureau", "path": f"/applications/{application}/"},
        {"name": "application_list", "role": "provincial", "path": "/applications/"},
        {"name": "work_queue_city", "role": "city_bureau", "path": "/applications/queue/"},
        {"name": "work_queue_province", "role": "provincial", "path": "/applications/queue/"},
        {"name": "dashboard", "role": "provincial", "path": "/dashboard/"},
        {"name": "audit_log", "role": "provincial", "path": "/audit/"},
        {"name": "public_park_list", "role": None, "path": "/public/parks/"},
        {"name": "public_notice", "role": None, "path": f"/public/notices/{notice}/"},
        {"name": "api_parks", "role": "provincial", "path": "/api/v1/parks/"},
        {"name": "api_applications", "role": "provincial", "path": "/api/v1/applications/"},
        {
            "name": "api_application_history",
            "role": "city_bureau",
            "path": f"/api/v1/applications/{application}/history/",
        },
        {"name": "api_notices", "role": "provincial", "path": "/api/v1/notices/"},
    ]


def pass_second_factor(session, user) -> None:
    """Mark the session as having passed the code step (django-otp), as production requires of some roles
    (HRPARKS_REQUIRE_OTP_FOR), with a confirmed authenticator device of the user's."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from hrparks.accounts.selectors import two_factor_required

    if two_factor_required(user):
        device, _created = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id


def session_cookie(user) -> str:
    """The value of a session cookie for `user`, as after logging in (past the code step where required)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    pass_second_factor(session, user)
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def sessions() -> dict:
    """role → the value of a session cookie for that role's bench user, as after logging in."""
    from hrparks.accounts.models import User

    return {role: session_cookie(User.objects.get(username=username)) for role, username in ROLES.items()}


def tokens() -> dict:
    from rest_framework.authtoken.models import Token

    from hrparks.accounts.models import User

    return {
        username: Token.objects.get_or_create(user=User.objects.get(username=username))[0].key
        for username in LOAD_USERS
    }


def main() -> None:
    setup_django()
    objects = anchors()
    print_json({"anchors": objects, "pages": measured_pages(objects), "cookies": sessions(), "tokens": tokens()})


if __name__ == "__main__":
    main()
