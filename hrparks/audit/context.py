"""Who is acting: set per request by the middleware, per command or task by `acting_as`."""

from contextlib import contextmanager
from contextvars import ContextVar

_actor: ContextVar = ContextVar("audit_actor", default=None)


class _RequestUser:
    """The user of a request, looked up when a write happens rather than when the request comes in: an API
    view authenticates its token inside the view, after the middleware (DRF then sets request.user)."""

    def __init__(self, request):
        self.request = request

    def resolve(self):
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None


def current_actor():
    """The user on whose behalf the current code runs, or None (system)."""
    actor = _actor.get()
    return actor.resolve() if isinstance(actor, _RequestUser) else actor


@contextmanager
def _acting(actor):
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def acting_as(user):
    """Make `user` the actor of the writes in the with-block (commands, tasks); None means the system."""
    return _acting(user)


def acting_for_request(request):
    return _acting(_RequestUser(request))
