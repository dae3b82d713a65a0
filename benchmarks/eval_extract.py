"""Accuracy of the extractors on the hand-labelled real government pages (tests/data/realpages).

Usage: python benchmarks/eval_extract.py [PAGES_DIR]

Prints, per field, correct/total and the percentage, a line for each miss, and finally one JSON line with
the figures. Fields: page kind, publication date (exact day; null must stay null), newest list-entry date
and dated list-entry count (list-like pages), 文号, 索引号 and 成文日期 (null when the page shows none). 文号 and
成文日期 count wherever the page shows them: in its attribute block, or in its text when no block gives them
(文号 on its own line by the title, 成文日期 under the signature that closes the body: issue 12 rule 8).

Pages without a stated URL are given https://<site>/<file>, a URL that carries no date and no column.
Label corrections (LABEL_CORRECTIONS) are applied only where a label contradicts the page, each with its
evidence; the figures against the labels as given are printed too.

Then the main-list reading of the column list pages (PAGES_DIR/lists, labels in its labels.json): read with
read_document, each page's list entries are compared with the hand-read main list of its column (never
its side blocks): dated and undated row counts, newest date, first and last title, the stated record total
and page count, and whether the page says its list is empty. Per field, overall and per CMS family.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.extract.encoding import decode  # noqa: E402
from crawler.extract.extraction import PageExtraction, extract_page  # noqa: E402
from crawler.extract.listing import newest_date  # noqa: E402
from crawler.extract.reading import PageReading, read_document  # noqa: E402

PAGES_DIR = ROOT / "tests" / "data" / "realpages"
FETCHED_AT = datetime(2025, 11, 25, 12, 0)  # when the labelled set was assembled; every page is older
KIND_OF_LABEL = {
    "article": "article",
    "interpretation": "article",
    "list": "column_list",
    "column-index": "column_index",
    "homepage": "homepage",
    "other": "other",
}
LIST_TYPES = frozenset({"list", "column-index", "homepage"})
# page id -> {label field: (corrected value, evidence)}
LABEL_CORRECTIONS: dict[str, dict[str, tuple[Any, str]]] = {
    "www.yichun.gov.cn_22e23638": {
        "list_dated_items": (
            41,
            (
                "the label counts only the 15 entries dated YYYY-MM-DD; the page has 26 more entries with a link and a "
                'year-less date (25 <li> rows and the 政务要闻 headline block), e.g. <ul class="newsList MM-dd res"><li><h4><a href="/ycsrmzf/zwyw/202310/…">'
                '2023年度全市综合考核工作分析部署会召开</a><span class="time">10-11</span> (政务要闻 ×10, 政府文件 ×8, '
                "政策解读 ×8); issue 4 counts [03-05]-style dates as dates"
            ),
        )
    },
    "www.wlmq.gov.cn_7c45cc62": {
        "written_date": (
            "2024-03-01",
            (
                "the label has no 成文日期 since the page has no attribute block; the notice ends with its signature, "
                '<p class="p" align="right"><span>新疆文化艺术学校</span></p><p class="p" align="right"><span>2024年3月1日'
                "</span></p>, and issue 12 rule 8 reads the date under the signature as 成文日期 (on xxgk.jl.gov.cn the "
                "signature date 2022年1月27日 is the block's 成文日期 too)"
            ),
        )
    },
}


@dataclass
class FieldScore:
    """Correct/total of one field and the misses, one line each."""

    correct: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


def _every(_label: dict[str, Any]) -> bool:
    return True


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


FIELDS: dict[str, tuple[Callable[[dict[str, Any]], bool], str, Callable[[PageExtraction], Any]]] = {
    "kind": (_every, "page_type", lambda ex: ex.kind),
    "publish_date": (_every, "pub_date", lambda ex: _iso(ex.publish_date)),
    "list_newest_date": (
        lambda lab: lab["page_type"] in LIST_TYPES,
        "list_newest_date",
        lambda ex: _iso(newest_date(ex.list_items)),
    ),
    "list_dated_items": (
        lambda lab: lab["page_type"] in LIST_TYPES,
        "list_dated_items",
        lambda ex: sum(1 for i in ex.list_items if i.date),
    ),
    "doc_number": (_every, "doc_number", lambda ex: ex.doc_fields.get("文号")),
    "index_number": (_every, "index_number", lambda ex: ex.doc_fields.get("索引号")),
    "written_date": (_every, "written_date", lambda ex: _iso(ex.written_date)),
}


def _expected(label: dict[str, Any], name: str, key: str, corrected: bool) -> Any:
    fix = LABEL_CORRECTIONS.get(label["id"], {}).get(key) if corrected else None
    value = fix[0] if fix else label[key]
    return KIND_OF_LABEL.get(value, value) if name == "kind" else value


def extract_labelled(pages_dir: Path = PAGES_DIR) -> list[tuple[dict[str, Any], PageExtraction]]:
    """Run extract_page over every labelled page."""
    labels = json.loads((pages_dir / "labels.json").read_text(encoding="utf-8"))["pages"]
    results = []
    for label in labels:
        text, _ = decode((pages_dir / label["file"]).read_bytes())
        url = label["original_url"] or f"https://{label['site']}/{label['file']}"
        results.append((label, extract_page(text, url, fetched_at=FETCHED_AT)))
    return results


def evaluate(
    pages_dir: Path = PAGES_DIR,
    *,
    corrected: bool = True,
    results: list[tuple[dict[str, Any], PageExtraction]] | None = None,
) -> dict[str, FieldScore]:
    """Scores per field over the labelled pages."""
    scores = {name: FieldScore() for name in FIELDS}
    for label, extraction in results if results is not None else extract_labelled(pages_dir):
        for name, (applies, key, read) in FIELDS.items():
            if not applies(label):
                continue
            expected, got = _expected(label, name, key, corrected), read(extraction)
            score = scores[name]
            score.total += 1
            if expected == got:
                score.correct += 1
            else:
                score.misses.append(f"{label['id']}: expected {expected!r}, got {got!r}")
    return scores


def _print(title: str, scores: dict[str, FieldScore]) -> None:
    print(title)
    for name, score in scores.items():
        print(f"  {name:18} {score.correct:3}/{score.total:<3} {100 * score.accuracy:6.1f} %")
        for miss in score.misses:
            print(f"      miss {miss}")


def _title(value: str | None) -> str | None:
    return " ".join(value.split()) if value else value


def _items(reading: PageReading) -> tuple[Any, ...]:
    return reading.extraction.list_items


# main-list field -> what the reading says of it
MAIN_LIST_FIELDS: dict[str, Callable[[PageReading], Any]] = {
    "dated_rows": lambda r: sum(1 for i in _items(r) if i.date),
    "undated_rows": lambda r: sum(1 for i in _items(r) if not i.date),
    "newest_date": lambda r: _iso(newest_date(_items(r))),
    "first_title": lambda r: _title(_items(r)[0].title) if _items(r) else None,
    "last_title": lambda r: _title(_items(r)[-1].title) if _items(r) else None,
    # the record total the page states (共 N 条, totalRecord, recordCount…), beside its page count
    "stated_records": lambda r: getattr(r.extraction.pagination, "total_records", None),
    "stated_pages": lambda r: r.extraction.pagination.total_pages,
    "empty": lambda r: r.extraction.list_empty or r.stated_empty,
}


def read_lists(lists_dir: Path = PAGES_DIR / "lists") -> list[tuple[dict[str, Any], PageReading]]:
    """Read every labelled column list page as the crawler does (bytes decoded, then read_document)."""
    labels_file = lists_dir / "labels.json"
    if not labels_file.exists():
        return []
    results = []
    for label in json.loads(labels_file.read_text(encoding="utf-8"))["pages"]:
        text, _ = decode((lists_dir / label["file"]).read_bytes(), None)
        url = label["original_url"] or f"https://{label['site']}/{label['file']}"
        results.append((label, read_document(text, url, fetched_at=FETCHED_AT)))
    return results


def evaluate_lists(
    results: list[tuple[dict[str, Any], PageReading]],
) -> tuple[dict[str, FieldScore], dict[str, dict[str, FieldScore]]]:
    """Scores of the main-list reading per field, over all list pages and per CMS family."""
    overall = {name: FieldScore() for name in MAIN_LIST_FIELDS}
    by_family: dict[str, dict[str, FieldScore]] = {}
    for label, reading in results:
        family = by_family.setdefault(label["cms_family"], {name: FieldScore() for name in MAIN_LIST_FIELDS})
        for name, read in MAIN_LIST_FIELDS.items():
            expected, got = label["main_list"][name], read(reading)
            if name.endswith("_title"):
                expected = _title(expected)
            for score in (overall[name], family[name]):
                score.total += 1
                if expected == got:
                    score.correct += 1
                else:
                    score.misses.append(f"{label['id']}: {name} expected {expected!r}, got {got!r}")
    return overall, by_family


def _print_lists(
    scores: dict[str, FieldScore], by_family: dict[str, dict[str, FieldScore]], pages: int
) -> None:
    _print(f"Main list of the column list pages ({pages} pages in {len(by_family)} CMS families):", scores)
    for family, family_scores in sorted(by_family.items()):
        print(f"  {family}: " + ", ".join(f"{n} {s.correct}/{s.total}" for n, s in family_scores.items()))


def main(argv: list[str]) -> int:
    pages_dir = Path(argv[1]) if len(argv) > 1 else PAGES_DIR
    results = extract_labelled(pages_dir)
    as_given = evaluate(pages_dir, corrected=False, results=results)
    corrected = evaluate(pages_dir, corrected=True, results=results)
    _print("Against the labels as given:", as_given)
    for page, fixes in LABEL_CORRECTIONS.items():
        for key, (value, evidence) in fixes.items():
            print(f"  correction {page} {key} -> {value!r}: {evidence}")
    _print("With the label corrections above:", corrected)
    figures = {name: round(score.accuracy, 4) for name, score in corrected.items()}
    figures |= {f"{name}_as_labelled": round(score.accuracy, 4) for name, score in as_given.items()}
    lists = read_lists(pages_dir / "lists")
    if lists:
        list_scores, by_family = evaluate_lists(lists)
        _print_lists(list_scores, by_family, len(lists))
        figures["list_pages"] = len(lists)
        figures["main_list"] = {name: round(score.accuracy, 4) for name, score in list_scores.items()}
        figures["main_list_by_family"] = {
            family: {name: f"{score.correct}/{score.total}" for name, score in family_scores.items()}
            for family, family_scores in sorted(by_family.items())
        }
    print(json.dumps({"pages": len(results), **figures}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
