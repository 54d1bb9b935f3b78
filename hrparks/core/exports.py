"""Every list page an official sees downloads as a spreadsheet: the same URL with ``?export=xlsx`` or
``?export=csv``. The page's view builds its filtered, scoped list as usual and hands it over first:

    if response := export_if_requested(request, parks, selectors.PARK_COLUMNS, "parks"):
        return response

So an export has exactly the page's scope, access rules and filters, with every row rather than one page
of them; the page shows the buttons with ``{% include "core/_export_buttons.html" %}``. A page with
several lists names the one to export (``&list=rounds``, see `export_list_if_requested`). The files are
written by `hrparks.api.exports` (shared with the API's export endpoints)."""

from collections.abc import Iterable

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from hrparks.api.exports import FORMATS, Column, export_response

EXPORT = "export"
LIST = "list"


def export_if_requested(request, objects: Iterable, columns: list[Column], filename: str):
    """The list as a download when the query string asks for one; None to render the page as usual.
    An unknown format is a 400 that says which ones exist."""
    file_format = request.GET.get(EXPORT)
    if not file_format:
        return None
    if file_format not in FORMATS:
        return HttpResponseBadRequest(
            _("Unknown export format “%(format)s”: use %(formats)s.")
            % {"format": file_format[:20], "formats": " / ".join(FORMATS)},
            content_type="text/plain; charset=utf-8",
        )
    return export_response(objects, columns, file_format=file_format, filename=filename)


def export_list_if_requested(request, lists: dict[str, tuple[Iterable, list[Column]]]):
    """export_if_requested for a page with several lists, `lists` by name: ``?list=<name>`` picks one (an
    unknown name renders the page)."""
    name = request.GET.get(LIST, "")
    if name not in lists:
        return None
    objects, columns = lists[name]
    return export_if_requested(request, objects, columns, name)
