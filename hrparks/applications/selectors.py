"""Reads of applications. `applications_visible_to` is THE scoping rule for applications: every list,
detail and action goes through it, so an application outside the user's scope is a 404."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrparks.accounts.models import Role, User
from hrparks.api.exports import CHUNK_SIZE as EXPORT_CHUNK_SIZE
from hrparks.api.exports import Column
from hrparks.parks.models import Park
from hrparks.parks.selectors import parks_visible_to
from hrparks.policy.registry import get_policy
from hrparks.workdays.calendar import add_working_days, working_days_left

from . import workflow
from .models import (
    Application,
    ApplicationEvent,
    ConflictDeclaration,
    Material,
    Objection,
    PanelMember,
    PublicNotice,
    Subsidy,
)


def applications_visible_to(user) -> QuerySet[Application]:
    """Operators: their parks' applications. City roles: their jurisdiction's; the province: its
    province's — both only once submitted (drafts are the applicant's own). Experts: only the
    applications whose panel they sit on. The system administrator: none."""
    applications = Application.objects.select_related("park__jurisdiction")
    if not user.is_authenticated:
        return applications.none()
    if user.role == Role.EXPERT:
        return applications.filter(panel_members__expert=user)
    visible = applications.filter(park__in=parks_visible_to(user).values("pk"))
    if user.role == Role.PARK_OPERATOR:
        return visible
    return visible.filter(submitted_at__isnull=False)


def application_list(user, *, state: str = "", kind: str = "", search: str = "") -> QuerySet[Application]:
    applications = applications_visible_to(user)
    if state:
        applications = applications.filter(state=state)
    if kind:
        applications = applications.filter(kind=kind)
    if search:
        applications = applications.filter(Q(park__name__icontains=search) | Q(designated_name__icontains=search))
    return applications.order_by("-state_entered_at", "-id")


def states_awaiting(role) -> list[str]:
    """The states in which `role` has something to do, from the workflow tables."""
    return [state.code for wf in workflow.WORKFLOWS.values() for state in wf.states if role in wf.actors_in(state.code)]


def work_queue(user) -> QuerySet[Application]:
    """待我处理: the applications in the user's scope that wait for the user's role."""
    waiting = applications_visible_to(user).filter(state__in=states_awaiting(user.role))
    if user.role == Role.EXPERT:
        # An expert's work is their own review; once submitted, nothing waits for them.
        waiting = waiting.filter(panel_members__expert=user, panel_members__reviewed_at__isnull=True)
    return waiting.order_by("state_entered_at", "id")


@dataclass(frozen=True)
class Deadline:
    due: date
    working_days_left: int
    # False for the platform's own service targets; True for a deadline of the measures (the notice).
    statutory: bool

    @property
    def days_late(self) -> int:
        return max(0, -self.working_days_left)


def _deadline(state: str, entered_on: date, notice_end: date | None, today: date) -> Deadline | None:
    if state == "in_notice" and notice_end is not None:
        return Deadline(notice_end, working_days_left(notice_end, today=today), statutory=True)
    days = workflow.STATES[state].service_target_days
    if days is None:
        return None
    due = add_working_days(entered_on, days)
    return Deadline(due, working_days_left(due, today=today), statutory=False)


def deadline_of(application: Application, notice: PublicNotice | None = None, today: date | None = None):
    """When the current step should be done: the notice's last day while in public notice, otherwise
    the state's service target counted in working days from the day the state was entered."""
    notice_end = notice.end_date if notice is not None else None
    entered_on = timezone.localdate(application.state_entered_at)
    return _deadline(application.state, entered_on, notice_end, today or timezone.localdate())


def with_deadlines(applications, today: date | None = None) -> list[tuple[Application, Deadline | None]]:
    """Applications paired with their deadlines; `applications` should prefetch `public_notices`."""
    return list(deadline_rows(applications, today))


def deadline_rows(applications, today: date | None = None) -> Iterator[tuple[Application, Deadline | None]]:
    """with_deadlines one row at a time; a queryset is read in chunks (the export of a whole list).
    Rows that share a state, a start day and a notice share one computation in the calendar."""
    today = today or timezone.localdate()
    deadline = cache(_deadline)
    if isinstance(applications, QuerySet):
        applications = applications.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    for application in applications:
        notices = list(application.public_notices.all()) if application.state == "in_notice" else []
        notice_end = max((n.end_date for n in notices), default=None)
        entered_on = timezone.localdate(application.state_entered_at)
        yield application, deadline(application.state, entered_on, notice_end, today)


