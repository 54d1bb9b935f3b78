from hrparks.applications.tests.factories import application_in, material_of
from hrparks.core.tests.access import Expect

from .factories import default_template, evaluation_world

PROVINCE = {"provincial"}
CITY = {"city_bureau"}
# Pages of the province (and its city bureaux, each seeing its own city's parks).
PROVINCE_WIDE = {"provincial", "city_bureau", "other_city_bureau"}
# Pages of one park in 长春市: the other city's bureau gets a 404.
OF_THE_PARK = {"provincial", "city_bureau"}
# Read-only records of one park: its operator too (the pages its notifications link to).
RECORD_OF_THE_PARK = OF_THE_PARK | {"operator"}


def pk_of(key):
    return lambda world: {"pk": evaluation_world(world)[key].pk}


def seat_material(world) -> dict:
    """A material of the designation application of the park the walk's expert scores."""
    seat = evaluation_world(world)["seat"]
    application = world.once(
        "scored_park_application",
        lambda: application_in("designated", world.users["operator"], park=seat.assessment.park),
    )
    material = world.once("scored_park_material", lambda: material_of(application))
    return {"pk": seat.pk, "material_pk": material.pk}


ACCESS = [
    Expect("evaluations:index", allowed=PROVINCE_WIDE),
    Expect("evaluations:round_open", allowed=PROVINCE),
    Expect("evaluations:round_open", allowed=PROVINCE, method="post", label="empty form"),
    Expect("evaluations:round", allowed=PROVINCE_WIDE, kwargs=pk_of("self_round"), label="self-evaluation round"),
    Expect("evaluations:round", allowed=PROVINCE_WIDE, kwargs=pk_of("open_round"), label="centralized round"),
    Expect("evaluations:round_settings", allowed=PROVINCE, kwargs=pk_of("open_round")),
    Expect("evaluations:round_draw", allowed=PROVINCE, kwargs=pk_of("open_round"), method="post"),
    Expect("evaluations:round_selection", allowed=PROVINCE, kwargs=pk_of("self_round"), method="post", label="remind"),
    Expect(
        "evaluations:round_selection",
        allowed=PROVINCE_WIDE,
        kwargs=pk_of("open_round"),
        method="post",
        query="export=csv",
        label="export",
    ),
    Expect("evaluations:round_publish", allowed=PROVINCE, kwargs=pk_of("open_round"), method="post"),
    Expect("evaluations:round_preview", allowed=PROVINCE, kwargs=pk_of("open_round"), method="post"),
    Expect("evaluations:self_evaluation", allowed=OF_THE_PARK, kwargs=pk_of("self_evaluation")),
    Expect(
        "evaluations:self_evaluation", allowed=OF_THE_PARK, kwargs=pk_of("self_evaluation"), method="post", label="save"
    ),
    Expect("evaluations:self_evaluation_submit", allowed=CITY, kwargs=pk_of("self_evaluation"), method="post"),
    Expect("evaluations:self_evaluation_review", allowed=PROVINCE, kwargs=pk_of("self_evaluation"), method="post"),
    Expect("evaluations:self_evaluation_attach", allowed=CITY, kwargs=pk_of("self_evaluation"), method="post"),
    Expect("evaluations:attachment", allowed=OF_THE_PARK, kwargs=pk_of("attachment")),
    Expect("evaluations:templates", allowed=PROVINCE),
    Expect("evaluations:template_edit", allowed=PROVINCE, kwargs=lambda world: {"pk": default_template().pk}),
    Expect(
        "evaluations:template_copy", allowed=PROVINCE, kwargs=lambda world: {"pk": default_template().pk}, method="post"
    ),
    Expect("evaluations:assessment", allowed=OF_THE_PARK, kwargs=pk_of("assessment")),
    Expect(
        "evaluations:assessment",
        allowed={"provincial", "other_city_bureau"},
        kwargs=pk_of("other_assessment"),
        label="other city's park",
    ),
    Expect("evaluations:assessment_draw", allowed=PROVINCE, kwargs=pk_of("assessment"), method="post"),
    Expect("evaluations:my_assignments", allowed={"expert"}),
    Expect("evaluations:seat", allowed={"expert"}, kwargs=pk_of("seat")),
    Expect("evaluations:seat", allowed={"expert"}, kwargs=pk_of("seat"), method="post", label="save scores"),
    Expect("evaluations:seat_material", allowed={"expert"}, kwargs=lambda world: seat_material(world)),
    Expect("evaluations:notice", allowed=PROVINCE_WIDE, kwargs=pk_of("notice")),
    Expect("evaluations:commendation_support", allowed=PROVINCE, kwargs=pk_of("commendation"), method="post"),
    Expect("evaluations:rectification", allowed=RECORD_OF_THE_PARK, kwargs=pk_of("rectification")),
    Expect(
        "evaluations:rectification",
        allowed={"provincial", "other_city_bureau"},
        kwargs=pk_of("other_rectification"),
        label="other city's park",
    ),
    Expect("evaluations:rectification_report", allowed=CITY, kwargs=pk_of("rectification"), method="post"),
    Expect("evaluations:rectification_attach", allowed=CITY, kwargs=pk_of("rectification"), method="post"),
    Expect("evaluations:rectification_accept", allowed=PROVINCE, kwargs=pk_of("rectification"), method="post"),
    Expect("evaluations:park", allowed=RECORD_OF_THE_PARK, kwargs=lambda world: {"pk": world.park.pk}),
    Expect(
        "evaluations:park",
        allowed={"provincial", "other_city_bureau"},
        kwargs=lambda world: {"pk": world.other_park.pk},
        label="other city's park",
    ),
    Expect("evaluations:park_rectify", allowed=PROVINCE, kwargs=lambda world: {"pk": world.park.pk}, method="post"),
    Expect("evaluations:park_revoke", allowed=PROVINCE, kwargs=lambda world: {"pk": world.park.pk}, method="post"),
]
