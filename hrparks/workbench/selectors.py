"""Reads of the workbench (工作台): what waits for the user, counted and grouped, each item linked to the
page where the work is done. Every read goes through the owning app's scoping selector, so a workbench
never counts what its user could not open; a role without a kind of work gets an empty group from
that selector and the group is left out.

Queries per group are fixed (a count and the few most urgent rows), however much is waiting: the
workbench of a busy bureau costs what an idle one does."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrparks.accounts.models import Role
from hrparks.applications import selectors as applications
from hrparks.applications.selectors import Deadline
from hrparks.applications.templatetags.applications import state_label
from hrparks.evaluations import selectors as evaluations
from hrparks.evaluations.models import Rectification, SelfEvaluation
from hrparks.notifications.selectors import notifications_of
from hrparks.parks.selectors import enterprises_visible_to, parks_visible_to
from hrparks.workdays.calendar import working_days_left

# How many items of a group the workbench lists; the group's link leads to all of them.
SHOWN = 5
RECENT_NOTIFICATIONS = 5


@dataclass(frozen=True)
class Item:
    label: str
    detail: str
    url: str
    deadline: Deadline | None = None


@dataclass
class Group:
    key: str
    title: str
    count: int
    overdue: int
    items: list[Item]
    # The page with the whole list, when there is one.
    url: str = ""
    # (label, count) per state, for the application queue.
    breakdown: list[tuple[str, int]] = field(default_factory=list)


def _deadline(due: date, today: date) -> Deadline:
    # Due dates fixed by an order or a round (第十三条, 第十四条), not the platform's service targets.
    return Deadline(due, working_days_left(due, today=today), statutory=True)


def application_group(user, today: date) -> Group | None:
    """待我处理: the work queue with the deadlines it already knows (service targets in working days,
    the notice's last day). The queue is read in one pass (the deadline of each application depends
    on its state and notice), in a fixed number of queries."""
    waiting = applications.work_queue(user).prefetch_related("public_notices")
    rows = list(applications.deadline_rows(waiting, today=today))
    if not rows:
        return None
    by_state = Counter(application.state for application, _deadline in rows)
    breakdown = [(state_label(code, user), count) for code, count in by_state.most_common()]
    urgent = sorted(rows, key=lambda row: row[1].working_days_left if row[1] else float("inf"))[:SHOWN]
    items = [
        Item(
            application.park.name,
            state_label(application.state, user),
            reverse("applications:detail", args=[application.pk]),
            deadline,
        )
        for application, deadline in urgent
    ]
    overdue = sum(1 for _application, deadline in rows if deadline and deadline.working_days_left < 0)
    title = _("Applications to review") if user.role != Role.PARK_OPERATOR else _("Applications waiting for you")
    return Group("applications", title, len(rows), overdue, items, reverse("applications:queue"), breakdown)


def _group(key, title, queryset: QuerySet, *, due_field: str | None, today: date, item, url: str = "") -> Group | None:
    """A group from a scoped queryset: one query for the count (and the overdue count), one for the
    most urgent rows."""
    counts = {"total": Count("pk")}
    if due_field:
        counts["overdue"] = Count("pk", filter=Q(**{f"{due_field}__lt": today}))
    counted = queryset.aggregate(**counts)
    if not counted["total"]:
        return None
    rows = queryset.order_by(due_field or "pk", "pk")[:SHOWN]
    return Group(key, title, counted["total"], counted.get("overdue", 0), [item(row) for row in rows], url)


def objection_group(user, today: date) -> Group | None:
    """Objections filed during a public notice that the provincial bureau has not yet decided (第六条（四）)."""
    if user.role != Role.PROVINCIAL_BUREAU:
        return None
    return _group(
        "objections",
        _("Objections to decide"),
        applications.objections_visible_to(user).filter(upheld__isnull=True),
        due_field=None,
        today=today,
        item=lambda objection: Item(
            objection.application.park.name,
            objection.receipt_number,
            reverse("applications:objection_resolve", args=[objection.pk]),
        ),
        url=reverse("applications:notices"),
    )


# Who acts on a rectification in which status (第十四条): the city bureau reports by the order's deadline,
# then the province decides (the measures set it no deadline, so none is shown to the province).
RECTIFICATION_WORK = {
    Role.CITY_BUREAU: (Rectification.Status.ORDERED, _("Rectifications to report"), "deadline"),
    Role.PROVINCIAL_BUREAU: (Rectification.Status.REPORTED, _("Rectifications to accept"), None),
}


def rectification_group(user, today: date) -> Group | None:
    if user.role not in RECTIFICATION_WORK:
        return None
    status, title, due_field = RECTIFICATION_WORK[user.role]
    return _group(
        "rectifications",
        title,
        evaluations.rectifications_visible_to(user).filter(status=status),
        due_field=due_field,
        today=today,
        item=lambda rectification: Item(
            rectification.park.name,
            rectification.get_ground_display(),
            reverse("evaluations:rectification", args=[rectification.pk]),
            _deadline(rectification.deadline, today) if due_field else None,
        ),
    )


# Who acts on a self-evaluation in which status (第十三条): the city bureau writes it (again, when
# returned) by the round's due date, the province reviews it (no deadline). Only for parks that still
# hold the designation.
SELF_EVALUATION_WORK = {
    Role.CITY_BUREAU: (evaluations.EDITABLE_SELF_EVALUATION, _("Self-evaluations due"), "due_date"),
    Role.PROVINCIAL_BUREAU: ((SelfEvaluation.Status.SUBMITTED,), _("Self-evaluations to review"), None),
}


def self_evaluation_group(user, today: date) -> Group | None:
    if user.role not in SELF_EVALUATION_WORK:
        return None
    statuses, title, due_field = SELF_EVALUATION_WORK[user.role]
    return _group(
        "self_evaluations",
        title,
        evaluations.self_evaluations_visible_to(user).filter(
            status__in=statuses, park__status__in=evaluations.HOLDS_DESIGNATION
        ),
        due_field=due_field,
        today=today,
        item=lambda evaluation: Item(
            evaluation.park.name,
            evaluation.get_status_display(),
            reverse("evaluations:self_evaluation", args=[evaluation.pk]),
            _deadline(evaluation.due_date, today) if due_field else None,
        ),
        url=reverse("evaluations:index"),
    )


def assignment_group(user, today: date) -> Group | None:
    """An expert's park assessments not yet scored (第十三条: the centralized evaluation)."""
    if user.role != Role.EXPERT:
        return None
    return _group(
        "assignments",
        _("Evaluation assignments to score"),
        evaluations.seats_of(user).filter(submitted_at__isnull=True),
        due_field=None,
        today=today,
        item=lambda seat: Item(
            seat.assessment.park.name,
            str(seat.assessment.round),
            reverse("evaluations:seat", args=[seat.pk]),
        ),
        url=reverse("evaluations:my_assignments"),
    )


