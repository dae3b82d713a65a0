"""Scoring: a rulebook turns findings and manual entries into one score per indicator per site, then totals.

Unknown is not failure (DESIGN rule 2): an `unverifiable` finding never loses points; the points it could
decide are `withheld` (neither earned nor lost, shown apart, pending review). Each rule kind is a small
pure function in SCORING_RULES; for one leaf it returns what was earned, lost and withheld, which add up
to the leaf's points. Manual entries (site -> indicator id -> (points, note)) are kept apart from the
automatic part in every total; an entry on an auto leaf overrides it (a reviewer's 核减 or decision).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from checks.context import CheckContext
from checks.model import Finding, Status
from checks.rulebook import EPS, Bands, Bonus, Deduct, Node, PerItem, Rulebook, Verdict, Veto
from checks.runner import run_checks
from storage.views import SiteView

ManualEntry = tuple[float, str]
Findings = Mapping[str, Sequence[Finding]]  # a site's findings by the rulebook's check key (Rulebook.refs)
PASSED = (Status.PASS, Status.WARN)  # a warning is an early notice, not a failure


class ManualScoreError(ValueError):
    """A manual entry that cannot be used: unknown indicator, not a leaf, or points out of range."""


class ScoreStatus(StrEnum):
    SCORED = "scored"
    NOT_APPLICABLE = "not_applicable"  # nothing to judge: full points, nothing against the site
    UNVERIFIABLE = "unverifiable"  # some points withheld pending review, never lost
    AWAITING_MANUAL = "awaiting_manual"  # a manual leaf with no entry yet
    VETOED = "vetoed"  # a single-veto item that applies
    NOT_SCORED = "not_scored"  # left unscored because a veto applies
    EXEMPT = "exempt"  # not scored for this site (e.g. 办事服务 of a department without services)


@dataclass(frozen=True, slots=True)
class FindingRef:
    ref: str
    check: str
    target: str
    status: str


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """One indicator of one site. `points` is the signed contribution (a deduction is negative)."""

    site: str
    indicator: str
    name: str
    part: str
    mode: str
    status: ScoreStatus
    points: float
    max_points: float | None
    withheld: float = 0.0
    findings: tuple[FindingRef, ...] = ()
    review: bool = False  # a point range was resolved by policy: a person should confirm
    note: str = ""
    units: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "indicator": {"id": self.indicator, "name": self.name},
            "part": self.part,
            "points": round(self.points, 4),
            "max_points": self.max_points,
            "withheld": round(self.withheld, 4),
            "mode": self.mode,
            "status": self.status.value,
            "review": self.review,
            "note": self.note,
            "units": list(self.units),
            "findings": [dataclasses.asdict(f) for f in self.findings],
        }


@dataclass(frozen=True)
class LeafInput:
    """What a rule sees of one leaf in one site."""

    points: float | None
    found: tuple[tuple[str, Finding], ...]  # (check key, finding), after the rule's target filters
    refs: tuple[str, ...]
    ran: frozenset[str]  # the check keys that were run for this site
    claimed: frozenset[str] = frozenset()  # targets already lost in the rule's dedupe group


@dataclass(frozen=True)
class Outcome:
    earned: float = 0.0
    lost: float = 0.0
    withheld: float = 0.0
    status: ScoreStatus = ScoreStatus.SCORED
    decided: tuple[tuple[str, Finding], ...] = ()
    review: bool = False
    note: str = ""
    claimed: frozenset[str] = frozenset()


def _with(leaf: LeafInput, *statuses: Status) -> tuple[tuple[str, Finding], ...]:
    return tuple(kf for kf in leaf.found if kf[1].status in statuses)


def _fresh_fails(leaf: LeafInput) -> tuple[tuple[str, Finding], ...]:
    return tuple(kf for kf in _with(leaf, Status.FAIL) if kf[1].target not in leaf.claimed)


def _not_run(leaf: LeafInput) -> bool:
    return any(ref not in leaf.ran for ref in leaf.refs)


def _number(finding: Finding) -> float | None:
    value = finding.measured
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _withhold(full: float, unknown: tuple[tuple[str, Finding], ...]) -> Outcome:
    return Outcome(
        withheld=full, status=ScoreStatus.UNVERIFIABLE, decided=unknown, note="" if unknown else UNRUN
    )


def _cap(rule: Any, leaf: LeafInput) -> float:
    cap = rule.cap if rule.cap is not None else leaf.points
    return float("inf") if cap is None else cap


UNRUN = "检查未运行或未采集到结果，暂不计分，待复核。"
DEDUPED = "部分问题已在其他指标扣分，不重复扣分。"


def all_or_nothing(rule: Any, leaf: LeafInput) -> Outcome:
    """Full points when every finding passes; none when one fails; withheld when one is unverifiable."""
    full = leaf.points or 0.0
    fails = _fresh_fails(leaf)
    deduped = len(fails) < len(_with(leaf, Status.FAIL))
    if fails:
        return Outcome(lost=full, decided=fails, claimed=frozenset(f.target for _, f in fails))
    unknown = _with(leaf, Status.UNVERIFIABLE)
    if unknown or _not_run(leaf):
        return _withhold(full, unknown)
    passes = _with(leaf, *PASSED)
    if passes or deduped:
        return Outcome(earned=full, decided=passes, note=DEDUPED if deduped else "")
    na = _with(leaf, Status.NOT_APPLICABLE)
    return {
        "full": Outcome(earned=full, status=ScoreStatus.NOT_APPLICABLE, decided=na),
        "zero": Outcome(lost=full, decided=na),
        "unverifiable": Outcome(
            withheld=full,
            status=ScoreStatus.UNVERIFIABLE,
            decided=na,
            note="未发现相应栏目或信息，待人工核实。",
        ),
    }[rule.on_not_applicable]


def _item_state(found: Sequence[tuple[str, Finding]], ran: bool) -> Status:
    statuses = {f.status for _, f in found}
    if Status.FAIL in statuses:
        return Status.FAIL
    if Status.UNVERIFIABLE in statuses or not ran:
        return Status.UNVERIFIABLE
    return Status.PASS


def per_item(rule: PerItem, leaf: LeafInput) -> Outcome:
    """`per` points for each item met (an item is one check, or one finding), up to the cap."""
    if rule.items == "checks":
        states = [
            _item_state([kf for kf in leaf.found if kf[0] == ref], ref in leaf.ran) for ref in leaf.refs
        ]
    else:
        states = [f.status for _, f in leaf.found if f.status is not Status.NOT_APPLICABLE]
    met = sum(s in PASSED for s in states)
    unknown = sum(s is Status.UNVERIFIABLE for s in states) + (_not_run(leaf) and rule.items == "findings")
    cap, full = _cap(rule, leaf), leaf.points or 0.0
    earned = min(cap, rule.per * met)
    withheld = min(max(cap - earned, 0.0), rule.per * unknown)
    status = ScoreStatus.UNVERIFIABLE if withheld > EPS else ScoreStatus.SCORED
    decided = tuple(kf for kf in leaf.found if kf[1].status is not Status.NOT_APPLICABLE)
    note = f"{len(states)}项中{met}项符合" + (f"，{unknown}项无法核验" if unknown else "")
    return Outcome(earned, max(full - earned - withheld, 0.0), withheld, status, decided, note=note)


def _measure(rule: Bands, judged: Sequence[tuple[str, Finding]]) -> float | None:
    if rule.measure == "fails":
        return float(sum(f.status is Status.FAIL for _, f in judged))
    if rule.measure == "passes":
        return float(sum(f.status in PASSED for _, f in judged))
    values = [v for _, f in judged if (v := _number(f)) is not None]
    return sum(values) if values else None


def bands(rule: Bands, leaf: LeafInput) -> Outcome:
    """Points by the band the measured value falls in; a point range is resolved by `range_policy`."""
    full = leaf.points or 0.0
    judged = tuple(kf for kf in leaf.found if kf[1].status is not Status.NOT_APPLICABLE)
    unknown = _with(leaf, Status.UNVERIFIABLE)
    value = None if unknown or _not_run(leaf) else _measure(rule, judged)
    if value is None:
        return _withhold(full, unknown)
    band = next(
        (b for b in rule.bands if (b.min is None or value >= b.min) and (b.max is None or value <= b.max)),
        None,
    )
    if band is None:
        return Outcome(lost=full, decided=judged, note=f"测得{value:g}，不在任何分档内，不得分。")
    low, high = band.points if isinstance(band.points, tuple) else (band.points, band.points)
    pick = high if rule.range_policy.startswith("high") else low
    review = low != high and rule.range_policy.endswith("review")
    note = (
        f"测得{value:g}，得分区间{low:g}-{high:g}，按{'上限' if pick == high else '下限'}计{pick:g}分"
        if low != high
        else f"测得{value:g}"
    )
    note += "，待人工复核。" if review else "。"
    return Outcome(earned=pick, lost=full - pick, decided=judged, review=review, note=note)


def _per(rule: Deduct, finding: Finding) -> float:
    """Points per occurrence: by the finding's target, else by its column's category, else `per`."""
    return rule.per_target.get(finding.target, rule.per_target.get(finding.category, rule.per))


def _amount(rule: Deduct, finding: Finding) -> float:
    per = _per(rule, finding)
    measured = _number(finding) if rule.count == "measured" else None
    return per * measured if measured is not None else per


def deduct(rule: Deduct, leaf: LeafInput) -> Outcome:
    """`per` points off for each occurrence (each failing finding, or its measured count), up to the cap."""
    cap = _cap(rule, leaf)
    if _not_run(leaf):
        withheld = leaf.points if leaf.points is not None else 0.0
        return Outcome(withheld=withheld, status=ScoreStatus.UNVERIFIABLE, note=UNRUN)
    fails = _fresh_fails(leaf)
    unknown = _with(leaf, Status.UNVERIFIABLE)
    lost = min(cap, sum(_amount(rule, f) for _, f in fails))
    withheld = min(cap - lost, sum(_per(rule, f) for _, f in unknown))
    earned = max((leaf.points or 0.0) - lost - withheld, 0.0)
    status = ScoreStatus.UNVERIFIABLE if withheld > EPS else ScoreStatus.SCORED
    deduped = len(fails) < len(_with(leaf, Status.FAIL))
    capped = f"（封顶{cap:g}分）" if cap != float("inf") and lost and lost >= cap - EPS else ""
    note = (f"扣{round(lost, 4):g}分{capped}。" if lost else "") + (DEDUPED if deduped else "")
    claimed = frozenset(f.target for _, f in fails)
    return Outcome(earned, lost, withheld, status, fails + unknown, note=note, claimed=claimed)


def veto(rule: Veto, leaf: LeafInput) -> Outcome:
    """The item applies (the site fails outright) when at least `min_fails` findings fail."""
    fails = _with(leaf, Status.FAIL)
    if len(fails) >= rule.min_fails:
        return Outcome(status=ScoreStatus.VETOED, decided=fails, note="触发单项否决。")
    unknown = _with(leaf, Status.UNVERIFIABLE)
    if unknown or _not_run(leaf):
        return Outcome(
            status=ScoreStatus.UNVERIFIABLE, decided=unknown, note="无法确认是否触发单项否决，待复核。"
        )
    return Outcome(decided=leaf.found, note="未触发单项否决。")


def bonus(rule: Bonus, leaf: LeafInput) -> Outcome:
    """`per` points for each passing finding (or its measured count), up to the cap."""
    cap = _cap(rule, leaf)
    passes = _with(leaf, *PASSED)
    n = sum(_number(f) or 0.0 for _, f in passes) if rule.count == "measured" else len(passes)
    unknown = _with(leaf, Status.UNVERIFIABLE)
    earned = min(cap, rule.per * n)
    withheld = min(cap - earned, rule.per * (len(unknown) + _not_run(leaf)))
    status = ScoreStatus.UNVERIFIABLE if withheld > EPS else ScoreStatus.SCORED
    return Outcome(earned=earned, withheld=withheld, status=status, decided=passes + unknown)


RuleFunction = Callable[[Any, LeafInput], Outcome]
SCORING_RULES: dict[str, RuleFunction] = {
    "all_or_nothing": all_or_nothing,
    "per_item": per_item,
    "bands": bands,
    "deduct": deduct,
    "veto": veto,
    "bonus": bonus,
}


def collect_findings(
    view: SiteView, rulebook: Rulebook, ctx: CheckContext, strict: bool = False
) -> dict[str, list[Finding]]:
    """Run every check the rulebook plans over one site, keyed as score() expects."""
    return {key: run_checks(view, [planned], ctx, strict=strict) for key, planned in rulebook.refs.items()}


def score(
    rulebook: Rulebook,
    findings_by_site: Mapping[str, Findings],
    manual: Mapping[str, Mapping[str, ManualEntry]] | None = None,
    site_flags: Mapping[str, Collection[str]] | None = None,
) -> list[IndicatorScore]:
    """One score per leaf per site (sites with findings or manual entries), in rulebook order."""
    manual = manual or {}
    for site, entries in manual.items():
        for indicator in entries:
            node = rulebook.nodes.get(indicator)
            if node is None or not node.is_leaf:
                what = "no such indicator" if node is None else "not a leaf (score its children)"
                raise ManualScoreError(f"manual score for site {site!r}, indicator {indicator!r}: {what}")
    flags = site_flags or {}
    scores: list[IndicatorScore] = []
    for site in sorted(set(findings_by_site) | set(manual)):
        rows = _score_site(
            rulebook, site, findings_by_site.get(site, {}), manual.get(site, {}), set(flags.get(site, ()))
        )
        scores.extend(_apply_veto(rulebook, rows))
    return scores


def _exempt(rulebook: Rulebook, node: Node, flags: set[str]) -> bool:
    return any(
        n.indicator.exempt_if in flags for n in (node, *rulebook.ancestors(node.id)) if n.indicator.exempt_if
    )


def _base_row(site: str, node: Node) -> IndicatorScore:
    mode = node.indicator.mode or "manual"
    return IndicatorScore(
        site,
        node.id,
        node.indicator.name,
        node.part,
        mode,
        ScoreStatus.SCORED,
        0.0,
        node.max_points,
        units=node.units,
    )


def _score_site(
    rulebook: Rulebook, site: str, found: Findings, entries: Mapping[str, ManualEntry], flags: set[str]
) -> list[IndicatorScore]:
    claims: dict[str, set[str]] = defaultdict(set)
    rows = []
    for node in rulebook.leaves():
        base = _base_row(site, node)
        if _exempt(rulebook, node, flags):
            rows.append(
                dataclasses.replace(base, status=ScoreStatus.EXEMPT, note="本单位不适用该指标，不计分。")
            )
        elif node.id in entries:
            rows.append(_manual_row(base, node, entries[node.id]))
        elif node.indicator.mode == "manual":
            rows.append(dataclasses.replace(base, status=ScoreStatus.AWAITING_MANUAL, note="待人工评分。"))
        else:
            rows.append(_auto_row(base, node, found, claims))
    return rows


def _auto_row(
    base: IndicatorScore, node: Node, found: Findings, claims: dict[str, set[str]]
) -> IndicatorScore:
    rule = node.indicator.rule
    assert rule is not None
    pairs = tuple(
        (ref, f)
        for ref in node.refs
        for f in found.get(ref, ())
        if (not rule.targets or f.about(rule.targets)) and not f.about(rule.skip_targets)
    )
    group = getattr(rule, "dedupe", "")
    claimed = frozenset(claims[group]) if group else frozenset()
    leaf = LeafInput(node.max_points, pairs, node.refs, frozenset(found), claimed)
    outcome = SCORING_RULES[rule.kind](rule, leaf)
    if group:
        claims[group] |= outcome.claimed
    points = round({"deduction": -outcome.lost, "veto": 0.0}.get(node.part, outcome.earned), 4)
    refs = tuple(FindingRef(ref, f.check, f.target, f.status.value) for ref, f in outcome.decided)
    return dataclasses.replace(
        base,
        status=outcome.status,
        points=points,
        withheld=round(outcome.withheld, 4),
        findings=refs,
        review=outcome.review,
        note=outcome.note,
    )


def _manual_row(base: IndicatorScore, node: Node, entry: ManualEntry) -> IndicatorScore:
    value, note = float(entry[0]), entry[1]
    cap = node.max_points
    override = "（人工评分覆盖自动评分）" if node.indicator.mode == "auto" else ""
    row = dataclasses.replace(base, mode="manual", note=note + override)
    if node.part == "veto":
        return dataclasses.replace(row, status=ScoreStatus.VETOED if value else ScoreStatus.SCORED)
    amount = abs(value) if node.part == "deduction" else value
    if amount < 0 or (cap is not None and amount > cap + EPS):
        limit = f"0-{cap:g}" if cap is not None else "0 or more"
        raise ManualScoreError(
            f"manual score for site {base.site!r}, indicator {node.id!r}: {value:g} is outside {limit}"
        )
    return dataclasses.replace(row, points=-amount if node.part == "deduction" else amount)


def _apply_veto(rulebook: Rulebook, rows: list[IndicatorScore]) -> list[IndicatorScore]:
    verdict = rulebook.meta.verdict
    vetoes = [r.indicator for r in rows if r.status is ScoreStatus.VETOED]
    if not vetoes or (verdict is not None and verdict.veto == "flag"):
        return rows
    note = f"触发单项否决（{'、'.join(vetoes)}），其他指标不再评分。"
    return [
        r
        if r.part == "veto"
        else dataclasses.replace(r, status=ScoreStatus.NOT_SCORED, points=0.0, withheld=0.0, note=note)
        for r in rows
    ]


def by_site(scores: Iterable[IndicatorScore]) -> dict[str, list[IndicatorScore]]:
    grouped: dict[str, list[IndicatorScore]] = defaultdict(list)
    for row in scores:
        grouped[row.site].append(row)
    return dict(grouped)


@dataclass(frozen=True, slots=True)
class SiteTotal:
    """A site's result: the score part (auto and manual kept apart), deductions, bonus and the verdict."""

    site: str
    auto_points: float  # earned by automatic leaves of the score part (before any rescale)
    manual_points: float  # entered by evaluators for the score part
    withheld: float  # undecided points (unverifiable), pending review
    awaiting_manual: float  # points of manual leaves with no entry yet
    max_points: float  # the score part's full points for this site (exempt subtrees left out unless rescaled)
    scale: float  # e.g. 4/3 when 办事服务 is exempt and the part is rescaled (national-2019)
    score: float | None  # the score part, capped per node and rescaled; None when vetoed
    deductions: float  # ≤ 0
    bonus: float  # counted bonus (0 when the score is not above the bonus threshold)
    bonus_counted: bool
    total: float | None  # score + deductions + bonus; None when vetoed
    verdict: str  # 合格 / 不合格, "" when the rulebook has no verdict rule
    vetoed_by: tuple[str, ...] = ()
    provisional: bool = False  # withheld or awaiting points, or an undecided veto, could change the verdict
    nodes: dict[str, float] = dataclasses.field(default_factory=dict)  # subtotal per non-leaf indicator


