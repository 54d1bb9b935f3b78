"""One search box: parks, enterprises (name or 统一社会信用代码) and applications, each through its scoping
selector — an operator never finds another operator's enterprise, a city bureau never another city's."""

import pytest
from django.urls import reverse

from hrparks.accounts.models import Role
from hrparks.accounts.tests.factories import UserFactory
from hrparks.applications.tests.factories import application_in, operated_park
from hrparks.parks.tests.factories import EnterpriseFactory, make_uscc

MINE_CODE = make_uscc(1001)
THEIRS_CODE = make_uscc(1002)


@pytest.fixture
def marked(users, jilin_city):
    """Marker data in two cities: the same words in both, so only the scope tells them apart."""
    mine = operated_park(users["operator"], name="标记长春园")
    other_operator = UserFactory(username="jl_operator", role=Role.PARK_OPERATOR, jurisdiction=jilin_city)
    theirs = operated_park(other_operator, name="标记吉林园")
    EnterpriseFactory(park=mine, name="标记长春企业", uscc=MINE_CODE)
    EnterpriseFactory(park=theirs, name="标记吉林企业", uscc=THEIRS_CODE)
    return {
        "mine": application_in("submitted", users["operator"], park=mine, expert=users["expert"]),
        "theirs": application_in("submitted", other_operator, park=theirs),
    }


def search(client, user, query, **params):
    client.force_login(user)
    response = client.get(reverse("workbench:search"), {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["operator", "city_bureau", "city_government"])
def test_a_changchun_user_finds_only_changchun(client, users, marked, role):
    page = search(client, users[role], "标记")
    assert "标记长春园" in page and "标记长春企业" in page
    assert reverse("applications:detail", args=[marked["mine"].pk]) in page
    assert "标记吉林" not in page
    assert reverse("applications:detail", args=[marked["theirs"].pk]) not in page


def test_the_other_city_and_the_province(client, users, marked):
    other = search(client, users["other_city_bureau"], "标记")
    assert "标记吉林企业" in other and "标记长春" not in other
    province = search(client, users["provincial"], "标记")
    assert "标记吉林企业" in province and "标记长春企业" in province


def test_an_enterprise_by_its_exact_credit_code_in_scope_only(client, users, marked):
    assert "标记长春企业" in search(client, users["operator"], MINE_CODE.lower())
    assert "标记吉林企业" not in search(client, users["operator"], THEIRS_CODE)
    # A code is matched whole: a fragment of it finds no enterprise.
    assert "标记长春企业" not in search(client, users["operator"], MINE_CODE[:10])


def test_an_expert_finds_only_the_applications_of_their_panels(client, users, marked):
    page = search(client, users["expert"], "标记")
    assert reverse("applications:detail", args=[marked["mine"].pk]) in page
    assert reverse("applications:detail", args=[marked["theirs"].pk]) not in page
    assert "标记长春企业" not in page  # no enterprise search for experts
    assert 'id="found-parks"' not in page


def test_an_application_by_its_number(client, users, marked):
    page = search(client, users["city_bureau"], str(marked["mine"].pk))
    assert reverse("applications:detail", args=[marked["mine"].pk]) in page


@pytest.mark.parametrize("query", ["", "   ", "9" * 40, "x" * 500, "'; DROP TABLE parks_park; --", "%", "_"])
def test_bad_input_is_answered_not_crashed(client, users, marked, query):
    page = search(client, users["city_bureau"], query)
    assert "标记吉林" not in page
    if query.strip() in ("%", "_"):  # wildcards of LIKE are searched for literally
        assert "标记长春园" not in page


def test_results_are_paged_one_group_at_a_time(client, users):
    park = operated_park(users["operator"], name="分页园区")
    for number in range(35):
        EnterpriseFactory(park=park, name=f"分页企业{number:02d}")
    first = search(client, users["city_bureau"], "分页企业")
    assert first.count('">分页企业') == 30
    assert "group=enterprises" in first
    second = search(client, users["city_bureau"], "分页企业", group="enterprises", page=2)
    assert second.count('">分页企业') == 5
    assert 'id="found-parks"' not in second


def test_the_system_administrator_may_not_search(client, users):
    client.force_login(users["sysadmin"])
    assert client.get(reverse("workbench:search"), {"q": "标记"}).status_code == 403


@pytest.mark.parametrize("size", [1, 8])
def test_the_search_costs_the_same_queries_however_much_it_finds(client, users, size, django_assert_max_num_queries):
    """Run at two data sizes: the bound holds for both, so the queries do not grow with the results."""
    for number in range(size):
        park = operated_park(users["operator"], name=f"计数园区{number}")
        EnterpriseFactory(park=park, name=f"计数企业{number}")
        application_in("submitted", users["operator"], park=park)
    client.force_login(users["city_bureau"])
    with django_assert_max_num_queries(10):
        page = client.get(reverse("workbench:search"), {"q": "计数"}).content.decode()
    assert page.count('">计数企业') == size
