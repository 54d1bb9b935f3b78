"""An e-mail that failed (mail server down) is sent by the next retry, once."""

import pytest
from django.core import mail
from django.core.management import call_command

from hrparks.notifications.models import Notification
from hrparks.notifications.tasks import send_notification_email


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_failed_email_is_sent_by_the_retry_exactly_once(users, monkeypatch):
    notification = Notification.objects.create(recipient=users["city_bureau"], text="示例：待您审核")
    monkeypatch.setattr("hrparks.notifications.tasks.send_mail", _down)
    with pytest.raises(ConnectionRefusedError):
        send_notification_email.call(notification.pk)
    monkeypatch.undo()

    call_command("resend_notification_emails")
    call_command("resend_notification_emails")

    assert [message.to for message in mail.outbox] == [[users["city_bureau"].email]]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_opted_out_users_get_no_retry(users):
    users["city_bureau"].email_notifications = False
    users["city_bureau"].save()
    Notification.objects.create(recipient=users["city_bureau"], text="示例：待您审核")
    call_command("resend_notification_emails")
    assert mail.outbox == []


def _down(**kwargs):
    raise ConnectionRefusedError("mail server down")
