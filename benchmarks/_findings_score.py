"""Scoring of the findings benchmark: a site's findings matched with the truth its manifest gives.

Pure functions of plain data (the manifest's site entry, the stored findings as dicts, the stored page
outcomes), so tests can make them bite without a sweep. bench_findings.py runs the sweeps and prints.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

ALARM = frozenset({"fail", "warn"})
KINDS = (
    "stale_column",
    "blank_column",
    "blocked_column",
    "broken_link",
    "interpretation",
    "linkage",
    "doc_number",
    "periodic",
    "annual_report",
    "blank_columns_total",
    "stale_columns_total",
    "other",
)
KIND_OF_CHECK = {
    "freshness": "stale_column",
    "blank_column": "blank_column",
    "broken_links": "broken_link",
    "interpretation_lag": "interpretation",
    "linkage": "linkage",
    "fields": "doc_number",
    "periodic": "periodic",
    "deadline": "annual_report",
    "blank_columns_total": "blank_columns_total",
    "stale_columns_total": "stale_columns_total",
}
# the checks whose findings are about a column: only these are matched to columns
COLUMN_CHECKS = frozenset({"freshness", "blank_column", "periodic", "deadline", "presence"})


# -- URLs and targets ---------------------------------------------------------------------------------------

_DEFAULT_DOCUMENT = re.compile(r"/(?:index|default)\.(?:html?|shtml|jsp|aspx?|php)$", re.IGNORECASE)
_MONTH_ZH = re.compile(r"(\d{4})年(\d{1,2})月")


def norm_url(url: str) -> str:
    """A URL without fragment and default document: /xxgk/gzdt/ and /xxgk/gzdt/index.html are one."""
    base, mark, query = url.split("#", 1)[0].strip().partition("?")
    return _DEFAULT_DOCUMENT.sub("/", base) + mark + query


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def evidence_urls(finding: Mapping[str, Any]) -> list[str]:
    return [e["url"] for e in finding.get("evidence") or () if e.get("url")]


def noted_urls(finding: Mapping[str, Any]) -> list[str]:
    """URLs an evidence note names first ("http://…/x.html（HTTP 404）"): broken links by scope, today."""
    found = []
    for e in finding.get("evidence") or ():
        head = re.split(r"[（(\s]", (e.get("note") or "").strip(), maxsplit=1)[0]
        if is_url(head):
            found.append(head)
    return found


class ColumnIndex:
    """A site's columns from the manifest's column_list, found by list URL, item URL or category."""

    def __init__(self, column_list: Sequence[Mapping[str, Any]]):
        self.columns = list(column_list)
        self.by_url: dict[str, Mapping[str, Any]] = {}
        self.by_item: dict[str, Mapping[str, Any]] = {}
        self.by_category: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for column in self.columns:
            for url in [column["list_url"], *column.get("list_pages", ())]:
                self.by_url.setdefault(norm_url(url), column)
            for url in column.get("item_urls", ()):
                self.by_item.setdefault(norm_url(url), column)
            if column.get("category"):
                self.by_category[column["category"]].append(column)

    def resolve(self, finding: Mapping[str, Any]) -> tuple[list[Mapping[str, Any]], str]:
        """The column(s) a finding is about and how that was decided: "url" (its target is the column's
        key), "evidence" (an evidence URL is the list), "evidence-item" (an evidence URL is one of its items),
        "category" (the target is a category holding one column), "category+name" (several; the message names
        one), "category-ambiguous" (several, none named), or "unmatched"."""
        target = str(finding.get("target") or "")
        if is_url(target) and norm_url(target) in self.by_url:
            return [self.by_url[norm_url(target)]], "url"
        urls = [norm_url(u) for u in evidence_urls(finding)]
        for url in urls:
            if url in self.by_url:
                return [self.by_url[url]], "evidence"
        for url in urls:
            if url in self.by_item:
                return [self.by_item[url]], "evidence-item"
        candidates = self.by_category.get(target, [])
        if len(candidates) == 1:
            return candidates, "category"
        named = [c for c in candidates if f"「{c['name']}」" in (finding.get("message") or "")]
        if len(named) == 1:
            return named, "category+name"
        if candidates:
            return candidates, "category-ambiguous"
        return [], "unmatched"


# -- ground truth -------------------------------------------------------------------------------------------


@dataclass
class SiteTruth:
    """What a right judgement of one site finds, from the manifest (and the site's level for 年度报告)."""

    name: str
    style: str
    level: str
    planted: dict[str, set[str]]  # kind -> units (column keys, URLs, "key|YYYY-MM", "site")
    columns: ColumnIndex
    articles: Mapping[str, Any]
    pages: Mapping[str, Any]  # manifest pages: url -> {outcome, …}
    expected_totals: dict[str, tuple[int, bool]]  # check -> (count, alarm expected)
    notes: list[str] = field(default_factory=list)

    def label(self, unit: str) -> str:
        """A unit as a reader finds it: a column's URL with its name, a document's URL with its title."""
        key, _, month = unit.partition("|")
        column = self.columns.by_url.get(key)
        if column is not None:
            return f"{unit} 「{column['name']}」({column['key']})"
        article = self.articles.get(key) or self.articles.get(unit)
        if article is not None:
            return f"{unit} 《{article['title']}》"
        return unit


def annual_report_due(level: str, year: int) -> date:
    """条例第四十九条: departments by 1月31日, 县级以上地方人民政府 (and an unknown level) by 3月31日."""
    return date(year + 1, 1, 31) if level == "部门" else date(year + 1, 3, 31)


def annual_report_defect(items: Sequence[Mapping[str, Any]], level: str, as_of: date) -> str | None:
    """Why the latest 年度报告 whose deadline has passed is late or missing, or None when it is on time."""
    year = as_of.year - 1 if as_of > annual_report_due(level, as_of.year - 1) else as_of.year - 2
    due = annual_report_due(level, year)
    found = [i for i in items if f"{year}年" in i["title"] and "年度报告" in i["title"]]
    if not found:
        return f"{year}年度报告 missing (due {due})"
    published = min(date.fromisoformat(i["date"]) for i in found)
    return f"{year}年度报告 published {published}, due {due}" if published > due else None


def _due_months(as_of: date, lag_days: int, lookback: int) -> set[str]:
    """The latest `lookback` months due `lag_days` after they end, as of as_of (as periodic counts them)."""
    months: list[str] = []
    first = as_of.replace(day=1)
    while len(months) < lookback:
        end = first - timedelta(days=1)
        if end + timedelta(days=lag_days) < as_of:
            months.append(f"{end:%Y-%m}")
        first = end.replace(day=1)
    return set(months)


def _params(plan: Sequence[Any], check: str) -> Any:
    return next((p.params for p in plan if p.check == check), None)


def site_truth(
    site: Mapping[str, Any], name: str, style: str, level: str, as_of: date, plan: Sequence[Any]
) -> SiteTruth:
    columns = ColumnIndex(site["column_list"])
    seen = [c for c in columns.columns if c.get("visibility", "seen") == "seen"]
    lists = [c for c in seen if c["role"] == "list"]
    planted: dict[str, set[str]] = {kind: set() for kind in KINDS}
    planted["stale_column"] = {norm_url(c["list_url"]) for c in lists if c["stale"]}
    planted["blank_column"] = {norm_url(c["list_url"]) for c in lists if c["blank"]}
    planted["blocked_column"] = {
        norm_url(c["list_url"]) for c in columns.columns if c.get("visibility", "seen") != "seen"
    }
    periodic = _params(plan, "periodic")
    due = _due_months(as_of, periodic.lag_days, periodic.lookback) if periodic else set()
    notes = []
    for defect in site["defects"]:
        kind = defect["kind"]
        if kind == "broken_link":
            planted["broken_link"].add(norm_url(defect["url"]))
        elif kind in ("missing_interpretation", "late_interpretation"):
            planted["interpretation"].add(norm_url(defect["document"]))
        elif kind == "unlinked_interpretation":
            planted["linkage"].add(norm_url(defect["document"]))
        elif kind == "missing_doc_number":
            planted["doc_number"].add(norm_url(defect["url"]))
        elif kind == "missing_month":
            column = next(c for c in columns.columns if c["key"] == defect["column"])
            for month in defect["months"]:
                if month in due and column.get("visibility", "seen") == "seen":
                    planted["periodic"].add(f"{norm_url(column['list_url'])}|{month}")
    manifest_late = any(d["kind"] == "late_annual_report" for d in site["defects"])
    ndbg = next((c for c in seen if c["key"] == "ndbg"), None)
    if ndbg is not None:
        why = annual_report_defect(site["columns"]["ndbg"]["items"], level, as_of)
        if why:
            planted["annual_report"].add(norm_url(ndbg["list_url"]))
        if manifest_late or why:
            said = why or "on time by its level's deadline"
            notes.append(
                f"年度报告 ({level}): manifest plants late_annual_report={manifest_late}; truth: {said}"
            )
    return SiteTruth(
        name=name,
        style=style,
        level=level,
        planted=planted,
        columns=columns,
        articles=site["articles"],
        pages=site["pages"],
        expected_totals=_expected_totals(lists, as_of, plan),
        notes=notes,
    )


def _expected_totals(lists: Sequence[Mapping[str, Any]], as_of: date, plan: Sequence[Any]) -> dict[str, Any]:
    """blank_columns_total and stale_columns_total as the manifest's counts decide them."""
    expected = {}
    blank_p = _params(plan, "blank_columns_total")
    if blank_p is not None:
        judged = [
            c
            for c in lists
            if (not blank_p.columns or c["category"] in blank_p.columns) and c["category"] not in blank_p.skip
        ]
        count = sum(1 for c in judged if c["blank"])
        expected["blank_columns_total"] = (count, count > blank_p.warn_above)
    stale_p = _params(plan, "stale_columns_total")
    if stale_p is not None:
        count = 0
        for c in lists:
            limit = stale_p.limits.get(c["category"], stale_p.other_max_age_days)
            if limit <= 0 or c["blank"]:
                continue
            newest = c.get("newest_date")
            if newest is None or (as_of - date.fromisoformat(newest)).days > limit:
                count += 1
        expected["stale_columns_total"] = (count, count > stale_p.warn_above)
    return expected


# -- scoring ------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    tp: int = 0
    fn: int = 0
    fp: int = 0

    def add(self, other: Tally) -> None:
        self.tp, self.fn, self.fp = self.tp + other.tp, self.fn + other.fn, self.fp + other.fp

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None


@dataclass
class SiteScore:
    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in KINDS})
    hits: list[tuple[str, str, str]] = field(default_factory=list)  # kind, unit, how matched
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # kind, unit, what was found instead
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    unseen_fails: list[str] = field(default_factory=list)
    count_mismatches: list[str] = field(default_factory=list)
    how: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, how) of every matched alarm


