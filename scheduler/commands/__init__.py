"""Subcommands of `govwatch`: each module defines register(subparsers) and sets a `run` default."""

from scheduler.commands import demo, extract, findings, listing, sweep

MODULES = (sweep, demo, listing, findings, extract)
