from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from hrparks.audit.context import acting_as
from hrparks.evaluations.services import open_due_rounds


class Command(BaseCommand):
    help = "Open the evaluation rounds that the policy in force makes due today (第十三条); run daily."

    def handle(self, *args, **options):
        with acting_as(None):
            opened = open_due_rounds()
        for evaluation_round in opened:
            self.stdout.write(_("Opened: %(round)s") % {"round": evaluation_round})
        if not opened:
            self.stdout.write(_("No round is due."))
