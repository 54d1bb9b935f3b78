"""Lists as spreadsheets: rows from a queryset and a column spec, as .xlsx (openpyxl, write-only) or
.csv (UTF-8 with a byte-order mark, so that Excel on Chinese Windows opens it correctly).

    COLUMNS = [Column(_("Park"), "name"), Column(_("Jurisdiction"), "jurisdiction.name"),
               Column(_("Status"), lambda park: park.get_status_display())]
    return export_response(parks, COLUMNS, file_format="xlsx", filename="parks")

Large lists stream: the queryset is read in chunks (`iterator`), the CSV is sent row by row, the
workbook is written to a temporary file and sent from there.

Every cell the platform writes to a spreadsheet, here and in the roster workbook (附件 6,
`documents.roster`), goes through `cell_value`: text that a spreadsheet would run as a formula (it
starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, in .xlsx as in .csv, so
that it stays text when the file is opened, edited or saved as another format (CSV/formula injection)."""

import csv
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

CSV = "csv"
XLSX = "xlsx"
FORMATS = (XLSX, CSV)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHUNK_SIZE = 2000
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
BOM = "\ufeff"


@dataclass(frozen=True)
class Column:
    """One column: its header and how to get the cell from a row object — an attribute path with
    dots ("jurisdiction.name") or a function of the object."""

    header: str | Promise
    value: str | Callable


def _resolve(obj, path: str):
    for attribute in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, attribute)
    return obj() if callable(obj) else obj


def spreadsheet_text(text: str) -> str:
    """Text as a spreadsheet cell may hold it: never a formula, without the control characters a workbook
    cannot store. The apostrophe is what OWASP advises and what Excel itself shows for text typed as "'=…"."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return "'" + text if FORMULA_START.match(text) else text


def cell_value(value):
    """A cell as a spreadsheet should hold it: numbers and dates as such, yes/no and text as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, Decimal, date)):
        return value
    if isinstance(value, (list, tuple)):
        return "、".join(force_str(item) for item in value)
    return spreadsheet_text(force_str(value))


def rows(objects: Iterable, columns: list[Column]) -> Iterator[list]:
    """The cells of each object, in the columns' order; a queryset is read in chunks."""
    if isinstance(objects, QuerySet):
        objects = objects.iterator(chunk_size=CHUNK_SIZE)
    for obj in objects:
        yield [
            cell_value(column.value(obj) if callable(column.value) else _resolve(obj, column.value))
            for column in columns
        ]


def _csv_text(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class _Line:
    """A file-like object that hands back what csv.writer writes, one line at a time."""

    def write(self, text: str) -> str:
        return text


def csv_lines(objects: Iterable, columns: list[Column]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield BOM + writer.writerow([cell_value(column.header) for column in columns])
    for row in rows(objects, columns):
        yield writer.writerow([_csv_text(value) for value in row])


def write_xlsx(objects: Iterable, columns: list[Column], target, sheet_title: str = "") -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "", sheet_title)[:31] or "Sheet1")
    sheet.append([cell_value(column.header) for column in columns])
    for row in rows(objects, columns):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, (date, datetime)):
                cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(target)


def export_response(objects: Iterable, columns: list[Column], *, file_format: str, filename: str):
    """The list as a download named `filename` (without extension) in `file_format` (csv or xlsx)."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown export format {file_format!r}")
    name = f"{filename}-{timezone.localdate():%Y%m%d}.{file_format}"
    if file_format == CSV:
        response = StreamingHttpResponse(csv_lines(objects, columns), content_type=CONTENT_TYPES[CSV])
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
        return response
    # The workbook goes to a temporary file (kept in memory while small) and is streamed from there.
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 — FileResponse closes it
    write_xlsx(objects, columns, target, sheet_title=filename)
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=name, content_type=CONTENT_TYPES[XLSX])
