"""分园区: the city bureau of a designated park asks, the province approves (the site is added) or refuses;
the branch-park limit and total floor area are checked on the dossier with the new site."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hrparks.applications import services
from hrparks.applications.tests.factories import operated_park
from hrparks.core.refusals import Refusal, refusal_code
from hrparks.parks.models import Site
from hrparks.parks.tests.factories import SiteFactory


@pytest.fixture
def designated(users):
    """A designated park in 长春市 with its 6,000 m² main site."""
    return operated_park(users["operator"], status="designated", designated_name="长春市省级人力资源服务产业园")


def request(park, users, area=5000.0, name="新区分园"):
    return services.request_branch_park(
        park=park,
        name=name,
        address="新区大道9号",
        floor_area_m2=area,
        reasons="就近服务新区企业",
        actor=users["city_bureau"],
    )


def decide(application, users, name, **data):
    return services.perform_transition(
        application, name, actor=users["provincial"], expected_state="branch_requested", data=data
    )


def test_approved_branch_park_becomes_a_site_of_the_park(designated, users):
    application = request(designated, users)
    statuses = {c["id"]: c["status"] for c in application.branch_proposal.check_report["criteria"]}
    assert statuses == {"floor_area": "pass", "branch_parks": "pass"}  # 6,000 + 5,000 ≥ 10,000; 1 branch
    decide(application, users, "approve_branch", comment="同意增设")
    site = Site.objects.get(park=designated, is_main=False)
    assert (site.name, site.floor_area_m2) == ("新区分园", 5000.0)
    application.refresh_from_db()
    assert application.state == "branch_approved" and application.branch_proposal.site == site


def test_total_floor_area_below_the_minimum_needs_a_written_reason(designated, users):
    # 第五条 "原则上应符合以下条件": the floor area of 第五条（二） holds in principle too.
    application = request(designated, users, area=3999.0)  # 9,999 m² in total
    with pytest.raises(ValidationError, match="第五条（二）") as refused:
        decide(application, users, "approve_branch")
    assert refusal_code(refused.value) == Refusal.REASON_REQUIRED
    assert not Site.objects.filter(park=designated, is_main=False).exists()
    decide(application, users, "approve_branch", waiver_reason="省重点项目，主园区即将扩建")
    application.refresh_from_db()
    assert application.state == "branch_approved"
    assert Site.objects.filter(park=designated, is_main=False, floor_area_m2=3999.0).exists()


def test_a_fourth_branch_park_is_flagged_and_needs_a_reason(designated, users):
    for index in range(3):
        SiteFactory(park=designated, name=f"分园{index}", is_main=False, floor_area_m2=3000)
    application = request(designated, users)
    fourth = next(c for c in application.branch_proposal.check_report["criteria"] if c["id"] == "branch_parks")
    assert fourth["status"] == "fail" and fourth["in_principle"]
    with pytest.raises(ValidationError) as refused:
        decide(application, users, "approve_branch")
    assert "waiver_reason" in refused.value.message_dict
    decide(application, users, "approve_branch", waiver_reason="省委重点项目配套")
    assert application.events.get(action="approve_branch").data["waiver_reason"] == "省委重点项目配套"


def test_only_a_designated_park_and_only_its_own_city_bureau(users, designated):
    not_designated = operated_park(users["operator"])
    with pytest.raises(ValidationError, match="已认定"):
        request(not_designated, users)
    with pytest.raises(PermissionDenied):
        services.request_branch_park(
            park=designated, name="x", address="x", floor_area_m2=1.0, reasons="x", actor=users["other_city_bureau"]
        )
    with pytest.raises(PermissionDenied):
        services.request_branch_park(
            park=designated, name="x", address="x", floor_area_m2=1.0, reasons="x", actor=users["operator"]
        )


def test_branch_request_page_offers_designated_parks_and_shows_the_check(designated, users, client):
    operated_park(users["operator"])  # not designated: not offered
    client.force_login(users["city_bureau"])
    form = client.get(reverse("applications:branch_request")).context["form"]
    assert list(form.fields["park"].queryset) == [designated]
    response = client.post(
        reverse("applications:branch_request"),
        {
            "park": designated.pk,
            "name": "新区分园",
            "address": "新区大道9号",
            "floor_area_m2": "3000",
            "reasons": "扩容",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "9,000" in page.content.decode() or "9000" in page.content.decode()
    client.force_login(users["provincial"])
    queue = client.get(reverse("applications:queue"))
    assert [row[0].kind for row in queue.context["rows"]] == ["branch_park"]
