"""Waivers of "原则上" criteria: the provincial bureau's reasoned decision not to apply one rule of
the policy to one application. A revoked waiver stays as history; a new one can then be given."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Waiver(models.Model):
    application = models.ForeignKey(
        "applications.Application", verbose_name=_("application"), on_delete=models.PROTECT, related_name="waivers"
    )
    criterion_id = models.CharField(_("criterion"), max_length=60)
    reason = models.TextField(_("reason"))
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("waived by"), on_delete=models.PROTECT, related_name="+"
    )
    waived_at = models.DateTimeField(_("waived at"), auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        ordering = ["application", "criterion_id", "-waived_at"]
        verbose_name = _("waiver")
        verbose_name_plural = _("waivers")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion_id"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_waiver_per_criterion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.criterion_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
