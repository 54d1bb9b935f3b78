"""Writes to the audit log (to be written by the audit component)."""


def record_event(action: str, obj, *, data: dict | None = None, actor=None) -> None:
    """Record an event that is not a plain row change (a transition, a waiver, an import)."""
    raise NotImplementedError
