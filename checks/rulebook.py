"""Rulebooks: an indicator system kept as data (one TOML file), its typed model, loading and validation.

The file holds `[rulebook]` metadata and a flat list of `[[indicator]]` with dotted ids (the parent is the
id minus its last segment). A leaf is `auto` (checks + a scoring rule of a closed set of kinds) or
`manual` (a person scores it against `criterion`). Top-level nodes may open a `part`: score (default),
veto (单项否决), deduction (减分) or bonus (加分), whose points are the part's cap. Everything is validated
when the file loads, each error naming its node: `indicator[12] (1.4.10).rule.bands[2].min: …`
(STYLE §1.4). docs/rulebooks.md describes the format.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from checks.params import ParamsError, parse_params
from checks.registry import REGISTRY, Registry, UnknownCheckError
from checks.runner import PlannedCheck

SHIPPED_DIR = Path(__file__).with_name("rulebooks")
EPS = 1e-6
Part = Literal["score", "veto", "deduction", "bonus"]
Period = Literal["week", "five_days", "month", "two_months", "quarter", "half_year", "year"]
# "seed": read in the seed file; the others are the tags of NATIONAL-RULES.md, plus "assumed".
Certainty = Literal["seed", "V", "V-m", "V-code", "prior", "D", "R", "assumed"]
RULE_OF_PART = {"veto": {"veto"}, "deduction": {"deduct"}, "bonus": {"bonus"}}
SCORE_RULES = {"all_or_nothing", "per_item", "bands", "deduct"}


class RulebookError(ValueError):
    """A rulebook that cannot be used; `errors` holds every problem, each naming its node."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{errors[0]}{more}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckRef(_Model):
    check: str
    params: dict[str, Any] = {}


class _Rule(_Model):
    # Findings are selected by target or by their column's category: "hdjl" names every 互动交流 column.
    targets: tuple[str, ...] = ()  # only findings with these targets count (empty: all)
    skip_targets: tuple[str, ...] = ()  # findings with these targets do not count


class AllOrNothing(_Rule):
    kind: Literal["all_or_nothing"]
    on_not_applicable: Literal["full", "zero", "unverifiable"] = "full"
    dedupe: str = ""  # a target already lost under this group in the same site is not lost again


class PerItem(_Rule):
    kind: Literal["per_item"]
    per: float = Field(gt=0)
    cap: float | None = Field(default=None, ge=0)
    items: Literal["checks", "findings"] = "checks"


class Band(_Model):
    min: float | None = None
    max: float | None = None
    points: float | tuple[float, float]


class Bands(_Rule):
    kind: Literal["bands"]
    measure: Literal["measured", "fails", "passes"] = "measured"
    bands: tuple[Band, ...] = Field(min_length=1)
    range_policy: Literal["low", "high", "low_and_review", "high_and_review"] = "low_and_review"


class Deduct(_Rule):
    kind: Literal["deduct"]
    per: float = Field(gt=0)
    per_target: dict[str, float] = {}
    cap: float | None = Field(default=None, ge=0)
    count: Literal["fails", "measured"] = "fails"
    dedupe: str = ""


class Veto(_Rule):
    kind: Literal["veto"]
    min_fails: int = Field(default=1, ge=1)


class Bonus(_Rule):
    kind: Literal["bonus"]
    per: float = Field(gt=0)
    cap: float | None = Field(default=None, ge=0)
    count: Literal["passes", "measured"] = "passes"


Rule = Annotated[AllOrNothing | PerItem | Bands | Deduct | Veto | Bonus, Field(discriminator="kind")]
RULE_KINDS = ("all_or_nothing", "per_item", "bands", "deduct", "veto", "bonus")
_TYPE_TAGS = {"float", "int", "str", "bool", "tuple"}  # union members pydantic adds to error locations


