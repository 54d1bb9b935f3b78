"""The platform's reminder pass (the `send_reminders` command, one `send_reminder` task per reminder).

Evaluation deadlines are reminded N working days before a due date (settings
EVALUATION_REMINDER_WORKING_DAYS, 5 by default) and once it has passed. Items: self-evaluations
being prepared, rectification orders not yet reported, expert scores not yet submitted. The
designation workflow's service targets and ended public notices come from applications.reminders.

Each item gets at most one reminder of each kind: the Reminder row is written in the same
transaction as the notification, under a unique constraint, so a second run or a task that is
run twice sends nothing more."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hrparks.applications import reminders as application_reminders
from hrparks.notifications.services import notify
from hrparks.workdays.calendar import add_working_days

from .models import ExpertSeat, Rectification, Reminder, SelfEvaluation
from .selectors import (
    EDITABLE_SELF_EVALUATION,
    HOLDS_DESIGNATION,
    city_bureau_staff,
    park_stakeholders,
    provincial_staff,
)

Kind = Reminder.Kind


def reminder_working_days() -> int:
    return getattr(settings, "EVALUATION_REMINDER_WORKING_DAYS", 5)


@dataclass(frozen=True)
class Item:
    key: str
    due_date: date


def _open_self_evaluations():
    return SelfEvaluation.objects.filter(
        status__in=EDITABLE_SELF_EVALUATION, park__status__in=HOLDS_DESIGNATION
    ).select_related("round", "park__jurisdiction")


def _open_rectifications():
    return Rectification.objects.filter(status=Rectification.Status.ORDERED).select_related("park__jurisdiction")


def _open_seats():
    return ExpertSeat.objects.filter(submitted_at__isnull=True, assessment__round__notice__isnull=True).select_related(
        "expert", "assessment__round", "assessment__park__jurisdiction"
    )


def open_items() -> list[Item]:
    """Everything that still has a due date ahead of or behind it (three queries)."""
    items = [Item(f"self_evaluation:{se.pk}", se.due_date) for se in _open_self_evaluations()]
    items += [Item(f"rectification:{r.pk}", r.deadline) for r in _open_rectifications()]
    items += [Item(f"seat:{seat.pk}", seat.assessment.round.due_date) for seat in _open_seats()]
    return items


def due_soon_before(today: date) -> date:
    """Items due before this day are due soon: at most N working days are left until them."""
    return add_working_days(today, reminder_working_days() + 1)


def kind_due(due_date: date, today: date, soon_before: date) -> str | None:
    if due_date < today:
        return Kind.OVERDUE
    if due_date < soon_before:
        return Kind.DUE_SOON
    return None


def pending_reminders(today: date | None = None) -> list[tuple[str, str]]:
    """(item, kind) of every reminder due today and not yet sent."""
    today = today or timezone.localdate()
    soon_before = due_soon_before(today)
    due = [(item.key, kind) for item in open_items() if (kind := kind_due(item.due_date, today, soon_before))]
    due += application_reminders.due_reminders(today)
    sent = set(Reminder.objects.filter(item__in=[key for key, _kind in due]).values_list("item", "kind"))
    return [pair for pair in due if pair not in sent]


def _message(item: str, kind: str):
    """(recipients, text, link, application) of a reminder, or None when the item no longer needs one."""
    name, _sep, pk = item.partition(":")
    overdue = kind == Kind.OVERDUE
    if name == "self_evaluation":
        se = _open_self_evaluations().filter(pk=pk).first()
        if se is None:
            return None
        recipients = list(city_bureau_staff(se.park.jurisdiction_id))
        if overdue:
            recipients += list(provincial_staff(se.round.province_id))
        values = {"year": se.round.year, "park": se.park.name, "date": date_format(se.due_date)}
        text = (
            _("Overdue: the %(year)s self-evaluation of %(park)s was due on %(date)s.")
            if overdue
            else _("Reminder: the %(year)s self-evaluation of %(park)s is due on %(date)s.")
        ) % values
        return recipients, text, reverse("evaluations:self_evaluation", kwargs={"pk": se.pk}), None
    if name == "rectification":
        order = _open_rectifications().filter(pk=pk).first()
        if order is None:
            return None
        recipients = park_stakeholders(order.park) if overdue else list(city_bureau_staff(order.park.jurisdiction_id))
        values = {"park": order.park.name, "number": order.document_number, "date": date_format(order.deadline)}
        text = (
            _("Overdue: the rectification of %(park)s (%(number)s) was due on %(date)s.")
            if overdue
            else _("Reminder: the rectification of %(park)s (%(number)s) is due on %(date)s.")
        ) % values
        return recipients, text, reverse("evaluations:rectification", kwargs={"pk": order.pk}), None
    if name == "seat":
        seat = _open_seats().filter(pk=pk).first()
        if seat is None:
            return None
        evaluation_round = seat.assessment.round
        recipients = [seat.expert] + (list(provincial_staff(evaluation_round.province_id)) if overdue else [])
        values = {"park": seat.assessment.park.name, "date": date_format(evaluation_round.due_date)}
        text = (
            _("Overdue: your scores for %(park)s were due on %(date)s.")
            if overdue
            else _("Reminder: your scores for %(park)s are due on %(date)s.")
        ) % values
        return recipients, text, reverse("evaluations:seat", kwargs={"pk": seat.pk}), None
    return application_reminders.message(item, kind)


def message_in_default_language(item: str, kind: str):
    """_message with its text in the platform's default language: stored texts are, and the e-mail is sent
    from them."""
    with translation.override(settings.LANGUAGE_CODE):
        return _message(item, kind)


def due_date_of(item: str) -> date | None:
    """The due date of an open item (`self_evaluation:<pk>`, `rectification:<pk>`, `seat:<pk>`); None when
    the item is settled or unknown."""
    name, _sep, pk = item.partition(":")
    if name == "self_evaluation":
        return _open_self_evaluations().filter(pk=pk).values_list("due_date", flat=True).first()
    if name == "rectification":
        return _open_rectifications().filter(pk=pk).values_list("deadline", flat=True).first()
    if name == "seat":
        return _open_seats().filter(pk=pk).values_list("assessment__round__due_date", flat=True).first()
    return None


def send_reminder(item: str, kind: str) -> bool:
    """Send one reminder unless it was sent before or the item is settled; True when sent."""
    if kind not in Kind.values:
        return False
    try:
        with transaction.atomic():
            if Reminder.objects.filter(item=item, kind=kind).exists():
                return False
            message = message_in_default_language(item, kind)
            if message is None:
                return False
            Reminder.objects.create(item=item, kind=kind)
            recipients, text, link, application = message
            notify(recipients, text=text, link=link, application=application)
    except IntegrityError:  # the same reminder, sent at the same moment by another worker
        return False
    return True