def _status_of(findings: Iterable[Mapping[str, Any]]) -> str:
    said = [
        f"{f['check']} {f['status']}" + (f" ({f['reason']})" if f.get("reason") else "") for f in findings
    ]
    return "; ".join(dict.fromkeys(said)) or "no finding"


def score_site(
    truth: SiteTruth, findings: Sequence[Mapping[str, Any]], outcomes: Mapping[str, str]
) -> SiteScore:
    """Match one site's findings with its truth; outcomes maps each stored page URL to its fetch outcome."""
    score = SiteScore()
    found: dict[str, set[str]] = {kind: set() for kind in KINDS}
    about: dict[str, list[Mapping[str, Any]]] = defaultdict(list)  # unit -> every finding about it

    def hit(kind: str, unit: str, how: str) -> None:
        if unit not in found[kind]:
            found[kind].add(unit)
            score.tallies[kind].tp += 1
            score.hits.append((kind, unit, how))
        score.how[(kind, how)] += 1

    def false_alarm(kind: str, f: Mapping[str, Any], unit: str, how: str, clean: bool) -> None:
        score.tallies[kind].fp += 1
        score.how[(kind, how)] += 1
        score.false_alarms.append(
            {
                "kind": kind,
                "check": f["check"],
                "target": f["target"],
                "unit": truth.label(unit),
                "status": f["status"],
                "how": how,
                "clean": clean,
                "message": f.get("message", ""),
                "truth": _truth_of(truth, kind, unit),
            }
        )

    for f in findings:
        kind = KIND_OF_CHECK.get(f["check"], "other")
        alarm = f["status"] in ALARM
        cols, how = truth.columns.resolve(f) if f["check"] in COLUMN_CHECKS else ([], "")
        keys = [norm_url(c["list_url"]) for c in cols]
        for key in keys if how != "category-ambiguous" else ():
            about[key].append(f)
            if key in truth.planted["blocked_column"]:
                if f["status"] == "unverifiable":
                    hit("blocked_column", key, how)
                elif alarm:
                    false_alarm("blocked_column", f, key, how, clean=False)
        if f["status"] == "fail":
            why = _unseen(truth, f, cols, how, outcomes)
            if why:  # one entry per fail, however many reasons
                score.unseen_fails.append("; ".join(why))
        if kind in ("stale_column", "blank_column", "annual_report"):
            if alarm:
                planted = [k for k in keys if k in truth.planted[kind]]
                if planted:
                    hit(kind, planted[0], how)
                else:
                    false_alarm(kind, f, keys[0] if keys else f["target"], how, clean=bool(keys))
        elif kind == "periodic":
            if alarm:
                _score_periodic(truth, f, keys, how, hit, false_alarm)
        elif kind == "broken_link":
            targets, how = (
                ([f["target"]], "target") if is_url(f["target"]) else (noted_urls(f), "evidence-note")
            )
            for url in map(norm_url, targets):
                about[url].append(f)
                if not alarm:
                    continue
                if url in truth.planted[kind]:
                    hit(kind, url, how)
                else:
                    false_alarm(kind, f, url, how, clean=True)
        elif kind in ("interpretation", "linkage", "doc_number"):
            doc = norm_url(str(f["target"]).split(" <-> ")[0])
            about[doc].append(f)
            if alarm:
                if doc in truth.planted[kind]:
                    hit(kind, doc, "target")
                else:
                    false_alarm(kind, f, doc, "target", clean=is_url(doc))
        elif kind in ("blank_columns_total", "stale_columns_total"):
            count, expected = truth.expected_totals.get(kind, (None, False))
            if count is not None and f.get("measured") is not None and f["measured"] != count:
                score.count_mismatches.append(f"{kind}: measured {f['measured']}, manifest count {count}")
            if alarm and expected:
                hit(kind, "site", "site")
            elif alarm:
                false_alarm(kind, f, "site", "site", clean=True)
            elif expected:
                truth.planted[kind].add("site")  # expected an alarm, none given
        elif alarm:
            false_alarm("other", f, str(f["target"]), "nothing planted", clean=True)
    for kind in KINDS:
        for unit in sorted(truth.planted[kind] - found[kind]):
            score.tallies[kind].fn += 1
            score.misses.append((kind, truth.label(unit), _status_of(about.get(unit.split("|")[0], ()))))
    return score


