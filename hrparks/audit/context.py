"""Who is acting: set per request by the middleware, per command or task by `acting_as`."""

from contextlib import contextmanager
from contextvars import ContextVar

_actor: ContextVar = ContextVar("audit_actor", default=None)


def current_actor():
    """The user on whose behalf the current code runs, or None (system)."""
    return _actor.get()


@contextmanager
def acting_as(user):
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)
