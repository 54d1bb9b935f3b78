from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hrparks.accounts.models import OFFICIAL_ROLES, Role
from hrparks.core.access import role_required
from hrparks.core.exports import export_if_requested

from . import services
from .forms import ImportForm, OverrideForm, YearForm
from .selectors import OVERRIDE_COLUMNS, get_override, overrides_of, year_view


def _back_to_year(year: int):
    return redirect(f"{reverse('workdays:calendar')}?year={year}")


@role_required(*OFFICIAL_ROLES)
def calendar_page(request):
    form = YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    if response := export_if_requested(request, overrides_of(year), OVERRIDE_COLUMNS, f"calendar-overrides-{year}"):
        return response
    return render(
        request,
        "workdays/calendar.html",
        {"view": year_view(year), "can_edit": request.user.role == Role.PROVINCIAL_BUREAU},
    )


@role_required(Role.PROVINCIAL_BUREAU)
@require_http_methods(["GET", "POST"])
def override_create(request):
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        override = services.create_override(
            day=form.cleaned_data["date"],
            is_working_day=form.is_working_day,
            source_document=form.cleaned_data["source_document"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Override saved."))
        return _back_to_year(override.date.year)
    return render(request, "workdays/override_form.html", {"form": form})


@role_required(Role.PROVINCIAL_BUREAU)
@require_http_methods(["GET", "POST"])
def override_edit(request, pk):
    override = get_override(pk)
    form = OverrideForm(request.POST or None, instance=override)
    if request.method == "POST" and form.is_valid():
        services.update_override(
            override,
            is_working_day=form.is_working_day,
            source_document=form.cleaned_data["source_document"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("Override saved."))
        return _back_to_year(override.date.year)
    return render(request, "workdays/override_form.html", {"form": form, "override": override})


@role_required(Role.PROVINCIAL_BUREAU)
@require_http_methods(["GET", "POST"])
def override_delete(request, pk):
    override = get_override(pk)
    if request.method == "POST":
        services.delete_override(override)
        messages.success(request, _("Override deleted."))
        return _back_to_year(override.date.year)
    return render(request, "workdays/override_delete.html", {"override": override})


@role_required(Role.PROVINCIAL_BUREAU)
@require_http_methods(["GET", "POST"])
def override_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.import_overrides(form.cleaned_data["file"].read())
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            messages.success(
                request,
                _("Imported: %(created)s added, %(updated)s replaced.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("workdays:calendar")
    return render(request, "workdays/override_import.html", {"form": form})
