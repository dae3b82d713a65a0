"""Findings accuracy over the test portal: recall and precision per defect kind, per style, per seed (issue 13).

Usage: python benchmarks/bench_findings.py [--seeds 1 2 3] [--as-of 2026-11-20 2026-10-10 2026-03-02]
                                           [--styles static ajax legacy_gbk]

For every seed and as-of day it serves findings_spec(seed, as_of) on 127.0.0.1 (per style one site with
planted defects and one clean site), sweeps it as the demo does, judges the sweep with the default plan
as of that day (scheduler.checking.check_sweep) and scores the stored findings against the generator's
manifest. A planted defect is found when a fail or warn names its target; a fail or warn on a target the
manifest says is clean is a false alarm. A fail whose column or evidence the crawl did not see is counted
apart (it must never happen). Then, apart, it judges the hand-labelled real pages (tests/data/realpages):
what date_plausibility and freshness make of their dates. Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._findings_score import (  # noqa: E402
    KINDS,
    SiteScore,
    SiteTruth,
    Tally,
    norm_url,
    score_site,
    site_truth,
)
from benchmarks._portal import sweep_portal  # noqa: E402
from crawler import SiteTarget  # noqa: E402
from testportal import Defects, PortalSpec, SiteSpec  # noqa: E402
from testportal.spec import DEMO_AS_OF  # noqa: E402

# As-of days: the portal's usual day; the 调休 Saturday after 国庆 2026 (a working day, checks/holidays.toml);
# a day between 2月1日 and 3月31日, when the 年度报告 deadline depends on the site's level.
DEFAULT_AS_OF = (DEMO_AS_OF, date(2026, 10, 10), date(2026, 3, 2))
STYLE_ORDER = ("static", "ajax", "legacy_gbk")
PAGES = 200  # per site: two years of rule-based items (the generator's floor for a 12-month look-back)
# Planted column defects rotate over these per seed and style; each pool holds columns whose category the
# default plan judges (freshness: gzdt tzgg zcwj rsxx ghjh tjxx; blank_column: every information column).
STALE_POOL = ("gzdt", "xzdt", "tzgg", "zcwj", "rsxx", "tjxx", "zwyw", "ghjh", "bmwj")
BLANK_POOL = ("jyta", "ghjh", "rsxx", "tjxx", "zwyw", "tzgg", "qzqd", "zcfg", "xzdt")
BLOCKED_POOL = ("tjxx", "rsxx", "jyta", "ghjh", "tzgg", "bmwj", "zwyw", "zcfg", "qzqd")
GOVERNMENT_LEVEL = {"static": "市", "ajax": "县区", "legacy_gbk": "县区"}


# -- the portal we sweep ------------------------------------------------------------------------------------


def _pick(pool: Sequence[str], start: int, taken: Iterable[str]) -> str:
    taken = set(taken)
    return next(
        pool[(start + k) % len(pool)] for k in range(len(pool)) if pool[(start + k) % len(pool)] not in taken
    )


def missing_month_for(as_of: date) -> str:
    """A month whose 财政收支 report is due and inside the 12-month look-back, never 1 or 2 (one 1-2月 report)."""
    day = as_of - timedelta(days=100)
    while day.month in (1, 2):
        day -= timedelta(days=31)
    return f"{day:%Y-%m}"


def findings_spec(
    seed: int, as_of: date, styles: Sequence[str] = STYLE_ORDER
) -> tuple[PortalSpec, dict[str, str]]:
    """Per style a site with planted defects and a clean one; the spec and each site's level (省/市/县区/部门).

    The defects rotate with seed and style so that every seed plants other columns; the defective site is a
    department (部门) on one seed and a government on the next, so the 年度报告 deadline is judged both ways."""
    sites, levels = [], {}
    for index, style in enumerate(STYLE_ORDER):
        if style not in styles:
            continue
        turn = seed * len(STYLE_ORDER) + index
        stale = STALE_POOL[turn % len(STALE_POOL)]
        blank = _pick(BLANK_POOL, turn, [stale])
        blocked = _pick(BLOCKED_POOL, turn + 1, [stale, blank])
        department = (seed + index) % 2 == 0
        name = style.replace("_", "")
        sites.append(
            SiteSpec(
                name=f"{name}-defects",
                style=style,
                pages=PAGES,
                meta_tags=style != "legacy_gbk",
                hostile=("challenge_412",),  # blocked, linked from the homepage: never a broken link
                defects=Defects(
                    stale_column=stale,
                    blank_column=blank,
                    blocked_column=blocked,
                    missing_month=missing_month_for(as_of),
                    late_interpretation=1,
                    missing_interpretation=1,
                    unlinked_interpretation=1,
                    broken_link=2,
                    missing_doc_number=1,
                    late_annual_report=True,
                ),
            )
        )
        sites.append(
            SiteSpec(name=f"{name}-clean", style=style, pages=PAGES, meta_tags=style != "legacy_gbk")
        )
        levels[f"{name}-defects"] = "部门" if department else GOVERNMENT_LEVEL[style]
        levels[f"{name}-clean"] = GOVERNMENT_LEVEL[style] if department else "部门"
    return PortalSpec(seed=seed, as_of=as_of, sites=tuple(sites)), levels


def target_maker(levels: Mapping[str, str]):
    def target_of(site: SiteSpec, url: str) -> SiteTarget:
        return SiteTarget(name=site.name, base_url=url, allow_private=True, level=levels[site.name])

    return target_of


# -- one run: serve, sweep, judge, score --------------------------------------------------------------------


@dataclass
class RunResult:
    seed: int
    as_of: date
    scores: dict[str, SiteScore]  # site name -> its score
    truths: dict[str, SiteTruth]
    seconds: float
    complete: bool
    errors: list[str] = field(default_factory=list)  # what went wrong judging the sweep (scored anyway)


def run_one(seed: int, as_of: date, styles: Sequence[str], workdir: Path, plan: Sequence[Any]) -> RunResult:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from scheduler.checking import check_sweep
    from storage.findings import list_findings
    from storage.models import Page

    started = time.monotonic()
    spec, levels = findings_spec(seed, as_of, styles)
    swept = sweep_portal(spec, workdir, f"s{seed}-{as_of:%Y%m%d}", target_of=target_maker(levels))
    engine = swept.engine()
    errors = []
    try:
        check_sweep(engine, swept.sweep_id, as_of=as_of, plan=plan)
    except Exception as exc:  # noqa: BLE001 - a crash after the findings are stored must not lose the run
        errors.append(f"check_sweep raised {type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
    scores, truths = {}, {}
    for site in spec.sites:
        site_id = swept.site_ids[site.name]
        with Session(engine) as session:
            rows = session.execute(
                select(Page.url, Page.final_url, Page.outcome).where(
                    Page.sweep_id == swept.sweep_id, Page.site_id == site_id
                )
            ).all()
        outcomes: dict[str, str] = {}
        for url, final_url, outcome in rows:
            for key in (url, norm_url(url), final_url or url, norm_url(final_url or url)):
                outcomes.setdefault(key, outcome)
        findings = list_findings(engine, swept.sweep_id, sites=[swept.targets[site.name].name])
        if not findings:
            errors.append(f"{site.name}: no findings stored")
        truth = site_truth(
            swept.manifest["sites"][site.name], site.name, site.style, levels[site.name], as_of, plan
        )
        truths[site.name], scores[site.name] = truth, score_site(truth, findings, outcomes)
    engine.dispose()
    return RunResult(seed, as_of, scores, truths, time.monotonic() - started, swept.complete, errors)


# -- the real pages, judged apart ---------------------------------------------------------------------------


def judge_real_pages() -> dict[str, Any]:
    """What date_plausibility and freshness make of the hand-labelled real pages, page by page.

    Judged: (1) date_plausibility on each page alone (its publication date, 成文日期, the dates of its list
    rows, a date it shows that the reader did not trust), as of the day the set was assembled (or the page's
    newest labelled date, when later: one archived list runs past that day), so every labelled date is
    plausible and any fail is a false alarm; (2) freshness on each labelled list (the list pages' main lists and
    the list-like pages of the main set): the newest date it measures must be the labelled newest date.
    Not judged: 解读, periodic, deadlines, links (one page of a site says nothing of them)."""
    from benchmarks.eval_extract import FETCHED_AT, PAGES_DIR, extract_labelled, read_lists
    from checks import CheckContext, PlannedCheck, WorkdayCalendar, run_checks
    from storage.views import ColumnView, DocumentView, ItemView, PageView, SiteView

    assembled = FETCHED_AT.date()
    calendar = WorkdayCalendar.default()

    def items_of(extraction) -> tuple[ItemView, ...]:
        return tuple(
            ItemView(title=i.title, url=i.url, date=i.date, pinned=i.pinned, year_inferred=i.year_inferred)
            for i in extraction.list_items
        )

    def labelled_dates(label: Mapping[str, Any]) -> list[date]:
        found = [label.get(k) for k in ("pub_date", "written_date", "list_newest_date")]
        found.append((label.get("main_list") or {}).get("newest_date"))
        return [date.fromisoformat(d) for d in found if d]

    def run(view: SiteView, check: str, params: dict[str, Any], as_of: date) -> list[Any]:
        ctx = CheckContext(as_of=as_of, calendar=calendar, site=view.site, previous=None)
        return run_checks(view, [PlannedCheck(check, params)], ctx)

    result: dict[str, Any] = {
        "as_of": assembled.isoformat(),
        "plausibility_pages": 0,
        "plausibility_fails": [],
        "lists": 0,
        "newest_right": 0,
        "newest_misses": [],
    }
    pages = [(label, ex, "page") for label, ex in extract_labelled(PAGES_DIR)]
    pages += [(label, reading.extraction, "list") for label, reading in read_lists(PAGES_DIR / "lists")]
    for label, ex, where in pages:
        url = label["original_url"] or f"https://{label['site']}/{label['file']}"
        as_of = max([assembled, *labelled_dates(label)])
        column = ColumnView(
            id="gzdt",
            name=label.get("column") or "栏目",
            url=url,
            key=url,
            category="gzdt",
            items=items_of(ex),
        )
        view = SiteView(
            site=label["site"],
            base_url=f"https://{label['site']}/",
            columns=(column,) if ex.list_items else (),
            documents=(
                DocumentView(
                    url=url, title=ex.title, publish_date=ex.publish_date, written_date=ex.written_date
                ),
            )
            if ex.written_date
            else (),
            pages=(
                PageView(
                    url=url,
                    title=ex.title,
                    publish_date=ex.publish_date,
                    implausible_date=ex.implausible_date,
                ),
            ),
        )
        if where == "page":
            result["plausibility_pages"] += 1
            for f in run(view, "date_plausibility", {}, as_of):
                if f.status.value == "fail":
                    result["plausibility_fails"].append(f"{label['id']}: {f.message}")
        truth = label["main_list"]["newest_date"] if where == "list" else label.get("list_newest_date")
        if where == "list" or label.get("page_type") in ("list", "column-index", "homepage"):
            result["lists"] += 1
            measured = None
            for f in run(view, "freshness", {"column": "gzdt", "max_age_days": 100000}, as_of):
                dates = [e.date for e in f.evidence if e.date]
                measured = dates[0].isoformat() if dates else None
            if measured == truth:
                result["newest_right"] += 1
            else:
                result["newest_misses"].append(f"{label['id']}: freshness measures {measured}, label {truth}")
    return result


# -- printing -----------------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "     —" if value is None else f"{value:6.1%}"


def _table(title: str, rows: Mapping[str, Mapping[str, Tally]], columns: Sequence[str]) -> None:
    print(f"\n{title}")
    print(f"  {'kind':20s}" + "".join(f" | {c:^24s}" for c in columns))
    print(f"  {'':20s}" + "".join(f" | {'tp/fn/fp':>9s} {'rec':>6s} {'prec':>6s}" for _ in columns))
    for kind in [*KINDS, "all"]:
        cells = []
        for c in columns:
            t = rows[c].get(kind, Tally())
            cells.append(f" | {t.tp:3d}/{t.fn:2d}/{t.fp:2d} {_pct(t.recall)} {_pct(t.precision)}")
        print(f"  {kind:20s}" + "".join(cells))


def aggregate(runs: Sequence[RunResult], key) -> dict[str, dict[str, Tally]]:
    """Tallies per kind, grouped by key(run, site truth); "all" sums every kind."""
    grouped: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for run in runs:
        for name, score in run.scores.items():
            group = key(run, run.truths[name])
            for kind, tally in score.tallies.items():
                grouped[group][kind].add(tally)
                grouped[group]["all"].add(tally)
    return grouped


def _figures(tallies: Mapping[str, Tally]) -> dict[str, Any]:
    return {
        kind: {"tp": t.tp, "fn": t.fn, "fp": t.fp, "recall": t.recall, "precision": t.precision}
        for kind, t in tallies.items()
        if t.tp or t.fn or t.fp
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--as-of", type=date.fromisoformat, nargs="+", default=list(DEFAULT_AS_OF))
    parser.add_argument("--styles", nargs="+", choices=STYLE_ORDER, default=list(STYLE_ORDER))
    parser.add_argument("--no-real", action="store_true", help="skip the real-page block")
    args = parser.parse_args(argv)

    from checks.plan import load_plan

    plan = load_plan()
    started = time.monotonic()
    runs: list[RunResult] = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in args.seeds:
            for as_of in args.as_of:
                run = run_one(seed, as_of, args.styles, Path(tmp), plan)
                runs.append(run)
                print(
                    f"seed {seed} as of {as_of}: swept and judged in {run.seconds:.0f} s"
                    + ("" if run.complete else " (crawl INCOMPLETE)")
                    + "".join(f"\n  ERROR {e}" for e in run.errors),
                    flush=True,
                )
    by_seed = aggregate(runs, lambda r, t: f"seed {r.seed}")
    by_style = aggregate(runs, lambda r, t: t.style)
    by_day = aggregate(runs, lambda r, t: f"{r.as_of}")
    print(
        "\nUnits: a column (stale/blank/blocked/年度报告), a URL (broken link), a document (解读, linkage, 文号),"
    )
    print("a column and month (periodic), a site (totals). tp/fn/fp per unit; alarm = fail or warn.")
    _table("Per seed", by_seed, sorted(by_seed))
    _table("Per style", by_style, [s for s in STYLE_ORDER if s in by_style])
    _table("Per as-of day", by_day, sorted(by_day))

    how: Counter[tuple[str, str]] = Counter()
    alarms, misses, unseen, mismatches, notes = [], [], [], [], []
    for run in runs:
        for name, score in run.scores.items():
            where = f"seed {run.seed} {run.as_of} {name}"
            how.update(score.how)
            alarms += [(where, a) for a in score.false_alarms]
            misses += [(where, m) for m in score.misses]
            unseen += [(where, u) for u in score.unseen_fails]
            mismatches += [(where, m) for m in score.count_mismatches]
            notes += [(where, n) for n in run.truths[name].notes]
    print(
        "\nHow alarms were matched to targets (kind, way: count) — 'url' once column findings target the column:"
    )
    for (kind, way), n in sorted(how.items()):
        print(f"  {kind:20s} {way:20s} {n:4d}")
    clean = [a for a in alarms if a[1]["clean"]]
    print(
        f"\nFalse alarms on clean targets: {len(clean)} (target 0); on unmatched targets: {len(alarms) - len(clean)}"
    )
    for where, a in alarms:
        tag = "CLEAN" if a["clean"] else "UNMATCHED"
        print(
            f"  {tag} {where} {a['kind']}: {a['check']} {a['status']} {a['unit']} [{a['how']}] {a['message']}"
        )
        if a["truth"]:
            print(f"      {a['truth']}")
    print(f"\nMisses (planted, no fail/warn on it): {len(misses)}")
    for where, (kind, unit, said) in misses:
        print(f"  MISS {where} {kind} {unit}: {said}")
    print(f"\nFails on what the crawl did not see: {len(unseen)} (target 0)")
    for where, u in unseen:
        print(f"  UNSEEN {where} {u}")
    if mismatches:
        print(f"\nSite-wide counts measured unlike the manifest's: {len(mismatches)}")
        for where, m in mismatches:
            print(f"  COUNT {where} {m}")
    errors = [f"seed {r.seed} {r.as_of}: {e}" for r in runs for e in r.errors]
    if errors:
        print(f"\nErrors while judging (the stored findings were scored anyway): {len(errors)}")
        for line in errors:
            print(f"  ERROR {line}")
    print(
        "\n年度报告 truth by level (部门 1月31日; 县级以上人民政府 and an unknown level 3月31日), count of runs:"
    )
    for n, count in sorted(Counter(n for _, n in notes).items()):
        print(f"  {count:3d} × {n}")

    verdicts = {}
    for seed, tallies in sorted(by_seed.items()):
        t = tallies["all"]
        verdicts[seed] = (t.recall or 0) >= 0.97 and (t.precision or 0) >= 0.97
        print(
            f"{seed}: recall {_pct(t.recall)} precision {_pct(t.precision)} "
            f"{'meets' if verdicts[seed] else 'MISSES'} the 0.97 / 0.97 target"
        )

    real = None if args.no_real else judge_real_pages()
    if real:
        print(
            f"\nReal pages, judged apart (as of {real['as_of']}, the day the labelled set was assembled, "
            "or a page's newest labelled date when later):"
        )
        print(
            f"  date_plausibility on {real['plausibility_pages']} labelled pages whose dates are all plausible: "
            f"{len(real['plausibility_fails'])} fail(s) (target 0)"
        )
        for line in real["plausibility_fails"]:
            print(f"    FALSE ALARM {line}")
        print(
            f"  freshness's newest date on {real['lists']} labelled lists: {real['newest_right']} equal the "
            "labelled newest date"
        )
        for line in real["newest_misses"]:
            print(f"    MISS {line}")
        print(
            "  Not judged on real pages: 解读, periodic, deadlines, links, site-wide counts (no whole real site "
            "is labelled)."
        )
    wall = time.monotonic() - started
    print(f"\nwall time {wall:.0f} s")
    print(
        json.dumps(
            {
                "seeds": args.seeds,
                "as_of": [d.isoformat() for d in args.as_of],
                "styles": args.styles,
                "per_seed": {k: _figures(v) for k, v in sorted(by_seed.items())},
                "per_style": {k: _figures(v) for k, v in sorted(by_style.items())},
                "per_as_of": {k: _figures(v) for k, v in sorted(by_day.items())},
                "false_alarms_clean": len(clean),
                "false_alarms_unmatched": len(alarms) - len(clean),
                "misses": len(misses),
                "fails_unseen": len(unseen),
                "errors": errors,
                "match_ways": {f"{k}/{w}": n for (k, w), n in sorted(how.items())},
                "meets_target": verdicts,
                "real_pages": real and {k: (len(v) if isinstance(v, list) else v) for k, v in real.items()},
                "seconds": round(wall),
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
