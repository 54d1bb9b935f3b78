"""Thin views: fetch through the scoping selectors (out of scope → 404, wrong role → 403), parse with a
form, call a service, render or redirect."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrparks.accounts.models import Role
from hrparks.core.access import role_required
from hrparks.core.exports import export_if_requested, export_list_if_requested
from hrparks.documents.contexts import evaluation_notice_context
from hrparks.documents.kinds import Kind
from hrparks.documents.services import preview_official
from hrparks.policy.registry import get_policy
from hrparks.policy.selectors import park_eligibility

from . import bulk, forms, schedule, scoring, selectors, services
from .models import Grade, Rectification, RoundKind, SelfEvaluation

PROVINCE = Role.PROVINCIAL_BUREAU
CITY = Role.CITY_BUREAU
OPERATOR = Role.PARK_OPERATOR
OFFICIALS = (PROVINCE, CITY)
PAGE_SIZE = 50


def _refused(request, error: ValidationError, form=None) -> None:
    """Tell the user why an action was refused, naming the field."""
    if form is None:
        form = forms.NoFields({})
        form.full_clean()
    forms.add_service_errors(form, error)
    _invalid(request, form)


def _invalid(request, form) -> None:
    for line in forms.error_lines(form):
        messages.error(request, line)


def _run(request, form, action, success: str):
    """Validate the form, run the service; report success or the refusal as messages. Returns what the
    service returned, None when refused."""
    if not form.is_valid():
        _invalid(request, form)
        return None
    try:
        result = action(form.cleaned_data)
    except ValidationError as error:
        _refused(request, error, form)
        return None
    messages.success(request, success)
    return result


# --- overview and rounds -----------------------------------------------------------------------------


@role_required(*OFFICIALS)
def index(request):
    user = request.user
    today = timezone.localdate()
    rounds = selectors.rounds_visible_to(user).order_by("-year", "kind")
    self_evaluations = selectors.self_evaluations_visible_to(user)
    if user.role == CITY:
        to_do = self_evaluations.filter(
            status__in=selectors.EDITABLE_SELF_EVALUATION, park__status__in=selectors.HOLDS_DESIGNATION
        )
    else:
        to_do = self_evaluations.filter(status=SelfEvaluation.Status.SUBMITTED)
    to_do = to_do.order_by("due_date", "park__name")
    rectifications = (
        selectors.rectifications_visible_to(user).filter(status__in=Rectification.OPEN_STATUSES).order_by("deadline")
    )
    # The page shows the first rows of each list; an export has all of them.
    exported = export_list_if_requested(
        request,
        {
            "rounds": (rounds, selectors.ROUND_COLUMNS),
            "self-evaluations": (to_do, selectors.SELF_EVALUATION_COLUMNS),
            "rectifications": (rectifications, selectors.RECTIFICATION_COLUMNS),
        },
    )
    if exported:
        return exported
    context = {
        "rounds": rounds[:30],
        "to_do": to_do[:PAGE_SIZE],
        "overdue_count": selectors.overdue_self_evaluations(self_evaluations, today).count(),
        "rectifications": rectifications[:PAGE_SIZE],
        "next_rounds": schedule.next_rounds(get_policy(), today),
        "today": today,
        "is_province": user.role == PROVINCE,
    }
    return render(request, "evaluations/index.html", context)


@role_required(PROVINCE)
def round_open(request):
    form = forms.RoundOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation_round = services.open_round(
                province=request.user.jurisdiction,
                kind=data["kind"],
                year=data["year"],
                due_date=data["due_date"],
                template=data["template"],
                excellent_min=data["excellent_min"],
                qualified_min=data["qualified_min"],
                actor=request.user,
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(request, _("The round is open."))
            return redirect("evaluations:round", pk=evaluation_round.pk)
    return render(request, "evaluations/round_open.html", {"form": form})


def _round_or_404(request, pk):
    return get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)


@role_required(*OFFICIALS)
def round_detail(request, pk):
    evaluation_round = _round_or_404(request, pk)
    today = timezone.localdate()
    context = {"round": evaluation_round, "today": today, "is_province": request.user.role == PROVINCE}
    filename = f"round-{evaluation_round.year}-{evaluation_round.kind}"
    if evaluation_round.kind == RoundKind.SELF:
        self_evaluations = selectors.round_self_evaluations(evaluation_round, request.user)
        if response := export_if_requested(request, self_evaluations, selectors.SELF_EVALUATION_COLUMNS, filename):
            return response
        context["page"] = Paginator(self_evaluations, PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        rows = (
            (item, _preview_grade(evaluation_round, item.current_average))
            for item in selectors.round_assessments(evaluation_round, request.user).iterator(chunk_size=500)
        )
        if response := export_if_requested(request, rows, selectors.ROUND_ASSESSMENT_COLUMNS, filename):
            return response
        context["assessments"] = list(rows)
        if context["is_province"] and not evaluation_round.is_published:
            context["publish_form"] = forms.PublishForm(initial={"issued_on": today})
            if any(item.seat_count == 0 for item, _preview in context["assessments"]):
                context["draw_form"] = forms.DrawForm()
    return render(request, "evaluations/round_detail.html", context)


def _round_rows(evaluation_round, user):
    """The rows of the round page, in the page's scope: self-evaluations or park assessments."""
    if evaluation_round.kind == RoundKind.SELF:
        return selectors.round_self_evaluations(evaluation_round, user)
    return selectors.round_assessments(evaluation_round, user)


