import pytest

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.applications import services
from hrparks.applications.tests.factories import operated_park
from hrparks.applications.tests.journey import upload_required_materials
from hrparks.parks.models import Jurisdiction
from hrparks.parks.tests.factories import REQUIRED_FORMATS, EnterpriseFactory

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _isolated_media_and_tasks(settings, tmp_path):
    """Uploads go to a temporary folder; notification e-mails are sent at once, to the test outbox."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = IMMEDIATE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def people(users):
    """The walk's users plus an expert pool: one expert in 长春市 (the applicant's city, never drawn) and
    four in other cities."""
    pool = {"expert_changchun": Jurisdiction.objects.get(name="长春市")}
    for name in ("四平市", "辽源市", "通化市", "延边朝鲜族自治州"):
        pool[f"expert_{name}"] = Jurisdiction.objects.get(name=name)
    extra = {key: UserFactory(username=key, role=Role.EXPERT, jurisdiction=city) for key, city in pool.items()}
    return {**users, **extra}


@pytest.fixture
def park(people):
    """An eligible comprehensive park in 长春市 (6,000 m², 16 local agencies) operated by the operator."""
    park = operated_park(people["operator"], name="长春人力资源服务产业园")
    for index in range(16):
        EnterpriseFactory(park=park, business_formats=[REQUIRED_FORMATS[index % 8]])
    return park


@pytest.fixture
def draft(park, people):
    """A designation application of `park` with every required material uploaded."""
    application = services.start_application(park=park, park_type=park.park_type, actor=people["operator"])
    upload_required_materials(application, people["operator"])
    return application
