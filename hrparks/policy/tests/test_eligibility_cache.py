"""The eligibility report is cached per park data version: a repeated view does not rebuild the dossier,
and no change of anything the report depends on ever shows the report from before it."""

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hrparks.parks import services as park_services
from hrparks.parks.models import Park, Site
from hrparks.parks.tests.factories import ParkFactory, eligible_dossier, eligible_park
from hrparks.policy import services as policy_services
from hrparks.policy.selectors import REPORT_CACHE, park_eligibility

from .helpers import application_of, enterprise, result_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def park(changchun):
    return eligible_park(jurisdiction=changchun)


def from_scratch(park: Park, application=None) -> dict:
    caches[REPORT_CACHE].clear()
    return park_eligibility(park, application).as_dict()


def roster_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "parks_enterprise" in q["sql"]]


def test_a_repeated_report_does_not_read_the_roster_again(park):
    first = park_eligibility(park)
    with CaptureQueriesContext(connection) as captured:
        again = park_eligibility(park)
    assert roster_queries(captured) == []
    assert again.as_dict() == first.as_dict()
    assert again.results[0].criterion.text == first.results[0].criterion.text  # the policy's texts come with it


def move_an_enterprise_out(park):
    moved = park.enterprises.first()
    moved.status = "signed"
    park_services.save_enterprise(moved)


def remove_an_enterprise(park):
    park_services.delete_record(park.enterprises.last())


def shrink_the_main_site(park):
    site = park.sites.get()
    site.floor_area_m2 = 3999.5
    park_services.save_site(site)


def dismiss_the_staff(park):
    park.staff_count = 0
    park_services.update_park(park)


def import_a_smaller_roster(park):
    # A bulk write (no model signals): the import's own audit entries move the version.
    park_services.import_dossier(
        eligible_dossier(name=park.name, enterprises=[enterprise(i) for i in range(3)]), park=park
    )


@pytest.mark.parametrize(
    ("change", "criterion_id"),
    [
        (move_an_enterprise_out, "operating_agencies"),
        (remove_an_enterprise, "operating_agencies"),
        (shrink_the_main_site, "floor_area"),
        (dismiss_the_staff, "management_body"),
        (import_a_smaller_roster, "operating_agencies"),
    ],
)
def test_a_change_of_the_parks_data_shows_at_once(park, change, criterion_id):
    before = park_eligibility(park)
    change(park)
    after = park_eligibility(Park.objects.get(pk=park.pk))
    assert result_of(after, criterion_id).detail != result_of(before, criterion_id).detail
    assert after.as_dict() == from_scratch(park)


def test_a_park_designated_in_the_same_city_counts_at_once(park, changchun):
    assert result_of(park_eligibility(park), "comprehensive_per_city").status == "pass"
    ParkFactory(name="长春已认定园", jurisdiction=changchun, status=Park.Status.DESIGNATED)
    assert result_of(park_eligibility(park), "comprehensive_per_city").status == "fail"


def test_waiving_and_restoring_a_rule_shows_at_once(park, users):
    for index in range(4):  # one branch park more than 第五条（二） allows
        park_services.save_site(Site(park=park, name=f"分园{index}", address="示例路2号（虚构地址）", floor_area_m2=10))
    application = application_of(park, created_by=users["operator"])
    assert result_of(park_eligibility(park, application), "branch_parks").status == "fail"
    waiver = policy_services.waive_criterion(
        application=application, criterion_id="branch_parks", reason="园区布局需要", user=users["provincial"]
    )
    assert result_of(park_eligibility(park, application), "branch_parks").status == "waived"
    policy_services.revoke_waiver(waiver=waiver, reason="情况变化", user=users["provincial"])
    assert result_of(park_eligibility(park, application), "branch_parks").status == "fail"


def test_the_report_speaks_the_language_of_the_page(park):
    assert result_of(park_eligibility(park), "branch_parks").detail == "分园区 0 个 ≤ 3 个"
    with translation.override("en"):
        assert result_of(park_eligibility(park), "branch_parks").detail == "branch parks: 0 ≤ 3"


def test_a_report_of_a_change_that_was_rolled_back_is_forgotten_with_it(park):
    """The report is cached in the caller's transaction: had it outlived a rollback, the next change,
    which takes the same audit numbers, would find it."""
    with pytest.raises(RuntimeError), transaction.atomic():
        shrink_the_main_site(park)
        assert result_of(park_eligibility(park), "floor_area").status == "fail"
        raise RuntimeError("the import fails later")
    dismiss_the_staff(park)
    report = park_eligibility(Park.objects.get(pk=park.pk))
    assert result_of(report, "floor_area").status == "pass"
    assert result_of(report, "management_body").status == "fail"


def test_the_park_page_shows_the_report_of_its_current_data(client, users, park):
    client.force_login(users["city_bureau"])
    url = reverse("parks:detail", args=[park.pk])
    assert "6,000 m² ≥ 4,000 m²" in client.get(url).content.decode()
    shrink_the_main_site(park)
    page = client.get(url).content.decode()
    assert "3,999.5 m² &lt; 4,000 m²" in page
    assert "6,000 m²" not in page
