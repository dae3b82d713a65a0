"""WorkdayCalendar: Chinese working days with 调休, where every result says if it rests on a guess.

Official years come from data a user can extend (config's [calendar.years]) first, then the shipped
checks/holidays.toml, then the chinese-calendar package. A year with none of these is counted with
weekends and statutory holidays only, and every count or date that touches it is marked provisional.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from checks.holidays import (
    YearSchedule,
    package_schedule,
    parse_year_schedules,
    shipped_schedules,
    statutory_schedule,
)


@dataclass(frozen=True, slots=True)
class WorkdayCount:
    """A number of working days, and the years without an official schedule that it touched."""

    days: int
    provisional_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)


@dataclass(frozen=True, slots=True)
class WorkdayDate:
    """A date reached by counting working days, and the years without an official schedule on the way."""

    date: date
    provisional_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)


class WorkdayCalendar:
    """Working days in mainland China: weekends, public holidays and moved working days (调休)."""

    def __init__(
        self, official: Mapping[int, YearSchedule] | None = None, *, use_package: bool = True
    ) -> None:
        self._official = dict(official or {})
        self._use_package = use_package
        self._cache: dict[int, YearSchedule] = {}

    @classmethod
    def default(cls, extra_years: Mapping[str, Any] | None = None) -> WorkdayCalendar:
        """chinese-calendar, then the shipped data, then `extra_years` (config's [calendar.years] table,
        whose years win: they are what the user keyed in from the latest notice)."""
        official = shipped_schedules()
        official.update(parse_year_schedules(extra_years or {}, where="calendar.years"))
        return cls(official)

    def schedule(self, year: int) -> YearSchedule:
        """The year's schedule: official when known, else provisional; UnknownYearError when neither."""
        if year not in self._cache:
            found = self._official.get(year) or (package_schedule(year) if self._use_package else None)
            self._cache[year] = found or statutory_schedule(year)
        return self._cache[year]

    def is_provisional(self, year: int) -> bool:
        return not self.schedule(year).official

    def is_workday(self, day: date) -> bool:
        return self.schedule(day.year).is_workday(day)

    def working_days_between(self, start: date, end: date) -> WorkdayCount:
        """Working days d with start < d <= end (negative when end is before start).

        A document published on a Friday and interpreted on the next Wednesday is 3 working days apart.
        """
        low, high = sorted((start, end))
        days = sum(1 for n in range(1, (high - low).days + 1) if self.is_workday(low + timedelta(days=n)))
        return WorkdayCount(days if end >= start else -days, self._provisional_years(low, high))

    def add_working_days(self, start: date, n: int) -> WorkdayDate:
        """The date `n` working days after `start` (before it when n < 0); `start` itself when n == 0."""
        step = timedelta(days=1 if n >= 0 else -1)
        day, left = start, abs(n)
        while left:
            day += step
            left -= self.is_workday(day)
        return WorkdayDate(day, self._provisional_years(min(start, day), max(start, day)))

    def _provisional_years(self, low: date, high: date) -> tuple[int, ...]:
        return tuple(y for y in range(low.year, high.year + 1) if self.is_provisional(y))
