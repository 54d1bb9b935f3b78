"""Pages of the designation workflow: thin — fetch through the scoping selectors, call a service, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrparks.accounts.models import Role
from hrparks.core.access import role_required
from hrparks.core.exports import export_if_requested
from hrparks.core.refusals import refusal_code
from hrparks.documents.contexts import public_notice_context
from hrparks.documents.kinds import Kind
from hrparks.documents.services import preview_official
from hrparks.parks.models import Park
from hrparks.parks.selectors import parks_visible_to
from hrparks.policy.registry import get_policy
from hrparks.policy.selectors import park_eligibility

from . import forms, selectors, services, workflow
from .models import EXCLUSION_REASONS, Application, PublicNotice

STAFF = tuple(role for role in Role if role != Role.SYSTEM_ADMIN)
TRANSITION_ROLES = tuple(
    sorted({role for wf in workflow.WORKFLOWS.values() for t in wf.transitions for role in t.roles})
)
PROVINCE = (Role.PROVINCIAL_BUREAU,)
PAGE_SIZE = 30


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _application(request, pk) -> Application:
    return get_object_or_404(selectors.application_detail_queryset(request.user), pk=pk)


def _done(request, application, message) -> object:
    messages.success(request, message)
    return redirect("applications:detail", pk=application.pk)


def _handled(request, application, error: services.AlreadyHandled):
    messages.warning(request, str(error), extra_tags=_refusal_tag(error))
    return redirect("applications:detail", pk=application.pk)


def _refusal_tag(error: Exception) -> str:
    """The message tag that carries a refusal's code to the page (base.html: data-refusal-code)."""
    return f"refusal-{refusal_code(error)}"


def _form_errors_as_messages(request, form, error: Exception | None = None) -> None:
    """A form posted from the application page: its errors return there as messages, with the refusal code."""
    tag = _refusal_tag(error or ValidationError(form.errors.as_data()))
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message, extra_tags=tag)


# --- Lists ------------------------------------------------------------------------------------------


@role_required(*STAFF)
def work_queue(request):
    waiting = selectors.work_queue(request.user).prefetch_related("public_notices")
    rows = selectors.deadline_rows(waiting)
    if response := export_if_requested(request, rows, selectors.application_columns(request.user), "work-queue"):
        return response
    page = _page(request, waiting)
    return render(request, "applications/queue.html", {"page": page, "rows": selectors.with_deadlines(page)})


@role_required(*STAFF)
def application_list(request):
    state = request.GET.get("state", "")
    kind = request.GET.get("kind", "")
    search = request.GET.get("q", "").strip()
    applications = selectors.application_list(
        request.user,
        state=state if state in workflow.STATES else "",
        kind=kind if kind in workflow.WORKFLOWS else "",
        search=search,
    ).prefetch_related("public_notices")
    rows = selectors.deadline_rows(applications)
    if response := export_if_requested(request, rows, selectors.application_columns(request.user), "applications"):
        return response
    page = _page(request, applications)
    return render(
        request,
        "applications/list.html",
        {
            "page": page,
            "rows": selectors.with_deadlines(page),
            "states": [(code, s.label) for code, s in workflow.STATES.items()],
            "kinds": workflow.Kind.choices,
            "filters": {"state": state, "kind": kind, "q": search},
        },
    )


# --- 申报 -----------------------------------------------------------------------------------------


