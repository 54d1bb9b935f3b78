import pytest
from django.core.cache import caches
from django.utils import translation


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Cached years outlive a test's rolled-back transaction: start and end every test without them."""
    caches["local"].clear()
    with translation.override("zh-hans"):
        yield
    caches["local"].clear()
