"""Background work of notifications: the e-mail copy of a notification."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from hrparks.audit.context import acting_as


@task()
def send_notification_email(notification_id: int) -> bool:
    """Send one notification by e-mail; False when there is nothing to send (already sent, opted out)."""
    from .models import Notification

    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None:
        return False
    recipient = notification.recipient
    if not (recipient.email_notifications and recipient.email and recipient.is_active):
        return False
    body = notification.text
    if notification.link:
        # SITE_URL (the platform's public address) makes the link absolute where it is configured.
        body += "\n\n" + getattr(settings, "SITE_URL", "").rstrip("/") + notification.link
    send_mail(
        subject=_("HR Service Industrial Park Platform: %(text)s") % {"text": notification.text[:80]},
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient.email],
    )
    with acting_as(None):
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True
