"""Applications for designation as a provincial park (第六条). The workflow table lives in workflow.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hrparks.parks import codes


class Application(models.Model):
    park = models.ForeignKey(
        "parks.Park", verbose_name=_("park"), on_delete=models.PROTECT, related_name="applications"
    )
    park_type = models.CharField(_("park type"), max_length=20, choices=codes.ParkType.choices)
    policy_id = models.CharField(_("policy"), max_length=60)
    state = models.CharField(_("state"), max_length=40, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.park} ({self.created_at:%Y-%m-%d})" if self.created_at else str(self.park)


class PanelMember(models.Model):
    """An expert drawn onto the panel that evaluates one application (第六条（三）)."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="panel_members"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="panel_seats"
    )

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [models.UniqueConstraint(fields=["application", "expert"], name="one_seat_per_expert")]
