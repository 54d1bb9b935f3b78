"""`check_dossier FILE.json [--policy ID_OR_PATH]`: the eligibility report of a dossier, as JSON on stdout.

Exit 0 whether or not the park is eligible; exit 1 with ``JSON-pointer: reason`` lines on stderr when
the dossier is invalid or its park lies outside the policy's area (any area: the deployment need not
host it), 2 when the policy cannot be loaded. The 第四条 check looks at the database:
the other comprehensive parks of the dossier's jurisdiction (the park itself is recognised by name)."""

import io
import json
import sys

from django.core.management.base import BaseCommand

from hrparks.parks.dossier_validation import area_error, load_dossier_file
from hrparks.policy.engine import check_dossier
from hrparks.policy.registry import PolicyError, get_policy
from hrparks.policy.selectors import dossier_context

INVALID_DOSSIER = 1
INVALID_POLICY = 2


class Command(BaseCommand):
    help = "Check a park dossier (shared format) against a policy and print the eligibility report as JSON."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.json", help="the dossier, UTF-8 JSON")
        parser.add_argument(
            "--policy", metavar="ID_OR_PATH", help="policy id or YAML file (default: the policy in force)"
        )

    def handle(self, *args, file, policy, **options):
        for name in ("stdout", "stderr"):
            console = getattr(sys, name)
            if not options.get(name) and isinstance(console, io.TextIOWrapper):  # UTF-8 whatever the locale
                console.reconfigure(encoding="utf-8")
        try:
            chosen = get_policy(policy)
        except PolicyError as exc:
            for problem in exc.problems:
                self.stderr.write(f"{exc.source}: {problem}")
            sys.exit(INVALID_POLICY)
        dossier, errors = load_dossier_file(file)
        if not errors and not chosen.example:  # an example policy's area is invented (990000)
            outside = area_error(dossier, chosen.jurisdiction_code)
            errors = [outside] if outside else []
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            sys.exit(INVALID_DOSSIER)
        report = check_dossier(dossier, chosen, dossier_context(dossier))
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
