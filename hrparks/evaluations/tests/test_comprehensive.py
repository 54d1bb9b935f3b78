"""The comprehensive result (第十三条: 自评 + 集中考评), its outcome in any year (第十四条: 当年不合格 →
限期整改), the first full year of a park designated during a cycle, the park lifecycle table and the
refusal codes of the evaluation services."""

import datetime
from decimal import Decimal
from itertools import product
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hrparks.core.refusals import Refusal, refusal_code
from hrparks.evaluations import services
from hrparks.evaluations.lifecycle import ALLOWED_CHANGES, change_park_status
from hrparks.evaluations.models import (
    ComprehensiveResult,
    ExpertSeat,
    Grade,
    ParkAssessment,
    ParkStatusChange,
    Rectification,
    RoundKind,
    SelfEvaluation,
)
from hrparks.evaluations.schedule import kinds_due
from hrparks.evaluations.scoring import grade_points
from hrparks.parks.models import Park
from hrparks.parks.tests.factories import ParkFactory
from hrparks.policy.registry import get_policy, load_policy_file

from .factories import designate, make_round

SHANGHAI = ZoneInfo("Asia/Shanghai")
Status = Park.Status
FIGURES = {
    "resident_agencies": 10,
    "revenue_cny": Decimal("1000000.00"),
    "people_served": 100,
    "jobs_created": 10,
    "events_held": 2,
    "support_funds_paid_cny": Decimal("0.00"),
}


def refused(call) -> str:
    with pytest.raises((ValidationError, PermissionDenied)) as caught:
        call()
    return refusal_code(caught.value)


def submitted(users, park, year, grade) -> SelfEvaluation:
    """The city's self-evaluation of `year`, proposing `grade`, submitted to the province."""
    evaluation_round = make_round(park.jurisdiction.province, RoundKind.SELF, year=year)
    evaluation = SelfEvaluation.objects.create(round=evaluation_round, park=park, due_date=evaluation_round.due_date)
    items = {item.code: "情况说明" for item in get_policy().evaluation.content_items}
    services.save_self_evaluation(
        evaluation,
        values={**FIGURES, "item_reports": items, "proposed_grade": grade},
        actor=users["city_bureau"],
    )
    return services.submit_self_evaluation(evaluation, actor=users["city_bureau"])


@pytest.fixture
def park(changchun):
    park = ParkFactory(jurisdiction=changchun)
    designate(park)
    return park


# --- a year without a centralized evaluation ----------------------------------------------------------


def test_2026_has_no_centralized_evaluation_under_jilin():
    # In force 2022-11-21, centralized every third year: 2025, 2028. 2026 is a self-evaluation year.
    assert get_policy().evaluation.centralized_interval_years == 3
    assert kinds_due(get_policy(), 2026) == [RoundKind.SELF]


def test_a_confirmed_self_evaluation_is_the_comprehensive_result_of_a_self_evaluation_year(users, park):
    evaluation = submitted(users, park, 2026, Grade.EXCELLENT)
    services.review_self_evaluation(evaluation, accept=True, comment="", actor=users["provincial"])
    result = ComprehensiveResult.objects.get(park=park, year=2026)
    assert (result.grade, result.basis, result.self_evaluation) == (Grade.EXCELLENT, "self_evaluation", evaluation)
    assert result.score is None and not park.rectifications.exists()


def test_the_province_changes_the_citys_grade_only_with_a_reason(users, park):
    evaluation = submitted(users, park, 2026, Grade.EXCELLENT)
    review = {"accept": True, "grade": Grade.QUALIFIED, "actor": users["provincial"]}
    assert refused(lambda: services.review_self_evaluation(evaluation, comment=" ", **review)) == "reason_required"
    evaluation.refresh_from_db()
    assert evaluation.status == "submitted" and not ComprehensiveResult.objects.exists()
    services.review_self_evaluation(evaluation, comment="服务人次统计口径不符，调整为合格。", **review)
    evaluation.refresh_from_db()
    assert (evaluation.proposed_grade, evaluation.confirmed_grade) == (Grade.EXCELLENT, Grade.QUALIFIED)
    assert ComprehensiveResult.objects.get(park=park, year=2026).grade == Grade.QUALIFIED


