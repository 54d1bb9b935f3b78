from django.core.management.base import BaseCommand

from hrparks.audit.checkpoints import write_checkpoint


class Command(BaseCommand):
    help = (
        "Write a signed checkpoint of the audit chain's head to HRPARKS_AUDIT_CHECKPOINT_DIR (outside the "
        "database); verify_audit then reports any rewrite of the log up to it. Run daily."
    )

    def handle(self, *args, **options):
        path = write_checkpoint()
        self.stdout.write(str(path) if path else "The audit log is empty: no checkpoint written.")
