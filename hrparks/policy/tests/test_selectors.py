"""The database's part of eligibility: 第四条 looks at the other parks of the city; waivers come from the application."""

import pytest

from hrparks.applications.workflow import OPEN_STATES
from hrparks.parks.models import Park
from hrparks.parks.tests.factories import EnterpriseFactory, ParkFactory, SiteFactory, eligible_park
from hrparks.policy.models import Waiver
from hrparks.policy.selectors import dossier_context, park_eligibility, rival_comprehensive_parks

from .helpers import application_of, dossier_with, result_of

AN_OPEN_STATE = sorted(OPEN_STATES)[0]


def test_designated_and_rectifying_comprehensive_parks_count(changchun):
    ParkFactory(name="甲园", jurisdiction=changchun, status=Park.Status.DESIGNATED)
    ParkFactory(name="乙园", jurisdiction=changchun, status=Park.Status.UNDER_RECTIFICATION)
    ParkFactory(name="丙园", jurisdiction=changchun, status=Park.Status.REVOKED)
    ParkFactory(name="丁园", jurisdiction=changchun, status=Park.Status.NOT_DESIGNATED)
    ParkFactory(name="专业园", jurisdiction=changchun, status=Park.Status.DESIGNATED, park_type="specialized")
    assert rival_comprehensive_parks("长春市") == ("乙园", "甲园")


def test_parks_of_another_city_do_not_count(jilin_city):
    ParkFactory(name="吉林市园", jurisdiction=jilin_city, status=Park.Status.DESIGNATED)
    assert rival_comprehensive_parks("长春市") == ()


def test_an_open_application_counts_a_closed_one_does_not(changchun, users):
    applying = ParkFactory(name="申报中园", jurisdiction=changchun)
    application_of(applying, created_by=users["operator"], state=AN_OPEN_STATE)
    refused = ParkFactory(name="未通过园", jurisdiction=changchun)
    application_of(refused, created_by=users["operator"], state="refused")
    as_specialized = ParkFactory(name="按专业性申报园", jurisdiction=changchun)
    application_of(as_specialized, created_by=users["operator"], state=AN_OPEN_STATE, park_type="specialized")
    assert rival_comprehensive_parks("长春市") == ("申报中园",)


def test_a_dossier_from_outside_is_recognised_by_name(changchun):
    ParkFactory(name="示例人力资源服务产业园", jurisdiction=changchun, status=Park.Status.DESIGNATED)
    assert dossier_context(dossier_with()).rival_comprehensive_parks == ()
    ParkFactory(name="另一产业园", jurisdiction=changchun, status=Park.Status.DESIGNATED)
    assert dossier_context(dossier_with()).rival_comprehensive_parks == ("另一产业园",)


@pytest.fixture
def park(changchun):
    return eligible_park(jurisdiction=changchun)


def test_park_eligibility_checks_the_parks_own_records(park):
    report = park_eligibility(park)
    assert report.policy.id == "jilin-2022"
    assert {r.status for r in report.results} == {"pass", "review"}


def test_park_eligibility_sees_the_other_parks_of_its_city(park, changchun):
    ParkFactory(name="长春已认定园", jurisdiction=changchun, status=Park.Status.DESIGNATED)
    result = result_of(park_eligibility(park), "comprehensive_per_city")
    assert (result.status, result.detail) == ("fail", "长春市已有已认定或在申报的综合性园区：长春已认定园")


def test_park_eligibility_uses_the_applications_type_and_waivers(park, changchun, users):
    ParkFactory(name="长春已认定园", jurisdiction=changchun, status=Park.Status.DESIGNATED)
    SiteFactory(park=park, is_main=False, floor_area_m2=5000)  # total 11,000 m² over two sites
    for _ in range(3):
        SiteFactory(park=park, is_main=False, floor_area_m2=1000)
    EnterpriseFactory(park=park, status="signed")
    application = application_of(park, created_by=users["operator"])
    Waiver.objects.create(
        application=application, criterion_id="branch_parks", reason="园区布局需要", waived_by=users["provincial"]
    )
    report = park_eligibility(park, application)
    assert result_of(report, "branch_parks").status == "waived"
    assert result_of(report, "branch_parks").waiver_reason == "园区布局需要"
    assert result_of(report, "comprehensive_per_city").status == "fail"
    # The same park applying as a specialized park is not limited by 第四条.
    application.park_type = "specialized"
    assert result_of(park_eligibility(park, application), "comprehensive_per_city").status == "pass"


def test_revoked_waivers_do_not_count(park, users):
    from django.utils import timezone

    application = application_of(park, created_by=users["operator"])
    Waiver.objects.create(
        application=application,
        criterion_id="location",
        reason="r",
        waived_by=users["provincial"],
        revoked_at=timezone.now(),
    )
    park.location_kind = "other"
    park.save()
    assert result_of(park_eligibility(park, application), "location").status == "fail"
