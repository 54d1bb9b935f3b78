"""Importing overrides from CSV: all lines or none, every bad line reported by its number."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from hrparks.workdays import services
from hrparks.workdays.calendar import is_working_day
from hrparks.workdays.models import CalendarOverride
from hrparks.workdays.services import create_override, import_overrides

pytestmark = pytest.mark.django_db

GOOD = """date,kind,source document,note
2027-02-06,working,国办发明电〔2026〕X号（虚构）,春节调休
2027-02-08,rest,国办发明电〔2026〕X号（虚构）
2027-02-20,工作日,国办发明电〔2026〕X号（虚构）
"""


def test_a_clean_file_is_imported(monkeypatch):
    events = []
    monkeypatch.setattr(services, "record_event", lambda action, obj, data=None: events.append((action, data)))
    result = import_overrides(GOOD.encode())
    assert (result.created, result.updated) == (3, 0)
    assert events == [
        ("calendar_import", {"created": 3, "updated": 0, "dates": ["2027-02-06", "2027-02-08", "2027-02-20"]})
    ]
    assert is_working_day(date(2027, 2, 6)) is True
    assert is_working_day(date(2027, 2, 8)) is False
    assert CalendarOverride.objects.get(date=date(2027, 2, 6)).note == "春节调休"


def test_an_existing_date_is_replaced():
    create_override(day=date(2027, 2, 8), is_working_day=True, source_document="旧通知")
    result = import_overrides(GOOD.encode())
    assert (result.created, result.updated) == (2, 1)
    override = CalendarOverride.objects.get(date=date(2027, 2, 8))
    assert (override.is_working_day, override.source_document) == (False, "国办发明电〔2026〕X号（虚构）")


def test_every_bad_line_is_reported_and_nothing_is_imported():
    content = """2027-02-06,working,通知
2027-02-30,working,通知
2027-02-07,holiday,通知
2027-02-09,rest,
2027-02-06,rest,通知
2027-02-10,rest
2300-01-01,rest,通知
"""
    with pytest.raises(ValidationError) as caught:
        import_overrides(content.encode())
    assert caught.value.messages == [
        "第 2 行: 2027-02-30 不是 YYYY-MM-DD 格式的日期",
        "第 3 行: holiday 既不是 working 也不是 rest",
        "第 4 行: 缺少依据文件",
        "第 5 行: 2027-02-06 已在第 1 行出现",
        "第 6 行: 应有 3 列（日期、working|rest、依据文件），可另加备注，实际为 2 列",
        "第 7 行: 日历覆盖 1950–2099 年",
    ]
    assert not CalendarOverride.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "文件中没有日期"), ("2027-02-06,working,通知".encode("gbk") + "，".encode("gbk"), "文件不是 UTF-8 文本")],
)
def test_empty_or_undecodable_files(content, message):
    with pytest.raises(ValidationError, match=message):
        import_overrides(content)


def test_a_byte_order_mark_is_accepted():
    import_overrides("\ufeff2027-02-06,working,通知\n".encode())
    assert CalendarOverride.objects.count() == 1
