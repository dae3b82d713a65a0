"""The writer process: a sweep's batches are stored by a child process beside the crawl.

As a thread, the writer shared the crawl's GIL: snapshots and inserts took about a third of the crawl
process's time, and the other core stayed idle. As a process, it writes on that core while the crawl
fetches and reads. One batch at a time, in order, acknowledged: the crawl still knows what is stored.

The child dies with its parent (a SIGKILLed crawl must not leave a writer committing behind a --resume),
ignores SIGINT (Ctrl-C reaches the whole process group; the crawl stops the writer once it has flushed),
and stops when told, when its pipe closes or when its parent is gone.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from multiprocessing.connection import Connection
from typing import Any

from crawler.items import FetchedPage, RecheckRecord, ReusedPage
from crawler.snapshots import SnapshotStore
from crawler.storing import StoreTarget, write_batch
from storage import open_db

_PR_SET_PDEATHSIG = 1
_PARENT_CHECK_SECONDS = 2.0


class WriterError(RuntimeError):
    """The writer process could not store a batch (its one-line reason), or is gone."""


class WriterProcess:
    """The parent's handle: write() sends a batch and waits for its acknowledgement (call it from one
    thread at a time); close() lets the child finish and joins it."""

    def __init__(self, target: StoreTarget):
        context = multiprocessing.get_context("spawn")  # the crawl has threads: never fork it
        self._connection, child = context.Pipe()
        self._process = context.Process(
            target=serve, args=(child, target, os.getpid()), name="govwatch-writer", daemon=True
        )
        self._process.start()
        child.close()

    def write(self, items: list[FetchedPage | ReusedPage | RecheckRecord]) -> None:
        try:
            self._connection.send(items)
            error = self._connection.recv()
        except (EOFError, OSError) as exc:
            raise WriterError(f"the writer process is gone (exit code {self._process.exitcode})") from exc
        if error:
            raise WriterError(error)

    def close(self, timeout: float = 60.0) -> None:
        """Let the child finish what it was sent and stop; a second call does nothing."""
        if self._connection.closed:
            return
        try:
            self._connection.send(None)
        except OSError:
            pass  # already gone
        self._process.join(timeout)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._connection.close()


def serve(connection: Connection, target: StoreTarget, parent: int) -> None:
    """The child's loop: store each batch received, answer "" or the reason it failed."""
    _die_with(parent)
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    engine = open_db(target.db_url, migrate=False)
    snapshots = SnapshotStore(target.snapshot_dir)
    try:
        while (items := _next_batch(connection, parent)) is not None:
            connection.send(_stored(engine, target, items, snapshots))
    finally:
        engine.dispose()


def _stored(engine: Any, target: StoreTarget, items: list[Any], snapshots: SnapshotStore) -> str:
    try:
        write_batch(engine, target, items, snapshots)
    except Exception as exc:  # noqa: BLE001 - any failure is the batch's, reported to the crawl
        logging.getLogger(__name__).exception("storing a batch failed")
        return f"{type(exc).__name__}: {exc}".splitlines()[0]
    return ""


def _next_batch(connection: Connection, parent: int) -> list[Any] | None:
    """The next batch; None when the crawl says stop, its pipe closes or the crawl process is gone."""
    while not connection.poll(_PARENT_CHECK_SECONDS):
        if os.getppid() != parent:
            return None
    try:
        return connection.recv()
    except EOFError:
        return None


def _die_with(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:  # Linux: the kernel kills this process the moment its parent dies
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):
        pass  # elsewhere the parent check in _next_batch stops it within seconds
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(0)
