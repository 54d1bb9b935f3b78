import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hrparks.applications.tests.conftest import draft, park, people  # noqa: F401 — the applications app's fixtures
from hrparks.applications.tests.factories import operated_park
from hrparks.parks.tests.factories import ParkFactory, SiteFactory

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _isolated_media_and_tasks(settings, tmp_path):
    """Uploads go to a temporary folder; notification e-mails are sent at once, to the test outbox."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = IMMEDIATE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def api():
    """A client of the API that calls as a user with that user's token, as another system would."""

    class TokenClient(APIClient):
        def as_user(self, user):
            self.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
            return self

    return TokenClient()


@pytest.fixture
def parks(users, jilin_city):
    """`own`: a park of 长春市 operated by the walk's operator; `other`: a park of 吉林市."""
    own = operated_park(users["operator"], name="长春人力资源服务产业园")
    other = ParkFactory(name="吉林人力资源服务产业园", jurisdiction=jilin_city)
    SiteFactory(park=other)
    return {"own": own, "other": other}


def pointers(response) -> list[str]:
    return [error["pointer"] for error in response.json()["errors"]]
