"""The API's one JSON parser (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]): a body over the size limit is a 413
and a document nested deeper than MAX_DEPTH a 400, both in the API's error format, before `json.loads` sees
the body. Without these, 2,000 nested brackets raised a RecursionError in `json.loads` (a 500) and a large
body was Django's HTML 400.

The depth is counted on the bytes: strings are removed first (brackets inside them do not count), then every
bracket that opens adds one and every one that closes takes one off, in C (translate, array, accumulate)."""

import io
import re
from array import array
from itertools import accumulate

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status

# A park dossier nests 4 levels (the format of docs/park-dossier.md); the policy and workflow documents fewer.
MAX_DEPTH = 32
JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
# Opening brackets become +1, closing ones -1 (0xFF as a signed byte); every other byte is deleted first.
BRACKET_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def too_large(limit: int) -> RequestTooLarge:
    return RequestTooLarge(
        _("The request body is larger than %(limit)s, the most allowed.") % {"limit": filesizeformat(limit)}
    )


def nesting_depth(body: bytes) -> int:
    steps = array("b", JSON_STRING.sub(b"", body).translate(BRACKET_STEPS, NOT_BRACKETS))
    return max(accumulate(steps), default=0)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if limit is not None and declared and declared.isdigit() and int(declared) > limit:
            raise too_large(limit)
        body = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(body) > limit:
            raise too_large(limit)
        if nesting_depth(body) > MAX_DEPTH:
            raise exceptions.ParseError(
                _("JSON nested more than %(limit)s levels deep is not accepted.") % {"limit": MAX_DEPTH}
            )
        return super().parse(io.BytesIO(body), media_type, parser_context)
