"""A scenario file (shared/formats/scenario.md) read and checked before anything runs.

Every problem names its place in the YAML (``steps[3].with.criterion``), so that a policy author can
find it; nothing of a file that does not validate is run."""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from hrparks.applications import workflow
from hrparks.core.refusals import CODES
from hrparks.policy.registry import load_yaml

# Actions beyond the workflow's transitions, with the `with` keys each takes.
ACTIONS: dict[str, frozenset] = {
    "apply": frozenset({"kind", "site", "park_type"}),
    "upload_materials": frozenset({"codes"}),
    "site_visit": frozenset({"date", "participants", "findings"}),
    "review": frozenset({"scores", "opinion"}),
    "waive": frozenset({"criterion", "reason"}),
    "revoke_waiver": frozenset({"criterion", "reason"}),
    "object": frozenset({"content", "name", "contact"}),
    "resolve_objection": frozenset({"upheld", "reason"}),
    "pay_subsidy": frozenset({"amount_cny"}),
    "record_spending": frozenset({"amount_cny", "use", "description"}),
    "self_evaluate": frozenset({"year", "grade"}),
    "confirm_self_evaluation": frozenset({"grade", "reason", "until", "requirements", "document_number"}),
    "open_round": frozenset({"year"}),
    "grade": frozenset({"grade", "score"}),
    "publish_results": frozenset({"document_number", "requirements"}),
    "order_rectification": frozenset({"until", "reason", "ground", "document_number"}),
    "report_rectification": frozenset({"reason"}),
    "accept_rectification": frozenset({"reason"}),
    "revoke": frozenset({"reason", "ground", "document_number"}),
    "advance": frozenset({"to", "days", "working_days"}),
    "check": frozenset(),
}
# `publish_notice` is taken for a list of applications at once; these are its fields.
PUBLISH_NOTICE_FIELDS = frozenset({"title", "document_number", "contact_phone", "contact_address"})

ACTORS = frozenset({"operator", "city_bureau", "city_government", "province", "experts", "public", "admin"})
PLACED_ACTORS = frozenset({"city_bureau", "city_government"})  # may name another place: @长春市
STATE_CHECKS = frozenset(
    {
        "application_state",
        "park_status",
        "eligible",
        "criteria",
        "designated_name",
        "subsidy_granted_cny",
        "subsidy_paid_cny",
        "reapply_from",
        "notice_last_day",
        "documents",
    }
)
DOCUMENT_KINDS = frozenset(
    {"approval", "refusal", "public_notice", "evaluation_notice", "rectification_order", "revocation"}
)


class ScenarioInvalid(Exception):
    """The file is not a valid scenario; `path` is where in the YAML (``steps[3].with``)."""

    def __init__(self, path: str, message: str):
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


@dataclass
class Step:
    n: int
    do: str
    park: str | None
    actor: str | None
    place: str | None
    values: dict
    expect: dict | None


@dataclass
class Scenario:
    path: Path
    policy: str
    today: date
    parks: dict  # key → dossier (a dict)
    steps: list[Step] = field(default_factory=list)


def transition_fields(name: str) -> frozenset:
    """The `with` keys a transition takes: its fields by name, and `reason`."""
    if name == "publish_notice":
        return PUBLISH_NOTICE_FIELDS | {"reason"}
    return frozenset(f.name for f in workflow.TRANSITIONS[name][1].fields) | {"reason"}


def known_actions() -> set[str]:
    return set(ACTIONS) | set(workflow.TRANSITIONS)


def _mapping(value, path: str) -> dict:
    if not isinstance(value, dict):
        raise ScenarioInvalid(path, "expected a mapping")
    return value


