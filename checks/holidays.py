"""Holiday schedules per year: official ones (chinese-calendar, or keyed in as data) and provisional ones.

A provisional schedule is what can be known before the 国务院办公厅 notice: weekends and the statutory
days off of 《全国年节及纪念日放假办法》 (as revised in 2024, in force from 2025), with no 调休, since
moved working days cannot be guessed. WorkdayCalendar marks every result that rests on one.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import Any

import chinese_calendar

# 除夕, 端午 and 中秋 by solar date. chinese-calendar has solar terms (清明) but no lunar conversion, so these
# are a table: computed with the `lunardate` package 0.3.0 (Hong Kong Observatory tables) and, for 2027,
# agreeing with shared/NATIONAL-RULES.md §6. Extend it when a later year is needed; a year missing here
# and from the official data is an UnknownYearError, never a guess.
LUNAR_FESTIVALS: dict[int, tuple[date, date, date]] = {
    2025: (date(2025, 1, 28), date(2025, 5, 31), date(2025, 10, 6)),
    2026: (date(2026, 2, 16), date(2026, 6, 19), date(2026, 9, 25)),
    2027: (date(2027, 2, 5), date(2027, 6, 9), date(2027, 9, 15)),
    2028: (date(2028, 1, 25), date(2028, 5, 28), date(2028, 10, 3)),
    2029: (date(2029, 2, 12), date(2029, 6, 16), date(2029, 9, 22)),
    2030: (date(2030, 2, 2), date(2030, 6, 5), date(2030, 9, 12)),
}
STATUTORY_RULES_FROM = 2025  # the 2024 revision: 春节 4 days from 除夕, 劳动节 2 days


class UnknownYearError(LookupError):
    """A year with neither an official schedule nor the data for a provisional one."""


class CalendarDataError(ValueError):
    """Holiday data that cannot be used; the message names the key path."""


@dataclass(frozen=True, slots=True)
class YearSchedule:
    """One year's days off and moved working days, and whether they come from an official notice."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]  # weekend days that are working days (调休上班)
    official: bool
    source: str

    def is_workday(self, day: date) -> bool:
        return day in self.workdays or (day.weekday() < 5 and day not in self.holidays)


def package_schedule(year: int) -> YearSchedule | None:
    """The chinese-calendar package's schedule for `year`, or None when the package lacks it."""
    holidays = frozenset(d for d in chinese_calendar.holidays if d.year == year)
    if not holidays:
        return None
    workdays = frozenset(d for d in chinese_calendar.workdays if d.year == year)
    return YearSchedule(year, holidays, workdays, official=True, source="chinese-calendar")


def statutory_schedule(year: int) -> YearSchedule:
    """Weekends plus the statutory days off only: the provisional schedule of a year with no notice yet."""
    if year < STATUTORY_RULES_FROM or year not in LUNAR_FESTIVALS:
        raise UnknownYearError(f"{year}: no official holiday schedule and no lunar dates to build one")
    new_year_eve, dragon_boat, mid_autumn = LUNAR_FESTIVALS[year]
    qingming = next(d for d, name in _solar_terms(year) if name == "清明")
    days = {date(year, 1, 1), qingming, date(year, 5, 1), date(year, 5, 2), dragon_boat, mid_autumn}
    days |= {new_year_eve + timedelta(days=i) for i in range(4)}  # 除夕 to 正月初三
    days |= {date(year, 10, i) for i in (1, 2, 3)}
    return YearSchedule(
        year, frozenset(days), frozenset(), official=False, source="法定节假日（临时推算，未含调休）"
    )


def _solar_terms(year: int) -> list[tuple[date, str]]:
    return chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))


def parse_year_schedules(data: Mapping[str, Any], where: str = "years") -> dict[int, YearSchedule]:
    """Schedules from the TOML shape of checks/holidays.toml and config's [calendar.years]."""
    schedules = {}
    for key, entry in data.items():
        path = f"{where}.{key}"
        if not str(key).isdigit():
            raise CalendarDataError(f"{path}: a year is expected as the key")
        year = int(key)
        holidays = frozenset(_holiday_days(entry.get("holidays", []), path, year))
        workdays = frozenset(_dates(entry.get("workdays", []), f"{path}.workdays", year))
        if not holidays:
            raise CalendarDataError(f"{path}.holidays: at least one holiday is required")
        unknown = set(entry) - {"source", "holidays", "workdays"}
        if unknown:
            raise CalendarDataError(f"{path}.{sorted(unknown)[0]}: unknown key")
        schedules[year] = YearSchedule(
            year, holidays, workdays, official=True, source=str(entry.get("source", ""))
        )
    return schedules


def _holiday_days(ranges: list[Any], path: str, year: int) -> Iterator[date]:
    for i, span in enumerate(ranges):
        start, end = _dates(
            [span.get("from"), span.get("to", span.get("from"))], f"{path}.holidays[{i}]", year
        )
        if end < start:
            raise CalendarDataError(f"{path}.holidays[{i}]: 'to' is before 'from'")
        yield from (start + timedelta(days=n) for n in range((end - start).days + 1))


def _dates(values: list[Any], path: str, year: int) -> list[date]:
    out = []
    for i, value in enumerate(values):
        if type(value) is not date or value.year != year:
            raise CalendarDataError(f"{path}[{i}]: expected a date in {year}, got {value!r}")
        out.append(value)
    return out


def shipped_schedules() -> dict[int, YearSchedule]:
    """The schedules keyed in by hand in checks/holidays.toml."""
    text = resources.files("checks").joinpath("holidays.toml").read_text(encoding="utf-8")
    return parse_year_schedules(tomllib.loads(text)["years"])
