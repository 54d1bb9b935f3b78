"""The workbench (core:home): what waits for each role, counted, the overdue in red with their working
days, each item linked to where the work is done — and nothing from another jurisdiction."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hrparks.applications.selectors import deadline_of
from hrparks.applications.tests.factories import application_in, objection_on, operated_park
from hrparks.evaluations.models import Rectification, SelfEvaluation
from hrparks.evaluations.tests.factories import designate, make_round
from hrparks.notifications.models import Notification
from hrparks.parks.tests.factories import ParkFactory
from hrparks.workdays.calendar import working_days_left

TODAY = timezone.localdate()


def order_rectification(park, *, days_ago: int, days: int, status=Rectification.Status.ORDERED):
    ordered_on = TODAY - datetime.timedelta(days=days_ago)
    return Rectification.objects.create(
        park=park,
        ground="poor_operation",
        requirements="整改要求",
        document_number=f"吉人社函〔2025〕{park.pk}号",
        ordered_on=ordered_on,
        deadline=ordered_on + datetime.timedelta(days=days),
        status=status,
    )


def home(client, user, language="zh-hans"):
    client.force_login(user)
    return client.get(reverse("core:home"), headers={"accept-language": language}).content.decode()


def test_a_city_bureau_sees_its_queue_counted_with_the_overdue_in_red(client, users, jilin_city):
    entered = timezone.now() - datetime.timedelta(days=60)  # far past the 15 working days of "submitted"
    late = application_in("submitted", users["operator"], state_entered_at=entered)
    application_in("submitted", users["operator"])
    other_operator = users["operator"].__class__.objects.create(username="jl_op", role="park_operator")
    application_in("submitted", other_operator, park=operated_park(other_operator, jurisdiction=jilin_city))

    page = home(client, users["city_bureau"], "en")

    assert '<span class="badge text-bg-primary">2</span>' in page  # the other city's is not counted
    assert "1 overdue" in page
    assert reverse("applications:detail", args=[late.pk]) in page
    # The late one in red, with how many working days late it is (the work queue's own deadline).
    days_late = deadline_of(late).days_late
    assert days_late > 0
    assert page.count("list-group-item-danger") == 1
    assert f"{days_late} working days late" in page


def test_rectifications_and_self_evaluations_wait_for_the_city_then_the_province(client, users, changchun, province):
    park = ParkFactory(jurisdiction=changchun)
    other_city_park = ParkFactory(name="外市园区", jurisdiction=users["other_city_bureau"].jurisdiction)
    designate(park, other_city_park)
    late = order_rectification(park, days_ago=40, days=30)
    order_rectification(other_city_park, days_ago=40, days=30)
    evaluation_round = make_round(province)
    due = SelfEvaluation.objects.create(round=evaluation_round, park=park, due_date=TODAY + datetime.timedelta(days=3))

    city = home(client, users["city_bureau"], "en")
    assert "Rectifications to report" in city and "Self-evaluations due" in city
    assert reverse("evaluations:rectification", args=[late.pk]) in city
    assert reverse("evaluations:self_evaluation", args=[due.pk]) in city
    days_late = -working_days_left(late.deadline, TODAY)
    assert f"{days_late} working day" in city
    assert "外市园区" not in city

    # The province acts on what the city has reported and submitted, not on what the city still owes.
    province_page = home(client, users["provincial"], "en")
    assert "Rectifications to accept" not in province_page and "Self-evaluations to review" not in province_page
    Rectification.objects.filter(pk=late.pk).update(status=Rectification.Status.REPORTED)
    SelfEvaluation.objects.filter(pk=due.pk).update(status=SelfEvaluation.Status.SUBMITTED)
    province_page = home(client, users["provincial"], "en")
    assert "Rectifications to accept" in province_page and "Self-evaluations to review" in province_page
    # The city's deadline is not the province's: a late report is not shown as the province being late.
    assert "working day" not in province_page and "overdue" not in province_page
    assert "Rectifications to report" not in home(client, users["city_bureau"], "en")


def test_the_province_sees_the_objections_to_decide(client, users):
    application = application_in("in_notice", users["operator"])
    objection = objection_on(application)
    page = home(client, users["provincial"], "en")
    assert "Objections to decide" in page
    assert reverse("applications:objection_resolve", args=[objection.pk]) in page
    assert "Objections to decide" not in home(client, users["city_bureau"], "en")


def test_an_expert_sees_only_the_reviews_of_their_own_panels(client, users):
    mine = application_in("evaluating", users["operator"], expert=users["expert"])
    other = application_in("evaluating", users["operator"])
    page = home(client, users["expert"])
    assert reverse("applications:detail", args=[mine.pk]) in page
    assert reverse("applications:detail", args=[other.pk]) not in page


def test_recent_notifications_and_the_unread_badge(client, users):
    for number in range(7):
        Notification.objects.create(recipient=users["city_bureau"], text=f"通知{number}号")
    Notification.objects.create(recipient=users["city_bureau"], text="已读通知", read_at=timezone.now())
    Notification.objects.create(recipient=users["other_city_bureau"], text="别人的通知")

    page = home(client, users["city_bureau"])
    assert "7条未读" in page
    assert 'title="未读通知">7</span>' in page  # the badge in the navigation
    assert "别人的通知" not in page
    # The five most recent, each opened through the inbox's mark-read link.
    assert len(re.findall(r'action="/notifications/\d+/read/"', page)) == 5
    assert "通知6号" in page and "通知1号" not in page


def test_nothing_waiting_says_so_and_the_system_administrator_has_a_workbench_too(client, users):
    assert "Nothing is waiting for you." in home(client, users["city_government"], "en")
    page = home(client, users["sysadmin"])
    assert reverse("admin:index") in page
    assert 'role="search"' not in page  # no park data, no search box


@pytest.mark.parametrize("size", [1, 6])
def test_the_workbench_costs_the_same_queries_however_much_waits(
    client, users, province, size, django_assert_max_num_queries
):
    """Run at two data sizes: the bound holds for both, so the queries do not grow with the data."""
    evaluation_round = make_round(province)
    for number in range(size):
        application_in("submitted", users["operator"])
        application_in("in_notice", users["operator"])
        park = operated_park(users["operator"])
        designate(park)
        order_rectification(park, days_ago=40, days=30)
        SelfEvaluation.objects.create(round=evaluation_round, park=park, due_date=TODAY)
        Notification.objects.create(recipient=users["city_bureau"], text=f"通知{number}")
    client.force_login(users["city_bureau"])
    home(client, users["city_bureau"])  # the working-day calendar is cached once
    with django_assert_max_num_queries(11):
        response = client.get(reverse("core:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<span class="badge text-bg-primary">{size}</span>' in page  # submitted: the city's to review
    assert "待报送的整改" in page and "待完成的自评" in page


def test_the_applicant_sees_the_public_name_of_the_state(client, users):
    returned = application_in("returned", users["operator"])
    page = home(client, users["operator"], "en")
    assert "Applications waiting for you" in page
    assert reverse("applications:detail", args=[returned.pk]) in page
    assert "Returned for revision" in page and "Returned to the applicant" not in page