def test_unqualified_in_a_self_evaluation_year_orders_rectification(users, park, client):
    """第十四条: 对综合考评当年不合格等次的，通报其限期整改 — in a year without a centralized round too."""
    evaluation = submitted(users, park, 2026, Grade.QUALIFIED)
    review = {
        "accept": True,
        "grade": Grade.UNQUALIFIED,
        "comment": "未开展年度重点工作。",
        "actor": users["provincial"],
    }
    # The order needs its deadline and requirements; refused, nothing is written.
    assert refused(lambda: services.review_self_evaluation(evaluation, **review)) == "reason_required"
    evaluation.refresh_from_db()
    park.refresh_from_db()
    assert evaluation.status == "submitted" and park.status == Status.DESIGNATED
    assert not ComprehensiveResult.objects.exists() and not Rectification.objects.exists()

    services.review_self_evaluation(
        evaluation,
        rectification_deadline=datetime.date(2027, 3, 1),
        rectification_requirements="完善年度工作计划并落实。",
        rectification_document_number="吉人社函〔2026〕21号",
        **review,
    )
    order = Rectification.objects.get(park=park)
    assert (order.ground, order.document_number, order.deadline) == (
        "unqualified",
        "吉人社函〔2026〕21号",
        datetime.date(2027, 3, 1),
    )
    park.refresh_from_db()
    assert park.status == Status.UNDER_RECTIFICATION
    change = park.status_changes.get()
    assert (change.to_status, change.document_number) == ("under_rectification", "吉人社函〔2026〕21号")
    client.force_login(users["city_bureau"])
    page = client.get(reverse("evaluations:park", kwargs={"pk": park.pk})).content.decode()
    assert "吉人社函〔2026〕21号" in page and str(Grade.UNQUALIFIED.label) in page


def test_the_review_form_orders_the_rectification_of_an_unqualified_park(users, park, client):
    evaluation = submitted(users, park, 2026, Grade.UNQUALIFIED)
    client.force_login(users["provincial"])
    client.post(
        reverse("evaluations:self_evaluation_review", kwargs={"pk": evaluation.pk}),
        {
            "decision": "accept",
            "comment": "",
            "rectification_deadline": "2027-03-01",
            "rectification_requirements": "限期整改。",
            "rectification_document_number": "",
        },
    )
    order = Rectification.objects.get(park=park)
    assert order.document_number == "" and order.deadline == datetime.date(2027, 3, 1)
    page = client.get(reverse("evaluations:rectification", kwargs={"pk": order.pk}))
    assert page.status_code == 200


# --- a centralized year ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grade", "points"),
    [(Grade.EXCELLENT, Decimal(95)), (Grade.QUALIFIED, Decimal(75)), (Grade.UNQUALIFIED, Decimal(30))],
)
def test_a_confirmed_grade_counts_the_middle_of_its_band(grade, points):
    assert grade_points(grade, excellent_min=Decimal(90), qualified_min=Decimal(60)) == points


def scored(users, central, park, total) -> ParkAssessment:
    assessment = ParkAssessment.objects.create(round=central, park=park)
    ExpertSeat.objects.create(assessment=assessment, expert=users["expert"], total=total, submitted_at=timezone.now())
    return assessment


