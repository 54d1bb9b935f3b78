"""An object's fields as JSON-safe values, and the changes between two such snapshots.

Values are normalised so that what is hashed when an entry is written is exactly what comes back from
the database's JSON column (SQLite text or PostgreSQL jsonb) when the chain is verified."""

import contextlib
import datetime
import decimal
import enum
import functools
import math

from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.utils import format_number
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from .registry import IGNORED_FIELDS, MASK, SECRET_FIELDS


def json_safe(value):
    """A value JSON can carry unchanged through both databases: dates as ISO text, decimals as text,
    files as their name, whole floats as integers (jsonb would turn 1e20 into an integer anyway)."""
    if isinstance(value, enum.Enum):
        value = value.value
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return int(value) if value.is_integer() else value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, timezone.get_default_timezone())
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return json_safe(value.total_seconds())
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, models.Model):
        return json_safe(value.pk)
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((json_safe(item) for item in value), key=repr)
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, bytes | memoryview):
        return f"<{len(value)} bytes>"
    return str(value)


def field_value(field: models.Field, value):
    """The value of one field as the database would give it back, JSON-safe."""
    if value is None:
        return None
    if isinstance(field, models.DecimalField):
        try:
            return format_number(field.to_python(value), field.max_digits, field.decimal_places)
        except (ValidationError, decimal.InvalidOperation):
            return json_safe(value)
    if not isinstance(field, models.JSONField | models.FileField):
        with contextlib.suppress(ValidationError):  # a value the field cannot read is recorded as given
            value = field.to_python(value)
    return json_safe(value)


def model_label(model) -> str:
    return model._meta.concrete_model._meta.label_lower


@functools.cache
def tracked_fields(model) -> tuple[models.Field, ...]:
    """The fields whose changes are recorded: not the key, not bookkeeping timestamps, not IGNORED_FIELDS."""
    ignored = IGNORED_FIELDS.get(model_label(model), set())
    return tuple(
        field
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.name not in ignored
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    )


def snapshot(instance, fields=None) -> dict:
    fields = tracked_fields(type(instance)) if fields is None else fields
    return {field.name: field_value(field, getattr(instance, field.attname)) for field in fields}


def stored_snapshots(model, pks, using) -> dict:
    """The rows as stored now, by primary key (one query per thousand rows)."""
    fields = tracked_fields(model)
    pk_name = model._meta.pk.attname
    pks = list(pks)
    snapshots = {}
    for start in range(0, len(pks), 1000):
        rows = model._base_manager.using(using).filter(pk__in=pks[start : start + 1000])
        for row in rows.values(pk_name, *(field.attname for field in fields)):
            snapshots[row[pk_name]] = {field.name: field_value(field, row[field.attname]) for field in fields}
    return snapshots


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _masked(model, changes: dict) -> dict:
    secrets = SECRET_FIELDS.get(model_label(model), set())
    for name in secrets & changes.keys():
        changes[name] = [None if _is_empty(value) else MASK for value in changes[name]]
    return changes


def changes_between(model, before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields of `after` whose value differs (secrets masked)."""
    changed = {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
    return _masked(model, changed)


def creation(model, after: dict) -> dict:
    return _masked(model, {name: [None, value] for name, value in after.items() if not _is_empty(value)})


def deletion(model, before: dict) -> dict:
    return _masked(model, {name: [value, None] for name, value in before.items() if not _is_empty(value)})
