"""Reports from stored data only: evidence screenshots, the 整改通知 (HTML/PDF), rankings (XLSX/CSV),
trends, and the web dashboard (reports.web)."""

from reports.data import SiteReport, build_site_report
from reports.evidence import EvidenceLimits, SiteEvidence, capture_evidence
from reports.files import Written, write_all_reports, write_notice, write_ranking, write_trend
from reports.html import render_notice, render_trend
from reports.ranking import Ranking, build_ranking
from reports.trends import Trend, build_trend

__all__ = [
    "EvidenceLimits",
    "Ranking",
    "SiteEvidence",
    "SiteReport",
    "Trend",
    "Written",
    "build_ranking",
    "build_site_report",
    "build_trend",
    "capture_evidence",
    "render_notice",
    "render_trend",
    "write_all_reports",
    "write_notice",
    "write_ranking",
    "write_trend",
]
