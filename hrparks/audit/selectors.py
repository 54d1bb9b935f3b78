"""Reads of the audit log. `entries_visible_to` is THE scoping rule for it: every page, filter and export
of audit entries starts from it."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrparks.accounts.models import Role, User
from hrparks.api.exports import CHUNK_SIZE as EXPORT_CHUNK_SIZE
from hrparks.api.exports import Column
from hrparks.parks.models import Park
from hrparks.parks.selectors import parks_visible_to

from .models import AuditEntry
from .presentation import EntryView, present
from .visibility import NAMED_TO_OFFICIALS_ONLY, visible_objects

PAGE_SIZE = 50


# Who may read the audit log (within their scope, see entries_visible_to).
READERS = (Role.PROVINCIAL_BUREAU, Role.CITY_BUREAU, Role.PARK_OPERATOR)


def may_read_history(user) -> bool:
    return user.role in READERS


def entries_visible_to(user) -> QuerySet[AuditEntry]:
    """The provincial bureau reads its province's whole log; a city bureau the history of its city's
    parks; an operator the history of its own parks; nobody else reads the log. Within that, an entry
    only if its object is one the reader may see (visibility.visible_objects: no drafts of others)."""
    entries = AuditEntry.objects.all()
    if not user.is_authenticated:
        return entries.none()
    if user.role == Role.PROVINCIAL_BUREAU and user.jurisdiction_id is not None:
        # With the platform's own entries, which belong to no province: administrators' page views, failed
        # log-ins under unknown names, downloads by users without a jurisdiction.
        own = Q(province_id=user.jurisdiction_id) | Q(province_id__isnull=True, park_id__isnull=True)
        return visible_objects(entries.filter(own), user)
    if user.role in (Role.CITY_BUREAU, Role.PARK_OPERATOR):
        return visible_objects(entries.filter(park_id__in=parks_visible_to(user).values("pk")), user)
    return entries.none()


def filter_entries(
    entries: QuerySet[AuditEntry],
    *,
    park: Park | None = None,
    park_name: str = "",
    actor: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """Narrow a scoped log; dates are whole days in the platform's time zone. `park_name` keeps the
    entries of the parks whose current name contains it (the log is already scoped, so the park lookup
    needs no scope of its own)."""
    if park is not None:
        entries = entries.filter(park_id=park.pk)
    if park_name:
        entries = entries.filter(park_id__in=Park.objects.filter(name__icontains=park_name).values("pk"))
    if actor:
        # A user name, or (part of) a person's name as the pages show it.
        # Experts by user name only: their names are not shown to every reader (visibility.actor_named).
        named = (
            User.objects.filter(Q(first_name__icontains=actor) | Q(last_name__icontains=actor))
            .exclude(role__in=NAMED_TO_OFFICIALS_ONLY)
            .values("pk")
        )
        entries = entries.filter(Q(actor_username=actor) | Q(actor_id__in=named))
    if action:
        entries = entries.filter(action=action)
    if date_from:
        entries = entries.filter(timestamp__gte=_start_of(date_from))
    if date_to:
        entries = entries.filter(timestamp__lt=_start_of(date_to + datetime.timedelta(days=1)))
    return entries


def _start_of(day: datetime.date) -> datetime.datetime:
    # A range on the indexed column itself, not on a date computed from it.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone())


@dataclass(frozen=True)
class EntryPage:
    entries: list[AuditEntry]
    newer: int | None  # pass as `after` for the newer page
    older: int | None  # pass as `before` for the older page


def entry_page(
    entries: QuerySet[AuditEntry], *, before: int | None = None, after: int | None = None, size: int = PAGE_SIZE
) -> EntryPage:
    """Newest first, one page at a time by entry number (keyset): no OFFSET and no COUNT over a log of
    millions, each page a short walk down an index."""
    if after is not None:
        rows = list(entries.filter(seq__gt=after).order_by("seq")[: size + 1])
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        more_older = bool(rows) and entries.filter(seq__lt=rows[-1].seq).exists()
    else:
        older_entries = entries if before is None else entries.filter(seq__lt=before)
        rows = list(older_entries.order_by("-seq")[: size + 1])
        more_older = len(rows) > size
        rows = rows[:size]
        more_newer = bool(rows) and before is not None and entries.filter(seq__gt=rows[0].seq).exists()
    return EntryPage(
        entries=rows,
        newer=rows[0].seq if rows and more_newer else None,
        older=rows[-1].seq if rows and more_older else None,
    )


def with_park_names(user, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    """Each entry with `park_name`, the current name of its park if the user sees it (None for a deleted
    park), in the same query however many entries."""
    names = parks_visible_to(user).filter(pk=OuterRef("park_id")).values("name")[:1]
    # With the actor, for its display name (presentation._actor_name), in the same query.
    return entries.annotate(park_name=Subquery(names)).select_related("actor")


def _what_changed(item: EntryView) -> str:
    lines = [f"{change.label}: {change.before} → {change.after}" for change in item.changes]
    return "\n".join(lines + [f"{key}: {value}" for key, value in item.details])


def _park(item: EntryView) -> str:
    if item.park_name or item.entry.park_id is None:
        return item.park_name
    return _("Park #%(id)s (deleted)") % {"id": item.entry.park_id}


# The log as a spreadsheet, one row per entry as the log page shows it; the rows are entry_rows.
ENTRY_COLUMNS = [
    Column(_("No."), "entry.seq"),
    Column(_("Time"), "entry.timestamp"),
    Column(_("By"), "actor_name"),
    Column(_("Role"), "role"),
    Column(_("Action"), "action"),
    Column(_("Object type"), "object_type"),
    Column(_("Object"), "object_repr"),
    Column(_("Park"), _park),
    Column(_("What changed"), _what_changed),
]


def entry_rows(user, entries: QuerySet[AuditEntry]) -> Iterator[EntryView]:
    """Entries (from with_park_names) as the page presents them to `user`, read in chunks."""
    for entry in entries.iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield present(entry, user=user, park_name=entry.park_name or "")
