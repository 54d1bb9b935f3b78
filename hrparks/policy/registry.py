"""Policy files: find one by id or path, parse its YAML, validate it, and build an immutable Policy.

A file is checked against policies/policy.schema.json and then for what a schema cannot say
(unique ids, codes the dossier format knows). Every problem names its key, e.g.
``criteria[3].params.min_count: 必须是整数``. Loaded policies are cached for the life of the process:
a changed file takes effect after a restart (raise its `version` when you change it)."""

import json
import re
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import pgettext
from jsonschema import Draft202012Validator

from hrparks.parks import codes

from .definition import (
    NEXT_WORKING_DAY,
    ContentItem,
    Criterion,
    Evaluation,
    LabelledCode,
    Material,
    Policy,
    Procedure,
    Target,
    freeze,
)

# Messages carry the context "policy file": other apps' catalogues have the same English reasons
# (worded for their forms) and would otherwise take precedence.
SCHEMA_FILE_NAME = "policy.schema.json"
POLICY_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")

# The code lists a policy may require, by the dossier field that holds them.
CODE_LISTS = {
    "public_services": codes.PublicService,
    "supporting_services": codes.SupportingService,
    "business_formats": codes.BusinessFormat,
}


# 第六条（四） "设立XX市（州）省级产业园": the names of a policy file that gives none. A specialized park is
# told apart from its city's comprehensive park by its own name in brackets (docs/decisions.md).
DEFAULT_NAMES = {
    "comprehensive": "{place}省级人力资源服务产业园",
    "specialized": "{place}省级人力资源服务产业园（专业性：{park}）",
}


class PolicyError(Exception):
    """A policy file that cannot be used; `problems` are ``key: reason`` lines."""

    def __init__(self, source, problems: list[str]):
        self.source = str(source)
        self.problems = problems
        super().__init__(f"{self.source}: " + "; ".join(problems))


