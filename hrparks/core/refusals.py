"""Refusal codes: why the platform said no, as one word that the web page, the API and the scenario
runner all give (shared/formats/scenario.md, "Expectations").

Services raise Django's own exceptions; the code travels on them:

- ``ValidationError(message, code=Refusal.NOT_ELIGIBLE, params={"criteria": [...]})`` for a rule of
  the measures that stands in the way (the code of the first error with one wins);
- ``PermissionDenied`` is always ``forbidden``;
- ``AlreadyHandled`` (someone else took the step first, or it does not apply in this state) is
  ``wrong_state``;
- a form field left empty (Django's ``required`` code) is ``reason_required``; any other field error
  without a code of this list is ``invalid``.
"""

from django.core.exceptions import PermissionDenied, ValidationError


class Refusal:
    FORBIDDEN = "forbidden"
    WRONG_STATE = "wrong_state"
    MATERIALS_INCOMPLETE = "materials_incomplete"
    REAPPLY_WAIT = "reapply_wait"
    OPEN_APPLICATION = "open_application"
    ALREADY_DESIGNATED = "already_designated"
    UNDER_RECTIFICATION = "under_rectification"
    REVIEWS_MISSING = "reviews_missing"
    SITE_VISIT_MISSING = "site_visit_missing"
    NOT_ELIGIBLE = "not_eligible"
    NOTICE_RUNNING = "notice_running"
    OBJECTION_PENDING = "objection_pending"
    OBJECTION_UPHELD = "objection_upheld"
    NOT_WAIVABLE = "not_waivable"
    REASON_REQUIRED = "reason_required"
    AMOUNT_EXCEEDS = "amount_exceeds"
    GRANT_EXISTS = "grant_exists"
    INVALID = "invalid"


CODES: frozenset[str] = frozenset(value for name, value in vars(Refusal).items() if name.isupper())

# Django's own codes that mean "a required field was left out".
_REQUIRED_CODES = frozenset({"required", "blank", "null"})


def _error_codes(error: ValidationError) -> list[str | None]:
    """The codes of every message of a ValidationError, in order (field errors included)."""
    if hasattr(error, "error_dict"):
        return [item.code for items in error.error_dict.values() for item in items]
    if hasattr(error, "error_list") and not (len(error.error_list) == 1 and error.error_list[0] is error):
        return [item.code for item in error.error_list]
    return [error.code]


def refusal_code(exc: BaseException) -> str:
    """The refusal code of an exception a service raised."""
    # Imported here: applications imports this module's codes.
    from hrparks.applications.services import AlreadyHandled

    if isinstance(exc, PermissionDenied):
        return Refusal.FORBIDDEN
    if isinstance(exc, AlreadyHandled):
        return Refusal.WRONG_STATE
    if isinstance(exc, ValidationError):
        codes = _error_codes(exc)
        for code in codes:
            if code in CODES:
                return code
        if any(code in _REQUIRED_CODES for code in codes):
            return Refusal.REASON_REQUIRED
        return Refusal.INVALID
    return Refusal.INVALID


def refusal_criteria(exc: BaseException) -> list[str]:
    """The criterion ids a `not_eligible` or `not_waivable` refusal names (``params["criteria"]``)."""
    if not isinstance(exc, ValidationError):
        return []
    items = [item for items in exc.error_dict.values() for item in items] if hasattr(exc, "error_dict") else []
    items += list(getattr(exc, "error_list", []))
    for item in items:
        if item.params and "criteria" in item.params:
            return list(item.params["criteria"])
    return []
