"""How an entry reads on screen: labels for its action, the actor's role, the object's type, and a
before/after row per changed field (with the field's name and choice labels in the current language)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hrparks.accounts.models import Role

from .models import Action, AuditEntry
from .visibility import MASK, actor_named, hidden_fields, repr_hidden


@dataclass(frozen=True)
class ChangeRow:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class EntryView:
    entry: AuditEntry
    actor_name: str
    action: str
    role: str
    object_type: str
    object_repr: str
    park_name: str
    changes: list[ChangeRow]
    details: list[tuple[str, str]]


def present(entry: AuditEntry, *, user, park_name: str = "") -> EntryView:
    """The entry as `user` may read it: the fields the visibility rule hides from them read as masked, in
    the changes and in an event's details alike."""
    model = _model_of(entry)
    hidden = hidden_fields(model, user)
    return EntryView(
        entry=entry,
        actor_name=_actor_name(entry, user),
        action=_label(Action, entry.action),
        role=_label(Role, entry.actor_role),
        object_type=capfirst(model._meta.verbose_name) if model else "",
        object_repr=MASK if repr_hidden(model, user) else entry.object_repr,
        park_name=park_name,
        changes=[
            _change_row(model, name, *((_masked(before), _masked(after)) if name in hidden else (before, after)))
            for name, (before, after) in entry.changes.items()
        ],
        details=[(key, MASK if key in hidden else _shown(None, value)) for key, value in entry.data.items()],
    )


def _actor_name(entry: AuditEntry, user) -> str:
    """Who acted, as people are shown everywhere (姓名（单位）): the user's current display name, the
    recorded user name when the account is gone, the role alone where visibility says so."""
    if not entry.actor_username and entry.actor_id is None:
        return _("System")
    if not actor_named(entry.actor_role, user):
        return _label(Role, entry.actor_role)
    actor = _actor_of(entry)
    return actor.display_name if actor is not None else entry.actor_username


def _actor_of(entry: AuditEntry):
    """The entry's user (selected with the entry, see selectors.with_park_names), None when deleted."""
    try:
        return entry.actor
    except entry._meta.get_field("actor").related_model.DoesNotExist:
        return None


def _masked(value):
    return value if value is None or value == "" or value == [] else MASK


def _label(choices, value: str) -> str:
    return choices(value).label if value in choices.values else value


def _model_of(entry: AuditEntry):
    if entry.content_type_id is None:
        return None
    # get_for_id is cached: a page of entries costs at most one query per object type.
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def _field(model, name: str):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:  # a field removed since the entry was written
        return None


def _change_row(model, name: str, before, after) -> ChangeRow:
    field = _field(model, name)
    if field is None:
        label = name
    elif field.auto_created and not field.concrete:  # the reverse side of a relation (a park's operators)
        label = capfirst(field.related_model._meta.verbose_name_plural)
    else:
        label = capfirst(field.verbose_name)
    return ChangeRow(label, _shown(field, before), _shown(field, after))


def _shown(field, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return _(", ").join(_shown(field, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_shown(None, item)}" for key, item in value.items())
    choices = dict(field.flatchoices) if field is not None and field.choices else {}
    return str(choices.get(value, value))
