"""A full three-year cycle of the comprehensive evaluation (第十三条) and its outcomes (第十四条), with
frozen time: the policy (in force 2022-11-21) opens a self-evaluation round every 21 November from
2023 and a centralized round in 2025; the 2025 results commend one park, grade one exactly at the
qualified boundary, and order two to rectify: one rectification is accepted, the other ends in
revocation. Then the dashboard is checked against figures computed by hand."""

import datetime
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.applications.models import ConflictDeclaration, Disbursement, Spending, Subsidy
from hrparks.applications.services import pick_panel
from hrparks.applications.tests.factories import ApplicationFactory
from hrparks.audit.models import AuditEntry
from hrparks.evaluations import services
from hrparks.evaluations.lifecycle import change_park_status
from hrparks.evaluations.models import (
    Commendation,
    EvaluationRound,
    ExpertSeat,
    Grade,
    Ground,
    Rectification,
    RoundKind,
    SelfEvaluation,
)
from hrparks.evaluations.selectors import overdue_self_evaluations, publicly_listed_parks
from hrparks.notifications.models import Notification
from hrparks.notifications.tests.links import assert_every_link_opens
from hrparks.parks import codes
from hrparks.parks.models import Jurisdiction, Park
from hrparks.parks.tests.factories import ParkFactory, SiteFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
CONTENT = {
    "compliance": "符合政策法规和本办法要求。",
    "support_policies_delivered": "扶持政策全部兑现。",
    "provincial_priorities": "服务全省重点产业。",
    "social_economic_benefit": "带动就业明显。",
    "management_operation": "管理规范，运营良好。",
}
FIGURES = {
    "resident_agencies": 32,
    "revenue_cny": Decimal("125000000.00"),
    "people_served": 18000,
    "jobs_created": 2400,
    "events_held": 12,
    "support_funds_paid_cny": Decimal("3500000.00"),
}


