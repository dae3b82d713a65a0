"""What a report says about a rule: the check's title and legal source, the rulebook indicators that
count a finding, and what would fix it (the Chinese text the checks and rulebooks already hold)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from checks.registry import REGISTRY, doc_sections, load_checks
from checks.rulebook import Rulebook, RulebookError, get_rulebook

# 《政府信息公开条例》第四十九条, 国办秘函〔2019〕19号 …: the sources a site manager can look up.
_CITATION = re.compile(r"《[^》]+》(?:第[〇一二三四五六七八九十百零]+条)?|[\u4e00-\u9fff]+〔\d{4}〕\d+号")
_SENTENCE = re.compile(r"[^。！？]+[。！？]?")
DEFAULT_FIX = "请对照上述规则整改，整改后由下次监测或复核确认。"


@dataclass(frozen=True, slots=True)
class CheckInfo:
    id: str
    title: str
    basis: tuple[str, ...]  # the documents its rule comes from


@dataclass(frozen=True, slots=True)
class IndicatorRef:
    """A rulebook indicator that counts a finding, and what it gave the site for it."""

    rulebook: str
    rulebook_name: str
    source: str  # the document the indicator system comes from
    id: str
    name: str
    path: str  # 扣分指标 › 发布解读 › 动态要闻
    source_text: str
    part: str
    points: float | None
    max_points: float | None


@cache
def check_info(check_id: str) -> CheckInfo:
    """Title and cited documents of a registered check (the id itself when it is not registered)."""
    load_checks()
    if check_id not in REGISTRY:
        return CheckInfo(check_id, check_id, ())
    spec = REGISTRY.get(check_id)
    rule = doc_sections(spec.doc).get("Rule:", "")
    return CheckInfo(check_id, spec.title, tuple(dict.fromkeys(_CITATION.findall(rule))))


@cache
def rulebook(rulebook_id: str) -> Rulebook | None:
    """A shipped rulebook, or None when the file that scored the sweep is not here any more."""
    try:
        return get_rulebook(rulebook_id)
    except (RulebookError, LookupError):
        return None


def rulebook_name(rulebook_id: str) -> str:
    book = rulebook(rulebook_id)
    return book.meta.name if book else rulebook_id


def indicator_ref(rulebook_id: str, indicator: str, name: str, row: Mapping[str, Any]) -> IndicatorRef:
    """The indicator of a score row, with its wording and its place in the tree when the file is here."""
    book = rulebook(rulebook_id)
    node = book.nodes.get(indicator) if book else None
    if book is None or node is None:
        return IndicatorRef(
            rulebook_id,
            rulebook_id,
            "",
            indicator,
            name,
            name,
            "",
            row.get("part", ""),
            row.get("points"),
            row.get("max_points"),
        )
    lineage = [*reversed(book.ancestors(indicator)), node]
    return IndicatorRef(
        rulebook=rulebook_id,
        rulebook_name=book.meta.name,
        source=book.meta.source.split("；")[0],
        id=indicator,
        name=node.indicator.name,
        path=" › ".join(n.indicator.name for n in lineage),
        source_text=node.indicator.source_text or node.indicator.criterion,
        part=node.part,
        points=row.get("points"),
        max_points=row.get("max_points"),
    )


def split_message(message: str) -> tuple[str, str]:
    """(what is wrong, what would fix it): the checks end their messages with the 请… sentences."""
    sentences = [s.strip() for s in _SENTENCE.findall(message or "") if s.strip()]
    fix = "".join(s for s in sentences if s.startswith("请"))
    said = "".join(s for s in sentences if not s.startswith("请"))
    return said, fix or DEFAULT_FIX


def indicators_by_finding(
    rows: Iterable[tuple[str, str, str, Mapping[str, Any], list[Mapping[str, Any]]]],
) -> dict[tuple[str, str], list[IndicatorRef]]:
    """(check, target) → the indicators whose score rests on that finding.

    `rows` are (rulebook, indicator, name, score fields, the row's findings) of one site in one sweep."""
    found: dict[tuple[str, str], list[IndicatorRef]] = {}
    for rulebook_id, indicator, name, fields, findings in rows:
        ref = indicator_ref(rulebook_id, indicator, name, fields)
        for f in findings:
            refs = found.setdefault((f.get("check", ""), f.get("target", "")), [])
            if ref not in refs:
                refs.append(ref)
    return found
