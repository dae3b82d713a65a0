"""sweep_state: finished, running or unfinished, told from the sweep row and its crawler's pid.

Its own module so that storage.operations (imported by storage.models) and storage.queries can both use
it without an import cycle.
"""

from __future__ import annotations

import os
from typing import Protocol


class _SweepRow(Protocol):
    state: str
    pid: int | None


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_state(sweep: _SweepRow) -> str:
    """finished, running (its crawler is alive on this host) or unfinished (crashed or interrupted)."""
    if sweep.state == "finished":
        return "finished"
    return "running" if _pid_alive(sweep.pid) else "unfinished"