@role_required(Role.PARK_OPERATOR)
def application_create(request):
    parks = parks_visible_to(request.user).exclude(status=Park.Status.DESIGNATED)
    form = forms.StartApplicationForm(parks, request.POST or None, initial={"park": request.GET.get("park")})
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start_application(
                park=form.cleaned_data["park"], park_type=form.cleaned_data["park_type"], actor=request.user
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            return _done(request, application, _("The application was started. Upload the materials, then submit."))
    return render(request, "applications/create.html", {"form": form})


@role_required(*STAFF)
def application_detail(request, pk):
    application = _application(request, pk)
    user = request.user
    notice = selectors.latest_notice(application)
    seat = application.panel_members.filter(expert=user).first() if user.role == Role.EXPERT else None
    context = {
        "application": application,
        "state": application.state_info,
        "internal_labels": user.role != Role.PARK_OPERATOR,
        "deadline": selectors.deadline_of(application, notice),
        "actions": [
            t for t in application.workflow.transitions_from(application.state) if user.role in t.roles and not t.batch
        ],
        "timeline": selectors.timeline(application),
        "returned": selectors.pending_return(application),
        "notice": notice,
        "seat": seat,
        "can_edit": user.role == Role.PARK_OPERATOR and application.is_editable,
    }
    if application.kind == workflow.Kind.DESIGNATION:
        context["materials"] = selectors.materials_by_code(application)
        context["report"] = park_eligibility(application.park, application)
        if context["can_edit"]:
            context["material_form"] = forms.MaterialForm(get_policy(application.policy_id))
            context["park_type_form"] = forms.ParkTypeForm(initial={"park_type": application.park_type})
    if user.role in (Role.PROVINCIAL_BUREAU, Role.EXPERT):
        context["site_visits"] = application.site_visits.select_related("recorded_by")
    if user.role == Role.PROVINCIAL_BUREAU:
        context["panel"] = selectors.panel(application)
        context["draws"] = application.panel_draws.select_related("drawn_by")
        context["exclusion_reasons"] = EXCLUSION_REASONS
    if user.role in (Role.EXPERT, Role.PROVINCIAL_BUREAU) and application.state == "evaluating":
        context["visit_form"] = forms.SiteVisitForm(initial={"visited_on": timezone.localdate()})
    if user.role in (Role.PROVINCIAL_BUREAU, Role.PARK_OPERATOR, Role.CITY_BUREAU):
        context["objections"] = selectors.objections_of(application)
    context["subsidy"] = getattr(application, "subsidy", None) if application.state == "designated" else None
    return render(request, "applications/detail.html", context)


@require_POST
@role_required(Role.PARK_OPERATOR)
def park_type_change(request, pk):
    application = _application(request, pk)
    form = forms.ParkTypeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a comprehensive or a specialized park."))
        return redirect("applications:detail", pk=application.pk)
    try:
        services.change_park_type(application, park_type=form.cleaned_data["park_type"], actor=request.user)
    except services.AlreadyHandled as error:
        return _handled(request, application, error)
    return _done(request, application, _("The park type was changed."))


@require_POST
@role_required(Role.PARK_OPERATOR)
def material_upload(request, pk):
    application = _application(request, pk)
    form = forms.MaterialForm(get_policy(application.policy_id), request.POST, request.FILES)
    refusal = None
    if form.is_valid():
        try:
            material = services.upload_material(
                application, code=form.cleaned_data["code"], upload=form.cleaned_data["file"], actor=request.user
            )
        except services.AlreadyHandled as error:
            return _handled(request, application, error)
        except ValidationError as error:
            refusal = error
            forms.add_service_errors(form, error)
        else:
            return _done(request, application, _("Uploaded as version %(version)s.") % {"version": material.version})
    _form_errors_as_messages(request, form, refusal)
    return redirect("applications:detail", pk=application.pk)


@role_required(*STAFF)
def material_download(request, pk, material_pk):
    application = _application(request, pk)
    material = get_object_or_404(application.materials, pk=material_pk)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("The file is missing from storage.")) from missing
    return FileResponse(handle, as_attachment=True, filename=material.original_name)


# --- Transitions ------------------------------------------------------------------------------------


