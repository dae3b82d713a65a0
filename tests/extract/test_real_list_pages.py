"""The main list of real column list pages (tests/data/realpages/lists, labelled by hand): its dated and
undated rows, newest date, first and last title and the totals it states, never a side block's rows."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from crawler.extract.encoding import decode
from crawler.extract.listing import newest_date
from crawler.extract.reading import read_document

LISTS = Path(__file__).resolve().parents[1] / "data" / "realpages" / "lists"
LABELS = json.loads((LISTS / "labels.json").read_text(encoding="utf-8"))["pages"]
FETCHED = datetime(2026, 11, 20, 12, 0)


@pytest.mark.parametrize("label", LABELS, ids=[label["file"] for label in LABELS])
def test_the_main_list_of_a_real_column_page(label: dict[str, Any]) -> None:
    text, _ = decode((LISTS / label["file"]).read_bytes(), None)
    url = label["original_url"] or f"https://{label['site']}/list/{label['file']}"
    reading = read_document(text, url, fetched_at=FETCHED)
    items, want = reading.extraction.list_items, label["main_list"]
    newest = newest_date(items)
    got = {
        "dated_rows": sum(1 for item in items if item.date),
        "undated_rows": sum(1 for item in items if item.date is None),
        "newest_date": newest.isoformat() if newest else None,
        "first_title": items[0].title if items else None,
        "last_title": items[-1].title if items else None,
        "stated_records": reading.extraction.pagination.total_records,
        "stated_pages": reading.extraction.pagination.total_pages,
        "empty": reading.extraction.list_empty,
    }
    assert got == {key: want[key] for key in got}
