"""Reads of evaluations. Everything that hangs off a park is scoped through
`parks.selectors.parks_visible_to`, so another city's park, self-evaluation or rectification is a 404.

Who works here: the provincial bureau (its province), the city bureau (its city's parks) and
experts (only the park assessments they are assigned to)."""

from datetime import date, datetime, time

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hrparks.accounts.models import Role, User
from hrparks.api.exports import Column
from hrparks.parks.models import Park
from hrparks.parks.selectors import parks_visible_to
from hrparks.policy.registry import get_policy

from . import scoring
from .models import (
    Attachment,
    EvaluationNotice,
    EvaluationRound,
    ExpertSeat,
    Indicator,
    IndicatorScore,
    IndicatorTemplate,
    ParkAssessment,
    ParkStatusChange,
    Rectification,
    RoundKind,
    SelfEvaluation,
)

# Roles that work on evaluations (besides experts on their assignments).
EVALUATION_ROLES = frozenset({Role.PROVINCIAL_BUREAU, Role.CITY_BUREAU})
HOLDS_DESIGNATION = (Park.Status.DESIGNATED, Park.Status.UNDER_RECTIFICATION)
EDITABLE_SELF_EVALUATION = (SelfEvaluation.Status.DRAFT, SelfEvaluation.Status.RETURNED)


def _official_parks(user) -> QuerySet[Park]:
    if not user.is_authenticated or user.role not in EVALUATION_ROLES:
        return Park.objects.none()
    return parks_visible_to(user)


def province_id_of(user) -> int | None:
    return user.province_id if user.is_authenticated else None


def rounds_visible_to(user) -> QuerySet[EvaluationRound]:
    rounds = EvaluationRound.objects.select_related("province", "template", "notice")
    if not user.is_authenticated:
        return rounds.none()
    if user.role in EVALUATION_ROLES:
        return rounds.filter(province_id=province_id_of(user))
    return rounds.none()  # experts reach their parks through seats_of


def self_evaluations_visible_to(user) -> QuerySet[SelfEvaluation]:
    return SelfEvaluation.objects.filter(park__in=_official_parks(user).values("pk")).select_related(
        "round", "park__jurisdiction"
    )


def assessments_visible_to(user) -> QuerySet[ParkAssessment]:
    assessments = ParkAssessment.objects.select_related("round__template", "park__jurisdiction")
    if user.is_authenticated and user.role == Role.EXPERT:
        return assessments.filter(seats__expert=user)
    return assessments.filter(park__in=_official_parks(user).values("pk"))


def seats_of(expert) -> QuerySet[ExpertSeat]:
    """The expert's assignments: the only parks they score."""
    if not expert.is_authenticated or expert.role != Role.EXPERT:
        return ExpertSeat.objects.none()
    return ExpertSeat.objects.filter(expert=expert).select_related(
        "assessment__park__jurisdiction", "assessment__round__template", "assessment__round__notice"
    )


def rectifications_visible_to(user) -> QuerySet[Rectification]:
    return Rectification.objects.filter(park__in=_official_parks(user).values("pk")).select_related(
        "park__jurisdiction", "assessment__round"
    )


def lifecycle_parks_visible_to(user) -> QuerySet[Park]:
    return _official_parks(user)


def _parks_with_records(user) -> QuerySet[Park]:
    """Parks whose evaluation record (status history, grades, rectification orders) the user may
    read: the officials' parks, and an operator's own parks, read-only and without scores by expert
    (the pages a notification of its park's status or grade links to)."""
    if user.is_authenticated and user.role == Role.PARK_OPERATOR:
        return parks_visible_to(user)
    return _official_parks(user)


def park_records_visible_to(user) -> QuerySet[Park]:
    return _parks_with_records(user)


def rectifications_readable_by(user) -> QuerySet[Rectification]:
    """Rectification orders the user may read (operators: their own parks'); writes use
    rectifications_visible_to, which has officials only."""
    return Rectification.objects.filter(park__in=_parks_with_records(user).values("pk")).select_related(
        "park__jurisdiction", "assessment__round__notice"
    )


def notices_visible_to(user) -> QuerySet[EvaluationNotice]:
    if not user.is_authenticated or user.role not in EVALUATION_ROLES:
        return EvaluationNotice.objects.none()
    return EvaluationNotice.objects.filter(round__province_id=province_id_of(user)).select_related("round")


def templates_for(user) -> QuerySet[IndicatorTemplate]:
    if not user.is_authenticated or user.role != Role.PROVINCIAL_BUREAU:
        return IndicatorTemplate.objects.none()
    return IndicatorTemplate.objects.annotate(indicator_count=Count("indicators"))


def attachments_visible_to(user) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        Q(self_evaluation__in=self_evaluations_visible_to(user).values("pk"))
        | Q(rectification__in=rectifications_readable_by(user).values("pk"))
    )


