import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A request in English leaves English active in the thread; the tests after these expect the default."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
