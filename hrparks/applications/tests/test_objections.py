"""Objections as the province handles them: the objector's evidence on the page where it decides, and
what the approval says of the notice (第六条（四）)."""

import datetime

import pytest
from django.urls import reverse

from hrparks.applications import services
from hrparks.applications.models import Objection
from hrparks.applications.tests.factories import NOTICE_CONTACT, application_in, attach_evidence, objection_on
from hrparks.documents import contexts
from hrparks.documents.kinds import Format, Kind
from hrparks.documents.services import render_official
from hrparks.documents.tests.reader import docx_text

pytestmark = pytest.mark.django_db


def test_the_province_opens_the_objectors_evidence_where_it_decides(client, users):
    objection = objection_on(application_in("in_notice", users["operator"]))
    attach_evidence(objection, name="现场照片.pdf")
    page_url = reverse("applications:objection_resolve", kwargs={"pk": objection.pk})
    download = reverse("applications:objection_attachment", kwargs={"pk": objection.pk})
    client.force_login(users["provincial"])
    page = client.get(page_url).content.decode()
    assert download in page and "现场照片.pdf" in page
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    for role in ("operator", "city_bureau", "city_government", "expert", "other_city_bureau"):
        client.force_login(users[role])
        assert client.get(download).status_code in (403, 404), role
        detail = client.get(reverse("applications:detail", kwargs={"pk": objection.application.pk}))
        assert download not in detail.content.decode(), role


def test_an_objection_without_evidence_says_so_and_has_nothing_to_download(client, users):
    objection = objection_on(application_in("in_notice", users["operator"]))
    client.force_login(users["provincial"])
    page = client.get(reverse("applications:objection_resolve", kwargs={"pk": objection.pk})).content.decode()
    assert reverse("applications:objection_attachment", kwargs={"pk": objection.pk}) not in page
    assert client.get(reverse("applications:objection_attachment", kwargs={"pk": objection.pk})).status_code == 404


def approval_text(application) -> str:
    application.state = "designated"
    application.approval_document_number = "吉人社函〔2026〕88号"
    application.approval_date = datetime.date(2026, 11, 26)
    return docx_text(render_official(Kind.APPROVAL, Format.DOCX, contexts.approval_context(application)))


def test_the_approval_says_no_objection_only_when_there_was_none(users):
    application = application_in("in_notice", users["operator"])
    text = approval_text(application)
    assert "经评估论证和公示，公示期满无异议。" in text


def test_the_approval_says_that_objections_were_found_unfounded(users):
    application = application_in("in_notice", users["operator"])
    notice = application.public_notices.get()
    for number in ("YY-1", "YY-2"):
        objection = Objection.objects.create(
            notice=notice,
            application=application,
            receipt_number=number,
            name="王五",
            contact="13900000000",
            content="不实",
        )
        services.resolve_objection(objection, verification="经核实不属实", upheld=False, actor=users["provincial"])
    text = approval_text(application)
    assert "公示期间收到异议，经核实不成立。" in text
    assert "无异议" not in text


def test_objections_to_an_earlier_notice_are_not_this_notices(users):
    """After an upheld objection the application goes back to evaluation and a new notice runs; the
    approval speaks of the notice that led to it."""
    application = application_in("in_notice", users["operator"])
    objection_on(application)
    later = application.public_notices.get()
    later.pk = None
    later.published_on += datetime.timedelta(days=30)
    later.save()
    later.applications.add(application)
    assert "公示期满无异议" in approval_text(application)


def test_the_applicants_history_does_not_name_the_objector(client, users):
    application = application_in("in_notice", users["operator"])
    notice = application.public_notices.get()
    objection = services.file_objection(
        notice=notice, application=application, name="异议人孙七", contact="sun7@example.cn", content="异议内容保密"
    )
    attach_evidence(objection, name="孙七的证据.pdf")
    private = ("异议人孙七", "sun7@example.cn", "异议内容保密", "孙七的证据")
    for role in ("operator", "city_bureau", "provincial"):
        client.force_login(users[role])
        for url in (reverse("audit:log"), reverse("audit:log") + "?export=csv"):
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            content = b"".join(response.streaming_content) if response.streaming else response.content
            shown = [value for value in private if value in content.decode()]
            # The record is whole; only the province, which verifies objections, reads who objected.
            assert shown == (list(private) if role == "provincial" else []), (role, url)


def test_the_administrator_does_not_read_who_objected(client, users):
    objection = objection_on(application_in("in_notice", users["operator"]))
    client.force_login(users["sysadmin"])
    # Objections are not in the admin at all (it holds accounts and settings).
    response = client.get(f"/admin/applications/objection/{objection.pk}/change/")
    assert response.status_code == 404
    page = response.content.decode()
    assert [value for value in (objection.name, objection.contact, objection.content) if value in page] == []


def test_the_province_cannot_publish_a_notice_without_somewhere_for_objections_to_go(client, users):
    application = application_in("shortlisted", users["operator"])
    client.force_login(users["provincial"])
    refused = client.post(
        reverse("applications:recommendation_list"),
        {
            "title": "公示",
            "applications": [application.pk],
            "contact_phone": " ",
            "contact_address": "",
            "confirm": "on",
        },
    )
    assert refused.status_code == 200
    assert set(refused.context["form"].errors) == {"contact_phone", "contact_address"}
    application.refresh_from_db()
    assert application.state == "shortlisted"


def test_the_notice_document_prints_the_telephone_and_address_for_objections(users):
    notice = application_in("in_notice", users["operator"]).public_notices.get()
    text = docx_text(render_official(Kind.PUBLIC_NOTICE, Format.DOCX, contexts.public_notice_context(notice)))
    assert f"联系方式：电话 {NOTICE_CONTACT['contact_phone']}；地址 {NOTICE_CONTACT['contact_address']}" in text
