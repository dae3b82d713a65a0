"""`govwatch web [--host --port]` serves the dashboard; `govwatch web user add|list|remove` manages its users."""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys
from pathlib import Path

from rich.table import Table
from sqlalchemy import Engine

from reports.labels import ROLE_ZH
from reports.web import PasswordError, WebSettings, create_app, hash_password, serve
from scheduler.commands.report import REASON_LABELS, today_in_china
from scheduler.context import CommandContext, UsageError
from scheduler.display import out
from scheduler.workflow import mark_fixed
from storage import open_db
from storage.dbviews import ROLES, delete_user, list_users, save_user


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("web", help="启动只读仪表盘（网站管理员可标记已整改）；管理仪表盘用户")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (0: any free port; default: 8000)")
    parser.set_defaults(run=run_web)
    actions = parser.add_subparsers(dest="action", parser_class=type(parser))
    user = actions.add_parser("user", help="管理仪表盘用户")
    users = user.add_subparsers(dest="user_action", required=True, parser_class=type(parser))
    add = users.add_parser("add", help="添加或更新用户", parents=[_common()])
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument(
        "--site", action="append", default=[], metavar="SITE", help="a manager's site (repeatable)"
    )
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(run=run_user_add)
    listing = users.add_parser("list", help="列出用户", parents=[_common()])
    listing.set_defaults(run=run_user_list)
    remove = users.add_parser("remove", help="删除用户", parents=[_common()])
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(run=run_user_remove)


def _common() -> argparse.ArgumentParser:
    """--config/--db after the action too; SUPPRESS keeps an absent one from hiding one given before."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="config file")
    parent.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="database URL")
    return parent


def settings_for(engine: Engine) -> WebSettings:
    """A fresh signing secret per server process (logins end when it restarts), the workflow's mark."""

    def mark(problem_id: int, note: str, by: str) -> None:
        mark_fixed(engine, problem_id, note, by)

    return WebSettings(
        secret=secrets.token_urlsafe(32), today=today_in_china, mark_fixed=mark, reason_labels=REASON_LABELS
    )


def run_web(args: argparse.Namespace, ctx: CommandContext) -> int:
    engine = open_db(ctx.db_url)
    if not list_users(engine):
        out.print("尚无仪表盘用户：govwatch web user add NAME --role evaluator --password-stdin")

    def ready(url: str) -> None:
        print(f"仪表盘已启动：{url}", flush=True)

    serve(create_app(engine, settings_for(engine)), args.host, args.port, ready)
    return 0


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("密码：")
    if first != getpass.getpass("再次输入密码："):
        raise UsageError("the two passwords differ")
    return first


def run_user_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    if args.role == "manager" and not args.site:
        raise UsageError("--site: a manager needs at least one site")
    if args.role == "evaluator" and args.site:
        raise UsageError("--site: evaluators see every site; give sites to managers only")
    try:
        hashed = hash_password(_password(args.password_stdin))
    except PasswordError as exc:
        raise UsageError(str(exc)) from None
    try:
        created = save_user(open_db(ctx.db_url), args.name, args.role, hashed, args.site)
    except LookupError as exc:
        raise UsageError(f"--site: {exc.args[0]} (not in this database)") from None
    sites = f"，负责：{'、'.join(args.site)}" if args.site else ""
    out.print(f"已{'添加' if created else '更新'}用户 {args.name}（{ROLE_ZH[args.role]}{sites}）。")
    return 0


def run_user_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    table = Table(title="仪表盘用户")
    for header in ("用户", "角色", "负责站点"):
        table.add_column(header)
    for user in list_users(open_db(ctx.db_url)):
        table.add_row(
            user["name"], ROLE_ZH.get(user["role"], user["role"]), "、".join(user["sites"]) or "全部"
        )
    out.print(table)
    return 0


def run_user_remove(args: argparse.Namespace, ctx: CommandContext) -> int:
    if not delete_user(open_db(ctx.db_url), args.name):
        raise UsageError(f"no user {args.name!r}")
    out.print(f"已删除用户 {args.name}。")
    return 0
