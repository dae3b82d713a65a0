"""Dates as Chinese government pages write them: full and year-less forms, digits of every width, URL dates.

The grammar is regex-only (no dateparser) because it runs over every text fragment of every crawled page;
dateparser is kept for the one place where a label is found but the value is in an unexpected form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

MIN_PLAUSIBLE = date(1995, 1, 1)

_WIDTH = str.maketrans("０１２３４５６７８９／－．：　", "0123456789/-.: ")
_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_DATE = re.compile(
    r"([〇○零Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)

# 2026-03-05, 2026/3/5, 2026.03.05 (one separator throughout), 2026年3月5日, 2026 年 3 月 5 日
_FULL = re.compile(
    r"(?<![\d])((?:19|20)\d{2})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|([-/.])\s*(\d{1,2})\s*\4\s*(\d{1,2}))(?![\d])"
)
# 03-05, 3/5, 03.05, 3月5日 — only ever read from a short, date-only text (a list cell), never from prose
_PARTIAL = re.compile(r"(\d{1,2})(?:[-/.](\d{1,2})|月(\d{1,2})日?)")
_TIME = re.compile(r"\d{1,2}\s*(?::|时)\s*\d{1,2}(?:\s*(?::|分)\s*(?:\d{1,2}\s*秒?)?)?")
_BRACKETS = re.compile(r"[\s\[\]()（）【】〔〕<>:：]|发布|日期|时间|更新")
_DIGIT = re.compile(r"\d")
_DATE_ONLY_NOISE = re.compile(r"[\s\[\]()（）【】〔〕<>《》:：,，|丨/\-·]|发布|日期|时间|更新|星期.|周.")

_URL_DAY = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+"),  # TRS: /202106/t20210624_185368.html
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # Hanweb: /art/2020/12/29/art_…
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),  # /2024/12/7/<hash>.shtml
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),  # /2022-01/27/<hash>/
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),  # /jcws2/20240511/<hash>.html
    re.compile(r"[/_]((?:19|20)\d{2})(\d{2})(\d{2})[_.]"),  # /content_20240511.htm, /20240511_1.html
)
_URL_MONTH = (
    re.compile(r"/((?:19|20)\d{2})(\d{2})/"),  # /202106/
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/"),  # /2021-06/
)


@dataclass(frozen=True, slots=True)
class DateHit:
    """One full date found in a text, with its span."""

    start: int
    end: int
    value: date


def normalize(text: str) -> str:
    """Full-width digits and separators to ASCII, and 二〇二六年三月五日 to 2026年3月5日."""
    text = text.translate(_WIDTH)
    if "年" in text and ("〇" in text or "二" in text or "○" in text or "零" in text):
        text = _CN_DATE.sub(_cn_date_digits, text)
    return text


def _cn_number(word: str) -> int:
    if "十" not in word:
        return _CN_DIGITS[word[-1]]
    tens, _, units = word.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _cn_date_digits(match: re.Match[str]) -> str:
    year = "".join(str(_CN_DIGITS[c]) for c in match.group(1))
    return f"{year}年{_cn_number(match.group(2))}月{_cn_number(match.group(3))}日"


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _may_hold_date(text: str) -> bool:
    """False when text can hold no date: no digit of any width, and no 年 (二〇二六年 has no digit). Most
    texts a page shows are dateless: this one test spares them the normalising and the date grammar."""
    return "年" in text or _DIGIT.search(text) is not None


def find_dates(text: str) -> list[DateHit]:
    """Every full (year, month, day) date in text, in order. Spans refer to the normalized text,
    which has the same length as the input except for 二〇二六年三月五日-style dates."""
    hits: list[DateHit] = []
    if not _may_hold_date(text):
        return hits
    for m in _FULL.finditer(normalize(text)):
        month, day = (m.group(2), m.group(3)) if m.group(2) else (m.group(5), m.group(6))
        value = _make(int(m.group(1)), int(month), int(day))
        if value:
            hits.append(DateHit(m.start(), m.end(), value))
    return hits


def first_date(text: str) -> date | None:
    """The first full date in text, or None."""
    hits = find_dates(text)
    return hits[0].value if hits else None


@lru_cache(maxsize=8192)
def is_date_only(text: str) -> bool:
    """True when text is a date (full or year-less) with at most a time, brackets and a date label.
    Cached: list cells repeat the same few dates page after page."""
    if not _may_hold_date(text):
        return False
    if partial_date(text) is not None:
        return True
    text = normalize(text)
    if not find_dates(text):
        return False
    return not _DATE_ONLY_NOISE.sub("", _TIME.sub("", _FULL.sub("", text, count=1)))


def partial_date(text: str) -> tuple[int, int] | None:
    """(month, day) of a year-less date such as [03-05] or 3月5日, when text is only that."""
    if not _may_hold_date(text):
        return None
    m = _PARTIAL.fullmatch(_BRACKETS.sub("", _TIME.sub("", normalize(text))))
    if not m:
        return None
    month, day = int(m.group(1)), int(m.group(2) or m.group(3))
    return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None


def with_year(
    month: int, day: int, *, year_hint: int | None, reference: date, upper: date | None = None
) -> date | None:
    """A year-less date completed from context: the year the entry itself gives (its URL) if any, else the
    year that puts it nearest the reference day (the page's generation stamp, its newest full date, or the
    fetch), never after `upper`."""
    if year_hint:
        return _make(year_hint, month, day)
    options = [
        d
        for y in (reference.year - 1, reference.year, reference.year + 1)
        if (d := _make(y, month, day)) and (upper is None or d <= upper)
    ]
    return min(options, key=lambda d: abs((d - reference).days), default=None)


@lru_cache(maxsize=4096)
def url_date(url: str) -> tuple[date | None, tuple[int, int] | None]:
    """(day, (year, month)) encoded in a URL path; either may be None."""
    path = url.split("?", 1)[0]
    for pattern in _URL_DAY:
        m = pattern.search(path)
        if m:
            value = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if value:
                return value, (value.year, value.month)
    for pattern in _URL_MONTH:
        m = pattern.search(path)
        if m and 1 <= int(m.group(2)) <= 12:
            return None, (int(m.group(1)), int(m.group(2)))
    return None, None


def plausible(value: date, fetched_at: datetime) -> bool:
    """Not before 1995 (no Chinese government site is older) and not after the fetch."""
    return MIN_PLAUSIBLE <= value <= fetched_at.date()


def parse_loose(text: str) -> date | None:
    """Last resort for a labelled value the grammar does not read (e.g. 'Mar 5, 2026'): dateparser."""
    import dateparser  # imported here: slow to import, and needed only on odd pages

    parsed = dateparser.parse(text[:40], languages=["zh", "en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None