@dataclass(frozen=True, slots=True)
class UnitTotal:
    """The indicators one 责任单位 answers for, in one site."""

    site: str
    unit: str
    indicators: int
    points: float
    max_points: float
    withheld: float
    awaiting_manual: float


def _r(value: float) -> float:
    return round(value, 4)


COUNTED = {ScoreStatus.SCORED, ScoreStatus.NOT_APPLICABLE, ScoreStatus.UNVERIFIABLE, ScoreStatus.VETOED}


def _subtotals(rulebook: Rulebook, rows: Mapping[str, IndicatorScore]) -> dict[str, float]:
    """Points per node, each node clamped to its points (a deduction part to minus its cap)."""
    result: dict[str, float] = {}
    for node in sorted(rulebook.nodes.values(), key=lambda n: -n.id.count(".")):  # children first
        raw = rows[node.id].points if node.is_leaf else sum(result[c] for c in node.children)
        cap = node.max_points
        if cap is not None and not node.is_leaf:
            raw = max(-cap, min(raw, 0.0)) if node.part == "deduction" else min(raw, cap)
        result[node.id] = raw
    return result


def _exempt_points(rulebook: Rulebook, top: Node, rows: Mapping[str, IndicatorScore]) -> float:
    return sum(
        r.max_points or 0.0
        for r in rows.values()
        if r.status is ScoreStatus.EXEMPT and r.indicator.split(".")[0] == top.id
    )


