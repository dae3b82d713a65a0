"""`govwatch` entry point: parse arguments, load config once, run one subcommand, map errors to exit codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scheduler.commands import MODULES
from scheduler.config import ConfigError
from scheduler.context import CommandContext, UsageError
from scheduler.sweep import SweepError
from storage import DatabaseError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, help="config file (default: ./config.toml if present)")
    common.add_argument(
        "--db", metavar="URL", help="database URL, overriding the config's (sqlite:///F or postgresql://…)"
    )
    parser = _Parser(prog="govwatch", description="政务公开网站监测：抓取、检查、评分、报告。")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub = _with_common(sub, common)
    for module in MODULES:
        module.register(sub)
    return parser


def _with_common(
    sub: argparse._SubParsersAction, common: argparse.ArgumentParser
) -> argparse._SubParsersAction:
    """Let every subcommand take --config/--db after its name too."""
    add_parser = sub.add_parser

    def add_with_common(name: str, **kwargs):  # type: ignore[no-untyped-def]
        return add_parser(name, parents=[common], **kwargs)

    sub.add_parser = add_with_common  # type: ignore[method-assign]
    return sub


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        ctx = CommandContext.from_args(args.config, args.db)
        return int(args.run(args, ctx) or 0)
    except (UsageError, ConfigError, DatabaseError, SweepError) as exc:
        print(f"govwatch: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("govwatch: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
