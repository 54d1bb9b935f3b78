"""Writes of the policy app: waivers of "原则上" criteria by the provincial department."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrparks.accounts.models import Role
from hrparks.audit.services import record_event
from hrparks.core.refusals import Refusal

from .models import Waiver
from .registry import get_policy


def _check_provincial(user, application) -> None:
    """Only the provincial department of the application's province decides on waivers."""
    if user.role != Role.PROVINCIAL_BUREAU or user.jurisdiction_id != application.park.jurisdiction.province_id:
        raise PermissionDenied(_("Only the provincial department of the park's province may waive or restore a rule."))


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason in writing."), code=Refusal.REASON_REQUIRED)
    return reason


@transaction.atomic
def waive_criterion(*, application, criterion_id: str, reason: str, user) -> Waiver:
    """Waive one "原则上" criterion of the application's policy for this application, with a written reason."""
    _check_provincial(user, application)
    policy = get_policy(application.policy_id)
    criterion = policy.criterion(criterion_id)
    if criterion is None:
        raise ValidationError(
            _("%(criterion)s is not a criterion of %(policy)s.") % {"criterion": criterion_id, "policy": policy.title},
            code=Refusal.INVALID,
        )
    # "原则上应符合以下条件" (第五条) covers every condition of 第五条 and 第四条; the materials of 第六条（一）
    # are not conditions "in principle" and can never be waived.
    if not criterion.waivable:
        raise ValidationError(
            _("%(article)s (%(criterion)s) is not an in-principle (原则上) rule and cannot be waived.")
            % {"article": criterion.article, "criterion": criterion.text},
            code=Refusal.NOT_WAIVABLE,
            params={"criteria": [criterion_id]},
        )
    reason = _required_reason(reason)
    # Lock the application so that two officials cannot waive the same criterion at once.
    type(application).objects.select_for_update().get(pk=application.pk)
    if Waiver.objects.filter(application=application, criterion_id=criterion_id, revoked_at__isnull=True).exists():
        raise ValidationError(_("This rule is already waived for this application."), code=Refusal.WRONG_STATE)
    waiver = Waiver.objects.create(application=application, criterion_id=criterion_id, reason=reason, waived_by=user)
    record_event(
        "waiver",
        application,
        data={"criterion": criterion_id, "article": criterion.article, "policy": policy.id, "reason": reason},
        actor=user,
    )
    return waiver


@transaction.atomic
def revoke_waiver(*, waiver: Waiver, reason: str, user) -> Waiver:
    """Withdraw a waiver: the rule applies to the application again. The waiver stays as history."""
    _check_provincial(user, waiver.application)
    reason = _required_reason(reason)
    waiver = Waiver.objects.select_for_update().get(pk=waiver.pk)
    if not waiver.is_active:
        raise ValidationError(_("This waiver has already been revoked."), code=Refusal.WRONG_STATE)
    waiver.revoked_at = timezone.now()
    waiver.revoked_by = user
    waiver.revocation_reason = reason
    waiver.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    record_event(
        "waiver_revoked",
        waiver.application,
        data={"criterion": waiver.criterion_id, "reason": reason, "waiver": waiver.pk},
        actor=user,
    )
    return waiver
