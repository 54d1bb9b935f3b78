"""Irreversible steps say what they will do and need an explicit confirmation, checked on the server:
a POST without it (a script, a browser without JavaScript, a double click on a stale form) changes
nothing."""

import pytest
from django.urls import reverse

from hrparks.applications import workflow
from hrparks.applications.tests.factories import NOTICE_CONTACT, application_in

CONFIRMED = [t for wf in workflow.WORKFLOWS.values() for t in wf.transitions if t.confirm and not t.batch]
ROLE_KEY = {"park_operator": "operator", "city_bureau": "city_bureau", "city_government": "city_government"}


def test_the_irreversible_steps_of_the_issue_ask_for_confirmation():
    names = {t.name for wf in workflow.WORKFLOWS.values() for t in wf.transitions if t.confirm}
    assert {"submit", "publish_notice", "designate", "not_pass", "withdraw"} <= names
    # Steps that send the application on to someone else's review can be undone by that reviewer.
    assert not {"recommend", "return_to_applicant", "open_evaluation"} & names


@pytest.mark.parametrize("transition", CONFIRMED, ids=[t.name for t in CONFIRMED])
def test_a_post_without_the_confirmation_changes_nothing(transition, users, client):
    application = application_in(transition.sources[0], users["operator"])
    role = next(iter(transition.roles))
    client.force_login(users[ROLE_KEY.get(role, "provincial")])
    url = reverse("applications:transition", kwargs={"pk": application.pk, "name": transition.name})
    page = client.get(url).content.decode()
    assert str(transition.confirm) in page
    data = {field.name: "x" for field in transition.fields if field.kind in ("text", "line")}
    response = client.post(url, {"expected_state": application.state, **data})
    assert response.status_code == 200
    assert "确认" in str(response.context["form"].errors["confirm"])
    application.refresh_from_db()
    assert application.state == transition.sources[0]
    assert not application.events.exists()


def test_submitting_says_it_cannot_be_changed_afterwards(users, client):
    application = application_in("draft", users["operator"])
    client.force_login(users["operator"])
    page = client.get(reverse("applications:transition", kwargs={"pk": application.pk, "name": "submit"}))
    assert "提交后" in page.content.decode() and "不能修改" in page.content.decode()


def test_publishing_the_notice_without_confirmation_publishes_nothing(users, client):
    application = application_in("shortlisted", users["operator"])
    client.force_login(users["provincial"])
    page = client.get(reverse("applications:recommendation_list")).content.decode()
    assert "为期5个工作日" in page
    response = client.post(
        reverse("applications:recommendation_list"),
        {"title": "公示", "applications": [application.pk], **NOTICE_CONTACT},
    )
    assert response.status_code == 200 and "confirm" in response.context["form"].errors
    application.refresh_from_db()
    assert application.state == "shortlisted"
    assert not application.public_notices.exists()


def test_the_notice_is_previewed_from_the_data_that_would_be_published_and_nothing_is_published(users, client):
    application = application_in("shortlisted", users["operator"])
    client.force_login(users["provincial"])
    response = client.post(
        reverse("applications:recommendation_list"),
        {"title": "拟认定名单公示", "applications": [application.pk], "preview": "1", **NOTICE_CONTACT},
    )
    assert response.status_code == 200
    preview = response.context["preview"]
    assert application.park.name in preview and NOTICE_CONTACT["contact_phone"] in preview
    assert "5个工作日" in preview
    assert 'id="notice-preview"' in response.content.decode()
    application.refresh_from_db()
    assert application.state == "shortlisted"
    assert not application.public_notices.exists() and not application.events.exists()


def test_the_published_notice_links_its_document(users, client):
    application = application_in("in_notice", users["operator"])
    notice = application.public_notices.get()
    client.force_login(users["provincial"])
    page = client.get(reverse("applications:notice", kwargs={"pk": notice.pk})).content.decode()
    assert reverse("documents:notice", args=[notice.pk, "pdf"]) in page
