"""The platform's one Chinese working-day calendar: every deadline is counted here.

A day is a working day when it is Monday–Friday and not a statutory holiday, or when it is a
make-up working day (调休) on a weekend. Holidays and make-up days come from the `holidays`
package (China: public holidays, including the State Council's substituted days off; the make-up
working weekend days are its `weekend_workdays`, since 0.109 has no WORKDAY category for China).
The provincial bureau's `CalendarOverride` rows win over the package.

A year the package has no State Council notice for (its `special_public_holidays`) and no override
touches is *provisional*: the package's estimate is used, and pages say so.

Each year is computed once and kept in the process's own cache (settings.CACHES["local"]), so a
page full of deadlines costs at most one query per year, once a minute; writing an override
forgets its year at once in the writing process (see signals.py), and every other web or worker
process rebuilds it within CACHE_SECONDS."""

from dataclasses import dataclass
from datetime import date, timedelta

import holidays
from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import gettext as _
from holidays.countries.china import ChinaStaticHolidays

from .models import CalendarOverride

CACHE_SECONDS = 60
FIRST_YEAR = holidays.China.start_year
LAST_YEAR = holidays.China.end_year - 1  # a year's make-up days may sit in the next year's notice
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class YearCalendar:
    year: int
    rest_weekdays: frozenset[date]  # Monday–Friday days off
    working_weekend_days: frozenset[date]  # Saturdays and Sundays worked (调休)
    official: bool  # the package has the State Council's notice for this year
    has_overrides: bool

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return day in self.working_weekend_days
        return day not in self.rest_weekdays


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            _("the working-day calendar covers %(first)s–%(last)s, not %(year)s")
            % {"first": FIRST_YEAR, "last": LAST_YEAR, "year": year}
        )


def package_days(year: int) -> tuple[set[date], set[date]]:
    """The package's (holidays, make-up working days) of a year."""
    # The next year's notice is loaded too: it may move a working day into this year (2001-12-29 for 2002).
    china = holidays.China(years=(year, year + 1))
    holiday_days = {day for day in china if day.year == year}
    make_up_days = {day for day in china.weekend_workdays if day.year == year}
    return holiday_days, make_up_days


def _build(year: int) -> YearCalendar:
    holiday_days, make_up_days = package_days(year)
    rest = {day for day in holiday_days if day.weekday() < 5}
    worked = set(make_up_days)
    overrides = list(CalendarOverride.objects.filter(date__year=year).values_list("date", "is_working_day"))
    for day, working in overrides:
        if day.weekday() >= 5:
            (worked.add if working else worked.discard)(day)
        else:
            (rest.discard if working else rest.add)(day)
    return YearCalendar(
        year=year,
        rest_weekdays=frozenset(rest),
        working_weekend_days=frozenset(worked),
        official=year in ChinaStaticHolidays.special_public_holidays,
        has_overrides=bool(overrides),
    )


def _cache_key(year: int) -> str:
    return f"workdays:year:{year}"


def year_calendar(year: int) -> YearCalendar:
    _check_year(year)
    calendar = caches["local"].get(_cache_key(year))
    if calendar is None:
        calendar = _build(year)
        caches["local"].set(_cache_key(year), calendar, CACHE_SECONDS)
    return calendar


def forget_year(year: int) -> None:
    caches["local"].delete(_cache_key(year))


class _Years(dict):
    """Year calendars fetched once per computation, however many days it walks."""

    def __missing__(self, year: int) -> YearCalendar:
        self[year] = year_calendar(year)
        return self[year]


def is_working_day(day: date) -> bool:
    return year_calendar(day.year).is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (`start` itself is not counted; n = 0 gives `start`)."""
    if n < 0:
        raise ValueError("n must not be negative")
    years = _Years()
    day = start
    while n:
        day += ONE_DAY
        if years[day.year].is_working_day(day):
            n -= 1
    return day


def count_working_days(start: date, end: date) -> int:
    """Working days from `start` to `end`, both included (0 when `end` is before `start`)."""
    years = _Years()
    count = 0
    day = start
    while day <= end:
        count += years[day.year].is_working_day(day)
        day += ONE_DAY
    return count


def working_days_left(end: date, today: date | None = None) -> int:
    """Working days after today up to the deadline `end` included: 0 on the last day, negative when
    the deadline has passed (-2: two working days late)."""
    today = today or timezone.localdate()
    if end >= today:
        return count_working_days(today + ONE_DAY, end)
    return -count_working_days(end + ONE_DAY, today)


def is_provisional(year: int) -> bool:
    """True for a year with neither the State Council's notice in the package nor any override."""
    calendar = year_calendar(year)
    return not (calendar.official or calendar.has_overrides)