def test_a_centralized_year_weighs_self_evaluation_and_centralized_score(users, park, changchun):
    """Jilin's file: 0.3 × the confirmed self-evaluation grade's points + 0.7 × the experts' score."""
    alone = ParkFactory(jurisdiction=changchun, name="未自评园区")
    designate(alone)
    evaluation = submitted(users, park, 2025, Grade.QUALIFIED)
    services.review_self_evaluation(evaluation, accept=True, comment="", actor=users["provincial"])
    assert not ComprehensiveResult.objects.exists(), "a centralized year's result waits for the round"
    central = make_round(changchun.province, RoundKind.CENTRALIZED, year=2025)
    with_self = scored(users, central, park, Decimal(92))
    without_self = scored(users, central, alone, Decimal(92))
    services.publish_results(
        central,
        document_number="吉人社函〔2025〕90号",
        issued_on=datetime.date(2025, 12, 25),
        rectification_deadline=datetime.date(2026, 2, 6),
        rectification_requirements="",
        actor=users["provincial"],
    )
    combined = ComprehensiveResult.objects.get(park=park, year=2025)
    # 0.3 × 75 + 0.7 × 92 = 86.90: 合格, though the experts alone gave 优秀.
    assert (combined.score, combined.grade, combined.basis) == (Decimal("86.90"), Grade.QUALIFIED, "combined")
    assert combined.self_evaluation == evaluation and combined.assessment == with_self
    only = ComprehensiveResult.objects.get(park=alone, year=2025)
    assert (only.score, only.grade, only.basis) == (Decimal("92.00"), Grade.EXCELLENT, "centralized")
    with_self.refresh_from_db()
    without_self.refresh_from_db()
    # The notice publishes the comprehensive grade; the experts' average stays the assessment's score.
    assert (with_self.score, with_self.grade) == (Decimal("92.00"), Grade.QUALIFIED)
    assert not hasattr(with_self, "commendation") and hasattr(without_self, "commendation")


def test_a_policy_file_without_the_new_keys_keeps_the_centralized_score_alone(settings):
    other = load_policy_file(settings.POLICY_DIR / "example-other-province.yaml")
    assert (other.evaluation.self_weight, other.evaluation.centralized_weight) == (0, 1)
    assert other.evaluation.first_evaluation == "designation_year"
    jilin = get_policy("jilin-2022").evaluation
    assert (jilin.self_weight, jilin.centralized_weight, jilin.first_evaluation) == (
        Decimal("0.3"),
        Decimal("0.7"),
        "first_full_year",
    )


# --- the first full year -----------------------------------------------------------------------------


def designated_at(park, when: datetime.datetime, actor) -> None:
    with time_machine.travel(when, tick=False):
        change_park_status(park, Status.DESIGNATED, reason="认定", document_number="吉人社函〔2026〕1号", actor=actor)


def open_self_round(users, province, year):
    with time_machine.travel(datetime.datetime(year, 11, 21, 10, tzinfo=SHANGHAI), tick=False):
        return services.open_round(
            province=province,
            kind=RoundKind.SELF,
            year=year,
            due_date=datetime.date(year, 12, 19),
            actor=users["provincial"],
        )


def test_a_park_designated_during_a_year_is_first_evaluated_the_next_year(users, changchun):
    dates = {
        "去年底": datetime.datetime(2025, 12, 31, 23, 30, tzinfo=SHANGHAI),
        "元旦": datetime.datetime(2026, 1, 1, 9, tzinfo=SHANGHAI),
        "一月二日": datetime.datetime(2026, 1, 2, 0, 5, tzinfo=SHANGHAI),
        "年中": datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI),
    }
    parks = {name: ParkFactory(jurisdiction=changchun, name=name) for name in dates}
    for name, when in dates.items():
        designated_at(parks[name], when, users["provincial"])
    round_2026 = open_self_round(users, changchun.province, 2026)
    assert {e.park.name for e in round_2026.self_evaluations.all()} == {"去年底", "元旦"}
    round_2027 = open_self_round(users, changchun.province, 2027)
    assert {e.park.name for e in round_2027.self_evaluations.all()} == set(dates)


def test_a_park_designated_again_after_revocation_counts_from_the_new_designation(users, changchun):
    park = ParkFactory(jurisdiction=changchun)
    designated_at(park, datetime.datetime(2023, 3, 1, 10, tzinfo=SHANGHAI), users["provincial"])
    with time_machine.travel(datetime.datetime(2025, 3, 1, 10, tzinfo=SHANGHAI), tick=False):
        services.revoke_designation(
            park, ground="violation", reasons="违规", document_number="吉人社函〔2025〕3号", actor=users["provincial"]
        )
    designated_at(park, datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), users["provincial"])
    assert not open_self_round(users, changchun.province, 2026).self_evaluations.exists()