@require_POST
@role_required(PROVINCE)
def round_draw(request, pk):
    """Draw the experts of every park of the round that has none yet, in one action."""
    evaluation_round = _round_or_404(request, pk)
    draws = _run(
        request,
        forms.DrawForm(request.POST),
        lambda data: bulk.draw_experts_for_round(evaluation_round, size=data["size"], actor=request.user),
        _("The experts are drawn for every park."),
    )
    if draws:
        messages.info(request, _("Parks drawn: %(count)s.") % {"count": len(draws)})
    return redirect("evaluations:round", pk=pk)


@require_POST
@role_required(*OFFICIALS)
def round_selection(request, pk):
    """The rows ticked on the round page: exported (``?export=xlsx|csv``, the page's columns) or, by the
    province, reminded. Only rows of the page's own scope are taken; an unknown or foreign row is ignored."""
    evaluation_round = _round_or_404(request, pk)
    ids = [value for value in request.POST.getlist("selected") if value.isascii() and value.isdigit()][:1000]
    rows = _round_rows(evaluation_round, request.user).filter(pk__in=ids)
    back = redirect("evaluations:round", pk=pk)
    if request.GET.get("export"):
        if evaluation_round.kind == RoundKind.SELF:
            columns, objects = selectors.SELF_EVALUATION_COLUMNS, rows
        else:
            columns = selectors.ROUND_ASSESSMENT_COLUMNS
            objects = [(item, _preview_grade(evaluation_round, item.current_average)) for item in rows]
        filename = f"round-{evaluation_round.year}-{evaluation_round.kind}-selection"
        return export_if_requested(request, objects, columns, filename)
    if request.user.role != PROVINCE:
        raise PermissionDenied
    if not ids:
        messages.error(request, _("Tick the rows to remind first."))
        return back
    told = _run(
        request,
        forms.NoFields(request.POST),
        lambda data: bulk.remind_selected(evaluation_round, list(rows), actor=request.user),
        _("The reminders are sent."),
    )
    if told:
        messages.info(request, _("People reminded: %(count)s.") % {"count": told})
    return back


def _preview_grade(evaluation_round, average) -> str:
    """The grade the current average would get (published rounds show the recorded grade)."""
    if average is None:
        return ""
    return Grade(
        scoring.grade_for(
            scoring.rounded(average),
            excellent_min=evaluation_round.excellent_min,
            qualified_min=evaluation_round.qualified_min,
        )
    ).label