def site_totals(rulebook: Rulebook, scores: Iterable[IndicatorScore]) -> list[SiteTotal]:
    return [_site_total(rulebook, site, rows) for site, rows in by_site(scores).items()]


def _site_total(rulebook: Rulebook, site: str, site_rows: list[IndicatorScore]) -> SiteTotal:
    rows = {r.indicator: r for r in site_rows}
    sub = _subtotals(rulebook, rows)
    tops = rulebook.top()
    scored = [r for r in site_rows if r.part == "score"]
    score, max_points, scale = 0.0, 0.0, 1.0
    for top in (t for t in tops if t.part == "score"):
        full = (
            top.max_points
            if top.max_points is not None
            else sum(r.max_points or 0 for r in scored if r.indicator.split(".")[0] == top.id)
        )
        exempt = _exempt_points(rulebook, top, rows)
        factor = full / (full - exempt) if top.indicator.rescale_exempt and exempt and full > exempt else 1.0
        scale = max(scale, factor)
        score += sub[top.id] * factor
        max_points += full if factor != 1.0 else full - exempt
    deductions = sum((sub[t.id] for t in tops if t.part == "deduction"), 0.0)
    bonus_raw = sum((sub[t.id] for t in tops if t.part == "bonus"), 0.0)
    withheld = sum((r.withheld for r in scored), 0.0)
    awaiting = sum((r.max_points or 0.0 for r in scored if r.status is ScoreStatus.AWAITING_MANUAL), 0.0)
    vetoed_by = tuple(r.indicator for r in site_rows if r.status is ScoreStatus.VETOED)
    undecided_veto = any(
        r.part == "veto" and r.status in (ScoreStatus.UNVERIFIABLE, ScoreStatus.AWAITING_MANUAL)
        for r in site_rows
    )
    stop, bonus_counted, provisional, verdict = _verdict(
        rulebook.meta.verdict, score, score + (withheld + awaiting) * scale, vetoed_by, undecided_veto
    )
    bonus_value = bonus_raw if bonus_counted else 0.0
    return SiteTotal(
        site=site,
        auto_points=_r(sum((r.points for r in scored if r.mode == "auto" and r.status in COUNTED), 0.0)),
        manual_points=_r(sum((r.points for r in scored if r.mode == "manual" and r.status in COUNTED), 0.0)),
        withheld=_r(withheld),
        awaiting_manual=_r(awaiting),
        max_points=_r(max_points),
        scale=scale,
        score=None if stop else _r(score),
        deductions=_r(deductions),
        bonus=_r(bonus_value),
        bonus_counted=bonus_counted,
        total=None if stop else _r(score + deductions + bonus_value),
        verdict=verdict,
        vetoed_by=vetoed_by,
        provisional=provisional,
        nodes={k: _r(sub[k]) for k in rulebook.nodes if not rulebook.nodes[k].is_leaf},
    )


