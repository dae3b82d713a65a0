"""Subcommands of `govwatch`: each module defines register(subparsers) and sets a `run` default."""

from scheduler.commands import (
    daemon,
    demo,
    extract,
    findings,
    jobs,
    listing,
    problems,
    recheck,
    report,
    rulebooks,
    scores,
    sweep,
    web,
)

MODULES = (
    sweep,
    demo,
    listing,
    findings,
    extract,
    rulebooks,
    scores,
    daemon,
    jobs,
    problems,
    recheck,
    report,
    web,
)