GROUPS = (application_group, objection_group, rectification_group, self_evaluation_group, assignment_group)


@dataclass
class Workbench:
    groups: list[Group]
    notifications: list

    @property
    def overdue(self) -> int:
        return sum(group.overdue for group in self.groups)


def workbench_of(user, today: date | None = None) -> Workbench:
    today = today or timezone.localdate()
    groups = [group for make in GROUPS if (group := make(user, today)) is not None]
    # The unread count is the navigation's badge (core.context_processors), read once per request.
    recent = list(notifications_of(user).order_by("-created", "-id")[:RECENT_NOTIFICATIONS])
    return Workbench(groups, recent)


# The longest search text taken (a name or an 18-character 统一社会信用代码 fits).
SEARCH_MAX_LENGTH = 100
SEARCH_GROUPS = ("parks", "enterprises", "applications")


def search(user, text: str) -> dict[str, QuerySet]:
    """One search box: parks by name, enterprises by name or exact 统一社会信用代码, applications by park
    or designated name (or number), each through its scoping selector. Experts search only their
    assigned applications; the parks behind them are reached from there."""
    text = text.strip()[:SEARCH_MAX_LENGTH]
    if not text:
        return {}
    found = {
        "applications": applications.applications_visible_to(user)
        .filter(
            Q(park__name__icontains=text)
            | Q(designated_name__icontains=text)
            | (Q(pk=int(text)) if text.isdigit() and len(text) <= 9 else Q(pk__in=[]))
        )
        .order_by("-state_entered_at", "-id"),
    }
    if user.role == Role.EXPERT:
        return found
    return {
        "parks": parks_visible_to(user).filter(name__icontains=text).order_by("jurisdiction__sort_order", "name"),
        "enterprises": enterprises_visible_to(user)
        .filter(Q(uscc=text.upper()) | Q(name__icontains=text))
        .select_related("park__jurisdiction")
        .order_by("name", "id"),
    } | found
