"""The dashboard: its figures per scope, and a number of queries that does not grow with the data."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.applications import workflow
from hrparks.applications.models import Disbursement, Spending, Subsidy
from hrparks.applications.tests.factories import ApplicationFactory
from hrparks.evaluations.models import EvaluationNotice, ParkAssessment, Rectification, RoundKind, SelfEvaluation
from hrparks.evaluations.tests.factories import designate, make_round
from hrparks.parks.models import Jurisdiction, Park
from hrparks.parks.tests.factories import ParkFactory

CITIES = ["长春市", "吉林市", "四平市", "辽源市"]


@pytest.fixture
def operator(db):
    return UserFactory(role=Role.PARK_OPERATOR)


def add_parks(count, operator, provincial, rounds):
    """`count` designated parks spread over CITIES, each with an application, a subsidy with a payment
    and a spending, a self-evaluation, a graded assessment and a rectification order."""
    self_round, graded_round = rounds
    start = Park.objects.count()
    for index in range(start, start + count):
        park = ParkFactory(name=f"园区{index}", jurisdiction=Jurisdiction.objects.get(name=CITIES[index % len(CITIES)]))
        designate(park)
        application = ApplicationFactory(park=park, state="designated", created_by=operator)
        subsidy = Subsidy.objects.create(
            application=application, park=park, policy_id="jilin-2022", amount=Decimal("1000000")
        )
        Disbursement.objects.create(
            subsidy=subsidy, amount=Decimal("400000"), paid_on=datetime.date(2025, 1, 2), recorded_by=provincial
        )
        Spending.objects.create(
            subsidy=subsidy,
            use="infrastructure",
            amount=Decimal("100000"),
            spent_on=datetime.date(2025, 2, 3),
            description="建设",
            recorded_by=provincial,
        )
        SelfEvaluation.objects.create(round=self_round, park=park, due_date=datetime.date(2020, 1, 2))
        ParkAssessment.objects.create(round=graded_round, park=park, score=Decimal(70), grade="qualified")
        Rectification.objects.create(
            park=park,
            ground="poor_operation",
            requirements="整改",
            document_number=f"文{index}",
            ordered_on=datetime.date(2099, 1, 1),
            deadline=datetime.date(2099, 6, 1),
        )


@pytest.fixture
def rounds(users, province):
    graded = make_round(province, RoundKind.CENTRALIZED, year=2025)
    EvaluationNotice.objects.create(
        round=graded,
        document_number="吉人社函〔2025〕9号",
        issued_on=datetime.date(2025, 12, 1),
        issued_by=users["provincial"],
    )
    return make_round(province, year=2025), graded


def dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    return len(queries), response


def test_query_count_does_not_grow_with_the_parks(client, users, operator, rounds):
    client.force_login(users["provincial"])
    add_parks(2, operator, users["provincial"], rounds)
    dashboard_queries(client)  # warms the working-day calendar's cache
    few, _response = dashboard_queries(client)
    add_parks(10, operator, users["provincial"], rounds)
    many, response = dashboard_queries(client)
    assert many == few
    assert response.context["designated_total"] == 12


def test_figures_per_scope(client, users, operator, rounds):
    add_parks(8, operator, users["provincial"], rounds)  # two per city
    client.force_login(users["provincial"])
    response = client.get(reverse("dashboard:index"))
    context = response.context
    assert context["designated_total"] == 8 and context["target_met"]  # 4–6 by 2025: met
    total = context["money_total"]
    assert (total.granted, total.disbursed, total.spent) == (
        Decimal("8000000.00"),
        Decimal("3200000.00"),
        Decimal("800000.00"),
    )
    # One money format, with thousands separators, in the rows and in the total row.
    page = response.content.decode()
    assert "¥8,000,000.00" in page and "¥3,200,000.00" in page and "¥800,000.00" in page
    assert "¥2,000,000.00" in page and "8000000" not in page
    # The total row of the parks table totals every column, not only the designated ones.
    parks_total = context["parks_total"]
    assert sum(parks_total.by_type.values()) == 8 and parks_total.designated == 8
    footer = page.split('id="parks-table"')[1].split("<tfoot>")[1].split("</tfoot>")[0]
    assert "<td></td>" not in footer and "colspan" not in footer
    deadlines = {row["key"]: row for row in context["deadlines"]}
    assert deadlines["self_evaluations"]["overdue"] == 8 and deadlines["rectifications"]["later"] == 8
    assert {g["grade"]: g["count"] for g in context["grades"]} == {"excellent": 0, "qualified": 8, "unqualified": 0}

    client.force_login(users["city_bureau"])  # 长春市: two parks
    response = client.get(reverse("dashboard:index"))
    context = response.context
    assert [row.jurisdiction for row in context["parks"]] == ["长春市"]
    assert context["designated_total"] == 2
    assert [row.jurisdiction for row in context["money"]] == ["长春市"]
    assert context["money_total"].granted == Decimal("2000000.00")
    assert {item["state"]: item["count"] for item in context["applications"]}["designated"] == 2
    assert len(context["graded"]) == 2
    page = response.content.decode()
    assert "吉林市" not in page and 'id="target"' not in page


def test_application_states_come_from_the_workflow_table(client, users):
    client.force_login(users["provincial"])
    context = client.get(reverse("dashboard:index")).context
    expected = [state.code for wf in workflow.WORKFLOWS.values() for state in wf.states]
    assert [item["state"] for item in context["applications"]] == expected
    assert all(item["count"] == 0 for item in context["applications"])