class Indicator(_Model):
    id: str = Field(pattern=r"^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$")
    name: str = Field(min_length=1)
    points: float | None = Field(default=None, ge=0)
    part: Part | None = None
    mode: Literal["auto", "manual"] | None = None
    checks: tuple[CheckRef, ...] = ()
    rule: Rule | None = None
    source_text: str = ""
    criterion: str = ""  # for the evaluator of a manual leaf; source_text when empty
    note: str = ""
    certainty: Certainty = "seed"
    units: tuple[str, ...] = ()  # 责任单位 (inherited by the children)
    lead_units: tuple[str, ...] = ()  # 牵头单位
    period: Period | None = None
    share: Literal["equal"] | None = None  # children without points share this node's points equally
    exempt_if: str = ""  # a site flag (e.g. no_services) under which this subtree is not scored
    rescale_exempt: bool = False  # a part scaled back to its full points when a subtree is exempt

    @property
    def parent_id(self) -> str | None:
        return self.id.rpartition(".")[0] or None


class UnitGroup(_Model):
    group: str
    names: tuple[str, ...] = Field(min_length=1)


class Verdict(_Model):
    fail_below: float | None = None  # 不合格 below this score
    bonus_above: float | None = None  # the bonus part counts only when the score is above this
    veto: Literal["stop", "flag"] = "stop"  # stop: a veto leaves nothing else scored


class Meta(_Model):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str
    region: str
    year: int
    source: str
    total: float | None = None
    points_unit: Literal["分", "项"] = "分"  # 项: a yes/no system; a leaf without points counts 1
    notes: tuple[str, ...] = ()
    evaluated_units: tuple[UnitGroup, ...] = ()
    verdict: Verdict | None = None


