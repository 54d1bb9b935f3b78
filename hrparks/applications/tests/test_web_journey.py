"""The designation journey as the people do it: through the pages, with the test client."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrparks.applications.models import Application, PanelMember
from hrparks.applications.tests import journey
from hrparks.applications.tests.factories import NOTICE_CONTACT, application_in, objection_on
from hrparks.notifications.models import Notification
from hrparks.notifications.tests.links import assert_every_link_opens
from hrparks.parks.models import Park
from hrparks.policy.registry import get_policy

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(day, hour=10):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


def step(client, user, application, name, **data):
    client.force_login(user)
    application.refresh_from_db()
    url = reverse("applications:transition", kwargs={"pk": application.pk, "name": name})
    assert client.get(url).status_code == 200
    response = client.post(url, {"expected_state": application.state, "confirm": "on", **data})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    application.refresh_from_db()
    return response


def test_the_whole_journey_through_the_pages(park, people, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        journey_through_the_pages(park, people, client)
    operator = people["operator"]
    application = Application.objects.get(park=park)
    told = Notification.objects.filter(recipient=operator, application=application)
    assert told.count() >= 8
    assert any(operator.email in message.to for message in mail.outbox)
    city = Notification.objects.filter(recipient=people["city_bureau"]).values_list("text", flat=True)
    assert any("市级人社部门审核中" in text for text in city)
    # No dead ends: the operator told of the designation opens its park's record, and so on for everyone.
    assert Notification.objects.filter(recipient=operator, link__startswith="/evaluations/parks/").exists()
    assert assert_every_link_opens(client) >= 8


def journey_through_the_pages(park, people, client):
    operator = people["operator"]
    client.force_login(operator)
    with at(datetime.date(2026, 1, 12)):
        response = client.post(reverse("applications:create"), {"park": park.pk, "park_type": "comprehensive"})
        application = Application.objects.get(park=park)
        assert response["Location"] == reverse("applications:detail", kwargs={"pk": application.pk})

        refused = client.post(
            reverse("applications:transition", kwargs={"pk": application.pk, "name": "submit"}),
            {"expected_state": "draft", "confirm": "on"},
        )
        assert refused.status_code == 200 and "第六条（一）1" in str(refused.context["form"].non_field_errors())
        assert 'data-refusal-code="materials_incomplete"' in refused.content.decode()

        for material in get_policy().required_materials:
            client.post(
                reverse("applications:material_upload", kwargs={"pk": application.pk}),
                {"code": material.code, "file": journey.pdf(f"{material.code}.pdf")},
            )
        assert application.materials.count() == 5
        detail = client.get(reverse("applications:detail", kwargs={"pk": application.pk}))
        assert detail.context["report"].policy.id == "jilin-2022"
        assert [a.name for a in detail.context["actions"]] == ["submit", "withdraw"]
        step(client, operator, application, "submit", comment="请审核")
        assert application.state == "submitted"

        client.force_login(people["city_bureau"])
        queue = client.get(reverse("applications:queue"))
        ((queued, deadline),) = queue.context["rows"]
        assert queued == application
        # The city review's service target: 15 working days after Monday 12 January 2026.
        assert deadline.due == datetime.date(2026, 2, 2)
        assert deadline.working_days_left == 15 and not deadline.statutory
        step(client, people["city_bureau"], application, "recommend", recommendation_opinion="同意推荐")
        step(
            client,
            people["city_government"],
            application,
            "forward",
            document_number="长府函〔2026〕3号",
            document_date="2026-01-12",
            city_letter=journey.pdf("市政府申请函.pdf"),
        )
        step(client, people["provincial"], application, "open_evaluation", panel_size=2)
        assert application.state == "evaluating" and application.panel_members.count() == 2

    with at(datetime.date(2026, 1, 21)):
        scores = {f"score_{c.id}": "4" for c in get_policy().criteria}
        for seat in PanelMember.objects.filter(application=application).select_related("expert"):
            client.force_login(seat.expert)
            assert client.get(reverse("applications:queue")).context["rows"][0][0] == application
            response = client.post(
                reverse("applications:review", kwargs={"pk": application.pk}),
                {
                    **scores,
                    "necessity_score": "5",
                    "feasibility_score": "4",
                    "reasonableness_score": "4",
                    "opinion": "同意",
                },
            )
            assert response.status_code == 302
            assert client.get(reverse("applications:queue")).context["rows"] == []
        visit = client.post(
            reverse("applications:site_visit", kwargs={"pk": application.pk}),
            {
                "visited_on": "2026-01-20",
                "participants": "王敏，省人力资源和社会保障厅\n李强, 吉林大学",
                "findings": "场地与材料一致",
            },
        )
        assert visit.status_code == 302
        assert application.site_visits.get().participants == [
            {"name": "王敏", "unit": "省人力资源和社会保障厅"},
            {"name": "李强", "unit": "吉林大学"},
        ]

        step(
            client,
            people["provincial"],
            application,
            "shortlist",
            evaluation_opinion="同意认定",
            **dict.fromkeys(journey.GUIDANCE, "指导意见"),
        )
    with at(datetime.date(2026, 2, 12)):
        client.force_login(people["provincial"])
        published = client.post(
            reverse("applications:recommendation_list"),
            {"title": "拟认定名单公示", "applications": [application.pk], "confirm": "on", **NOTICE_CONTACT},
        )
        assert published.status_code == 302
        notice = application.public_notices.get()
        assert notice.end_date == datetime.date(2026, 2, 26)
        # The telephone and address for objections are on the notice page.
        page = client.get(reverse("applications:notice", kwargs={"pk": notice.pk})).content.decode()
        assert NOTICE_CONTACT["contact_phone"] in page and NOTICE_CONTACT["contact_address"] in page
    with at(datetime.date(2026, 2, 24)):
        client.force_login(people["provincial"])  # sessions last one working day
        recorded = client.post(
            reverse("applications:objection_record", kwargs={"pk": notice.pk}),
            {"application": application.pk, "name": "赵六", "contact": "13700000000", "content": "面积不实"},
        )
        assert "YY20260212-" in " ".join(str(m) for m in get_messages(recorded.wsgi_request))
        objection = application.objections.get()
        client.post(
            reverse("applications:objection_resolve", kwargs={"pk": objection.pk}),
            {"verification": "核对不动产登记，面积属实", "upheld": "no"},
        )
    with at(datetime.date(2026, 2, 26)):
        client.force_login(people["provincial"])
        early = client.post(
            reverse("applications:transition", kwargs={"pk": application.pk, "name": "designate"}),
            {
                "expected_state": "in_notice",
                "confirm": "on",
                "document_number": "吉人社函〔2026〕9号",
                "document_date": "2026-02-26",
                "designated_name": "长春市省级人力资源服务产业园",
            },
        )
        assert early.status_code == 200 and "2026-02-27" in str(early.context["form"].errors)
    with at(datetime.date(2026, 3, 2)):
        client.force_login(people["provincial"])
        form = client.get(reverse("applications:transition", kwargs={"pk": application.pk, "name": "designate"}))
        assert form.context["form"]["designated_name"].initial == "长春市省级人力资源服务产业园"
        step(
            client,
            people["provincial"],
            application,
            "designate",
            document_number="吉人社函〔2026〕9号",
            document_date="2026-03-02",
            designated_name="长春市省级人力资源服务产业园",
        )
    park.refresh_from_db()
    assert park.status == Park.Status.DESIGNATED
    assert application.state == "designated"

    client.force_login(operator)
    page = client.get(reverse("applications:detail", kwargs={"pk": application.pk}))
    timeline = [event.action for event in page.context["timeline"]]
    assert timeline[0] == "created" and timeline[-1] == "designate"
    assert "objection_resolved" in timeline and "site_visit_recorded" in timeline


def test_lists_are_scoped(users, client):
    mine = application_in("submitted", users["operator"])
    draft = application_in("draft", users["operator"])
    client.force_login(users["city_bureau"])
    assert [row[0] for row in client.get(reverse("applications:list")).context["rows"]] == [mine]
    assert client.get(reverse("applications:detail", kwargs={"pk": draft.pk})).status_code == 404
    client.force_login(users["other_city_bureau"])
    assert client.get(reverse("applications:list")).context["rows"] == []
    assert client.get(reverse("applications:detail", kwargs={"pk": mine.pk})).status_code == 404
    client.force_login(users["provincial"])
    assert [row[0] for row in client.get(reverse("applications:list")).context["rows"]] == [mine]
    client.force_login(users["operator"])
    assert {row[0] for row in client.get(reverse("applications:list")).context["rows"]} == {mine, draft}


@pytest.mark.parametrize("url_name", ["applications:list", "applications:queue"])
@pytest.mark.parametrize("state", ["forwarded", "evaluating", "in_notice"])
def test_list_pages_do_not_query_per_row(users, client, django_assert_num_queries, url_name, state):
    application_in(state, users["operator"])
    client.force_login(users["provincial"])
    client.get(reverse(url_name))  # warms the session and the working-day calendar's cache
    with CaptureQueriesContext(connection) as one_row:
        client.get(reverse(url_name))
    for _ in range(4):
        application_in(state, users["operator"])
    with django_assert_num_queries(len(one_row)):
        response = client.get(reverse(url_name))
    assert len(response.context["rows"]) == 5


def test_operator_sees_public_labels_officials_internal_ones(users, client):
    application = application_in("recommended", users["operator"])
    client.force_login(users["operator"])
    assert "市级人社部门已推荐" in client.get(reverse("applications:list")).content.decode()
    client.force_login(users["city_government"])
    assert "已推荐，待市（州）人民政府转报" in client.get(reverse("applications:list")).content.decode()
    assert application.state == "recommended"


def test_return_and_resubmission_through_the_pages(draft, people, client):
    step(client, people["operator"], draft, "submit", comment="请审核")
    step(client, people["city_bureau"], draft, "return_to_applicant", reasons="请补充入驻企业名录")
    assert draft.state == "returned"
    client.force_login(people["operator"])
    assert [a.name for a in client.get(reverse("applications:detail", kwargs={"pk": draft.pk})).context["actions"]] == [
        "submit",
        "withdraw",
    ]
    client.post(
        reverse("applications:material_upload", kwargs={"pk": draft.pk}),
        {"code": "enterprise_list", "file": journey.pdf("名录v2.pdf")},
    )
    assert draft.materials.filter(code="enterprise_list").count() == 2
    step(client, people["operator"], draft, "submit", comment="已补充")
    assert draft.state == "submitted"


def test_refusal_and_reapplication_through_the_pages(park, people, client):
    with at(datetime.date(2026, 4, 30)):
        refused = application_in("evaluating", people["operator"], park=park)
        PanelMember.objects.create(application=refused, expert=people["expert"], reviewed_at="2026-04-29T10:00+08:00")
        journey.site_visit(refused, people, on=datetime.date(2026, 4, 29))
        step(client, people["provincial"], refused, "not_pass", evaluation_opinion="条件不足", rectification="补齐业态")
    assert (refused.state, refused.reapply_from) == ("not_passed", datetime.date(2026, 7, 30))
    for day, status in ((datetime.date(2026, 7, 29), 200), (datetime.date(2026, 7, 30), 302)):
        with at(day):
            client.force_login(people["operator"])
            response = client.post(reverse("applications:create"), {"park": park.pk, "park_type": "comprehensive"})
            assert response.status_code == status
            if status == 200:
                assert "2026-07-30" in str(response.context["form"].errors)


def test_upheld_objection_through_the_pages(users, client):
    application = application_in("in_notice", users["operator"])
    objection = objection_on(application)
    client.force_login(users["provincial"])
    client.post(
        reverse("applications:objection_resolve", kwargs={"pk": objection.pk}),
        {"verification": "实地核查，反映属实", "upheld": "yes"},
    )
    objection.refresh_from_db()
    assert objection.upheld is True
    again = client.post(
        reverse("applications:objection_resolve", kwargs={"pk": objection.pk}),
        {"verification": "改判", "upheld": "no"},
    )
    assert again.status_code == 302
    objection.refresh_from_db()
    assert objection.upheld is True and objection.verification == "实地核查，反映属实"
    step(client, users["provincial"], application, "reevaluate", reasons="异议成立")
    assert application.state == "evaluating"
