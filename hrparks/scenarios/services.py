"""Writes of the scenarios app: the last result of each scenario file."""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import ScenarioResult


def result_key(path: Path) -> str:
    """The file's path as the policy page names it: relative to the project when it lies inside."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(resolved)


@transaction.atomic
def record_result(path: Path, result: dict) -> ScenarioResult:
    steps = result.get("steps", [])
    stored, _created = ScenarioResult.objects.update_or_create(
        path=result_key(path)[:500],
        defaults={
            "ok": result["ok"],
            "error": result.get("error", ""),
            "steps": len(steps),
            "failed_steps": sum(1 for step in steps if not step["ok"]),
            "output": result,
            "ran_at": timezone.now(),
        },
    )
    return stored
