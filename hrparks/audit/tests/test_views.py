"""Who reads which history: the province all of it, a city bureau its city's parks, an operator its own."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from hrparks.audit.context import acting_as
from hrparks.audit.services import record_rows
from hrparks.parks.models import Site
from hrparks.parks.tests.factories import ParkFactory

pytestmark = pytest.mark.django_db

CHANGCHUN_CHANGE = "长春园区的新简介"
JILIN_CHANGE = "吉林园区的新简介"


@pytest.fixture
def history(users, park, other_park):
    users["operator"].parks.add(park)
    with (
        time_machine.travel(datetime.datetime(2026, 3, 2, 9, 30, 15, tzinfo=timezone.get_default_timezone())),
        acting_as(users["city_bureau"]),
    ):
        park.description = CHANGCHUN_CHANGE
        park.save()
    with (
        time_machine.travel(datetime.datetime(2026, 3, 9, 14, 0, tzinfo=timezone.get_default_timezone())),
        acting_as(users["other_city_bureau"]),
    ):
        other_park.description = JILIN_CHANGE
        other_park.save()


def page(client, user, url_name="audit:log", query="", **kwargs):
    client.force_login(user)
    response = client.get(reverse(url_name, kwargs=kwargs) + query)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(
    "role, sees_changchun, sees_jilin",
    [
        ("provincial", True, True),
        ("city_bureau", True, False),
        ("other_city_bureau", False, True),
        ("operator", True, False),
    ],
)
def test_each_reader_sees_the_history_of_their_jurisdiction(client, users, history, role, sees_changchun, sees_jilin):
    status, content = page(client, users[role])
    assert status == 200
    assert (CHANGCHUN_CHANGE in content, JILIN_CHANGE in content) == (sees_changchun, sees_jilin)


@pytest.mark.parametrize("role", ["city_government", "expert", "sysadmin"])
def test_other_roles_may_not_read_the_log(client, users, park, role):
    assert page(client, users[role])[0] == 403
    assert page(client, users[role], "audit:park_history", pk=park.pk)[0] == 403


def test_an_entry_shows_time_actor_role_action_and_before_after(client, users, history, park):
    status, content = page(client, users["provincial"], "audit:park_history", pk=park.pk)
    assert status == 200
    assert "2026年3月2日 09:30:15" in content
    city_bureau = users["city_bureau"]
    assert city_bureau.display_name in content and "市（州）人力资源和社会保障局" in content
    assert ">cc_bureau<" not in content  # people by their name, not their log-in name
    assert "<td>修改</td>" in content
    assert '<td class="text-danger-emphasis">—</td>' in content  # the description was empty before
    assert f'<td class="text-success-emphasis">{CHANGCHUN_CHANGE}</td>' in content
    assert JILIN_CHANGE not in content


def test_the_log_reads_in_english_too(client, users, history):
    client.cookies["django_language"] = "en"
    status, content = page(client, users["provincial"])
    assert status == 200
    assert "<td>Updated</td>" in content and "Before" in content and "Mar 2, 2026, 09:30:15" in content


def test_a_park_outside_the_readers_scope_is_not_found(client, users, other_park):
    assert page(client, users["operator"], "audit:park_history", pk=other_park.pk)[0] == 404
    assert page(client, users["city_bureau"], "audit:park_history", pk=other_park.pk)[0] == 404
    assert page(client, users["provincial"], "audit:park_history", pk=other_park.pk)[0] == 200
    assert page(client, users["provincial"], "audit:park_history", pk=999999)[0] == 404


def test_the_log_filters_by_actor_action_park_and_day(client, users, history, park, other_park):
    provincial = users["provincial"]
    assert JILIN_CHANGE not in page(client, provincial, query="?actor=cc_bureau")[1]
    assert CHANGCHUN_CHANGE not in page(client, provincial, query="?park_name=吉林示例")[1]
    assert CHANGCHUN_CHANGE not in page(client, provincial, query="?action=delete")[1]
    on_the_9th = page(client, provincial, query="?date_from=2026-03-09&date_to=2026-03-09")[1]
    assert (CHANGCHUN_CHANGE in on_the_9th, JILIN_CHANGE in on_the_9th) == (False, True)
    on_the_2nd = page(client, provincial, query="?date_to=2026-03-02")[1]
    assert (CHANGCHUN_CHANGE in on_the_2nd, JILIN_CHANGE in on_the_2nd) == (True, False)


def test_a_city_cannot_filter_its_way_into_another_citys_park(client, users, history, other_park):
    status, content = page(client, users["city_bureau"], query="?park_name=吉林示例")
    assert status == 200
    assert JILIN_CHANGE not in content and CHANGCHUN_CHANGE not in content


def test_the_park_filter_is_typed_not_a_list_of_every_park(client, users, history):
    # A province has thousands of parks: the form must not render one option per park.
    another = ParkFactory()
    content = page(client, users["provincial"])[1]
    assert '<input type="text" name="park_name"' in content
    assert f'<option value="{another.pk}"' not in content


@pytest.mark.parametrize(
    "query, error, still_shown",
    [
        ("?date_from=2026-13-45", "输入一个有效的日期", CHANGCHUN_CHANGE),
        ("?date_from=2026-03-09&date_to=2026-03-02", "结束日期不能早于开始日期", JILIN_CHANGE),
        ("?action=rename", "选择一个有效的选项", CHANGCHUN_CHANGE),
        ("?before=abc&after=-1", None, CHANGCHUN_CHANGE),
    ],
)
def test_bad_input_is_explained_not_a_server_error(client, users, history, query, error, still_shown):
    status, content = page(client, users["provincial"], query=query)
    assert status == 200
    assert error is None or error in content
    assert still_shown in content  # the valid filters still apply; the invalid one is left out


def test_the_log_pages_by_entry_number_without_counting(client, users, park, django_assert_max_num_queries):
    users["operator"].parks.add(park)
    sites = Site.objects.bulk_create(
        [Site(park=park, name=f"第{index:02d}号楼", address="示例路", floor_area_m2=100) for index in range(60)]
    )
    entries = record_rows("create", sites)
    operator = users["operator"]
    client.force_login(operator)

    with django_assert_max_num_queries(12):
        first = client.get(reverse("audit:log")).content.decode()
    assert "第59号楼" in first and "第10号楼" in first and "第09号楼" not in first
    older = f"before={entries[10].seq}"
    assert older in first and "after=" not in first

    second = page(client, operator, query=f"?{older}")[1]
    assert "第09号楼" in second and "第00号楼" in second and "第10号楼" not in second
    assert f"after={entries[9].seq}" in second

    back = page(client, operator, query=f"?after={entries[9].seq}")[1]
    assert "第10号楼" in back and "第59号楼" in back and "第09号楼" not in back


def test_the_history_of_a_deleted_park_stays_readable(client, users, park):
    park_id = park.pk
    with acting_as(users["provincial"]):
        park.delete()
    status, content = page(client, users["provincial"], query="?action=delete")
    assert status == 200
    assert f"园区 #{park_id}（已删除）" in content
    assert "<td>删除</td>" in content


def test_people_appear_by_display_name_in_the_log_and_its_export(client, users, history, park):
    city_bureau = users["city_bureau"]
    city_bureau.first_name, city_bureau.organization = "王芳", "长春市人社局"
    city_bureau.save()
    content = page(client, users["provincial"])[1]
    assert "王芳（长春市人社局）" in content
    client.force_login(users["provincial"])
    export = client.get(reverse("audit:log") + "?export=csv")
    text = b"".join(export.streaming_content if export.streaming else [export.content]).decode("utf-8-sig")
    assert ",王芳（长春市人社局）,市（州）" in text and ",cc_bureau,市（州）" not in text  # the "By" column
    # The filter finds a person by name as well as by user name.
    assert CHANGCHUN_CHANGE in page(client, users["provincial"], query="?actor=王芳")[1]
    assert CHANGCHUN_CHANGE not in page(client, users["provincial"], query="?actor=李四")[1]


def test_an_operator_reads_an_experts_entry_by_role_not_by_name(client, users, park):
    users["operator"].parks.add(park)
    expert = users["expert"]
    expert.first_name = "赵专家"
    expert.save()
    with acting_as(expert):
        park.description = "专家改过的简介"
        park.save()
    operator_view = page(client, users["operator"], "audit:park_history", pk=park.pk)[1]
    assert "专家改过的简介" in operator_view and "赵专家" not in operator_view and ">expert<" not in operator_view
    assert "赵专家" in page(client, users["provincial"], "audit:park_history", pk=park.pk)[1]
    # Nor can the operator find the expert's entries by the expert's name.
    assert "专家改过的简介" not in page(client, users["operator"], query="?actor=赵专家")[1]