@role_required(*TRANSITION_ROLES)
def transition(request, pk, name):
    # The role is checked before the application is looked up: a wrong role is a 403 whatever the scope.
    workflow_of_step, spec = workflow.TRANSITIONS.get(name, (None, None))
    if spec is None or spec.batch:
        raise Http404
    if request.user.role not in spec.roles:
        raise PermissionDenied
    application = _application(request, pk)
    if application.kind != workflow_of_step.kind:
        raise Http404
    if request.method != "POST" and application.state not in spec.sources:
        return _handled(request, application, services.AlreadyHandled(application))
    form = forms.TransitionForm(spec, application, request.POST or None, request.FILES or None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        values = {key: value for key, value in form.cleaned_data.items() if key not in ("expected_state", "confirm")}
        try:
            services.perform_transition(
                application,
                name,
                actor=request.user,
                expected_state=form.cleaned_data["expected_state"],
                data=values,
            )
        except services.AlreadyHandled as error:
            return _handled(request, application, error)
        except ValidationError as error:
            refusal = refusal_code(error)
            forms.add_service_errors(form, error)
        else:
            return _done(request, application, _("Done: %(step)s.") % {"step": spec.label})
    if form.errors and refusal is None:  # the form's own checks (a required field left empty…)
        refusal = refusal_code(ValidationError(form.errors.as_data()))
    return render(
        request,
        "applications/transition.html",
        {"application": application, "transition": spec, "form": form, "refusal": refusal},
    )


# --- 评估 -------------------------------------------------------------------------------------------


@role_required(Role.EXPERT)
def review(request, pk):
    application = _application(request, pk)
    seat = get_object_or_404(application.panel_members, expert=request.user)
    if application.state != "evaluating":
        return _handled(request, application, services.AlreadyHandled(application))
    policy = get_policy(application.policy_id)
    form = forms.ReviewForm(policy, seat, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_review(application, expert=request.user, values=form.values())
        except services.AlreadyHandled as error:
            return _handled(request, application, error)
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            return _done(request, application, _("Your review was submitted."))
    # Beside the form: what the expert judges from (第六条（三）) — the eligibility report, which decides the
    # objective rules, the uploaded materials and the park's dossier.
    context = {
        "application": application,
        "form": form,
        "seat": seat,
        "report": park_eligibility(application.park, application),
        "materials": selectors.materials_by_code(application),
    }
    return render(request, "applications/review.html", context)


@require_POST
@role_required(Role.EXPERT, Role.PROVINCIAL_BUREAU)
def site_visit(request, pk):
    application = _application(request, pk)
    form = forms.SiteVisitForm(request.POST)
    refusal = None
    if form.is_valid():
        try:
            services.record_site_visit(application, actor=request.user, **form.cleaned_data)
        except services.AlreadyHandled as error:
            return _handled(request, application, error)
        except ValidationError as error:
            refusal = error
            forms.add_service_errors(form, error)
        else:
            return _done(request, application, _("The site visit was recorded."))
    _form_errors_as_messages(request, form, refusal)
    return redirect("applications:detail", pk=application.pk)


@role_required(Role.EXPERT)
def conflicts(request):
    parks = selectors.parks_open_for_declaration(request.user).only("pk", "name", "jurisdiction__name")
    form = forms.ConflictForm(parks, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_conflict(expert=request.user, **form.cleaned_data)
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(request, _("Your declaration was recorded."))
            return redirect("applications:conflicts")
    return render(
        request, "applications/conflicts.html", {"form": form, "declarations": selectors.declarations_of(request.user)}
    )


# --- 推荐名单, 公示 and 异议 -------------------------------------------------------------------------


@role_required(*PROVINCE)
def recommendation_list(request):
    shortlisted = selectors.recommendation_list(request.user)
    previewing = "preview" in request.POST
    form = forms.PublishNoticeForm(shortlisted, request.POST or None, previewing=previewing)
    preview = None
    if request.method == "POST" and form.is_valid():

        def publish():
            return services.publish_recommendation_list(
                applications=list(form.cleaned_data["applications"]),
                title=form.cleaned_data["title"],
                document_number=form.cleaned_data["document_number"],
                contact_phone=form.cleaned_data["contact_phone"],
                contact_address=form.cleaned_data["contact_address"],
                actor=request.user,
            )

        try:
            if previewing:  # the notice as publishing would print it; nothing is published
                preview = preview_official(Kind.PUBLIC_NOTICE, lambda: public_notice_context(publish()))
            else:
                notice = publish()
                messages.success(
                    request,
                    _("The notice was published; it runs from %(start)s to %(end)s.")
                    % {"start": notice.start_date, "end": notice.end_date},
                )
                return redirect("applications:notice", pk=notice.pk)
        except services.AlreadyHandled as error:
            messages.warning(request, str(error))
            return redirect("applications:recommendation_list")
        except ValidationError as error:
            forms.add_service_errors(form, error)
    return render(
        request, "applications/recommendation_list.html", {"form": form, "shortlisted": shortlisted, "preview": preview}
    )


@role_required(*STAFF)
def notice_list(request):
    notices = selectors.notices_visible_to(request.user)
    if response := export_if_requested(request, notices, selectors.NOTICE_COLUMNS, "public-notices"):
        return response
    return render(request, "applications/notice_list.html", {"page": _page(request, notices)})


def _notice(request, pk) -> PublicNotice:
    notices = selectors.notices_visible_to(request.user).prefetch_related(
        Prefetch("applications", queryset=selectors.applications_visible_to(request.user))
    )
    return get_object_or_404(notices, pk=pk)


@role_required(*STAFF)
def notice_detail(request, pk):
    notice = _notice(request, pk)
    objections = selectors.objections_visible_to(request.user).filter(notice=notice).order_by("filed_at", "id")
    if response := export_if_requested(request, objections, selectors.OBJECTION_COLUMNS, "objections"):
        return response
    context = {"notice": notice, "objections": objections}
    if request.user.role == Role.PROVINCIAL_BUREAU:
        context["objection_form"] = forms.ObjectionForm(notice)
    return render(request, "applications/notice_detail.html", context)


@require_POST
@role_required(*PROVINCE)
def objection_record(request, pk):
    notice = _notice(request, pk)
    form = forms.ObjectionForm(notice, request.POST)
    if form.is_valid():
        try:
            objection = services.file_objection(notice=notice, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Objection recorded, receipt number %(receipt)s, check code %(code)s: tell the objector both; "
                    "the check code is shown only now."
                )
                % {"receipt": objection.receipt_number, "code": objection.check_code},
            )
            return redirect("applications:notice", pk=notice.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("applications:notice", pk=notice.pk)


@role_required(*PROVINCE)
def objection_resolve(request, pk):
    objection = get_object_or_404(selectors.objections_visible_to(request.user), pk=pk)
    form = forms.ResolveObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_objection(objection, actor=request.user, **form.cleaned_data)
        except services.AlreadyHandled as error:
            return _handled(request, objection.application, error)
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            return _done(request, objection.application, _("The verification of the objection was recorded."))
    return render(request, "applications/objection_resolve.html", {"objection": objection, "form": form})


@role_required(*PROVINCE)
def objection_attachment(request, pk):
    """The evidence an objector attached on the portal, for the province that verifies the objection
    (never for the applicant, its city or the experts: it may name the objector)."""
    objection = get_object_or_404(selectors.objections_visible_to(request.user).select_related("attachment"), pk=pk)
    attachment = getattr(objection, "attachment", None)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("The file is missing from storage.")) from missing
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


# --- 认定: the subsidy -------------------------------------------------------------------------------


@role_required(*STAFF)
def subsidy(request, pk):
    subsidy = get_object_or_404(selectors.subsidies_visible_to(request.user), pk=pk)
    role = request.user.role
    disbursement_form = forms.DisbursementForm(prefix="pay") if role == Role.PROVINCIAL_BUREAU else None
    spending_form = (
        forms.SpendingForm(subsidy.policy_id, prefix="spend")
        if role in (Role.PARK_OPERATOR, Role.CITY_BUREAU)
        else None
    )
    if request.method == "POST":
        if role not in (Role.PROVINCIAL_BUREAU, Role.PARK_OPERATOR, Role.CITY_BUREAU):
            raise PermissionDenied
        if role == Role.PROVINCIAL_BUREAU:
            disbursement_form = forms.DisbursementForm(request.POST, prefix="pay")
            form, record = disbursement_form, services.record_disbursement
        else:
            spending_form = forms.SpendingForm(subsidy.policy_id, request.POST, prefix="spend")
            form, record = spending_form, services.record_spending
        if form.is_valid():
            try:
                record(subsidy, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                forms.add_service_errors(form, error)
            else:
                messages.success(request, _("Recorded."))
                return redirect("applications:subsidy", pk=subsidy.pk)
    return render(
        request,
        "applications/subsidy.html",
        {
            "subsidy": subsidy,
            "summary": selectors.subsidy_summary(subsidy),
            "disbursements": subsidy.disbursements.select_related("recorded_by"),
            "spendings": subsidy.spendings.select_related("recorded_by"),
            "use_labels": {u.code: u.label for u in get_policy(subsidy.policy_id).procedure.spending_uses},
            "disbursement_form": disbursement_form,
            "spending_form": spending_form,
        },
    )


# --- 分园区 -----------------------------------------------------------------------------------------


@role_required(Role.CITY_BUREAU)
def branch_request(request):
    parks = parks_visible_to(request.user).filter(status=Park.Status.DESIGNATED)
    form = forms.BranchRequestForm(parks, request.POST or None, initial={"park": request.GET.get("park")})
    if request.method == "POST" and form.is_valid():
        try:
            application = services.request_branch_park(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            return _done(request, application, _("The branch park request was sent to the province."))
    return render(request, "applications/branch_request.html", {"form": form})
