"""Who may open each page of the documents app: whoever sees the park or application (404 otherwise),
in a role that reads documents (403 for the system administrator); the roster upload only for the park's
operators and its city bureau; a public notice for everyone."""

from hrparks.applications.tests.factories import application_in
from hrparks.core.tests.access import EVERYONE, Expect
from hrparks.evaluations.models import ParkStatusChange
from hrparks.evaluations.tests.factories import evaluation_world

READERS = frozenset({"operator", "city_bureau", "city_government", "provincial"})
EVALUATORS = frozenset({"city_bureau", "provincial"})


def application(world, state="submitted", *, with_expert=False):
    expert = world.users["expert"] if with_expert else None
    return world.once(
        ("documents", state, with_expert), lambda: application_in(state, world.users["operator"], expert=expert)
    )


def park_kwargs(world):
    return {"scope": "park", "pk": world.park.pk}


def application_kwargs(world):
    return {"scope": "application", "pk": application(world).pk}


def decided(world):
    designated = application(world, "designated")
    designated.approval_document_number = "吉人社函〔2026〕88号"
    designated.save(update_fields=["approval_document_number"])
    return designated


def revocation(world):
    return world.once(
        ("documents", "revocation"),
        lambda: ParkStatusChange.objects.create(
            park=world.park,
            from_status="designated",
            to_status="revoked",
            ground="no_real_work",
            reason="一年以上未开展实质性工作。",
            document_number="吉人社函〔2027〕15号",
        ),
    )


ACCESS = [
    Expect("documents:panel", allowed=READERS, kwargs=park_kwargs, label="park"),
    Expect("documents:panel", allowed=READERS, kwargs=application_kwargs, label="application"),
    Expect(
        "documents:panel",
        allowed=READERS | {"expert"},
        kwargs=lambda world: {"scope": "application", "pk": application(world, "evaluating", with_expert=True).pk},
        label="application of the expert's panel",
    ),
    Expect(
        "documents:attachment",
        allowed=READERS,
        kwargs=lambda world: {**park_kwargs(world), "kind": "cover", "file_format": "docx"},
        label="park",
    ),
    Expect(
        "documents:attachment",
        allowed=READERS,
        kwargs=lambda world: {**application_kwargs(world), "kind": "roster", "file_format": "xlsx"},
        label="application",
    ),
    Expect("documents:bundle", allowed=READERS, kwargs=lambda world: {**park_kwargs(world), "file_format": "zip"}),
    Expect(
        "documents:bundle_status",
        allowed=READERS,
        kwargs=lambda world: {**application_kwargs(world), "file_format": "pdf"},
    ),
    Expect(
        "documents:decision", allowed=READERS, kwargs=lambda world: {"pk": decided(world).pk, "file_format": "docx"}
    ),
    Expect(
        "documents:notice",
        allowed=EVERYONE,
        kwargs=lambda world: {"pk": decided(world).public_notices.get().pk, "file_format": "docx"},
    ),
    Expect("documents:roster_template", allowed=READERS, kwargs=lambda world: {"pk": world.park.pk}),
    Expect("documents:roster_upload", allowed={"operator", "city_bureau"}, kwargs=lambda world: {"pk": world.park.pk}),
    Expect(
        "documents:roster_upload",
        allowed={"operator", "city_bureau"},
        kwargs=lambda world: {"pk": world.park.pk},
        method="post",
        label="upload without a file",
    ),
    Expect(
        "documents:evaluation_notice",
        allowed=EVALUATORS | {"other_city_bureau"},  # the province's notice goes to every city
        kwargs=lambda world: {"pk": evaluation_world(world)["notice"].pk, "file_format": "docx"},
    ),
    Expect(
        "documents:rectification_order",
        allowed=EVALUATORS,
        kwargs=lambda world: {"pk": evaluation_world(world)["rectification"].pk, "file_format": "docx"},
    ),
    Expect(
        "documents:revocation",
        allowed=EVALUATORS,
        kwargs=lambda world: {"pk": revocation(world).pk, "file_format": "docx"},
    ),
]
