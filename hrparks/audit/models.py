"""The audit log: one append-only, hash-chained row per recorded write or event."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """Row changes are recorded by the signals; the events by their services (any other slug is allowed)."""

    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    TRANSITION = "transition", _("Workflow transition")
    WAIVER = "waiver", _("Waiver")
    IMPORT = "import", _("Import")
    # Not writes: who came in, and what left the platform (access.py).
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed log-in")
    LOCKED_OUT = "locked_out", _("Locked out")
    DOWNLOAD = "download", _("Download")
    EXPORT = "export", _("Export")
    ADMIN_VIEW = "admin_view", _("Admin page viewed")


class AppendOnlyError(Exception):
    """An audit entry cannot be changed or removed once written."""


class AuditEntry(models.Model):
    # Gap-free, so that a removed row shows as a missing number.
    seq = models.PositiveBigIntegerField(_("number"), primary_key=True)
    timestamp = models.DateTimeField(_("time"), db_index=True)
    # No database constraint and no cascade: deleting a user must neither touch nor block the log;
    # the snapshot below keeps who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        db_index=False,
    )
    actor_username = models.CharField(_("actor's user name"), max_length=150, blank=True)
    actor_role = models.CharField(_("actor's role"), max_length=30, blank=True)
    action = models.CharField(_("action"), max_length=40)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,
    )
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    # Plain numbers, not foreign keys: the history of a deleted park stays readable and scoped.
    park_id = models.BigIntegerField(_("park ID"), null=True)
    province_id = models.BigIntegerField(_("province ID"), null=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)
    # Which key signed the hash (chain.KEYS); empty for the entries written before the hashes were keyed,
    # which keep their plain SHA-256 (the log is never rewritten, not even to re-key it).
    key_version = models.PositiveSmallIntegerField(_("key version"), null=True, editable=False)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        # Every list is "newest first within a scope or filter": (filter column, seq) serves it by index.
        indexes = [
            models.Index(fields=["province_id", "seq"], name="audit_province_seq"),
            models.Index(fields=["park_id", "seq"], name="audit_park_seq"),
            models.Index(fields=["actor_username", "seq"], name="audit_actor_seq"),
            models.Index(fields=["action", "seq"], name="audit_action_seq"),
            models.Index(fields=["content_type", "object_id", "seq"], name="audit_object_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(**{**kwargs, "force_insert": True})

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditHead(models.Model):
    """The one row holding the last number and hash. Locking it serialises writers of the chain, and it
    is how a removed last entry is noticed (the chain alone cannot tell a truncated log from a short one)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.seq}"
