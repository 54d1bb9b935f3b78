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
from hrparks.notifications.services import notify
from hrparks.parks.models import Park

from .models import Ground, ParkStatusChange
from .selectors import park_stakeholders

Status = Park.Status

# The changes the measures provide for; anything else is refused. A revoked park may be designated
# again only through a new application (第六条).
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
        raise ValidationError({"to_status": _("Unknown park status “%(status)s”.") % {"status": to_status}})
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the change.")})
    if to_status == Status.REVOKED and not document_number:
        raise ValidationError(
            {"document_number": _("Revoking a designation needs the number of the decision document.")}
        )
    if ground and ground not in Ground.values:
        raise ValidationError({"ground": _("Unknown ground “%(ground)s”.") % {"ground": ground}})
    with transaction.atomic():
        lock_chain()  # before the park row: the one lock order of audited transactions
        locked = Park.objects.select_for_update().get(pk=park.pk)
        from_status = locked.status
        if to_status not in ALLOWED_CHANGES.get(from_status, set()):
            raise ValidationError(
                {
                    "to_status": _("A park that is “%(from)s” cannot become “%(to)s”.")
                    % {"from": Status(from_status).label, "to": Status(to_status).label}
                }
            )
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
