from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hrparks.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write the database and the uploaded files into one backup archive (.tar)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="where to write the archive, e.g. backups/2026-11-26.tar")

    def handle(self, *args, archive: Path, **options):
        try:
            manifest = create_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{archive}: {manifest['database']} database, {manifest['media_files']} uploaded files")
