"""What the public portal keeps of its own: the file an objector may attach to an objection."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectionAttachment(models.Model):
    """A document attached to an objection filed on the portal; checked by its content, size-limited,
    and readable only by the provincial bureau (through the API), never from a public URL."""

    objection = models.OneToOneField(
        "applications.Objection", verbose_name=_("objection"), on_delete=models.PROTECT, related_name="attachment"
    )
    file = models.FileField(_("file"), upload_to="objections/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("objection attachment")
        verbose_name_plural = _("objection attachments")

    def __str__(self) -> str:
        return self.original_name
