from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from hrparks.notifications.models import Notification
from hrparks.notifications.tasks import send_notification_email


class Command(BaseCommand):
    help = (
        "Queue again the e-mails of recent notifications that were not sent (the mail server was down, the "
        "worker stopped): the retry of the e-mail task. Run it every few minutes, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3, help="look back this many days (default 3)")

    def handle(self, *args, days: int, **options):
        unsent = Notification.objects.filter(
            emailed_at__isnull=True,
            created__gte=timezone.now() - timedelta(days=days),
            recipient__email_notifications=True,
            recipient__is_active=True,
        ).exclude(recipient__email="")
        queued = 0
        for notification_id in unsent.values_list("pk", flat=True).iterator():
            send_notification_email.enqueue(notification_id)
            queued += 1
        self.stdout.write(f"{queued}")
