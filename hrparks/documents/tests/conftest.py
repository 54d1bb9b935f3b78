import datetime

import pytest
from django.db import connection, transaction

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.applications.tests.factories import ApplicationFactory, material_of
from hrparks.parks import codes
from hrparks.parks.models import Jurisdiction, SupportPolicy
from hrparks.parks.tests.factories import EnterpriseFactory, ParkFactory, SiteFactory, make_uscc
from hrparks.policy.registry import get_policy

SUBMITTED = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=datetime.UTC)


def documented_park(**overrides):
    """A park with every field of the application form filled in: two sites, sixteen resident operating
    agencies covering the eight formats, one signed enterprise and a support policy."""
    fields = {
        "name": "示例人力资源服务产业园",
        "jurisdiction": Jurisdiction.objects.get(name="长春市"),
        "management_body_name": "示例园区运营有限公司",
        "staff_count": 12,
        "description": "示例园区简介（虚构）。",
        "contact_person": "张三",
        "contact_phone": "0431-00000000",
        "contact_email": "park@example.com",
    }
    park = ParkFactory(**(fields | overrides))
    SiteFactory(park=park, name="主园区大楼", address="示例大街1号（虚构）", floor_area_m2=6000, usable_area_m2=5200)
    SiteFactory(park=park, name="北区分园", address="示例大街9号（虚构）", floor_area_m2=5000.5, is_main=False)
    formats = codes.BusinessFormat.values[:8]
    for index in range(16):
        EnterpriseFactory(
            park=park,
            name=f"示例人力资源服务有限公司{index + 1:02d}",
            uscc=make_uscc(1000 + index),
            business_formats=[formats[index % 8]],
            headquartered_locally=index < 10,
            revenue_last_year_cny=1_250_000 if index == 0 else None,
            sort_order=index,
        )
    EnterpriseFactory(
        park=park,
        name="示例签约企业",
        uscc=make_uscc(2000),
        status=codes.EnterpriseStatus.SIGNED,
        hr_service_agency=False,
        operating=False,
        business_formats=[],
        sort_order=99,
    )
    SupportPolicy.objects.create(
        park=park,
        title="关于支持人力资源服务产业园发展的若干措施（示例）",
        issuer="长春市人力资源和社会保障局",
        document_number="长人社发〔2025〕1号",
        issued_on=datetime.date(2025, 3, 1),
    )
    return park


def submitted_application(park, operator=None):
    operator = operator or UserFactory(role=Role.PARK_OPERATOR, jurisdiction=park.jurisdiction)
    application = ApplicationFactory(park=park, state="submitted", created_by=operator, submitted_at=SUBMITTED)
    # Submitted means every required material uploaded (第六条（一）): the report counts the uploads.
    for material in get_policy(application.policy_id).required_materials:
        material_of(application, code=material.code, uploaded_by=operator)
    return application


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """A database for a module-scoped fixture: what it builds is rolled back when the module ends. The module
    must be marked django_db, or pytest-django sets up no test database."""
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert name.startswith(("test_", "file:memorydb")), f"not a test database: {name}"
        with transaction.atomic():
            yield
            transaction.set_rollback(True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
