"""THE visibility rule of the audit log, for every model: which entries a reader sees (those whose object
they may see) and which recorded fields of an entry they see (personal data and storage paths only for
the provincial bureau). Pages, exports and any API present entries through `presentation.present`, which
applies `hidden_fields`; the hash chain keeps the full record.

第六条（四）: objections during the public notice go to the provincial department, which verifies them; the
objector's identity is the province's to know (the park's operator and its city bureau are parties)."""

import functools
import re

from django.db.models import CharField, FileField, Q, QuerySet
from django.db.models.functions import Cast

from hrparks.accounts.models import Role

# Who reads the fields below: the provincial bureau (and, outside the log's pages, the system's own checks).
PERSONAL_DATA_READERS = frozenset({Role.PROVINCIAL_BUREAU})

# Personal data by model, besides what `_is_personal` finds by itself (file paths, phone and ID numbers).
PERSONAL_FIELDS = {
    "applications.objection": {"name", "contact", "content", "verification"},
    # The file name an objector gave their attachment may name them.
    "portal.objectionattachment": {"original_name"},
}

# Entries of these models name their object by a personal field (an attachment by its file name).
PERSONAL_REPR = frozenset({"portal.objectionattachment"})

# Field names that hold a person's phone or identity number, whatever the model.
_PERSONAL_NAME = re.compile(r"(^|_)(phone|mobile|id_number|id_card|identity_number)($|_)")

MASK = "******"

# Whose names a reader sees on an entry: an expert's name only officials (the panel is not the applicant's to
# know, 第六条（三）); to a park operator an expert's entry reads as its role alone.
NAMED_TO_OFFICIALS_ONLY = frozenset({Role.EXPERT})
OFFICIAL_READERS = frozenset({Role.PROVINCIAL_BUREAU, Role.CITY_BUREAU, Role.CITY_GOVERNMENT})


def actor_named(actor_role: str, user) -> bool:
    """Whether `user` reads the name of an entry's actor whose role was `actor_role`."""
    return actor_role not in NAMED_TO_OFFICIALS_ONLY or (user is not None and user.role in OFFICIAL_READERS)


def _label(model) -> str:
    return model._meta.concrete_model._meta.label_lower


@functools.cache
def personal_fields(model) -> frozenset[str]:
    """The fields of `model` that only PERSONAL_DATA_READERS see in the log: uploaded files (their storage
    path), phone and identity numbers, and the model's entry in PERSONAL_FIELDS."""
    found = {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, FileField) or _PERSONAL_NAME.search(field.name)
    }
    return frozenset(found | PERSONAL_FIELDS.get(_label(model), set()))


def hidden_fields(model, user) -> frozenset[str]:
    """The recorded fields of `model` that `user` may not read (none for a reader of personal data)."""
    if model is None or (user is not None and user.role in PERSONAL_DATA_READERS):
        return frozenset()
    return personal_fields(model)


def repr_hidden(model, user) -> bool:
    return model is not None and _label(model) in PERSONAL_REPR and user.role not in PERSONAL_DATA_READERS


def _keys(objects: QuerySet) -> QuerySet:
    """The objects' keys as text, the type of AuditEntry.object_id."""
    return objects.annotate(audit_key=Cast("pk", CharField())).values("audit_key")


def _object_scopes(user) -> list[tuple[type, QuerySet]]:
    """The models whose objects are visible more narrowly than their park (a draft application is its
    operator's alone; an expert sees only their panels' applications), each with the objects `user` sees."""
    from hrparks.applications.models import Application
    from hrparks.applications.selectors import applications_visible_to

    from .signals import audited_models

    applications = applications_visible_to(user).values("pk")
    scopes = []
    for model in audited_models():
        path = _path_to(model, Application)
        if path is None:
            continue
        if path == "":
            visible = Q(pk__in=applications)
        else:  # an object that hangs off no application (a notification about something else) stays visible
            visible = Q(**{f"{path}__in": applications}) | Q(**{f"{path}__isnull": True})
        scopes.append((model, model._base_manager.filter(visible)))
    return scopes


@functools.cache
def _path_to(model, target, depth: int = 3) -> str | None:
    """The lookup from `model` to `target` through foreign keys ("" for the target itself), or None."""
    if model is target:
        return ""
    if depth == 0:
        return None
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.related_model is None or field.related_model is model:
            continue
        below = _path_to(field.related_model, target, depth - 1)
        if below is not None:
            return field.name if below == "" else f"{field.name}__{below}"
    return None


def visible_objects(entries: QuerySet, user) -> QuerySet:
    """Keep the entries about objects `user` may see: an entry of a model scoped more narrowly than its park
    (see _object_scopes) only if its object is among those the user sees now."""
    from django.contrib.contenttypes.models import ContentType

    scopes = _object_scopes(user)
    narrow = ContentType.objects.get_for_models(*(model for model, _objects in scopes))
    allowed = ~Q(content_type__in=list(narrow.values()))
    for model, objects in scopes:
        allowed |= Q(content_type=narrow[model], object_id__in=_keys(objects))
    return entries.filter(Q(content_type__isnull=True) | allowed)
