"""Who may call each API endpoint: the same roles and scope as the matching pages. Applications and
notices come from the applications app's access matrix helpers (one per state, on new parks of the
walk's operator); every workflow step is listed, from the table."""

from hrparks.applications import workflow
from hrparks.applications.tests.access_matrix import ROLE_KEYS, SEES_CITY_APPLICATIONS, app, attached_objection
from hrparks.applications.tests.factories import objection_on
from hrparks.core.tests.access import ROLES, STAFF, Expect
from hrparks.evaluations.tests.factories import evaluation_world

EVERYONE_LOGGED_IN = frozenset(ROLES)
SEES_PARK = frozenset({"operator", "city_bureau", "city_government", "provincial"})
EDITORS = frozenset({"operator", "city_bureau", "other_city_bureau"})
CHECKERS = frozenset({"city_bureau", "city_government", "provincial", "other_city_bureau", "expert"})
PROVINCE = frozenset({"provincial"})
EVALUATION_OFFICIALS = frozenset({"provincial", "city_bureau", "other_city_bureau"})


def park(world):
    return {"pk": world.park.pk}


def application(state):
    return lambda world: {"pk": app(world, state).pk}


def notice(world):
    return {"pk": app(world, "in_notice").public_notices.get().pk}


def objection(world):
    return {"pk": world.once("objection", lambda: objection_on(app(world, "in_notice"))).pk}


def step_expectations():
    """POST of every step of the workflow tables with an empty body: the step's roles get a 400 (the
    body is judged), every other role a 403, a city bureau of another city a 404."""
    expectations = []
    for wf in workflow.WORKFLOWS.values():
        for transition in wf.transitions:
            allowed = {ROLE_KEYS[role] for role in transition.roles}
            if transition.batch:
                expectations.append(
                    Expect(f"api:application-{transition.name}", allowed=allowed, method="post", label="batch")
                )
                continue
            expectations.append(
                Expect(
                    f"api:application-{transition.name}",
                    allowed=allowed,
                    kwargs=application(transition.sources[0]),
                    method="post",
                )
            )
    return expectations


ACCESS = [
    Expect("api:schema", allowed=EVERYONE_LOGGED_IN | {"anonymous"}),
    Expect("api:docs", allowed=EVERYONE_LOGGED_IN | {"anonymous"}),
    Expect("api:api-root", allowed=EVERYONE_LOGGED_IN),
    Expect("api:park-list", allowed=STAFF),
    Expect("api:park-export", allowed=STAFF, query="format=csv"),
    Expect("api:park-detail", allowed=SEES_PARK, kwargs=park),
    Expect("api:park-dossier", allowed=SEES_PARK, kwargs=park),
    Expect("api:park-import", allowed=EDITORS, method="post"),
    Expect("api:application-list", allowed=STAFF),
    Expect("api:application-export", allowed=STAFF),
    Expect("api:application-detail", allowed=SEES_CITY_APPLICATIONS, kwargs=application("submitted")),
    Expect("api:application-history", allowed=SEES_CITY_APPLICATIONS, kwargs=application("submitted")),
    *step_expectations(),
    Expect("api:notice-list", allowed=STAFF),
    Expect("api:notice-detail", allowed=SEES_CITY_APPLICATIONS, kwargs=notice),
    Expect("api:notice-objections", allowed=PROVINCE, kwargs=notice, method="post"),
    Expect("api:objection-list", allowed={"provincial", "operator", "city_bureau", "other_city_bureau"}),
    Expect("api:objection-detail", allowed={"provincial", "operator", "city_bureau"}, kwargs=objection),
    Expect("api:objection-resolve", allowed=PROVINCE, kwargs=objection, method="post"),
    Expect("api:objection-attachment", allowed=PROVINCE, kwargs=attached_objection),
    Expect("api:eligibility", allowed=CHECKERS, method="post"),
    Expect("api:evaluation-round-list", allowed=EVALUATION_OFFICIALS),
    Expect(
        "api:evaluation-round-detail",
        allowed=EVALUATION_OFFICIALS,
        kwargs=lambda world: {"pk": evaluation_world(world)["open_round"].pk},
    ),
    Expect("api:evaluation-notice-list", allowed=EVALUATION_OFFICIALS),
    Expect(
        "api:evaluation-notice-detail",
        allowed=EVALUATION_OFFICIALS,
        kwargs=lambda world: {"pk": evaluation_world(world)["notice"].pk},
    ),
    Expect("api:workdays-add", allowed=EVERYONE_LOGGED_IN, query="start=2025-09-30&days=5"),
    Expect("api:workdays-count", allowed=EVERYONE_LOGGED_IN, query="start=2025-10-01&end=2025-10-31"),
]
