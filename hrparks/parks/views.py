"""Park pages: list, detail with the enterprise roster, edit forms, dossier upload and download.

Parks are fetched only through `parks_visible_to` (out of scope → 404); pages that change data are
for PARK_EDITOR_ROLES (others → 403), and every write goes through parks.services."""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from hrparks.audit.selectors import may_read_history
from hrparks.core.access import role_required
from hrparks.core.exports import export_if_requested
from hrparks.policy.selectors import park_eligibility

from . import forms, selectors, services
from .dossier import export_dossier
from .models import Park

PARKS_PER_PAGE = 25
ENTERPRISES_PER_PAGE = 20

readers = role_required(*selectors.PARK_READER_ROLES)
editors = role_required(*selectors.PARK_EDITOR_ROLES)


def _visible_park(request, pk) -> Park:
    return get_object_or_404(selectors.parks_visible_to(request.user), pk=pk)


def _saved(form, save: Callable) -> bool:
    """Validate the form and hand its instance to a service; the service's rule errors become form errors."""
    if not form.is_valid():
        return False
    try:
        save(form.instance)
    except ValidationError as exc:
        form.add_error(None, exc)
        return False
    return True


# --- List and detail -----------------------------------------------------------------------------


@readers
def park_list(request):
    user = request.user
    form = forms.ParkFilterForm(request.GET, jurisdictions=selectors.jurisdictions_visible_to(user))
    parks = selectors.park_list(user, **form.filters())
    if response := export_if_requested(request, parks, selectors.PARK_LIST_COLUMNS, "parks"):
        return response
    context = {
        "form": form,
        "page": Paginator(parks, PARKS_PER_PAGE).get_page(request.GET.get("page")),
        "can_create": selectors.may_edit_parks(user),
    }
    return render(request, "parks/park_list.html", context)


def _roster_context(request, park: Park) -> dict:
    search = forms.RosterSearchForm(request.GET).search()
    roster = selectors.enterprise_roster(park, search)
    return {
        "park": park,
        "search": search,
        "roster": Paginator(roster, ENTERPRISES_PER_PAGE).get_page(request.GET.get("page")),
        "can_edit": selectors.may_edit_parks(request.user),
    }


@readers
def park_detail(request, pk):
    park = get_object_or_404(selectors.park_detail_queryset(request.user), pk=pk)
    roster = selectors.enterprise_roster(park, forms.RosterSearchForm(request.GET).search())
    if response := export_if_requested(request, roster, selectors.ENTERPRISE_COLUMNS, "enterprises"):
        return response
    context = {
        **_roster_context(request, park),
        "counts": selectors.roster_counts(park),
        "eligibility": park_eligibility(park),
        "can_see_history": may_read_history(request.user),
    }
    return render(request, "parks/park_detail.html", context)


@readers
def park_roster(request, pk):
    """The enterprise roster alone, for htmx search and paging on the detail page."""
    return render(request, "parks/_roster.html", _roster_context(request, _visible_park(request, pk)))


# --- Park forms ----------------------------------------------------------------------------------


@editors
@require_http_methods(["GET", "POST"])
def park_create(request):
    jurisdictions = selectors.jurisdictions_for_new_park(request.user)
    form = forms.ParkForm(request.POST or None, jurisdictions=jurisdictions)
    if request.method == "POST" and _saved(form, lambda park: services.create_park(park, user=request.user)):
        messages.success(request, _("The park was created; now add its sites and enterprises."))
        return redirect("parks:detail", pk=form.instance.pk)
    context = {"form": form, "title": _("New park"), "no_jurisdiction": not jurisdictions.exists()}
    return render(request, "parks/park_form.html", context)


@editors
@require_http_methods(["GET", "POST"])
def park_edit(request, pk):
    park = _visible_park(request, pk)
    form = forms.ParkForm(request.POST or None, instance=park)
    if request.method == "POST" and _saved(form, services.update_park):
        messages.success(request, _("The park was saved."))
        return redirect("parks:detail", pk=park.pk)
    return render(request, "parks/park_form.html", {"form": form, "park": park, "title": _("Edit park")})


# --- The records of a park: sites, enterprises, policies, platforms, events, publicity --------------


@dataclass(frozen=True)
class RecordKind:
    """One kind of record listed on the park page, with its form and the services that write it."""

    related_name: str  # the Park relation holding the records
    form: type
    save: Callable
    delete: Callable
    add_title: str
    edit_title: str


