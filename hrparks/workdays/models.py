"""The provincial bureau's corrections to the national working-day calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverride(models.Model):
    """One date declared a working day or a rest day by a document the `holidays` package does not
    know yet (next year's State Council notice before the package has it, a provincial decision).
    Overrides win over the package."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    source_document = models.CharField(
        _("source document"),
        max_length=200,
        help_text=_("The notice that sets this day, e.g. 国办发明电〔2026〕X号."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    def get_kind_display(self) -> str:
        return str(_("working day") if self.is_working_day else _("rest day"))
