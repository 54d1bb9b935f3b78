"""The public portal: no log-in, public data only, its own plain pages (templates/portal/)."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from hrparks.applications.forms import add_service_errors

from . import selectors, services, throttle
from .forms import ObjectionForm, ParkFilterForm, ReceiptLookupForm

PAGE_SIZE = 20
# Per address: objections filed, and receipt look-ups (which must not become a way to guess contacts).
OBJECTIONS_PER_HOUR = 5
LOOKUPS_PER_HOUR = 30
HOUR = 3600


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _throttled(request):
    return render(request, "portal/throttled.html", status=429)


def index(request):
    today = timezone.localdate()
    notices = list(selectors.current_notices(today))
    context = {
        "notices": [(notice, selectors.days_left_in_notice(notice, today)) for notice in notices],
        "park_count": selectors.public_parks(status="designated").count(),
        "latest_evaluation": selectors.evaluation_notices().first(),
    }
    return render(request, "portal/index.html", context)


def park_list(request):
    form = ParkFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    parks = selectors.public_parks(**ParkFilterForm.as_selector_kwargs(filters))
    return render(request, "portal/park_list.html", {"form": form, "page": _page(request, parks)})


def park_detail(request, pk):
    park = selectors.public_park(pk)
    if park is None:
        raise Http404
    return render(request, "portal/park_detail.html", {"park": park, "results": selectors.commendations_of(park)})


def notice_list(request):
    today = timezone.localdate()
    current = [(notice, selectors.days_left_in_notice(notice, today)) for notice in selectors.current_notices(today)]
    return render(
        request,
        "portal/notice_list.html",
        {"current": current, "page": _page(request, selectors.past_notices(today))},
    )


def _notice_or_404(pk):
    notice = selectors.public_notice(pk)
    if notice is None:
        raise Http404
    return notice


def notice_detail(request, pk):
    notice = _notice_or_404(pk)
    today = timezone.localdate()
    is_open = selectors.is_open_for_objections(notice, today)
    context = {
        "notice": notice,
        "is_open": is_open,
        "not_started": today < notice.start_date,
        "days_left": selectors.days_left_in_notice(notice, today) if is_open else None,
    }
    return render(request, "portal/notice_detail.html", context)


@require_http_methods(["GET", "POST"])
def objection(request, pk):
    notice = _notice_or_404(pk)
    applications = selectors.objectionable_applications(notice)
    today = timezone.localdate()
    if not selectors.is_open_for_objections(notice, today) or not applications.exists():
        # Not yet (403) or no longer (410): file_objection would refuse either way (第六条（四）).
        status = 403 if today < notice.start_date else 410
        return render(request, "portal/objection_closed.html", {"notice": notice}, status=status)
    # The first objection from an address goes without a challenge; from the second on, a captcha.
    challenge = throttle.count(request, "objection") > 0
    form = ObjectionForm(applications, request.POST or None, request.FILES or None, challenge=challenge)
    if request.method == "POST" and form.is_valid():
        form.cleaned_data.pop("captcha", None)
        if not throttle.allow(request, "objection", limit=OBJECTIONS_PER_HOUR, seconds=HOUR):
            return _throttled(request)
        try:
            filed = services.submit_objection(notice=notice, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "portal/objection_receipt.html", {"notice": notice, "objection": filed})
    status = 400 if form.is_bound else 200
    return render(request, "portal/objection_form.html", {"notice": notice, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def receipt_lookup(request):
    """A POST, so that the contact never appears in an address, a log or the browser's history."""
    form = ReceiptLookupForm(request.POST or None)
    context = {"form": form, "searched": False}
    if form.is_bound and form.is_valid():
        if not throttle.allow(request, "receipt_lookup", limit=LOOKUPS_PER_HOUR, seconds=HOUR):
            return _throttled(request)
        context["searched"] = True
        context["objection"] = selectors.objection_status(**form.cleaned_data)
        # The form is shown again empty: the page never repeats the contact.
        context["form"] = ReceiptLookupForm()
    return render(request, "portal/receipt_lookup.html", context)


def evaluation_notice_list(request):
    return render(
        request, "portal/evaluation_notice_list.html", {"page": _page(request, selectors.evaluation_notices())}
    )


def evaluation_notice_detail(request, pk):
    notice = selectors.evaluation_notice(pk)
    if notice is None:
        raise Http404
    return render(
        request,
        "portal/evaluation_notice_detail.html",
        {"notice": notice, "results": selectors.evaluation_results(notice)},
    )
