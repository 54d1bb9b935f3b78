from hrparks.core.tests.access import OFFICIALS, Expect


def _application(world):
    from hrparks.applications.tests.factories import application_in

    # A park of its own: the walk's park may already have its one active application.
    return world.once("policy_application", lambda: application_in("evaluating", world.users["operator"]))


def _waive_kwargs(world):
    return {"application_pk": _application(world).pk, "criterion_id": "operating_agencies"}


ACCESS = [
    Expect("policy:overview", allowed=OFFICIALS | {"expert"}),
    # other_city_bureau: the application is in another city (404).
    Expect("policy:waive", allowed={"provincial"}, kwargs=_waive_kwargs),
    Expect("policy:waive", allowed={"provincial"}, kwargs=_waive_kwargs, method="post", label="empty reason"),
]
