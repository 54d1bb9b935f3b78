"""The enterprise roster as an Excel workbook (附件 6): written with Chinese headers and drop-downs for the
code lists, and read back streaming (openpyxl read-only) for an import.

Reading checks every row and returns every problem as ``第 N 行 列名: reason``; the caller imports nothing
unless there is none (services.import_roster).
"""

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from hrparks.api.exports import spreadsheet_text
from hrparks.core.uploads import check_upload
from hrparks.parks import codes
from hrparks.parks.uscc import uscc_error

from .kinds import DOCUMENT_LANGUAGE

ROSTER_SHEET = "企业名录"
CODES_SHEET = "代码表"
MAX_ROWS = 20_000
MAX_ERRORS_SHOWN = 200
VALIDATED_ROWS = 10_000  # rows of the template that carry the drop-downs
FORMAT_SEPARATORS = re.compile(r"[、,，;；/\s]+")
NAME_MAX_LENGTH = 200
REVENUE_MAX = Decimal("1e16")
# What a roster workbook may unpack to. openpyxl streams the sheet but holds every shared string in memory
# (about seven times their size); a full roster of MAX_ROWS rows unpacks to about 10 MB.
MAX_UNPACKED_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Column:
    key: str
    header: object  # lazy translation; the workbook is always written and read in Chinese
    width: int
    required: bool = True

    @property
    def title(self) -> str:
        return str(self.header)


INDEX = Column("index", pgettext_lazy("roster column", "No."), 6, required=False)
NAME = Column("name", pgettext_lazy("roster column", "Enterprise name"), 36)
USCC = Column("uscc", pgettext_lazy("roster column", "Unified social credit code"), 22)
STATUS = Column("status", pgettext_lazy("roster column", "Residency"), 16)
AGENCY = Column("hr_service_agency", pgettext_lazy("roster column", "HR service agency"), 14)
OPERATING = Column("operating", pgettext_lazy("roster column", "Operating (for-profit)"), 14)
LOCAL_HQ = Column("headquartered_locally", pgettext_lazy("roster column", "Headquartered locally"), 18)
FORMATS = Column(
    "business_formats",
    pgettext_lazy("roster column", "Business formats (separate several with 、)"),
    34,
    required=False,
)
REVENUE = Column(
    "revenue_last_year_cny", pgettext_lazy("roster column", "Last year's revenue (yuan)"), 18, required=False
)
COLUMNS = (INDEX, NAME, USCC, STATUS, AGENCY, OPERATING, LOCAL_HQ, FORMATS, REVENUE)
YES_NO_COLUMNS = (AGENCY, OPERATING, LOCAL_HQ)
YES, NO = "是", "否"


def _labels(choices) -> dict[str, str]:
    """Chinese label → code."""
    with translation.override(DOCUMENT_LANGUAGE):
        return {str(label): code for code, label in choices.choices}


# --- writing -------------------------------------------------------------------------------------------


def _append(sheet, values) -> None:
    """A row of cells; text goes through the platform's one spreadsheet rule, so that no name an
    enterprise or a park was given becomes a formula (api.exports.spreadsheet_text)."""
    sheet.append([spreadsheet_text(value) if isinstance(value, str) else value for value in values])


