"""Who may open each page of the workflow. Applications are built per state on new parks of the
operator in 长春市 (a park has one active application at a time); the expert of the walk sits on the
panels that need one."""

from django.core.files.uploadedfile import SimpleUploadedFile

from hrparks.applications import workflow
from hrparks.applications.tests.factories import PDF_BYTES, application_in, attach_evidence, material_of, objection_on
from hrparks.core.tests.access import ROLES, STAFF, Expect

SEES_CITY_APPLICATIONS = frozenset({"operator", "city_bureau", "city_government", "provincial"})
ROLE_KEYS = {
    "park_operator": "operator",
    "city_bureau": "city_bureau",
    "city_government": "city_government",
    "provincial_bureau": "provincial",
}


def app(world, state, *, with_expert=False):
    expert = world.users["expert"] if with_expert else None
    return world.once((state, with_expert), lambda: application_in(state, world.users["operator"], expert=expert))


def pk_of(state, **options):
    return lambda world: {"pk": app(world, state, **options).pk}


def attached_objection(world):
    """An objection on the walk's application in public notice, with the objector's evidence attached."""

    def make():
        return attach_evidence(objection_on(app(world, "in_notice"))).objection

    return {"pk": world.once("attached_objection", make).pk}


def transition_expectations():
    """GET of every transition's form by every role: only its roles get in (from workflow.py)."""
    expectations = []
    for wf in workflow.WORKFLOWS.values():
        for transition in wf.transitions:
            if transition.batch:
                continue
            state = transition.sources[0]
            expectations.append(
                Expect(
                    "applications:transition",
                    allowed={ROLE_KEYS[role] for role in transition.roles},
                    kwargs=lambda world, state=state, name=transition.name: {
                        "pk": app(world, state).pk,
                        "name": name,
                    },
                    label=transition.name,
                )
            )
    return expectations


ACCESS = [
    Expect("applications:list", allowed=STAFF),
    Expect("applications:queue", allowed=STAFF),
    Expect("applications:create", allowed={"operator"}),
    Expect("applications:detail", allowed=SEES_CITY_APPLICATIONS, kwargs=pk_of("submitted")),
    Expect("applications:detail", allowed={"operator"}, kwargs=pk_of("draft"), label="draft: the applicant's own"),
    Expect(
        "applications:detail",
        allowed=SEES_CITY_APPLICATIONS | {"expert"},
        kwargs=pk_of("evaluating", with_expert=True),
        label="assigned expert",
    ),
    Expect("applications:detail", allowed=SEES_CITY_APPLICATIONS, kwargs=pk_of("branch_requested"), label="branch"),
    Expect(
        "applications:park_type",
        allowed={"operator"},
        kwargs=pk_of("draft"),
        method="post",
        data=lambda world: {"park_type": "specialized"},
    ),
    Expect(
        "applications:material_upload",
        allowed={"operator"},
        kwargs=pk_of("draft"),
        method="post",
        data=lambda world: {
            "code": "application_request",
            "file": SimpleUploadedFile("request.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    ),
    Expect(
        "applications:material_download",
        allowed=SEES_CITY_APPLICATIONS,
        kwargs=lambda world: {
            "pk": app(world, "submitted").pk,
            "material_pk": world.once("material", lambda: material_of(app(world, "submitted"))).pk,
        },
    ),
    *transition_expectations(),
    Expect("applications:review", allowed={"expert"}, kwargs=pk_of("evaluating", with_expert=True)),
    Expect(
        "applications:site_visit",
        allowed={"expert", "provincial"},
        kwargs=pk_of("evaluating", with_expert=True),
        method="post",
        data=lambda world: {"visited_on": "2026-03-02", "participants": "专家组", "findings": "设施齐全"},
    ),
    Expect("applications:conflicts", allowed={"expert"}),
    Expect("applications:recommendation_list", allowed={"provincial"}),
    Expect("applications:notices", allowed=STAFF),
    Expect(
        "applications:notice",
        allowed=SEES_CITY_APPLICATIONS,
        kwargs=lambda world: {"pk": app(world, "in_notice").public_notices.get().pk},
    ),
    Expect(
        "applications:objection_record",
        allowed={"provincial"},
        kwargs=lambda world: {"pk": app(world, "in_notice").public_notices.get().pk},
        method="post",
        data=lambda world: {
            "application": app(world, "in_notice").pk,
            "name": "李四",
            "contact": "0431-00000000",
            "content": "场地面积不实",
        },
    ),
    Expect(
        "applications:objection_resolve",
        allowed={"provincial"},
        kwargs=lambda world: {"pk": world.once("objection", lambda: objection_on(app(world, "in_notice"))).pk},
    ),
    # The objector's evidence: the province alone (it may name the objector), not the applicant or its city.
    Expect(
        "applications:objection_attachment",
        allowed={"provincial"},
        kwargs=attached_objection,
    ),
    Expect(
        "applications:subsidy",
        allowed=SEES_CITY_APPLICATIONS,
        kwargs=lambda world: {"pk": app(world, "designated").subsidy.pk},
    ),
    Expect(
        "applications:subsidy",
        allowed={"provincial", "operator", "city_bureau"},
        kwargs=lambda world: {"pk": app(world, "designated").subsidy.pk},
        method="post",
        data=lambda world: {"pay-amount": "100000.00", "pay-paid_on": "2026-01-05", "spend-use": "infrastructure"},
        label="record a payment or spending",
    ),
    Expect("applications:branch_request", allowed={"city_bureau", "other_city_bureau"}),
]

assert set(ROLE_KEYS.values()) <= set(ROLES)
