"""The figures of the provincial dashboard, aggregated in the database (values().annotate()): the
number of queries is the same whatever the number of parks, applications or subsidies.

Everything is scoped through the owning apps' selectors, so a city bureau sees its own city."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from hrparks.accounts.models import Role
from hrparks.applications import workflow
from hrparks.applications.models import Disbursement, Spending
from hrparks.applications.selectors import applications_visible_to, subsidies_visible_to
from hrparks.evaluations.models import Grade, Rectification
from hrparks.evaluations.reminders import due_soon_before
from hrparks.evaluations.selectors import (
    EDITABLE_SELF_EVALUATION,
    HOLDS_DESIGNATION,
    latest_published_round,
    rectifications_visible_to,
    self_evaluations_visible_to,
)
from hrparks.parks import codes
from hrparks.parks.models import Park
from hrparks.parks.selectors import jurisdictions_visible_to, parks_visible_to
from hrparks.policy.registry import get_policy

DASHBOARD_ROLES = (Role.PROVINCIAL_BUREAU, Role.CITY_BUREAU)
ZERO = Decimal("0.00")


@dataclass
class ParkRow:
    jurisdiction: str
    by_type: dict = field(default_factory=dict)  # park type → parks holding the designation
    under_rectification: int = 0
    revoked: int = 0

    @property
    def designated(self) -> int:
        return sum(self.by_type.values())


@dataclass
class MoneyRow:
    jurisdiction: str
    granted: Decimal = ZERO
    disbursed: Decimal = ZERO
    spent: Decimal = ZERO


def parks_total(rows: list[ParkRow], label: str) -> ParkRow:
    """The total row of the parks table: every column summed, so no cell of the footer is left empty."""
    total = ParkRow(label, dict.fromkeys(codes.ParkType.values, 0))
    for row in rows:
        for park_type, count in row.by_type.items():
            total.by_type[park_type] += count
        total.under_rectification += row.under_rectification
        total.revoked += row.revoked
    return total


def money_total(rows: list[MoneyRow], label: str) -> MoneyRow:
    return MoneyRow(
        label,
        granted=sum((row.granted for row in rows), ZERO),
        disbursed=sum((row.disbursed for row in rows), ZERO),
        spent=sum((row.spent for row in rows), ZERO),
    )


def parks_by_jurisdiction(user) -> list[ParkRow]:
    """Per city in scope: designated parks (including those under rectification) by type, and how
    many are under rectification or revoked (one query for the cities, one for the counts)."""
    rows = {
        city.pk: ParkRow(city.name, dict.fromkeys(codes.ParkType.values, 0)) for city in jurisdictions_visible_to(user)
    }
    counts = (
        parks_visible_to(user)
        .filter(status__in=(*HOLDS_DESIGNATION, Park.Status.REVOKED))
        .values("jurisdiction_id", "park_type", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for item in counts:
        row = rows.get(item["jurisdiction_id"])
        if row is None:
            continue
        if item["status"] == Park.Status.REVOKED:
            row.revoked += item["count"]
            continue
        row.by_type[item["park_type"]] = row.by_type.get(item["park_type"], 0) + item["count"]
        if item["status"] == Park.Status.UNDER_RECTIFICATION:
            row.under_rectification += item["count"]
    return list(rows.values())


def applications_by_state(user) -> list[dict]:
    """Every state of the workflow tables (applications/workflow.py), in table order, with its count."""
    counts = {
        (item["kind"], item["state"]): item["count"]
        for item in applications_visible_to(user).values("kind", "state").annotate(count=Count("pk")).order_by()
    }
    return [
        {"workflow": wf.label, "state": state.code, "label": state.label, "count": counts.get((wf.kind, state.code), 0)}
        for wf in workflow.WORKFLOWS.values()
        for state in wf.states
    ]


def evaluation_deadlines(user, today: date) -> list[dict]:
    """Open self-evaluations and rectification orders: due later, due within the reminder window
    (N working days), and overdue."""
    soon_before = due_soon_before(today)

    def split(queryset, due_field):
        return queryset.aggregate(
            later=Count("pk", filter=Q(**{f"{due_field}__gte": soon_before})),
            soon=Count("pk", filter=Q(**{f"{due_field}__gte": today, f"{due_field}__lt": soon_before})),
            overdue=Count("pk", filter=Q(**{f"{due_field}__lt": today})),
        )

    self_evaluations = self_evaluations_visible_to(user).filter(
        status__in=EDITABLE_SELF_EVALUATION, park__status__in=HOLDS_DESIGNATION
    )
    rectifications = rectifications_visible_to(user).filter(status=Rectification.Status.ORDERED)
    return [
        {"key": "self_evaluations", **split(self_evaluations, "due_date")},
        {"key": "rectifications", **split(rectifications, "deadline")},
    ]


def latest_grades(user) -> tuple[object, list[dict], list]:
    """The latest published centralized round in the user's province: grade counts and the graded parks."""
    evaluation_round = latest_published_round(user.province_id)
    if evaluation_round is None:
        return None, [], []
    assessments = evaluation_round.assessments.filter(park__in=parks_visible_to(user).values("pk"))
    counts = dict(assessments.values_list("grade").annotate(count=Count("pk")).order_by())
    graded = list(
        assessments.order_by("-score", "park__name").values("park__name", "park__jurisdiction__name", "score", "grade")
    )
    for item in graded:
        item["grade_label"] = Grade(item["grade"]).label if item["grade"] else ""
    return (
        evaluation_round,
        [{"grade": g, "label": label, "count": counts.get(g, 0)} for g, label in Grade.choices],
        graded,
    )


def subsidies_by_jurisdiction(user) -> list[MoneyRow]:
    """The one-off subsidies of 第六条（四）: granted, paid out and spent, per city (three queries)."""
    subsidies = subsidies_visible_to(user)
    rows: dict[str, MoneyRow] = {}

    order = {}

    def add(queryset, city: str, attribute: str) -> None:
        grouped = queryset.values(name=F(f"{city}__name"), order=F(f"{city}__sort_order")).annotate(total=Sum("amount"))
        for item in grouped.order_by():
            row = rows.setdefault(item["name"], MoneyRow(item["name"]))
            order[item["name"]] = item["order"]
            setattr(row, attribute, (item["total"] or ZERO).quantize(ZERO))

    add(subsidies, "park__jurisdiction", "granted")
    add(Disbursement.objects.filter(subsidy__in=subsidies.values("pk")), "subsidy__park__jurisdiction", "disbursed")
    add(Spending.objects.filter(subsidy__in=subsidies.values("pk")), "subsidy__park__jurisdiction", "spent")
    return sorted(rows.values(), key=lambda row: (order[row.jurisdiction], row.jurisdiction))


def target():
    """第二条: the number of provincial parks the province means to have, and by when."""
    return get_policy().target
