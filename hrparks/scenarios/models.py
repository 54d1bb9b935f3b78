from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScenarioResult(models.Model):
    """The last result of one scenario file, shown on the 政策与规则 page beside the policy it tests."""

    path = models.CharField(_("scenario file"), max_length=500, unique=True)
    ok = models.BooleanField(_("all expectations held"))
    error = models.TextField(_("invalid scenario"), blank=True)
    steps = models.PositiveIntegerField(_("steps"), default=0)
    failed_steps = models.PositiveIntegerField(_("failed steps"), default=0)
    output = models.JSONField(_("output"), default=dict)
    ran_at = models.DateTimeField(_("run"), default=timezone.now)

    class Meta:
        verbose_name = _("scenario result")
        verbose_name_plural = _("scenario results")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.path
