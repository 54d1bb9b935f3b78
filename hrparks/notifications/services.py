"""Writes of notifications. `notify` is what other apps call; the e-mail goes out through a task."""

from django.db import transaction
from django.utils import timezone

from .models import Notification
from .tasks import send_notification_email


def notify(recipients, *, text: str, link: str = "", application=None) -> list[Notification]:
    """One notification per recipient (each at most once); e-mail queued for those who want it."""
    created = []
    with transaction.atomic():
        for recipient in {user.pk: user for user in recipients}.values():
            notification = Notification.objects.create(
                recipient=recipient, text=text[:500], link=link, application=application
            )
            created.append(notification)
            if recipient.email_notifications and recipient.email:
                transaction.on_commit(lambda pk=notification.pk: send_notification_email.enqueue(pk))
    return created


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(user) -> int:
    with transaction.atomic():
        unread = list(Notification.objects.select_for_update().filter(recipient=user, read_at__isnull=True))
        for notification in unread:
            mark_read(notification)
    return len(unread)
