"""The whole designation journey through the service layer: the happy path across the 2026 Spring
Festival, and every way back: return, refusal, re-application, objections."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from hrparks.applications import services
from hrparks.applications.models import Application, Objection
from hrparks.applications.tests import journey
from hrparks.applications.tests.factories import NOTICE_CONTACT
from hrparks.audit.models import AuditEntry
from hrparks.core.refusals import Refusal, refusal_code
from hrparks.parks.models import Park

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(day: datetime.date, hour=10):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


def publish(application, people, on):
    with at(on):
        return services.publish_recommendation_list(
            applications=[application],
            title="2026年省级人力资源服务产业园拟认定名单公示",
            actor=people["provincial"],
            **NOTICE_CONTACT,
        )


def test_happy_path_across_the_spring_festival(draft, people):
    with at(datetime.date(2026, 1, 20)):
        journey.to_shortlisted(draft, people)
    # Published on Thursday 12 February 2026: day 1 is Friday the 13th, day 2 the make-up working
    # Saturday the 14th, then the holiday (15–23 February); days 3–5 are 24–26 February.
    notice = publish(draft, people, datetime.date(2026, 2, 12))
    assert (notice.start_date, notice.end_date) == (datetime.date(2026, 2, 13), datetime.date(2026, 2, 26))
    draft.refresh_from_db()
    assert draft.state == "in_notice"

    with at(datetime.date(2026, 2, 26)), pytest.raises(ValidationError, match="2026-02-27"):
        journey.designate(draft, people, on=datetime.date(2026, 2, 26))
    with at(datetime.date(2026, 2, 27)):
        journey.designate(draft, people, on=datetime.date(2026, 2, 27))

    draft.refresh_from_db()
    park = Park.objects.get(pk=draft.park_id)
    assert draft.state == "designated"
    assert park.status == Park.Status.DESIGNATED
    assert park.designated_name == "长春市省级人力资源服务产业园"
    assert park.designation_document_number == "吉人社函〔2026〕8号"
    assert park.designated_on == datetime.date(2026, 2, 27)
    history = park.status_changes.get()  # the park lifecycle keeps the designation as its first step
    assert (history.from_status, history.to_status) == ("not_designated", "designated")
    assert history.document_number == "吉人社函〔2026〕8号"
    assert draft.subsidy.amount == Decimal("1000000.00")
    steps = list(draft.events.values_list("action", flat=True))
    for name in (
        "created",
        "submit",
        "recommend",
        "forward",
        "open_evaluation",
        "shortlist",
        "publish_notice",
        "designate",
    ):
        assert name in steps
    assert AuditEntry.objects.filter(action="application.designate", object_id=str(draft.pk)).exists()
    assert AuditEntry.objects.filter(object_id=str(park.pk), changes__has_key="status").exists()


def test_submission_keeps_the_dossier_and_eligibility_of_that_moment(draft, people):
    journey.submit(draft, people)
    event = draft.events.get(action="submit")
    assert event.data["dossier"]["name"] == draft.park.name
    assert event.data["eligibility"]["policy"] == "jilin-2022"
    assert event.from_state == "draft" and event.to_state == "submitted" and event.actor == people["operator"]


def test_submitting_without_a_required_material_lists_what_is_missing(park, people):
    application = services.start_application(park=park, park_type="comprehensive", actor=people["operator"])
    services.upload_material(application, code="application_request", upload=journey.pdf(), actor=people["operator"])
    with pytest.raises(ValidationError) as refused:
        journey.submit(application, people)
    message = str(refused.value)
    assert "产业园区建设可行性论证报告和建设发展规划（第六条（一）2）" in message
    assert "已入驻或已签入驻协议企业名录（第六条（一）5）" in message
    assert "申报请示" not in message
    application.refresh_from_db()
    assert application.state == "draft"
    assert not application.events.filter(action="submit").exists()


def test_a_new_upload_is_a_new_version_and_the_old_one_is_kept(draft, people):
    again = services.upload_material(
        draft, code="feasibility_report", upload=journey.pdf("v2.pdf"), actor=people["operator"]
    )
    assert again.version == 2
    assert list(draft.materials.filter(code="feasibility_report").values_list("version", flat=True)) == [2, 1]


def test_returned_application_is_revised_and_resubmitted_with_history_kept(draft, people):
    journey.submit(draft, people)
    journey.step(draft, "return_to_applicant", people["city_bureau"], reasons="请补充扶持政策文件")
    draft.refresh_from_db()
    assert draft.state == "returned"
    services.upload_material(draft, code="support_policies", upload=journey.pdf(), actor=people["operator"])
    journey.submit(draft, people)
    journey.recommend(draft, people)
    history = list(draft.events.exclude(action="material_uploaded").values_list("action", "comment"))
    assert history[-4:] == [
        ("submit", "请审核"),
        ("return_to_applicant", "请补充扶持政策文件"),
        ("submit", "请审核"),
        ("recommend", ""),
    ]
    draft.refresh_from_db()
    assert draft.recommendation_opinion == "材料齐全，同意推荐"


def test_materials_cannot_change_after_submission(draft, people):
    journey.submit(draft, people)
    with pytest.raises(services.AlreadyHandled):
        services.upload_material(draft, code="other", upload=journey.pdf(), actor=people["operator"])


def test_one_open_application_per_park(draft, people):
    with pytest.raises(ValidationError, match="已有"):
        services.start_application(park=draft.park, park_type="comprehensive", actor=people["operator"])
    journey.step(draft, "withdraw", people["operator"])
    assert (
        services.start_application(park=draft.park, park_type="comprehensive", actor=people["operator"]).state
        == "draft"
    )


def test_refusal_records_rectification_and_blocks_reapplying_for_three_months(draft, people):
    with at(datetime.date(2026, 5, 29)):
        journey.submit(draft, people)
        journey.recommend(draft, people)
        journey.forward(draft, people, on=datetime.date(2026, 5, 29))
        journey.open_evaluation(draft, people)
        journey.review_all(draft, people)
        journey.not_pass(draft, people)
    draft.refresh_from_db()
    assert draft.state == "not_passed"
    assert draft.rectification == "补齐业态"
    assert draft.refusal_document_number == ""  # optional: the letter may be numbered later
    assert draft.decided_on == datetime.date(2026, 5, 29)
    assert draft.reapply_from == datetime.date(2026, 8, 29)

    with at(datetime.date(2026, 8, 28)), pytest.raises(ValidationError, match="2026-08-29"):
        services.start_application(park=draft.park, park_type="comprehensive", actor=people["operator"])
    with at(datetime.date(2026, 8, 29)):
        again = services.start_application(park=draft.park, park_type="comprehensive", actor=people["operator"])
    assert again.state == "draft"


def test_submitting_is_refused_within_the_wait_too(draft, people):
    """A refusal recorded while a draft was being prepared still holds the submission back."""
    Application.objects.create(
        park=draft.park,
        park_type="comprehensive",
        policy_id="jilin-2022",
        state="not_passed",
        created_by=people["operator"],
        decided_on=datetime.date(2026, 3, 31),
        reapply_from=datetime.date(2026, 6, 30),
    )
    with at(datetime.date(2026, 6, 29)), pytest.raises(ValidationError, match="2026-06-30"):
        journey.submit(draft, people)
    with at(datetime.date(2026, 6, 30)):
        journey.submit(draft, people)


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    assert services.add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    assert services.add_months(datetime.date(2027, 11, 30), 3) == datetime.date(2028, 2, 29)
    assert services.add_months(datetime.date(2026, 1, 15), 3) == datetime.date(2026, 4, 15)


def in_notice(draft, people, on=datetime.date(2026, 3, 2)):
    with at(on - datetime.timedelta(days=10)):
        journey.to_shortlisted(draft, people)
    return publish(draft, people, on)


def test_objection_during_the_notice_gets_a_receipt_and_blocks_designation_until_verified(draft, people):
    notice = in_notice(draft, people)  # Monday 2 March 2026: runs 3–9 March
    assert notice.end_date == datetime.date(2026, 3, 9)
    with at(datetime.date(2026, 3, 5)):
        objection = services.file_objection(
            notice=notice, application=draft, name="王五", contact="13900000000", content="入驻机构数量不实"
        )
    assert objection.receipt_number.startswith("YY20260302-")
    with at(datetime.date(2026, 3, 10)), pytest.raises(ValidationError, match="尚未核实"):
        journey.designate(draft, people, on=datetime.date(2026, 3, 10))
    services.resolve_objection(
        objection, verification="实地核查，机构数量属实", upheld=False, actor=people["provincial"]
    )
    with at(datetime.date(2026, 3, 10)):
        journey.designate(draft, people, on=datetime.date(2026, 3, 10))
    draft.refresh_from_db()
    assert draft.state == "designated"


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (datetime.date(2026, 3, 1), r"2026-03-03.*2026-03-09"),
        # The day of publication is not yet the notice's first day.
        (datetime.date(2026, 3, 2), r"2026-03-03.*2026-03-09"),
        (datetime.date(2026, 3, 10), r"2026-03-09"),
    ],
)
def test_objections_outside_the_notice_are_refused(draft, people, day, message):
    notice = in_notice(draft, people)  # published Monday 2 March 2026, runs 3–9 March
    with at(day), pytest.raises(ValidationError, match=message) as refused:
        services.file_objection(notice=notice, application=draft, name="王五", contact="13900000000", content="异议")
    assert refusal_code(refused.value) == Refusal.WRONG_STATE
    assert not Objection.objects.exists()


@pytest.mark.parametrize("day", [datetime.date(2026, 3, 3), datetime.date(2026, 3, 7), datetime.date(2026, 3, 9)])
def test_objections_are_taken_from_the_first_to_the_last_day(draft, people, day):
    notice = in_notice(draft, people)
    with at(day, hour=23):
        services.file_objection(notice=notice, application=draft, name="王五", contact="13900000000", content="异议")
    assert Objection.objects.filter(notice=notice).count() == 1


@pytest.mark.parametrize(
    ("contact", "stored"),
    [
        ("13900000000", "13900000000"),
        (" 0431-88888888 ", "0431-88888888"),
        ("wang.wu@example.cn", "wang.wu@example.cn"),
    ],
)
def test_a_contact_is_a_mobile_a_landline_or_an_e_mail_address(draft, people, contact, stored):
    notice = in_notice(draft, people)
    with at(datetime.date(2026, 3, 4)):
        filed = services.file_objection(notice=notice, application=draft, name="王五", contact=contact, content="异议")
    filed.refresh_from_db()
    assert filed.contact == stored


@pytest.mark.parametrize("contact", ["139", "12900000000", "88888888", "wang@", "<script>@x", "1390000000012"])
def test_an_unreachable_contact_is_refused(draft, people, contact):
    notice = in_notice(draft, people)
    with at(datetime.date(2026, 3, 4)), pytest.raises(ValidationError) as refused:
        services.file_objection(notice=notice, application=draft, name="王五", contact=contact, content="异议")
    assert set(refused.value.error_dict) == {"contact"}
    assert not Objection.objects.exists()


def test_an_objectors_name_loses_invisible_characters(draft, people):
    notice = in_notice(draft, people)
    with at(datetime.date(2026, 3, 4)):
        filed = services.file_objection(
            notice=notice, application=draft, name="\u202e王\u200b五\ufeff", contact="13900000000", content="异议"
        )
        with pytest.raises(ValidationError) as refused:
            services.file_objection(
                notice=notice, application=draft, name="\u200b\u2066", contact="13900000000", content="异议"
            )
    filed.refresh_from_db()
    assert filed.name == "王五"
    assert set(refused.value.error_dict) == {"name"}


def test_objection_without_name_or_contact_is_refused_by_field(draft, people):
    notice = in_notice(draft, people)
    with at(datetime.date(2026, 3, 3)), pytest.raises(ValidationError) as refused:
        services.file_objection(notice=notice, application=draft, name=" ", contact="", content="异议")
    assert set(refused.value.error_dict) == {"name", "contact"}


def test_upheld_objection_sends_the_application_back_to_evaluation(draft, people):
    notice = in_notice(draft, people)
    with at(datetime.date(2026, 3, 4)):
        objection = services.file_objection(
            notice=notice, application=draft, name="王五", contact="13900000000", content="不实"
        )
    services.resolve_objection(objection, verification="核查属实", upheld=True, actor=people["provincial"])
    with at(datetime.date(2026, 3, 10)), pytest.raises(ValidationError, match="成立"):
        journey.designate(draft, people, on=datetime.date(2026, 3, 10))
    journey.step(draft, "reevaluate", people["provincial"], reasons="异议成立，重新评估")
    draft.refresh_from_db()
    assert draft.state == "evaluating"
    with pytest.raises(ValidationError, match="等待"):
        journey.shortlist(draft, people)  # every expert reviews again
    journey.review_all(draft, people)
    journey.shortlist(draft, people)
    second = publish(draft, people, datetime.date(2026, 3, 16))
    with at(datetime.date(2026, 3, 24)):
        journey.designate(draft, people, on=datetime.date(2026, 3, 24))
    draft.refresh_from_db()
    assert draft.state == "designated"
    assert draft.public_notices.count() == 2 and second.end_date == datetime.date(2026, 3, 23)


def test_upheld_objection_can_end_in_refusal(draft, people):
    notice = in_notice(draft, people)
    with at(datetime.date(2026, 3, 4)):
        objection = services.file_objection(
            notice=notice, application=draft, name="王五", contact="13900000000", content="不实"
        )
        services.resolve_objection(objection, verification="核查属实", upheld=True, actor=people["provincial"])
        journey.step(
            draft,
            "refuse_after_objection",
            people["provincial"],
            reasons="异议成立",
            rectification="如实填报",
            document_number=" 吉人社函〔2026〕9号 ",
        )
    draft.refresh_from_db()
    assert (draft.state, draft.reapply_from) == ("not_passed", datetime.date(2026, 6, 4))
    # The refusal letter prints the number it was given (第六条（四）).
    assert draft.refusal_document_number == "吉人社函〔2026〕9号"


def test_reevaluation_needs_an_upheld_objection(draft, people):
    in_notice(draft, people)
    with pytest.raises(ValidationError, match="没有"):
        journey.step(draft, "reevaluate", people["provincial"], reasons="重新评估")


def test_required_fields_of_a_transition_are_named(draft, people):
    journey.submit(draft, people)
    with pytest.raises(ValidationError) as refused:
        journey.step(draft, "return_to_applicant", people["city_bureau"], reasons="  ")
    assert list(refused.value.error_dict) == ["reasons"]
    draft.refresh_from_db()
    assert draft.state == "submitted"


def city_letter():
    return {"document_date": datetime.date(2026, 1, 5), "city_letter": journey.pdf("市政府申请函.pdf")}


def test_a_document_number_fits_its_column_or_is_refused_by_name(draft, people):
    journey.submit(draft, people)
    journey.recommend(draft, people)
    with at(datetime.date(2026, 1, 5)):
        with pytest.raises(ValidationError) as refused:
            journey.step(draft, "forward", people["city_government"], document_number="号" * 101, **city_letter())
        assert list(refused.value.error_dict) == ["document_number"]
        draft.refresh_from_db()
        assert draft.state == "recommended"
        journey.step(draft, "forward", people["city_government"], document_number="号" * 100, **city_letter())
    draft.refresh_from_db()
    assert (draft.state, len(draft.request_document_number)) == ("forwarded", 100)


def test_forwarding_letter_cannot_be_dated_in_the_future(draft, people):
    journey.submit(draft, people)
    journey.recommend(draft, people)
    with at(datetime.date(2026, 1, 5)), pytest.raises(ValidationError) as refused:
        journey.forward(draft, people, on=datetime.date(2026, 1, 6))
    assert "document_date" in refused.value.error_dict
