"""running_portal: start `python -m testportal serve` in a subprocess, read its ports, stop it cleanly."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import Any

from testportal.manifest import build_manifest
from testportal.spec import PortalSpec, spec_to_json

_ROOT = Path(__file__).resolve().parent.parent


class PortalError(RuntimeError):
    """The portal subprocess did not start or did not answer."""


class RunningPortal:
    """A portal served by a subprocess: its base URLs, its manifest and its request counts."""

    def __init__(
        self, spec: PortalSpec, process: subprocess.Popen[bytes], urls: dict[str, str], control: str
    ):
        self.spec, self.process, self.urls, self.control = spec, process, urls, control

    @cached_property
    def manifest(self) -> dict[str, Any]:
        return build_manifest(self.spec, self.urls)

    def hits(self, reset: bool = False) -> dict[str, dict[str, int]]:
        """Requests the server saw: {site: {path?query: count}}; reset=True clears them after reading."""
        with urllib.request.urlopen(self.control + ("hits?reset=1" if reset else "hits"), timeout=10) as resp:
            return json.loads(resp.read())

    def stop(self, timeout: float = 10.0) -> int:
        """Close stdin (the server stops on EOF), then SIGTERM, then SIGKILL; returns the exit code."""
        if self.process.poll() is None and self.process.stdin and not self.process.stdin.closed:
            self.process.stdin.close()
        for action in (None, self.process.terminate, self.process.kill):
            if action:
                action()
            try:
                return self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                continue
        return self.process.wait()


@contextmanager
def running_portal(spec: PortalSpec, startup_timeout: float = 30.0) -> Iterator[RunningPortal]:
    """Serve spec in a subprocess for the duration of the block."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as spec_file:
        spec_file.write(spec_to_json(spec))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(_ROOT), os.environ.get("PYTHONPATH")) if p),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "testportal", "serve", "--spec-json", spec_file.name],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=_ROOT,
        env=env,
    )
    portal = None
    try:
        line = _first_line(process, startup_timeout)
        started = json.loads(line)
        portal = RunningPortal(spec, process, started["urls"], started["control"])
        yield portal
    finally:
        if portal is not None:
            portal.stop()
        else:
            process.kill()
            process.wait()
        for stream in (process.stdin, process.stdout):
            if stream and not stream.closed:
                stream.close()
        os.unlink(spec_file.name)


def _first_line(process: subprocess.Popen[bytes], timeout: float) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready:
        raise PortalError(f"test portal printed nothing within {timeout} s")
    line = process.stdout.readline().decode()
    if not line.strip():
        raise PortalError(f"test portal exited with code {process.wait()} before listening")
    return line
