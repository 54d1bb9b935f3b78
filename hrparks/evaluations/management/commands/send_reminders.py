from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from hrparks.evaluations.reminders import pending_reminders
from hrparks.evaluations.tasks import send_reminder


class Command(BaseCommand):
    help = "Queue the evaluation reminders due today (deadlines ahead and passed); each is sent once."

    def handle(self, *args, **options):
        pending = pending_reminders()
        for item, kind in pending:
            send_reminder.enqueue(item, kind)
        self.stdout.write(_("%(count)s reminder(s) queued.") % {"count": len(pending)})
