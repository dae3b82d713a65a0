"""The crawl of one sweep in this process: load its context, run the spider, record how it ended.

`python -m crawler.run` (crawler/run.py) calls crawl(); the exit codes are that module's.
"""

from __future__ import annotations

import logging
import sys
import time
from argparse import Namespace

from scrapy.crawler import CrawlerProcess
from sqlalchemy.orm import Session

from crawler.context import Plan, SweepContext
from crawler.extensions import emit
from crawler.failures import quiet_recorded_warnings
from crawler.run import EXIT_COMPLETE, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE
from crawler.settings import build_scrapy_settings, start_delay
from crawler.spiders.portal import PortalSpider
from crawler.storing import StoreTarget
from crawler.writer_process import WriterProcess
from storage import DatabaseError, open_db
from storage.queries import coverage_from_pages, get_sweep
from storage.sweepstate import sweep_state
from storage.writer import claim_sweep, finish_sweep

logger = logging.getLogger("crawler.run")


def crawl(args: Namespace) -> int:
    """Run the sweep's crawl to its end or its interruption; returns the exit code."""
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
    # Started before Scrapy, so the writer's own start-up overlaps the crawl's (StoragePipeline uses it).
    context.writer = WriterProcess(StoreTarget.of(context))
    try:
        claim_sweep(engine, args.sweep, resuming=args.resume)
        delays = (
            context.bases.start_delays(plan.sites, plan.limits, start_delay(plan.limits))
            if plan.limits.autothrottle
            else {}
        )
        process = CrawlerProcess(
            build_scrapy_settings(plan.limits, log_level=args.log_level, start_delays=delays)
        )
        quiet_recorded_warnings()
        crawler = process.create_crawler(PortalSpider)
        process.crawl(crawler, context=context)
        process.start()
    finally:
        context.writer.close()
    reason = crawler.stats.get_value("finish_reason") if crawler.stats else None
    if not context.coverage:  # a signal stopped the reactor before the spider finished closing
        _close_from_database(context)
        reason = "shutdown"
    requests = crawler.stats.get_value("downloader/request_count", 0) if crawler.stats else 0
    # Off-site links are probed once the crawl has stored every page (crawler/external.py).
    external = _probe_external(context) if context.complete else {}
    emit(
        {
            "event": "done",
            "complete": context.complete,
            "elapsed": context.elapsed,
            "requests": requests,  # HTTP requests sent (an incremental sweep sends fewer than it stores)
            "sites": context.coverage,
            "external": external,  # off-site links probed: URLs and requests (not in "requests")
        }
    )
    engine.dispose()
    if context.complete:
        return EXIT_COMPLETE
    return EXIT_INTERRUPTED if reason == "shutdown" else EXIT_FAILED


def _probe_external(context: SweepContext) -> dict[str, int]:
    """Probe the off-site links of the sweep's homepages and column pages; a failure here never fails the
    sweep (the links stay unprobed, and their checks say so)."""
    from crawler.external import probe_sweep

    started = time.monotonic()
    try:
        counts = probe_sweep(context.engine, context.sweep_id, context.plan.sites, context.plan.limits)
    except Exception:
        logger.exception("probing off-site links failed")
        return {}
    logger.info("probed %d off-site URLs in %.2f s", counts["urls"], time.monotonic() - started)
    return dict(counts)


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
