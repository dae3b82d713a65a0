"""Column reading over the test portal at several seeds: are the generator's columns stored, each with its
URL, and is each one's newest date the truth? (issue 12)

Usage: python benchmarks/bench_columns.py [--seeds 1 2 3 4 5]

For every seed it serves demo_spec(seed) on 127.0.0.1, sweeps it as the demo does into a fresh SQLite
file, builds each site's columns (storage/columns.py, what sweep_columns keeps) and compares them with the
manifest's `column_list` (what a right reading gives). Per style it prints: columns of the generator's tree
stored with their URL, and columns whose newest date equals the truth (a blank column's truth is "no
date"); then every miss on one line, and one JSON line with the figures. Target: 100 % of both.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._portal import sweep_portal  # noqa: E402
from storage.columns import column_key  # noqa: E402
from storage.siteview import build_site_view  # noqa: E402
from storage.views import ColumnView  # noqa: E402
from testportal import demo_spec  # noqa: E402


def sweep_seed(seed: int, workdir: Path) -> tuple[dict[str, Any], dict[str, dict[str, ColumnView]], dict]:
    """Serve and sweep one seed; the manifest, each site's stored columns by key, and each site's style."""
    swept = sweep_portal(demo_spec(seed=seed), workdir, f"seed{seed}")
    engine = swept.engine()
    stored = {}
    for name, site_id in swept.site_ids.items():
        view = build_site_view(engine, swept.sweep_id, site_id)
        stored[name] = {column.key: column for column in view.columns}
    engine.dispose()
    return swept.manifest, stored, swept.styles


def score(
    seed: int, manifest: dict[str, Any], stored: dict, styles: dict, tally: Counter, misses: list
) -> None:
    """Count, per style, the manifest's columns found with their URL and with the true newest date."""
    for name, site in manifest["sites"].items():
        style = styles[name]
        for truth in site["column_list"]:
            tally[(style, "columns")] += 1
            column = stored[name].get(column_key(truth["list_url"]))
            where = f"seed {seed} {style} {truth['name']} {truth['list_url']}"
            if column is None:
                misses.append(f"{where}: not stored")
                continue
            tally[(style, "stored")] += 1
            newest = column.newest()
            got = newest.date.isoformat() if newest and newest.date else None
            # a blocked column's right reading is "not seen", with no date
            seen = truth.get("visibility", "seen") == "seen"
            want = truth.get("newest_date") if seen else None
            if got == want and (seen or not column.seen):
                tally[(style, "newest")] += 1
            else:
                misses.append(f"{where}: newest {got} ({column.visibility.value}), truth {want}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    args = parser.parse_args()
    tally: Counter[tuple[str, str]] = Counter()
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in args.seeds:
            manifest, stored, styles = sweep_seed(seed, Path(tmp))
            score(seed, manifest, stored, styles, tally, misses)
    figures = {}
    for style in sorted({style for style, _ in tally}):
        total = tally[(style, "columns")]
        figures[style] = {
            "columns": total,
            "stored_with_url": tally[(style, "stored")],
            "newest_is_truth": tally[(style, "newest")],
        }
        print(
            f"{style:11s} columns {total:4d}  stored with URL {tally[(style, 'stored')] / total:7.1%}"
            f"  newest date true {tally[(style, 'newest')] / total:7.1%}"
        )
    for miss in misses:
        print("MISS", miss)
    print(json.dumps({"seeds": args.seeds, "styles": figures, "misses": len(misses)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