def _date(value, path: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ScenarioInvalid(path, f"not a date (YYYY-MM-DD): {value!r}") from None


def _load_dossier(value, base: Path, path: str) -> dict:
    if isinstance(value, dict):
        return value
    if not isinstance(value, str):
        raise ScenarioInvalid(path, "expected a dossier file path or an inline dossier")
    file = (base / value).resolve()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioInvalid(path, f"cannot read {value}: {exc.strerror}") from None
    except ValueError as exc:
        raise ScenarioInvalid(path, f"{value} is not JSON: {exc}") from None
    return _mapping(data, path)


def _actor(value, path: str) -> tuple[str, str | None]:
    if not isinstance(value, str):
        raise ScenarioInvalid(path, "expected an actor name")
    role, _, place = value.partition("@")
    if role not in ACTORS:
        raise ScenarioInvalid(path, f"unknown actor {role!r}; one of {', '.join(sorted(ACTORS))}")
    if place and role not in PLACED_ACTORS:
        raise ScenarioInvalid(path, f"{role} takes no place after @")
    return role, place or None


def _expect(value, path: str) -> dict:
    expect = _mapping(value, path)
    for key, item in expect.items():
        where = f"{path}.{key}"
        if key == "refused":
            if item not in CODES:
                raise ScenarioInvalid(where, f"unknown refusal code {item!r}; one of {', '.join(sorted(CODES))}")
        elif key == "criteria":
            if not isinstance(item, (list, dict)):
                raise ScenarioInvalid(where, "expected a list of criterion ids (with refused) or {id: status}")
            if isinstance(item, list) and "refused" not in expect:
                raise ScenarioInvalid(where, "a list of criteria goes with `refused`; use {id: status} for a check")
        elif key == "documents":
            if not isinstance(item, list):
                raise ScenarioInvalid(where, "expected a list of {kind, contains, not_contains}")
            for index, document in enumerate(item):
                spot = f"{where}[{index}]"
                document = _mapping(document, spot)
                if document.get("kind") not in DOCUMENT_KINDS:
                    raise ScenarioInvalid(f"{spot}.kind", f"one of {', '.join(sorted(DOCUMENT_KINDS))}")
                for extra in set(document) - {"kind", "contains", "not_contains"}:
                    raise ScenarioInvalid(f"{spot}.{extra}", "unknown key")
                for words in ("contains", "not_contains"):
                    if not isinstance(document.get(words, []), list):
                        raise ScenarioInvalid(f"{spot}.{words}", "expected a list of texts")
        elif key in ("reapply_from", "notice_last_day"):
            expect[key] = None if item is None else _date(item, where)
        elif key not in STATE_CHECKS:
            raise ScenarioInvalid(where, f"unknown expectation; one of refused, {', '.join(sorted(STATE_CHECKS))}")
    return expect


def _step(index: int, raw, parks: dict) -> Step:
    path = f"steps[{index}]"
    raw = _mapping(raw, path)
    for key in set(raw) - {"do", "as", "park", "with", "expect"}:
        raise ScenarioInvalid(f"{path}.{key}", "unknown key; a step has do, as, park, with, expect")
    action = raw.get("do")
    if action not in known_actions():
        raise ScenarioInvalid(f"{path}.do", f"unknown action {action!r}")
    park = raw.get("park")
    if park is None and len(parks) > 1 and action not in ("advance", "open_round", "publish_results"):
        raise ScenarioInvalid(f"{path}.park", "name the park: the scenario has several")
    if park is not None and park not in parks:
        raise ScenarioInvalid(f"{path}.park", f"no park {park!r} in parks")
    actor, place = _actor(raw["as"], f"{path}.as") if "as" in raw else (None, None)
    values = _mapping(raw.get("with") or {}, f"{path}.with")
    allowed = ACTIONS[action] if action in ACTIONS else transition_fields(action)
    for key in values:
        if key not in allowed:
            raise ScenarioInvalid(f"{path}.with.{key}", f"{action} takes {', '.join(sorted(allowed)) or 'nothing'}")
    if action == "advance" and len(values) != 1:
        raise ScenarioInvalid(f"{path}.with", "advance takes exactly one of to, days, working_days")
    expect = _expect(raw["expect"], f"{path}.expect") if "expect" in raw else None
    return Step(index + 1, action, park, actor, place, values, expect)


def _read(path: Path) -> dict:
    try:
        # Dates stay the strings written, so that a bad one is named by its key, not by the YAML parser.
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioInvalid("", f"cannot read the file: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ScenarioInvalid("", f"not YAML: {exc}") from None
    return _mapping(data, "")


def parse_title(path: Path) -> str:
    """The `title` a scenario gives itself, for the policy page (empty when it has none)."""
    return str(_read(path).get("title") or "")


def parse(path: Path) -> Scenario:
    """The scenario in a file, or ScenarioInvalid naming the first problem."""
    data = _read(path)
    for key in set(data) - {"policy", "today", "parks", "steps", "title", "article", "description"}:
        raise ScenarioInvalid(key, "unknown key")
    if not isinstance(data.get("policy"), str):
        raise ScenarioInvalid("policy", "a policy id or a path to a policy file")
    if "today" not in data:
        raise ScenarioInvalid("today", "required")
    today = _date(data["today"], "today")
    parks = {
        str(key): _load_dossier(value, path.parent, f"parks.{key}")
        for key, value in _mapping(data.get("parks") or {}, "parks").items()
    }
    if not parks:
        raise ScenarioInvalid("parks", "at least one park")
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        raise ScenarioInvalid("steps", "expected a list of steps")
    return Scenario(path, data["policy"], today, parks, [_step(i, raw, parks) for i, raw in enumerate(steps)])
