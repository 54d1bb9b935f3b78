"""Reads of the policy app: eligibility of a park, with the database's view of 第四条 and the
application's waivers. Applications are always fetched through applications_visible_to."""

import hashlib
import json

from django.core.cache import caches
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import translation

from hrparks.parks import codes
from hrparks.parks.models import Park
from hrparks.parks.selectors import park_data_version

from .definition import Policy
from .engine import CriterionResult, EligibilityContext, EligibilityReport, check_dossier
from .models import Waiver
from .registry import get_policy


def get_application_for(user, pk: int):
    """The application if the user may see it (the applications app's scoping rule), else 404."""
    from hrparks.applications.selectors import applications_visible_to  # imported late: that app builds on this one

    return get_object_or_404(applications_visible_to(user), pk=pk)


def rival_comprehensive_parks(
    jurisdiction_name: str, *, exclude_pk: int | None = None, exclude_name: str = ""
) -> tuple[str, ...]:
    """Names of the other comprehensive parks of a jurisdiction that 第四条 counts: designated or under
    rectification, or with an application in an open state of the workflow."""
    from hrparks.applications.workflow import OPEN_STATES  # imported late: that app builds on this one

    rivals = (
        Park.objects.filter(jurisdiction__name=jurisdiction_name)
        .filter(
            Q(
                park_type=codes.ParkType.COMPREHENSIVE,
                status__in=[Park.Status.DESIGNATED, Park.Status.UNDER_RECTIFICATION],
            )
            | Q(applications__park_type=codes.ParkType.COMPREHENSIVE, applications__state__in=list(OPEN_STATES))
        )
        .exclude(pk=exclude_pk)
        .exclude(name=exclude_name)
    )
    return tuple(rivals.order_by("name").values_list("name", flat=True).distinct())


def dossier_context(dossier: dict) -> EligibilityContext:
    """The database's view for a dossier from outside: its park is recognised by name."""
    return EligibilityContext(rival_comprehensive_parks(dossier["jurisdiction"], exclude_name=dossier["name"]))


def active_waivers(application) -> dict[str, str]:
    """Criterion id → reason of the application's waivers in force."""
    return dict(
        Waiver.objects.filter(application=application, revoked_at__isnull=True).values_list("criterion_id", "reason")
    )


def decision_waivers(application) -> list[dict]:
    """The waivers in force that a decision on the application rests on, in the policy's order of
    criteria, to be printed where the decision is justified: criterion id, article, text and reason."""
    policy = get_policy(application.policy_id)
    reasons = active_waivers(application)
    return [
        {"criterion": c.id, "article": c.article, "text": c.text_zh, "reason": reasons[c.id]}
        for c in policy.criteria
        if c.id in reasons
    ]


def waiver_history(application, criterion_id: str) -> QuerySet[Waiver]:
    return Waiver.objects.filter(application=application, criterion_id=criterion_id).select_related(
        "waived_by", "revoked_by"
    )


# The shared database cache: one computation for every server process, and written in the caller's
# transaction, so that a report built from data that is then rolled back is rolled back with it.
REPORT_CACHE = "default"
REPORT_CACHE_SECONDS = 24 * 60 * 60  # keys change with the data; this only bounds what is left behind


def park_eligibility(park: Park, application=None) -> EligibilityReport:
    """The park's dossier checked against the application's policy (the policy in force without one),
    with the other parks of its city from the database and the application's waivers.

    Building the dossier reads the whole roster, so the report is cached under everything it depends on:
    the park's data version, its jurisdiction, the type it applies as, the policy, the rival parks, the
    waivers and the language of the findings. A change of any of them is a new key, never a stale report."""
    policy = get_policy(application.policy_id if application is not None else None)
    # The version is read before the data: a change committed in between is then newer than the key
    # it is cached under, never older.
    version = park_data_version(park)
    context = EligibilityContext(rival_comprehensive_parks(park.jurisdiction.name, exclude_pk=park.pk))
    waivers = active_waivers(application) if application is not None else {}
    park_type = application.park_type if application is not None else None
    uploaded = uploaded_materials(application) if application is not None else None
    key = _report_key(park, version, park_type, policy, context, waivers, uploaded)
    cache = caches[REPORT_CACHE]
    stored = cache.get(key)
    if stored is not None:
        return _report_from(stored, policy)
    report = _checked_park(park, park_type, policy, context, waivers, uploaded)
    cache.set(key, _stored(report), REPORT_CACHE_SECONDS)
    return report


def uploaded_materials(application) -> list[str]:
    """The material codes uploaded to the application (第六条（一）): what the materials criterion counts
    for an application, rather than the park profile's declaration of what it holds."""
    return sorted(set(application.materials.values_list("code", flat=True)))


def _checked_park(
    park: Park, park_type: str | None, policy: Policy, context, waivers, uploaded: list[str] | None
) -> EligibilityReport:
    from hrparks.parks.dossier import export_dossier

    # The park row as stored now (the caller's copy may predate the version read above).
    dossier = export_dossier(Park.objects.select_related("jurisdiction").get(pk=park.pk))
    if park_type is not None:
        dossier["park_type"] = park_type  # the type it applies as
    if uploaded is not None:
        dossier["materials"] = uploaded  # what was actually submitted with the application
    return check_dossier(dossier, policy, context, waivers)


def _report_key(
    park: Park, version: int, park_type, policy: Policy, context, waivers: dict, uploaded: list[str] | None
) -> str:
    inputs = [
        park.jurisdiction.name,  # the dossier names it; renaming a jurisdiction is not a change of the park
        park_type,
        _fingerprint(policy),
        context.rival_comprehensive_parks,
        sorted(waivers.items()),
        uploaded,
        translation.get_language(),
    ]
    digest = hashlib.sha256(json.dumps(inputs, ensure_ascii=False, default=str).encode()).hexdigest()
    return f"policy:eligibility:{park.pk}:{version}:{digest}"


# id(policy) → (policy, digest). Holding the policy keeps its id from being reused by another object.
_FINGERPRINTS: dict[int, tuple[Policy, str]] = {}


def _fingerprint(policy: Policy) -> str:
    """A digest of every field of a loaded policy: a file changed without a new `version` is a new key too."""
    if id(policy) not in _FINGERPRINTS:
        _FINGERPRINTS[id(policy)] = (policy, hashlib.sha256(repr(policy).encode()).hexdigest())
    return _FINGERPRINTS[id(policy)][1]


def _stored(report: EligibilityReport) -> tuple:
    return tuple((r.criterion.id, r.status, r.finding, r.waiver_reason) for r in report.results)


def _report_from(stored: tuple, policy: Policy) -> EligibilityReport:
    results = tuple(
        CriterionResult(criterion=policy.criterion(criterion_id), status=status, finding=finding, waiver_reason=reason)
        for criterion_id, status, finding, reason in stored
    )
    return EligibilityReport(policy=policy, results=results)
