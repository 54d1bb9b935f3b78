"""The rules, one by one: grade boundaries, template weights, the schedule of rounds, the park lifecycle."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hrparks.audit.models import AuditEntry
from hrparks.evaluations import schedule, services
from hrparks.evaluations.lifecycle import change_park_status
from hrparks.evaluations.models import (
    ExpertSeat,
    Grade,
    Indicator,
    IndicatorTemplate,
    ParkAssessment,
    ParkStatusChange,
    RoundKind,
)
from hrparks.evaluations.scoring import grade_for, weighted_total
from hrparks.evaluations.selectors import publicly_listed_parks
from hrparks.notifications.models import Notification
from hrparks.parks.models import Park
from hrparks.parks.tests.factories import ParkFactory
from hrparks.policy.registry import get_policy

from .factories import default_template, designate, make_round


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", Grade.EXCELLENT),
        ("90.00", Grade.EXCELLENT),  # exactly at the threshold: 优秀
        ("89.99", Grade.QUALIFIED),
        ("60.00", Grade.QUALIFIED),  # exactly at the threshold: 合格
        ("59.99", Grade.UNQUALIFIED),
        ("0", Grade.UNQUALIFIED),
    ],
)
def test_grade_boundaries_are_inclusive(score, grade):
    assert grade_for(Decimal(score), excellent_min=Decimal(90), qualified_min=Decimal(60)) == grade


def test_weighted_total_scales_each_indicator_by_weight_over_maximum(db):
    indicators = list(default_template().indicators.all())
    full = {indicator.pk: indicator.max_score for indicator in indicators}
    assert weighted_total(full, indicators) == Decimal("100.00")
    half = {indicator.pk: indicator.max_score / 2 for indicator in indicators}
    assert weighted_total(half, indicators) == Decimal("50.00")


def test_default_template_covers_the_five_content_items_and_weighs_100(db):
    template = default_template()
    assert sum(indicator.weight for indicator in template.indicators.all()) == 100
    codes = [item.code for item in get_policy().evaluation.content_items]
    assert len(codes) == 5
    assert set(template.indicators.values_list("content_item", flat=True)) == set(codes)


def _rows(template):
    return [
        {"pk": i.pk, "content_item": i.content_item, "name": i.name, "weight": i.weight, "max_score": i.max_score}
        for i in template.indicators.all()
    ]


def test_editing_a_template_keeps_the_weights_at_100_or_refuses(users):
    provincial = users["provincial"]
    template = services.copy_template(default_template(), name="2025年指标", actor=provincial)
    rows = _rows(template)
    rows[0]["weight"] -= 5
    with pytest.raises(ValidationError) as refused:
        services.save_template(template, name=template.name, description="", indicators=rows, actor=provincial)
    assert "95" in str(refused.value) and "100" in str(refused.value)
    assert sum(i.weight for i in template.indicators.all()) == 100  # nothing was saved

    rows[1]["weight"] += 5
    rows.append({"content_item": "compliance", "name": "新增指标", "weight": Decimal(5), "max_score": 10})
    rows[2]["weight"] -= 5
    services.save_template(template, name="2025年指标", description="调整", indicators=rows, actor=provincial)
    assert template.indicators.count() == len(rows)
    assert sum(i.weight for i in template.indicators.all()) == 100


def test_every_content_item_needs_an_indicator(users):
    template = services.copy_template(default_template(), name="缺项模板", actor=users["provincial"])
    rows = [row for row in _rows(template) if row["content_item"] != "compliance"]
    rows[0]["weight"] += 20
    with pytest.raises(ValidationError, match="第十三条（一）"):
        services.save_template(template, name=template.name, description="", indicators=rows, actor=users["provincial"])


def test_a_template_experts_scored_with_cannot_change(users, changchun):
    park = ParkFactory(jurisdiction=changchun)
    designate(park)
    evaluation_round = make_round(changchun.province, RoundKind.CENTRALIZED)
    seat = ExpertSeat.objects.create(
        assessment=ParkAssessment.objects.create(round=evaluation_round, park=park), expert=users["expert"]
    )
    full = {i.pk: i.max_score for i in default_template().indicators.all()}
    services.save_scores(seat, scores=full, opinion="", submit=True, actor=users["expert"])
    with pytest.raises(ValidationError, match=default_template().name):
        services.save_template(
            default_template(),
            name="x",
            description="",
            indicators=_rows(default_template()),
            actor=users["provincial"],
        )


def test_only_the_province_edits_templates(users):
    with pytest.raises(PermissionDenied):
        services.copy_template(default_template(), name="x", actor=users["city_bureau"])
    assert not IndicatorTemplate.objects.filter(name="x").exists()


@pytest.mark.parametrize(
    ("year", "kinds"),
    [(2022, []), (2023, ["self"]), (2024, ["self"]), (2025, ["self", "centralized"]), (2028, ["self", "centralized"])],
)
def test_rounds_fall_due_every_year_and_every_third_year(year, kinds):
    assert schedule.kinds_due(get_policy(), year) == kinds


def test_a_round_is_due_from_the_anniversary_of_the_policy():
    policy = get_policy()  # in force from 2022-11-21
    assert schedule.rounds_due(policy, datetime.date(2025, 11, 20)) == []
    due = schedule.rounds_due(policy, datetime.date(2025, 11, 21))
    assert [(d.kind, d.year) for d in due] == [("self", 2025), ("centralized", 2025)]
    upcoming = schedule.next_rounds(policy, datetime.date(2025, 11, 21))
    assert [(d.kind, d.opens_on) for d in upcoming] == [
        ("self", datetime.date(2026, 11, 21)),
        ("centralized", datetime.date(2028, 11, 21)),
    ]


def test_opening_a_round_twice_is_refused(users, changchun):
    province = changchun.province
    services.open_round(
        province=province,
        kind="self",
        year=2025,
        opened_on=datetime.date(2025, 11, 21),
        due_date=datetime.date(2025, 12, 19),
        actor=users["provincial"],
    )
    with pytest.raises(ValidationError) as refused:
        services.open_round(
            province=province,
            kind="self",
            year=2025,
            opened_on=datetime.date(2025, 11, 21),
            due_date=datetime.date(2025, 12, 19),
            actor=users["provincial"],
        )
    assert "year" in refused.value.error_dict


def test_thresholds_must_be_ordered(users, changchun):
    with pytest.raises(ValidationError) as refused:
        services.open_round(
            province=changchun.province,
            kind="centralized",
            year=2025,
            opened_on=datetime.date(2025, 11, 21),
            due_date=datetime.date(2025, 12, 19),
            excellent_min=Decimal(60),
            qualified_min=Decimal(60),
            actor=users["provincial"],
        )
    assert "excellent_min" in refused.value.error_dict


# --- the park lifecycle ----------------------------------------------------------------------------


def test_status_changes_are_kept_audited_and_notified(users, changchun, django_capture_on_commit_callbacks):
    park = ParkFactory(jurisdiction=changchun)
    users["operator"].parks.add(park)
    with django_capture_on_commit_callbacks(execute=True):
        change = change_park_status(
            park,
            Park.Status.DESIGNATED,
            reason="认定",
            document_number="吉人社函〔2024〕3号",
            actor=users["provincial"],
        )
    park.refresh_from_db()
    assert park.status == Park.Status.DESIGNATED
    assert (change.from_status, change.to_status, change.actor) == ("not_designated", "designated", users["provincial"])
    entry = AuditEntry.objects.get(action="park.status_changed")
    assert entry.park_id == park.pk and entry.data["to"] == "designated"
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"cc_bureau", "operator"} <= notified and "province" not in notified  # not the one who acted
    assert "jl_bureau" not in notified


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("not_designated", "revoked"),
        ("not_designated", "under_rectification"),
        ("revoked", "under_rectification"),
        ("designated", "designated"),
    ],
)
def test_changes_the_measures_do_not_provide_for_are_refused(users, changchun, start, target):
    park = ParkFactory(jurisdiction=changchun, status=start)
    with pytest.raises(ValidationError) as refused:
        change_park_status(park, target, reason="x", document_number="吉人社函〔2025〕1号", actor=users["provincial"])
    assert "to_status" in refused.value.error_dict
    park.refresh_from_db()
    assert park.status == start and not ParkStatusChange.objects.exists()


def test_revocation_needs_a_reason_and_a_document_number(users, changchun):
    park = ParkFactory(jurisdiction=changchun)
    designate(park)
    with pytest.raises(ValidationError) as refused:
        services.revoke_designation(
            park, ground="violation", reasons="违规经营", document_number=" ", actor=users["provincial"]
        )
    assert "document_number" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.revoke_designation(
            park, ground="violation", reasons="", document_number="吉人社函〔2025〕9号", actor=users["provincial"]
        )
    assert "reason" in refused.value.error_dict
    park.refresh_from_db()
    assert park.status == Park.Status.DESIGNATED


def test_the_province_can_order_rectification_for_no_real_work_and_revoke_for_violations(users, changchun):
    park = ParkFactory(jurisdiction=changchun)
    designate(park)
    order = services.order_rectification(
        park,
        ground="no_real_work",
        requirements="开展实质性工作",
        document_number="吉人社函〔2025〕7号",
        ordered_on=datetime.date(2025, 6, 2),
        deadline=services.deadline_from(datetime.date(2025, 6, 2), working_days=10),
        actor=users["provincial"],
    )
    # 10 working days from Monday 2 June 2025: the Dragon Boat holiday (31 May–2 June) is already over.
    assert order.deadline == datetime.date(2025, 6, 16)
    park.refresh_from_db()
    assert park.status == Park.Status.UNDER_RECTIFICATION and park in publicly_listed_parks()
    services.revoke_designation(
        park,
        ground="violation",
        reasons="存在违规运营",
        document_number="吉人社函〔2025〕8号",
        actor=users["provincial"],
    )
    park.refresh_from_db()
    order.refresh_from_db()
    assert park.status == Park.Status.REVOKED and park not in publicly_listed_parks()
    assert order.status == "revoked"
    assert list(park.status_changes.values_list("ground", flat=True)) == ["no_real_work", "violation"]


def test_a_rectification_deadline_is_a_date_or_working_days_never_both():
    with pytest.raises(ValidationError):
        services.deadline_from(datetime.date(2025, 6, 2), working_days=5, on=datetime.date(2025, 7, 1))
    with pytest.raises(ValidationError):
        services.deadline_from(datetime.date(2025, 6, 2), on=datetime.date(2025, 6, 1))
    assert services.deadline_from(datetime.date(2025, 6, 2), on=datetime.date(2025, 6, 2)) == datetime.date(2025, 6, 2)


def test_only_designated_parks_can_be_ordered_to_rectify(users, changchun):
    park = ParkFactory(jurisdiction=changchun)
    with pytest.raises(ValidationError):
        services.order_rectification(
            park,
            ground="poor_operation",
            requirements="x",
            document_number="y",
            ordered_on=datetime.date(2025, 6, 2),
            deadline=datetime.date(2025, 7, 1),
            actor=users["provincial"],
        )
    assert not park.rectifications.exists()


def test_indicator_rows_reject_non_positive_weights(db):
    indicator = Indicator(template=default_template(), content_item="compliance", name="x", weight=0, max_score=10)
    with pytest.raises(ValidationError):
        indicator.full_clean()
