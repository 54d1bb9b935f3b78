from django.core.paginator import Paginator
from django.shortcuts import render

from hrparks.accounts.models import Role
from hrparks.core.access import role_required

from . import selectors

STAFF = tuple(role for role in Role if role != Role.SYSTEM_ADMIN)
PAGE_SIZE = 30


@role_required(*Role)
def workbench(request):
    """The home page of everyone logged in (core:home): what waits for them, and their notifications."""
    return render(request, "workbench/index.html", {"workbench": selectors.workbench_of(request.user)})


@role_required(*STAFF)
def search(request):
    text = request.GET.get("q", "").strip()[: selectors.SEARCH_MAX_LENGTH]
    found = selectors.search(request.user, text)
    # One group at a time is paged through; without one, each group shows its first page.
    group = request.GET.get("group", "")
    if group not in found:
        group = ""
    pages = {
        name: Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page") if name == group else 1)
        for name, queryset in found.items()
        if not group or name == group
    }
    return render(request, "workbench/search.html", {"q": text, "group": group, "pages": pages})
