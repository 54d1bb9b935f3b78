"""The eligibility engine: a dossier (shared/formats/park-dossier.md) checked against a policy.

Each criterion of a policy names a *kind* of check and its parameters; the kinds below are general
so that another jurisdiction's measures are a new policy file, not new code. Boundaries are
inclusive ("不低于", "不少于"); areas, shares and revenues are compared exactly (decimals, not floats).
Signed enterprises count only where a rule's filter says so (Jilin's rules count resident ones).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hrparks.parks import codes

from .definition import Criterion, Policy, localized


class Status(models.TextChoices):
    PASS = "pass", gettext_lazy("Pass")
    FAIL = "fail", gettext_lazy("Fail")
    REVIEW = "review", gettext_lazy("Needs review")
    WAIVED = "waived", gettext_lazy("Waived")


@dataclass(frozen=True)
class EligibilityContext:
    """What a dossier cannot say about itself: the other comprehensive parks of its jurisdiction that
    are designated, under rectification or under application (第四条). Empty when nothing is known."""

    rival_comprehensive_parks: tuple[str, ...] = ()


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    status: str
    finding: str  # what the check found, with its figures
    waiver_reason: str = ""  # the active waiver's reason, if the criterion has one

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def article(self) -> str:
        return self.criterion.article

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def detail(self) -> str:
        if self.status == Status.WAIVED:
            return self.finding + _("; waived: %(reason)s") % {"reason": self.waiver_reason}
        return self.finding

    def as_dict(self) -> dict:
        return {"id": self.id, "article": self.article, "status": self.status, "detail": self.detail}


@dataclass(frozen=True)
class EligibilityReport:
    policy: Policy
    results: tuple[CriterionResult, ...]

    @property
    def eligible(self) -> bool | None:
        """False if any criterion fails; True if all pass or are waived; None while some need review."""
        statuses = {result.status for result in self.results}
        if Status.FAIL in statuses:
            return False
        if Status.REVIEW in statuses:
            return None
        return True

    @property
    def failing(self) -> tuple[CriterionResult, ...]:
        """The criteria that fail and are not waived: what stands in the way of the recommendation list
        and the designation (第五条 "原则上应符合以下条件")."""
        return tuple(result for result in self.results if result.status == Status.FAIL)

    def as_dict(self) -> dict:
        return {
            "policy": self.policy.id,
            "eligible": self.eligible,
            "criteria": [result.as_dict() for result in self.results],
        }


# --- figures ----------------------------------------------------------------------------------


def exact(value) -> Decimal:
    """A JSON number as the decimal it was written as (3333.3 stays 3333.3 when summed)."""
    return Decimal(str(value))


def figure(value) -> str:
    """3,999.5 / 4,000 / 100,000,000: grouped digits, no trailing zeros."""
    number = exact(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.normalize():,f}"


def _at_least(value, minimum) -> tuple[bool, str]:
    ok = exact(value) >= exact(minimum)
    return ok, "≥" if ok else "<"


def _at_most(value, maximum) -> tuple[bool, str]:
    ok = exact(value) <= exact(maximum)
    return ok, "≤" if ok else ">"


def _verdict(ok: bool) -> str:
    return Status.PASS if ok else Status.FAIL


def _matches(enterprise: dict, conditions: Mapping) -> bool:
    return all(enterprise.get(key) == value for key, value in conditions.items())


def _selected(dossier: dict, conditions: Mapping) -> list[dict]:
    return [e for e in dossier["enterprises"] if _matches(e, conditions)]


def _coverage(required, present: set[str], subject: str) -> tuple[str, str]:
    """Pass when every required code is present; otherwise name the missing ones by their policy label."""
    missing = [localized(item["label"]) for item in required if item["code"] not in present]
    if missing:
        return Status.FAIL, _("missing %(subject)s: %(items)s") % {"subject": subject, "items": "、".join(missing)}
    return Status.PASS, _("all %(count)s required %(subject)s present") % {"count": len(required), "subject": subject}


# --- the kinds of check -----------------------------------------------------------------------

PARK_TYPE_LABELS = {
    codes.ParkType.COMPREHENSIVE: gettext_lazy("comprehensive park"),
    codes.ParkType.SPECIALIZED: gettext_lazy("specialized park"),
}
AREA_LABELS = {
    "floor_area_m2": gettext_lazy("building floor area"),
    "usable_area_m2": gettext_lazy("usable floor area"),
}
FACT_LABELS = {
    "municipal_park_recognized": gettext_lazy("recognized as a municipal-level HR service industrial park"),
    "management_body.has_management_rules": gettext_lazy("sound management and operation rules"),
    "management_body.staff_count": gettext_lazy("dedicated staff of the management body"),
}


def check_location_not_in(dossier, params, context, policy):
    kind = dossier["location_kind"]
    label = dict(codes.LocationKind.choices).get(kind, kind)
    return _verdict(kind not in params["excluded"]), _("location: %(location)s") % {"location": label}


def check_one_comprehensive_per_jurisdiction(dossier, params, context, policy):
    if dossier["park_type"] != codes.ParkType.COMPREHENSIVE:
        return Status.PASS, _("a specialized park is not limited by this rule")
    names = {"jurisdiction": dossier["jurisdiction"], "parks": "、".join(context.rival_comprehensive_parks)}
    if context.rival_comprehensive_parks:
        return Status.FAIL, _(
            "%(jurisdiction)s already has a comprehensive park designated or under application: %(parks)s"
        ) % names
    return Status.PASS, _("%(jurisdiction)s has no other comprehensive park designated or under application") % names


def check_area(dossier, params, context, policy):
    area_field = params["field"]
    area = AREA_LABELS[area_field]
    sites = dossier["sites"]
    unstated = [site["name"] for site in sites if area_field not in site]
    if unstated:
        return Status.FAIL, _("%(area)s not stated for: %(sites)s") % {"area": area, "sites": "、".join(unstated)}
    if len(sites) == 1:
        value = exact(sites[0][area_field])
        minimum = params["single_site_min_m2"][dossier["park_type"]]
        ok, op = _at_least(value, minimum)
        return _verdict(ok), _("%(park_type)s, %(area)s: %(value)s m² %(op)s %(minimum)s m²") % {
            "park_type": PARK_TYPE_LABELS[dossier["park_type"]],
            "area": area,
            "value": figure(value),
            "op": op,
            "minimum": figure(minimum),
        }
    total = sum(exact(site[area_field]) for site in sites)
    minimum = params["multi_site_total_min_m2"]
    ok, op = _at_least(total, minimum)
    return _verdict(ok), _("total %(area)s of %(count)s sites: %(value)s m² %(op)s %(minimum)s m²") % {
        "area": area,
        "count": len(sites),
        "value": figure(total),
        "op": op,
        "minimum": figure(minimum),
    }


def check_max_branch_sites(dossier, params, context, policy):
    branches = sum(1 for site in dossier["sites"] if not site["main"])
    ok, op = _at_most(branches, params["max_count"])
    return _verdict(ok), _("branch parks: %(count)s %(op)s %(maximum)s") % {
        "count": branches,
        "op": op,
        "maximum": params["max_count"],
    }


def check_enterprise_count(dossier, params, context, policy):
    count = len(_selected(dossier, params["filter"]))
    ok, op = _at_least(count, params["min_count"])
    return _verdict(ok), _("%(subject)s: %(count)s %(op)s %(minimum)s") % {
        "subject": localized(params["subject"]),
        "count": count,
        "op": op,
        "minimum": params["min_count"],
    }


def check_enterprise_share(dossier, params, context, policy):
    population = _selected(dossier, params["population"])
    if not population:
        return Status.FAIL, _("no %(population)s") % {"population": localized(params["population_subject"])}
    count = sum(1 for e in population if _matches(e, params["filter"]))
    # count / total ≥ min_percent %, compared without division so that exactly 50 % passes.
    ok = count * 100 >= exact(params["min_percent"]) * len(population)
    percent = (Decimal(count * 100) / len(population)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return _verdict(ok), _(
        "%(subject)s: %(count)s of %(total)s %(population)s (%(percent)s%%) %(op)s %(minimum)s%%"
    ) % {
        "subject": localized(params["subject"]),
        "count": count,
        "total": len(population),
        "population": localized(params["population_subject"]),
        "percent": figure(percent),
        "op": "≥" if ok else "<",
        "minimum": figure(params["min_percent"]),
    }


def check_enterprise_revenue(dossier, params, context, policy):
    selected = _selected(dossier, params["filter"])
    total = sum((exact(e.get("revenue_last_year_cny", 0)) for e in selected), Decimal(0))
    ok, op = _at_least(total, params["min_total_cny"])
    detail = _("%(subject)s, total revenue last year: ¥%(total)s %(op)s ¥%(minimum)s") % {
        "subject": localized(params["subject"]),
        "total": figure(total),
        "op": op,
        "minimum": figure(params["min_total_cny"]),
    }
    unreported = sum(1 for e in selected if "revenue_last_year_cny" not in e)
    if unreported:
        detail += _(" (%(count)s without a stated revenue, counted as 0)") % {"count": unreported}
    return _verdict(ok), detail


def check_enterprise_codes(dossier, params, context, policy):
    present = {code for e in _selected(dossier, params["filter"]) for code in e[params["field"]]}
    return _coverage(params["required"], present, localized(params["subject"]))


def check_park_codes(dossier, params, context, policy):
    return _coverage(params["required"], set(dossier[params["field"]]), localized(params["subject"]))


def _fact(dossier: dict, path: str):
    value = dossier
    for part in path.split("."):
        value = value[part]
    return value


def check_facts(dossier, params, context, policy):
    clauses, all_ok = [], True
    for condition in params["conditions"]:
        value = _fact(dossier, condition["field"])
        label = FACT_LABELS[condition["field"]]
        if "min" in condition:
            ok, op = _at_least(value, condition["min"])
            clauses.append(
                _("%(fact)s: %(value)s %(op)s %(minimum)s")
                % {"fact": label, "value": value, "op": op, "minimum": condition["min"]}
            )
        else:
            ok = value == condition["equals"]
            clauses.append(_("%(fact)s: %(value)s") % {"fact": label, "value": _("yes") if value else _("no")})
        all_ok = all_ok and ok
    return _verdict(all_ok), "；".join(clauses)


def check_materials(dossier, params, context, policy):
    required = [{"code": m.code, "label": {"zh": m.label_zh, "en": m.label_en}} for m in policy.required_materials]
    return _coverage(required, set(dossier["materials"]), _("materials"))


def check_review(dossier, params, context, policy):
    code = params.get("requires_material")
    if code is None:
        return Status.REVIEW, _("to be judged by the experts and officials")
    material = next(m for m in policy.materials if m.code == code)
    if code not in dossier["materials"]:
        return Status.FAIL, _("not attached: %(material)s") % {"material": material.label}
    return Status.REVIEW, _("%(material)s attached; its content is judged by the experts") % {
        "material": material.label
    }


KIND_LABELS = {
    "location_not_in": gettext_lazy("location of the park"),
    "one_comprehensive_per_jurisdiction": gettext_lazy("other comprehensive parks of the city (platform records)"),
    "area": gettext_lazy("area of the sites"),
    "max_branch_sites": gettext_lazy("number of branch parks"),
    "enterprise_count": gettext_lazy("count of enterprises on the roster"),
    "enterprise_share": gettext_lazy("share of enterprises on the roster"),
    "enterprise_revenue": gettext_lazy("total revenue of enterprises on the roster"),
    "enterprise_codes": gettext_lazy("business formats of the enterprises on the roster"),
    "park_codes": gettext_lazy("services the park offers"),
    "facts": gettext_lazy("recorded facts about the park"),
    "materials": gettext_lazy("application materials attached"),
    "review": gettext_lazy("judged by experts and officials"),
}

CHECKS: dict[str, Callable] = {
    "location_not_in": check_location_not_in,
    "one_comprehensive_per_jurisdiction": check_one_comprehensive_per_jurisdiction,
    "area": check_area,
    "max_branch_sites": check_max_branch_sites,
    "enterprise_count": check_enterprise_count,
    "enterprise_share": check_enterprise_share,
    "enterprise_revenue": check_enterprise_revenue,
    "enterprise_codes": check_enterprise_codes,
    "park_codes": check_park_codes,
    "facts": check_facts,
    "materials": check_materials,
    "review": check_review,
}


def check_dossier(
    dossier: dict,
    policy: Policy,
    context: EligibilityContext | None = None,
    waivers: Mapping[str, str] | None = None,
) -> EligibilityReport:
    """Check a *valid* dossier (see parks.dossier_validation) against every criterion of the policy.

    `waivers` maps criterion ids to the reason the provincial bureau gave; a waiver turns a failing or
    unreviewed "原则上" criterion into `waived` (a criterion that passes stays `pass`). Waivers of
    criteria that are not "原则上" are ignored: those rules cannot be waived."""
    context = context or EligibilityContext()
    waivers = waivers or {}
    results = []
    for criterion in policy.criteria:
        status, finding = CHECKS[criterion.kind](dossier, criterion.params, context, policy)
        reason = waivers.get(criterion.id, "") if criterion.in_principle else ""
        if reason and status != Status.PASS:
            status = Status.WAIVED
        results.append(
            CriterionResult(criterion=criterion, status=str(status), finding=str(finding), waiver_reason=reason)
        )
    return EligibilityReport(policy=policy, results=tuple(results))
