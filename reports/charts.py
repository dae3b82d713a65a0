"""Inline SVG charts (no script, no CDN): a line chart with labelled axes and a sparkline.

Every label goes through markupsafe.escape; the result is Markup so templates insert it as is.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

Point = tuple[str, float | None]  # (x label, value); None leaves a gap, marked with ×


def line_chart(
    points: Sequence[Point],
    *,
    title: str,
    y_max: float | None = None,
    color: str = "#1f6feb",
    width: int = 640,
    height: int = 220,
    unit: str = "",
) -> Markup:
    """A line chart of values over labelled steps (sweeps); gaps (None) are marked, not drawn as 0."""
    left, right, top, bottom = 48, 16, 28, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, v in points if v is not None]
    top_value = y_max if y_max is not None else _nice_max(max(values, default=0.0))
    xs = _xs(len(points), left, plot_w)

    def y(value: float) -> float:
        return top + plot_h - (value / top_value * plot_h if top_value else 0.0)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f'<text x="{left}" y="16" class="chart-title">{escape(title)}</text>',
    ]
    for step in range(5):
        value = top_value * step / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y(value) + 4:.1f}" text-anchor="end" class="tick">'
            f"{escape(_fmt(value))}</text>"
        )
    segment: list[str] = []
    for x, (label, value) in zip(xs, points, strict=True):
        parts.append(
            f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" class="tick">{escape(label)}</text>'
        )
        if value is None:
            parts.append(_polyline(segment, color))
            segment = []
            parts.append(
                f'<text x="{x:.1f}" y="{top + plot_h:.1f}" text-anchor="middle" class="gap">×</text>'
            )
            continue
        segment.append(f"{x:.1f},{y(value):.1f}")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="3.5" fill="{color}">'
            f"<title>{escape(label)}：{escape(_fmt(value))}{escape(unit)}</title></circle>"
            f'<text x="{x:.1f}" y="{y(value) - 8:.1f}" text-anchor="middle" class="value">'
            f"{escape(_fmt(value))}</text>"
        )
    parts.append(_polyline(segment, color))
    parts.append("</svg>")
    return Markup("".join(parts))


def sparkline(values: Sequence[float | None], *, width: int = 120, height: int = 28) -> Markup:
    """A small trend line without axes; the last value is a dot."""
    known = [v for v in values if v is not None]
    if not known:
        return Markup(f'<svg class="spark" width="{width}" height="{height}"></svg>')
    low, high = min(known), max(known)
    span = high - low
    xs = _xs(len(values), 4, width - 8)
    coords = [
        (x, height - 4 - ((v - low) / span if span else 0.5) * (height - 8))
        for x, v in zip(xs, values, strict=True)
        if v is not None
    ]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    last_x, last_y = coords[-1]
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spark" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><polyline points="{line}" fill="none" stroke="#1f6feb" '
        f'stroke-width="1.5"/><circle cx="{last_x:.1f}" cy="{last_y:.1f}" r="2.5" fill="#1f6feb"/></svg>'
    )


def _xs(count: int, left: float, span: float) -> list[float]:
    if count <= 1:
        return [left + span / 2] * count
    return [left + span * i / (count - 1) for i in range(count)]


def _polyline(segment: list[str], color: str) -> str:
    if len(segment) < 2:
        return ""
    return f'<polyline points="{" ".join(segment)}" fill="none" stroke="{color}" stroke-width="2"/>'


def _nice_max(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^k at or above value (at least 4, so small counts read well)."""
    bound = 1.0
    while True:
        for step in (1, 2, 5):
            if step * bound >= max(value, 4):
                return step * bound
        bound *= 10


def _fmt(value: float) -> str:
    return f"{round(value, 1):g}"
