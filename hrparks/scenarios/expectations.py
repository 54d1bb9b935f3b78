"""The state checks of a step's `expect` (scenario.md), read from the platform after the step.

Each check returns the failures it finds as sentences ("application_state: expected recommended, got
submitted"); documents are read as the platform issued them (the print template, with its context)."""

import html
import re
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from hrparks.applications.models import Disbursement, PublicNotice, Subsidy
from hrparks.documents import contexts
from hrparks.documents.kinds import OFFICIALS_BY_KIND, Kind
from hrparks.documents.rendering import render_html
from hrparks.evaluations.models import EvaluationNotice, ParkStatusChange, Rectification
from hrparks.parks.models import Park
from hrparks.policy.selectors import park_eligibility

from .actions import latest_application

TAGS = re.compile(r"<[^>]+>")
NOT_TEXT = re.compile(r"<(style|script|head)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
SPACE = re.compile(r"\s+")


def _compact(text: str) -> str:
    """Text without whitespace: a Chinese sentence reads the same however the page breaks its lines."""
    return SPACE.sub("", text)


def _amount(value) -> Decimal:
    return Decimal(str(value))


def _report(park: Park) -> dict:
    application = latest_application(park)
    if application is not None and application.kind != "designation":
        application = park.applications.filter(kind="designation").order_by("-created_at").first()
    return park_eligibility(park, application=application).as_dict()


def _document_source(kind: str, park: Park):
    """(context builder, source) of the latest document of this kind issued for the park, or None."""
    application = latest_application(park)
    if kind in (Kind.APPROVAL, Kind.REFUSAL):
        if application is None or contexts.decision_kind(application) != kind:
            return None
        return (contexts.approval_context if kind == Kind.APPROVAL else contexts.refusal_context), application
    if kind == Kind.PUBLIC_NOTICE:
        notice = PublicNotice.objects.filter(applications__park=park).order_by("-published_on", "-pk").first()
        return (contexts.public_notice_context, notice) if notice else None
    if kind == Kind.EVALUATION_NOTICE:
        notice = EvaluationNotice.objects.filter(round__assessments__park=park).order_by("-issued_on", "-pk").first()
        return (contexts.evaluation_notice_context, notice) if notice else None
    if kind == Kind.RECTIFICATION_ORDER:
        order = Rectification.objects.filter(park=park).order_by("-ordered_on", "-pk").first()
        return (contexts.rectification_order_context, order) if order else None
    change = ParkStatusChange.objects.filter(park=park, to_status=Park.Status.REVOKED).order_by("-changed_at").first()
    return (contexts.revocation_context, change) if change else None


def document_text(kind: str, park: Park) -> str | None:
    found = _document_source(kind, park)
    if found is None:
        return None
    build, source = found
    page = render_html(OFFICIALS_BY_KIND[kind].template, build(source))
    return html.unescape(TAGS.sub(" ", NOT_TEXT.sub(" ", page)))


def _documents(expected: list, park: Park) -> list[str]:
    failures = []
    for document in expected:
        kind = document["kind"]
        text = document_text(kind, park)
        if text is None:
            failures.append(f"documents: no {kind} was issued for the park")
            continue
        compact = _compact(text)
        failures += [
            f"documents: {kind} does not contain {words!r}"
            for words in document.get("contains", [])
            if _compact(str(words)) not in compact
        ]
        failures += [
            f"documents: {kind} contains {words!r}"
            for words in document.get("not_contains", [])
            if _compact(str(words)) in compact
        ]
    return failures


def _actual(key: str, park: Park, report):
    application = latest_application(park)
    if key == "application_state":
        return application.state if application else None
    if key == "park_status":
        return park.status
    if key == "eligible":
        return report()["eligible"]
    if key == "designated_name":
        return park.designated_name
    if key == "subsidy_granted_cny":
        return Subsidy.objects.filter(park=park).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if key == "subsidy_paid_cny":
        return Disbursement.objects.filter(subsidy__park=park).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if key == "reapply_from":
        return application.reapply_from if application else None
    if key == "notice_last_day":
        notice = application.public_notices.order_by("-published_on").first() if application else None
        return notice.end_date if notice else None
    raise KeyError(key)


def _same(key: str, expected, actual) -> bool:
    if key in ("subsidy_granted_cny", "subsidy_paid_cny"):
        return _amount(expected) == _amount(actual)
    if isinstance(expected, date) or expected is None:
        return expected == actual
    return str(expected) == str(actual) if not isinstance(expected, bool) else expected is actual


def check(expect: dict, park: Park | None) -> list[str]:
    """Failures of the state checks of `expect` (every key but `refused` and a refusal's criteria list)."""
    failures = []
    if park is not None:
        park.refresh_from_db()
    cached = {}

    def report():
        if "report" not in cached:
            cached["report"] = _report(park)
        return cached["report"]

    for key, expected in expect.items():
        if key == "refused" or (key == "criteria" and isinstance(expected, list)):
            continue
        if park is None:
            failures.append(f"{key}: the scenario names no park to check")
            continue
        if key == "documents":
            failures += _documents(expected, park)
        elif key == "criteria":
            statuses = {c["id"]: c["status"] for c in report()["criteria"]}
            failures += [
                f"criteria.{criterion}: expected {status}, got {statuses.get(criterion)}"
                for criterion, status in expected.items()
                if statuses.get(criterion) != status
            ]
        else:
            actual = _actual(key, park, report)
            if not _same(key, expected, actual):
                failures.append(f"{key}: expected {_shown(expected)}, got {_shown(actual)}")
    return failures


def _shown(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
