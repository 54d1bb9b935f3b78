"""python manage.py import_dossier FILE.json [--as USERNAME]: create or update one park from a dossier."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hrparks.audit.context import acting_as
from hrparks.parks.dossier_validation import read_dossier
from hrparks.parks.services import DossierRejected, import_dossier


def actor(username: str | None):
    """The user named by --as, or None: the system acts."""
    if username is None:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(_("No user named %(username)s.") % {"username": username}) from None


class Command(BaseCommand):
    help = (
        "Create or update one park from a park dossier (JSON). The park of the dossier's jurisdiction and "
        "name is updated (its sites, enterprises and lists replaced), or created. Any error: nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the dossier, a UTF-8 JSON file")
        parser.add_argument("--as", dest="username", help="record the import as done by this user (default: system)")

    def handle(self, *args, file, username, **options):
        user = actor(username)
        try:
            with open(file, "rb") as handle:
                data, errors = read_dossier(handle.read())
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}) from None
        if not errors:
            try:
                with acting_as(user):
                    park = import_dossier(data)
            except DossierRejected as rejected:
                errors = rejected.errors
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("The dossier was not imported (%(count)s error(s)); nothing was changed.") % {"count": len(errors)}
            )
        self.stdout.write(
            _("Imported %(park)s (id %(id)s, %(jurisdiction)s): %(sites)s site(s), %(enterprises)s enterprise(s).")
            % {
                "park": park.name,
                "id": park.pk,
                "jurisdiction": park.jurisdiction,
                "sites": len(data["sites"]),
                "enterprises": len(data["enterprises"]),
            }
        )
