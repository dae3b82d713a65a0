"""Fixtures for the extractor tests: real-page excerpts and whole real pages, decoded as the crawler decodes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from crawler.extract.encoding import decode

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def fetched_at() -> datetime:
    """The fetch time of every fixture page: after all of them were published."""
    return datetime(2025, 11, 25, 12, 0)


@pytest.fixture
def excerpt() -> Callable[[str], str]:
    """Read a cut of a real page from tests/data/excerpts (each file names its source page)."""
    return lambda name: decode((DATA / "excerpts" / name).read_bytes())[0]


@pytest.fixture
def realpage() -> Callable[[str], str]:
    """Read a whole labelled real page from tests/data/realpages."""
    return lambda name: decode((DATA / "realpages" / name).read_bytes())[0]
