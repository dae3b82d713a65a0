"""The ranking of all sites under one rulebook in one sweep: totals, branch subtotals and every leaf's
points with auto and manual apart, vetoes marked, per site level and per 责任单位.

Built from the same rows as `govwatch scores --format json` (storage.scores), so the two always agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from reports.catalog import rulebook
from reports.labels import MODE_ZH, PART_ZH
from storage.models import Site
from storage.scores import latest_scored_sweep, list_scores, list_site_scores, unit_summary

TOTAL_COLUMNS = (
    ("total", "总分"),
    ("auto_points", "自动得分"),
    ("manual_points", "人工得分"),
    ("withheld", "待核验"),
    ("awaiting_manual", "待人工"),
    ("score", "得分部分"),
    ("deductions", "扣分"),
    ("bonus", "加分"),
    ("max_points", "满分"),
)


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str
    kind: str  # info | total | node | auto | manual
    numeric: bool = True


@dataclass(frozen=True, slots=True)
class RankRow:
    rank: int | None  # None when vetoed: a vetoed site is not ranked
    site: str
    level: str
    unit: str
    verdict: str
    vetoed_by: tuple[str, ...]
    provisional: bool
    values: Mapping[str, Any]  # column key → value
    vetoed_cells: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    name: str
    part: str
    mode: str
    max_points: float | None
    source_text: str


@dataclass(frozen=True, slots=True)
class Ranking:
    rulebook: str
    rulebook_name: str
    sweep_id: int
    as_of: str
    columns: tuple[Column, ...]
    rows: tuple[RankRow, ...]
    units: tuple[dict[str, Any], ...]  # per 责任单位 of the sites (storage.scores.unit_summary)
    unit_totals: tuple[dict[str, Any], ...]  # per 责任单位 named by the indicators, per site
    indicators: tuple[Indicator, ...] = field(default=())

    def levels(self) -> dict[str, tuple[RankRow, ...]]:
        """Site level (省/市/县区/部门…) → its sites ranked among themselves."""
        groups: dict[str, list[RankRow]] = {}
        for row in self.rows:
            groups.setdefault(row.level or "其他", []).append(row)
        return {level: rank_rows(rows) for level, rows in groups.items()}


def build_ranking(engine: Engine, rulebook_id: str, sweep_id: int | None = None) -> Ranking:
    """The ranking under a rulebook in a sweep (default: the latest scored with it)."""
    sweep_id = sweep_id if sweep_id is not None else latest_scored_sweep(engine, rulebook_id)
    if sweep_id is None:
        raise LookupError(
            f"no scores for rulebook {rulebook_id!r} yet; run govwatch score --rulebook {rulebook_id}"
        )
    totals = list_site_scores(engine, sweep_id, rulebook_id)
    if not totals:
        raise LookupError(f"sweep {sweep_id} was not scored with {rulebook_id!r}")
    leaves = list_scores(engine, sweep_id, rulebook_id)
    with Session(engine) as session:
        levels = dict(session.execute(select(Site.name, Site.level)).all())
    indicators = _indicators(rulebook_id, leaves)
    columns = _columns(indicators, totals)
    by_site: dict[str, list[dict[str, Any]]] = {}
    for leaf in leaves:
        by_site.setdefault(leaf["site"], []).append(leaf)
    rows = [_row(t, levels.get(t["site"], ""), by_site.get(t["site"], [])) for t in totals]
    book = rulebook(rulebook_id)
    return Ranking(
        rulebook=rulebook_id,
        rulebook_name=book.meta.name if book else rulebook_id,
        sweep_id=sweep_id,
        as_of=totals[0]["as_of"],
        columns=columns,
        rows=rank_rows(rows),
        units=tuple(unit_summary(totals)),
        unit_totals=tuple({"site": t["site"], **u} for t in totals for u in t["unit_totals"]),
        indicators=indicators,
    )


def _indicators(rulebook_id: str, leaves: Sequence[Mapping[str, Any]]) -> tuple[Indicator, ...]:
    """Every indicator in rulebook order: leaves as scored, branches from the rulebook file."""
    book = rulebook(rulebook_id)
    scored = {r["indicator"]["id"]: r for r in leaves}
    if book is None:
        return tuple(
            Indicator(i, r["indicator"]["name"], r["part"], r["mode"], r["max_points"], "")
            for i, r in scored.items()
        )
    return tuple(
        Indicator(
            id=n.id,
            name=n.indicator.name,
            part=n.part,
            mode=(n.indicator.mode or "") if n.is_leaf else "",
            max_points=n.max_points,
            source_text=n.indicator.source_text,
        )
        for n in book.nodes.values()
        if not n.is_leaf or n.id in scored
    )


def _columns(indicators: Sequence[Indicator], totals: Sequence[Mapping[str, Any]]) -> tuple[Column, ...]:
    nodes = {key for t in totals for key in t["nodes"]}
    info = [
        Column("rank", "名次", "info"),
        Column("site", "站点", "info", False),
        Column("level", "层级", "info", False),
        Column("unit", "责任单位", "info", False),
        Column("verdict", "结论", "info", False),
        Column("vetoed_by", "单项否决", "info", False),
    ]
    return tuple(
        info
        + [Column(key, header, "total") for key, header in TOTAL_COLUMNS]
        + [Column(f"node:{i.id}", f"{i.id} {i.name}（小计）", "node") for i in indicators if i.id in nodes]
        + [
            Column(f"leaf:{i.id}", f"{i.id} {i.name}〔{MODE_ZH[mode]}·{PART_ZH.get(i.part, i.part)}〕", mode)
            for mode in ("auto", "manual")
            for i in indicators
            if i.mode == mode
        ]
    )


def _row(total: Mapping[str, Any], level: str, leaves: Sequence[Mapping[str, Any]]) -> RankRow:
    values: dict[str, Any] = {key: total[key] for key, _ in TOTAL_COLUMNS}
    values |= {f"node:{key}": value for key, value in total["nodes"].items()}
    values |= {f"leaf:{r['indicator']['id']}": r["points"] for r in leaves}
    vetoed = frozenset(f"leaf:{r['indicator']['id']}" for r in leaves if r["status"] == "vetoed")
    names = {r["indicator"]["id"]: r["indicator"]["name"] for r in leaves}
    vetoes = tuple(f"{v} {names.get(v, '')}".strip() for v in total["vetoed_by"])
    verdict = (total["verdict"] or "-") + ("（临时）" if total["provisional"] else "")
    values |= {
        "site": total["site"],
        "level": level,
        "unit": total["unit"],
        "verdict": verdict,
        "vetoed_by": "、".join(vetoes),
    }
    return RankRow(
        None,
        total["site"],
        level,
        total["unit"],
        total["verdict"],
        vetoes,
        bool(total["provisional"]),
        values,
        vetoed,
    )


def rank_rows(rows: Sequence[RankRow]) -> tuple[RankRow, ...]:
    """Highest total first, ties share a rank (1, 2, 2, 4); vetoed or unscored sites come last, unranked."""
    ordered = sorted(
        rows,
        key=lambda r: (r.vetoed_by != () or r.values["total"] is None, -(r.values["total"] or 0.0), r.site),
    )
    ranked: list[RankRow] = []
    for position, row in enumerate(ordered, start=1):
        if row.vetoed_by or row.values["total"] is None:
            ranked.append(replace(row, rank=None, values={**row.values, "rank": None}))
            continue
        previous = ranked[-1] if ranked else None
        same = (
            previous is not None
            and previous.rank is not None
            and previous.values["total"] == row.values["total"]
        )
        rank = previous.rank if same and previous else position
        ranked.append(replace(row, rank=rank, values={**row.values, "rank": rank}))
    return tuple(ranked)
