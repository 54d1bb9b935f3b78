"""A per-address limit on what the public may do (file objections, look up receipts), counted in the
shared cache so that every server process sees the same count.

Behind a reverse proxy every request comes from the proxy's address: set PORTAL_TRUSTED_PROXIES to the
number of proxies in front of the platform, and the client's address is read from X-Forwarded-For."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    proxies = getattr(settings, "PORTAL_TRUSTED_PROXIES", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(request, scope: str) -> str:
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]  # no addresses in the cache
    return f"portal:throttle:{scope}:{address}"


def count(request, scope: str) -> int:
    """How many actions of `scope` the request's address took in the current window."""
    return cache.get(_key(request, scope), 0)


def allow(request, scope: str, *, limit: int, seconds: int) -> bool:
    """Count one more action of `scope` from the request's address; False once it exceeds `limit`
    within the window that began with the first of them."""
    key = _key(request, scope)
    if cache.add(key, 1, seconds):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    # None: the shared cache cannot be reached (Redis restarting, docs/deployment.md "The cluster") and
    # cannot count; the portal stays open rather than failing.
    return count is None or count <= limit