class PolicyNotFound(PolicyError):
    pass


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps, so that dates reach the schema as the strings written."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def policy_dir() -> Path:
    return Path(settings.POLICY_DIR)


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads((policy_dir() / SCHEMA_FILE_NAME).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def key_path(path) -> str:
    """``criteria[3].params.min_count`` for the path ['criteria', 3, 'params', 'min_count']."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or pgettext("policy file", "(top level)")


def _forbidden_key(data, path: list, value) -> list:
    """The key under `path` whose value a `false` schema refused. jsonschema reports such an error at the
    mapping without the key (its descent into a `false` schema drops the path), so it is found by the
    value, which is the document's own object."""
    container = data
    for part in path:
        container = container[part]
    if isinstance(container, dict):
        for key, item in container.items():
            if item is value:
                return [key]
    return []


def _schema_problem(error, data) -> str:
    path = list(error.absolute_path)
    kind = error.validator
    if kind is None:
        path += _forbidden_key(data, path, error.instance)
    if kind == "required":
        missing = error.message.split("'")[1]
        return f"{key_path([*path, missing])}: " + pgettext("policy file", "required key is missing")
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"{key_path([*path, extra[0]])}: " + pgettext("policy file", "unknown key")
    if kind is None:  # a `false` schema: the key (found above) is not allowed in this place
        return f"{key_path(path)}: " + pgettext("policy file", "not allowed here")
    reasons = {
        "type": lambda: {
            "integer": pgettext("policy file", "must be an integer"),
            "number": pgettext("policy file", "must be a number"),
            "string": pgettext("policy file", "must be a string"),
            "boolean": pgettext("policy file", "must be true or false"),
            "array": pgettext("policy file", "must be a list"),
            "object": pgettext("policy file", "must be a mapping"),
        }.get(error.validator_value, error.message),
        "enum": lambda: (
            pgettext("policy file", "unknown value %(value)s; allowed: %(allowed)s")
            % {
                "value": json.dumps(error.instance, ensure_ascii=False),
                "allowed": "、".join(map(str, error.validator_value)),
            }
        ),
        "minimum": lambda: (
            pgettext("policy file", "must not be less than %(limit)s") % {"limit": error.validator_value}
        ),
        "maximum": lambda: (
            pgettext("policy file", "must not be more than %(limit)s") % {"limit": error.validator_value}
        ),
        "minItems": lambda: (
            pgettext("policy file", "needs at least %(count)s item(s)") % {"count": error.validator_value}
        ),
        "uniqueItems": lambda: pgettext("policy file", "contains duplicates"),
        "minLength": lambda: pgettext("policy file", "must not be empty"),
        "maxLength": lambda: (
            pgettext("policy file", "is longer than %(count)s characters") % {"count": error.validator_value}
        ),
        "pattern": lambda: pgettext("policy file", "has the wrong format"),
    }
    return f"{key_path(path)}: " + (reasons[kind]() if kind in reasons else error.message)


def _duplicates(items, key, path_of) -> list[str]:
    seen = set()
    problems = []
    for index, item in enumerate(items):
        if item[key] in seen:
            problems.append(
                f"{key_path(path_of(index))}: " + pgettext("policy file", "duplicate %(value)s") % {"value": item[key]}
            )
        seen.add(item[key])
    return problems


def _semantic_problems(data: dict) -> list[str]:
    """What the schema cannot check: uniqueness, known codes, dates, consistent ranges."""
    problems = []
    problems += _duplicates(data["criteria"], "id", lambda i: ["criteria", i, "id"])
    problems += _duplicates(data["materials"], "code", lambda i: ["materials", i, "code"])
    for key in ("issued_on", "effective_from", "effective_until"):
        if key in data:
            try:
                date.fromisoformat(data[key])
            except ValueError:
                problems.append(f"{key}: " + pgettext("policy file", "not a valid date"))
    material_codes = {m["code"] for m in data["materials"]}
    for index, criterion in enumerate(data["criteria"]):
        params = criterion["params"]
        if "required" in params:
            known = set(CODE_LISTS[params["field"]].values)
            for position, item in enumerate(params["required"]):
                if item["code"] not in known:
                    path = ["criteria", index, "params", "required", position, "code"]
                    problems.append(
                        f"{key_path(path)}: "
                        + pgettext("policy file", "unknown code %(code)s for %(field)s")
                        % {"code": item["code"], "field": params["field"]}
                    )
            problems += _duplicates(
                params["required"], "code", lambda i, c=index: ["criteria", c, "params", "required", i]
            )
        if params.get("requires_material") and params["requires_material"] not in material_codes:
            problems.append(
                f"{key_path(['criteria', index, 'params', 'requires_material'])}: "
                + pgettext("policy file", "not one of the policy's materials")
            )
        if criterion["kind"] == "materials" and not any(m["required"] for m in data["materials"]):
            problems.append(
                f"{key_path(['criteria', index, 'kind'])}: "
                + pgettext("policy file", "the policy requires no material")
            )
    if data["target"]["min_parks"] > data["target"]["max_parks"]:
        problems.append("target.min_parks: " + pgettext("policy file", "must not be more than target.max_parks"))
    return problems


def _build(data: dict) -> Policy:
    def labelled(item):
        return LabelledCode(code=item["code"], label_zh=item["label"]["zh"], label_en=item["label"]["en"])

    procedure, evaluation, target = data["procedure"], data["evaluation"], data["target"]
    notes = data.get("notes", {"zh": "", "en": ""})
    return Policy(
        id=data["id"],
        version=data["version"],
        example=data["example"],
        title_zh=data["title"]["zh"],
        title_en=data["title"]["en"],
        document_number=data["document_number"],
        issuer_zh=data["issuer"]["zh"],
        issuer_en=data["issuer"]["en"],
        issued_on=date.fromisoformat(data["issued_on"]),
        effective_from=date.fromisoformat(data["effective_from"]),
        effective_until=date.fromisoformat(data["effective_until"]) if "effective_until" in data else None,
        jurisdiction_code=data["jurisdiction_code"],
        notes_zh=notes["zh"],
        notes_en=notes["en"],
        criteria=tuple(
            Criterion(
                id=c["id"],
                article=c["article"],
                text_zh=c["text"]["zh"],
                text_en=c["text"]["en"],
                kind=c["kind"],
                params=freeze(c["params"]),
                in_principle=c["in_principle"],
            )
            for c in data["criteria"]
        ),
        materials=tuple(
            Material(**vars(labelled(m)), article=m["article"], required=m["required"]) for m in data["materials"]
        ),
        procedure=Procedure(
            article=procedure["article"],
            public_notice_working_days=procedure["public_notice_working_days"],
            reapply_wait_months=procedure["reapply_wait_months"],
            subsidy_amount_cny=Decimal(procedure["subsidy_amount_cny"]),
            subsidy_uses=tuple(labelled(use) for use in procedure["subsidy_uses"]),
            subsidy_uses_open=procedure.get("subsidy_uses_open", False),
            designated_name=freeze(procedure.get("designated_name", DEFAULT_NAMES)),
            public_notice_first_day=procedure.get("public_notice_first_day", NEXT_WORKING_DAY),
        ),
        evaluation=Evaluation(
            article=evaluation["article"],
            self_evaluation_interval_years=evaluation["self_evaluation_interval_years"],
            centralized_interval_years=evaluation["centralized_interval_years"],
            content_items=tuple(
                ContentItem(**vars(labelled(item)), article=item["article"]) for item in evaluation["content_items"]
            ),
            **_comprehensive(evaluation),
        ),
        target=Target(**target),
    )


def _comprehensive(evaluation: dict) -> dict:
    """The optional keys of evaluation (the comprehensive result, the first evaluation); the
    dataclass's defaults when a file leaves them out."""
    found = {}
    if "comprehensive" in evaluation:
        weights = evaluation["comprehensive"]
        found["self_weight"] = Decimal(str(weights["self_weight"]))
        found["centralized_weight"] = Decimal(str(weights["centralized_weight"]))
    if "first_evaluation" in evaluation:
        found["first_evaluation"] = evaluation["first_evaluation"]
    return found


def load_yaml(text: str):
    """yaml.load with our SafeLoader subclass (no arbitrary objects), spelled out so that linters
    which only trust yaml.safe_load see that no unsafe loader is involved."""
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def load_policy_file(path) -> Policy:
    """Parse and validate one policy file (uncached); PolicyError lists every problem."""
    path = Path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyNotFound(path, [pgettext("policy file", "policy file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(path, [pgettext("policy file", "cannot read the file: %(error)s") % {"error": exc}]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = pgettext("policy file", "line %(line)s: ") % {"line": mark.line + 1} if mark else ""
        raise PolicyError(
            path,
            [where + pgettext("policy file", "not valid YAML: %(error)s") % {"error": getattr(exc, "problem", exc)}],
        ) from None
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    problems = [_schema_problem(error, data) for error in errors] or _semantic_problems(data)
    if problems:
        raise PolicyError(path, problems)
    return _build(data)


def policy_path(policy_id_or_path: str) -> Path:
    """The file of a policy id (in settings.POLICY_DIR), or the path itself when given a file path."""
    if POLICY_ID_PATTERN.match(policy_id_or_path):
        return policy_dir() / f"{policy_id_or_path}.yaml"
    if policy_id_or_path.endswith((".yaml", ".yml")):
        return Path(policy_id_or_path)
    raise PolicyNotFound(policy_id_or_path, [pgettext("policy file", "not a policy id or a .yaml file")])


@cache
def _cached_policy(path: Path, expected_id: str | None) -> Policy:
    policy = load_policy_file(path)
    if expected_id is not None and policy.id != expected_id:
        raise PolicyError(
            path, ["id: " + pgettext("policy file", "%(id)s does not match the file name") % {"id": policy.id}]
        )
    return policy


def get_policy(policy_id: str | None = None) -> Policy:
    """The policy with this id (or in this file); None means the policy in force (settings.DEFAULT_POLICY_ID)."""
    policy_id = policy_id or settings.DEFAULT_POLICY_ID
    path = policy_path(policy_id)
    expected_id = policy_id if POLICY_ID_PATTERN.match(policy_id) else None
    return _cached_policy(path.resolve(), expected_id)


def available_policies() -> list[Policy]:
    """Every policy file in settings.POLICY_DIR, the policy in force first."""
    policies = [get_policy(path.stem) for path in sorted(policy_dir().glob("*.yaml"))]
    return sorted(policies, key=lambda p: (p.id != settings.DEFAULT_POLICY_ID, p.example, p.id))


def covers(policy: Policy, jurisdiction_code: str) -> bool:
    """Whether a jurisdiction lies in the policy's area: the area itself, or a unit under it (GB/T 2260 codes
    share their leading digits with the unit above: 350203 思明区 → 350200 厦门市 → 350000 福建省)."""
    area = policy.jurisdiction_code.rstrip("0")
    area = area + "0" * (len(area) % 2)  # "35" for 350000, "3502" for 350200, never an odd prefix
    return jurisdiction_code.startswith(area)


def policies_in_force(on: date | None = None) -> list[Policy]:
    """The policies the deployment runs, one per authority: settings.POLICIES_IN_FORCE (ids or paths), the default
    policy when the setting is empty. Examples are never in force."""
    ids = settings.POLICIES_IN_FORCE or [settings.DEFAULT_POLICY_ID]
    policies = [get_policy(policy_id) for policy_id in ids]
    return [
        p
        for p in policies
        if not p.example
        and (on is None or (p.effective_from <= on and (p.effective_until is None or on <= p.effective_until)))
    ]


def policies_for(jurisdiction_code: str, on: date | None = None) -> list[Policy]:
    """The policies in force whose area holds this jurisdiction, the most local authority first (a city's own
    measures before its province's)."""
    matching = [p for p in policies_in_force(on) if covers(p, jurisdiction_code)]
    return sorted(matching, key=lambda p: len(p.jurisdiction_code.rstrip("0")), reverse=True)


def policy_for(jurisdiction_code: str, on: date | None = None) -> Policy | None:
    """The policy in force of the most local authority whose area holds this jurisdiction; None when the
    deployment hosts no authority there."""
    matching = policies_for(jurisdiction_code, on)
    return matching[0] if matching else None
