from django.shortcuts import get_object_or_404, render

from hrparks.core.access import role_required
from hrparks.core.exports import export_if_requested
from hrparks.parks.selectors import parks_visible_to

from .forms import EntryFilterForm
from .presentation import present
from .selectors import (
    ENTRY_COLUMNS,
    READERS,
    entries_visible_to,
    entry_page,
    entry_rows,
    filter_entries,
    with_park_names,
)


@role_required(*READERS)
def log(request):
    form = EntryFilterForm(request.GET)
    entries = filter_entries(entries_visible_to(request.user), **form.filters())
    return _render_entries(request, "audit/log.html", form, entries, filename="audit-log")


@role_required(*READERS)
def park_history(request, pk):
    park = get_object_or_404(parks_visible_to(request.user), pk=pk)
    form = EntryFilterForm(request.GET, by_park=False)
    entries = filter_entries(entries_visible_to(request.user), park=park, **form.filters())
    return _render_entries(request, "audit/park_history.html", form, entries, filename="park-history", park=park)


def _render_entries(request, template, form, entries, *, filename, **context):
    entries = with_park_names(request.user, entries)
    if response := export_if_requested(request, entry_rows(request.user, entries), ENTRY_COLUMNS, filename):
        return response
    page = entry_page(entries, before=_entry_number(request, "before"), after=_entry_number(request, "after"))
    filters = request.GET.copy()
    for cursor in ("before", "after"):
        filters.pop(cursor, None)
    return render(
        request,
        template,
        {
            **context,
            "form": form,
            "page": page,
            "entries": [present(entry, user=request.user, park_name=entry.park_name or "") for entry in page.entries],
            "filters": filters.urlencode(),
        },
    )


def _entry_number(request, name: str) -> int | None:
    """A page cursor from the query string; anything but a positive whole number is ignored."""
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None
