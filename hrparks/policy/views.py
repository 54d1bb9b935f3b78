from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hrparks.accounts.models import OFFICIAL_ROLES, Role
from hrparks.core.access import role_required
from hrparks.core.refusals import refusal_code
from hrparks.scenarios.selectors import shipped_scenarios
from hrparks.workdays.selectors import year_view

from . import services
from .engine import KIND_LABELS
from .forms import RevocationForm, WaiverForm
from .registry import available_policies, get_policy
from .selectors import get_application_for, park_eligibility, waiver_history


@role_required(*OFFICIAL_ROLES, Role.EXPERT)
def overview(request):
    policies = available_policies()
    # Only the files of the policy directory: the query string never names a path.
    wanted = request.GET.get("policy") or policies[0].id
    policy = next((p for p in policies if p.id == wanted), None)
    if policy is None:
        raise Http404
    return render(
        request,
        "policy/overview.html",
        {
            "policy": policy,
            "policies": policies,
            "criteria": [(criterion, KIND_LABELS[criterion.kind]) for criterion in policy.criteria],
            "subsidy_amount": policy.procedure.subsidy_amount_cny,
            "calendar": year_view(timezone.localdate().year),
            "can_open_calendar": request.user.role in OFFICIAL_ROLES,
            "scenarios": shipped_scenarios(policy.id),
            "can_run_scenarios": request.user.role == Role.PROVINCIAL_BUREAU,
        },
    )


@role_required(Role.PROVINCIAL_BUREAU)
@require_http_methods(["GET", "POST"])
def waive(request, application_pk, criterion_id):
    application = get_application_for(request.user, application_pk)
    criterion = get_policy(application.policy_id).criterion(criterion_id)
    if criterion is None:
        raise Http404
    history = list(waiver_history(application, criterion_id))
    active = next((waiver for waiver in history if waiver.is_active), None)
    form_class = RevocationForm if active else WaiverForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if active:
                services.revoke_waiver(waiver=active, reason=form.cleaned_data["reason"], user=request.user)
                messages.success(request, _("The waiver is revoked; the rule applies again."))
            else:
                services.waive_criterion(
                    application=application,
                    criterion_id=criterion_id,
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                )
                messages.success(request, _("The rule is waived for this application."))
        except ValidationError as exc:
            # Shown as the page's message, with the refusal code (base.html: data-refusal-code).
            for message in exc.messages:
                messages.error(request, message, extra_tags=f"refusal-{refusal_code(exc)}")
        else:
            return redirect("policy:waive", application_pk=application.pk, criterion_id=criterion_id)
    report = park_eligibility(application.park, application)
    return render(
        request,
        "policy/waive.html",
        {
            "application": application,
            "criterion": criterion,
            "result": next(r for r in report.results if r.id == criterion_id),
            "active": active,
            "history": history,
            "form": form,
        },
    )
