"""Writes to the audit log (to be written by the audit component)."""


def record_event(action: str, obj, *, data: dict | None = None, actor=None) -> None:
    """Record an event that is not a plain row change (a transition, a waiver, an import)."""
    raise NotImplementedError


def record_rows(action: str, objs, *, actor=None) -> None:
    """Record many rows written in bulk (bulk_create/bulk_update bypass model signals)."""
    raise NotImplementedError
