"""The working-day calendar against the State Council's 2026 arrangement as the `holidays` package encodes it:
春节 2月15日（日）至23日（一）放假，2月14日（六）、2月28日（六）上班；
国庆节、中秋节 10月1日至7日放假，9月20日（日）、10月10日（六）上班；元旦 1月1日至3日放假，1月4日（日）上班."""

from datetime import date

import pytest

from hrparks.workdays.calendar import (
    add_working_days,
    count_working_days,
    is_provisional,
    is_working_day,
    working_days_left,
)
from hrparks.workdays.models import CalendarOverride
from hrparks.workdays.services import create_override, delete_override

pytestmark = pytest.mark.django_db

D = date.fromisoformat


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-02-13", True),  # Friday before the festival
        ("2026-02-14", True),  # Saturday, make-up working day
        ("2026-02-15", False),  # Sunday, first day off
        ("2026-02-16", False),  # 除夕
        ("2026-02-17", False),  # 春节
        ("2026-02-20", False),
        ("2026-02-23", False),  # Monday, last day off
        ("2026-02-24", True),
        ("2026-02-28", True),  # Saturday, make-up working day
        ("2026-03-01", False),  # an ordinary Sunday
        ("2026-09-20", True),  # Sunday, make-up for National Day
        ("2026-10-01", False),
        ("2026-10-07", False),  # Wednesday, last day off
        ("2026-10-08", True),
        ("2026-10-10", True),  # Saturday, make-up working day
        ("2026-10-11", False),
        ("2026-01-02", False),  # Friday off after New Year's Day
        ("2026-01-04", True),  # Sunday, make-up working day
    ],
)
def test_2026_holidays_and_make_up_days(day, working):
    assert is_working_day(D(day)) is working


def test_adding_working_days_across_the_spring_festival():
    assert add_working_days(D("2026-02-13"), 1) == D("2026-02-14")
    assert add_working_days(D("2026-02-14"), 1) == D("2026-02-24")
    # A 5-working-day public notice published on Thursday 12 February ends on 26 February.
    assert add_working_days(D("2026-02-12"), 5) == D("2026-02-26")
    assert add_working_days(D("2026-02-12"), 0) == D("2026-02-12")


def test_adding_working_days_across_national_day():
    assert add_working_days(D("2026-09-18"), 1) == D("2026-09-20")
    assert add_working_days(D("2026-09-30"), 1) == D("2026-10-08")
    assert add_working_days(D("2026-09-29"), 4) == D("2026-10-10")  # the make-up Saturday counts
    assert add_working_days(D("2026-09-29"), 5) == D("2026-10-12")


def test_counting_is_a_closed_interval():
    assert count_working_days(D("2026-02-09"), D("2026-03-01")) == 11
    assert count_working_days(D("2026-09-28"), D("2026-10-11")) == 6
    assert count_working_days(D("2026-02-24"), D("2026-02-24")) == 1
    assert count_working_days(D("2026-02-15"), D("2026-02-15")) == 0
    assert count_working_days(D("2026-02-25"), D("2026-02-24")) == 0


def test_across_the_new_year():
    assert add_working_days(D("2025-12-31"), 1) == D("2026-01-04")
    assert count_working_days(D("2025-12-29"), D("2026-01-04")) == 4


def test_working_days_left_until_a_deadline():
    end = D("2026-02-26")
    assert working_days_left(end, today=D("2026-02-12")) == 5
    assert working_days_left(end, today=D("2026-02-20")) == 3  # a holiday: 24, 25, 26 remain
    assert working_days_left(end, today=end) == 0
    assert working_days_left(end, today=D("2026-03-02")) == -3  # 27 Feb, 28 Feb (make-up), 2 Mar


def test_working_days_left_defaults_to_today(time_machine):
    time_machine.move_to("2026-02-13 09:00 +0800")
    assert working_days_left(D("2026-02-24")) == 2  # 14 Feb (make-up) and 24 Feb


def test_negative_counts_and_years_beyond_the_calendar_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D("2026-01-01"), -1)
    with pytest.raises(ValueError, match="2200"):
        is_working_day(D("2200-01-01"))


def test_a_year_without_a_notice_is_provisional_until_overridden():
    assert is_provisional(2026) is False
    assert is_provisional(2027) is True
    create_override(day=D("2027-02-06"), is_working_day=True, source_document="国办发明电〔2026〕X号")
    assert is_provisional(2027) is False


def test_overrides_win_over_the_package():
    create_override(day=D("2026-02-24"), is_working_day=False, source_document="省政府通知（虚构）")
    create_override(day=D("2026-02-28"), is_working_day=False, source_document="省政府通知（虚构）")
    create_override(day=D("2026-03-07"), is_working_day=True, source_document="省政府通知（虚构）", note="周六上班")
    assert is_working_day(D("2026-02-24")) is False
    assert add_working_days(D("2026-02-14"), 1) == D("2026-02-25")
    assert is_working_day(D("2026-02-28")) is False
    assert is_working_day(D("2026-03-07")) is True
    create_override(day=D("2026-10-05"), is_working_day=True, source_document="省政府通知（虚构）")
    assert is_working_day(D("2026-10-05")) is True


def test_deleting_an_override_restores_the_package_day():
    override = create_override(day=D("2026-02-24"), is_working_day=False, source_document="通知")
    assert is_working_day(D("2026-02-24")) is False
    delete_override(override)
    assert is_working_day(D("2026-02-24")) is True
    assert not CalendarOverride.objects.exists()


def test_a_years_calendar_costs_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert (
            count_working_days(D("2026-01-01"), D("2026-12-31")) == 248
        )  # 261 weekdays − 19 days off + 6 make-up days
    with django_assert_num_queries(0):
        add_working_days(D("2026-01-01"), 200)
