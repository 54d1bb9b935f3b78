"""The REST API as a system calling it with a token would see it: scope, roles, errors, services."""

import copy
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from hrparks.applications import workflow
from hrparks.applications.models import Application
from hrparks.applications.tests.factories import NOTICE_CONTACT, application_in, objection_on
from hrparks.audit.models import AuditEntry
from hrparks.parks.dossier import export_dossier
from hrparks.parks.models import Park
from hrparks.parks.tests.factories import eligible_dossier, make_uscc

from .conftest import pointers

pytestmark = pytest.mark.django_db


# --- Tokens, errors ------------------------------------------------------------------------------


def test_a_token_issued_by_the_command_authenticates_as_its_user(users, parks, client):
    out = io.StringIO()
    call_command("api_token", "cc_bureau", stdout=out)
    key = out.getvalue().strip()
    assert Token.objects.get(user=users["city_bureau"]).key == key

    response = client.get(reverse("api:park-list"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [park["name"] for park in response.json()["results"]] == ["长春人力资源服务产业园"]

    call_command("api_token", "cc_bureau", "--rotate", stdout=io.StringIO())
    assert client.get(reverse("api:park-list"), HTTP_AUTHORIZATION=f"Token {key}").status_code == 403


def test_errors_are_json_with_a_pointer_and_a_chinese_message(api, users):
    anonymous = api.get(reverse("api:park-list"))
    assert anonymous.status_code == 403
    assert anonymous.json() == {"errors": [{"pointer": "/", "message": "身份认证信息未提供。", "code": "forbidden"}]}

    bad_filter = api.as_user(users["city_bureau"]).get(reverse("api:park-list"), {"status": "nonsense"})
    assert bad_filter.status_code == 400
    assert bad_filter.json()["errors"] == [
        {"pointer": "/status", "message": "“nonsense” 不是合法选项。", "code": "invalid"}
    ]


def test_a_wrong_role_is_refused_before_the_scope_is_looked_at(api, users, parks):
    """The system administrator manages accounts, not park data: 403, even for a park that exists."""
    response = api.as_user(users["sysadmin"]).get(reverse("api:park-detail", args=[parks["own"].pk]))
    assert response.status_code == 403


# --- Parks ----------------------------------------------------------------------------------------


def test_parks_are_scoped_like_the_park_pages(api, users, parks):
    own, other = parks["own"], parks["other"]
    url = reverse("api:park-detail", args=[other.pk])
    assert api.as_user(users["city_bureau"]).get(url).status_code == 404
    assert api.as_user(users["other_city_bureau"]).get(url).status_code == 200
    assert api.as_user(users["operator"]).get(reverse("api:park-detail", args=[own.pk])).json()["sites"]
    listed = api.as_user(users["provincial"]).get(reverse("api:park-list"), {"q": "吉林"}).json()
    assert [park["id"] for park in listed["results"]] == [other.pk]
    assert listed["results"][0]["jurisdiction"]["name"] == "吉林市"


def test_the_dossier_is_the_exchange_format(api, users, parks):
    response = api.as_user(users["operator"]).get(reverse("api:park-dossier", args=[parks["own"].pk]))
    assert response.json() == export_dossier(parks["own"])


def test_an_editor_replaces_the_park_data_with_a_dossier_and_is_the_audited_actor(api, users, parks):
    park = parks["own"]
    dossier = eligible_dossier(name=park.name)
    response = api.as_user(users["operator"]).put(reverse("api:park-dossier", args=[park.pk]), dossier, format="json")
    assert response.status_code == 200, response.json()
    assert park.enterprises.count() == 16
    entry = AuditEntry.objects.filter(action="dossier_import").latest("seq")
    assert entry.actor == users["operator"]


def test_an_invalid_dossier_is_refused_with_pointers_and_nothing_is_written(api, users, parks):
    park = parks["own"]
    dossier = eligible_dossier(name=park.name)
    dossier["enterprises"][3]["uscc"] = make_uscc(3)[:-1] + ("0" if make_uscc(3)[-1] != "0" else "1")
    del dossier["sites"][0]["address"]
    response = api.as_user(users["city_bureau"]).put(
        reverse("api:park-dossier", args=[park.pk]), dossier, format="json"
    )
    assert response.status_code == 400
    assert pointers(response) == ["/sites/0/address"]  # the schema's errors come first; the rules after
    dossier["sites"][0]["address"] = "示例路1号"
    response = api.as_user(users["city_bureau"]).put(
        reverse("api:park-dossier", args=[park.pk]), dossier, format="json"
    )
    assert pointers(response) == ["/enterprises/3/uscc"]
    assert park.enterprises.count() == 0


def test_only_editors_write_dossiers(api, users, parks):
    dossier = eligible_dossier(name=parks["own"].name)
    url = reverse("api:park-dossier", args=[parks["own"].pk])
    assert api.as_user(users["city_government"]).put(url, dossier, format="json").status_code == 403
    assert api.as_user(users["other_city_bureau"]).put(url, dossier, format="json").status_code == 404
    assert (
        api.as_user(users["city_government"]).post(reverse("api:park-import"), dossier, format="json").status_code
        == 403
    )


def test_a_park_is_created_from_a_dossier_only_in_the_users_jurisdiction(api, users):
    dossier = eligible_dossier(name="新建人力资源服务产业园")
    created = api.as_user(users["city_bureau"]).post(reverse("api:park-import"), dossier, format="json")
    assert created.status_code == 201
    assert Park.objects.get(pk=created.json()["id"]).jurisdiction.name == "长春市"

    elsewhere = api.as_user(users["other_city_bureau"]).post(
        reverse("api:park-import"), eligible_dossier(name="另一个产业园"), format="json"
    )
    assert elsewhere.status_code == 400
    assert pointers(elsewhere) == ["/jurisdiction"]


def test_a_form_post_is_not_taken_for_a_dossier(api, users):
    response = api.as_user(users["city_bureau"]).post(reverse("api:park-import"), {"name": "x"})
    assert response.status_code == 400
    assert pointers(response) == ["/"]


# --- Exports ---------------------------------------------------------------------------------------


def test_the_park_list_exports_within_the_users_scope(api, users, parks):
    client = api.as_user(users["city_bureau"])
    csv_response = client.get(reverse("api:park-export"), {"format": "csv"})
    assert csv_response.status_code == 200
    text = b"".join(csv_response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff园区名称,")
    assert "长春人力资源服务产业园" in text
    assert "吉林人力资源服务产业园" not in text

    xlsx_response = client.get(reverse("api:park-export"), {"format": "xlsx", "q": "长春"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx_response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[1][0] == "长春人力资源服务产业园"
    assert len(rows) == 2

    assert client.get(reverse("api:park-export"), {"format": "pdf"}).status_code == 400


# --- Applications and the workflow ---------------------------------------------------------------


def test_every_step_of_the_workflow_table_is_an_action():
    for wf in workflow.WORKFLOWS.values():
        for transition in wf.transitions:
            url = reverse(f"api:application-{transition.name}", **({} if transition.batch else {"args": [1]}))
            assert url.endswith(f"/{transition.name}/")


def test_a_step_is_taken_through_the_service_with_the_table_s_fields(api, users, parks):
    application = application_in("submitted", users["operator"], park=parks["own"])
    url = reverse("api:application-recommend", args=[application.pk])
    city = api.as_user(users["city_bureau"])

    missing = city.post(url, {"expected_state": "submitted"}, format="json")
    assert missing.status_code == 400
    assert pointers(missing) == ["/recommendation_opinion"]

    done = city.post(url, {"expected_state": "submitted", "recommendation_opinion": "同意推荐"}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["state"] == "recommended"
    assert done.json()["actions"] == []  # the city government forwards next
    assert application.events.filter(action="recommend", actor=users["city_bureau"]).exists()

    again = city.post(url, {"expected_state": "submitted", "recommendation_opinion": "同意"}, format="json")
    assert again.status_code == 409
    assert pointers(again) == ["/expected_state"]


def test_a_step_of_another_role_is_refused_and_another_city_cannot_see_the_application(api, users, parks):
    application = application_in("submitted", users["operator"], park=parks["own"])
    url = reverse("api:application-recommend", args=[application.pk])
    body = {"expected_state": "submitted", "recommendation_opinion": "同意"}
    assert api.as_user(users["operator"]).post(url, body, format="json").status_code == 403
    assert api.as_user(users["other_city_bureau"]).post(url, body, format="json").status_code == 404
    assert Application.objects.get(pk=application.pk).state == "submitted"


def test_the_applicant_sees_the_public_wording_and_officials_the_internal_one(api, users, parks):
    application = application_in("recommended", users["operator"], park=parks["own"])
    url = reverse("api:application-detail", args=[application.pk])
    assert api.as_user(users["operator"]).get(url).json()["state_label"] == "市级人社部门已推荐"
    official = api.as_user(users["city_government"]).get(url).json()
    assert official["state_label"] == "已推荐，待市（州）人民政府转报"
    assert official["actions"] == ["forward", "decline_forward"]
    assert official["deadline"]["statutory"] is False


def test_the_history_lists_every_step(api, users, parks):
    application = application_in("submitted", users["operator"], park=parks["own"])
    api.as_user(users["city_bureau"]).post(
        reverse("api:application-return_to_applicant", args=[application.pk]),
        {"expected_state": "submitted", "reasons": "材料不全"},
        format="json",
    )
    history = api.as_user(users["operator"]).get(reverse("api:application-history", args=[application.pk])).json()
    assert history["count"] == 1
    assert history["results"][0]["action"] == "return_to_applicant"
    assert history["results"][0]["comment"] == "材料不全"


def test_publishing_a_notice_takes_applications_from_the_recommendation_list(api, users, parks):
    shortlisted = application_in("shortlisted", users["operator"], park=parks["own"])
    other = application_in("submitted", users["operator"])
    province = api.as_user(users["provincial"])
    refused = province.post(
        reverse("api:application-publish_notice"),
        {"title": "公示", "applications": [shortlisted.pk, other.pk], **NOTICE_CONTACT},
        format="json",
    )
    assert refused.status_code == 400
    assert pointers(refused) == ["/applications"]

    without_contact = province.post(
        reverse("api:application-publish_notice"),
        {"title": "2026年推荐名单公示", "applications": [shortlisted.pk]},
        format="json",
    )
    assert without_contact.status_code == 400
    assert sorted(pointers(without_contact)) == ["/contact_address", "/contact_phone"]

    published = province.post(
        reverse("api:application-publish_notice"),
        {"title": "2026年推荐名单公示", "applications": [shortlisted.pk], **NOTICE_CONTACT},
        format="json",
    )
    assert published.status_code == 201
    assert [a["id"] for a in published.json()["applications"]] == [shortlisted.pk]
    assert published.json()["contact_phone"] == NOTICE_CONTACT["contact_phone"]
    assert Application.objects.get(pk=shortlisted.pk).state == "in_notice"


# --- Notices and objections --------------------------------------------------------------------------


def test_only_the_province_sees_who_objected(api, users, parks):
    application = application_in("in_notice", users["operator"], park=parks["own"])
    objection = objection_on(application)
    url = reverse("api:objection-detail", args=[objection.pk])
    assert api.as_user(users["provincial"]).get(url).json()["details"]["contact"] == "13800000000"
    seen_by_applicant = api.as_user(users["operator"]).get(url).json()
    assert seen_by_applicant["details"] is None
    assert seen_by_applicant["receipt_number"] == objection.receipt_number


def test_the_province_resolves_an_objection(api, users, parks):
    objection = objection_on(application_in("in_notice", users["operator"], park=parks["own"]))
    url = reverse("api:objection-resolve", args=[objection.pk])
    response = api.as_user(users["provincial"]).post(
        url, {"verification": "经核实不属实", "upheld": False}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["upheld"] is False
    assert (
        api.as_user(users["provincial"]).post(url, {"verification": "再次", "upheld": True}, format="json").status_code
        == 409
    )


# --- Eligibility and working days --------------------------------------------------------------------


def test_the_eligibility_check_returns_the_shared_report(api, users):
    report = api.as_user(users["city_bureau"]).post(reverse("api:eligibility"), eligible_dossier(), format="json")
    assert report.status_code == 200
    body = report.json()
    assert body["policy"] == "jilin-2022"
    assert {criterion["status"] for criterion in body["criteria"]} <= {"pass", "fail", "review", "waived"}
    assert all(criterion["article"].startswith("第") for criterion in body["criteria"])


def test_an_invalid_dossier_or_policy_gets_pointers(api, users):
    client = api.as_user(users["provincial"])
    dossier = copy.deepcopy(eligible_dossier())
    dossier["sites"][0]["floor_area_m2"] = -1
    invalid = client.post(reverse("api:eligibility"), dossier, format="json")
    assert invalid.status_code == 400
    assert pointers(invalid) == ["/sites/0/floor_area_m2"]
    unknown = client.post(reverse("api:eligibility") + "?policy=../../etc/passwd", eligible_dossier(), format="json")
    assert unknown.status_code == 400
    assert pointers(unknown) == ["/policy"]


def test_the_working_day_calculator_knows_the_national_day_holiday(api, users):
    client = api.as_user(users["sysadmin"])
    added = client.get(reverse("api:workdays-add"), {"start": "2025-09-30", "days": 5}).json()
    # 1–8 October 2025 are days off; Saturday 11 October is worked (调休).
    assert added["date"] == "2025-10-14"
    counted = client.get(reverse("api:workdays-count"), {"start": "2025-10-01", "end": "2025-10-31"}).json()
    assert counted["working_days"] == 18
    out_of_range = client.get(reverse("api:workdays-count"), {"start": "1900-01-01", "end": "2025-01-01"})
    assert out_of_range.status_code == 400
    assert pointers(out_of_range) == ["/start"]


def test_lists_cost_the_same_few_queries_however_long_they_are(api, users, parks, django_assert_max_num_queries):
    client = api.as_user(users["provincial"])
    for _ in range(6):
        objection_on(application_in("in_notice", users["operator"]))
    for name in ("api:park-list", "api:application-list", "api:notice-list", "api:objection-list"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200
