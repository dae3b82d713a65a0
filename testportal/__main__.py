"""CLI: `python -m testportal serve|manifest|spec` for a preset (demo, bench) or a spec JSON file."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

from testportal.httpd import serve
from testportal.manifest import build_manifest
from testportal.spec import PortalSpec, bench_spec, demo_spec, spec_from_json, spec_to_json


def _spec(args: argparse.Namespace) -> PortalSpec:
    if args.spec_json:
        return spec_from_json(Path(args.spec_json).read_text(encoding="utf-8"))
    if args.preset == "bench":
        return bench_spec(
            sites=args.sites or 20, pages=args.pages or 500, seed=1 if args.seed is None else args.seed
        )
    return demo_spec() if args.seed is None else demo_spec(seed=args.seed)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m testportal", description="Deterministic test portal.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("serve", "serve the portal on 127.0.0.1 (ports chosen by the OS)"),
        ("manifest", "print the ground-truth manifest as JSON"),
        ("spec", "print the spec as JSON (a starting point for --spec-json)"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--preset", choices=("demo", "bench"), default="demo")
        cmd.add_argument("--sites", type=int, help="bench: number of sites (default 20)")
        cmd.add_argument("--pages", type=int, help="bench: pages per site (default 500)")
        cmd.add_argument("--seed", type=int)
        cmd.add_argument("--spec-json", help="a PortalSpec as JSON (overrides --preset)")
        if name == "serve":
            cmd.add_argument("--no-stdin", action="store_true", help="do not stop on stdin EOF")
        if name == "manifest":
            cmd.add_argument("--urls", help='JSON {"site": "http://127.0.0.1:PORT/"}, as printed by serve')
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    spec = _spec(args)
    if args.command == "serve":
        asyncio.run(serve(spec, watch_stdin=not args.no_stdin))
    elif args.command == "manifest":
        urls = (
            json.loads(args.urls)
            if args.urls
            else {s.name: f"http://127.0.0.1:{18000 + i}/" for i, s in enumerate(spec.sites)}
        )
        json.dump(build_manifest(spec, urls.get("urls", urls)), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(spec_to_json(spec) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