@role_required(PROVINCE)
def round_settings(request, pk):
    evaluation_round = _round_or_404(request, pk)
    if not evaluation_round.is_centralized:
        return redirect("evaluations:round", pk=pk)
    form = forms.RoundSettingsForm(
        request.POST or None,
        initial={
            "template": evaluation_round.template,
            "excellent_min": evaluation_round.excellent_min,
            "qualified_min": evaluation_round.qualified_min,
            "due_date": evaluation_round.due_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round_settings(evaluation_round, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(request, _("The round's settings are saved."))
            return redirect("evaluations:round", pk=pk)
    return render(request, "evaluations/round_settings.html", {"round": evaluation_round, "form": form})


@require_POST
@role_required(PROVINCE)
def round_publish(request, pk):
    evaluation_round = _round_or_404(request, pk)
    form = forms.PublishForm(request.POST)
    published = _run(
        request, form, lambda data: _publish(evaluation_round, data, request.user), _("The results are published.")
    )
    if published:
        return redirect("evaluations:notice", pk=published.pk)
    return redirect("evaluations:round", pk=pk)


def _publish(evaluation_round, data: dict, actor):
    return services.publish_results(
        evaluation_round,
        document_number=data["document_number"],
        issued_on=data["issued_on"],
        rectification_deadline=data["deadline"],
        rectification_requirements=data["requirements"],
        actor=actor,
    )


@require_POST
@role_required(PROVINCE)
def round_preview(request, pk):
    """The 通报 as publishing now would issue it, from the publish form's data; nothing is published."""
    evaluation_round = _round_or_404(request, pk)
    form = forms.PublishForm(request.POST, previewing=True)
    if not form.is_valid():
        _invalid(request, form)
        return redirect("evaluations:round", pk=pk)
    try:
        html = preview_official(
            Kind.EVALUATION_NOTICE,
            lambda: evaluation_notice_context(_publish(evaluation_round, form.cleaned_data, request.user)),
        )
    except ValidationError as error:
        _refused(request, error, form)
        return redirect("evaluations:round", pk=pk)
    return HttpResponse(html)


# --- self-evaluation ---------------------------------------------------------------------------------


def _self_evaluation_or_404(request, pk) -> SelfEvaluation:
    return get_object_or_404(selectors.self_evaluations_visible_to(request.user), pk=pk)


@role_required(*OFFICIALS)
def self_evaluation(request, pk):
    evaluation = _self_evaluation_or_404(request, pk)
    content_items = get_policy(evaluation.round.policy_id).evaluation.content_items
    can_edit = request.user.role == CITY and evaluation.is_editable
    form = forms.SelfEvaluationForm(
        request.POST if request.method == "POST" and can_edit else None,
        instance=evaluation,
        content_items=content_items,
    )
    if request.method == "POST":
        if not can_edit:
            messages.error(request, _("This self-evaluation cannot be changed now."))
            return redirect("evaluations:self_evaluation", pk=pk)
        if form.is_valid():
            try:
                services.save_self_evaluation(evaluation, values=form.values(), actor=request.user)
            except ValidationError as error:
                forms.add_service_errors(form, error)
            else:
                messages.success(request, _("Saved. Submit it to the province when it is complete."))
                return redirect("evaluations:self_evaluation", pk=pk)
    context = {
        "evaluation": evaluation,
        "form": form,
        "can_edit": can_edit,
        "reports": [(item, evaluation.item_reports.get(item.code, "")) for item in content_items],
        "attachments": evaluation.attachments.select_related("uploaded_by"),
        "events": evaluation.events.select_related("actor"),
        "attachment_form": forms.AttachmentForm() if can_edit else None,
        "review_form": forms.ReviewForm()
        if request.user.role == PROVINCE and evaluation.status == SelfEvaluation.Status.SUBMITTED
        else None,
        "overdue": evaluation.is_editable and selectors.is_overdue(evaluation.due_date),
    }
    return render(request, "evaluations/self_evaluation.html", context)


@require_POST
@role_required(CITY)
def self_evaluation_submit(request, pk):
    evaluation = _self_evaluation_or_404(request, pk)
    try:
        services.submit_self_evaluation(evaluation, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Submitted to the province."))
    return redirect("evaluations:self_evaluation", pk=pk)


@require_POST
@role_required(PROVINCE)
def self_evaluation_review(request, pk):
    evaluation = _self_evaluation_or_404(request, pk)
    _run(
        request,
        forms.ReviewForm(request.POST),
        lambda data: services.review_self_evaluation(
            evaluation,
            accept=data["decision"] == "accept",
            comment=data["comment"],
            grade=data["grade"],
            rectification_deadline=data["rectification_deadline"],
            rectification_requirements=data["rectification_requirements"],
            rectification_document_number=data["rectification_document_number"],
            actor=request.user,
        ),
        _("The decision is recorded."),
    )
    return redirect("evaluations:self_evaluation", pk=pk)


def _attach(request, target: dict, back: str):
    _run(
        request,
        forms.AttachmentForm(request.POST, request.FILES),
        lambda data: services.add_attachment(
            upload=data["file"], description=data["description"], actor=request.user, **target
        ),
        _("The file is attached."),
    )
    return redirect(back)


@require_POST
@role_required(CITY)
def self_evaluation_attach(request, pk):
    evaluation = _self_evaluation_or_404(request, pk)
    return _attach(request, {"self_evaluation": evaluation}, reverse("evaluations:self_evaluation", kwargs={"pk": pk}))


@role_required(*OFFICIALS, OPERATOR)
def attachment(request, pk):
    found = get_object_or_404(selectors.attachments_visible_to(request.user), pk=pk)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.original_name)


# --- indicator templates -----------------------------------------------------------------------------


@role_required(PROVINCE)
def templates(request):
    return render(
        request,
        "evaluations/templates.html",
        {"templates": selectors.templates_for(request.user), "copy_form": forms.CopyTemplateForm()},
    )


@role_required(PROVINCE)
def template_edit(request, pk):
    template = get_object_or_404(selectors.templates_for(request.user), pk=pk)
    indicators = selectors.template_indicators(template)
    form = forms.TemplateForm(
        request.POST or None, initial={"name": template.name, "description": template.description}
    )
    formset = forms.IndicatorFormSet(
        request.POST or None,
        initial=[
            {"pk": i.pk, "content_item": i.content_item, "name": i.name, "weight": i.weight, "max_score": i.max_score}
            for i in indicators
        ],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [row for row in formset.cleaned_data if row and not row.get("DELETE")]
        try:
            services.save_template(
                template,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                indicators=rows,
                actor=request.user,
            )
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(request, _("The template is saved."))
            return redirect("evaluations:templates")
    return render(request, "evaluations/template_edit.html", {"template": template, "form": form, "formset": formset})


@require_POST
@role_required(PROVINCE)
def template_copy(request, pk):
    template = get_object_or_404(selectors.templates_for(request.user), pk=pk)
    copy = _run(
        request,
        forms.CopyTemplateForm(request.POST),
        lambda data: services.copy_template(template, name=data["name"], actor=request.user),
        _("The template is copied."),
    )
    if copy:
        return redirect("evaluations:template_edit", pk=copy.pk)
    return redirect("evaluations:templates")


# --- centralized evaluation --------------------------------------------------------------------------


@role_required(*OFFICIALS)
def assessment(request, pk):
    found = get_object_or_404(selectors.assessments_visible_to(request.user), pk=pk)
    seats = list(selectors.assessment_seats(found))
    submitted = [seat for seat in seats if seat.submitted_at is not None]
    average = scoring.average(seat.total for seat in submitted)
    indicators = list(selectors.template_indicators(found.round.template))
    rows = []
    for seat in seats:
        scores = {score.indicator_id: score.score for score in seat.scores.all()}
        rows.append(
            {
                "seat": seat,
                "cells": [scores.get(indicator.pk) for indicator in indicators],
                "deviation": seat.total - average if seat.submitted_at and average is not None else None,
            }
        )
    context = {
        "assessment": found,
        "rows": rows,
        "indicators": indicators,
        "average": average,
        "draws": selectors.draws_with_names(found),
        "draw_form": forms.DrawForm()
        if request.user.role == PROVINCE and not seats and not found.round.is_published
        else None,
    }
    return render(request, "evaluations/assessment.html", context)


@require_POST
@role_required(PROVINCE)
def assessment_draw(request, pk):
    found = get_object_or_404(selectors.assessments_visible_to(request.user), pk=pk)
    _run(
        request,
        forms.DrawForm(request.POST),
        lambda data: services.draw_experts(found, size=data["size"], actor=request.user),
        _("The experts are drawn."),
    )
    return redirect("evaluations:assessment", pk=pk)


@role_required(Role.EXPERT)
def my_assignments(request):
    seats = selectors.seats_of(request.user).order_by("-assessment__round__year", "assessment__park__name")
    page = Paginator(seats, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "evaluations/my_assignments.html", {"page": page, "today": timezone.localdate()})


@role_required(Role.EXPERT)
def seat(request, pk):
    found = get_object_or_404(selectors.seats_of(request.user), pk=pk)
    indicators = list(selectors.template_indicators(found.assessment.round.template))
    editable = found.submitted_at is None and not found.assessment.round.is_published
    form = forms.ScoreForm(
        request.POST if request.method == "POST" and editable else None,
        indicators=indicators,
        initial_scores={score.indicator_id: score.score for score in found.scores.all()},
        initial={"opinion": found.opinion},
        submitting="submit" in request.POST,
    )
    if request.method == "POST":
        if not editable:
            messages.error(request, _("Your scores for this park can no longer be changed."))
            return redirect("evaluations:seat", pk=pk)
        if form.is_valid():
            submit = "submit" in request.POST
            try:
                services.save_scores(
                    found, scores=form.scores(), opinion=form.cleaned_data["opinion"], submit=submit, actor=request.user
                )
            except ValidationError as error:
                forms.add_service_errors(form, error)
            else:
                messages.success(request, _("Your scores are submitted.") if submit else _("Your scores are saved."))
                return redirect("evaluations:seat", pk=pk)
    content_items = {item.code: f"{item.article} {item.label}" for item in get_policy().evaluation.content_items}
    rows = [(content_items.get(i.content_item, i.content_item), form[f"score_{i.pk}"], i) for i in indicators]
    park = found.assessment.park
    context = {
        "seat": found,
        "form": form,
        "rows": rows,
        "editable": editable,
        # Beside the form: what the expert scores from — the park's dossier, its materials, its eligibility.
        "report": park_eligibility(park),
        "materials": selectors.seat_materials(found),
    }
    return render(request, "evaluations/seat.html", context)


@role_required(Role.EXPERT)
def seat_material(request, pk, material_pk):
    """A material of the park the expert scores (selectors.seat_materials), downloaded through the seat."""
    found = get_object_or_404(selectors.seats_of(request.user), pk=pk)
    material = next((m for m in selectors.seat_materials(found) if m.pk == material_pk), None)
    if material is None:
        raise Http404
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("The file is missing from storage.")) from missing
    return FileResponse(handle, as_attachment=True, filename=material.original_name)


# --- outcomes ----------------------------------------------------------------------------------------


@role_required(*OFFICIALS)
def notice(request, pk):
    found = get_object_or_404(selectors.notices_visible_to(request.user), pk=pk)
    assessments = selectors.round_assessments(found.round, request.user)
    filename = f"evaluation-results-{found.round.year}"
    if response := export_if_requested(request, assessments, selectors.NOTICE_RESULT_COLUMNS, filename):
        return response
    assessments = list(assessments)
    counts = dict.fromkeys(Grade.values, 0)
    for item in assessments:
        counts[item.grade] = counts.get(item.grade, 0) + 1
    if request.user.role == PROVINCE:
        for item in assessments:
            if hasattr(item, "commendation"):
                item.support_form = forms.SupportForm(prefix=_support_prefix(item.commendation))
    context = {
        "notice": found,
        "assessments": assessments,
        "counts": [(Grade(grade).label, count) for grade, count in counts.items()],
    }
    return render(request, "evaluations/notice.html", context)


def _support_prefix(commendation) -> str:
    """One support form per commended park on the notice page, each with its own field ids."""
    return f"support-{commendation.pk}"


@require_POST
@role_required(PROVINCE)
def commendation_support(request, pk):
    found = get_object_or_404(selectors.assessments_visible_to(request.user), commendation__pk=pk)
    commendation = found.commendation
    _run(
        request,
        forms.SupportForm(request.POST, prefix=_support_prefix(commendation)),
        lambda data: services.record_support(
            commendation,
            description=data["support_description"],
            amount=data["support_amount_cny"],
            actor=request.user,
        ),
        _("The policy support is recorded."),
    )
    return redirect("evaluations:notice", pk=commendation.notice_id)


def _rectification_or_404(request, pk) -> Rectification:
    return get_object_or_404(selectors.rectifications_visible_to(request.user), pk=pk)


@role_required(*OFFICIALS, OPERATOR)
def rectification(request, pk):
    # Operators read their own park's order (read-only); the writes below stay with the officials.
    found = get_object_or_404(selectors.rectifications_readable_by(request.user), pk=pk)
    is_province = request.user.role == PROVINCE
    context = {
        "rectification": found,
        "is_official": request.user.role in OFFICIALS,
        "events": found.events.select_related("actor"),
        "attachments": found.attachments.all(),
        "report_form": forms.ReportForm()
        if request.user.role == CITY and found.status == Rectification.Status.ORDERED
        else None,
        "attachment_form": forms.AttachmentForm()
        if request.user.role == CITY and found.status == Rectification.Status.ORDERED
        else None,
        "accept_form": forms.AcceptForm() if is_province and found.status == Rectification.Status.REPORTED else None,
        "revoke_form": forms.RevokeForm(initial={"ground": found.ground}) if is_province and found.is_open else None,
        "overdue": found.status == Rectification.Status.ORDERED and selectors.is_overdue(found.deadline),
    }
    return render(request, "evaluations/rectification.html", context)


@require_POST
@role_required(CITY)
def rectification_report(request, pk):
    found = _rectification_or_404(request, pk)
    _run(
        request,
        forms.ReportForm(request.POST),
        lambda data: services.report_rectification(found, report=data["report"], actor=request.user),
        _("The rectification is reported to the province."),
    )
    return redirect("evaluations:rectification", pk=pk)


@require_POST
@role_required(CITY)
def rectification_attach(request, pk):
    found = _rectification_or_404(request, pk)
    return _attach(request, {"rectification": found}, reverse("evaluations:rectification", kwargs={"pk": pk}))


@require_POST
@role_required(PROVINCE)
def rectification_accept(request, pk):
    found = _rectification_or_404(request, pk)
    _run(
        request,
        forms.AcceptForm(request.POST),
        lambda data: services.accept_rectification(found, comment=data["comment"], actor=request.user),
        _("The rectification is accepted."),
    )
    return redirect("evaluations:rectification", pk=pk)


# --- park lifecycle ----------------------------------------------------------------------------------


def _park_or_404(request, pk):
    return get_object_or_404(selectors.lifecycle_parks_visible_to(request.user).prefetch_related("sites"), pk=pk)


@role_required(*OFFICIALS, OPERATOR)
def park(request, pk):
    # Operators read their own park's record (read-only, no scores by expert, no self-evaluation drafts).
    found = get_object_or_404(selectors.park_records_visible_to(request.user).prefetch_related("sites"), pk=pk)
    is_province = request.user.role == PROVINCE
    holds = found.status in selectors.HOLDS_DESIGNATION
    context = {
        "park": found,
        "is_official": request.user.role in OFFICIALS,
        "history": selectors.status_history(found),
        "sites": found.sites.all(),
        "rectifications": found.rectifications.select_related("assessment__round"),
        "assessments": found.assessments.select_related("round__notice").exclude(grade=""),
        "self_evaluations": found.self_evaluations.select_related("round"),
        "results": found.comprehensive_results.order_by("-year"),
        "rectify_form": forms.OrderRectificationForm(initial={"ordered_on": timezone.localdate()})
        if is_province and holds
        else None,
        "revoke_form": forms.RevokeForm() if is_province and holds else None,
    }
    return render(request, "evaluations/park.html", context)


@require_POST
@role_required(PROVINCE)
def park_rectify(request, pk):
    found = _park_or_404(request, pk)
    _run(
        request,
        forms.OrderRectificationForm(request.POST),
        lambda data: services.order_rectification(
            found,
            ground=data["ground"],
            requirements=data["requirements"],
            document_number=data["document_number"],
            ordered_on=data["ordered_on"],
            deadline=data["deadline"],
            actor=request.user,
        ),
        _("The rectification is ordered."),
    )
    return redirect("evaluations:park", pk=pk)


@require_POST
@role_required(PROVINCE)
def park_revoke(request, pk):
    found = _park_or_404(request, pk)
    _run(
        request,
        forms.RevokeForm(request.POST),
        lambda data: services.revoke_designation(
            found,
            ground=data["ground"],
            reasons=data["reasons"],
            document_number=data["document_number"],
            actor=request.user,
        ),
        _("The designation is revoked."),
    )
    return redirect("evaluations:park", pk=pk)
