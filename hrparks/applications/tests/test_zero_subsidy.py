"""A policy that pays no subsidy (subsidy_amount_cny: 0): the designation goes through without a grant."""

import datetime
import shutil

import pytest

from hrparks.applications.models import Subsidy
from hrparks.applications.tests import journey
from hrparks.applications.tests.test_journey import at, publish
from hrparks.parks.models import Park


@pytest.fixture
def unpaid_policy(settings, tmp_path):
    """The policy directory with jilin-2022 paying nothing."""
    shutil.copytree(settings.POLICY_DIR, tmp_path / "policies")
    path = tmp_path / "policies" / "jilin-2022.yaml"
    text = path.read_text(encoding="utf-8")
    assert "subsidy_amount_cny: 1000000" in text
    path.write_text(text.replace("subsidy_amount_cny: 1000000", "subsidy_amount_cny: 0"), encoding="utf-8")
    settings.POLICY_DIR = tmp_path / "policies"


def test_a_designation_under_a_policy_without_subsidy_creates_no_grant(unpaid_policy, draft, people):
    with at(datetime.date(2026, 1, 20)):
        journey.to_shortlisted(draft, people)
    publish(draft, people, datetime.date(2026, 2, 12))
    with at(datetime.date(2026, 2, 27)):
        journey.designate(draft, people, on=datetime.date(2026, 2, 27))
    draft.refresh_from_db()
    assert draft.state == "designated"
    assert Park.objects.get(pk=draft.park_id).status == Park.Status.DESIGNATED
    assert not Subsidy.objects.filter(park_id=draft.park_id).exists()
