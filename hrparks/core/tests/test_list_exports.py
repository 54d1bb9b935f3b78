"""Every official list page downloads as .xlsx or .csv at its own URL (?export=…): the page's scope and
filters, every row, and the buttons on the page. The file format itself is tested in api/tests/test_exports.py."""

import csv
import datetime
import html
import io
import re
from urllib.parse import parse_qs

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hrparks.applications.models import Objection, PublicNotice
from hrparks.applications.tests.factories import ApplicationFactory
from hrparks.evaluations.tests.factories import evaluation_world
from hrparks.parks.tests.factories import EnterpriseFactory, ParkFactory
from hrparks.workdays.models import CalendarOverride

from .access import World

pytestmark = pytest.mark.django_db

OWN, OTHER = "本市示例产业园", "外市示例产业园"


@pytest.fixture
def world(users, changchun, jilin_city):
    park = ParkFactory(name=OWN, jurisdiction=changchun)
    users["operator"].parks.add(park)
    return World(users=users, park=park, other_park=ParkFactory(name=OTHER, jurisdiction=jilin_city))


def applications(world) -> dict:
    return world.once(
        "applications",
        lambda: {
            key: ApplicationFactory(park=park, state="submitted")
            for key, park in (("own", world.park), ("other", world.other_park))
        },
    )


def notice_with_objections(world) -> PublicNotice:
    """One notice of the province naming both parks, with an objection to each."""

    def make():
        today = timezone.localdate()
        notice = PublicNotice.objects.create(
            title="拟认定园区公示",
            policy_id="jilin-2022",
            published_on=today,
            start_date=today,
            end_date=today + datetime.timedelta(days=7),
            published_by=world.users["provincial"],
        )
        for key, application in applications(world).items():
            notice.applications.add(application)
            Objection.objects.create(
                notice=notice,
                application=application,
                receipt_number=f"YY-{key}",
                name="张三",
                contact="13800000000",
                content="入驻企业数量不实",
            )
        return notice

    return world.once("notice", make)


def url(name, **kwargs):
    return lambda world: reverse(name, kwargs={key: make(world) for key, make in kwargs.items()})


def after(prepare, name, **kwargs):
    """The URL of `name`, once `prepare(world)` made the rows it lists."""

    def build(world):
        prepare(world)
        return url(name, **kwargs)(world)

    return build


def pk_of(key):
    return lambda world: evaluation_world(world)[key].pk


# Each list of parks' data: (its URL, extra query). A 长春市 bureau user must get its park, never 吉林市's.
SCOPED_LISTS = {
    "parks": (url("parks:list"), ""),
    "applications": (after(applications, "applications:list"), ""),
    "work queue": (after(applications, "applications:queue"), ""),
    "objections": (url("applications:notice", pk=lambda world: notice_with_objections(world).pk), ""),
    "audit log": (url("audit:log"), ""),
    "self-evaluations to do": (after(evaluation_world, "evaluations:index"), "&list=self-evaluations"),
    "open rectifications": (after(evaluation_world, "evaluations:index"), "&list=rectifications"),
    "self-evaluations of a round": (url("evaluations:round", pk=pk_of("self_round")), ""),
    "assessments of a round": (url("evaluations:round", pk=pk_of("open_round")), ""),
    "evaluation results": (url("evaluations:notice", pk=pk_of("notice")), ""),
}


def export(client, user, address: str, query: str = "", file_format: str = "csv"):
    client.force_login(user)
    return client.get(f"{address}?export={file_format}{query}")


def csv_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response) -> list[list[str]]:
    text = csv_text(response)
    assert text.startswith("\ufeff"), "Excel on Chinese Windows needs the byte-order mark"
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize("name", SCOPED_LISTS)
def test_an_export_holds_the_users_scope_only(client, world, name):
    address, query = SCOPED_LISTS[name]
    text = csv_text(export(client, world.users["city_bureau"], address(world), query))
    assert OWN in text
    assert OTHER not in text


def test_the_csv_has_a_bom_and_chinese_headers(client, world):
    header, *rows = csv_rows(export(client, world.users["provincial"], reverse("parks:list")))
    assert header[:5] == ["园区名称", "所属辖区", "园区类型", "所在区域", "状态"]
    assert sorted(row[0] for row in rows) == sorted([OWN, OTHER])


