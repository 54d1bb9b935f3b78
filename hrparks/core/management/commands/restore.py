from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hrparks.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Replace the database and the uploaded files with those of a backup archive, then verify the audit chain."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, archive: Path, yes: bool, **options):
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file")
        if not yes and input("This replaces ALL data of this installation. Type 'restore' to go on: ") != "restore":
            raise CommandError("cancelled")
        try:
            outcome = restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {archive} (made {outcome['manifest']['created_at']})")
        self.stdout.write(outcome["audit"].message)
        if not outcome["audit"].ok:
            raise CommandError("the restored audit chain does not verify")
