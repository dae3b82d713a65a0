"""Debian's Chromium through Playwright: one place that launches it, for screenshots and PDF printing.

Playwright's own browser download cannot work offline, so the system build is used with the flags that
keep it from calling home (no background networking, component updates, sync or QUIC).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@contextmanager
def chromium(executable: str = CHROMIUM) -> Iterator[Browser]:
    """A headless Chromium for the duration of the block."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def print_pdf(browser: Browser, html: str, path: Path) -> Path:
    """Print a self-contained HTML document (images inline) to an A4 PDF, as Chromium prints it."""
    page = browser.new_page()
    try:
        page.set_content(html, wait_until="load")
        page.pdf(
            path=str(path),
            format="A4",
            print_background=True,
            margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
        )
    finally:
        page.close()
    return path