def _state_label(user):
    """The state's label as the user's pages show it (the applicant sees the public one)."""
    public = user.role == Role.PARK_OPERATOR

    def label(row) -> str:
        state = workflow.STATES.get(row[0].state)
        if state is None:
            return row[0].state
        return state.public_label if public else state.label

    return label


def application_columns(user) -> list[Column]:
    """The columns of an exported application list or work queue; the rows are deadline_rows."""
    return [
        Column(_("Number"), lambda row: row[0].pk),
        Column(_("Park"), lambda row: row[0].park.name),
        Column(_("Jurisdiction"), lambda row: row[0].park.jurisdiction.name),
        Column(_("Kind"), lambda row: row[0].get_kind_display()),
        Column(
            _("Park type"),
            lambda row: row[0].get_park_type_display() if row[0].kind == workflow.Kind.DESIGNATION else "",
        ),
        Column(_("State"), _state_label(user)),
        Column(_("In this state since"), lambda row: row[0].state_entered_at),
        Column(_("Due"), lambda row: row[1].due if row[1] else None),
        Column(_("Working days left"), lambda row: row[1].working_days_left if row[1] else None),
        Column(_("Submitted"), lambda row: row[0].submitted_at),
    ]


def application_detail_queryset(user) -> QuerySet[Application]:
    return applications_visible_to(user).select_related("created_by", "branch_proposal__site")


def timeline(application: Application) -> QuerySet[ApplicationEvent]:
    """The history, oldest first. A row's `data` is not loaded (a submission keeps the whole dossier and its
    eligibility report there): of it, the history shows only the `document_number` and `document_date`
    of a step, annotated."""
    return (
        application.events.select_related("actor", "material")
        .defer("data")
        .annotate(
            document_number=KeyTextTransform("document_number", "data"),
            document_date=KeyTextTransform("document_date", "data"),
        )
        .order_by("created_at", "id")
    )


def pending_return(application: Application) -> ApplicationEvent | None:
    """The return that put the application where it is now, with its reasons; None once it has moved on."""
    last = application.events.select_related("actor").defer("data").order_by("-created_at", "-id").first()
    if last is None or last.action not in workflow.RETURNS or last.to_state != application.state:
        return None
    return last


def materials_by_code(application: Application) -> list[dict]:
    """The policy's materials, each with its versions (newest first) — what the applicant has uploaded."""
    policy = get_policy(application.policy_id)
    versions: dict[str, list[Material]] = {}
    for material in application.materials.select_related("uploaded_by").order_by("code", "-version"):
        versions.setdefault(material.code, []).append(material)
    return [{"spec": spec, "versions": versions.get(spec.code, [])} for spec in policy.materials]


def panel(application: Application) -> QuerySet[PanelMember]:
    return application.panel_members.select_related("expert__jurisdiction").order_by("id")


def latest_notice(application: Application) -> PublicNotice | None:
    return application.public_notices.order_by("-published_on", "-id").first()


def objections_of(application: Application) -> QuerySet[Objection]:
    return application.objections.select_related("notice", "resolved_by").order_by("filed_at", "id")


def current_public_notices(today: date | None = None) -> QuerySet[PublicNotice]:
    """Notices open today (from publication to the last day), with their applications' parks: for the
    public portal."""
    today = today or timezone.localdate()
    return (
        PublicNotice.objects.filter(published_on__lte=today, end_date__gte=today)
        .prefetch_related(
            Prefetch("applications", queryset=Application.objects.select_related("park__jurisdiction").order_by("id"))
        )
        .order_by("end_date", "id")
    )


def notices_visible_to(user) -> QuerySet[PublicNotice]:
    """The province's notices that carry at least one application the user may see."""
    return (
        PublicNotice.objects.filter(applications__in=applications_visible_to(user).values("pk"))
        .distinct()
        .select_related("published_by")
        .order_by("-published_on", "-id")
    )


