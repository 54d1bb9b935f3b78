"""Fixtures shared by every app's tests: the Jilin jurisdictions (loaded by migration) and one user per role."""

import pytest

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.parks.models import Jurisdiction


@pytest.fixture
def province(db):
    return Jurisdiction.objects.get(name="吉林省")


@pytest.fixture
def changchun(db):
    return Jurisdiction.objects.get(name="长春市")


@pytest.fixture
def jilin_city(db):
    return Jurisdiction.objects.get(name="吉林市")


@pytest.fixture
def users(db, province, changchun, jilin_city):
    """One user per role in 长春市 (operators get their park later), plus a city bureau user of 吉林市."""
    return {
        "operator": UserFactory(username="operator", role=Role.PARK_OPERATOR, jurisdiction=changchun),
        "city_bureau": UserFactory(username="cc_bureau", role=Role.CITY_BUREAU, jurisdiction=changchun),
        "city_government": UserFactory(username="cc_gov", role=Role.CITY_GOVERNMENT, jurisdiction=changchun),
        "provincial": UserFactory(username="province", role=Role.PROVINCIAL_BUREAU, jurisdiction=province),
        "expert": UserFactory(username="expert", role=Role.EXPERT, jurisdiction=jilin_city),
        "sysadmin": UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True),
        "other_city_bureau": UserFactory(username="jl_bureau", role=Role.CITY_BUREAU, jurisdiction=jilin_city),
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing with the production hasher would make every test user cost ~0.3 s."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Uploaded and generated files of a test go to its own folder, never into the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