def moment(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def scores_totalling(indicators, total: Decimal) -> dict:
    """Scores whose weighted total is exactly `total`: the same score everywhere, with the rest of the
    total on the first indicator whose weight equals its maximum (there it counts one for one)."""
    base = (total / 10).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    scores = {indicator.pk: base for indicator in indicators}
    one_for_one = next(i for i in indicators if i.weight == i.max_score)
    scores[one_for_one.pk] += total - base * 10
    return scores


@pytest.fixture
def cast(db):
    """Four designated parks in four cities, their city bureaux, the province and eight experts."""
    cities = {name: Jurisdiction.objects.get(name=name) for name in ("长春市", "吉林市", "四平市", "延边朝鲜族自治州")}
    province = Jurisdiction.objects.get(name="吉林省")
    provincial = UserFactory(username="province", role=Role.PROVINCIAL_BUREAU, jurisdiction=province)
    bureaux, parks, operators = {}, {}, {}
    for key, (name, park_type) in zip(
        "ABCD",
        [
            ("长春市", "comprehensive"),
            ("吉林市", "comprehensive"),
            ("四平市", "comprehensive"),
            ("延边朝鲜族自治州", "specialized"),
        ],
        strict=True,
    ):
        bureaux[key] = UserFactory(username=f"bureau_{key}", role=Role.CITY_BUREAU, jurisdiction=cities[name])
        parks[key] = ParkFactory(name=f"园区{key}", jurisdiction=cities[name], park_type=park_type)
        SiteFactory(park=parks[key])
        operators[key] = UserFactory(username=f"operator_{key}", role=Role.PARK_OPERATOR, jurisdiction=cities[name])
        operators[key].parks.add(parks[key])
        # Designated before the first round's year: evaluated from 2023, its first full year.
        with time_machine.travel(moment(2022, 12, 1), tick=False):
            change_park_status(
                parks[key],
                Park.Status.DESIGNATED,
                reason="认定",
                document_number="吉人社函〔2023〕1号",
                actor=provincial,
            )
    SiteFactory(park=parks["A"], name="园区A分园", is_main=False)
    experts = [
        UserFactory(username=f"expert_{city}", role=Role.EXPERT, jurisdiction=Jurisdiction.objects.get(name=city))
        for city in ("长春市", "吉林市", "辽源市", "通化市", "白山市", "松原市", "白城市", "梅河口市")
    ]
    return {
        "province": province,
        "provincial": provincial,
        "bureaux": bureaux,
        "parks": parks,
        "operators": operators,
        "experts": experts,
    }


def fill_and_submit(evaluation, bureau, grade=Grade.QUALIFIED):
    values = {**FIGURES, "item_reports": CONTENT, "proposed_grade": grade}
    services.save_self_evaluation(evaluation, values=values, actor=bureau)
    return services.submit_self_evaluation(evaluation, actor=bureau)


def self_round(year) -> EvaluationRound:
    return EvaluationRound.objects.get(kind=RoundKind.SELF, year=year)


def annual_round(cast, year, *, late_park="D", grades=None):
    """The round opens by itself on 21 November; every city but `late_park`'s submits (its park graded
    as `grades` says, else 合格), the province returns one and accepts all after revision."""
    grades = grades or {}
    with time_machine.travel(moment(year, 11, 20), tick=False):
        call_command("open_due_rounds")
        assert not EvaluationRound.objects.filter(year=year).exists(), "not before the anniversary"
    with time_machine.travel(moment(year, 11, 21, 0) + datetime.timedelta(minutes=5), tick=False):
        call_command("open_due_rounds")
        call_command("open_due_rounds")  # run twice by cron: still one round
    evaluation_round = self_round(year)
    assert evaluation_round.opened_by is None
    assert evaluation_round.due_date == datetime.date(year, 12, 19)  # 20 working days, counted by hand
    evaluations = {e.park.name[-1]: e for e in evaluation_round.self_evaluations.select_related("park__jurisdiction")}
    assert set(evaluations) == {
        key for key, park in cast["parks"].items() if park.status in ("designated", "under_rectification")
    }
    with time_machine.travel(moment(year, 12, 1), tick=False):
        for key, evaluation in evaluations.items():
            if key != late_park:
                fill_and_submit(evaluation, cast["bureaux"][key], grades.get(key, Grade.QUALIFIED))
        services.review_self_evaluation(
            evaluations["B"], accept=False, comment="补充服务人次的统计口径。", actor=cast["provincial"]
        )
        fill_and_submit(evaluations["B"], cast["bureaux"]["B"], grades.get("B", Grade.QUALIFIED))
        for key, evaluation in evaluations.items():
            if key != late_park:
                services.review_self_evaluation(evaluation, accept=True, comment="", actor=cast["provincial"])
    with time_machine.travel(moment(year, 12, 19), tick=False):
        assert not overdue_self_evaluations(SelfEvaluation.objects.all()).filter(round=evaluation_round).exists()
    with time_machine.travel(moment(year, 12, 20), tick=False):
        overdue = overdue_self_evaluations(SelfEvaluation.objects.all()).filter(round=evaluation_round)
        assert [e.park.name for e in overdue] == [f"园区{late_park}"]
    return evaluation_round


def test_three_year_cycle(cast, client, django_capture_on_commit_callbacks):
    parks, provincial, experts = cast["parks"], cast["provincial"], cast["experts"]

    # 2023 and 2024: self-evaluation only (centralized every three years: 2025).
    annual_round(cast, 2023)
    annual_round(cast, 2024)
    assert not EvaluationRound.objects.filter(kind=RoundKind.CENTRALIZED).exists()
    returned = SelfEvaluation.objects.get(round__year=2024, park=parks["B"])
    assert [e.action for e in returned.events.all()] == [
        "self_evaluation_submitted",
        "self_evaluation_returned",
        "self_evaluation_submitted",
        "self_evaluation_accepted",
    ]

    # 2025: both rounds open on the anniversary; the centralized one with the shipped template.
    # The cities' grades agree with the experts' below: the comprehensive grades stay the experts'.
    annual_round(cast, 2025, late_park="C", grades={"A": Grade.EXCELLENT, "D": Grade.UNQUALIFIED})
    central = EvaluationRound.objects.get(kind=RoundKind.CENTRALIZED, year=2025)
    assert central.template.is_default and (central.excellent_min, central.qualified_min) == (90, 60)
    assert central.assessments.count() == 4

    # Experts are drawn per park: never one of the park's city, never one who declared a conflict.
    ConflictDeclaration.objects.create(expert=experts[2], park=parks["B"], reason="曾为该园区提供咨询")
    with time_machine.travel(moment(2025, 11, 24), tick=False):
        for assessment in central.assessments.select_related("park"):
            draw = services.draw_experts(assessment, size=3, actor=provincial)
            assert not set(draw.drawn) & {e.pk for e in experts if e.jurisdiction_id == assessment.park.jurisdiction_id}
            assert set(assessment.seats.values_list("expert_id", flat=True)) == set(draw.drawn)
            assert pick_panel(draw.eligible, 3, draw.seed) == draw.drawn  # reproducible from the record
        draw_b = central.assessments.get(park=parks["B"]).draws.get()
        assert {
            "expert": experts[2].pk,
            "name": experts[2].get_full_name(),
            "reason": "declared_conflict",
        } in draw_b.exclusions

    # Each expert scores only their parks; the totals are chosen to hit the grade boundaries.
    totals = {
        "A": [Decimal(90), Decimal(90), Decimal(90)],  # exactly at the 优秀 threshold
        "B": [Decimal(70), Decimal(60), Decimal(50)],  # average exactly 60: 合格
        "C": [Decimal("59.99")] * 3,  # just below: 不合格
        "D": [Decimal(50), Decimal(40), Decimal(30)],
    }
    indicators = list(central.template.indicators.all())
    with time_machine.travel(moment(2025, 12, 10), tick=False):
        for key, park in parks.items():
            seats = ExpertSeat.objects.filter(assessment__round=central, assessment__park=park).order_by("pk")
            for seat, total in zip(seats, totals[key], strict=True):
                client.force_login(seat.expert)
                page = client.get(reverse("evaluations:my_assignments"))
                assert park.name in page.content.decode()
                services.save_scores(
                    seat, scores=scores_totalling(indicators, total), opinion="意见", submit=True, actor=seat.expert
                )
                seat.refresh_from_db()
                assert seat.total == total

    client.force_login(provincial)
    assessment_b = central.assessments.get(park=parks["B"])
    page = client.get(reverse("evaluations:assessment", kwargs={"pk": assessment_b.pk})).content.decode()
    assert "+10.00" in page and "-10.00" in page  # each expert's deviation from the average of 60
    # The draw record names the drawn experts as people (姓名（单位）), not by account numbers.
    for seat in assessment_b.seats.select_related("expert"):
        assert seat.expert.display_name in page.split("抽取记录", 1)[1]

    # Publication: the notice, a commendation, rectification orders with a deadline in working days.
    with time_machine.travel(moment(2025, 12, 25), tick=False):
        # The 通报 is previewed from the same data first: the document as it would be issued, nothing issued.
        preview = client.post(
            reverse("evaluations:round_preview", kwargs={"pk": central.pk}),
            {
                "document_number": "吉人社函〔2025〕88号",
                "issued_on": "2025-12-25",
                "deadline_working_days": "30",
                "requirements": "对照考评意见完成整改。",
            },
        )
        assert preview.status_code == 200
        text = preview.content.decode()
        assert "吉人社函〔2025〕88号" in text and "2025年12月25日" in text and "综合考评结果的通报" in text
        assert not EvaluationRound.objects.filter(pk=central.pk, notice__isnull=False).exists()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("evaluations:round_publish", kwargs={"pk": central.pk}),
                {
                    "document_number": "吉人社函〔2025〕88号",
                    "issued_on": "2025-12-25",
                    "deadline_working_days": "30",
                    "requirements": "对照考评意见完成整改。",
                    "confirm": "on",
                },
            )
    central.refresh_from_db()
    notice = central.notice
    assert response.status_code == 302 and response["Location"] == reverse(
        "evaluations:notice", kwargs={"pk": notice.pk}
    )
    grades = dict(central.assessments.values_list("park__name", "grade"))
    assert grades == {
        "园区A": Grade.EXCELLENT,
        "园区B": Grade.QUALIFIED,
        "园区C": Grade.UNQUALIFIED,
        "园区D": Grade.UNQUALIFIED,
    }
    assert central.assessments.get(park=parks["B"]).score == Decimal("60.00")
    commendation = Commendation.objects.get(notice=notice)
    assert commendation.assessment.park == parks["A"]
    orders = {r.park.name: r for r in Rectification.objects.select_related("park")}
    assert set(orders) == {"园区C", "园区D"}
    # 30 working days after 2025-12-25, over New Year 2026 (1–2 January off, Sunday 4 January worked).
    assert {r.deadline for r in orders.values()} == {datetime.date(2026, 2, 6)}
    for key in "CD":
        parks[key].refresh_from_db()
        assert parks[key].status == Park.Status.UNDER_RECTIFICATION
    notice_page = client.get(reverse("evaluations:notice", kwargs={"pk": notice.pk})).content.decode()
    assert "吉人社函〔2025〕88号" in notice_page and "2026-02-06" in notice_page

    client.post(
        reverse("evaluations:commendation_support", kwargs={"pk": commendation.pk}),
        {
            f"support-{commendation.pk}-support_description": "优先推荐申报国家级产业园，给予奖补资金。",
            f"support-{commendation.pk}-support_amount_cny": "200000.00",
        },
    )
    commendation.refresh_from_db()
    assert commendation.support_amount_cny == Decimal("200000.00")

    # C reports its rectification and the province accepts it: C is designated again.
    with time_machine.travel(moment(2026, 1, 20), tick=False):
        services.report_rectification(orders["园区C"], report="已完成整改。", actor=cast["bureaux"]["C"])
        services.accept_rectification(orders["园区C"], comment="整改到位。", actor=provincial)
    parks["C"].refresh_from_db()
    assert parks["C"].status == Park.Status.DESIGNATED

    # D lets the deadline pass; the province escalates: the designation is revoked.
    with time_machine.travel(moment(2026, 2, 9), tick=False):
        client.force_login(cast["bureaux"]["D"])
        page = client.get(reverse("evaluations:rectification", kwargs={"pk": orders["园区D"].pk})).content.decode()
        assert "text-bg-danger" in page  # flagged overdue
        client.force_login(provincial)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("evaluations:park_revoke", kwargs={"pk": parks["D"].pk}),
                {
                    "ground": Ground.POOR_OPERATION,
                    "reasons": "逾期未整改。",
                    "document_number": "吉人社函〔2026〕5号",
                    "confirm": "on",
                },
            )
    parks["D"].refresh_from_db()
    orders["园区D"].refresh_from_db()
    assert parks["D"].status == Park.Status.REVOKED
    assert orders["园区D"].status == Rectification.Status.REVOKED
    assert parks["D"] not in publicly_listed_parks() and parks["C"] in publicly_listed_parks()
    history = list(parks["D"].status_changes.values_list("from_status", "to_status", "document_number"))
    assert history == [
        ("not_designated", "designated", "吉人社函〔2023〕1号"),
        ("designated", "under_rectification", "吉人社函〔2025〕88号"),
        ("under_rectification", "revoked", "吉人社函〔2026〕5号"),
    ]
    assert AuditEntry.objects.filter(action="park.status_changed", park_id=parks["D"].pk).count() == 3
    assert Notification.objects.filter(recipient=cast["bureaux"]["D"], text__contains="逾期未整改").exists()
    # Its history stays: the park page still shows every self-evaluation, grade and order.
    client.force_login(provincial)  # the 2026-02-09 session has expired by now
    park_page = client.get(reverse("evaluations:park", kwargs={"pk": parks["D"].pk})).content.decode()
    assert "吉人社函〔2026〕5号" in park_page and "2023" in park_page

    # 2026: the self-evaluation round leaves the revoked park out.
    with time_machine.travel(moment(2026, 11, 23), tick=False):
        call_command("open_due_rounds")
    assert {e.park.name for e in self_round(2026).self_evaluations.all()} == {"园区A", "园区B", "园区C"}

    check_dashboard(cast, client)

    # No dead ends: every notification of the cycle opens for its recipient; operators read their own
    # park's record and rectification order, never another park's, nor the scores by expert.
    operator_d = cast["operators"]["D"]
    assert Notification.objects.filter(recipient=operator_d, link__contains="/evaluations/").count() >= 3
    assert assert_every_link_opens(client) > 0
    client.force_login(operator_d)
    record = client.get(reverse("evaluations:park", kwargs={"pk": parks["D"].pk})).content.decode()
    assert "吉人社函〔2026〕5号" in record and "不合格" in record
    assert reverse("evaluations:assessment", kwargs={"pk": central.assessments.get(park=parks["D"]).pk}) not in record
    assert client.get(reverse("evaluations:park", kwargs={"pk": parks["C"].pk})).status_code == 404
    assert client.get(reverse("evaluations:rectification", kwargs={"pk": orders["园区C"].pk})).status_code == 404
    order_page = client.get(reverse("evaluations:rectification", kwargs={"pk": orders["园区D"].pk})).content.decode()
    assert "对照考评意见完成整改。" in order_page and "<form" not in order_page.split("<main", 1)[-1]