def objections_visible_to(user) -> QuerySet[Objection]:
    return Objection.objects.filter(application__in=applications_visible_to(user).values("pk")).select_related(
        "notice", "application__park"
    )


NOTICE_COLUMNS = [
    Column(_("Title"), "title"),
    Column(_("Document number"), "document_number"),
    Column(_("Published"), "published_on"),
    Column(_("First day"), "start_date"),
    Column(_("Last day"), "end_date"),
]


def _objection_outcome(objection: Objection) -> str:
    if objection.upheld is None:
        return _("being verified")
    return _("Upheld") if objection.upheld else _("Dismissed")


# What the notice page lists of each objection; who filed it and how to reach them stay on its own page.
OBJECTION_COLUMNS = [
    Column(_("Receipt number"), "receipt_number"),
    Column(_("Application"), "application.park.name"),
    Column(_("Filed"), "filed_at"),
    Column(_("Outcome"), _objection_outcome),
]


def recommendation_list(user) -> QuerySet[Application]:
    """Applications that passed the evaluation and wait for the public notice (推荐名单)."""
    return applications_visible_to(user).filter(state="shortlisted").order_by("state_entered_at", "id")


def parks_open_for_declaration(expert) -> QuerySet[Park]:
    """Parks of the expert's province under application: an expert may declare a conflict with them.
    Only their names are shown."""
    province_id = expert.province_id
    if province_id is None:
        return Park.objects.none()
    return (
        Park.objects.filter(
            Q(jurisdiction__province_id=province_id) | Q(jurisdiction_id=province_id),
            applications__state__in=workflow.OPEN_STATES,
        )
        .distinct()
        .select_related("jurisdiction")
        .order_by("jurisdiction__sort_order", "name")
    )


def declarations_of(expert) -> QuerySet[ConflictDeclaration]:
    return expert.conflict_declarations.select_related("park__jurisdiction").order_by("-declared_at")


def subsidies_visible_to(user) -> QuerySet[Subsidy]:
    return Subsidy.objects.filter(application__in=applications_visible_to(user).values("pk")).select_related(
        "park", "application"
    )


@dataclass(frozen=True)
class SubsidySummary:
    granted: object
    disbursed: object
    spent: object
    by_use: list  # (label, amount)

    @property
    def undisbursed(self):
        return self.granted - self.disbursed

    @property
    def unspent(self):
        return self.disbursed - self.spent


def subsidy_summary(subsidy: Subsidy) -> SubsidySummary:
    zero = subsidy.amount - subsidy.amount
    disbursed = subsidy.disbursements.aggregate(total=Sum("amount"))["total"] or zero
    spent_by_use = dict(subsidy.spendings.values_list("use").annotate(total=Sum("amount")).order_by())
    uses = get_policy(subsidy.policy_id).procedure.spending_uses
    return SubsidySummary(
        granted=subsidy.amount,
        disbursed=disbursed,
        spent=sum(spent_by_use.values(), zero),
        by_use=[(use.label, spent_by_use.get(use.code, zero)) for use in uses],
    )


def people_to_notify(application: Application, state: str, *, exclude=None) -> list[User]:
    """Who must act on the application in `state` (from the workflow table's roles, in scope) and the
    applicant (the park's operators and whoever started the application)."""
    park = application.park
    province_id = park.jurisdiction.province_id or park.jurisdiction_id
    roles = application.workflow.actors_in(state)
    scope = Q(pk=application.created_by_id) | Q(role=Role.PARK_OPERATOR, parks=park)
    if roles & {Role.CITY_BUREAU, Role.CITY_GOVERNMENT}:
        scope |= Q(role__in=roles & {Role.CITY_BUREAU, Role.CITY_GOVERNMENT}, jurisdiction_id=park.jurisdiction_id)
    if Role.PROVINCIAL_BUREAU in roles:
        scope |= Q(role=Role.PROVINCIAL_BUREAU, jurisdiction_id=province_id)
    if Role.EXPERT in roles:
        scope |= Q(role=Role.EXPERT, panel_seats__application=application, panel_seats__reviewed_at__isnull=True)
    people = User.objects.filter(scope, is_active=True).distinct()
    if exclude is not None:
        people = people.exclude(pk=exclude.pk)
    return list(people)
