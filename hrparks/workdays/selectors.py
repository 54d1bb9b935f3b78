"""Reads for the calendar pages. The calendar is one for the whole platform: every official may read it."""

import calendar as month_grid
from dataclasses import dataclass
from datetime import date

import holidays
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hrparks.api.exports import Column

from .calendar import is_provisional, package_days, year_calendar
from .models import CalendarOverride


@dataclass(frozen=True)
class Day:
    date: date
    working: bool
    holiday_name: str  # the package's name of a statutory holiday or day off
    make_up: bool  # a weekend working day (调休) of the package
    override: CalendarOverride | None

    @property
    def css_class(self) -> str:
        weekend = self.date.weekday() >= 5
        if self.working:
            shade = "bg-warning-subtle fw-bold" if weekend else ""
        else:
            shade = "bg-danger-subtle" if self.holiday_name or not weekend else "bg-body-secondary text-muted"
        return f"{shade} border border-primary border-2" if self.override else shade


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[Day | None]]


@dataclass(frozen=True)
class YearView:
    year: int
    months: list[Month]
    holidays: list[Day]  # days off of the year, package and overrides together
    make_up_days: list[Day]
    overrides: list[CalendarOverride]
    provisional: bool
    official: bool


def _holiday_names(year: int) -> dict[date, str]:
    language = "zh_CN" if (get_language() or "zh-hans").startswith("zh") else "en_US"
    return dict(holidays.China(years=year, language=language).items())


def overrides_of(year: int) -> QuerySet[CalendarOverride]:
    return CalendarOverride.objects.filter(date__year=year).order_by("date")


# The overrides of a year as a spreadsheet, as the calendar page lists them.
OVERRIDE_COLUMNS = [
    Column(_("Date"), "date"),
    Column(_("Day"), "get_kind_display"),
    Column(_("Source document"), "source_document"),
    Column(_("Note"), "note"),
]


def year_view(year: int) -> YearView:
    calendar = year_calendar(year)
    names = _holiday_names(year)
    _holiday_days, make_up_days = package_days(year)
    overrides = {o.date: o for o in overrides_of(year)}

    def day(d: date) -> Day:
        return Day(
            date=d,
            working=calendar.is_working_day(d),
            holiday_name=names.get(d, ""),
            make_up=d in make_up_days,
            override=overrides.get(d),
        )

    months = [
        Month(
            number=number,
            weeks=[
                [day(date(year, number, d)) if d else None for d in week]
                for week in month_grid.Calendar().monthdayscalendar(year, number)
            ],
        )
        for number in range(1, 13)
    ]
    every_day = [d for month in months for week in month.weeks for d in week if d]
    return YearView(
        year=year,
        months=months,
        holidays=[d for d in every_day if not d.working and (d.holiday_name or d.override or d.date.weekday() < 5)],
        make_up_days=[d for d in every_day if d.working and d.date.weekday() >= 5],
        overrides=sorted(overrides.values(), key=lambda o: o.date),
        provisional=is_provisional(year),
        official=calendar.official,
    )


def get_override(pk: int) -> CalendarOverride:
    return get_object_or_404(CalendarOverride, pk=pk)