def check_dashboard(cast, client):
    """The figures of 2026-11-23, computed by hand."""
    parks, provincial = cast["parks"], cast["provincial"]
    operator = UserFactory(role=Role.PARK_OPERATOR)
    for key in "AB":
        application = ApplicationFactory(park=parks[key], state="designated", created_by=operator)
        subsidy = Subsidy.objects.create(
            application=application, park=parks[key], policy_id="jilin-2022", amount=Decimal("1000000.00")
        )
        Disbursement.objects.create(
            subsidy=subsidy, amount=Decimal("600000.00"), paid_on=datetime.date(2026, 3, 1), recorded_by=provincial
        )
        if key == "A":
            Spending.objects.create(
                subsidy=subsidy,
                use="infrastructure",
                amount=Decimal("250000.00"),
                spent_on=datetime.date(2026, 4, 1),
                description="设施改造",
                recorded_by=provincial,
            )
    ApplicationFactory(park=ParkFactory(name="新申报园区"), state="submitted", created_by=operator)

    with time_machine.travel(moment(2026, 11, 23), tick=False):
        client.force_login(provincial)
        response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    page = response.content.decode()
    context = response.context

    # 第二条: A, B, C hold the designation (D revoked): 3 against the 4–6 target by 2025.
    assert context["designated_total"] == 3 and not context["target_met"]
    rows = {row.jurisdiction: row for row in context["parks"]}
    assert rows["长春市"].by_type == {"comprehensive": 1, "specialized": 0}
    assert rows["延边朝鲜族自治州"].by_type == {"comprehensive": 0, "specialized": 0}
    assert rows["延边朝鲜族自治州"].revoked == 1
    # The chart's table: comprehensive, specialized, designated, under rectification, revoked.
    assert '<th scope="row">长春市</th><td>1</td><td>0</td><td>1</td><td>0</td><td>0</td>' in page
    assert '<th scope="row">延边朝鲜族自治州</th><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td>' in page

    # Applications by state, labels from the workflow table.
    states = {item["state"]: item["count"] for item in context["applications"]}
    assert states["designated"] == 2 and states["submitted"] == 1 and states["draft"] == 0

    # Evaluations: the 2026 self-evaluations (due 2026-12-18) are due within 5 working days? No: 19 left.
    deadlines = {row["key"]: row for row in context["deadlines"]}
    assert (deadlines["self_evaluations"]["later"], deadlines["self_evaluations"]["soon"]) == (3, 0)
    # The 2025 self-evaluation of C was never submitted: overdue (C holds the designation again).
    assert deadlines["self_evaluations"]["overdue"] == 1
    assert (deadlines["rectifications"]["later"], deadlines["rectifications"]["overdue"]) == (0, 0)

    # Grades of the 2025 round.
    assert {g["grade"]: g["count"] for g in context["grades"]} == {"excellent": 1, "qualified": 1, "unqualified": 2}

    # Subsidies: 2,000,000 granted, 1,200,000 paid out, 250,000 spent.
    totals = context["money_total"]
    assert (totals.granted, totals.disbursed, totals.spent) == (
        Decimal("2000000.00"),
        Decimal("1200000.00"),
        Decimal("250000.00"),
    )
    assert (
        '<th scope="row">长春市</th><td class="text-end">¥1,000,000.00</td><td class="text-end">¥600,000.00</td><td class="text-end">¥250,000.00</td>'
        in page
    )
    assert 'id="dashboard-charts" type="application/json"' in page
    assert context["charts"]["parks"]["series"][0]["name"] == str(codes.ParkType.COMPREHENSIVE.label)
