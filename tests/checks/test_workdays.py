"""WorkdayCalendar: 调休, Spring Festival, Friday documents, provisional years, data a user adds."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from checks.holidays import (
    LUNAR_FESTIVALS,
    CalendarDataError,
    UnknownYearError,
    shipped_schedules,
    statutory_schedule,
)
from checks.workdays import WorkdayCalendar

CAL = WorkdayCalendar.default()


def _days(year: int) -> list[date]:
    start = date(year, 1, 1)
    return [start + timedelta(days=n) for n in range((date(year + 1, 1, 1) - start).days)]


def test_three_working_days_after_a_friday_document_is_the_next_wednesday() -> None:
    friday = date(2026, 3, 6)
    assert friday.weekday() == 4
    due = CAL.add_working_days(friday, 3)
    assert due.date == date(2026, 3, 11) and due.date.weekday() == 2
    assert not due.provisional
    assert CAL.working_days_between(friday, date(2026, 3, 11)).days == 3
    assert CAL.working_days_between(friday, date(2026, 3, 12)).days == 4


def test_spring_festival_days_are_not_working_days_but_its_moved_saturday_is() -> None:
    # 2026: 02-15 to 02-23 off; Saturday 02-14 is a working day
    assert CAL.is_workday(date(2026, 2, 14))
    assert not any(CAL.is_workday(date(2026, 2, d)) for d in range(15, 24))
    due = CAL.add_working_days(date(2026, 2, 13), 3)  # Friday before the holiday
    assert due.date == date(2026, 2, 25)
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 24)).days == 2


def test_a_moved_saturday_counts_as_a_working_day() -> None:
    saturday = date(2026, 2, 28)
    assert saturday.weekday() == 5 and CAL.is_workday(saturday)
    assert CAL.working_days_between(date(2026, 2, 27), date(2026, 3, 2)).days == 2
    assert CAL.is_workday(date(2025, 2, 8)) and not CAL.is_workday(date(2025, 2, 15))


def test_counting_backwards_is_negative_and_zero_days_is_the_start() -> None:
    assert CAL.working_days_between(date(2026, 3, 11), date(2026, 3, 6)).days == -3
    assert CAL.add_working_days(date(2026, 3, 11), -3).date == date(2026, 3, 6)
    assert CAL.add_working_days(date(2026, 3, 7), 0).date == date(2026, 3, 7)


def test_a_year_without_an_official_schedule_is_provisional_and_says_so() -> None:
    assert CAL.is_provisional(2027) and not CAL.is_provisional(2026)
    new_year = CAL.add_working_days(date(2026, 12, 31), 3)  # Thursday; 2027-01-01 is 元旦
    assert new_year.date == date(2027, 1, 6)
    assert new_year.provisional and new_year.provisional_years == (2027,)
    spring = CAL.add_working_days(date(2027, 2, 4), 3)  # 除夕 Fri 02-05 to 初三 Mon 02-08 off
    assert spring.date == date(2027, 2, 11) and spring.provisional
    span = CAL.working_days_between(date(2026, 12, 25), date(2027, 1, 4))
    assert span.days == 5 and span.provisional_years == (2027,)
    assert not CAL.working_days_between(date(2026, 3, 6), date(2026, 3, 11)).provisional


def test_the_provisional_schedule_has_the_statutory_days_only_and_no_moved_working_days() -> None:
    schedule = statutory_schedule(2027)
    assert len(schedule.holidays) == 13 and not schedule.workdays and not schedule.official
    assert {date(2027, 4, 5), date(2027, 6, 9), date(2027, 9, 15), date(2027, 10, 3)} <= schedule.holidays
    assert date(2027, 10, 4) not in schedule.holidays


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_days_and_lunar_table_agree_with_the_official_years(year: int) -> None:
    """The lunar table and the statutory rule, checked on years whose notice is known."""
    official = {d for d in chinese_calendar.holidays if d.year == year}
    assert statutory_schedule(year).holidays <= official
    new_year_eve = LUNAR_FESTIVALS[year][0]
    assert chinese_calendar.get_holiday_detail(new_year_eve + timedelta(days=1))[1] == "Spring Festival"


@pytest.mark.parametrize("year", [2025, 2026])
def test_shipped_notices_agree_with_chinese_calendar_day_by_day(year: int) -> None:
    shipped = shipped_schedules()[year]
    differ = [d for d in _days(year) if shipped.is_workday(d) != chinese_calendar.is_workday(d)]
    assert differ == []


def test_years_keyed_in_config_win_over_the_provisional_guess() -> None:
    extra = {
        "2027": {
            "source": "测试通知",
            "holidays": [{"name": "元旦", "from": date(2027, 1, 1), "to": date(2027, 1, 3)}],
            "workdays": [date(2027, 1, 9)],
        }
    }
    cal = WorkdayCalendar.default(extra)
    assert not cal.is_provisional(2027)
    assert cal.is_workday(date(2027, 1, 9)) and not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 2, 8))  # the keyed-in year is taken as it is, with no guess mixed in
    assert not cal.add_working_days(date(2026, 12, 31), 3).provisional


def test_calendar_data_errors_name_the_key_path() -> None:
    bad = {"2027": {"holidays": [{"from": date(2026, 1, 1)}]}}
    with pytest.raises(CalendarDataError, match=r"calendar\.years\.2027\.holidays\[0\]"):
        WorkdayCalendar.default(bad)
    with pytest.raises(CalendarDataError, match=r"calendar\.years\.2027\.typo: unknown key"):
        WorkdayCalendar.default({"2027": {"holidays": [{"from": date(2027, 1, 1)}], "typo": 1}})


def test_a_year_with_no_data_at_all_is_an_error_not_a_guess() -> None:
    with pytest.raises(UnknownYearError):
        CAL.is_workday(date(2031, 5, 6))
    with pytest.raises(UnknownYearError):
        WorkdayCalendar({}, use_package=False).is_workday(date(2024, 5, 6))
