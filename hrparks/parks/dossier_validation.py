"""Validation of a park dossier (shared/formats/park-dossier.md): the JSON Schema, then the rules it cannot say.

Every problem is reported as a JSON pointer and a reason, e.g. ``/enterprises/3/uscc: 校验码错误``.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from jsonschema import Draft202012Validator

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
    return "".join(f"/{part}" for part in path) or "/"


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
        return pointer, _("must be %(type)s") % {"type": _(_TYPE_NAMES.get(error.validator_value, gettext_noop("valid")))}
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
    return pointer, error.message


def validate_dossier(data) -> list[DossierError]:
    """All problems of a dossier, in document order; an empty list means it can be imported."""
    schema_errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    errors = [DossierError(*_schema_reason(error)) for error in schema_errors]
    if errors:
        return errors

    main_sites = [index for index, site in enumerate(data["sites"]) if site["main"]]
    if len(main_sites) != 1:
        errors.append(
            DossierError("/sites", _("exactly one site must be the main park; found %(count)s") % {"count": len(main_sites)})
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
                    _("duplicate credit code, already used by /enterprises/%(index)s") % {"index": first_seen[enterprise["uscc"]]},
                )
            )
        else:
            first_seen[enterprise["uscc"]] = index
    return errors


def load_dossier_file(path) -> tuple[dict | None, list[DossierError]]:
    """Read and validate a dossier file; a file that is not UTF-8 JSON is one error at pointer ``/``."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, [DossierError("/", _("not a readable UTF-8 JSON file: %(error)s") % {"error": exc})]
    return data, validate_dossier(data)
