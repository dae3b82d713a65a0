"""Reporting periods (week, five days, month, quarter, half year, year) and reading them from titles.

Titles name periods in many ways: 2026年3月份, 1-3月, 1至2月, 前两个月, 一季度, 前三季度, 上半年, 2025年度,
上年度. Each is read as a year and a set of months; a check then asks which periods of its own kind
that set covers, so a combined 1-2月 report covers January and February.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["week", "five_days", "month", "quarter", "half_year", "year"]
MONTH_BASED = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
}
_CN_ORDINALS = "一二三四"


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """One reporting period. `index`: ISO week; five-day slot 1-72 (six per month, the last to month
    end); month 1-12; quarter 1-4; half 1-2; 1 for a year. `year` is the ISO year for weeks."""

    kind: str
    year: int
    index: int

    @property
    def start(self) -> date:
        if self.kind == "week":
            return date.fromisocalendar(self.year, self.index, 1)
        if self.kind == "five_days":
            month, slot = divmod(self.index - 1, 6)
            return date(self.year, month + 1, slot * 5 + 1)
        return date(self.year, self.months[0], 1)

    @property
    def end(self) -> date:
        if self.kind == "week":
            return self.start + timedelta(days=6)
        if self.kind == "five_days":
            start = self.start
            if (self.index - 1) % 6 == 5:
                return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
            return start + timedelta(days=4)
        last = self.months[-1]
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    @property
    def months(self) -> tuple[int, ...]:
        span = MONTH_BASED[self.kind]
        first = (self.index - 1) * span + 1
        return tuple(range(first, first + span))

    def next(self) -> Period:
        return period_of(self.end + timedelta(days=1), self.kind)

    def previous(self) -> Period:
        return period_of(self.start - timedelta(days=1), self.kind)

    @property
    def label_zh(self) -> str:
        if self.kind == "week":
            return f"{self.year}年第{self.index}周"
        if self.kind == "five_days":
            start, end = self.start, self.end
            return f"{start.year}年{start.month}月{start.day}日至{end.day}日"
        if self.kind == "month":
            return f"{self.year}年{self.index}月"
        if self.kind == "quarter":
            return f"{self.year}年第{_CN_ORDINALS[self.index - 1]}季度"
        if self.kind == "half_year":
            return f"{self.year}年{'上' if self.index == 1 else '下'}半年"
        return f"{self.year}年"


def period_of(day: date, kind: str) -> Period:
    """The period of `kind` that contains `day`."""
    if kind == "week":
        iso = day.isocalendar()
        return Period(kind, iso.year, iso.week)
    if kind == "five_days":
        return Period(kind, day.year, (day.month - 1) * 6 + min((day.day - 1) // 5, 5) + 1)
    return Period(kind, day.year, (day.month - 1) // MONTH_BASED[kind] + 1)


@dataclass(frozen=True, slots=True)
class TitleSpan:
    """What a title says it covers: a year (None when unstated) and months (empty when unstated)."""

    year: int | None
    months: frozenset[int]
    whole_year: bool = False  # 年度, 全年, 年报: a yearly item, covering no month or quarter by itself
    previous_year: bool = False  # 上年度


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _CN_DIGITS[text]


_NUM = r"(\d{1,2}|十[一二]?|[一二两三四五六七八九十])"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_NUM}月?(?:份)?-{_NUM}月"), "month_range"),
    (re.compile(rf"前{_NUM}个?月"), "first_months"),
    (re.compile(r"前([一二三])季度"), "first_quarters"),
    (re.compile(r"第?([一二三四1-4])季度"), "quarter"),
    (re.compile(r"([上下])半年"), "half"),
    (re.compile(rf"{_NUM}月(?:份)?(?!\d{{1,2}}日|\d)"), "month"),
]


def _normalise(title: str) -> str:
    text = title.translate(str.maketrans("０１２３４５６７８９－—–～~", "0123456789-----"))
    return re.sub(r"\s+", "", text).replace("至", "-").replace("到", "-")


def read_title(title: str) -> TitleSpan:
    """The year and months a title names, e.g. "2026年1-2月财政收支" -> (2026, {1, 2})."""
    text = _normalise(title)
    year_match = re.search(r"((?:19|20)\d{2})年", text)
    months: set[int] = set()
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(text):
            months |= _months(kind, match.groups())
        text = pattern.sub("|", text)
    whole_year = not months and bool(re.search(r"年度|全年|年报|年鉴", title))
    previous = bool(re.search(r"上一?年度?", title)) and not year_match
    return TitleSpan(
        int(year_match.group(1)) if year_match else None,
        frozenset(m for m in months if 1 <= m <= 12),
        whole_year,
        previous,
    )


def _months(kind: str, groups: tuple[str, ...]) -> set[int]:
    if kind == "month_range":
        return set(range(_number(groups[0]), _number(groups[1]) + 1))
    if kind == "first_months":
        return set(range(1, _number(groups[0]) + 1))
    if kind == "first_quarters":
        return set(range(1, 3 * _number(groups[0]) + 1))
    if kind == "quarter":
        q = _number(groups[0])
        return set(range(3 * q - 2, 3 * q + 1))
    if kind == "half":
        return set(range(1, 7)) if groups[0] == "上" else set(range(7, 13))
    return {_number(groups[0])}


def covered_periods(span: TitleSpan, kind: str, published: date | None, rule: str = "all") -> set[Period]:
    """The periods of a month-based `kind` a title covers. rule "all": every period inside the months it
    names; "last": only the one ending at its last month (a cumulative 1-N月), but 1-2月 covers both."""
    months = set(span.months)
    if not months and kind == "year" and (span.whole_year or span.year or span.previous_year):
        months = set(range(1, 13))
    year = _year_of(span, months, published)
    if kind not in MONTH_BASED or not months or year is None:
        return set()
    candidates = (Period(kind, year, i) for i in range(1, 12 // MONTH_BASED[kind] + 1))
    inside = {p for p in candidates if set(p.months) <= months}
    if rule == "last" and not (kind == "month" and months == {1, 2}):
        inside = {p for p in inside if p.months[-1] == max(months)}
    return inside


def _year_of(span: TitleSpan, months: set[int], published: date | None) -> int | None:
    if span.year is not None:
        return span.year
    if published is None:
        return None
    if span.previous_year or not span.months:
        return published.year - 1  # a yearly item with no year is about the year just ended
    return published.year - (1 if min(months) > published.month else 0)
