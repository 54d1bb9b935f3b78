"""The pages as their users meet them: filling in, bad input, attachments, scope."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.applications.tests.factories import application_in, material_of
from hrparks.evaluations.models import EvaluationRound, ExpertSeat, ParkAssessment, RoundKind, SelfEvaluation
from hrparks.parks.tests.factories import ParkFactory

from .factories import PDF_BYTES, default_template, designate, make_round

ITEMS = [
    "compliance",
    "support_policies_delivered",
    "provincial_priorities",
    "social_economic_benefit",
    "management_operation",
]


@pytest.fixture
def evaluation(users, changchun):
    park = ParkFactory(name="长春示例园区", jurisdiction=changchun)
    designate(park)
    evaluation_round = make_round(changchun.province)
    return SelfEvaluation.objects.create(round=evaluation_round, park=park, due_date=evaluation_round.due_date)


def url(name, obj):
    return reverse(f"evaluations:{name}", kwargs={"pk": obj.pk})


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def complete_form(**overrides):
    data = {
        "resident_agencies": "30",
        "revenue_cny": "98000000.50",
        "people_served": "15000",
        "jobs_created": "1800",
        "events_held": "9",
        "support_funds_paid_cny": "2000000",
        "proposed_grade": "qualified",
    }
    data |= {f"item_{code}": f"{code} 的情况说明" for code in ITEMS}
    return data | overrides


def test_city_bureau_fills_in_submits_and_the_province_returns_then_accepts(client, users, evaluation):
    client.force_login(users["city_bureau"])
    page = client.get(url("self_evaluation", evaluation)).content.decode()
    assert "第十三条（一）" in page and "第十三条（五）" in page

    client.post(url("self_evaluation", evaluation), complete_form(item_compliance="", events_held=""))
    response = client.post(url("self_evaluation_submit", evaluation))
    assert response.status_code == 302
    refusal = messages_of(response)[-1]
    assert "第十三条（一）" in refusal and str(SelfEvaluation._meta.get_field("events_held").verbose_name) in refusal
    evaluation.refresh_from_db()
    assert evaluation.status == "draft"

    client.post(url("self_evaluation", evaluation), complete_form())
    client.post(url("self_evaluation_submit", evaluation))
    evaluation.refresh_from_db()
    assert evaluation.status == "submitted" and evaluation.revenue_cny == Decimal("98000000.50")
    # Submitted: the city can no longer change it.
    client.post(url("self_evaluation", evaluation), complete_form(people_served="1"))
    evaluation.refresh_from_db()
    assert evaluation.people_served == 15000

    client.force_login(users["provincial"])
    response = client.post(url("self_evaluation_review", evaluation), {"decision": "return", "comment": ""})
    assert any("revised" in m or "修改" in m for m in messages_of(response))
    evaluation.refresh_from_db()
    assert evaluation.status == "submitted"
    client.post(url("self_evaluation_review", evaluation), {"decision": "return", "comment": "请补充就业数据来源。"})
    evaluation.refresh_from_db()
    assert evaluation.status == "returned"

    client.force_login(users["city_bureau"])
    assert "请补充就业数据来源。" in client.get(url("self_evaluation", evaluation)).content.decode()
    client.post(url("self_evaluation", evaluation), complete_form(jobs_created="1900"))
    client.post(url("self_evaluation_submit", evaluation))
    client.force_login(users["provincial"])
    client.post(url("self_evaluation_review", evaluation), {"decision": "accept", "comment": ""})
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.jobs_created, evaluation.confirmed_grade) == ("accepted", 1900, "qualified")


@pytest.mark.parametrize(
    ("field", "value"),
    [("revenue_cny", "-1"), ("people_served", "-5"), ("jobs_created", "很多"), ("support_funds_paid_cny", "1e400")],
)
def test_bad_figures_are_refused_at_their_field(client, users, evaluation, field, value):
    client.force_login(users["city_bureau"])
    response = client.post(url("self_evaluation", evaluation), complete_form(**{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    evaluation.refresh_from_db()
    assert evaluation.resident_agencies is None  # nothing was saved


def test_attachments_are_checked_by_content_and_size(client, users, evaluation, settings):
    client.force_login(users["city_bureau"])
    fake = SimpleUploadedFile("自评报告.pdf", b"just some text, not a PDF", content_type="application/pdf")
    response = client.post(url("self_evaluation_attach", evaluation), {"file": fake})
    assert any("自评报告.pdf" in m for m in messages_of(response))
    settings.MAX_UPLOAD_BYTES = 20
    big = SimpleUploadedFile("自评报告.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(url("self_evaluation_attach", evaluation), {"file": big})
    assert not evaluation.attachments.exists()

    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    good = SimpleUploadedFile("自评报告.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(url("self_evaluation_attach", evaluation), {"file": good, "description": "年度报告"})
    attachment = evaluation.attachments.get()
    assert (attachment.file_format, attachment.size, attachment.description) == ("pdf", len(PDF_BYTES), "年度报告")
    download = client.get(reverse("evaluations:attachment", kwargs={"pk": attachment.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES

    client.force_login(users["other_city_bureau"])
    assert client.get(reverse("evaluations:attachment", kwargs={"pk": attachment.pk})).status_code == 404


def test_another_citys_bureau_can_neither_see_nor_act(client, users, evaluation):
    client.force_login(users["other_city_bureau"])
    assert client.get(url("self_evaluation", evaluation)).status_code == 404
    assert client.post(url("self_evaluation", evaluation), complete_form()).status_code == 404
    assert client.post(url("self_evaluation_submit", evaluation)).status_code == 404
    assert client.get(url("park", evaluation.park)).status_code == 404
    round_page = client.get(url("round", evaluation.round)).content.decode()
    assert evaluation.park.name not in round_page
    evaluation.refresh_from_db()
    assert evaluation.resident_agencies is None


def test_city_bureau_cannot_take_the_provinces_decisions(client, users, evaluation):
    client.force_login(users["city_bureau"])
    assert client.post(url("self_evaluation_review", evaluation), {"decision": "accept"}).status_code == 403
    assert client.post(url("park_revoke", evaluation.park), {}).status_code == 403
    assert client.get(reverse("evaluations:templates")).status_code == 403


@pytest.fixture
def seat(users, changchun):
    park = ParkFactory(name="长春考评园区", jurisdiction=changchun)
    designate(park)
    evaluation_round = make_round(changchun.province, RoundKind.CENTRALIZED)
    assessment = ParkAssessment.objects.create(round=evaluation_round, park=park)
    return ExpertSeat.objects.create(assessment=assessment, expert=users["expert"])


def test_experts_score_only_their_parks_within_each_maximum(client, users, seat):
    other_expert = UserFactory(role=Role.EXPERT, jurisdiction=users["expert"].jurisdiction)
    client.force_login(other_expert)
    assert client.get(url("seat", seat)).status_code == 404
    assert client.post(url("seat", seat), {"submit": "1"}).status_code == 404

    client.force_login(users["expert"])
    indicators = list(default_template().indicators.all())
    data = {f"score_{i.pk}": "8" for i in indicators}
    response = client.post(
        url("seat", seat), data | {f"score_{indicators[0].pk}": "11", "submit": "1", "confirm": "on"}
    )
    assert f"score_{indicators[0].pk}" in response.context["form"].errors
    response = client.post(url("seat", seat), {f"score_{indicators[0].pk}": "7", "submit": "1", "confirm": "on"})
    assert f"score_{indicators[1].pk}" in response.context["form"].errors  # every indicator needs a score
    seat.refresh_from_db()
    assert seat.submitted_at is None

    # Submitting without the confirmation (提交后不能修改) keeps the scores a draft.
    unconfirmed = client.post(url("seat", seat), data | {"opinion": "总体良好", "submit": "1"})
    assert "confirm" in unconfirmed.context["form"].errors
    seat.refresh_from_db()
    assert seat.submitted_at is None
    client.post(url("seat", seat), data | {"opinion": "总体良好", "submit": "1", "confirm": "on"})
    seat.refresh_from_db()
    assert seat.total == Decimal("80.00") and seat.opinion == "总体良好"
    client.post(url("seat", seat), {f"score_{i.pk}": "10" for i in indicators} | {"submit": "1", "confirm": "on"})
    seat.refresh_from_db()
    assert seat.total == Decimal("80.00")  # submitted scores are final


def test_publishing_needs_every_experts_scores(client, users, seat):
    client.force_login(users["provincial"])
    evaluation_round = seat.assessment.round
    preview = client.post(
        url("round_preview", evaluation_round),
        {"document_number": "吉人社函〔2025〕1号", "issued_on": "2025-12-25", "deadline": "2026-03-31"},
    )
    assert any("长春考评园区" in m for m in messages_of(preview))  # the refusal shows before publishing
    response = client.post(
        url("round_publish", evaluation_round),
        {
            "document_number": "吉人社函〔2025〕1号",
            "issued_on": "2025-12-25",
            "deadline": "2026-03-31",
            "confirm": "on",
        },
    )
    assert any("长春考评园区" in m for m in messages_of(response))
    assert not EvaluationRound.objects.filter(notice__isnull=False).exists()
    response = client.post(
        url("round_publish", evaluation_round),
        {
            "document_number": "吉人社函〔2025〕1号",
            "issued_on": "2025-12-25",
            "deadline": "2026-03-31",
            "deadline_working_days": "5",
            "confirm": "on",
        },
    )
    assert response.status_code == 302 and messages_of(response)


def test_the_province_opens_a_round_from_the_page(client, users, changchun):
    park = ParkFactory(jurisdiction=changchun)
    designate(park)
    ParkFactory(jurisdiction=changchun, name="未认定园区")
    client.force_login(users["provincial"])
    response = client.post(
        reverse("evaluations:round_open"),
        {"kind": "self", "year": "2025", "due_date": "2099-12-31", "excellent_min": "90", "qualified_min": "60"},
    )
    evaluation_round = EvaluationRound.objects.get()
    assert response["Location"] == url("round", evaluation_round)
    assert list(evaluation_round.self_evaluations.values_list("park", flat=True)) == [park.pk]
    assert evaluation_round.opened_by == users["provincial"]
    response = client.post(
        reverse("evaluations:round_open"),
        {"kind": "self", "year": "2025", "due_date": "2099-12-31", "excellent_min": "90", "qualified_min": "60"},
    )
    assert response.status_code == 200 and "year" in response.context["form"].errors


def test_template_page_refuses_weights_that_do_not_add_up(client, users):
    client.force_login(users["provincial"])
    template = default_template()
    indicators = list(template.indicators.all())
    data = {
        "name": template.name,
        "description": "",
        "form-TOTAL_FORMS": str(len(indicators)),
        "form-INITIAL_FORMS": str(len(indicators)),
    }
    for index, indicator in enumerate(indicators):
        data |= {
            f"form-{index}-pk": indicator.pk,
            f"form-{index}-content_item": indicator.content_item,
            f"form-{index}-name": indicator.name,
            f"form-{index}-weight": str(indicator.weight + (1 if index == 0 else 0)),
            f"form-{index}-max_score": str(indicator.max_score),
        }
    response = client.post(reverse("evaluations:template_edit", kwargs={"pk": template.pk}), data)
    assert response.status_code == 200
    assert "101" in response.content.decode()
    assert sum(i.weight for i in template.indicators.all()) == 100


def test_due_dates_are_flagged_when_passed(client, users, evaluation):
    evaluation.due_date = datetime.date(2020, 1, 2)
    evaluation.save()
    client.force_login(users["city_bureau"])
    page = client.get(reverse("evaluations:index")).content.decode()
    assert "text-bg-danger" in page


def test_indicator_names_are_shown_whole_on_the_template_page(client, users):
    client.force_login(users["provincial"])
    template = default_template()
    longest = max(template.indicators.all(), key=lambda indicator: len(indicator.name))
    page = client.get(reverse("evaluations:template_edit", kwargs={"pk": template.pk})).content.decode()
    # In a wrapping box, not a one-line input whose visible width cut the name off.
    assert f">\n{longest.name}</textarea>" in page


def test_indicator_names_are_shown_whole_on_the_assessment_page(client, users, seat):
    client.force_login(users["provincial"])
    longest = max(default_template().indicators.all(), key=lambda indicator: len(indicator.name))
    page = client.get(url("assessment", seat.assessment)).content.decode()
    assert f">{longest.name}<br>" in page


def test_the_notice_and_the_revocation_are_not_issued_without_confirmation(client, users, evaluation):
    park = evaluation.park
    client.force_login(users["provincial"])
    page = client.get(url("park", park)).content.decode()
    assert "取消授牌" in page  # the revocation form says what will happen
    response = client.post(
        url("park_revoke", park),
        {"ground": "poor_operation", "reasons": "逾期未整改", "document_number": "吉人社函1号"},
    )
    assert any("确认" in m for m in messages_of(response))
    park.refresh_from_db()
    assert park.status == "designated"
    assert not park.status_changes.filter(to_status="revoked").exists()


def test_the_expert_scores_beside_the_parks_dossier_materials_and_eligibility(client, users, seat):
    park = seat.assessment.park
    operator = UserFactory(role=Role.PARK_OPERATOR, jurisdiction=park.jurisdiction)
    own = material_of(application_in("designated", operator, park=park), code="feasibility_report")
    foreign = material_of(application_in("designated", operator))  # another park's application
    client.force_login(users["expert"])
    page = client.get(url("seat", seat)).content.decode()
    beside = page.split('id="scoring-sources"', 1)[1]
    dossier = reverse("parks:detail", kwargs={"pk": park.pk})
    assert dossier in beside and client.get(dossier).status_code == 200
    assert 'id="criterion-floor_area"' in beside  # the eligibility report of the park
    download = reverse("evaluations:seat_material", kwargs={"pk": seat.pk, "material_pk": own.pk})
    assert download in beside and "可行性论证报告" in beside
    assert client.get(download).status_code == 200
    assert (
        client.get(reverse("evaluations:seat_material", kwargs={"pk": seat.pk, "material_pk": foreign.pk})).status_code
        == 404
    )
    # Another park is not the expert's to read.
    assert client.get(reverse("parks:detail", kwargs={"pk": foreign.application.park_id})).status_code == 404
