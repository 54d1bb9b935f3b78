import pytest
from django.utils import translation

from hrparks.policy.registry import get_policy


@pytest.fixture(autouse=True)
def _chinese():
    """Details are asserted in Chinese, the platform's default language."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def jilin():
    return get_policy("jilin-2022")


@pytest.fixture
def example_policy():
    return get_policy("example-other-province")
