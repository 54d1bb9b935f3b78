"""open_due_rounds under a policy in force that is not Jilin's: rounds for its own province, or none."""

import datetime

import pytest

from hrparks.evaluations.models import EvaluationRound
from hrparks.evaluations.services import open_due_rounds
from hrparks.policy.tests.test_registry import jilin_data, write

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 12, 1)  # after the anniversary of 2022's measures in force: a self-evaluation is due


def in_force(settings, tmp_path, code: str) -> None:
    data = jilin_data()
    data["jurisdiction_code"] = code
    settings.DEFAULT_POLICY_ID = str(write(tmp_path, data))


@pytest.mark.parametrize("code", ["350000", "350200"])
def test_rounds_open_for_the_policys_own_province(settings, tmp_path, code):
    in_force(settings, tmp_path, code)
    opened = open_due_rounds(DUE)
    assert opened and {r.province.name for r in opened} == {"福建省"}
    assert not EvaluationRound.objects.filter(province__code="220000").exists()


def test_a_policy_of_an_unknown_area_opens_nothing(settings, tmp_path, caplog):
    in_force(settings, tmp_path, "990000")
    assert open_due_rounds(DUE) == []
    assert "990000" in caplog.text
    assert not EvaluationRound.objects.exists()
