from hrparks.core.tests.access import OFFICIALS, Expect


def _application(world):
    from django.utils import timezone

    from hrparks.applications.models import Application

    return world.once(
        "policy_application",
        lambda: Application.objects.create(
            park=world.park,
            park_type=world.park.park_type,
            policy_id="jilin-2022",
            state="under_evaluation",
            created_by=world.users["operator"],
            submitted_at=timezone.now(),  # officials see an application once it is submitted
        ),
    )


def _waive_kwargs(world):
    return {"application_pk": _application(world).pk, "criterion_id": "operating_agencies"}


ACCESS = [
    Expect("policy:overview", allowed=OFFICIALS | {"expert"}),
    # other_city_bureau: the application is in another city (404).
    Expect("policy:waive", allowed={"provincial"}, kwargs=_waive_kwargs),
    Expect("policy:waive", allowed={"provincial"}, kwargs=_waive_kwargs, method="post", label="empty reason"),
]
