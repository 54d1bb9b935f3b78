"""Plays one scenario against the platform and says which expectations held (shared/formats/scenario.md).

Isolation: the whole scenario runs in one database transaction that is rolled back at the end, with
its files in a temporary folder and its caches fresh, so it never changes the platform's data and two
scenarios never see each other. What it does see is the platform's own data (other parks of a city
count for 第四条); `make test` runs the shipped scenarios on an empty test database.

The clock starts at `today` and moves only by `advance`: every service reads the time it is told
(time-machine moves Python's clock for the scenario, as it would pass on the platform)."""

import shutil
import tempfile
import uuid
from contextlib import ExitStack, contextmanager
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hrparks.applications.services import AlreadyHandled
from hrparks.audit.context import acting_as
from hrparks.core.refusals import refusal_code, refusal_criteria
from hrparks.parks.models import Jurisdiction, Park
from hrparks.parks.services import DossierRejected, import_dossier
from hrparks.policy.registry import POLICY_ID_PATTERN, PolicyError, get_policy, policy_dir
from hrparks.workdays.calendar import add_working_days

from . import actions, expectations
from .actors import Cast
from .spec import Scenario, ScenarioInvalid, Step, parse

REFUSALS = (ValidationError, PermissionDenied, AlreadyHandled, actions.Refused)
# The hour the scenario's clock shows on each of its days: office hours in the platform's time zone.
OFFICE_HOUR = time(10, 0)


@contextmanager
def _policy_in_force(scenario: Scenario):
    """The scenario's policy as the policy in force; a policy file outside policies/ is served from a
    temporary copy of the policy folder with it added under its id."""
    reference = scenario.policy
    if POLICY_ID_PATTERN.match(reference):
        try:
            policy = get_policy(reference)
        except PolicyError as exc:
            raise ScenarioInvalid("policy", "; ".join(exc.problems)) from None
        with override_settings(DEFAULT_POLICY_ID=policy.id):
            yield policy
        return
    file = (scenario.path.parent / reference).resolve()
    try:
        policy = get_policy(str(file))
    except PolicyError as exc:
        raise ScenarioInvalid("policy", "; ".join(exc.problems)) from None
    with tempfile.TemporaryDirectory(prefix="hrparks-policies-") as folder:
        for existing in policy_dir().iterdir():
            if existing.is_file():
                shutil.copy(existing, folder)
        shutil.copy(file, Path(folder) / f"{policy.id}.yaml")
        with override_settings(POLICY_DIR=Path(folder), DEFAULT_POLICY_ID=policy.id):
            yield get_policy(policy.id)


@contextmanager
def _isolated_files_and_caches():
    with tempfile.TemporaryDirectory(prefix="hrparks-scenario-") as media:
        storage = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": media}}
        location = f"scenario-{uuid.uuid4().hex}"
        caches = {
            name: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"{location}-{name}"}
            for name in settings.CACHES
        }
        with override_settings(MEDIA_ROOT=media, STORAGES={**settings.STORAGES, "default": storage}, CACHES=caches):
            yield


