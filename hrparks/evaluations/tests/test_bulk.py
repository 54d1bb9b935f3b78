"""Bulk work on a round (issue #15, item 8): the province draws the experts of every park in one action
(all or nothing), and ticks rows to remind the responsible party or to export just those rows."""

import pytest
from django.urls import reverse

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.audit.models import AuditEntry
from hrparks.evaluations.models import ExpertDraw, ParkAssessment, RoundKind, SelfEvaluation
from hrparks.notifications.models import Notification
from hrparks.parks.models import Jurisdiction
from hrparks.parks.tests.factories import ParkFactory

from .factories import TODAY, designate, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def parks(changchun, jilin_city):
    park = ParkFactory(name="长春园区", jurisdiction=changchun)
    other = ParkFactory(name="吉林园区", jurisdiction=jilin_city)
    designate(park, other)
    return park, other


@pytest.fixture
def centralized(users, province, parks, changchun):
    evaluation_round = make_round(province, kind=RoundKind.CENTRALIZED)
    for park in parks:
        ParkAssessment.objects.create(round=evaluation_round, park=park)
    # users["expert"] is of 吉林市; one more of 长春市 and one of 四平市: two eligible experts per park.
    UserFactory(username="expert_cc", role=Role.EXPERT, jurisdiction=changchun)
    UserFactory(username="expert_sp", role=Role.EXPERT, jurisdiction=Jurisdiction.objects.get(name="四平市"))
    return evaluation_round


def draw(client, user, evaluation_round, size):
    client.force_login(user)
    url = reverse("evaluations:round_draw", kwargs={"pk": evaluation_round.pk})
    return client.post(url, {"size": size}, follow=True)


def test_the_province_draws_every_park_of_a_round_in_one_action(
    client, users, centralized, parks, django_capture_on_commit_callbacks
):
    client.force_login(users["provincial"])
    page = client.get(reverse("evaluations:round", kwargs={"pk": centralized.pk})).content.decode()
    assert "为所有园区抽取专家" in page

    # Three experts are more than either park has eligible: nothing is drawn, and the page says which park.
    refused = draw(client, users["provincial"], centralized, 3).content.decode()
    assert "长春园区" in refused and "所有园区均未抽取" in refused
    assert not ExpertDraw.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = draw(client, users["provincial"], centralized, 2).content.decode()
    assert "已为所有园区抽取专家" in done
    for park in parks:
        assessment = centralized.assessments.get(park=park)
        seats = assessment.seats.select_related("expert")
        assert seats.count() == 2 and all(seat.expert.jurisdiction_id != park.jurisdiction_id for seat in seats)
        assert assessment.draws.count() == 1  # each park its own record, replayable
    assert Notification.objects.filter(recipient=users["expert"], link=reverse("evaluations:my_assignments")).exists()
    assert AuditEntry.objects.filter(action="evaluation.round_experts_drawn", actor_username="province").exists()
    # The draw form is gone once every park has its experts; a second bulk draw is refused.
    assert (
        "为所有园区抽取专家"
        not in client.get(reverse("evaluations:round", kwargs={"pk": centralized.pk})).content.decode()
    )
    assert "均已抽取" in draw(client, users["provincial"], centralized, 2).content.decode()
    assert ExpertDraw.objects.count() == 2


def test_a_city_bureau_may_not_draw(client, users, centralized):
    assert draw(client, users["city_bureau"], centralized, 2).status_code == 403


@pytest.fixture
def self_round(province, parks):
    evaluation_round = make_round(province, kind=RoundKind.SELF)
    for park in parks:
        SelfEvaluation.objects.create(round=evaluation_round, park=park, due_date=TODAY)
    return evaluation_round


def selection(client, user, evaluation_round, rows, query=""):
    client.force_login(user)
    url = reverse("evaluations:round_selection", kwargs={"pk": evaluation_round.pk}) + query
    return client.post(url, {"selected": [row.pk for row in rows]}, follow=not query)


def test_the_province_reminds_the_city_bureau_of_the_ticked_self_evaluations(client, users, self_round, parks):
    mine, other = (self_round.self_evaluations.get(park=park) for park in parks)
    page = selection(client, users["provincial"], self_round, [mine]).content.decode()
    assert "提醒已发送" in page
    told = Notification.objects.filter(recipient=users["city_bureau"])
    assert told.count() == 1 and "长春园区" in told.get().text
    assert told.get().link == reverse("evaluations:self_evaluation", kwargs={"pk": mine.pk})
    assert not Notification.objects.filter(recipient=users["other_city_bureau"]).exists()
    assert AuditEntry.objects.filter(action="evaluation.reminders_sent").count() == 1

    # A submitted self-evaluation needs no reminder: nothing is sent, and the page says so.
    SelfEvaluation.objects.filter(pk=other.pk).update(status=SelfEvaluation.Status.SUBMITTED)
    refused = selection(client, users["provincial"], self_round, [other]).content.decode()
    assert "没有需要提醒的" in refused
    assert Notification.objects.count() == 1

    # Reminding is the province's; a city bureau is refused.
    assert selection(client, users["city_bureau"], self_round, [mine]).status_code == 403


def test_the_export_of_a_selection_has_only_the_ticked_rows_in_the_users_scope(client, users, self_round, parks):
    mine, other = (self_round.self_evaluations.get(park=park) for park in parks)
    # The city bureau ticks its own row and (by a forged form) another city's: only its own is exported.
    response = selection(client, users["city_bureau"], self_round, [mine, other], query="?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200 and "长春园区" in text and "吉林园区" not in text
    response = selection(client, users["provincial"], self_round, [other], query="?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "吉林园区" in text and "长春园区" not in text
    assert AuditEntry.objects.filter(action="export", actor_username="province").exists()
