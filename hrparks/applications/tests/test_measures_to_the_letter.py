"""The procedure as 第四条–第六条 say it (issue 12): the "原则上" conditions and their waivers, the site
visit, each body's "no", the one-off grant, the waiting time after a refusal, the designated name."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hrparks.applications import services
from hrparks.applications.models import Application, Subsidy
from hrparks.applications.tests import journey
from hrparks.applications.tests.factories import application_in, operated_park
from hrparks.applications.tests.test_journey import at, publish
from hrparks.core.refusals import Refusal, refusal_code, refusal_criteria
from hrparks.documents.contexts import approval_context, refusal_context
from hrparks.parks.models import Jurisdiction, Park
from hrparks.policy import services as policy_services
from hrparks.policy.registry import get_policy
from hrparks.policy.selectors import park_eligibility

EVALUATED = datetime.date(2026, 1, 20)


def refused(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def evaluated(application, people):
    """Submitted, recommended, forwarded, under evaluation with every review in."""
    with at(EVALUATED):
        journey.submit(application, people)
        journey.recommend(application, people)
        journey.forward(application, people)
        journey.open_evaluation(application, people)
        journey.review_all(application, people)
    application.refresh_from_db()
    return application


@pytest.fixture
def small_draft(park, people):
    """A draft of a comprehensive park whose one site has 3,999 m²: 第五条（二） fails."""
    park.sites.update(floor_area_m2=3999)
    application = services.start_application(park=park, park_type="comprehensive", actor=people["operator"])
    journey.upload_required_materials(application, people["operator"])
    return application


# --- 第五条 "原则上应符合以下条件": a failing condition stands in the way until it is waived with a reason ----------


def test_a_failing_condition_blocks_the_recommendation_list_until_waived_with_a_reason(small_draft, people):
    application = evaluated(small_draft, people)
    with at(EVALUATED):
        journey.site_visit(application, people, on=EVALUATED)
        error = refused(journey.shortlist, application, people)
        assert refusal_code(error) == Refusal.NOT_ELIGIBLE
        assert refusal_criteria(error) == ["floor_area"]
        assert "第五条（二）" in error.messages[0]
        application.refresh_from_db()
        assert application.state == "evaluating"

        no_reason = refused(
            policy_services.waive_criterion,
            application=application,
            criterion_id="floor_area",
            reason="  ",
            user=people["provincial"],
        )
        assert refusal_code(no_reason) == Refusal.REASON_REQUIRED
        policy_services.waive_criterion(
            application=application,
            criterion_id="floor_area",
            reason="老工业基地改造项目，扩建已立项",
            user=people["provincial"],
        )
        journey.shortlist(application, people)
    application.refresh_from_db()
    assert application.state == "shortlisted"


def test_a_revoked_waiver_blocks_the_designation_and_the_approval_prints_the_waiver(small_draft, people):
    application = evaluated(small_draft, people)
    provincial = people["provincial"]
    with at(EVALUATED):
        waiver = policy_services.waive_criterion(
            application=application, criterion_id="floor_area", reason="扩建已立项", user=provincial
        )
        journey.shortlist(application, people)
    publish(application, people, datetime.date(2026, 2, 2))
    notice_end = application.public_notices.get().end_date
    after = notice_end + datetime.timedelta(days=1)
    with at(after):
        policy_services.revoke_waiver(waiver=waiver, reason="扩建项目已取消", user=provincial)
        error = refused(journey.designate, application, people, on=after)
        assert (refusal_code(error), refusal_criteria(error)) == (Refusal.NOT_ELIGIBLE, ["floor_area"])
        policy_services.waive_criterion(
            application=application, criterion_id="floor_area", reason="扩建项目重新立项", user=provincial
        )
        journey.designate(application, people, on=after)
    application.refresh_from_db()
    assert application.state == "designated"
    assert approval_context(application)["waivers"] == [
        {
            "criterion": "floor_area",
            "article": "第五条（二）",
            "text": get_policy().criterion("floor_area").text_zh,
            "reason": "扩建项目重新立项",
        }
    ]


def test_review_criteria_are_settled_by_passing_the_evaluation(draft, people):
    # 第五条（一）'s report content and 第五条（七） are judged by the experts: they never block the list.
    application = evaluated(draft, people)
    statuses = {r.id: r.status for r in park_eligibility(application.park, application).results}
    assert (statuses["planning_report"], statuses["social_benefit"]) == ("review", "review")
    with at(EVALUATED):
        journey.shortlist(application, people)
    application.refresh_from_db()
    assert application.state == "shortlisted"


def test_the_materials_check_counts_uploads_not_the_park_profile(park, people):
    park.declared_materials = [m.code for m in get_policy().required_materials]
    park.save()
    application = services.start_application(park=park, park_type="comprehensive", actor=people["operator"])
    materials = next(r for r in park_eligibility(park, application).results if r.id == "materials")
    assert materials.status == "fail" and "申报请示" in materials.finding
    journey.upload_required_materials(application, people["operator"])
    materials = next(r for r in park_eligibility(park, application).results if r.id == "materials")
    assert materials.status == "pass"


# --- 实地评估 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("step", [journey.shortlist, journey.not_pass])
def test_the_evaluation_cannot_conclude_without_the_site_visit(draft, people, step):
    application = evaluated(draft, people)
    with at(EVALUATED):
        error = refused(
            services.perform_transition,
            application,
            step.__name__,
            actor=people["provincial"],
            expected_state="evaluating",
            data={"evaluation_opinion": "意见", "rectification": "整改", **journey.GUIDANCE},
        )
        assert refusal_code(error) == Refusal.SITE_VISIT_MISSING
        journey.site_visit(application, people, on=EVALUATED)
        step(application, people)


@pytest.mark.parametrize(
    ("participants", "code"),
    [
        ([], Refusal.REASON_REQUIRED),
        ([{"name": "王敏", "unit": ""}], Refusal.INVALID),
        ([{"unit": "吉林大学"}], Refusal.INVALID),
    ],
)
def test_every_participant_has_a_name_and_a_unit(draft, people, participants, code):
    application = evaluated(draft, people)
    error = refused(
        services.record_site_visit,
        application,
        visited_on=EVALUATED,
        participants=participants,
        findings="一致",
        actor=people["provincial"],
        today=EVALUATED,
    )
    assert refusal_code(error) == code and "participants" in error.message_dict


# --- 第六条（二）: the city bureau and the city government may say no; the province may return --------------


def test_the_city_bureau_may_decline_and_the_park_may_apply_again_at_once(draft, people):
    journey.submit(draft, people)
    no_reason = refused(journey.step, draft, "decline_recommend", people["city_bureau"], reasons=" ")
    assert refusal_code(no_reason) == Refusal.REASON_REQUIRED
    journey.step(draft, "decline_recommend", people["city_bureau"], reasons="入驻机构数量不足")
    draft.refresh_from_db()
    assert draft.state == "not_recommended"
    assert draft.events.get(action="decline_recommend").comment == "入驻机构数量不足"
    again = services.start_application(park=draft.park, park_type="comprehensive", actor=people["operator"])
    assert again.state == "draft"


def test_the_city_government_may_decline_to_forward(draft, people):
    journey.submit(draft, people)
    journey.recommend(draft, people)
    journey.step(draft, "decline_forward", people["city_government"], reasons="与本市产业布局不符")
    draft.refresh_from_db()
    assert draft.state == "not_forwarded"
    assert not draft.workflow.transitions_from("not_forwarded")


def test_the_city_government_forwards_with_its_own_letter(draft, people):
    journey.submit(draft, people)
    journey.recommend(draft, people)
    with at(datetime.date(2026, 1, 5)):
        error = refused(
            journey.step,
            draft,
            "forward",
            people["city_government"],
            document_number="长府函〔2026〕1号",
            document_date=datetime.date(2026, 1, 5),
        )
        assert refusal_code(error) == Refusal.REASON_REQUIRED and "city_letter" in error.message_dict
        journey.forward(draft, people)
    letter = draft.materials.get(code=services.CITY_LETTER_CODE)
    assert letter.original_name == "市政府申请函.pdf" and letter.uploaded_by == people["city_government"]
    assert draft.events.get(action="forward").material == letter


def test_the_province_returns_an_incomplete_submission_to_the_city(draft, people):
    journey.submit(draft, people)
    journey.recommend(draft, people)
    with at(datetime.date(2026, 1, 5)):
        journey.forward(draft, people)
    journey.step(draft, "return_to_city", people["provincial"], reasons="缺市政府申请函附件")
    draft.refresh_from_db()
    assert draft.state == "submitted"
    journey.recommend(draft, people)
    with at(datetime.date(2026, 1, 6)):
        journey.forward(draft, people, on=datetime.date(2026, 1, 6))
    draft.refresh_from_db()
    assert draft.state == "forwarded" and draft.materials.filter(code=services.CITY_LETTER_CODE).count() == 2


# --- Who may apply; the one-off grant -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "code"),
    [("designated", Refusal.ALREADY_DESIGNATED), ("under_rectification", Refusal.UNDER_RECTIFICATION)],
)
def test_a_designated_park_or_one_under_rectification_cannot_apply(park, people, status, code):
    Park.objects.filter(pk=park.pk).update(status=status)
    park.refresh_from_db()
    error = refused(services.start_application, park=park, park_type="comprehensive", actor=people["operator"])
    assert refusal_code(error) == code
    assert not Application.objects.filter(park=park).exists()


def test_an_open_application_is_refused_with_its_code(draft, people):
    error = refused(services.start_application, park=draft.park, park_type="comprehensive", actor=people["operator"])
    assert refusal_code(error) == Refusal.OPEN_APPLICATION


def test_a_park_granted_once_is_never_granted_again(park, people):
    with at(datetime.date(2026, 1, 5)):
        first = services.start_application(park=park, park_type="comprehensive", actor=people["operator"])
        journey.upload_required_materials(first, people["operator"])
    first = evaluated(first, people)
    with at(EVALUATED):
        journey.shortlist(first, people)
    publish(first, people, datetime.date(2026, 2, 2))
    with at(datetime.date(2026, 2, 10)):
        journey.designate(first, people, on=datetime.date(2026, 2, 10))
    # Revoked later (第十四条), the park applies anew and passes again: no second grant.
    Park.objects.filter(pk=park.pk).update(status=Park.Status.REVOKED)
    park.refresh_from_db()
    with at(datetime.date(2026, 6, 1)):
        second = services.start_application(park=park, park_type="comprehensive", actor=people["operator"])
        journey.upload_required_materials(second, people["operator"])
        for name in ("submit", "recommend"):
            getattr(journey, name)(second, people)
        journey.forward(second, people, on=datetime.date(2026, 6, 1))
        journey.open_evaluation(second, people)
        journey.review_all(second, people)
        journey.site_visit(second, people, on=datetime.date(2026, 6, 1))
        journey.shortlist(second, people)
    publish(second, people, datetime.date(2026, 6, 2))
    with at(datetime.date(2026, 6, 15)):
        error = refused(journey.designate, second, people, on=datetime.date(2026, 6, 15))
    assert refusal_code(error) == Refusal.GRANT_EXISTS
    assert Subsidy.objects.filter(park=park).count() == 1


def test_the_database_keeps_one_grant_per_park(users):
    subsidy = application_in("designated", users["operator"]).subsidy
    other = application_in("submitted", users["operator"], park=None)
    with pytest.raises(IntegrityError):
        Subsidy.objects.create(application=other, park=subsidy.park, policy_id="jilin-2022", amount=Decimal(1))


# --- 第六条（四）: refusal and re-application --------------------------------------------------------------


def test_the_wait_is_counted_from_the_decision_and_the_letter_prints_the_same_day(draft, people):
    application = evaluated(draft, people)
    decided = datetime.date(2026, 8, 31)
    with at(decided):
        journey.site_visit(application, people, on=decided)
        journey.not_pass(application, people)
    application.refresh_from_db()
    expected = datetime.date(2026, 11, 30)  # 31 August + 3 months: the month's last day
    assert application.reapply_from == services.reapply_from(decided, get_policy()) == expected
    assert refusal_context(application)["reapply_from"] == expected
    with at(expected - datetime.timedelta(days=1)):
        error = refused(
            services.start_application, park=draft.park, park_type="comprehensive", actor=people["operator"]
        )
    assert refusal_code(error) == Refusal.REAPPLY_WAIT and "2026-11-30" in error.messages[0]
    with at(expected):
        services.start_application(park=draft.park, park_type="comprehensive", actor=people["operator"])


# --- The designated name ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("city", "park_type", "name"),
    [
        ("长春市", "comprehensive", "长春市省级人力资源服务产业园"),
        ("延边朝鲜族自治州", "comprehensive", "延边朝鲜族自治州省级人力资源服务产业园"),
        ("长白山管委会", "comprehensive", "长白山省级人力资源服务产业园"),
        ("梅河口市", "comprehensive", "梅河口市省级人力资源服务产业园"),
        ("长春市", "specialized", "长春市省级人力资源服务产业园（专业性：汽车产业人才园）"),
    ],
)
def test_the_designated_name_follows_the_measures_for_every_jurisdiction(users, city, park_type, name):
    park = operated_park(users["operator"], jurisdiction=Jurisdiction.objects.get(name=city), name="汽车产业人才园")
    assert services.designated_name_for(park, park_type=park_type) == name


# --- 第六条（四）: the grant's uses ------------------------------------------------------------------------


def test_another_use_of_the_grant_must_be_described(users):
    subsidy = application_in("designated", users["operator"]).subsidy
    paid = datetime.date(2026, 3, 2)
    services.record_disbursement(subsidy, amount=Decimal("1000"), paid_on=paid, actor=users["provincial"])
    spend = {"use": "other", "amount": Decimal("100"), "spent_on": paid, "actor": users["operator"]}
    error = refused(services.record_spending, subsidy, description=" ", **spend)
    assert refusal_code(error) == Refusal.REASON_REQUIRED and "description" in error.message_dict
    services.record_spending(subsidy, description="园区人才公寓配套改造", **spend)
    error = refused(services.record_spending, subsidy, description="x", **{**spend, "use": "banquet"})
    assert refusal_code(error) == Refusal.INVALID


# --- The refusal code on the page and in the API ------------------------------------------------------


def test_a_refusal_shows_its_code_on_the_page_after_a_redirect(draft, people, client):
    journey.submit(draft, people)
    client.force_login(people["operator"])
    url = reverse("applications:material_upload", kwargs={"pk": draft.pk})
    response = client.post(url, {"code": "enterprise_list", "file": journey.pdf("名录.pdf")}, follow=True)
    assert 'data-refusal-code="wrong_state"' in response.content.decode()


def test_a_refusal_gives_its_code_in_the_api(park, people):
    application = services.start_application(park=park, park_type="comprehensive", actor=people["operator"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=people['operator'])[0].key}")
    response = api.post(
        reverse("api:application-submit", args=[application.pk]), {"expected_state": "draft"}, format="json"
    )
    assert response.status_code == 400
    assert {error["code"] for error in response.json()["errors"]} == {"materials_incomplete"}
