from django.shortcuts import get_object_or_404, render

from hrparks.core.access import role_required
from hrparks.parks.selectors import parks_visible_to

from .forms import EntryFilterForm
from .presentation import present
from .selectors import READERS, entries_visible_to, entry_page, filter_entries, park_names


@role_required(*READERS)
def log(request):
    form = EntryFilterForm(request.GET, parks=parks_visible_to(request.user))
    entries = filter_entries(entries_visible_to(request.user), **form.filters())
    return _render_entries(request, "audit/log.html", form, entries)


@role_required(*READERS)
def park_history(request, pk):
    park = get_object_or_404(parks_visible_to(request.user), pk=pk)
    form = EntryFilterForm(request.GET)
    entries = filter_entries(entries_visible_to(request.user), park=park, **form.filters())
    return _render_entries(request, "audit/park_history.html", form, entries, park=park)


def _render_entries(request, template, form, entries, **context):
    page = entry_page(entries, before=_entry_number(request, "before"), after=_entry_number(request, "after"))
    names = park_names(request.user, page.entries)
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
            "entries": [present(entry, park_name=names.get(entry.park_id, "")) for entry in page.entries],
            "filters": filters.urlencode(),
        },
    )


def _entry_number(request, name: str) -> int | None:
    """A page cursor from the query string; anything but a positive whole number is ignored."""
    value = request.GET.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None
