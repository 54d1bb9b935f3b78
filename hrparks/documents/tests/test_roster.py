"""The enterprise roster in Excel: the template a park downloads, filled in and uploaded back."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from hrparks.audit.models import AuditEntry
from hrparks.core.tests.test_uploads import repack
from hrparks.documents import roster
from hrparks.parks.models import Enterprise
from hrparks.parks.tests.factories import EnterpriseFactory, ParkFactory, make_uscc

pytestmark = pytest.mark.django_db

GOOD = ["示例人力资源服务有限公司", None, "已入驻", "是", "是", "否", "劳务派遣、培训", 1200000.5]


@pytest.fixture
def park(users):
    park = ParkFactory(name="示例人力资源服务产业园")
    users["operator"].parks.add(park)
    return park


def template(client, user, park) -> bytes:
    client.force_login(user)
    response = client.get(reverse("documents:roster_template", args=[park.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return response.content


def filled(template_bytes: bytes, rows: list[list]) -> SimpleUploadedFile:
    workbook = load_workbook(BytesIO(template_bytes))
    sheet = workbook["企业名录"]
    for index, row in enumerate(rows, 1):
        sheet.append([index, *row])
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("roster.xlsx", buffer.getvalue())


def upload(client, user, park, file):
    client.force_login(user)
    return client.post(reverse("documents:roster_upload", args=[park.pk]), {"file": file})


def test_the_template_has_chinese_headers_and_drop_downs_for_the_code_lists(client, users, park):
    workbook = load_workbook(BytesIO(template(client, users["provincial"], park)))
    sheet = workbook["企业名录"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["序号", "企业名称", "统一社会信用代码", "入驻状态"]
    assert headers[4:7] == ["人力资源服务机构", "经营性机构", "总部落户园区所在地"]
    lists = {
        cells.coord.split(":")[0]: validation
        for validation in sheet.data_validations.dataValidation
        if validation.type == "list"
        for cells in validation.sqref.ranges
    }
    assert set(lists) == {"D2", "E2", "F2", "G2", "H2"}  # residency, the three yes/no columns, formats
    codes = workbook["代码表"]
    assert codes.sheet_state == "hidden"
    assert [c.value for c in codes["A"]][1:3] == ["已入驻", "已签入驻协议"]
    assert "人力资源服务外包" in [c.value for c in codes["C"]]
    assert lists["D2"].showErrorMessage and not lists["H2"].showErrorMessage  # several formats may be typed


def test_a_clean_roster_is_imported_and_audited(client, users, park):
    rows = [[f"示例人力资源服务有限公司{i}", make_uscc(500 + i), *GOOD[2:]] for i in range(3)]
    # The row changes; the log-in and the template's download are recorded too, as access entries.
    created = AuditEntry.objects.filter(action="create")
    before = created.count()
    response = upload(client, users["operator"], park, filled(template(client, users["operator"], park), rows))
    assert response.status_code == 302 and response["Location"] == reverse("documents:panel", args=["park", park.pk])
    imported = list(Enterprise.objects.filter(park=park).order_by("sort_order"))
    assert [e.name for e in imported] == [row[0] for row in rows]
    first = imported[0]
    assert (first.status, first.hr_service_agency, first.operating, first.headquartered_locally) == (
        "resident",
        True,
        True,
        False,
    )
    assert first.business_formats == ["labor_dispatch", "training"]
    assert str(first.revenue_last_year_cny) == "1200000.50"
    assert created.count() == before + 3


def test_every_bad_row_is_reported_and_nothing_is_imported(client, users, park):
    EnterpriseFactory(park=park, uscc=make_uscc(1))
    bad_code = make_uscc(2)[:-1] + ("0" if make_uscc(2)[-1] != "0" else "1")
    rows = [
        ["好企业", make_uscc(3), *GOOD[2:]],
        ["校验位错误", bad_code, *GOOD[2:]],
        ["文件内重复", make_uscc(3), *GOOD[2:]],
        ["园区已有", make_uscc(1), *GOOD[2:]],
        ["未知状态", make_uscc(4), "已退出", "是", "是", "是", "培训", None],
        ["未知业态", make_uscc(5), "已入驻", "是", "是", "是", "培训、炒股", None],
        ["是否不明", make_uscc(6), "已入驻", "可能", "是", "是", "", None],
        ["负收入", make_uscc(7), "已入驻", "是", "是", "是", "", -5],
        [None, make_uscc(8), "已入驻", "是", "是", "是", "", None],
    ]
    response = upload(client, users["city_bureau"], park, filled(template(client, users["city_bureau"], park), rows))
    assert response.status_code == 400
    errors = response.context["errors"]
    assert errors == [
        "第 3 行 统一社会信用代码: 校验码错误",
        "第 4 行 统一社会信用代码: 与第 2 行重复",
        "第 5 行 统一社会信用代码: 园区已有该统一社会信用代码的企业",
        "第 6 行 入驻状态: 未知的值“已退出”；可选：已入驻、已签入驻协议",
        "第 7 行 业态（多个用“、”分隔）: 未知的业态“炒股”",
        "第 8 行 人力资源服务机构: 应为“是”或“否”",
        "第 9 行 上年度营业收入（元）: 不能小于0",
        "第 10 行 企业名称: 必填",
    ]
    assert "未导入任何数据" in response.content.decode()
    assert list(Enterprise.objects.filter(park=park).values_list("uscc", flat=True)) == [make_uscc(1)]


def test_a_file_that_is_not_a_workbook_is_refused_with_a_reason(client, users, park):
    response = upload(client, users["operator"], park, SimpleUploadedFile("roster.xlsx", b"name,uscc\n"))
    assert response.status_code == 400
    assert response.context["errors"] == ["“roster.xlsx”的内容不是有效的.xlsx文件。"]
    response = upload(client, users["operator"], park, SimpleUploadedFile("roster.csv", b"name,uscc\n"))
    assert response.status_code == 400 and response.context["form"].errors["file"]


def test_a_workbook_without_the_required_columns_names_them(client, users, park):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["企业名称", "备注"])
    workbook.active.append(["某公司", "无"])
    buffer = BytesIO()
    workbook.save(buffer)
    response = upload(client, users["operator"], park, SimpleUploadedFile("roster.xlsx", buffer.getvalue()))
    assert response.context["errors"][0] == "第 1 行 统一社会信用代码: 缺少此列"
    assert not Enterprise.objects.filter(park=park).exists()


def test_the_import_is_bulk(client, users, park, django_assert_max_num_queries):
    rows = [[f"示例人力资源服务有限公司{i}", make_uscc(10_000 + i), *GOOD[2:]] for i in range(400)]
    file = filled(template(client, users["operator"], park), rows)
    with django_assert_max_num_queries(40):
        response = upload(client, users["operator"], park, file)
    assert response.status_code == 302
    assert Enterprise.objects.filter(park=park).count() == 400


def test_another_citys_bureau_cannot_import_into_this_park(client, users, park):
    rows = [["某公司", make_uscc(9), *GOOD[2:]]]
    response = upload(client, users["other_city_bureau"], park, filled(template(client, users["operator"], park), rows))
    assert response.status_code == 404
    rows_again = filled(template(client, users["operator"], park), rows)
    assert upload(client, users["provincial"], park, rows_again).status_code == 403  # the province only reads
    assert not Enterprise.objects.filter(park=park).exists()


# The roster passes the same upload checks as any material, before openpyxl opens it (issue 13, item 5).
@pytest.mark.parametrize(
    ("parts", "reason"),
    [
        # 2 MB that pack to a few kilobytes: a zip bomb (300 MB of shared strings in the penetration test).
        ({"xl/sharedStrings.xml": b"<sst>" + b"<si><t>A</t></si>" * 130_000 + b"</sst>"}, "压缩比异常"),
        ({"xl/macrosheets/sheet4.xml": "<xm:macrosheet/>"}, "宏"),
        (
            {
                "xl/externalLinks/_rels/externalLink1.xml.rels": (
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" TargetMode="External" Target="http://evil.example/book.xlsx" '
                    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath"/>'
                    "</Relationships>"
                )
            },
            "外部资源",
        ),
    ],
)
def test_a_roster_the_upload_checks_refuse_imports_nothing(client, users, park, parts, reason):
    rows = [[f"示例人力资源服务有限公司{i}", make_uscc(700 + i), *GOOD[2:]] for i in range(3)]
    clean = filled(template(client, users["operator"], park), rows)
    file = SimpleUploadedFile("roster.xlsx", repack(clean.read(), parts))
    response = upload(client, users["operator"], park, file)
    assert response.status_code == 400
    assert reason in response.context["errors"][0]
    assert not Enterprise.objects.filter(park=park).exists()


def test_a_roster_may_unpack_to_less_than_other_files(client, users, park, monkeypatch):
    rows = [[f"示例人力资源服务有限公司{i}", make_uscc(800 + i), *GOOD[2:]] for i in range(3)]
    file = filled(template(client, users["operator"], park), rows)
    monkeypatch.setattr(roster, "MAX_UNPACKED_BYTES", 10_000)
    response = upload(client, users["operator"], park, file)
    assert response.context["errors"] == ["文件解压后的大小超过允许的上限（9.8\xa0KB）。"]