RECORD_KINDS = {
    "sites": RecordKind(
        "sites",
        forms.SiteForm,
        services.save_site,
        services.delete_site,
        gettext_lazy("Add a site"),
        gettext_lazy("Edit site"),
    ),
    "enterprises": RecordKind(
        "enterprises",
        forms.EnterpriseForm,
        services.save_enterprise,
        services.delete_record,
        gettext_lazy("Add an enterprise"),
        gettext_lazy("Edit enterprise"),
    ),
    "policies": RecordKind(
        "support_policies",
        forms.SupportPolicyForm,
        services.save_record,
        services.delete_record,
        gettext_lazy("Add a support policy"),
        gettext_lazy("Edit support policy"),
    ),
    "platforms": RecordKind(
        "platforms",
        forms.CooperationPlatformForm,
        services.save_record,
        services.delete_record,
        gettext_lazy("Add a cooperation platform"),
        gettext_lazy("Edit cooperation platform"),
    ),
    "events": RecordKind(
        "events",
        forms.ExchangeEventForm,
        services.save_record,
        services.delete_record,
        gettext_lazy("Add an exchange event"),
        gettext_lazy("Edit exchange event"),
    ),
    "publicity": RecordKind(
        "publicity_items",
        forms.PublicityItemForm,
        services.save_record,
        services.delete_record,
        gettext_lazy("Add a publicity item"),
        gettext_lazy("Edit publicity item"),
    ),
}


def _record(park: Park, kind: RecordKind, record_pk):
    return get_object_or_404(getattr(park, kind.related_name).all(), pk=record_pk)


def _back_to(park: Park, kind_name: str) -> str:
    return reverse("parks:detail", kwargs={"pk": park.pk}) + f"#{kind_name}"


@editors
@require_http_methods(["GET", "POST"])
def record_form(request, pk, kind, record_pk=None):
    park = _visible_park(request, pk)
    record_kind = RECORD_KINDS[kind]
    record = _record(park, record_kind, record_pk) if record_pk else record_kind.form._meta.model(park=park)
    form = record_kind.form(request.POST or None, request.FILES or None, instance=record)
    if request.method == "POST" and _saved(form, record_kind.save):
        messages.success(request, _("Saved: %(record)s") % {"record": form.instance})
        return redirect(_back_to(park, kind))
    context = {
        "park": park,
        "form": form,
        "kind": kind,
        "record": record if record_pk else None,
        "title": record_kind.edit_title if record_pk else record_kind.add_title,
        "cancel_url": _back_to(park, kind),
    }
    return render(request, "parks/record_form.html", context)


@editors
@require_http_methods(["GET", "POST"])
def record_delete(request, pk, kind, record_pk):
    park = _visible_park(request, pk)
    record_kind = RECORD_KINDS[kind]
    record = _record(park, record_kind, record_pk)
    error = None
    if request.method == "POST":
        try:
            record_kind.delete(record)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Deleted: %(record)s") % {"record": record})
            return redirect(_back_to(park, kind))
    context = {"park": park, "record": record, "error": error, "cancel_url": _back_to(park, kind)}
    return render(request, "parks/record_confirm_delete.html", context)


@readers
def policy_file(request, pk, record_pk):
    """A support policy's document, served only to those who see the park (never from a public URL)."""
    policy = _record(_visible_park(request, pk), RECORD_KINDS["policies"], record_pk)
    try:
        handle = policy.file.open("rb")
    except (ValueError, FileNotFoundError):  # no file recorded, or lost from storage
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=policy.file.name.rsplit("/", 1)[-1])


# --- Dossier upload and download ------------------------------------------------------------------


@readers
def dossier_download(request, pk):
    park = _visible_park(request, pk)
    body = json.dumps(export_dossier(park), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="park-{park.pk}-dossier.json"'
    return response


def _dossier_upload(request, *, park: Park | None, write: Callable):
    form = forms.DossierUploadForm(request.POST or None, request.FILES or None)
    dossier_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            imported = write(form.cleaned_data["dossier"])
        except services.DossierRejected as rejected:
            dossier_errors = rejected.errors
        else:
            messages.success(request, _("The dossier was imported into %(park)s.") % {"park": imported})
            return redirect("parks:detail", pk=imported.pk)
    return render(request, "parks/dossier_upload.html", {"form": form, "park": park, "dossier_errors": dossier_errors})


@editors
@require_http_methods(["GET", "POST"])
def dossier_import(request):
    """Create a new park from a dossier."""
    return _dossier_upload(
        request, park=None, write=lambda data: services.create_park_from_dossier(data, user=request.user)
    )


@editors
@require_http_methods(["GET", "POST"])
def dossier_upload(request, pk):
    """Replace a park's data with a dossier."""
    park = _visible_park(request, pk)
    return _dossier_upload(request, park=park, write=lambda data: services.import_dossier(data, park=park))
