"""A check from another installed distribution's `govwatch.checks` entry point is loaded and run.

The plugin is installed the way pip leaves it: a module plus a `*.dist-info` directory with METADATA and
entry_points.txt on sys.path, which importlib.metadata reads like any installed distribution.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from checkviews import CALENDAR, view_from_dict

from checks.context import CheckContext
from checks.model import Status
from checks.registry import REGISTRY, DuplicateCheckError, RegistrationError, load_checks
from checks.runner import PlannedCheck, run_checks

PLUGIN = '''
"""A third-party check: the site's name contains a word."""

from __future__ import annotations

from dataclasses import dataclass

from checks import check


@dataclass(frozen=True)
class Params:
    word: str = "政府"


@check(id="{check_id}", title="站点名称", params=Params)
def site_name(view, p, ctx):
    """The site name holds a word.

    Rule: a third-party rule.
    Params: word.
    Unverifiable when: never.
    """
    if p.word in view.site:
        yield ctx.pass_("site", message=f"站点名称含“{{p.word}}”。")
    else:
        yield ctx.fail("site", message=f"站点名称不含“{{p.word}}”。")
'''


def _install(site: Path, module: str, check_id: str, entry_value: str | None = None) -> None:
    """Lay out an installed distribution: the module and its dist-info with one entry point."""
    (site / f"{module}.py").write_text(PLUGIN.format(check_id=check_id), encoding="utf-8")
    info = site / f"{module.replace('_', '-')}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        textwrap.dedent(f"""\
            [govwatch.checks]
            {check_id} = {entry_value or module}
            """),
        encoding="utf-8",
    )


@pytest.fixture
def plugin_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    site = tmp_path / "site-packages"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    before = set(sys.modules)
    yield site
    for name in set(sys.modules) - before:
        sys.modules.pop(name, None)
    for spec in list(REGISTRY):
        if spec.module.startswith("gw_plugin"):
            REGISTRY.unregister(spec.id)


def test_an_installed_plugin_check_is_loaded_and_used_in_a_run(plugin_site: Path) -> None:
    _install(plugin_site, "gw_plugin_name", "site_name_word")
    specs = load_checks()
    assert specs["site_name_word"].module == "gw_plugin_name"
    assert "freshness" in specs  # built-ins come through the same door
    view = view_from_dict({"site": "示例市人民政府"})
    ctx = CheckContext(as_of=date(2026, 3, 2), calendar=CALENDAR, site=view.site)
    plan = [
        PlannedCheck("site_name_word", {"word": "政府"}),
        PlannedCheck("site_name_word", {"word": "法院"}),
    ]
    findings = run_checks(view, plan, ctx, strict=True)
    assert [(f.check, f.status) for f in findings] == [
        ("site_name_word", Status.PASS),
        ("site_name_word", Status.FAIL),
    ]
    assert findings[1].message == "站点名称不含“法院”。"


def test_a_plugin_reusing_a_builtin_id_is_refused_naming_both_modules(plugin_site: Path) -> None:
    load_checks()
    _install(plugin_site, "gw_plugin_dup", "freshness")
    with pytest.raises(DuplicateCheckError, match=r"checks\.builtin\.freshness.*gw_plugin_dup"):
        load_checks()


def test_an_entry_point_that_cannot_load_stops_the_program_naming_it(plugin_site: Path) -> None:
    _install(plugin_site, "gw_plugin_broken", "broken_check", entry_value="gw_plugin_missing_module")
    with pytest.raises(RegistrationError, match="broken_check = gw_plugin_missing_module"):
        load_checks()
