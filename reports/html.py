"""HTML rendering with Jinja2 (autoescape on: page titles and snippets come from crawled pages and are
untrusted): the 整改通知 and the trend page as self-contained files, and the dashboard's pages."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from reports import labels
from reports.charts import line_chart, sparkline
from reports.data import Shot, SiteReport
from reports.trends import Trend

TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters |= {
        "pts": labels.points,
        "zh_date": labels.zh_date,
        "zh_time": labels.zh_time,
        "data_uri": data_uri,
        "unit_of": labels.measure_unit,
        "measure": measure,
        "zip_values": zip_values,
        "safe_href": safe_href,
    }
    env.globals |= {
        "STATUS_ZH": labels.STATUS_ZH,
        "STATE_ZH": labels.STATE_ZH,
        "MODE_ZH": labels.MODE_ZH,
        "PART_ZH": labels.PART_ZH,
        "SCORE_STATUS_ZH": labels.SCORE_STATUS_ZH,
        "ROLE_ZH": labels.ROLE_ZH,
        "line_chart": line_chart,
        "sparkline": sparkline,
        "evidence_src": evidence_src,
    }
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def data_uri(shot: Shot) -> str:
    """The screenshot inline, so a report file (and its PDF) needs nothing else."""
    if not shot.image:
        return ""
    return f"data:{shot.mime};base64,{base64.b64encode(shot.image).decode('ascii')}"


def measure(value: Any, check: str) -> str:
    """A measured value or a limit, with its unit when it is a number: 411 天, 3 个; "-" when none."""
    if value is None or value == "":
        return "-"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:g} {labels.measure_unit(check)}"


def evidence_src(shot: Shot) -> str:
    """The dashboard's URL of a screenshot (access checked there, per site)."""
    return f"/evidence/{shot.id}/image"


def safe_href(url: Any) -> str:
    """A crawled URL as a link target only when it is http(s): never javascript: or data: from a page."""
    text = str(url or "")
    return text if text.lower().startswith(("http://", "https://")) else "#"


def zip_values(labels: list[str], points: Any, attribute: str) -> list[tuple[str, Any]]:
    """(label, value) pairs for a chart: one label per point, the value read from each point."""
    return [(label, getattr(point, attribute)) for label, point in zip(labels, points, strict=True)]


def render_notice(report: SiteReport, reason_labels: Mapping[str, str] | None = None) -> str:
    """The 整改通知 of one site as one self-contained HTML document (screenshots inline)."""
    return render("notice.html", r=report, reasons=reason_labels or {}, image_src=data_uri)


def render_trend(trend: Trend) -> str:
    """A site's score and problems over its sweeps, as charts and a table."""
    return render("trend.html", t=trend)