def publicly_listed_parks() -> QuerySet[Park]:
    """The public list of provincial parks: designated parks, including those under rectification
    (they keep the designation until it is revoked); a revoked park leaves the list."""
    return (
        Park.objects.filter(status__in=HOLDS_DESIGNATION)
        .select_related("jurisdiction")
        .order_by("jurisdiction__sort_order", "designated_name", "name")
    )


def designation_dates() -> Subquery:
    """The time of the park's latest designation (from not designated or revoked, not a return from
    rectification), for annotating parks."""
    return Subquery(
        ParkStatusChange.objects.filter(
            park=OuterRef("pk"),
            to_status=Park.Status.DESIGNATED,
            from_status__in=(Park.Status.NOT_DESIGNATED, Park.Status.REVOKED),
        )
        .order_by("-changed_at", "-pk")
        .values("changed_at")[:1]
    )


def parks_to_evaluate(province, year: int, *, first_full_year: bool) -> QuerySet[Park]:
    """The parks evaluated in `year`: those holding the designation; with `first_full_year` (the
    policy's evaluation.first_evaluation) only those designated by 1 January of that year, so that a
    park designated during a year is first evaluated the next year (第十三条: each year's work)."""
    parks = Park.objects.filter(
        Q(jurisdiction__province=province) | Q(jurisdiction=province), status__in=HOLDS_DESIGNATION
    ).select_related("jurisdiction")
    if first_full_year:
        # Designated at the latest on 1 January (the whole year then lies ahead); the designation's
        # date is its status change, else the approval's date; a park with neither is evaluated.
        next_day = timezone.make_aware(datetime.combine(date(year, 1, 2), time.min))
        undated = Q(designated_at__isnull=True)
        parks = parks.annotate(designated_at=designation_dates()).filter(
            Q(designated_at__lt=next_day)
            | undated & Q(designated_on__isnull=True)
            | undated & Q(designated_on__lte=date(year, 1, 1))
        )
    return parks.order_by("jurisdiction__sort_order", "name", "pk")


def _active_users(**filters) -> QuerySet[User]:
    return User.objects.filter(is_active=True, **filters)


def provincial_staff(province_id: int) -> QuerySet[User]:
    return _active_users(role=Role.PROVINCIAL_BUREAU, jurisdiction_id=province_id)


def city_bureau_staff(jurisdiction_id: int) -> QuerySet[User]:
    return _active_users(role=Role.CITY_BUREAU, jurisdiction_id=jurisdiction_id)


def park_stakeholders(park: Park) -> list[User]:
    """Who hears of a park's evaluation outcome or status: its city bureau, its operators, the province."""
    province_id = park.jurisdiction.province_id or park.jurisdiction_id
    return list(
        _active_users()
        .filter(
            Q(role=Role.CITY_BUREAU, jurisdiction_id=park.jurisdiction_id)
            | Q(role=Role.PARK_OPERATOR, parks=park)
            | Q(role=Role.PROVINCIAL_BUREAU, jurisdiction_id=province_id)
        )
        .distinct()
    )


def is_overdue(due_date: date, today: date | None = None) -> bool:
    return due_date < (today or timezone.localdate())


def overdue_self_evaluations(queryset: QuerySet[SelfEvaluation], today: date | None = None) -> QuerySet:
    return queryset.filter(
        status__in=EDITABLE_SELF_EVALUATION,
        due_date__lt=today or timezone.localdate(),
        park__status__in=HOLDS_DESIGNATION,
    )


def round_self_evaluations(evaluation_round: EvaluationRound, user) -> QuerySet[SelfEvaluation]:
    return (
        self_evaluations_visible_to(user)
        .filter(round=evaluation_round)
        .order_by("park__jurisdiction__sort_order", "park__name")
    )


def round_assessments(evaluation_round: EvaluationRound, user) -> QuerySet[ParkAssessment]:
    """The parks of a centralized round with how many experts are assigned, have submitted, and their
    current average (one query)."""
    return (
        assessments_visible_to(user)
        .filter(round=evaluation_round)
        .annotate(
            seat_count=Count("seats", distinct=True),
            submitted_count=Count("seats", filter=Q(seats__submitted_at__isnull=False), distinct=True),
            current_average=Avg("seats__total", filter=Q(seats__submitted_at__isnull=False)),
        )
        .select_related("commendation", "rectification", "comprehensive_result")
        .order_by("park__jurisdiction__sort_order", "park__name")
    )


def assessment_seats(assessment: ParkAssessment) -> QuerySet[ExpertSeat]:
    return assessment.seats.select_related("expert").prefetch_related(
        Prefetch("scores", queryset=IndicatorScore.objects.select_related("indicator"))
    )


def template_indicators(template: IndicatorTemplate) -> QuerySet[Indicator]:
    return template.indicators.order_by("sort_order", "id")


def status_history(park: Park) -> QuerySet[ParkStatusChange]:
    return park.status_changes.select_related("actor").order_by("changed_at", "id")


