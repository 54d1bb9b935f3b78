"""python manage.py export_dossier PARK [-o FILE]: write a park's dossier (PARK is its id or exact name)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hrparks.parks.dossier import export_dossier
from hrparks.parks.models import Park


def find_park(reference: str) -> Park:
    """The park with this id, or else with exactly this name (which must then be unambiguous)."""
    parks = Park.objects.select_related("jurisdiction")
    if reference.isdigit():
        park = parks.filter(pk=int(reference)).first()
        if park is not None:
            return park
    matches = list(parks.filter(name=reference))
    if not matches:
        raise CommandError(_("No park with id or name %(reference)s.") % {"reference": reference})
    if len(matches) > 1:
        listing = "; ".join(f"{park.pk} {park.jurisdiction}" for park in matches)
        raise CommandError(
            _("Several parks are named %(reference)s; give the id instead: %(listing)s")
            % {"reference": reference, "listing": listing}
        )
    return matches[0]


class Command(BaseCommand):
    help = "Write the dossier (JSON) of a park, given by id or exact name, to stdout or a file."

    def add_arguments(self, parser):
        parser.add_argument("park", help="the park's id or exact name")
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")

    def handle(self, *args, park, output, **options):
        text = json.dumps(export_dossier(find_park(park)), ensure_ascii=False, indent=2)
        if output is None:
            self.stdout.write(text)
            return
        try:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        except OSError as exc:
            raise CommandError(_("Cannot write %(file)s: %(error)s") % {"file": output, "error": exc}) from None