# --- the park lifecycle ------------------------------------------------------------------------------

PAIRS = list(product(Status.values, repeat=2))


@pytest.mark.parametrize(("start", "target"), PAIRS)
def test_every_pair_of_statuses(users, changchun, start, target):
    """Each change the table allows works (the way back from rectification only with an accepted
    rectification, below); every other is refused as wrong_state and writes nothing."""
    park = ParkFactory(jurisdiction=changchun, status=start)
    change = lambda: change_park_status(  # noqa: E731
        park, target, reason="理由", document_number="吉人社函〔2026〕2号", actor=users["provincial"]
    )
    if target in ALLOWED_CHANGES[start] and (start, target) != (Status.UNDER_RECTIFICATION, Status.DESIGNATED):
        change()
        park.refresh_from_db()
        assert park.status == target
        assert park.status_changes.get().from_status == start
    else:
        assert refused(change) == Refusal.WRONG_STATE
        park.refresh_from_db()
        assert park.status == start and not ParkStatusChange.objects.exists()


def order(users, park) -> Rectification:
    return services.order_rectification(
        park,
        ground="poor_operation",
        requirements="整改",
        ordered_on=datetime.date(2026, 3, 2),
        deadline=datetime.date(2026, 4, 30),
        actor=users["provincial"],
    )


def test_only_the_acceptance_of_the_rectification_designates_a_park_again(users, park):
    rectification = order(users, park)
    back = lambda: change_park_status(park, Status.DESIGNATED, reason="整改完成", actor=users["provincial"])  # noqa: E731
    assert refused(back) == Refusal.WRONG_STATE  # ordered
    assert refused(lambda: services.accept_rectification(rectification, comment="", actor=users["provincial"])) == (
        Refusal.WRONG_STATE  # not reported yet
    )
    services.report_rectification(rectification, report="已整改。", actor=users["city_bureau"])
    assert refused(back) == Refusal.WRONG_STATE  # reported, not accepted
    park.refresh_from_db()
    assert park.status == Status.UNDER_RECTIFICATION
    services.accept_rectification(rectification, comment="整改到位。", actor=users["provincial"])
    park.refresh_from_db()
    assert park.status == Status.DESIGNATED
    assert list(park.status_changes.values_list("to_status", flat=True)) == ["under_rectification", "designated"]


def test_with_a_second_order_open_the_park_stays_under_rectification(users, park):
    first, second = order(users, park), order(users, park)
    services.report_rectification(first, report="已整改。", actor=users["city_bureau"])
    services.accept_rectification(first, comment="", actor=users["provincial"])
    park.refresh_from_db()
    assert park.status == Status.UNDER_RECTIFICATION
    assert refused(lambda: change_park_status(park, Status.DESIGNATED, reason="x", actor=users["provincial"])) == (
        Refusal.WRONG_STATE
    )
    services.report_rectification(second, report="已整改。", actor=users["city_bureau"])
    services.accept_rectification(second, comment="", actor=users["provincial"])
    park.refresh_from_db()
    assert park.status == Status.DESIGNATED


# --- refusal codes -----------------------------------------------------------------------------------