def _verdict(
    rule: Verdict | None, score: float, upper: float, vetoed_by: tuple[str, ...], undecided_veto: bool
) -> tuple[bool, bool, bool, str]:
    """(veto stops scoring, bonus counted, provisional, 合格/不合格); `upper` is the score if every withheld
    and awaited point were earned."""
    stop = bool(vetoed_by) and (rule is None or rule.veto == "stop")
    if rule is None:
        return stop, not stop, False, ""
    bonus_counted = not stop and (rule.bonus_above is None or score > rule.bonus_above)
    crosses_fail = rule.fail_below is not None and score < rule.fail_below <= upper
    crosses_bonus = rule.bonus_above is not None and score <= rule.bonus_above < upper
    provisional = not stop and (undecided_veto or crosses_fail or crosses_bonus)
    failed = bool(vetoed_by) or (rule.fail_below is not None and score < rule.fail_below)
    return stop, bonus_counted, provisional, "不合格" if failed else "合格"


def unit_totals(scores: Iterable[IndicatorScore]) -> list[UnitTotal]:
    """Totals per (site, 责任单位) over the score-part indicators that name the unit."""
    acc: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0, 0.0, 0.0, 0.0])
    for row in scores:
        if row.part != "score" or row.status in (ScoreStatus.EXEMPT, ScoreStatus.NOT_SCORED):
            continue
        for unit in row.units:
            entry = acc[(row.site, unit)]
            entry[0] += 1
            entry[1] += row.points
            entry[2] += row.max_points or 0.0
            entry[3] += row.withheld
            entry[4] += (row.max_points or 0.0) if row.status is ScoreStatus.AWAITING_MANUAL else 0.0
    return [
        UnitTotal(site, unit, int(v[0]), *(_r(x) for x in v[1:])) for (site, unit), v in sorted(acc.items())
    ]