def write_roster_workbook(rows: Iterable[dict], *, park_name: str = "") -> bytes:
    """The roster workbook: a header row, the rows given (none for the blank template), drop-downs on the
    code-list columns, a sheet of the code lists and a sheet that explains the columns."""
    with translation.override(DOCUMENT_LANGUAGE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = ROSTER_SHEET
        _append(sheet, [column.title for column in COLUMNS])
        header_fill = PatternFill("solid", fgColor="DDEBF7")
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for position, column in enumerate(COLUMNS, 1):
            sheet.column_dimensions[get_column_letter(position)].width = column.width
        sheet.freeze_panes = "A2"
        for row in rows:
            _append(
                sheet,
                [
                    row["index"],
                    row["name"],
                    row["uscc"],
                    row["status"],
                    YES if row["hr_service_agency"] else NO,
                    YES if row["operating"] else NO,
                    YES if row["headquartered_locally"] else NO,
                    row["business_formats"],
                    row["revenue_last_year_cny"],
                ],
            )
        _code_lists(workbook, sheet)
        _instructions(workbook, park_name)
        buffer = BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def _append_column(sheet, column: int, values: list[str]) -> None:
    for row, value in enumerate(values, 1):
        sheet.cell(row=row, column=column, value=spreadsheet_text(value))


def _code_lists(workbook, sheet) -> None:
    lists = workbook.create_sheet(CODES_SHEET)
    code_lists = (
        (STATUS, list(_labels(codes.EnterpriseStatus))),
        (AGENCY, [YES, NO]),
        (FORMATS, list(_labels(codes.BusinessFormat))),
    )
    for list_column, (column, values) in enumerate(code_lists, 1):
        letter = get_column_letter(list_column)
        _append_column(lists, list_column, [column.title, *values])
        source = f"'{CODES_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        targets = (column,) if column is not AGENCY else YES_NO_COLUMNS
        # Several formats are typed with 、 between them, so the format list suggests but does not refuse.
        strict = column is not FORMATS
        validation = DataValidation(
            type="list", formula1=source, allow_blank=not column.required, showErrorMessage=strict
        )
        validation.error = _("Choose a value from the list.")
        validation.prompt = (
            _("Choose from the list") if strict else _("Choose from the list, or type several separated by 、")
        )
        validation.showInputMessage = True
        for target in targets:
            letter_of_target = get_column_letter(COLUMNS.index(target) + 1)
            validation.add(f"{letter_of_target}2:{letter_of_target}{VALIDATED_ROWS}")
        sheet.add_data_validation(validation)
    revenue = get_column_letter(COLUMNS.index(REVENUE) + 1)
    amount = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    amount.error = _("Enter an amount of 0 or more, in yuan.")
    amount.add(f"{revenue}2:{revenue}{VALIDATED_ROWS}")
    sheet.add_data_validation(amount)
    lists.sheet_state = "hidden"


def _instructions(workbook, park_name: str) -> None:
    sheet = workbook.create_sheet(_("Instructions"))
    sheet.column_dimensions["A"].width = 110
    lines = [
        _("Resident and signed enterprises of the park (attachment 6)") + (f"：{park_name}" if park_name else ""),
        _("Fill in one enterprise per row on the sheet %(sheet)s, from row 2; keep the header row.")
        % {"sheet": ROSTER_SHEET},
        _("Required: %(columns)s.") % {"columns": "、".join(c.title for c in COLUMNS if c.required)},
        _("Unified social credit code: 18 characters with a valid check character (GB 32100-2015)."),
        _("Residency, yes/no and business formats: choose from the drop-down lists."),
        _("The upload imports nothing while any row has a problem; every problem is listed with its row."),
    ]
    for line in lines:
        _append(sheet, [line])


# --- reading -------------------------------------------------------------------------------------------


class RosterFileError(Exception):
    """The upload is not a workbook the platform can read."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _yes_no(value) -> bool | None:
    if isinstance(value, bool):
        return value
    return {YES: True, NO: False}.get(_text(value))


def _revenue(value) -> Decimal | str | None:
    """The amount, None when blank, or the reason it is not an amount."""
    if value is None or _text(value) == "":
        return None
    try:
        amount = Decimal(_text(value).replace(",", ""))
    except InvalidOperation:
        return pgettext("roster", "not a number")
    if not amount.is_finite() or amount < 0:
        return pgettext("roster", "must be 0 or more")
    if amount >= REVENUE_MAX:
        return pgettext("roster", "is too large")
    if amount != amount.quantize(Decimal("0.01")):
        return pgettext("roster", "at most two decimal places")
    return amount.quantize(Decimal("0.01"))


@dataclass
class RosterRows:
    enterprises: list[dict]
    errors: list[str]
    error_count: int


class _Problems:
    def __init__(self):
        self.shown: list[str] = []
        self.count = 0

    def add(self, row: int, column: Column | None, reason: str) -> None:
        self.count += 1
        if len(self.shown) < MAX_ERRORS_SHOWN:
            where = _("Row %(row)s") % {"row": row}
            self.shown.append(f"{where} {column.title}: {reason}" if column else f"{where}: {reason}")


def _header_positions(header: tuple, problems: _Problems) -> dict[str, int]:
    titles = {_text(value): position for position, value in enumerate(header)}
    positions = {}
    for column in COLUMNS:
        if column.title in titles:
            positions[column.key] = titles[column.title]
        elif column.required:
            problems.add(1, column, pgettext("roster", "column is missing"))
    return positions


def read_roster(upload, existing_usccs: set[str]) -> RosterRows:
    """Every row of the roster sheet checked; `enterprises` are Enterprise field dicts, in file order. The
    upload passes the platform's upload checks (zip bombs, macros, external links …) before openpyxl opens it."""
    try:
        file_format = check_upload(upload, max_unpacked_bytes=MAX_UNPACKED_BYTES)
    except ValidationError as error:
        raise RosterFileError(" ".join(error.messages)) from error
    if file_format != "xlsx":
        raise RosterFileError(_("The file is not an Excel workbook (.xlsx)."))
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RosterFileError(_("The file is not an Excel workbook (.xlsx).")) from exc
    with translation.override(DOCUMENT_LANGUAGE):
        try:
            return _read_rows(workbook, existing_usccs)
        finally:
            workbook.close()


def _read_rows(workbook, existing_usccs: set[str]) -> RosterRows:
    sheet = workbook[ROSTER_SHEET] if ROSTER_SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    problems = _Problems()
    header = next(rows, None)
    if header is None:
        raise RosterFileError(_("The workbook is empty."))
    positions = _header_positions(header, problems)
    if problems.count:
        return RosterRows([], problems.shown, problems.count)

    statuses = _labels(codes.EnterpriseStatus)
    formats = _labels(codes.BusinessFormat)
    first_row_of: dict[str, int] = {}
    enterprises = []
    for number, values in enumerate(rows, 2):
        if number > MAX_ROWS + 1:
            raise RosterFileError(_("The roster has more than %(count)s rows.") % {"count": MAX_ROWS})
        cell = {key: (values[position] if position < len(values) else None) for key, position in positions.items()}
        if all(_text(value) == "" for value in cell.values()):
            continue
        enterprise = _read_row(number, cell, problems, statuses, formats)
        uscc = enterprise["uscc"]
        if uscc:
            if uscc in first_row_of:
                problems.add(number, USCC, _("same code as row %(row)s") % {"row": first_row_of[uscc]})
            elif uscc in existing_usccs:
                problems.add(number, USCC, _("the park already has an enterprise with this code"))
            first_row_of.setdefault(uscc, number)
        enterprises.append(enterprise)
    if not enterprises and not problems.count:
        raise RosterFileError(_("The roster lists no enterprise."))
    return RosterRows(enterprises, problems.shown, problems.count)


def _read_row(number: int, cell: dict, problems: _Problems, statuses: dict, formats: dict) -> dict:
    name = _text(cell.get("name"))
    if not name:
        problems.add(number, NAME, pgettext("roster", "required"))
    elif len(name) > NAME_MAX_LENGTH:
        problems.add(number, NAME, _("longer than %(count)s characters") % {"count": NAME_MAX_LENGTH})

    uscc = _text(cell.get("uscc")).upper()
    if not uscc:
        problems.add(number, USCC, pgettext("roster", "required"))
    elif error := uscc_error(uscc):
        problems.add(number, USCC, error)

    status_label = _text(cell.get("status"))
    status = statuses.get(status_label)
    if status is None:
        reason = (
            pgettext("roster", "required")
            if not status_label
            else _("unknown value “%(value)s”") % {"value": status_label}
        )
        problems.add(
            number, STATUS, _("%(reason)s; allowed: %(values)s") % {"reason": reason, "values": "、".join(statuses)}
        )

    flags = {}
    for column in YES_NO_COLUMNS:
        flags[column.key] = _yes_no(cell.get(column.key))
        if flags[column.key] is None:
            problems.add(number, column, _("must be %(yes)s or %(no)s") % {"yes": YES, "no": NO})

    format_codes = []
    for label in (part for part in FORMAT_SEPARATORS.split(_text(cell.get("business_formats"))) if part):
        if label not in formats:
            problems.add(number, FORMATS, _("unknown business format “%(value)s”") % {"value": label})
        elif formats[label] not in format_codes:
            format_codes.append(formats[label])

    revenue = _revenue(cell.get("revenue_last_year_cny"))
    if isinstance(revenue, str):
        problems.add(number, REVENUE, revenue)
        revenue = None

    return {
        "name": name,
        "uscc": uscc,
        "status": status,
        **flags,
        "business_formats": format_codes,
        "revenue_last_year_cny": revenue,
    }
