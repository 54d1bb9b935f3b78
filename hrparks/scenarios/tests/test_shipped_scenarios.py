"""Every scenario shipped with a policy (policies/<id>/scenarios/*.yaml) holds: the platform follows the
measures as the scenarios write them down."""

import contextlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

POLICIES = Path(__file__).resolve().parents[3] / "policies"
SHIPPED = sorted(POLICIES.glob("*/scenarios/*.yaml"))


def test_scenarios_are_shipped():
    assert len(SHIPPED) >= 10


@pytest.mark.django_db
@pytest.mark.parametrize("path", SHIPPED, ids=[f"{p.parent.parent.name}/{p.stem}" for p in SHIPPED])
def test_shipped_scenario_holds(path):
    out = io.StringIO()
    with contextlib.suppress(SystemExit):
        call_command("run_scenario", str(path), stdout=out)
    result = json.loads(out.getvalue())
    failures = [f"step {s['n']} {s['do']}: {f}" for s in result["steps"] for f in s["failures"]]
    assert result["ok"], result.get("error") or "\n".join(failures)
