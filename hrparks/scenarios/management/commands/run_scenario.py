"""`run_scenario FILE.yaml [FILE.yaml ...]`: play scenarios (shared/formats/scenario.md) and print one JSON
object per file, one per line.

Exit 0 when every expectation of every file holds, 1 when any fails, 2 when a file is not a valid
scenario (the message names the YAML path, e.g. ``steps[3].with.criterion``). Every file is played,
whatever happened to the ones before it."""

import io
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from hrparks.scenarios.runner import run_file
from hrparks.scenarios.services import record_result
from hrparks.scenarios.spec import ScenarioInvalid

ALL_HELD, SOME_FAILED, INVALID = 0, 1, 2


class Command(BaseCommand):
    help = "Play scenario files against the platform (each in a rolled-back transaction) and report as JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE.yaml")

    def handle(self, *args, files, **options):
        if not options.get("stdout") and isinstance(sys.stdout, io.TextIOWrapper):
            sys.stdout.reconfigure(encoding="utf-8")
        status = ALL_HELD
        for name in files:
            path = Path(name)
            try:
                result = run_file(path)
            except ScenarioInvalid as exc:
                result = {"scenario": name, "ok": False, "error": str(exc), "steps": []}
                status = INVALID
            else:
                if not result["ok"] and status == ALL_HELD:
                    status = SOME_FAILED
            record_result(path, result)
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
        if status != ALL_HELD:
            sys.exit(status)
