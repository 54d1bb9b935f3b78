"""Reminders of the workflow's service targets and of ended public notices, counted in working days
across the 2026 National Day holiday (1–7 October off; Sunday 20 September and Saturday 10 October
worked), each sent once, to the people who must act and nobody else."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.applications.models import Application, PanelMember, PublicNotice
from hrparks.applications.tests.factories import application_in, operated_park
from hrparks.evaluations.models import Reminder
from hrparks.evaluations.reminders import pending_reminders, send_reminder
from hrparks.notifications.models import Notification

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Entered on Wednesday 16 September: 15 working days (city review) end on Tuesday 13 October, 10
# (city government) on Wednesday 30 September — the holiday and the Mid-Autumn Festival excluded.
ENTERED = datetime.datetime(2026, 9, 16, 9, tzinfo=SHANGHAI)


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(8), SHANGHAI), tick=False)


def run_pass(times: int = 1) -> None:
    for _run in range(times):
        call_command("send_reminders", stdout=io.StringIO())


def texts_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("text", flat=True))


@pytest.fixture
def in_review(users, jilin_city):
    """One application awaiting city review in 长春市 and one in 吉林市, both since ENTERED."""
    changchun_park = operated_park(users["operator"], name="长春提醒园区")
    jilin_park = operated_park(users["operator"], jurisdiction=jilin_city, name="吉林提醒园区")
    return [
        application_in("submitted", users["operator"], park=park, state_entered_at=ENTERED)
        for park in (changchun_park, jilin_park)
    ]


def test_city_review_reminded_two_working_days_before_then_when_late(
    in_review, users, changchun, django_capture_on_commit_callbacks
):
    quiet = users["city_bureau"]  # no e-mail wanted: the inbox only
    quiet.email_notifications = False
    quiet.save()
    colleague = UserFactory(role=Role.CITY_BUREAU, jurisdiction=changchun)

    with at(datetime.date(2026, 10, 9)):  # three working days left (Saturday the 10th is worked)
        run_pass()
    assert not Notification.objects.exists()

    with at(datetime.date(2026, 10, 10)), django_capture_on_commit_callbacks(execute=True):
        run_pass(times=2)  # cron runs again: nothing more
    assert list(Reminder.objects.values_list("kind", flat=True)) == ["due_soon", "due_soon"]
    assert texts_of(quiet) == texts_of(colleague)
    (due_soon,) = texts_of(quiet)
    assert "长春提醒园区" in due_soon and "2026年10月13日" in due_soon
    # The other city's bureau hears only of its own park; the applicant and the province have nothing to do.
    (other_city,) = texts_of(users["other_city_bureau"])
    assert "吉林提醒园区" in other_city
    for bystander in ("operator", "city_government", "provincial"):
        assert texts_of(users[bystander]) == []
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [colleague.email, users["other_city_bureau"].email]
    )

    with at(datetime.date(2026, 10, 13)):  # the last day: due, not late
        run_pass()
    assert len(texts_of(colleague)) == 1

    with at(datetime.date(2026, 10, 14)):
        run_pass(times=2)
    assert Reminder.objects.filter(kind="overdue").count() == 2
    late = texts_of(colleague)[1]
    assert late != due_soon and "长春提醒园区" in late
    assert len(texts_of(users["other_city_bureau"])) == 2
    assert texts_of(users["provincial"]) == []


def test_entering_the_state_again_starts_afresh_and_a_step_taken_cancels_a_queued_reminder(in_review, users):
    changchun_application = in_review[0]
    with at(datetime.date(2026, 10, 10)):
        ((item, kind),) = [
            pair for pair in pending_reminders() if pair[0].startswith(f"application:{changchun_application.pk}:")
        ]
        # Returned and resubmitted before the queued reminder ran: the reminder is about a step that is over.
        Application.objects.filter(pk=changchun_application.pk).update(state_entered_at=datetime.datetime.now(SHANGHAI))
        assert send_reminder(item, kind) is False
        assert texts_of(users["city_bureau"]) == []
    # The new entry has its own 15 working days (due 30 October) and its own reminders.
    with at(datetime.date(2026, 10, 29)):
        run_pass()
    assert len(texts_of(users["city_bureau"])) == 1

    Application.objects.filter(pk=changchun_application.pk).update(state="recommended")
    with at(datetime.date(2026, 11, 2)):  # late for the review, but the bureau has recommended it
        run_pass()
    assert len(texts_of(users["city_bureau"])) == 1


def test_nothing_is_late_during_the_holiday_then_the_city_and_the_province_are_told(users):
    forwarding = application_in("recommended", users["operator"], state_entered_at=ENTERED)  # due 30 September
    # Both notices ran from 24 to 30 September; the second one's application is already designated.
    notice, decided = (
        application_in(state, users["operator"]).public_notices.get() for state in ("in_notice", "designated")
    )
    PublicNotice.objects.filter(pk__in=[notice.pk, decided.pk]).update(
        title="2026年省级人力资源服务产业园拟认定名单公示",
        start_date=datetime.date(2026, 9, 24),
        end_date=datetime.date(2026, 9, 30),
    )

    with at(datetime.date(2026, 10, 7)):  # the holiday's last day: the forwarding is due, not late
        assert [kind for _item, kind in pending_reminders()] == ["due_soon"]

    with at(datetime.date(2026, 10, 8)):
        run_pass(times=2)
    (late,) = texts_of(users["city_government"])
    assert forwarding.park.name in late and "2026年9月30日" in late
    (ended,) = texts_of(users["provincial"])
    assert "2026年省级人力资源服务产业园拟认定名单公示" in ended and "2026年9月30日" in ended
    assert sorted(Reminder.objects.values_list("item", "kind")) == [
        (f"application:{forwarding.pk}:recommended:{int(ENTERED.timestamp())}", "overdue"),
        (f"notice:{notice.pk}", "overdue"),
    ]
    assert Notification.objects.get(recipient=users["provincial"]).link == f"/applications/notices/{notice.pk}/"
    assert texts_of(users["city_bureau"]) == texts_of(users["operator"]) == []


def test_late_evaluation_reminds_the_province_and_the_experts_yet_to_review(users, people):
    evaluating = application_in(
        "evaluating", users["operator"], expert=people["expert_四平市"], state_entered_at=ENTERED
    )
    PanelMember.objects.create(
        application=evaluating, expert=people["expert_辽源市"], reviewed_at=datetime.datetime.now(SHANGHAI)
    )
    with at(datetime.date(2026, 11, 30)):  # 30 working days from 16 September have passed
        run_pass()
    assert {n.recipient.username for n in Notification.objects.select_related("recipient")} == {
        "province",
        "expert_四平市",
    }
