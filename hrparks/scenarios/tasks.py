"""Background work of scenarios (run by the django-tasks worker): a policy's scenarios take a few seconds each."""

import io

from django.core.management import call_command
from django_tasks import task

from .selectors import scenario_files


@task()
def run_policy_scenarios(policy_id: str) -> bool:
    """Play every scenario of the policy; each result is kept for the policy page."""
    files = [str(path) for path in scenario_files(policy_id)]
    if not files:
        return True
    try:
        call_command("run_scenario", *files, stdout=io.StringIO())
    except SystemExit as exit_:
        return exit_.code == 0
    return True