def test_the_xlsx_opens_with_every_row_not_one_page(client, world):
    for index in range(30):  # more than a page of the list (25)
        ParkFactory(name=f"批量园区{index:02d}", jurisdiction=world.park.jurisdiction)
    response = export(client, world.users["city_bureau"], reverse("parks:list"), file_format="xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="parks-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(names) == 31 and OWN in names and "批量园区29" in names


def test_an_objection_export_leaves_out_who_objected(client, world):
    address = reverse("applications:notice", args=[notice_with_objections(world).pk])
    header, *rows = csv_rows(export(client, world.users["provincial"], address))
    assert header == ["受理编号", "申报", "提出时间", "核实结论"]
    assert [(row[0], row[1], row[3]) for row in rows] == [("YY-own", OWN, "核实中"), ("YY-other", OTHER, "核实中")]
    cells = {cell for row in rows for cell in row}
    assert "张三" not in cells and "13800000000" not in cells


@pytest.mark.parametrize(
    "address, query, kept, dropped",
    [
        (url("parks:list"), "&search=外市", OTHER, OWN),
        (after(applications, "applications:list"), "&q=本市", OWN, OTHER),
        (url("audit:log"), "&park_name=外市", OTHER, OWN),
    ],
)
def test_an_export_keeps_the_pages_filters(client, world, address, query, kept, dropped):
    text = csv_text(export(client, world.users["provincial"], address(world), query))
    assert kept in text and dropped not in text


def test_a_parks_roster_exports_as_searched_and_only_to_who_may_see_the_park(client, world):
    EnterpriseFactory(park=world.park, name="示例人力资源外包有限公司", business_formats=["hr_outsourcing"])
    EnterpriseFactory(park=world.park, name="示例培训有限公司", business_formats=["training"])
    address = reverse("parks:detail", args=[world.park.pk])
    header, *rows = csv_rows(export(client, world.users["city_bureau"], address, "&q=外包"))
    assert header[:3] == ["企业名称", "统一社会信用代码", "入驻状态"]
    assert [(row[0], row[6]) for row in rows] == [("示例人力资源外包有限公司", "人力资源服务外包")]
    # Another city's bureau cannot reach the park, so neither its roster.
    assert export(client, world.users["other_city_bureau"], address).status_code == 404


def test_the_calendar_exports_the_overrides_of_the_year_shown(client, world):
    CalendarOverride.objects.create(
        date=datetime.date(2027, 2, 6), is_working_day=True, source_document="国办发明电X号"
    )
    CalendarOverride.objects.create(date=datetime.date(2028, 1, 2), is_working_day=False, source_document="下一年的")
    header, *rows = csv_rows(export(client, world.users["city_bureau"], reverse("workdays:calendar"), "&year=2027"))
    assert header == ["日期", "安排", "依据文件", "备注"]
    assert rows == [["2027-02-06", "工作日", "国办发明电X号", ""]]


def test_the_evaluation_rounds_export_with_their_notice(client, world):
    evaluation_world(world)
    address = reverse("evaluations:index")
    header, *rows = csv_rows(export(client, world.users["other_city_bureau"], address, "&list=rounds"))
    assert header == ["年度", "类别", "开启日期", "截止日期", "结果"]
    assert [row[0] for row in rows] == ["2025", "2025", "2022"]
    assert rows[-1][-1] == "吉人社函〔2022〕1号"


def test_the_evaluation_results_export_with_grades_and_outcomes(client, world):
    address = reverse("evaluations:notice", args=[evaluation_world(world)["notice"].pk])
    header, *rows = csv_rows(export(client, world.users["provincial"], address))
    assert header[:5] == ["园区", "所属辖区", "平均分", "等次", "处理结果"]
    assert sorted(row[:5] for row in rows) == sorted(
        [[park, city, "95.00", "优秀", "通报表扬"] for park, city in ((OWN, "长春市"), (OTHER, "吉林市"))]
    )


@pytest.mark.parametrize("name", ["parks", "applications", "audit log", "open rectifications"])
def test_an_unknown_format_is_refused_with_the_formats_to_use(client, world, name):
    address, query = SCOPED_LISTS[name]
    response = export(client, world.users["provincial"], address(world), query, file_format="pdf")
    assert response.status_code == 400
    assert "xlsx" in response.content.decode() and "csv" in response.content.decode()


# Each page with its own filter (ASCII, to read it back from the links) and the buttons it shows.
PAGES_WITH_BUTTONS = {
    "parks": (url("parks:list"), {"search": "abc"}, 1),
    "a park's roster": (url("parks:detail", pk=lambda world: world.park.pk), {"q": "abc"}, 1),
    "applications": (after(applications, "applications:list"), {"q": "abc"}, 1),
    "work queue": (after(applications, "applications:queue"), {}, 1),
    "public notices": (after(notice_with_objections, "applications:notices"), {}, 1),
    "objections": (url("applications:notice", pk=lambda world: notice_with_objections(world).pk), {}, 1),
    "audit log": (url("audit:log"), {"park_name": "abc"}, 1),
    "park history": (url("audit:park_history", pk=lambda world: world.park.pk), {"actor": "abc"}, 1),
    "evaluations": (after(evaluation_world, "evaluations:index"), {}, 3),
    "self-evaluation round": (url("evaluations:round", pk=pk_of("self_round")), {}, 1),
    "centralized round": (url("evaluations:round", pk=pk_of("open_round")), {}, 1),
    "evaluation results": (url("evaluations:notice", pk=pk_of("notice")), {}, 1),
    "calendar": (url("workdays:calendar"), {"year": "2027"}, 1),
}


@pytest.mark.parametrize("name", PAGES_WITH_BUTTONS)
def test_the_page_offers_both_downloads_keeping_its_filters(client, world, name):
    address, filters, lists = PAGES_WITH_BUTTONS[name]
    client.force_login(world.users["provincial"])
    content = client.get(address(world), {**filters, "page": "2"}).content.decode()
    links = [parse_qs(html.unescape(link)) for link in re.findall(r'href="\?([^"]*export=[^"]*)"', content)]
    assert sorted(link["export"][0] for link in links) == ["csv"] * lists + ["xlsx"] * lists
    for link in links:
        assert "page" not in link  # the file has every row, not the page's
        assert {key: link[key][0] for key in filters} == filters


@pytest.mark.parametrize("name", ["applications", "audit log", "assessments of a round"])
def test_the_queries_of_an_export_do_not_grow_with_its_rows(client, world, name):
    address, query = SCOPED_LISTS[name]
    user = world.users["provincial"]
    first = address(world)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            csv_text(export(client, user, first, query))
        return len(captured)

    notice_with_objections(world)
    # Labels of the audit log's object types are cached per process: fill the cache so that only rows differ.
    ContentType.objects.get_for_models(*apps.get_models())
    queries()  # the first request also fills other caches (the policy, the calendar)
    before = queries()
    for _ in range(5):
        park = ParkFactory(jurisdiction=world.park.jurisdiction, status="designated")
        application = ApplicationFactory(park=park, state="in_notice")
        notice_with_objections(world).applications.add(application)
        if name == "assessments of a round":
            evaluation_world(world)["open_round"].assessments.create(park=park)
    assert queries() == before
