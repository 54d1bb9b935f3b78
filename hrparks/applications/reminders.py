"""Reminders of the designation workflow, sent by the platform's reminder pass (evaluations.reminders,
the `send_reminders` command): this module says what is due and what to say; that one records what
was sent (one per item and kind) and sends it.

- A state with a service target (workflow.py, in working days from the day it was entered): its actors
  are reminded N working days before the target (settings APPLICATION_REMINDER_WORKING_DAYS, 2 by
  default) and once it has passed. The item is the state *entry*, so re-entering a state (a returned
  application submitted again) starts afresh.
- A public notice whose last day has passed while applications on it are still in notice: the
  province is told once that they await its decision (第六条（四）).

"Passed" means a working day after the due date has begun (selectors.Deadline.working_days_left < 0):
nobody is told a target was missed on the weekend or the holiday that follows it."""

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hrparks.evaluations.models import Reminder
from hrparks.workdays.calendar import working_days_left

from . import workflow
from .models import Application, PublicNotice
from .selectors import people_to_notify, with_deadlines

Kind = Reminder.Kind
TIMED_STATES = sorted(state.code for state in workflow.STATES.values() if state.service_target_days)


def reminder_working_days() -> int:
    return getattr(settings, "APPLICATION_REMINDER_WORKING_DAYS", 2)


def _kind(days_left: int, window: int) -> str | None:
    if days_left < 0:
        return Kind.OVERDUE
    if days_left <= window:
        return Kind.DUE_SOON
    return None


def _entry_key(application: Application) -> str:
    return f"application:{application.pk}:{application.state}:{int(application.state_entered_at.timestamp())}"


def _actors(application: Application, state: str) -> list:
    """The people who must act on the application in `state`: the step's recipients (people_to_notify)
    without the applicant when the applicant has nothing to do."""
    roles = application.workflow.actors_in(state)
    return [person for person in people_to_notify(application, state) if person.role in roles]


def _waiting_notices(today: date):
    return (
        PublicNotice.objects.filter(end_date__lt=today, applications__state="in_notice")
        .distinct()
        .only("pk", "end_date")
    )


def due_reminders(today: date) -> list[tuple[str, str]]:
    """(item, kind) of every application reminder due today, sent or not (two queries)."""
    window = reminder_working_days()
    applications = Application.objects.filter(state__in=TIMED_STATES).only("pk", "kind", "state", "state_entered_at")
    due = [
        (_entry_key(application), kind)
        for application, deadline in with_deadlines(applications, today)
        if (kind := _kind(deadline.working_days_left, window))
    ]
    due += [
        (f"notice:{notice.pk}", Kind.OVERDUE)
        for notice in _waiting_notices(today)
        if working_days_left(notice.end_date, today) < 0
    ]
    return due


def _entry_message(pk: str, state: str, stamp: str, kind: str):
    application = Application.objects.select_related("park__jurisdiction").filter(pk=pk).first()
    if application is None or _entry_key(application) != f"application:{pk}:{state}:{stamp}":
        return None  # the step was taken in the meantime
    ((_application, deadline),) = with_deadlines([application])
    info = application.state_info
    values = {
        "park": application.park.name,
        "state": info.label,
        "days": info.service_target_days,
        "date": date_format(deadline.due),
    }
    text = (
        _("Overdue: %(park)s is at “%(state)s”; the service target of %(days)s working days ended on %(date)s.")
        if kind == Kind.OVERDUE
        else _("Reminder: %(park)s is at “%(state)s”; the service target is %(days)s working days, ending on %(date)s.")
    ) % values
    link = reverse("applications:detail", kwargs={"pk": application.pk})
    return _actors(application, state), text, link, application


def _notice_message(pk: str):
    notice = PublicNotice.objects.filter(pk=pk).first()
    waiting = list(notice.applications.filter(state="in_notice").select_related("park__jurisdiction")) if notice else []
    if not waiting:
        return None  # every application on it has been decided
    recipients = {person.pk: person for application in waiting for person in _actors(application, "in_notice")}
    text = _("The public notice “%(title)s” ended on %(date)s: %(count)s application(s) await your decision.") % {
        "title": notice.title,
        "date": date_format(notice.end_date),
        "count": len(waiting),
    }
    return list(recipients.values()), text, reverse("applications:notice", kwargs={"pk": notice.pk}), None


def message(item: str, kind: str):
    """(recipients, text, link, application) of an application reminder, or None when it is settled
    or the item is not one of this module's."""
    name, *parts = item.split(":")
    if name == "application" and len(parts) == 3:
        return _entry_message(*parts, kind)
    if name == "notice" and len(parts) == 1 and kind == Kind.OVERDUE:
        return _notice_message(parts[0])
    return None
