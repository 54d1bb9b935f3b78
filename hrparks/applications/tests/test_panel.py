"""评估: the random expert panel, its exclusions and its reproducibility; conflict declarations; reviews."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.applications import services
from hrparks.applications.models import PanelDraw
from hrparks.applications.tests import journey
from hrparks.applications.tests.factories import application_in, operated_park
from hrparks.parks.models import Jurisdiction


@pytest.fixture
def forwarded(draft, people):
    journey.submit(draft, people)
    journey.recommend(draft, people)
    journey.forward(draft, people)
    draft.refresh_from_db()
    return draft


def test_the_draw_excludes_the_applicants_city_and_declared_conflicts_and_records_why(forwarded, people):
    services.declare_conflict(expert=people["expert_四平市"], park=forwarded.park, reason="曾任园区顾问")
    journey.open_evaluation(forwarded, people, size=3)
    draw = PanelDraw.objects.get(application=forwarded)
    excluded = {entry["expert"]: entry["reason"] for entry in draw.exclusions}
    assert excluded == {
        people["expert_changchun"].pk: "same_jurisdiction",
        people["expert_四平市"].pk: "declared_conflict",
    }
    eligible = {people[k].pk for k in ("expert", "expert_辽源市", "expert_通化市", "expert_延边朝鲜族自治州")}
    assert set(draw.eligible) == eligible
    panel = set(forwarded.panel_members.values_list("expert_id", flat=True))
    assert len(panel) == 3 and panel <= eligible
    assert set(draw.drawn) == panel


def test_same_seed_and_same_pool_give_the_same_panel(forwarded, people):
    journey.open_evaluation(forwarded, people, size=3)
    draw = PanelDraw.objects.get(application=forwarded)
    assert services.pick_panel(draw.eligible, draw.size, draw.seed) == draw.drawn
    assert services.pick_panel(list(reversed(draw.eligible)), draw.size, draw.seed) == draw.drawn
    seeds = {services.pick_panel(draw.eligible, 3, seed)[0] for seed in ("a", "b", "c", "d", "e", "f", "g", "h")}
    assert len(seeds) > 1  # the seed matters


def test_too_few_eligible_experts_is_a_clear_error_and_nothing_is_drawn(forwarded, people):
    with pytest.raises(ValidationError) as refused:
        journey.open_evaluation(forwarded, people, size=6)
    message = refused.value.message_dict["panel_size"][0]
    assert "5" in message and "6" in message  # 5 eligible (1 excluded) for a panel of 6
    forwarded.refresh_from_db()
    assert forwarded.state == "forwarded"
    assert not PanelDraw.objects.exists() and not forwarded.panel_members.exists()


def test_experts_of_another_province_are_not_in_the_pool(forwarded, people):
    other_province = Jurisdiction.objects.get(code="210000")  # 辽宁省
    UserFactory(role=Role.EXPERT, jurisdiction=other_province)
    journey.open_evaluation(forwarded, people, size=5)
    assert len(PanelDraw.objects.get().eligible) == 5


def test_shortlisting_waits_for_every_review(forwarded, people):
    journey.open_evaluation(forwarded, people, size=2)
    first = forwarded.panel_members.first()
    with pytest.raises(ValidationError, match="等待"):
        journey.shortlist(forwarded, people)
    journey.review_all(forwarded, people)
    first.refresh_from_db()
    assert first.reviewed_at is not None and first.necessity_score == 5
    journey.shortlist(forwarded, people)


def test_a_review_must_score_every_criterion_from_one_to_five(forwarded, people):
    journey.open_evaluation(forwarded, people, size=1)
    seat = forwarded.panel_members.get()
    with pytest.raises(ValidationError) as refused:
        services.submit_review(
            forwarded,
            expert=seat.expert,
            values={
                "criterion_scores": {"location": 9},
                "necessity_score": 0,
                "feasibility_score": 3,
                "reasonableness_score": 3,
                "opinion": "",
            },
        )
    errors = refused.value.error_dict
    assert {"score_planning_report", "score_social_benefit", "necessity_score", "opinion"} <= set(errors)
    assert "feasibility_score" not in errors
    # Objective rules (第四条 location, 第五条 area …) are the eligibility report's: the experts do not score them.
    assert not {"score_location", "score_floor_area"} & set(errors)


def test_the_review_page_scores_judgement_and_shows_what_it_is_judged_from(forwarded, people, client):
    journey.open_evaluation(forwarded, people, size=1)
    expert = forwarded.panel_members.get().expert
    client.force_login(expert)
    response = client.get(reverse("applications:review", kwargs={"pk": forwarded.pk}))
    form = response.context["form"]
    assert sorted(field.name for field in form.criterion_fields()) == ["score_planning_report", "score_social_benefit"]
    page = response.content.decode()
    beside = page.split('id="review-sources"', 1)[1]
    # The park's dossier, the uploaded materials and the eligibility report, each opening for the expert.
    dossier = reverse("parks:detail", kwargs={"pk": forwarded.park.pk})
    assert dossier in beside and client.get(dossier).status_code == 200
    material = forwarded.materials.order_by("pk").first()
    download = reverse("applications:material_download", kwargs={"pk": forwarded.pk, "material_pk": material.pk})
    assert download in beside and client.get(download).status_code == 200
    assert 'id="criterion-floor_area"' in beside and 'id="criterion-location"' in beside

    # A review of the judged criteria alone is complete.
    response = client.post(
        reverse("applications:review", kwargs={"pk": forwarded.pk}),
        {
            "score_planning_report": "4",
            "score_social_benefit": "3",
            "necessity_score": "5",
            "feasibility_score": "4",
            "reasonableness_score": "4",
            "opinion": "建议通过",
        },
    )
    assert response.status_code == 302
    seat = forwarded.panel_members.get()
    assert seat.reviewed_at is not None
    assert seat.criterion_scores == {"planning_report": 4, "social_benefit": 3}


def test_only_panel_experts_review(forwarded, people):
    journey.open_evaluation(forwarded, people, size=1)
    seated = forwarded.panel_members.get().expert
    outsider = next(
        people[k]
        for k in ("expert", "expert_辽源市", "expert_通化市", "expert_延边朝鲜族自治州")
        if people[k] != seated
    )
    with pytest.raises(PermissionDenied):
        services.submit_review(
            forwarded,
            expert=outsider,
            values={
                "criterion_scores": {},
                "necessity_score": 3,
                "feasibility_score": 3,
                "reasonableness_score": 3,
                "opinion": "x",
            },
        )


def test_experts_see_only_their_assigned_applications(users, client):
    expert = users["expert"]
    assigned = application_in("evaluating", users["operator"], expert=expert)
    other = application_in("evaluating", users["operator"])
    client.force_login(expert)
    listing = client.get(reverse("applications:list"))
    assert [row[0].pk for row in listing.context["rows"]] == [assigned.pk]
    assert client.get(reverse("applications:detail", kwargs={"pk": other.pk})).status_code == 404
    queue = client.get(reverse("applications:queue"))
    assert [row[0].pk for row in queue.context["rows"]] == [assigned.pk]


def test_conflict_page_lists_only_names_of_parks_under_application_in_the_province(users, client):
    expert = users["expert"]
    under_application = application_in("submitted", users["operator"])
    draft_only = application_in("draft", users["operator"])
    city = Jurisdiction.objects.get(code="210100")  # 沈阳市
    foreign = application_in("submitted", users["operator"], park=operated_park(users["operator"], jurisdiction=city))
    client.force_login(expert)
    page = client.get(reverse("applications:conflicts"))
    offered = list(page.context["form"].fields["park"].queryset)
    assert offered == [under_application.park]
    assert draft_only.park not in offered and foreign.park not in offered
    response = client.post(reverse("applications:conflicts"), {"park": under_application.park.pk, "reason": "亲属任职"})
    assert response.status_code == 302
    assert expert.conflict_declarations.get().park == under_application.park
    again = client.post(reverse("applications:conflicts"), {"park": under_application.park.pk})
    assert again.status_code == 200 and again.context["form"].errors
