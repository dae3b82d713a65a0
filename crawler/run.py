"""`python -m crawler.run --db URL --sweep ID [--resume]`: one sweep in one fresh process (fresh reactor).

The sweep row (opened by the CLI) holds the plan. Pages already stored for it are not fetched again.
stdout carries JSON lines only (progress, then one "done" line); logs go to stderr.
Exit codes: 0 the crawl ran to its end, 3 it was interrupted (SIGINT/SIGTERM; what was fetched is
stored and the sweep stays unfinished), 1 it ended early for another reason, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys

# Only what parsing the arguments needs at import: the writer process (crawler/writer_process.py) is
# spawned from this process and imports this main module again, and should not pay for Scrapy.
EXIT_COMPLETE, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 3


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m crawler.run", description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database URL (sqlite:///… or postgresql://…)")
    parser.add_argument("--sweep", required=True, type=int, help="id of a sweep opened by the CLI")
    parser.add_argument("--resume", action="store_true", help="continue an unfinished sweep")
    parser.add_argument("--log-level", default="WARNING", help="Scrapy log level on stderr")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    from crawler.crawl import crawl

    return crawl(args)


if __name__ == "__main__":
    sys.exit(main())