class Run:
    def __init__(self, scenario: Scenario, policy, traveller):
        self.scenario = scenario
        self.policy = policy
        self.traveller = traveller
        self.numbers = 0
        province = Jurisdiction.objects.filter(code=policy.jurisdiction_code).first()
        if province is None:
            raise ScenarioInvalid("policy", f"no jurisdiction with the policy's code {policy.jurisdiction_code}")
        self.cast = Cast(province)
        self.parks: dict[str, Park] = {}

    @property
    def today(self):
        return timezone.localdate()

    def park(self, step: Step) -> Park:
        key = step.park or next(iter(self.scenario.parks))
        return self.parks[key]

    def import_parks(self) -> None:
        for key, dossier in self.scenario.parks.items():
            name, place = dossier.get("name"), dossier.get("jurisdiction")
            if Park.objects.filter(name=name, jurisdiction__name=place).exists():
                raise ScenarioInvalid(f"parks.{key}.name", f"a park named {name} already exists in {place}")
            try:
                with acting_as(None):
                    self.parks[key] = import_dossier(dossier)
            except DossierRejected as exc:
                first = exc.errors[0]
                raise ScenarioInvalid(f"parks.{key}{first.pointer.replace('/', '.')}", first.reason) from None

    def advance(self, values: dict) -> None:
        if "to" in values:
            target = actions._as_date(values["to"], "to")
        elif "days" in values:
            target = self.today + timedelta(days=int(values["days"]))
        else:
            target = add_working_days(self.today, int(values["working_days"]))
        if target < self.today:
            raise ValidationError({"to": f"the clock does not go back ({target} < {self.today})"}, code="invalid")
        self.traveller.move_to(_moment(target))

    def _act(self, step: Step, actor_name: str) -> None:
        if step.do == "advance":
            return self.advance(step.values)
        if step.do == "check":
            return None
        park = self.park(step)
        if actor_name == "experts":
            experts = actions.panel_of(self, step)
            if not experts:
                raise actions.Refused("wrong_state", "no expert panel has been drawn")
            if step.do == "review":
                return actions.review(self, step, experts)
            for expert in experts:
                with acting_as(expert):
                    self._perform(step, expert)
            return None
        actor = self.cast.resolve(actor_name, step.place, park)
        if step.do == "review":
            return actions.review(self, step, [actor])
        with acting_as(actor if actor.is_authenticated else None):
            return self._perform(step, actor)

    def _perform(self, step: Step, actor) -> None:
        if step.do == "open_evaluation":
            self.cast.ensure_experts()
        action = actions.ACTIONS.get(step.do, actions.transition)
        action(self, step, actor)

    def play_step(self, step: Step) -> dict:
        actor_name = step.actor or (
            "" if step.do in ("advance", "check") else actions.natural_actor(step.do, step.values)
        )
        shown_actor = f"{actor_name}@{step.place}" if step.place else actor_name
        outcome = {"n": step.n, "do": step.do, "as": shown_actor or None, "ok": True, "refused": None, "failures": []}
        refusal = None
        try:
            with transaction.atomic():
                self._act(step, actor_name)
        except REFUSALS as exc:
            code = exc.code if isinstance(exc, actions.Refused) else refusal_code(exc)
            message = (
                "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc) or _("You may not do this.")
            )
            refusal = {"code": code, "message": message, "criteria": refusal_criteria(exc)}
            outcome["refused"] = {"code": code, "message": message}
        except Exception as exc:  # a crash of the platform is a failure of the scenario, not of the runner
            outcome["failures"].append(f"error: {type(exc).__name__}: {exc}")
        outcome["failures"] += self._failures(step, refusal)
        outcome["ok"] = not outcome["failures"]
        return outcome

    def _failures(self, step: Step, refusal: dict | None) -> list[str]:
        expect = step.expect or {}
        failures = []
        wanted = expect.get("refused")
        if wanted is None and refusal is not None:
            failures.append(f"refused: {refusal['code']}: {refusal['message']}")
        elif wanted is not None and refusal is None:
            failures.append(f"refused: expected {wanted}, but the step was taken")
        elif wanted is not None and refusal["code"] != wanted:
            failures.append(f"refused: expected {wanted}, got {refusal['code']}: {refusal['message']}")
        elif wanted is not None and isinstance(expect.get("criteria"), list):
            missing = [c for c in expect["criteria"] if c not in refusal["criteria"]]
            if missing:
                failures.append(f"criteria: {', '.join(missing)} not among the refusal's {refusal['criteria']}")
        park = self.parks[step.park or next(iter(self.scenario.parks))]
        failures += expectations.check(expect, park)
        return failures

    def play(self) -> list[dict]:
        self.import_parks()
        return [self.play_step(step) for step in self.scenario.steps]


def _moment(day) -> datetime:
    return datetime.combine(day, OFFICE_HOUR, tzinfo=ZoneInfo(settings.TIME_ZONE))


def run_file(path: Path) -> dict:
    """The scenario's result (the output format of scenario.md), or ScenarioInvalid."""
    scenario = parse(path)
    with ExitStack() as stack:
        stack.enter_context(translation.override(settings.LANGUAGE_CODE))
        policy = stack.enter_context(_policy_in_force(scenario))
        stack.enter_context(_isolated_files_and_caches())
        traveller = stack.enter_context(time_machine.travel(_moment(scenario.today), tick=True))
        with transaction.atomic():
            try:
                steps = Run(scenario, policy, traveller).play()
            finally:
                transaction.set_rollback(True)
    return {"scenario": str(path), "ok": all(step["ok"] for step in steps), "steps": steps}
