"""The park lifecycle: designated → under rectification → designated again, or revoked (第六条（四）,
第十四条). `change_park_status` is the ONE way Park.status changes: it locks the park row, checks
that the change is one the measures allow, keeps the history row, records the audit event and
tells the people concerned."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from hrparks.audit.context import current_actor
from hrparks.audit.services import lock_chain, record_event
from hrparks.core.refusals import Refusal
from hrparks.notifications.services import notify
from hrparks.parks.models import Park

from .models import Ground, ParkStatusChange, Rectification
from .selectors import park_stakeholders

Status = Park.Status

# The changes the measures provide for; anything else is refused (wrong_state). A revoked park may be
# designated again only through a new application (第六条); a park under rectification only when the
# province has accepted its rectification (第十四条, see _rectification_accepted).
ALLOWED_CHANGES = {
    Status.NOT_DESIGNATED: {Status.DESIGNATED},
    Status.DESIGNATED: {Status.UNDER_RECTIFICATION, Status.REVOKED},
    Status.UNDER_RECTIFICATION: {Status.DESIGNATED, Status.REVOKED},
    Status.REVOKED: {Status.DESIGNATED},
}
# Statuses in which a park holds the designation (and so is evaluated and publicly listed).
HOLDS_DESIGNATION = (Status.DESIGNATED, Status.UNDER_RECTIFICATION)


def change_park_status(
    park: Park, to_status: str, *, reason: str, document_number: str = "", actor=None, ground: str = ""
) -> ParkStatusChange:
    """Move the park to `to_status`; ValidationError (naming the field) when the change is not allowed."""
    actor = actor or current_actor()
    reason = (reason or "").strip()
    document_number = (document_number or "").strip()
    if to_status not in Status.values:
        raise ValidationError(
            {
                "to_status": ValidationError(
                    _("Unknown park status “%(status)s”.") % {"status": to_status}, code=Refusal.INVALID
                )
            }
        )
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Give the reason for the change."), code=Refusal.REASON_REQUIRED)}
        )
    if to_status == Status.REVOKED and not document_number:
        raise ValidationError(
            {
                "document_number": ValidationError(
                    _("Revoking a designation needs the number of the decision document."),
                    code=Refusal.REASON_REQUIRED,
                )
            }
        )
    if ground and ground not in Ground.values:
        raise ValidationError(
            {"ground": ValidationError(_("Unknown ground “%(ground)s”.") % {"ground": ground}, code=Refusal.INVALID)}
        )
    with transaction.atomic():
        lock_chain()  # before the park row: the one lock order of audited transactions
        locked = Park.objects.select_for_update().get(pk=park.pk)
        from_status = locked.status
        if to_status not in ALLOWED_CHANGES.get(from_status, set()):
            raise ValidationError(
                {
                    "to_status": ValidationError(
                        _("A park that is “%(from)s” cannot become “%(to)s”.")
                        % {"from": Status(from_status).label, "to": Status(to_status).label},
                        code=Refusal.WRONG_STATE,
                    )
                }
            )
        if from_status == Status.UNDER_RECTIFICATION and to_status == Status.DESIGNATED:
            _check_rectification_accepted(locked)
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at"])
        change = ParkStatusChange.objects.create(
            park=locked,
            from_status=from_status,
            to_status=to_status,
            ground=ground,
            reason=reason,
            document_number=document_number,
            actor=actor,
        )
        record_event(
            "park.status_changed",
            locked,
            data={"from": from_status, "to": to_status, "ground": ground, "document_number": document_number},
            actor=actor,
        )
        transaction.on_commit(lambda: _notify_change(change.pk))
    park.status = to_status
    return change


def _check_rectification_accepted(park: Park) -> None:
    """A park under rectification holds the designation without restriction again only once the
    province has accepted its rectification and no other order is open (第十四条: 限期整改). Checked
    here, on the data, so that no caller (a command, another app) can skip the acceptance."""
    statuses = list(Rectification.objects.filter(park=park).order_by("-pk").values_list("status", flat=True))
    if not statuses or statuses[0] != Rectification.Status.ACCEPTED or set(statuses) & set(Rectification.OPEN_STATUSES):
        raise ValidationError(
            {
                "to_status": ValidationError(
                    _("The park is designated again only when the province accepts its rectification."),
                    code=Refusal.WRONG_STATE,
                )
            }
        )


def _notify_change(change_id: int) -> None:
    change = ParkStatusChange.objects.select_related("park__jurisdiction", "actor").get(pk=change_id)
    # Stored texts are in the platform's default language; the e-mail is sent from them.
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(park)s is now “%(status)s”: %(reason)s") % {
            "park": change.park.name,
            "status": Status(change.to_status).label,
            "reason": change.reason,
        }
    notify(
        [user for user in park_stakeholders(change.park) if user != change.actor],
        text=text,
        link=reverse("evaluations:park", kwargs={"pk": change.park_id}),
    )