class RulebookFile(_Model):
    rulebook: Meta
    indicator: tuple[Indicator, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Node:
    """One indicator with what the tree gives it: index in the file, children, part, points, units."""

    indicator: Indicator
    index: int
    children: tuple[str, ...]
    part: Part
    max_points: float | None
    units: tuple[str, ...]
    refs: tuple[str, ...] = ()  # keys of this leaf's planned checks

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def where(self) -> str:
        return f"indicator[{self.index}] ({self.id})"


@dataclass(frozen=True)
class ShareSummary:
    """How much of a rulebook's score part is scored automatically."""

    auto_leaves: int
    manual_leaves: int
    auto_points: float
    manual_points: float

    @property
    def auto_share(self) -> float:
        total = self.auto_points + self.manual_points
        return self.auto_points / total if total else 0.0


@dataclass(frozen=True)
class Rulebook:
    """A validated rulebook: metadata, nodes by id in file order, and the checks its auto leaves plan."""

    meta: Meta
    nodes: dict[str, Node]
    refs: dict[str, PlannedCheck]
    path: Path | None = None

    @property
    def id(self) -> str:
        return self.meta.id

    def leaves(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.is_leaf]

    def top(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.indicator.parent_id is None]

    def plan(self) -> list[PlannedCheck]:
        """Every distinct (check, params) the auto leaves need, once each."""
        return list(self.refs.values())

    def ancestors(self, node_id: str) -> list[Node]:
        parent = self.nodes[node_id].indicator.parent_id
        return [self.nodes[parent], *self.ancestors(parent)] if parent else []

    def share(self, part: Part = "score") -> ShareSummary:
        """Automatic and manual leaves (and their points) of one part: the score part by default."""
        scored = [n for n in self.leaves() if n.part == part]
        auto = [n for n in scored if n.indicator.mode == "auto"]
        manual = [n for n in scored if n.indicator.mode == "manual"]
        return ShareSummary(
            len(auto),
            len(manual),
            sum(n.max_points or 0 for n in auto),
            sum(n.max_points or 0 for n in manual),
        )


def ref_key(check_id: str, params: Any) -> str:
    """A stable key for one (check, parsed params): the same params spelt differently share a key."""
    canonical = json.dumps(dataclasses.asdict(params), sort_keys=True, ensure_ascii=False, default=str)
    return f"{check_id}:{hashlib.sha1(canonical.encode()).hexdigest()[:10]}"


def load_rulebook(path: Path, registry: Registry | None = None) -> Rulebook:
    """Read, validate and cross-check one rulebook file; RulebookError lists every problem."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RulebookError([f"{path}: rulebook file not found"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise RulebookError([f"{path}: not valid TOML ({exc})"]) from None
    return parse_rulebook(data, registry, path=Path(path))


def parse_rulebook(
    data: Mapping[str, Any], registry: Registry | None = None, path: Path | None = None
) -> Rulebook:
    """A rulebook from parsed TOML; checks are looked up in `registry` (the loaded built-ins by default)."""
    if registry is None:
        REGISTRY.load()
        registry = REGISTRY
    try:
        parsed = RulebookFile.model_validate(data)
    except ValidationError as exc:
        raise RulebookError(_pydantic_errors(exc, data)) from None
    return _build(parsed, registry, path)


def validate_file(path: Path, registry: Registry | None = None) -> list[str]:
    """Every problem of a rulebook file, each naming its node; empty when it is valid. Rulebooks are
    found by file name, so the file must be named after rulebook.id."""
    try:
        rulebook = load_rulebook(path, registry)
    except RulebookError as exc:
        return exc.errors
    if rulebook.id != Path(path).stem:
        return [
            f"rulebook.id: {rulebook.id!r} differs from the file name {Path(path).name!r} (rulebooks are found by file name)"
        ]
    return []


def find_rulebooks(extra_dirs: Iterable[Path] = ()) -> dict[str, Path]:
    """Rulebook files by id: the shipped ones, then extra directories (a later file of one id wins)."""
    found: dict[str, Path] = {}
    for folder in (SHIPPED_DIR, *map(Path, extra_dirs)):
        for path in sorted(folder.glob("*.toml")):
            found[path.stem] = path
    return found


def get_rulebook(
    rulebook_id: str, extra_dirs: Iterable[Path] = (), registry: Registry | None = None
) -> Rulebook:
    found = find_rulebooks(extra_dirs)
    if rulebook_id not in found:
        raise RulebookError([f"no rulebook with id {rulebook_id!r} (known: {', '.join(sorted(found))})"])
    rulebook = load_rulebook(found[rulebook_id], registry)
    if rulebook.id != rulebook_id:
        raise RulebookError(
            [f"{found[rulebook_id]}: rulebook.id is {rulebook.id!r}, the file name says {rulebook_id!r}"]
        )
    return rulebook


def _pydantic_errors(exc: ValidationError, data: Mapping[str, Any]) -> list[str]:
    given = data.get("indicator")
    raw: list[Any] = given if isinstance(given, list) else []
    errors: list[str] = []
    for error in exc.errors():
        if error["type"] == "extra_forbidden":
            reason = "unknown key"
        elif error["type"] == "missing":
            reason = "required key is missing"
        else:
            reason = str(error["msg"]).removeprefix("Value error, ")
        line = f"{_error_path(error['loc'], raw)}: {reason}"
        if line not in errors:  # a union reports one problem once per member
            errors.append(line)
    return errors


def _error_path(loc: tuple[int | str, ...], raw: list[Any]) -> str:
    """`indicator[12] (1.4.10).rule.bands[2].min` from Pydantic's location, without the union tags it adds."""
    kept = [
        p
        for i, p in enumerate(loc)
        if not (
            isinstance(p, str) and (not p.isidentifier() or p in _TYPE_TAGS or (i and loc[i - 1] == "rule"))
        )
    ]
    text = ""
    for i, part in enumerate(kept):
        if isinstance(part, str):
            text += f".{part}" if text else part
            continue
        text += f"[{part}]"
        if i == 1 and kept[0] == "indicator" and part < len(raw) and isinstance(raw[part], dict):
            text += f" ({raw[part].get('id', '?')})"
    return text or "(top level)"


def _build(parsed: RulebookFile, registry: Registry, path: Path | None) -> Rulebook:
    errors: list[str] = []
    indicators = parsed.indicator
    all_ids = {ind.id for ind in indicators}
    first: dict[str, int] = {}
    for i, ind in enumerate(indicators):
        if ind.id in first:
            errors.append(f"indicator[{i}] ({ind.id}).id: duplicate id (also indicator[{first[ind.id]}])")
        first.setdefault(ind.id, i)
        if ind.parent_id and ind.parent_id not in all_ids:
            errors.append(f"indicator[{i}] ({ind.id}).id: its parent {ind.parent_id} is not defined")
    if errors:
        raise RulebookError(errors)
    children: dict[str, list[str]] = {ind.id: [] for ind in indicators}
    for ind in indicators:
        if ind.parent_id:
            children[ind.parent_id].append(ind.id)
    by_id = {ind.id: ind for ind in indicators}
    refs: dict[str, PlannedCheck] = {}
    nodes: dict[str, Node] = {}
    for i, ind in enumerate(indicators):
        top = ind.id.split(".")[0]
        part = by_id[top].part or "score"
        keys = _plan_refs(ind, f"indicator[{i}] ({ind.id})", registry, refs, errors)
        units = next((a.units for a in _lineage(ind.id, by_id) if a.units), ())
        nodes[ind.id] = Node(ind, i, tuple(children[ind.id]), part, None, units, keys)
    nodes = _with_points(nodes, parsed.rulebook, errors)
    for node in nodes.values():
        errors.extend(_node_errors(node, nodes))
    errors.extend(_total_errors(nodes, parsed.rulebook))
    if errors:
        raise RulebookError(errors)
    return Rulebook(meta=parsed.rulebook, nodes=nodes, refs=refs, path=path)


def _lineage(node_id: str, by_id: Mapping[str, Indicator]) -> list[Indicator]:
    parts = node_id.split(".")
    return [by_id[".".join(parts[:n])] for n in range(len(parts), 0, -1)]


def _plan_refs(
    ind: Indicator, where: str, registry: Registry, refs: dict[str, PlannedCheck], errors: list[str]
) -> tuple[str, ...]:
    """The check keys of a leaf; each new (check, parsed params) is added to `refs`, problems to `errors`."""
    keys = []
    for j, ref in enumerate(ind.checks):
        try:
            spec = registry.get(ref.check)
        except UnknownCheckError as exc:
            errors.append(f"{where}.checks[{j}].check: {exc.args[0]}")
            continue
        try:
            params = parse_params(spec.params, ref.params, where=f"{where}.checks[{j}].params")
        except ParamsError as exc:
            errors.append(str(exc))
            continue
        key = ref_key(spec.id, params)
        refs.setdefault(key, PlannedCheck(check=spec.id, params=params))
        if ind.period and spec.id == "periodic" and params.period != ind.period:
            errors.append(
                f"{where}.checks[{j}].params.period: {params.period!r} differs from the leaf's period {ind.period!r}"
            )
        keys.append(key)
    return tuple(keys)


def _with_points(nodes: dict[str, Node], meta: Meta, errors: list[str]) -> dict[str, Node]:
    """Effective points: stated, else an equal share of a `share = "equal"` parent, else 1 in a 项 system."""
    result: dict[str, Node] = {}
    for node in sorted(nodes.values(), key=lambda n: n.id.count(".")):  # parents first
        ind = node.indicator
        points = ind.points
        parent = nodes[ind.parent_id] if ind.parent_id else None
        if points is None and parent is not None and parent.indicator.share == "equal":
            base = result[parent.id].max_points
            if base is None:
                errors.append(f"{parent.where}.share: a node that shares its points must have points")
            else:
                points = base / len(parent.children)
        if points is None and node.is_leaf and node.part == "score" and meta.points_unit == "项":
            points = 1.0
        result[node.id] = dataclasses.replace(node, max_points=points)
    return {node_id: result[node_id] for node_id in nodes}


def _node_errors(node: Node, nodes: Mapping[str, Node]) -> list[str]:
    ind, at = node.indicator, node.where
    errors = []
    if ind.part and ind.parent_id:
        errors.append(f"{at}.part: only a top-level indicator opens a part")
    if ind.rescale_exempt and (ind.parent_id or node.part != "score"):
        errors.append(f"{at}.rescale_exempt: only a top-level score part is rescaled")
    if ind.share and node.is_leaf:
        errors.append(f"{at}.share: a leaf has no children to share its points")
    if not node.is_leaf:
        for key in ("mode", "rule", "checks", "period"):
            if getattr(ind, key):
                errors.append(f"{at}.{key}: only a leaf has a {key} (this node has children)")
        kids = sum(nodes[c].max_points or 0.0 for c in node.children)
        if node.part == "score" and node.max_points is not None and kids > node.max_points + EPS:
            errors.append(
                f"{at}.points: its children's points add up to {kids:g}, more than its {node.max_points:g}"
            )
        return errors
    return errors + _leaf_errors(node)


def _leaf_errors(node: Node) -> list[str]:
    ind, at = node.indicator, node.where
    if ind.mode is None:
        return [f'{at}.mode: a leaf must say "auto" or "manual"']
    errors = (
        [] if ind.source_text.strip() else [f"{at}.source_text: a leaf keeps the seed's wording verbatim"]
    )
    if node.part == "score" and node.max_points is None:
        errors.append(f'{at}.points: a scored leaf needs points (or a parent with share = "equal")')
    if node.part == "veto" and ind.points:
        errors.append(f"{at}.points: a veto item has no points")
    if ind.mode == "manual":
        errors += [f"{at}.{k}: a manual leaf has no {k}" for k in ("checks", "rule") if getattr(ind, k)]
        return errors
    if not ind.checks:
        errors.append(f"{at}.checks: an auto leaf names at least one check")
    if ind.rule is None:
        return errors + [f"{at}.rule: an auto leaf needs a scoring rule"]
    allowed = RULE_OF_PART.get(node.part, SCORE_RULES)
    if ind.rule.kind not in allowed:
        errors.append(
            f"{at}.rule.kind: {ind.rule.kind!r} cannot score a leaf of the {node.part} part (use {', '.join(sorted(allowed))})"
        )
    return errors + _rule_errors(ind.rule, node.max_points, f"{at}.rule")


def _rule_errors(rule: Any, points: float | None, at: str) -> list[str]:
    errors = []
    cap = getattr(rule, "cap", None)
    if cap is not None and points is not None and cap > points + EPS:
        errors.append(f"{at}.cap: {cap:g} is more than the leaf's {points:g} points")
    if isinstance(rule, Bands):
        errors += _band_errors(rule, points, at)
    return errors


def _band_errors(rule: Bands, points: float | None, at: str) -> list[str]:
    errors = []
    spans: list[tuple[float, float]] = []
    for j, band in enumerate(rule.bands):
        low, high = (
            band.min if band.min is not None else float("-inf"),
            band.max if band.max is not None else float("inf"),
        )
        if low > high:
            errors.append(f"{at}.bands[{j}].min: {low:g} is above max {high:g}")
        pts = band.points if isinstance(band.points, tuple) else (band.points, band.points)
        if pts[0] > pts[1]:
            errors.append(f"{at}.bands[{j}].points: the range {pts[0]:g}-{pts[1]:g} is reversed")
        if points is not None and pts[1] > points + EPS:
            errors.append(f"{at}.bands[{j}].points: {pts[1]:g} is more than the leaf's {points:g} points")
        for k, (other_low, other_high) in enumerate(spans):
            if low <= other_high and other_low <= high:
                errors.append(
                    f"{at}.bands[{j}]: overlaps bands[{k}] (decide the shared values in the file and say why in note)"
                )
        spans.append((low, high))
    return errors


def _total_errors(nodes: Mapping[str, Node], meta: Meta) -> list[str]:
    if meta.total is None:
        return []
    scored = [n for n in nodes.values() if n.is_leaf and n.part == "score"]
    leaves = sum(n.max_points or 0 for n in scored)
    tops = [n for n in nodes.values() if n.indicator.parent_id is None and n.part == "score"]
    errors = []
    if abs(leaves - meta.total) > 1e-3:
        errors.append(
            f"rulebook.total: auto and manual leaves add up to {leaves:g}, not the stated {meta.total:g}"
        )
    stated = [n.max_points for n in tops if n.max_points is not None]
    if len(stated) == len(tops) and abs(sum(stated) - meta.total) > 1e-3:
        errors.append(
            f"rulebook.total: the top-level indicators add up to {sum(stated):g}, not {meta.total:g}"
        )
    return errors
