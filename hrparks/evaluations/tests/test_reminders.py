"""Reminders N working days before a due date and once it has passed, one per item and kind."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from hrparks.evaluations.models import ExpertSeat, ParkAssessment, Rectification, Reminder, RoundKind, SelfEvaluation
from hrparks.evaluations.reminders import pending_reminders, send_reminder
from hrparks.notifications.models import Notification
from hrparks.parks.models import Park
from hrparks.parks.tests.factories import ParkFactory

from .factories import designate, make_round

# Due on Friday 19 December 2025: five working days before is Friday 12 December.
DUE = datetime.date(2025, 12, 19)


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(8), ZoneInfo("Asia/Shanghai")), tick=False)


@pytest.fixture
def due_items(users, changchun):
    park = ParkFactory(name="长春提醒园区", jurisdiction=changchun)
    designate(park)
    self_round = make_round(changchun.province, due_date=DUE)
    evaluation = SelfEvaluation.objects.create(round=self_round, park=park, due_date=DUE)
    order = Rectification.objects.create(
        park=park,
        ground="poor_operation",
        requirements="整改",
        document_number="吉人社函〔2025〕2号",
        ordered_on=datetime.date(2025, 11, 1),
        deadline=DUE,
    )
    central = make_round(changchun.province, RoundKind.CENTRALIZED, due_date=DUE)
    seat = ExpertSeat.objects.create(
        assessment=ParkAssessment.objects.create(round=central, park=park), expert=users["expert"]
    )
    return {"evaluation": evaluation, "order": order, "seat": seat}


def test_nothing_is_due_before_the_window(due_items):
    assert pending_reminders(datetime.date(2025, 12, 11)) == []  # six working days left


def test_due_soon_then_overdue_each_sent_once(due_items, users, django_capture_on_commit_callbacks):
    with at(datetime.date(2025, 12, 12)):
        call_command("send_reminders")
        call_command("send_reminders")  # cron runs again: nothing more
    assert Reminder.objects.filter(kind="due_soon").count() == 3
    bureau = Notification.objects.filter(recipient=users["city_bureau"]).values_list("text", flat=True)
    assert len(bureau) == 2 and all("2025" in text for text in bureau)
    assert Notification.objects.filter(recipient=users["expert"]).count() == 1
    assert not Notification.objects.filter(recipient=users["other_city_bureau"]).exists()

    with at(DUE):  # the last day: still due, not overdue
        call_command("send_reminders")
    assert not Reminder.objects.filter(kind="overdue").exists()

    with at(datetime.date(2025, 12, 20)), django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
        call_command("send_reminders")
    assert Reminder.objects.filter(kind="overdue").count() == 3
    # Overdue items are told to the province too.
    assert Notification.objects.filter(recipient=users["provincial"]).count() == 3
    assert mail.outbox  # the e-mail copies went out through the task queue


def test_the_window_comes_from_the_settings(due_items, settings):
    settings.EVALUATION_REMINDER_WORKING_DAYS = 2
    assert pending_reminders(datetime.date(2025, 12, 12)) == []
    assert len(pending_reminders(datetime.date(2025, 12, 17))) == 3


def test_settled_items_get_no_reminder(due_items):
    due_items["evaluation"].status = SelfEvaluation.Status.SUBMITTED
    due_items["evaluation"].save()
    due_items["order"].status = Rectification.Status.REPORTED
    due_items["order"].save()
    assert [item for item, _kind in pending_reminders(datetime.date(2025, 12, 22))] == [f"seat:{due_items['seat'].pk}"]
    # A reminder queued before the item was settled is not sent.
    assert send_reminder(f"self_evaluation:{due_items['evaluation'].pk}", "overdue") is False
    assert not Reminder.objects.filter(item__startswith="self_evaluation").exists()


def test_revoked_parks_get_no_reminder(due_items):
    Park.objects.filter(pk=due_items["evaluation"].park_id).update(status=Park.Status.REVOKED)
    items = {item for item, _kind in pending_reminders(datetime.date(2025, 12, 22))}
    assert f"self_evaluation:{due_items['evaluation'].pk}" not in items
