"""The exporter the list pages and the API share: what a spreadsheet user opens."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from hrparks.api.exports import Column, export_response
from hrparks.parks.models import Park
from hrparks.parks.tests.factories import ParkFactory


class Row:
    def __init__(self, **values):
        self.__dict__.update(values)


COLUMNS = [
    Column("名称", "name"),
    Column("金额", "amount"),
    Column("日期", "day"),
    Column("启用", "enabled"),
    Column("业态", "formats"),
    Column("长度", lambda row: len(row.name)),
]
ROWS = [
    Row(
        name='=HYPERLINK("http://evil")',
        amount=Decimal("12.50"),
        day=datetime.date(2025, 10, 9),
        enabled=True,
        formats=["培训", "测评"],
    ),
    Row(name="普通园区\x07", amount=None, day=None, enabled=False, formats=[]),
]


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_is_streamed_utf8_with_a_bom_and_formulas_stay_text():
    response = export_response(ROWS, COLUMNS, file_format="csv", filename="园区")
    assert isinstance(response, StreamingHttpResponse)
    assert "filename*=utf-8''" in response["Content-Disposition"]
    header, first, second = csv_rows(response)
    assert header == ["名称", "金额", "日期", "启用", "业态", "长度"]
    assert first == ['\'=HYPERLINK("http://evil")', "12.50", "2025-10-09", "是", "培训、测评", "25"]
    assert second[1:4] == ["", "", "否"]


def test_xlsx_keeps_numbers_and_dates_and_never_writes_a_formula():
    response = export_response(ROWS, COLUMNS, file_format="xlsx", filename="园区")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    # The same rule as the CSV's: the formula stays text, with the apostrophe that says so.
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert rows[1][1] == 12.5
    assert rows[1][2] == datetime.datetime(2025, 10, 9)
    assert rows[2][0] == "普通园区"  # control characters a workbook cannot hold are dropped


@pytest.mark.django_db
def test_a_queryset_is_read_in_chunks_in_one_query_per_chunk(django_assert_max_num_queries):
    for _ in range(30):
        ParkFactory()
    parks = Park.objects.select_related("jurisdiction").order_by("id")
    with django_assert_max_num_queries(2):
        response = export_response(
            parks, [Column("园区", "name"), Column("辖区", "jurisdiction.name")], file_format="csv", filename="parks"
        )
        assert len(csv_rows(response)) == 31


def test_an_unknown_format_is_a_programming_error():
    with pytest.raises(ValueError, match="pdf"):
        export_response([], COLUMNS, file_format="pdf", filename="x")
