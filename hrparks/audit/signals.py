"""Automatic recording of every create, update and delete of the audited apps' models (registry.py).

Bulk writes (bulk_create, bulk_update, QuerySet.update) send no signals: their services call
`services.record_rows`."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from . import services, snapshots
from .models import Action
from .registry import AUDITED_APPS

# Kept on the instance between the pre_ and post_ signal of one write.
_BEFORE = "_audit_before"
_SCOPE = "_audit_scope"
_RELATED_BEFORE = "_audit_related_before"

_audited_models: set = set()
_m2m_fields: dict = {}  # through model -> the ManyToManyField it belongs to


def audited_models() -> list:
    models = []
    for label in AUDITED_APPS:
        if apps.is_installed(f"hrparks.{label}"):
            models.extend(apps.get_app_config(label).get_models())
    return models


def connect() -> None:
    for model in audited_models():
        _audited_models.add(model)
        uid = f"audit:{model._meta.label_lower}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            _m2m_fields[through] = field
            m2m_changed.connect(_related_changed, sender=through, dispatch_uid=f"audit:{through._meta.label_lower}")


def _before_save(sender, instance, using, **kwargs):
    services.lock_chain_if_in_transaction(using)
    before = None
    if instance.pk is not None:
        before = snapshots.stored_snapshots(sender, [instance.pk], using).get(instance.pk)
    instance.__dict__[_BEFORE] = before


def _after_save(sender, instance, created, using, update_fields, **kwargs):
    before = instance.__dict__.pop(_BEFORE, None)
    fields = snapshots.tracked_fields(sender)
    if update_fields is not None:
        fields = [field for field in fields if field.name in update_fields or field.attname in update_fields]
    after = snapshots.snapshot(instance, fields)
    if created or before is None:
        services.record_change(Action.CREATE, instance, snapshots.creation(sender, after), using=using)
        return
    changes = snapshots.changes_between(sender, before, after)
    if changes:
        services.record_change(Action.UPDATE, instance, changes, using=using)


def _before_delete(sender, instance, using, **kwargs):
    services.lock_chain_if_in_transaction(using)
    # Worked out now: by post_delete the park a row hung off may already be gone.
    instance.__dict__[_SCOPE] = services.scope_of(instance, using)


def _after_delete(sender, instance, using, **kwargs):
    changes = snapshots.deletion(sender, snapshots.snapshot(instance))
    scope = instance.__dict__.pop(_SCOPE, None)
    services.record_change(Action.DELETE, instance, changes, using=using, scope=scope)


def _related_changed(sender, instance, action, reverse, using, **kwargs):
    """user.parks.add(park) is recorded on the user as a change of "parks"; park.operators.add(user) on the
    park as a change of "operators"."""
    if type(instance) not in _audited_models:
        return
    field = _m2m_fields[sender]
    name = field.remote_field.get_accessor_name() if reverse else field.name
    pending = instance.__dict__.setdefault(_RELATED_BEFORE, {})
    if action.startswith("pre_"):
        services.lock_chain_if_in_transaction(using)
        pending[name] = _related_keys(instance, name)
        return
    before, after = pending.pop(name, None), _related_keys(instance, name)
    if before != after:
        services.record_change(Action.UPDATE, instance, {name: [before, after]}, using=using)


def _related_keys(instance, name: str) -> list:
    return snapshots.json_safe(sorted(getattr(instance, name).values_list("pk", flat=True)))
