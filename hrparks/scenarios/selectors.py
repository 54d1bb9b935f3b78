"""Reads of the scenarios app: the scenarios shipped with a policy and their last results."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .models import ScenarioResult
from .services import result_key
from .spec import ScenarioInvalid, parse_title


@dataclass(frozen=True)
class ShippedScenario:
    path: str
    title: str
    result: ScenarioResult | None


def scenario_files(policy_id: str) -> list[Path]:
    """policies/<id>/scenarios/*.yaml, in name order."""
    return sorted((Path(settings.POLICY_DIR) / policy_id / "scenarios").glob("*.yaml"))


def shipped_scenarios(policy_id: str) -> list[ShippedScenario]:
    """Each scenario of the policy with its title and its last result (one query for all)."""
    files = scenario_files(policy_id)
    keys = [result_key(path) for path in files]
    results = {result.path: result for result in ScenarioResult.objects.filter(path__in=keys)}
    shipped = []
    for path, key in zip(files, keys, strict=True):
        try:
            title = parse_title(path)
        except ScenarioInvalid as exc:
            title = str(exc)
        shipped.append(ShippedScenario(key, title or path.stem, results.get(key)))
    return shipped
