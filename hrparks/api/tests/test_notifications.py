"""Every step taken through the API tells the people who act next and the applicant: an inbox entry
for each, and an e-mail (through the task queue) for those who want e-mail."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from hrparks.applications.models import Application
from hrparks.applications.tests.factories import NOTICE_CONTACT
from hrparks.applications.tests.journey import pdf, review_all, site_visit
from hrparks.notifications.models import Notification

pytestmark = pytest.mark.django_db

# 2026: the steps are dated by the travel below; the notice ends 5 working days after publication.
START = datetime.datetime(2026, 3, 2, 2, 0, tzinfo=datetime.UTC)  # Monday 2 March 2026, 10:00 in 长春


def inbox(user):
    return list(Notification.objects.filter(recipient=user).values_list("text", flat=True))


def emailed(user) -> bool:
    return any(user.email in message.to for message in mail.outbox)


@time_machine.travel(START, tick=False)
def test_each_step_notifies_who_acts_next_and_the_applicant(api, people, draft, django_capture_on_commit_callbacks):
    people["city_government"].email_notifications = False
    people["city_government"].save()

    def take(step, actor, **body):
        mail.outbox.clear()
        Notification.objects.all().delete()
        application = Application.objects.get(pk=draft.pk)
        url = reverse(f"api:application-{step}", args=[draft.pk])
        with django_capture_on_commit_callbacks(execute=True):  # the notifications go out once the step commits
            uploads = any(hasattr(value, "read") for value in body.values())
            response = api.as_user(people[actor]).post(
                url, {"expected_state": application.state, **body}, format="multipart" if uploads else "json"
            )
        assert response.status_code == 200, response.json()

    take("submit", "operator", comment="请审核")
    assert inbox(people["city_bureau"]) and emailed(people["city_bureau"])
    assert inbox(people["operator"]) == []  # the actor is not told what they did themselves

    take("recommend", "city_bureau", recommendation_opinion="同意推荐")
    assert inbox(people["city_government"]), "the city government forwards next"
    assert not emailed(people["city_government"]), "it switched e-mail off: inbox only"
    assert inbox(people["operator"]) and emailed(people["operator"])

    take(
        "forward",
        "city_government",
        document_number="长府函〔2026〕3号",
        document_date="2026-03-02",
        city_letter=pdf("市政府申请函.pdf"),
    )
    assert inbox(people["provincial"]) and emailed(people["provincial"])

    take("open_evaluation", "provincial", panel_size=3)
    panel = [member.expert for member in Application.objects.get(pk=draft.pk).panel_members.all()]
    assert all(inbox(expert) and emailed(expert) for expert in panel)

    review_all(Application.objects.get(pk=draft.pk), people)
    site_visit(Application.objects.get(pk=draft.pk), people)
    take(
        "shortlist",
        "provincial",
        evaluation_opinion="评估通过",
        guidance_planning="完善规划",
        guidance_operating_model="专业运营",
        guidance_support_policies="出台政策",
        guidance_safeguards="加强保障",
    )
    assert inbox(people["operator"]) and emailed(people["operator"])

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        published = api.as_user(people["provincial"]).post(
            reverse("api:application-publish_notice"),
            {"title": "推荐名单公示", "applications": [draft.pk], **NOTICE_CONTACT},
            format="json",
        )
    assert published.status_code == 201
    assert emailed(people["operator"])
    end = datetime.date.fromisoformat(published.json()["end_date"])

    with time_machine.travel(
        datetime.datetime.combine(end, datetime.time(2, 0), tzinfo=datetime.UTC) + datetime.timedelta(days=1)
    ):
        day_after = (end + datetime.timedelta(days=1)).isoformat()
        take(
            "designate",
            "provincial",
            document_number="吉人社函〔2026〕8号",
            document_date=day_after,
            designated_name="长春市省级人力资源服务产业园",
        )
    assert any("长春人力资源服务产业园" in text for text in inbox(people["operator"]))
    assert emailed(people["operator"])
