"""`python -m crawler.run --db URL --sweep ID [--resume]`: one sweep in one fresh process (fresh reactor).

The sweep row (opened by the CLI) holds the plan. Pages already stored for it are not fetched again.
stdout carries JSON lines only (progress, then one "done" line); logs go to stderr.
Exit codes: 0 the crawl ran to its end, 3 it was interrupted (SIGINT/SIGTERM; what was fetched is
stored and the sweep stays unfinished), 1 it ended early for another reason, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import logging
import sys

from scrapy.crawler import CrawlerProcess
from sqlalchemy.orm import Session

from crawler.context import Plan, SweepContext
from crawler.extensions import emit
from crawler.failures import quiet_recorded_warnings
from crawler.settings import build_scrapy_settings
from crawler.spiders.portal import PortalSpider
from storage import DatabaseError, open_db
from storage.queries import coverage_from_pages, get_sweep
from storage.sweepstate import sweep_state
from storage.writer import claim_sweep, finish_sweep

EXIT_COMPLETE, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 3
logger = logging.getLogger("crawler.run")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m crawler.run", description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database URL (sqlite:///… or postgresql://…)")
    parser.add_argument("--sweep", required=True, type=int, help="id of a sweep opened by the CLI")
    parser.add_argument("--resume", action="store_true", help="continue an unfinished sweep")
    parser.add_argument("--log-level", default="WARNING", help="Scrapy log level on stderr")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        engine = open_db(args.db, migrate=False)  # the CLI migrated it when it opened the sweep
    except DatabaseError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    sweep = get_sweep(engine, args.sweep)
    state = sweep_state(sweep) if sweep is not None else "not found"
    if state != "unfinished":  # finished, or a live crawler already writes it
        print(
            f"sweep {args.sweep}: {state}{f' (pid {sweep.pid})' if state == 'running' else ''}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    plan = Plan.from_json(sweep.plan)
    context = SweepContext.load(engine, args.sweep, plan)
    claim_sweep(engine, args.sweep, resuming=args.resume)
    process = CrawlerProcess(build_scrapy_settings(plan.limits, log_level=args.log_level))
    quiet_recorded_warnings()
    crawler = process.create_crawler(PortalSpider)
    process.crawl(crawler, context=context)
    process.start()
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    if not context.coverage:  # a signal stopped the reactor before the spider finished closing
        _close_from_database(context)
        reason = "shutdown"
    emit(
        {"event": "done", "complete": context.complete, "elapsed": context.elapsed, "sites": context.coverage}
    )
    engine.dispose()
    if context.complete:
        return EXIT_COMPLETE
    return EXIT_INTERRUPTED if reason == "shutdown" else EXIT_FAILED


def _close_from_database(context: SweepContext) -> None:
    """Coverage counted from the stored pages; the sweep stays unfinished (what was not written is refetched
    on --resume)."""
    with Session(context.engine) as session:
        counted = coverage_from_pages(session, context.sweep_id)
    context.coverage = {
        c.site: {
            "pages_tried": c.pages_tried,
            "pages_fetched": c.pages_fetched,
            "failed_by_reason": c.failed_by_reason,
            "seconds": context.prior.seconds.get(c.site, 0.0),
        }
        for c in counted
    }
    finish_sweep(
        context.engine,
        context.sweep_id,
        {context.site_ids[name]: cov for name, cov in context.coverage.items()},
        complete=False,
    )


if __name__ == "__main__":
    sys.exit(main())
