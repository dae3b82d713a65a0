"""Gzip snapshots of fetched pages, content-addressed by the sha256 of the body (identical pages stored once).

The reference kept in pages.snapshot is the path relative to the sweep plan's snapshot_dir:
"ab/cd/abcd….html.gz". Files are written to a temporary name and renamed, so a crash never leaves a
truncated snapshot behind a stored reference.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

COMPRESS_LEVEL = 1  # fastest: snapshots are written on every fetch and read rarely


def snapshot_ref(body: bytes) -> str:
    digest = hashlib.sha256(body).hexdigest()
    return f"{digest[:2]}/{digest[2:4]}/{digest}.html.gz"


def write_snapshot(root: Path, ref: str, body: bytes) -> None:
    """Store `body` under `ref` unless an identical snapshot is already there."""
    SnapshotStore(root).write(ref, body)


class SnapshotStore:
    """Writes snapshots under one root, remembering the directories it made and the snapshots it wrote,
    so a sweep's thousands of writes cost one file creation each rather than five filesystem calls."""

    def __init__(self, root: Path):
        self._root = root
        self._directories: set[Path] = set()
        self._written: set[str] = set()

    def write(self, ref: str, body: bytes) -> None:
        if ref in self._written:
            return
        path = self._root / ref
        if path.parent not in self._directories:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._directories.add(path.parent)
        if not path.exists():
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(gzip.compress(body, compresslevel=COMPRESS_LEVEL, mtime=0))
            os.replace(temporary, path)
        self._written.add(ref)


def read_snapshot(root: Path, ref: str) -> bytes:
    """The original body bytes of a stored snapshot."""
    return gzip.decompress((root / ref).read_bytes())
