from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrparks.accounts.models import Role
from hrparks.audit.services import record_event
from hrparks.core.access import role_required
from hrparks.policy.registry import available_policies

from .tasks import run_policy_scenarios


@role_required(Role.PROVINCIAL_BUREAU)
@require_POST
def run(request, policy_id):
    """Play the policy's scenarios again in the background; the policy page shows the results."""
    policy = next((p for p in available_policies() if p.id == policy_id), None)
    if policy is None:
        raise Http404
    run_policy_scenarios.enqueue(policy.id)
    record_event("scenarios.run_requested", None, data={"policy": policy.id}, actor=request.user)
    messages.success(request, _("The scenarios are being played; reload this page in a minute to see the results."))
    return redirect(reverse("policy:overview") + f"?policy={policy.id}#scenarios")
