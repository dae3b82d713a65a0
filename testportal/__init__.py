"""Test portal: a deterministic, seeded generator of Chinese government portals served over real HTTP.

One generator serves the tests, the demo and the benchmark. Content depends only on the spec (seed, as_of,
sites), pages are rendered lazily on request, and build_manifest gives the ground truth of what is served.
"""

from __future__ import annotations

from testportal.manifest import build_manifest
from testportal.spec import HOSTILE, STYLES, Defects, PortalSpec, SiteSpec, bench_spec, demo_spec

__all__ = [
    "HOSTILE",
    "STYLES",
    "Defects",
    "PortalSpec",
    "SiteSpec",
    "bench_spec",
    "build_manifest",
    "demo_spec",
]
