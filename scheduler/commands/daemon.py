"""`govwatch daemon`: run the configured schedules, probes and notifications until SIGTERM."""

from __future__ import annotations

import argparse
import logging

from scheduler.context import CommandContext


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("daemon", help="按配置的计划定时抓取、监测可用性并发送通知（常驻运行）")
    parser.add_argument("--log-level", default="INFO", help="log level on stderr (default INFO)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, ctx: CommandContext) -> int:
    from scheduler.daemon import serve

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    for noisy in ("apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return serve(ctx.config, ctx.db_url)
