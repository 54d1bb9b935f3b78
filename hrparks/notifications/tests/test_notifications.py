"""The inbox, read marks, and the e-mail copy sent through a django-tasks task."""

import pytest
from django.core import mail
from django.urls import reverse

from hrparks.notifications import services
from hrparks.notifications.models import Notification
from hrparks.notifications.tasks import send_notification_email

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = IMMEDIATE_TASKS
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_notify_creates_one_row_per_person_and_emails_those_who_want_it(users, django_capture_on_commit_callbacks):
    quiet = users["city_bureau"]
    quiet.email_notifications = False
    quiet.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([users["operator"], quiet, users["operator"]], text="材料已退回", link="/applications/1/")
    assert Notification.objects.filter(recipient=users["operator"]).count() == 1
    assert Notification.objects.filter(recipient=quiet).count() == 1
    assert [message.to for message in mail.outbox] == [[users["operator"].email]]
    assert "/applications/1/" in mail.outbox[0].body
    assert Notification.objects.get(recipient=users["operator"]).emailed_at is not None


def test_email_is_sent_once_and_not_before_the_transaction_commits(users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        (notification,) = services.notify([users["operator"]], text="待处理")
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert send_notification_email.call(notification.pk) is False  # already sent
    assert len(mail.outbox) == 1


def test_inbox_shows_my_notifications_with_the_unread_count(users, client):
    mine = Notification.objects.create(recipient=users["operator"], text="您的申报已推荐", link="/applications/")
    Notification.objects.create(recipient=users["city_bureau"], text="别人的通知")
    client.force_login(users["operator"])
    page = client.get(reverse("notifications:inbox"))
    assert [n.pk for n in page.context["page"]] == [mine.pk]
    assert page.context["unread"] == 1
    response = client.post(reverse("notifications:mark_read", kwargs={"pk": mine.pk}))
    assert response["Location"] == "/applications/"
    assert client.get(reverse("notifications:inbox")).context["unread"] == 0


def test_a_link_to_another_site_is_not_followed(users, client):
    notification = Notification.objects.create(recipient=users["operator"], text="x", link="https://evil.example/")
    client.force_login(users["operator"])
    response = client.post(reverse("notifications:mark_read", kwargs={"pk": notification.pk}))
    assert response["Location"] == reverse("notifications:inbox")


def test_someone_elses_notification_is_not_found(users, client):
    theirs = Notification.objects.create(recipient=users["city_bureau"], text="x")
    client.force_login(users["operator"])
    assert client.post(reverse("notifications:mark_read", kwargs={"pk": theirs.pk})).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(users, client):
    for text in ("一", "二"):
        Notification.objects.create(recipient=users["operator"], text=text)
    client.force_login(users["operator"])
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=users["operator"], read_at__isnull=True).exists()
