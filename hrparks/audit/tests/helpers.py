from django.contrib.contenttypes.models import ContentType

from hrparks.audit.models import AuditEntry


def entries_about(obj, action=None) -> list[AuditEntry]:
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    return list((entries.filter(action=action) if action else entries).order_by("seq"))


def last_entry() -> AuditEntry:
    return AuditEntry.objects.order_by("-seq").first()
