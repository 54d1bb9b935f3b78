"""The 政策与规则 page, the waiver page and the checklist partial, as users see them."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from hrparks.parks.tests.factories import eligible_park
from hrparks.policy import services
from hrparks.policy.engine import check_dossier
from hrparks.policy.models import Waiver

from .helpers import application_of, dossier_with, enterprise


def test_the_overview_cites_the_articles_in_chinese(client, users):
    client.force_login(users["expert"])
    page = client.get(reverse("policy:overview")).content.decode()
    assert "吉人社规〔2022〕8号" in page
    assert "第五条（二）" in page and "分园区原则上不超过3个" in page
    assert "原则上" in page
    assert "已入驻或已签入驻协议企业名录" in page
    assert "公示期 5 个工作日" in page
    assert "一次性补助资金 ¥1,000,000.00，" in page  # the money format of every page
    assert "人力资源服务平台" in page
    assert "第十三条（五）" in page and "园区管理及整体运营情况" in page
    assert "2025" in page


def test_the_overview_in_english(client, users):
    client.force_login(users["city_bureau"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("policy:overview"), headers={"accept-language": "en"}).content.decode()
    assert "In principle no more than 3 branch parks" in page
    assert "Public notice: 5 working days" in page


def test_the_example_policy_is_shown_as_an_example(client, users):
    client.force_login(users["provincial"])
    page = client.get(reverse("policy:overview"), {"policy": "example-other-province"}).content.decode()
    assert "不是真实文件" in page
    assert "公示期 7 个工作日" in page
    assert client.get(reverse("policy:overview"), {"policy": "../secret"}).status_code == 404


def test_the_checklist_shows_status_article_figures_and_waiver(jilin):
    dossier = dossier_with(enterprises=[enterprise(index) for index in range(14)], municipal_park_recognized=False)
    report = check_dossier(dossier, jilin, waivers={"operating_agencies": "经研究同意豁免"})
    html = render_to_string("policy/_checklist.html", {"report": report})
    assert 'class="badge border status-waived"' in html
    assert 'class="badge border status-fail"' in html
    assert 'class="badge border status-review"' in html
    assert "经营性人力资源服务机构 14 家 &lt; 15 家" in html
    assert "经研究同意豁免" in html
    assert "第五条（六）" in html
    assert "不符合申报条件" in html


@pytest.fixture
def application(users, changchun):
    park = eligible_park(jurisdiction=changchun)
    users["operator"].parks.add(park)
    return application_of(park, created_by=users["operator"])


@pytest.fixture
def events(monkeypatch):
    recorded = []
    monkeypatch.setattr(services, "record_event", lambda *args, **kwargs: recorded.append(args))
    return recorded


def waive_url(application, criterion_id="operating_agencies"):
    return reverse("policy:waive", kwargs={"application_pk": application.pk, "criterion_id": criterion_id})


def test_the_province_waives_and_revokes_on_the_page(client, users, application, events):
    client.force_login(users["provincial"])
    assert "经营性人力资源服务机构原则上不少于15家" in client.get(waive_url(application)).content.decode()

    response = client.post(waive_url(application), {"reason": "机构数量虽少但质量较高"})
    assert response.status_code == 302
    waiver = Waiver.objects.get(application=application)
    assert waiver.reason == "机构数量虽少但质量较高"
    page = client.get(waive_url(application)).content.decode()
    assert "撤销豁免" in page and "机构数量虽少但质量较高" in page

    client.post(waive_url(application), {"reason": "恢复适用"})
    waiver.refresh_from_db()
    assert waiver.revoked_at is not None
    assert [event[0] for event in events] == ["waiver", "waiver_revoked"]


def test_an_empty_reason_is_refused_with_a_message(client, users, application, events):
    client.force_login(users["provincial"])
    response = client.post(waive_url(application), {"reason": ""})
    assert response.status_code == 200
    assert "该字段是必填项" in response.content.decode()
    assert not Waiver.objects.exists()


def test_a_binding_rule_has_no_waiver_form(client, users, application, events):
    # The materials of 第六条（一） are the one rule of Jilin's policy that is not "原则上".
    client.force_login(users["provincial"])
    page = client.get(waive_url(application, "materials")).content.decode()
    assert "不能豁免" in page
    response = client.post(waive_url(application, "materials"), {"reason": "试图豁免"})
    assert "不是“原则上”条款" in response.content.decode()
    assert 'data-refusal-code="not_waivable"' in response.content.decode()
    assert not Waiver.objects.exists()


def test_an_unknown_criterion_is_not_found(client, users, application):
    client.force_login(users["provincial"])
    assert client.get(waive_url(application, "no_such_rule")).status_code == 404


def test_an_application_of_another_province_is_not_found(client, users, application):
    from hrparks.accounts.models import Role
    from hrparks.accounts.tests.factories import UserFactory
    from hrparks.parks.models import Jurisdiction

    liaoning = Jurisdiction.objects.get(code="210000")  # 辽宁省
    client.force_login(UserFactory(role=Role.PROVINCIAL_BUREAU, jurisdiction=liaoning))
    assert client.get(waive_url(application)).status_code == 404
