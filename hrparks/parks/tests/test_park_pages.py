"""The park pages as their users see them: scope, filters, the roster, forms and dossier files."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hrparks.applications.models import Application, PanelMember
from hrparks.parks.dossier import export_dossier
from hrparks.parks.models import Enterprise, Park, Site
from hrparks.parks.urls import urlpatterns

from .factories import EnterpriseFactory, ParkFactory, SiteFactory, eligible_dossier, eligible_park, make_uscc

pytestmark = pytest.mark.django_db


@pytest.fixture
def park(users, changchun):
    park = eligible_park(name="长春人力资源服务产业园", jurisdiction=changchun)
    users["operator"].parks.add(park)
    return park


@pytest.fixture
def other_park(jilin_city):
    return eligible_park(name="吉林人力资源服务产业园", jurisdiction=jilin_city)


def login(client, users, role):
    client.force_login(users[role])
    return client


def names(response) -> list[str]:
    return [park.name for park in response.context["page"]]


# --- List ------------------------------------------------------------------------------------------


def test_each_official_lists_only_the_parks_of_its_jurisdiction(client, users, park, other_park):
    assert names(login(client, users, "city_bureau").get(reverse("parks:list"))) == [park.name]
    assert names(login(client, users, "other_city_bureau").get(reverse("parks:list"))) == [other_park.name]
    assert names(login(client, users, "provincial").get(reverse("parks:list"))) == [park.name, other_park.name]


def test_an_expert_lists_only_the_parks_assigned_to_it(client, users, park, other_park):
    assert names(login(client, users, "expert").get(reverse("parks:list"))) == []
    application = Application.objects.create(
        park=other_park,
        park_type=other_park.park_type,
        policy_id="jilin-2022",
        state="evaluation",
        created_by=users["other_city_bureau"],
    )
    PanelMember.objects.create(application=application, expert=users["expert"])
    assert names(client.get(reverse("parks:list"))) == [other_park.name]


def test_the_system_administrator_sees_no_park_pages(client, users, park):
    login(client, users, "sysadmin")
    assert client.get(reverse("parks:list")).status_code == 403
    assert client.get(reverse("parks:detail", args=[park.pk])).status_code == 403


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("park_type=specialized", ["专业性示例园"]),
        ("status=designated", ["已认定示例园"]),
        ("search=专业", ["专业性示例园"]),
        ("jurisdiction={jilin}", ["吉林人力资源服务产业园"]),
        # An invalid filter is ignored (and marked on its field), never a server error.
        ("park_type=nonsense", ["长春人力资源服务产业园", "专业性示例园", "已认定示例园", "吉林人力资源服务产业园"]),
        ("park_type=nonsense&search=专业", ["专业性示例园"]),
    ],
)
def test_the_list_filters(client, users, park, other_park, jilin_city, query, expected):
    ParkFactory(name="专业性示例园", park_type="specialized")
    ParkFactory(name="已认定示例园", status=Park.Status.DESIGNATED)
    response = login(client, users, "provincial").get(reverse("parks:list") + "?" + query.format(jilin=jilin_city.pk))
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(expected)


def test_a_city_bureau_cannot_filter_its_way_into_another_city(client, users, park, other_park, jilin_city):
    response = login(client, users, "city_bureau").get(reverse("parks:list") + f"?jurisdiction={jilin_city.pk}")
    assert names(response) == [park.name]


def test_the_list_is_paginated(client, users):
    ParkFactory.create_batch(30)
    response = login(client, users, "city_bureau").get(reverse("parks:list"))
    assert len(response.context["page"]) == 25
    assert len(client.get(reverse("parks:list") + "?page=2").context["page"]) == 5


def test_the_list_shows_totals(client, users, park):
    SiteFactory(park=park, is_main=False, floor_area_m2=1500.5)
    response = login(client, users, "city_bureau").get(reverse("parks:list"))
    row = response.context["page"][0]
    assert (row.site_count, row.total_floor_area, row.resident_count) == (2, 7500.5, 16)
    assert "7500.50" in response.content.decode()


# --- Detail ----------------------------------------------------------------------------------------


def test_the_detail_page_shows_the_park(client, users, park):
    park.support_policies.create(
        title="关于加快人力资源服务业发展的实施意见",
        issuer="长春市人民政府",
        document_number="长府发〔2022〕3号",
        issued_on=datetime.date(2026, 11, 26),
    )
    park.events.create(title="园区观摩交流会", kind="observation", held_on=datetime.date(2026, 3, 5), participants=80)
    EnterpriseFactory(park=park, status="signed")
    page = login(client, users, "city_government").get(reverse("parks:detail", args=[park.pk])).content.decode()
    for text in [
        "长春人力资源服务产业园",
        "综合性园区",
        "专业化运营公司",
        "就业创业",
        "餐饮",
        "主园区",
        "长府发〔2022〕3号",
        "2026年11月26日",
        "2026年3月5日",
        "观摩学习",
        "16 家已入驻，1 家已签入驻协议",
    ]:
        assert text in page, text
    assert "编辑园区" not in page  # the city government reads only


def test_readers_get_no_edit_links_and_editors_do(client, users, park):
    edit = reverse("parks:edit", args=[park.pk])
    assert edit not in login(client, users, "provincial").get(reverse("parks:detail", args=[park.pk])).content.decode()
    assert edit in login(client, users, "operator").get(reverse("parks:detail", args=[park.pk])).content.decode()


PARK_URLS = [pattern.name for pattern in urlpatterns if "pk" in pattern.pattern.converters]


@pytest.mark.parametrize("role", ["city_bureau", "operator", "city_government"])
def test_another_citys_park_is_not_found_on_every_park_url(client, users, park, other_park, role):
    site = other_park.sites.get()
    policy = other_park.support_policies.create(title="政策", issuer="吉林市人民政府", issued_on="2022-01-01")
    kwargs = {
        "record_add": {"kind": "sites"},
        "record_edit": {"kind": "sites", "record_pk": site.pk},
        "record_delete": {"kind": "sites", "record_pk": site.pk},
        "policy_file": {"record_pk": policy.pk},
    }
    login(client, users, role)
    for name in PARK_URLS:
        url = reverse(f"parks:{name}", kwargs={"pk": other_park.pk, **kwargs.get(name, {})})
        status = (client.get(url).status_code, client.post(url).status_code)
        assert status in {(404, 404), (404, 405), (403, 403), (403, 405)}, (name, status)
        assert role != "city_bureau" or status[0] == 404, name  # may edit parks, just not that one
    assert other_park.sites.count() == 1


def test_the_roster_searches_and_pages_with_htmx(client, users, park):
    EnterpriseFactory(park=park, name="长春测评咨询有限公司", uscc=make_uscc(999))
    login(client, users, "city_bureau")
    partial = client.get(reverse("parks:roster", args=[park.pk]) + "?q=测评咨询", headers={"HX-Request": "true"})
    assert [e.name for e in partial.context["roster"]] == ["长春测评咨询有限公司"]
    assert "<html" not in partial.content.decode()
    by_code = client.get(reverse("parks:roster", args=[park.pk]) + f"?q={make_uscc(999)[:12].lower()}")
    assert [e.name for e in by_code.context["roster"]] == ["长春测评咨询有限公司"]
    first = client.get(reverse("parks:detail", args=[park.pk]))
    assert len(first.context["roster"]) == 17 and first.context["roster"].paginator.num_pages == 1
    EnterpriseFactory.create_batch(5, park=park)
    second = client.get(reverse("parks:roster", args=[park.pk]) + "?page=2")
    assert len(second.context["roster"]) == 2
    assert 'hx-get="/parks/' in first.content.decode()


@pytest.mark.parametrize("query", ["?q=%00", "?page=abc", "?page=99999999999999999999", "?q=" + "长" * 500])
def test_odd_roster_queries_are_harmless(client, users, park, query):
    response = login(client, users, "city_bureau").get(reverse("parks:roster", args=[park.pk]) + query)
    assert response.status_code == 200


def test_odd_list_filters_are_harmless(client, users, park):
    query = "?search=%00&jurisdiction=99999999999999999999&status=x&page=-1"
    assert login(client, users, "provincial").get(reverse("parks:list") + query).status_code == 200


# --- Editing -----------------------------------------------------------------------------------------


def enterprise_form(**changes) -> dict:
    return {"name": "新入驻人力资源公司", "uscc": make_uscc(5000), "status": "resident", "operating": "on", **changes}


def add(client, park, kind, data):
    return client.post(reverse("parks:record_add", kwargs={"pk": park.pk, "kind": kind}), data)


@pytest.mark.parametrize(
    ("uscc", "message"),
    [
        ("911100006000373410", "校验码错误"),
        ("9135010", "长度应为 18 位"),
        ("91350100M000100YI3", "含有不允许的字符：I"),
    ],
)
def test_a_wrong_credit_code_is_a_field_error_with_its_reason(client, users, park, uscc, message):
    response = add(login(client, users, "operator"), park, "enterprises", enterprise_form(uscc=uscc))
    assert response.status_code == 200
    assert message in response.context["form"].errors["uscc"][0]
    assert park.enterprises.count() == 16


def test_a_credit_code_is_accepted_in_lower_case(client, users, park):
    code = make_uscc(5001)
    add(login(client, users, "operator"), park, "enterprises", enterprise_form(uscc=f" {code.lower()} "))
    assert park.enterprises.filter(uscc=code).exists()


def test_a_credit_code_already_in_the_park_is_a_clear_field_error(client, users, park):
    existing = park.enterprises.first()
    response = add(login(client, users, "city_bureau"), park, "enterprises", enterprise_form(uscc=existing.uscc))
    assert response.context["form"].errors["uscc"] == [f"本园区已有使用该统一社会信用代码的企业：{existing.name}。"]


def test_the_same_credit_code_in_another_park_is_fine(client, users, park, other_park):
    add(
        login(client, users, "city_bureau"),
        park,
        "enterprises",
        enterprise_form(uscc=other_park.enterprises.first().uscc),
    )
    assert park.enterprises.count() == 17


@pytest.mark.parametrize("area", ["0", "-10", "abc"])
def test_site_areas_must_be_positive(client, users, park, area):
    response = add(
        login(client, users, "operator"),
        park,
        "sites",
        {"name": "分园区", "address": "示例路9号", "floor_area_m2": area, "usable_area_m2": area},
    )
    assert set(response.context["form"].errors) == {"floor_area_m2", "usable_area_m2"}
    assert park.sites.count() == 1


def test_a_new_main_site_demotes_the_old_one(client, users, park):
    old_main = park.sites.get()
    add(
        login(client, users, "operator"),
        park,
        "sites",
        {"name": "新主园区", "address": "示例路10号", "floor_area_m2": "4000", "is_main": "on"},
    )
    assert [(s.name, s.is_main) for s in park.sites.order_by("sort_order")] == [
        (old_main.name, False),
        ("新主园区", True),
    ]


def test_the_only_main_site_cannot_become_a_branch(client, users, park):
    site = park.sites.get()
    url = reverse("parks:record_edit", kwargs={"pk": park.pk, "kind": "sites", "record_pk": site.pk})
    response = login(client, users, "operator").post(
        url, {"name": site.name, "address": site.address, "floor_area_m2": "6000"}
    )
    assert "一个主园区" in response.context["form"].errors["is_main"][0]
    assert Site.objects.get(pk=site.pk).is_main


def test_the_main_site_cannot_be_deleted_while_there_are_branches(client, users, park):
    main = park.sites.get()
    SiteFactory(park=park, is_main=False)
    url = reverse("parks:record_delete", kwargs={"pk": park.pk, "kind": "sites", "record_pk": main.pk})
    response = login(client, users, "operator").post(url)
    assert "主园区" in response.context["error"]
    assert park.sites.count() == 2


def test_a_city_bureau_edits_a_park_of_its_city(client, users, park):
    url = reverse("parks:edit", args=[park.pk])
    data = {
        "name": "长春人力资源服务产业园（南区）",
        "park_type": "specialized",
        "location_kind": "national_new_area",
        "management_body_kind": "park_committee",
        "management_body_name": "园区管委会",
        "staff_count": "0",
        "public_services": ["social_security", "employment_entrepreneurship"],
    }
    assert login(client, users, "city_bureau").post(url, data).status_code == 302
    park.refresh_from_db()
    assert (park.name, park.park_type, park.public_services) == (
        data["name"],
        "specialized",
        ["employment_entrepreneurship", "social_security"],
    )
    assert park.jurisdiction.name == "长春市"


def test_a_park_cannot_be_renamed_to_another_parks_name(client, users, park):
    ParkFactory(name="已有的产业园")
    data = {
        **{
            k: getattr(park, k)
            for k in ["park_type", "location_kind", "management_body_kind", "management_body_name", "staff_count"]
        },
        "name": "已有的产业园",
    }
    response = login(client, users, "operator").post(reverse("parks:edit", args=[park.pk]), data)
    assert response.context["form"].errors["name"] == ["长春市已有同名园区。"]


@pytest.mark.parametrize("role", ["provincial", "city_government", "expert"])
def test_readers_may_not_edit(client, users, park, role):
    login(client, users, role)
    assert client.get(reverse("parks:edit", args=[park.pk])).status_code == 403
    assert add(client, park, "enterprises", enterprise_form()).status_code == 403
    assert park.enterprises.count() == 16


def park_form(jurisdiction, **changes) -> dict:
    return {
        "name": "新建产业园",
        "jurisdiction": jurisdiction.pk,
        "park_type": "comprehensive",
        "location_kind": "prefecture_city",
        "management_body_kind": "operating_company",
        "management_body_name": "运营公司",
        "staff_count": "5",
        **changes,
    }


def test_a_city_bureau_creates_a_park_in_its_own_city_only(client, users, changchun, jilin_city):
    login(client, users, "city_bureau")
    response = client.post(reverse("parks:create"), park_form(jilin_city))
    assert "jurisdiction" in response.context["form"].errors
    assert client.post(reverse("parks:create"), park_form(changchun)).status_code == 302
    assert Park.objects.get().jurisdiction == changchun


def test_an_operator_who_creates_a_park_operates_it(client, users, changchun):
    login(client, users, "operator").post(reverse("parks:create"), park_form(changchun))
    park = Park.objects.get()
    assert list(park.operators.all()) == [users["operator"]]
    assert client.get(reverse("parks:detail", args=[park.pk])).status_code == 200


def test_a_duplicate_park_name_is_a_form_error(client, users, park, changchun):
    response = login(client, users, "city_bureau").post(reverse("parks:create"), park_form(changchun, name=park.name))
    assert response.status_code == 200
    assert "已存在同名园区" in str(response.context["form"].errors)


# --- Dossier files on the web -------------------------------------------------------------------------


def upload(content: bytes, name="dossier.json"):
    return {"file": SimpleUploadedFile(name, content, content_type="application/json")}


def as_json(dossier) -> bytes:
    return json.dumps(dossier, ensure_ascii=False).encode()


def test_download_gives_the_exported_dossier(client, users, park):
    response = login(client, users, "provincial").get(reverse("parks:dossier", args=[park.pk]))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content) == export_dossier(park)


def test_an_upload_on_a_park_replaces_its_data(client, users, park):
    dossier = eligible_dossier(name=park.name, enterprises=eligible_dossier()["enterprises"][:15])
    response = login(client, users, "operator").post(
        reverse("parks:dossier_upload", args=[park.pk]), upload(as_json(dossier))
    )
    assert response.status_code == 302
    assert export_dossier(Park.objects.get(pk=park.pk)) == dossier


def test_a_rejected_upload_lists_the_errors_and_writes_nothing(client, users, park):
    before = export_dossier(park)
    dossier = eligible_dossier(name=park.name)
    dossier["enterprises"][3]["uscc"] = "911100006000373410"
    dossier["enterprises"][4]["uscc"] = dossier["enterprises"][0]["uscc"]
    response = login(client, users, "operator").post(
        reverse("parks:dossier_upload", args=[park.pk]), upload(as_json(dossier))
    )
    page = response.content.decode()
    assert "<code>/enterprises/3/uscc</code>: 校验码错误" in page
    assert "<code>/enterprises/4/uscc</code>: 统一社会信用代码重复" in page
    assert export_dossier(park) == before


def test_an_upload_that_is_not_json_is_refused_clearly(client, users, park):
    before = export_dossier(park)
    response = login(client, users, "operator").post(
        reverse("parks:dossier_upload", args=[park.pk]), upload(b"%PDF-1.7 ...", name="policy.pdf")
    )
    assert response.context["form"].errors["file"][0].startswith("不是可读取的 UTF-8 JSON 文件")
    assert export_dossier(park) == before


def test_an_upload_over_the_size_limit_is_refused(client, users, park, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    response = login(client, users, "operator").post(
        reverse("parks:dossier_upload", args=[park.pk]), upload(as_json(eligible_dossier(name=park.name)))
    )
    assert "文件过大" in response.context["form"].errors["file"][0]
    assert park.enterprises.count() == 16


def test_importing_from_the_list_creates_a_park_in_the_users_city(client, users):
    login(client, users, "city_bureau")
    rejected = client.post(reverse("parks:import"), upload(as_json(eligible_dossier(jurisdiction="吉林市"))))
    assert "<code>/jurisdiction</code>: 您无权在该辖区创建园区" in rejected.content.decode()
    assert Park.objects.count() == 0
    created = client.post(reverse("parks:import"), upload(as_json(eligible_dossier())))
    park = Park.objects.get()
    assert created["Location"] == reverse("parks:detail", args=[park.pk])
    assert Enterprise.objects.filter(park=park).count() == 16


# --- Support policy documents (附件 5) ----------------------------------------------------------------


def policy_form(upload) -> dict:
    return {
        "title": "关于促进人力资源服务业发展的意见",
        "issuer": "长春市人民政府",
        "issued_on": "2022-06-30",
        "file": upload,
    }


def test_a_support_policy_document_is_uploaded_and_served_in_scope(client, users, park, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    add(login(client, users, "operator"), park, "policies", policy_form(SimpleUploadedFile("意见.pdf", pdf)))
    policy = park.support_policies.get()
    url = reverse("parks:policy_file", kwargs={"pk": park.pk, "record_pk": policy.pk})
    assert b"".join(login(client, users, "city_government").get(url).streaming_content) == pdf
    assert login(client, users, "other_city_bureau").get(url).status_code == 404


def test_a_support_policy_document_must_be_a_document(client, users, park, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("policy.pdf", b"MZ\x90\x00 not a pdf")
    response = add(login(client, users, "operator"), park, "policies", policy_form(upload))
    assert "file" in response.context["form"].errors
    assert not park.support_policies.exists()


def test_a_lost_document_is_not_found(client, users, park):
    policy = park.support_policies.create(
        title="政策", issuer="长春市人民政府", issued_on="2022-01-01", file="gone.pdf"
    )
    url = reverse("parks:policy_file", kwargs={"pk": park.pk, "record_pk": policy.pk})
    assert login(client, users, "operator").get(url).status_code == 404


def test_a_parks_first_site_is_offered_as_the_main_park(client, users, changchun):
    park = ParkFactory(jurisdiction=changchun)
    users["operator"].parks.add(park)
    form = login(client, users, "operator").get(reverse("parks:record_add", args=[park.pk, "sites"])).context["form"]
    assert form["is_main"].value() is True


def test_detail_page_shows_the_live_eligibility_checklist(client, users, changchun):
    """第五条（三）: 14 operating agencies are one short of 15; the page says so with the figures."""
    from .factories import EnterpriseFactory, ParkFactory, SiteFactory

    park = ParkFactory(jurisdiction=changchun)
    SiteFactory(park=park, floor_area_m2=4000.0)
    for index in range(14):
        EnterpriseFactory(park=park, business_formats=[["hr_outsourcing", "training"][index % 2]])
    client.force_login(users["city_bureau"])
    page = client.get(reverse("parks:detail", kwargs={"pk": park.pk})).content.decode()
    assert "第五条（三）" in page
    assert "14 家 &lt; 15 家" in page or "14 家 < 15 家" in page
    assert "4,000 m²" in page