def latest_published_round(province_id: int | None) -> EvaluationRound | None:
    return (
        EvaluationRound.objects.filter(province_id=province_id, kind=RoundKind.CENTRALIZED, notice__isnull=False)
        .select_related("notice")
        .order_by("-notice__issued_on", "-year", "-pk")
        .first()
    )


# --- the lists as spreadsheets (what their pages show) ------------------------------------------------

ROUND_COLUMNS = [
    Column(_("Year"), "year"),
    Column(_("Kind"), "get_kind_display"),
    Column(_("Opened on"), "opened_on"),
    Column(_("Due date"), "due_date"),
    Column(_("Results"), lambda item: item.notice.document_number if item.is_published else ""),
]
SELF_EVALUATION_COLUMNS = [
    Column(_("Park"), "park.name"),
    Column(_("Jurisdiction"), "park.jurisdiction.name"),
    Column(_("Year"), "round.year"),
    Column(_("Status"), "get_status_display"),
    Column(_("Due date"), "due_date"),
    Column(_("Submitted"), "submitted_at"),
]
RECTIFICATION_COLUMNS = [
    Column(_("Park"), "park.name"),
    Column(_("Jurisdiction"), "park.jurisdiction.name"),
    Column(_("Document number"), "document_number"),
    Column(_("Ground"), "get_ground_display"),
    Column(_("Ordered on"), "ordered_on"),
    Column(_("Deadline"), "deadline"),
    Column(_("Status"), "get_status_display"),
]


def _average_score(item: ParkAssessment):
    """The published score, or the average of the scores submitted so far."""
    if item.score is not None or item.current_average is None:
        return item.score
    return scoring.rounded(item.current_average)


def _grade(row) -> str:
    item, preview = row
    if item.grade:
        return item.get_grade_display()
    return f"{preview} ({_('provisional')})" if preview else ""


# The parks of a centralized round; the rows are (round_assessments item, provisional grade label).
ROUND_ASSESSMENT_COLUMNS = [
    Column(_("Park"), lambda row: row[0].park.name),
    Column(_("Jurisdiction"), lambda row: row[0].park.jurisdiction.name),
    Column(_("Experts"), lambda row: row[0].seat_count),
    Column(_("Scores submitted"), lambda row: row[0].submitted_count),
    Column(_("Average score"), lambda row: _average_score(row[0])),
    Column(_("Grade"), _grade),
]


def _notice_outcome(item: ParkAssessment) -> str:
    if hasattr(item, "commendation"):
        support = item.commendation.support_description if item.commendation.support_recorded_at else ""
        return f"{_('Commended')}: {support}" if support else str(_("Commended"))
    if hasattr(item, "rectification"):
        rectification = item.rectification
        return f"{_('Ordered to rectify by')} {rectification.deadline:%Y-%m-%d} ({rectification.get_status_display()})"
    return ""


# The results of an evaluation notice (通报), per park; the rows are round_assessments.
NOTICE_RESULT_COLUMNS = [
    Column(_("Park"), "park.name"),
    Column(_("Jurisdiction"), "park.jurisdiction.name"),
    Column(_("Average score"), "score"),
    Column(_("Grade"), "get_grade_display"),
    Column(pgettext_lazy("evaluation notice", "Outcome"), _notice_outcome),
    Column(
        _("Support amount (yuan)"),
        lambda item: getattr(getattr(item, "commendation", None), "support_amount_cny", None),
    ),
]


def draws_with_names(assessment: ParkAssessment) -> list:
    """The draw records (抽取记录) of an assessment, each with `eligible_names` and `drawn_names`: the
    experts as people are shown everywhere (姓名（单位）), in one query for all of them."""
    draws = list(assessment.draws.select_related("drawn_by"))
    ids = {pk for draw in draws for pk in (*draw.eligible, *draw.drawn)}
    names = {user.pk: user.display_name for user in User.objects.filter(pk__in=ids)}
    for draw in draws:
        draw.eligible_names = [names.get(pk, f"#{pk}") for pk in draw.eligible]
        draw.drawn_names = [names.get(pk, f"#{pk}") for pk in draw.drawn]
    return draws


def seat_materials(seat: ExpertSeat) -> list:
    """The uploaded materials (第六条（一）, latest version of each) of the park's latest designation
    application, for the expert who scores the park: read through the seat, never another park's."""
    from hrparks.applications.models import Application, Material
    from hrparks.applications.workflow import Kind

    application = (
        Application.objects.filter(park_id=seat.assessment.park_id, kind=Kind.DESIGNATION).order_by("-pk").first()
    )
    if application is None:
        return []
    labels = {m.code: f"{m.article} {m.label}" for m in get_policy(application.policy_id).materials}
    latest = {}
    for material in Material.objects.filter(application=application).order_by("code", "-version"):
        if material.code not in latest:
            material.label = labels.get(material.code, material.code)
            latest[material.code] = material
    return list(latest.values())
