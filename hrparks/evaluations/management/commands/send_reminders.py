from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from hrparks.evaluations.reminders import pending_reminders
from hrparks.evaluations.tasks import send_reminder


class Command(BaseCommand):
    help = (
        "Queue the reminders due today (evaluation deadlines, the service targets of application steps, ended "
        "public notices; ahead and passed); each is sent once. Run it daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        pending = pending_reminders()
        for item, kind in pending:
            send_reminder.enqueue(item, kind)
        self.stdout.write(_("%(count)s reminder(s) queued.") % {"count": len(pending)})