def test_refusal_codes_of_the_evaluation_services(users, park, changchun):
    province = changchun.province
    opening = lambda: services.open_round(  # noqa: E731
        province=province,
        kind=RoundKind.CENTRALIZED,
        year=2025,
        opened_on=datetime.date(2025, 11, 21),
        due_date=datetime.date(2025, 12, 19),
        actor=users["provincial"],
    )
    assert (
        refused(
            lambda: services.open_round(
                **{
                    "province": province,
                    "kind": "self",
                    "year": 2026,
                    "due_date": datetime.date(2026, 12, 19),
                    "actor": users["city_bureau"],
                }
            )
        )
        == Refusal.FORBIDDEN
    )
    central = opening()
    assert refused(opening) == Refusal.WRONG_STATE  # already open
    publish = lambda: services.publish_results(  # noqa: E731
        central,
        document_number="吉人社函〔2025〕90号",
        issued_on=datetime.date(2025, 12, 25),
        rectification_deadline=datetime.date(2026, 2, 6),
        rectification_requirements="整改",
        actor=users["provincial"],
    )
    assert refused(publish) == Refusal.REVIEWS_MISSING
    assert (
        refused(
            lambda: services.publish_results(
                **{**_publish_args(users), "document_number": ""}, evaluation_round=central
            )
        )
        == Refusal.REASON_REQUIRED
    )

    evaluation = submitted(users, park, 2026, Grade.QUALIFIED)
    assert refused(lambda: services.submit_self_evaluation(evaluation, actor=users["city_bureau"])) == (
        Refusal.WRONG_STATE
    )
    assert refused(lambda: services.submit_self_evaluation(evaluation, actor=users["other_city_bureau"])) == (
        Refusal.FORBIDDEN
    )
    assert (
        refused(
            lambda: services.review_self_evaluation(
                evaluation, accept=True, comment="", grade="best", actor=users["provincial"]
            )
        )
        == Refusal.INVALID
    )

    ordering = {
        "ground": "poor_operation",
        "requirements": "整改",
        "ordered_on": datetime.date(2026, 3, 2),
        "deadline": datetime.date(2026, 4, 30),
    }
    assert refused(lambda: services.order_rectification(park, **ordering, actor=users["city_bureau"])) == (
        Refusal.FORBIDDEN
    )
    assert (
        refused(
            lambda: services.order_rectification(park, **{**ordering, "requirements": " "}, actor=users["provincial"])
        )
        == Refusal.REASON_REQUIRED
    )
    assert (
        refused(lambda: services.order_rectification(park, **{**ordering, "ground": "whim"}, actor=users["provincial"]))
        == Refusal.INVALID
    )
    not_designated = ParkFactory(jurisdiction=changchun)
    assert (
        refused(lambda: services.order_rectification(not_designated, **ordering, actor=users["provincial"]))
        == Refusal.WRONG_STATE
    )

    revoke = lambda: services.revoke_designation(  # noqa: E731
        park, ground="violation", reasons="违规", document_number="吉人社函〔2026〕9号", actor=users["provincial"]
    )
    assert (
        refused(
            lambda: services.revoke_designation(
                park, ground="violation", reasons="", document_number="x", actor=users["provincial"]
            )
        )
        == Refusal.REASON_REQUIRED
    )
    revoke()
    assert refused(revoke) == Refusal.WRONG_STATE  # already revoked


def _publish_args(users) -> dict:
    return {
        "document_number": "吉人社函〔2025〕90号",
        "issued_on": datetime.date(2025, 12, 25),
        "rectification_deadline": datetime.date(2026, 2, 6),
        "rectification_requirements": "整改",
        "actor": users["provincial"],
    }


# --- the evaluation notice, inside and in public -----------------------------------------------------


def test_the_notice_is_linked_from_the_round_and_public_only_once_published(users, park, changchun, client):
    central = make_round(changchun.province, RoundKind.CENTRALIZED, year=2025)
    scored(users, central, park, Decimal(80))
    client.logout()
    public_list = reverse("portal:evaluation_notices")
    assert "吉人社函〔2025〕90号" not in client.get(public_list).content.decode()
    notice = services.publish_results(central, **_publish_args(users))
    public_page = reverse("portal:evaluation_notice", kwargs={"pk": notice.pk})
    listing = client.get(public_list).content.decode()
    assert "吉人社函〔2025〕90号" in listing and public_page in listing
    page = client.get(public_page)
    assert page.status_code == 200 and park.name in page.content.decode()
    client.force_login(users["provincial"])
    round_page = client.get(reverse("evaluations:round", kwargs={"pk": central.pk})).content.decode()
    assert reverse("evaluations:notice", kwargs={"pk": notice.pk}) in round_page and public_page in round_page
    notice_page = client.get(reverse("evaluations:notice", kwargs={"pk": notice.pk})).content.decode()
    assert public_page in notice_page