def _truth_of(truth: SiteTruth, kind: str, unit: str) -> str:
    """What the manifest says of a falsely accused unit, where it says more than "clean"."""
    article = truth.articles.get(unit)
    if kind == "interpretation" and article is not None:
        if not article.get("owes_interpretation"):
            return f"manifest: owes no 解读 (kind {article.get('kind')}, {article.get('doc_type', '')})"
        interp = article.get("interpretation")
        when = (truth.articles.get(interp) or {}).get("pub_date") if interp else None
        return f"manifest: 解读 {interp} published {when}" if interp else "manifest: no 解读 (not planted?)"
    column = truth.columns.by_url.get(unit.partition("|")[0])
    if column is not None:
        return (
            f"manifest: role {column['role']}, items {column['items']}, newest {column['newest_date']}, "
            f"blank {column['blank']}, stale {column['stale']}, visibility {column['visibility']}"
        )
    return ""


def _score_periodic(truth, f, keys, how, hit, false_alarm) -> None:
    """Missing months are the units: each month an alarm names is a hit or a false alarm."""
    months = sorted(
        {
            f"{int(y):04d}-{int(m):02d}"
            for e in f.get("evidence") or ()
            for y, m in _MONTH_ZH.findall(e.get("note") or "")
        }
    )
    key = keys[0] if keys else str(f["target"])
    if not months:  # the months cannot be read: the column is the unit
        planted = [u for u in truth.planted["periodic"] if u.split("|")[0] in keys]
        if planted:
            hit("periodic", planted[0], how)
        else:
            false_alarm("periodic", f, key, how, clean=bool(keys))
        return
    for month in months:
        unit = f"{key}|{month}"
        if unit in truth.planted["periodic"]:
            hit("periodic", unit, how)
        else:
            false_alarm("periodic", f, unit, how, clean=bool(keys))


def _unseen(truth: SiteTruth, f: Mapping[str, Any], cols, how: str, outcomes: Mapping[str, str]) -> list[str]:
    """Why a fail rests on something the crawl did not see: an unseen column, or a page not fetched."""
    why = []
    if how != "category-ambiguous":
        why += [
            f"{f['check']} fail on column 「{c['name']}」 whose visibility is {c['visibility']}"
            for c in cols
            if c.get("visibility", "seen") != "seen"
        ]
    urls = list(evidence_urls(f))
    if f["check"] != "broken_links":  # a broken link's target is by definition a page that failed
        urls += [u for u in str(f["target"]).split(" <-> ") if is_url(u)]
    for url in dict.fromkeys(urls):
        outcome = outcomes.get(url) or outcomes.get(norm_url(url))
        if outcome is None:
            outcome = (truth.pages.get(url) or {}).get("outcome")
            outcome = None if outcome == "ok" else outcome
        if outcome not in (None, "ok", "not_modified", "carried"):
            why.append(f"{f['check']} fail {f['target']} cites {url} (outcome {outcome})")
    return why
