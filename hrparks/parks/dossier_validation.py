"""Validation of a park dossier (shared/formats/park-dossier.md): the JSON Schema, then the rules it cannot say.

Every problem is reported as a JSON pointer and a reason, e.g. ``/enterprises/3/uscc: 校验码错误``.
"""

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from jsonschema import Draft202012Validator

from .jurisdictions import in_area
from .models import Enterprise, Jurisdiction
from .uscc import uscc_error

SCHEMA_PATH = Path(__file__).parent / "schemas" / "park-dossier.schema.json"


@dataclass(frozen=True)
class DossierError:
    pointer: str
    reason: str

    def __str__(self) -> str:
        return f"{self.pointer}: {self.reason}"


@cache
def dossier_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(dossier_schema())


def _pointer(path) -> str:
    """RFC 6901 JSON pointer of a path; the whole document is shown as ``/``."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path) or "/"


_TYPE_NAMES = {
    "string": gettext_noop("a string"),
    "number": gettext_noop("a number"),
    "integer": gettext_noop("an integer"),
    "boolean": gettext_noop("true or false"),
    "array": gettext_noop("a list"),
    "object": gettext_noop("an object"),
}


def _schema_reason(error) -> tuple[str, str]:
    """Pointer and translated reason for one jsonschema error."""
    pointer = _pointer(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1]
        return _pointer([*error.absolute_path, missing]), _("required field is missing")
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return _pointer([*error.absolute_path, extra[0]]), _("field is not part of the dossier format")
    if kind == "enum":
        return pointer, _("unknown value %(value)s; allowed: %(allowed)s") % {
            "value": json.dumps(error.instance, ensure_ascii=False),
            "allowed": "、".join(str(v) for v in error.validator_value),
        }
    if kind == "type":
        return pointer, _("must be %(type)s") % {
            "type": _(_TYPE_NAMES.get(error.validator_value, gettext_noop("valid")))
        }
    if kind == "exclusiveMinimum":
        return pointer, _("must be greater than %(limit)s") % {"limit": error.validator_value}
    if kind == "minimum":
        return pointer, _("must not be less than %(limit)s") % {"limit": error.validator_value}
    if kind == "minItems":
        return pointer, _("needs at least %(count)s item(s)") % {"count": error.validator_value}
    if kind == "uniqueItems":
        return pointer, _("contains duplicates")
    if kind == "minLength":
        return pointer, _("must not be empty")
    if kind == "maxLength":
        return pointer, _("is longer than %(count)s characters") % {"count": error.validator_value}
    if kind == "pattern" and error.absolute_path and error.absolute_path[-1] == "uscc":
        return pointer, uscc_error(error.instance) or _("is not a valid unified social credit code")
    if kind == "pattern" and error.absolute_path and error.absolute_path[-1] == "jurisdiction_code":
        return pointer, _("must be a 6-digit administrative division code (GB/T 2260)")
    return pointer, error.message


# What the database can hold, which the schema leaves open: integer columns are 32-bit; revenue is
# stored in yuan with two decimals (fen), within the digits of its column.
MAX_INTEGER = 2_147_483_647
_REVENUE = Enterprise._meta.get_field("revenue_last_year_cny")
MAX_REVENUE = Decimal(10) ** (_REVENUE.max_digits - _REVENUE.decimal_places) - Decimal("0.01")


def _storage_error(value) -> str | None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _("contains an invalid character (unpaired surrogate)")
        if "\x00" in value:
            return _("contains a NUL character")
    elif isinstance(value, float | int) and not isinstance(value, bool):
        try:
            finite = math.isfinite(value)
        except OverflowError:
            finite = False
        if not finite:
            return _("must be a finite number")
    return None


def _storage_errors(data) -> list[DossierError]:
    """Strings and numbers no database column could hold as given (NUL, lone surrogates, ±Infinity, 1e400)."""
    errors = []
    pending = [((), data)]  # iterative, so that deeply nested input cannot exhaust the stack
    while pending:
        path, value = pending.pop()
        if isinstance(value, dict):
            errors.extend(DossierError(_pointer(path), problem) for problem in map(_storage_error, value) if problem)
            pending.extend(((*path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            pending.extend(((*path, index), item) for index, item in reversed(list(enumerate(value))))
        else:
            problem = _storage_error(value)
            if problem:
                errors.append(DossierError(_pointer(path), problem))
    return errors


def as_decimal(number: int | float) -> Decimal:
    """The decimal a JSON number stands for: repr gives the shortest form that reads back as the same
    float, so 0.1 becomes Decimal("0.1"), not 0.1000000000000000055511151231257827."""
    return Decimal(repr(number)) if isinstance(number, float) else Decimal(number)


def _revenue_error(revenue) -> str | None:
    amount = as_decimal(revenue)
    if amount > MAX_REVENUE:
        return _("must not be greater than %(limit)s") % {"limit": MAX_REVENUE}
    if amount != amount.quantize(Decimal("0.01")):
        return _("must be given in yuan with at most two decimals")
    return None


def _jurisdiction_errors(data: dict) -> list[DossierError]:
    """The jurisdiction must be a unit of China by its official name; a code, when given, must be its code."""
    name = data["jurisdiction"]
    unit = Jurisdiction.objects.filter(name=name).first()
    if unit is None:
        reason = _("unknown jurisdiction %(name)s: not the official name of a province or prefecture-level unit")
        return [DossierError("/jurisdiction", reason % {"name": name})]
    code = data.get("jurisdiction_code")
    if code is not None and code != unit.code:
        coded = Jurisdiction.objects.filter(code=code).first()
        if coded is None:
            reason = _("%(code)s is not a known administrative division code; %(name)s is %(expected)s")
        else:
            reason = _("%(code)s is %(other)s, not %(name)s (%(expected)s)")
        values = {"code": code, "name": name, "expected": unit.code, "other": coded}
        return [DossierError("/jurisdiction_code", reason % values)]
    return []


def area_error(data: dict, area_code: str) -> DossierError | None:
    """A `/jurisdiction` error when a valid dossier's park lies outside the area of a policy or of the
    deployment (a province code covers its units; a city code only itself)."""
    unit = Jurisdiction.objects.select_related("province").get(name=data["jurisdiction"])
    if in_area(unit, area_code):
        return None
    area = Jurisdiction.objects.filter(code=area_code).first() or area_code
    return DossierError("/jurisdiction", _("%(name)s is outside %(area)s") % {"name": unit.name, "area": area})


def validate_dossier(data) -> list[DossierError]:
    """All problems of a dossier, in document order; an empty list means it can be imported."""
    errors = _storage_errors(data)
    if errors:
        return errors
    schema_errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    errors = [DossierError(*_schema_reason(error)) for error in schema_errors]
    if errors:
        return errors

    errors += _jurisdiction_errors(data)

    if data["management_body"]["staff_count"] > MAX_INTEGER:
        errors.append(
            DossierError(
                "/management_body/staff_count", _("must not be greater than %(limit)s") % {"limit": MAX_INTEGER}
            )
        )

    main_sites = [index for index, site in enumerate(data["sites"]) if site["main"]]
    if len(main_sites) != 1:
        errors.append(
            DossierError(
                "/sites", _("exactly one site must be the main park; found %(count)s") % {"count": len(main_sites)}
            )
        )

    first_seen: dict[str, int] = {}
    for index, enterprise in enumerate(data["enterprises"]):
        pointer = f"/enterprises/{index}/uscc"
        problem = uscc_error(enterprise["uscc"])
        if problem:
            errors.append(DossierError(pointer, problem))
        elif enterprise["uscc"] in first_seen:
            errors.append(
                DossierError(
                    pointer,
                    _("duplicate credit code, already used by /enterprises/%(index)s")
                    % {"index": first_seen[enterprise["uscc"]]},
                )
            )
        else:
            first_seen[enterprise["uscc"]] = index
        if "revenue_last_year_cny" in enterprise:
            problem = _revenue_error(enterprise["revenue_last_year_cny"])
            if problem:
                errors.append(DossierError(f"/enterprises/{index}/revenue_last_year_cny", problem))
    return errors


def read_dossier(raw: bytes) -> tuple[object, list[DossierError]]:
    """The JSON value of a dossier's bytes, not yet validated; bytes that are not UTF-8 JSON are one
    error at pointer ``/``."""
    try:
        # utf-8-sig: a byte-order mark, as some Windows editors write, is not an error.
        return json.loads(raw.decode("utf-8-sig")), []
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        return None, [DossierError("/", _("not a readable UTF-8 JSON file: %(error)s") % {"error": exc})]


def load_dossier_file(path) -> tuple[dict | None, list[DossierError]]:
    """Read and validate a dossier file; a file that cannot be read or is not UTF-8 JSON is one error at ``/``."""
    try:
        with open(path, "rb") as handle:
            data, errors = read_dossier(handle.read())
    except OSError as exc:
        return None, [DossierError("/", _("not a readable UTF-8 JSON file: %(error)s") % {"error": exc})]
    return data, errors or validate_dossier(data)
