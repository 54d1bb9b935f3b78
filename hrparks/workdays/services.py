"""Writes of the calendar overrides (provincial bureau). Each row write is audited by the audit app's
model signals (an import also as one event); each write forgets the cached calendar of its year (signals.py)."""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hrparks.audit.services import record_event

from .calendar import FIRST_YEAR, LAST_YEAR
from .models import CalendarOverride

# What the second column of an import line may say.
KIND_WORDS = {"working": True, "工作日": True, "rest": False, "休息日": False}
SOURCE_MAX_LENGTH = CalendarOverride._meta.get_field("source_document").max_length
NOTE_MAX_LENGTH = CalendarOverride._meta.get_field("note").max_length


@transaction.atomic
def create_override(*, day: date, is_working_day: bool, source_document: str, note: str = "") -> CalendarOverride:
    override = CalendarOverride(date=day, is_working_day=is_working_day, source_document=source_document, note=note)
    override.full_clean()
    override.save()
    return override


@transaction.atomic
def update_override(
    override: CalendarOverride, *, is_working_day: bool, source_document: str, note: str = ""
) -> CalendarOverride:
    """Change what a date is; the date itself stays (delete and add to move an override)."""
    override.is_working_day = is_working_day
    override.source_document = source_document
    override.note = note
    override.full_clean()
    override.save()
    return override


@transaction.atomic
def delete_override(override: CalendarOverride) -> None:
    override.delete()


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _parse_line(row: list[str], first_seen: dict[date, int], number: int) -> tuple[date, bool, str, str]:
    """One import line as (date, working, source, note); ValidationError with the reason otherwise."""
    if len(row) not in (3, 4):
        raise ValidationError(
            _("expected 3 fields (date, working|rest, source document) and an optional note, found %(count)s")
            % {"count": len(row)}
        )
    raw_date, raw_kind, source, note = (*[cell.strip() for cell in row], "")[:4]
    try:
        day = date.fromisoformat(raw_date)
    except ValueError:
        raise ValidationError(_("%(value)s is not a date of the form YYYY-MM-DD") % {"value": raw_date}) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(_("the calendar covers %(first)s–%(last)s") % {"first": FIRST_YEAR, "last": LAST_YEAR})
    if day in first_seen:
        raise ValidationError(_("%(date)s is already on line %(line)s") % {"date": day, "line": first_seen[day]})
    if raw_kind.lower() not in KIND_WORDS:
        raise ValidationError(_("%(value)s is neither working nor rest") % {"value": raw_kind})
    if not source:
        raise ValidationError(_("the source document is missing"))
    if len(source) > SOURCE_MAX_LENGTH or len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("the source document may have %(source)s characters, the note %(note)s")
            % {"source": SOURCE_MAX_LENGTH, "note": NOTE_MAX_LENGTH}
        )
    first_seen[day] = number
    return day, KIND_WORDS[raw_kind.lower()], source, note


def parse_overrides_csv(content: bytes) -> list[tuple[date, bool, str, str]]:
    """The lines of an import file; ValidationError listing every bad line as ``第 N 行: reason``.

    One line per date: ``date,working|rest,source document[,note]``; an optional header line
    starting with "date" or "日期" and blank lines are skipped."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("the file is not UTF-8 text")) from None
    rows, errors, first_seen = [], [], {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not any(cell.strip() for cell in row):
            continue
        if number == 1 and row[0].strip().lower() in ("date", "日期"):
            continue
        try:
            rows.append(_parse_line(row, first_seen, number))
        except ValidationError as exc:
            errors.append(_("line %(number)s: %(reason)s") % {"number": number, "reason": exc.messages[0]})
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("the file has no dates"))
    return rows


@transaction.atomic
def import_overrides(content: bytes) -> ImportResult:
    """Add or replace the overrides of a CSV file: all lines or, if any line is bad, none."""
    rows = parse_overrides_csv(content)
    existing = {o.date: o for o in CalendarOverride.objects.select_for_update().filter(date__in=[r[0] for r in rows])}
    created = 0
    for day, working, source, note in rows:
        override = existing.get(day) or CalendarOverride(date=day)
        created += override.pk is None
        override.is_working_day, override.source_document, override.note = working, source, note
        override.save()  # one row at a time, so that the audit signals record each
    result = ImportResult(created=created, updated=len(rows) - created)
    record_event(
        "calendar_import",
        None,
        data={"created": result.created, "updated": result.updated, "dates": [row[0].isoformat() for row in rows]},
    )
    return result
