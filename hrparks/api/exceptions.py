"""Errors of the API as JSON: ``{"errors": [{"pointer": "/name", "message": "…", "code": "reason_required"}]}``.

``code`` is the platform's refusal code (core.refusals, shared/formats/scenario.md): the same word the
web page and the scenario runner give for the same refusal; every error of one response carries the
code of the refusal as a whole.

Every error names where it is (an RFC 6901 JSON pointer into the request body or the query parameter
of that name; ``/`` for the request as a whole) and says what is wrong in the request's language
(Chinese unless the client asks otherwise). DRF's status codes are kept; the errors the services
raise are mapped here: a Django ValidationError is a 400, PermissionDenied a 403, a step someone else
took first a 409, a rejected dossier a 400 with the dossier's own pointers, and a body over the size limit a
413 (JSON bodies are measured by the API's parser, hrparks/api/parsers.py; form bodies by Django)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from hrparks.applications.services import AlreadyHandled
from hrparks.core.refusals import Refusal, refusal_code
from hrparks.parks.services import DossierRejected

from .parsers import too_large

WHOLE = "/"


def pointer(*parts) -> str:
    """The JSON pointer of a path (RFC 6901 escaping); the empty path is ``/``."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts) or WHOLE


def flatten(detail, path=()) -> list[dict]:
    """DRF's nested error detail (dicts of lists of messages) as a flat list of pointer + message."""
    if isinstance(detail, dict):
        return [
            error
            for key, value in detail.items()
            for error in flatten(value, path if key in ("non_field_errors", "__all__") else (*path, key))
        ]
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [{"pointer": pointer(*path), "message": str(item)} for item in detail]
        return [error for index, item in enumerate(detail) for error in flatten(item, (*path, index))]
    return [{"pointer": pointer(*path), "message": str(detail)}]


def _django_validation_errors(error: DjangoValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return flatten(error.message_dict)
    return flatten(error.messages)


def errors_response(errors: list[dict], status_code: int, headers=None, code: str = Refusal.INVALID) -> Response:
    return Response({"errors": [{**error, "code": code} for error in errors]}, status=status_code, headers=headers)


# DRF's own refusals (before any service is called) by their exception class.
_DRF_CODES = {
    exceptions.PermissionDenied: Refusal.FORBIDDEN,
    exceptions.NotAuthenticated: Refusal.FORBIDDEN,
    exceptions.AuthenticationFailed: Refusal.FORBIDDEN,
    # An object outside the user's scope is a 404 (architecture.md, "Roles and scope").
    exceptions.NotFound: Refusal.FORBIDDEN,
}


def _drf_code(exc) -> str:
    if isinstance(exc, exceptions.ValidationError):
        codes = exc.get_codes()
        flat = [codes] if isinstance(codes, str) else list(_leaves(codes))
        return Refusal.REASON_REQUIRED if any(c in ("required", "blank", "null") for c in flat) else Refusal.INVALID
    return next((code for kind, code in _DRF_CODES.items() if isinstance(exc, kind)), Refusal.INVALID)


def _leaves(codes):
    if isinstance(codes, dict):
        for value in codes.values():
            yield from _leaves(value)
    elif isinstance(codes, list):
        for value in codes:
            yield from _leaves(value)
    else:
        yield codes


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every error of the API in the one format above."""
    if isinstance(exc, DossierRejected):
        return errors_response([{"pointer": e.pointer, "message": e.reason} for e in exc.errors], 400)
    if isinstance(exc, AlreadyHandled):
        return errors_response(
            [{"pointer": "/expected_state", "message": str(exc)}], status.HTTP_409_CONFLICT, code=refusal_code(exc)
        )
    if isinstance(exc, DjangoValidationError):
        return errors_response(_django_validation_errors(exc), status.HTTP_400_BAD_REQUEST, code=refusal_code(exc))
    if isinstance(exc, DjangoPermissionDenied):
        message = str(exc) or _("You may not do this.")
        exc = exceptions.PermissionDenied(message)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, RequestDataTooBig):  # a form body over the limit, refused by Django's parser
        exc = too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    code = _drf_code(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling and logging
    detail = response.data if isinstance(exc, exceptions.ValidationError) else response.data["detail"]
    headers = {name: response[name] for name in ("WWW-Authenticate", "Retry-After") if response.has_header(name)}
    return errors_response(flatten(detail), response.status_code, headers, code=code)
