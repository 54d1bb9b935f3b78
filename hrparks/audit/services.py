"""Writes to the audit log. Entries are appended in the caller's transaction, under a lock on the chain
head, so a rolled-back change leaves no entry and concurrent writers cannot fork the chain."""

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.utils import timezone

from hrparks.parks.models import Jurisdiction, Park

from . import snapshots
from .chain import GENESIS_HASH, HASHED_FIELDS, KEY_VERSION, entry_digest
from .context import current_actor
from .models import Action, AuditEntry, AuditHead


def lock_chain(using: str = DEFAULT_DB_ALIAS) -> AuditHead:
    """Lock the chain head for the rest of the transaction (created on first use, after the last entry).

    Every audited write takes this lock before its row, and keeps it until commit. A service that locks
    rows itself (select_for_update) before its audited writes should call this first, so that it takes
    the locks in the same order as everyone else."""
    heads = AuditHead.objects.using(using).select_for_update()
    head = heads.filter(pk=1).first()
    if head is None:
        last = AuditEntry.objects.using(using).order_by("-seq").values("seq", "hash").first()
        head, _created = heads.get_or_create(pk=1, defaults=last or {"seq": 0, "hash": GENESIS_HASH})
    return head


def lock_chain_if_in_transaction(using: str) -> None:
    """Take the head lock before the audited row is touched, so that every audited transaction locks in the
    same order (head, then rows) and two of them cannot deadlock. SQLite serialises writers by itself."""
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and connection.features.has_select_for_update:
        lock_chain(using)


class _Scopes:
    """Which park and province an entry belongs to, with the lookups remembered for one batch."""

    def __init__(self, using: str, actor):
        self.using = using
        self.actor = actor
        self._province_of_park: dict = {}
        self._park_of: dict = {}

    def __call__(self, obj) -> tuple[int | None, int | None]:
        park_id = self.park_id(obj) if obj is not None else None
        province_id = self.province_of_park(obj, park_id) if park_id is not None else None
        if province_id is None:
            province_id = getattr(obj, "province_id", None)  # a user's or a city's own province
        if province_id is None and self.actor is not None:
            province_id = self.actor.province_id
        return park_id, province_id

    def park_id(self, obj) -> int | None:
        """A park's own key, else the object's park, else the park of what it hangs off (a panel seat's
        application)."""
        if isinstance(obj, Park):
            return obj.pk
        if hasattr(obj, "park_id"):
            return obj.park_id
        for field in obj._meta.concrete_fields:
            related = field.related_model
            if not field.many_to_one or not hasattr(related, "park_id"):
                continue
            value = getattr(obj, field.attname)
            if value is None:
                continue
            key = (related, value)
            if key not in self._park_of:
                rows = related._base_manager.using(self.using).filter(pk=value)
                self._park_of[key] = rows.values_list("park_id", flat=True).first()
            return self._park_of[key]
        return None

    def province_of_park(self, obj, park_id: int) -> int | None:
        if park_id not in self._province_of_park:
            if isinstance(obj, Park):  # may be on its way out of the database
                cities = Jurisdiction.objects.using(self.using).filter(pk=obj.jurisdiction_id)
                province_id = cities.values_list("province_id", flat=True).first() or obj.jurisdiction_id
            else:
                parks = Park.objects.using(self.using).filter(pk=park_id)
                row = parks.values_list("jurisdiction__province_id", "jurisdiction_id").first()
                province_id = row and (row[0] or row[1])
            self._province_of_park[park_id] = province_id
        return self._province_of_park[park_id]


def _acting(actor):
    actor = actor if actor is not None else current_actor()
    return actor if getattr(actor, "is_authenticated", False) else None


def _draft(action: str, obj, *, actor, scope, changes=None, data=None) -> AuditEntry:
    park_id, province_id = scope
    return AuditEntry(
        actor=actor,
        actor_username=actor.get_username() if actor else "",
        actor_role=getattr(actor, "role", "") if actor else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        park_id=park_id,
        province_id=province_id,
        changes=changes or {},
        data=snapshots.json_safe(data or {}),
    )


def _append(entries: list[AuditEntry], using: str) -> list[AuditEntry]:
    """Number, link and hash the entries after the current head, store them, and move the head."""
    # Inside the caller's transaction without a savepoint of its own: an audit failure fails the change.
    with transaction.atomic(using=using, savepoint=False):
        head = lock_chain(using)
        seq, prev_hash = head.seq, head.hash
        now = timezone.now()
        for entry in entries:
            seq += 1
            entry.seq, entry.timestamp, entry.prev_hash, entry.key_version = seq, now, prev_hash, KEY_VERSION
            entry.hash = prev_hash = entry_digest({name: getattr(entry, name) for name in HASHED_FIELDS})
        AuditEntry.objects.using(using).bulk_create(entries, batch_size=500)
        AuditHead.objects.using(using).filter(pk=head.pk).update(seq=seq, hash=prev_hash)
    return entries


def record_change(action: str, obj, changes: dict, *, using: str, scope=None, actor=None) -> AuditEntry:
    """Record one row change (the signals call this); `scope` when it was worked out before a delete."""
    actor = _acting(actor)
    scope = scope or _Scopes(using, actor)(obj)
    return _append([_draft(action, obj, actor=actor, scope=scope, changes=changes)], using)[0]


def scope_of(obj, using: str) -> tuple[int | None, int | None]:
    return _Scopes(using, _acting(None))(obj)


def record_event(action: str, obj, *, data: dict | None = None, actor=None) -> AuditEntry:
    """Record an event that is not a plain row change (a transition, a waiver, an import). `obj` is what it
    happened to (or None); `data` says what happened, in JSON-able terms."""
    using = obj._state.db if obj is not None and obj._state.db else router.db_for_write(AuditEntry)
    actor = _acting(actor)
    scope = _Scopes(using, actor)(obj)
    return _append([_draft(action, obj, actor=actor, scope=scope, data=data)], using)[0]


def record_rows(action: str, objs, *, actor=None) -> list[AuditEntry]:
    """Record many rows written in bulk (bulk_create/bulk_update bypass model signals), in one batch.

    "create": call after bulk_create (the objects need their keys). "update": call BEFORE bulk_update
    in the same transaction: each object is compared with its stored row, and objects without a change
    get no entry. "delete": with the objects as they were, for rows removed without signals
    (QuerySet._raw_delete); QuerySet.delete() sends them, and its rows are recorded one by one."""
    objs = list(objs)
    if not objs:
        return []
    if action not in (Action.CREATE, Action.UPDATE, Action.DELETE):
        raise ValueError(f"record_rows records create, update or delete, not {action!r}")
    using = objs[0]._state.db or router.db_for_write(type(objs[0]))
    actor = _acting(actor)
    scopes = _Scopes(using, actor)
    stored = {}
    if action == Action.UPDATE:
        for model in {type(obj) for obj in objs}:
            stored[model] = snapshots.stored_snapshots(model, [o.pk for o in objs if type(o) is model], using)

    entries = []
    for obj in objs:
        model = type(obj)
        if action == Action.CREATE:
            changes = snapshots.creation(model, snapshots.snapshot(obj))
        elif action == Action.DELETE:
            changes = snapshots.deletion(model, snapshots.snapshot(obj))
        else:
            changes = snapshots.changes_between(model, stored[model].get(obj.pk, {}), snapshots.snapshot(obj))
            if not changes:
                continue
        entries.append(_draft(action, obj, actor=actor, scope=scopes(obj), changes=changes))
    return _append(entries, using) if entries else []
