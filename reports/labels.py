"""Chinese labels and formatting shared by every report and the dashboard (what a reader sees)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from storage.operations import utc

CHINA = ZoneInfo("Asia/Shanghai")
STATUS_ZH = {
    "pass": "通过",
    "fail": "不合格",
    "warn": "预警",
    "unverifiable": "无法核验",
    "not_applicable": "不适用",
}
STATE_ZH = {
    "open": "待整改",
    "reopened": "重新出现",
    "fixed": "已整改待核实",
    "verified": "已核实",
    "resolved": "已消除",
}
MODE_ZH = {"auto": "自动", "manual": "人工"}
PART_ZH = {"score": "得分", "veto": "单项否决", "deduction": "减分", "bonus": "加分"}
SCORE_STATUS_ZH = {
    "scored": "已评分",
    "not_applicable": "不适用（得满分）",
    "unverifiable": "无法核验（暂缓计分）",
    "awaiting_manual": "待人工评分",
    "vetoed": "单项否决",
    "not_scored": "因否决未评分",
    "exempt": "免评",
}
ROLE_ZH = {"evaluator": "评估人员", "manager": "网站管理员"}
# The unit of what a check measures, for "限值 180 天 / 实测 411 天"; checks not named count items.
MEASURE_UNIT = {
    "freshness": "天",
    "homepage_freshness": "天",
    "interpretation_lag": "个工作日",
    "deadline": "天",
    "date_plausibility": "天",
}


def measure_unit(check: str) -> str:
    return MEASURE_UNIT.get(check, "个")


def points(value: float | None) -> str:
    """Points as people write them: 27.9, 31, "-" when not scored."""
    return "-" if value is None else f"{round(value, 2):g}"


def china_day(moment: datetime) -> date:
    """The day in Beijing time of a stored moment (SQLite hands back naive UTC datetimes)."""
    return utc(moment).astimezone(CHINA).date()


def zh_date(day: date | None) -> str:
    return f"{day:%Y年%m月%d日}" if day else "-"


def zh_time(moment: datetime | None) -> str:
    return f"{utc(moment).astimezone(CHINA):%Y-%m-%d %H:%M}" if moment else "-"
