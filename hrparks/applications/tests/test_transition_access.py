"""Every transition of the table, tried by every role that may not take it: refused with 403 (wrong
role) or 404 (out of scope: another city's official, an expert who is not on the panel), on the web
and in the service layer, and the application stays where it was."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hrparks.accounts.models import Role
from hrparks.applications import services, workflow
from hrparks.applications.tests.factories import NOTICE_CONTACT, application_in
from hrparks.core.tests.access import ROLES

ROLE_OF = {
    "operator": Role.PARK_OPERATOR,
    "city_bureau": Role.CITY_BUREAU,
    "city_government": Role.CITY_GOVERNMENT,
    "provincial": Role.PROVINCIAL_BUREAU,
    "expert": Role.EXPERT,
    "sysadmin": Role.SYSTEM_ADMIN,
    "other_city_bureau": Role.CITY_BUREAU,
}
TRANSITIONS = [t for wf in workflow.WORKFLOWS.values() for t in wf.transitions if not t.batch]
WRONG = [
    (transition, role)
    for transition in TRANSITIONS
    for role in ROLES
    if role == "other_city_bureau" or ROLE_OF[role] not in transition.roles
]


def expected_status(transition, role: str) -> int:
    # Another city's bureau has the right role for some steps, and then does not find the application.
    return 404 if ROLE_OF[role] in transition.roles else 403


@pytest.mark.parametrize(("transition", "role"), WRONG, ids=[f"{t.name}-{r}" for t, r in WRONG])
def test_wrong_role_or_scope_is_refused_on_the_web(transition, role, users, client):
    application = application_in(transition.sources[0], users["operator"])
    client.force_login(users[role])
    url = reverse("applications:transition", kwargs={"pk": application.pk, "name": transition.name})
    response = client.post(url, {"expected_state": application.state, "reasons": "x", "comment": "x"})
    assert response.status_code == expected_status(transition, role)
    application.refresh_from_db()
    assert application.state == transition.sources[0]
    assert not application.events.exists()


@pytest.mark.parametrize(
    ("transition", "role"),
    [(t, r) for t, r in WRONG if r not in ("sysadmin",)],
    ids=[f"{t.name}-{r}" for t, r in WRONG if r not in ("sysadmin",)],
)
def test_wrong_role_or_scope_is_refused_by_the_service(transition, role, users):
    application = application_in(transition.sources[0], users["operator"])
    with pytest.raises(PermissionDenied):
        services.perform_transition(
            application,
            transition.name,
            actor=users[role],
            expected_state=application.state,
            data={"reasons": "x", "comment": "x"},
        )
    application.refresh_from_db()
    assert application.state == transition.sources[0]


def test_publishing_the_notice_is_the_provinces_alone(users, client):
    application = application_in("shortlisted", users["operator"])
    for role in ROLES:
        client.force_login(users[role])
        response = client.post(
            reverse("applications:recommendation_list"),
            {"title": "公示", "applications": [application.pk], "confirm": "on", **NOTICE_CONTACT},
        )
        if role != "provincial":
            assert response.status_code == 403, role
    application.refresh_from_db()
    assert application.state == "in_notice"


def test_a_form_shown_before_someone_else_acted_says_already_handled(users, client):
    """The city bureau opened the form while the application was submitted; meanwhile it was returned."""
    application = application_in("returned", users["operator"])
    client.force_login(users["city_bureau"])
    url = reverse("applications:transition", kwargs={"pk": application.pk, "name": "recommend"})
    response = client.post(url, {"expected_state": "submitted", "recommendation_opinion": "同意"})
    assert response.status_code == 302
    assert "已被处理" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    application.refresh_from_db()
    assert application.state == "returned"
    assert not application.events.exists()


def test_an_unknown_step_or_one_of_another_workflow_is_not_found(users, client):
    application = application_in("submitted", users["operator"])
    client.force_login(users["provincial"])
    for name in ("fly_to_the_moon", "approve_branch", "publish_notice"):
        url = reverse("applications:transition", kwargs={"pk": application.pk, "name": name})
        assert client.get(url).status_code == 404, name
