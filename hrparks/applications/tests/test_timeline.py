"""The history of an application, on its page and in the API: every step with its letter, without loading
the snapshot a submission keeps (the whole dossier and its eligibility report)."""

import pytest
from django.urls import reverse

from hrparks.applications.models import ApplicationEvent
from hrparks.applications.tests.factories import application_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(users):
    application = application_in("forwarded", users["operator"])
    big_roster = [{"name": f"企业{i}", "uscc": str(i)} for i in range(200)]
    ApplicationEvent.objects.create(
        application=application,
        action="submit",
        from_state="draft",
        to_state="submitted",
        actor=users["operator"],
        data={"dossier": {"enterprises": big_roster}, "eligibility": {"eligible": True}},
    )
    ApplicationEvent.objects.create(
        application=application,
        action="forward",
        from_state="recommended",
        to_state="forwarded",
        actor=users["city_government"],
        comment="同意转报",
        data={"document_number": "长府函〔2026〕3号", "document_date": "2026-03-02"},
    )
    return application


def test_the_page_shows_each_steps_letter_without_loading_the_snapshots(client, users, application):
    client.force_login(users["city_bureau"])
    page = client.get(reverse("applications:detail", kwargs={"pk": application.pk}))
    assert "长府函〔2026〕3号 · 2026-03-02" in page.content.decode()
    events = list(page.context["timeline"])
    assert [event.action for event in events] == ["submit", "forward"]
    assert all("data" in event.get_deferred_fields() for event in events)
    assert [event.document_number for event in events] == [None, "长府函〔2026〕3号"]


def test_the_api_history_lists_the_steps_as_before(client, users, application):
    client.force_login(users["city_bureau"])
    history = client.get(reverse("api:application-history", args=[application.pk])).json()
    assert [step["action"] for step in history["results"]] == ["submit", "forward"]
    assert set(history["results"][1]) == {
        "id",
        "action",
        "label",
        "from_state",
        "to_state",
        "actor",
        "created_at",
        "comment",
    }
    assert history["results"][1]["comment"] == "同意转报"
