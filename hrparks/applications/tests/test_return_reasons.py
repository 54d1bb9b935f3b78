"""The reasons of a return reach the applicant: in the notification and at the top of the decisions
on the application page, not only at the bottom of the history."""

from django.urls import reverse

from hrparks.applications import services
from hrparks.applications.tests.factories import application_in
from hrparks.notifications.models import Notification


def test_the_return_reasons_are_in_the_notification_and_the_decisions(
    users, client, django_capture_on_commit_callbacks
):
    application = application_in("submitted", users["operator"])
    with django_capture_on_commit_callbacks(execute=True):
        services.perform_transition(
            application,
            "return_to_applicant",
            actor=users["city_bureau"],
            expected_state="submitted",
            data={"reasons": "缺少营业执照副本"},
        )
    told = Notification.objects.get(recipient=users["operator"], application=application)
    assert "缺少营业执照副本" in told.text and "理由" in told.text

    client.force_login(users["operator"])
    url = reverse("applications:detail", kwargs={"pk": application.pk})
    page = client.get(url).content.decode()
    decisions = page.split('id="return-reasons"')[1].split("</dd>")[0]
    assert "缺少营业执照副本" in decisions


def test_a_step_without_reasons_shows_none(users, client, django_capture_on_commit_callbacks):
    application = application_in("submitted", users["operator"])
    with django_capture_on_commit_callbacks(execute=True):
        services.perform_transition(
            application,
            "recommend",
            actor=users["city_bureau"],
            expected_state="submitted",
            data={"recommendation_opinion": "同意推荐"},
        )
    assert all("理由" not in n.text for n in Notification.objects.filter(application=application))
    client.force_login(users["operator"])
    page = client.get(reverse("applications:detail", kwargs={"pk": application.pk})).content.decode()
    assert 'id="return-reasons"' not in page
