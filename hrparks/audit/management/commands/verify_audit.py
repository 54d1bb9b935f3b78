from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from hrparks.audit.chain import verify_chain
from hrparks.audit.checkpoints import verify_checkpoints


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chain and hold it to the signed checkpoints; report the first broken link "
        "and exit non-zero if there is one."
    )

    def handle(self, *args, **options):
        report = verify_chain()
        if report.ok:
            report = verify_checkpoints(report)
        with translation.override(settings.LANGUAGE_CODE):
            message = report.message
        if not report.ok:
            raise CommandError(message)
        self.stdout.write(self.style.SUCCESS(message))
