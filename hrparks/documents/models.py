"""Generated files, kept so that a document is rendered again only when what it shows has changed."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import Format, Kind


class GeneratedDocument(models.Model):
    """The latest rendering of one document of one subject in one format.

    `subject` names whose document it is ("park:3", "application:7", "notice:2"); `park` and `application`
    scope it. `input_hash` digests the context and the templates it was made from (services.inputs_hash);
    a request whose inputs hash the same is served the stored file.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    subject = models.CharField(_("subject"), max_length=60)
    kind = models.CharField(_("document"), max_length=30, choices=Kind.choices)
    file_format = models.CharField(_("format"), max_length=8, choices=Format.choices)
    park = models.ForeignKey(
        "parks.Park",
        verbose_name=_("park"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="generated_documents",
    )
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="generated_documents",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    input_hash = models.CharField(_("hash of the inputs"), max_length=64)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    render_seconds = models.FloatField(_("rendering time (s)"), null=True, blank=True)

    class Meta:
        ordering = ["subject", "kind", "file_format"]
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        constraints = [
            models.UniqueConstraint(fields=["subject", "kind", "file_format"], name="one_document_per_subject_kind")
        ]

    def __str__(self) -> str:
        return self.file_name or f"{self.subject} {self.kind}.{self.file_format}"

    def is_current(self, input_hash: str) -> bool:
        return self.status == self.Status.READY and self.input_hash == input_hash and bool(self.file)


class SubmittedSnapshot(models.Model):
    """What 附件3 (the application form) showed when the application was submitted (第六条（一）).

    The form is what the city bureau and the province review; regenerated later it must show the data that
    was submitted, not the park's data of today. `data` holds the form's context sections as rendered then
    (contexts.AttachmentContext.for_kind); one row per submission, the latest is the one printed.
    """

    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="submitted_snapshots",
    )
    data = models.JSONField(_("data as submitted"), encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        verbose_name = _("submitted application form")
        verbose_name_plural = _("submitted application forms")

    def __str__(self) -> str:
        return f"{self.application} · {self.created_at:%Y-%m-%d %H:%M}"
