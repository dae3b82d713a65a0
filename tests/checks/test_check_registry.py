"""The registry refuses bad declarations at load: ids, Params, docstrings; params errors name the key."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import pytest

import checks.builtin
from checks.params import ParamsError, parse_params
from checks.registry import (
    DuplicateCheckError,
    RegistrationError,
    Registry,
    UnknownCheckError,
    get,
    load_checks,
)

DOC = """A test check.

Rule: a rule.
Params: limit, words.
Unverifiable when: never.
"""


@dataclass(frozen=True)
class GoodParams:
    limit: int = 3
    words: tuple[str, ...] = ()


def _fn(module: str, doc: str | None = DOC):
    def fn(view, p, ctx):
        return []

    fn.__module__ = module
    fn.__doc__ = doc
    return fn


def test_a_valid_check_registers_and_is_found_by_id() -> None:
    reg = Registry()
    reg.check(id="demo_check", title="示例", params=GoodParams)(_fn("plugin_a"))
    spec = reg.get("demo_check")
    assert spec.module == "plugin_a" and spec.title == "示例" and spec.params is GoodParams
    with pytest.raises(UnknownCheckError, match="no_such_check"):
        reg.get("no_such_check")


def test_a_duplicate_id_names_both_modules() -> None:
    reg = Registry()
    reg.check(id="demo_check", title="示例", params=GoodParams)(_fn("plugin_a"))
    with pytest.raises(DuplicateCheckError, match=r"plugin_a.*plugin_b"):
        reg.check(id="demo_check", title="示例", params=GoodParams)(_fn("plugin_b"))


@pytest.mark.parametrize("bad_id", ["Freshness", "fresh-ness", "_private", "fresh__ness", "1st", ""])
def test_ids_must_be_lowercase_snake_case(bad_id: str) -> None:
    with pytest.raises(RegistrationError, match="snake_case"):
        Registry().check(id=bad_id, title="示例", params=GoodParams)(_fn("plugin_a"))


@pytest.mark.parametrize("missing", ["Rule:", "Params:", "Unverifiable when:"])
def test_a_docstring_without_each_required_line_is_refused(missing: str) -> None:
    doc = "\n".join(line for line in DOC.splitlines() if not line.startswith(missing))
    with pytest.raises(RegistrationError, match=missing):
        Registry().check(id="demo_check", title="示例", params=GoodParams)(_fn("plugin_a", doc))


def test_bold_labels_are_accepted_and_every_param_must_be_named() -> None:
    reg = Registry()
    reg.check(id="demo_check", title="示例", params=GoodParams)(_fn("m", DOC.replace("Rule:", "**Rule:**")))
    with pytest.raises(RegistrationError, match="does not name words"):
        reg.check(id="other_check", title="示例", params=GoodParams)(_fn("m", DOC.replace("words", "")))


def test_params_must_be_a_frozen_dataclass_of_supported_types() -> None:
    @dataclass
    class Mutable:
        limit: int = 1

    @dataclass(frozen=True)
    class Untyped:
        limit: object = None

    class NotADataclass:
        limit: int = 1

    doc = DOC.replace("limit, words", "limit")
    for params, reason in (
        (Mutable, "frozen dataclass"),
        (NotADataclass, "frozen dataclass"),
        (Untyped, "unsupported"),
    ):
        with pytest.raises(RegistrationError, match=reason):
            Registry().check(id="demo_check", title="示例", params=params)(_fn("m", doc))


def test_an_empty_title_is_refused() -> None:
    with pytest.raises(RegistrationError, match="title"):
        Registry().check(id="demo_check", title=" ", params=GoodParams)(_fn("m"))


@dataclass(frozen=True)
class AllTypes:
    column: str
    days: int = 3
    ratio: float = 0.5
    flag: bool = False
    since: date | None = None
    mode: Literal["all", "last"] = "all"
    words: tuple[str, ...] = ()
    limits: dict[str, int] = field(default_factory=dict)


def test_params_parse_from_a_mapping_with_conversions() -> None:
    p = parse_params(
        AllTypes,
        {
            "column": "tzgg",
            "ratio": 1,
            "since": "2026-01-01",
            "words": ["a", "b"],
            "limits": {"tzgg": 180},
            "mode": "last",
        },
        where="demo",
    )
    assert p == AllTypes(
        column="tzgg", ratio=1.0, since=date(2026, 1, 1), words=("a", "b"), limits={"tzgg": 180}, mode="last"
    )
    assert isinstance(p.ratio, float) and isinstance(p.words, tuple)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"column": "x", "days": "3"}, r"demo\.days: expected an integer, got '3'"),
        ({"column": "x", "days": True}, r"demo\.days: expected an integer"),
        ({"column": "x", "dayz": 3}, r"demo\.dayz: unknown parameter"),
        ({}, r"demo\.column: required parameter is missing"),
        ({"column": "x", "mode": "some"}, r"demo\.mode: expected one of 'all', 'last'"),
        ({"column": "x", "words": "abc"}, r"demo\.words: expected a list"),
        ({"column": "x", "words": ["a", 2]}, r"demo\.words\[1\]: expected a string"),
        ({"column": "x", "limits": {"tzgg": "long"}}, r"demo\.limits\.tzgg: expected an integer"),
        ({"column": "x", "since": "yesterday"}, r"demo\.since: .*yesterday"),
    ],
)
def test_bad_params_are_rejected_with_the_key_named(raw: dict, message: str) -> None:
    with pytest.raises(ParamsError, match=message):
        parse_params(AllTypes, raw, where="demo")


def test_a_real_check_rejects_bad_params_naming_the_check_and_key() -> None:
    load_checks()
    with pytest.raises(ParamsError, match=r"freshness\.max_age_days: expected an integer"):
        get("freshness").parse_params({"column": "tzgg", "max_age_days": "半年"})


def test_every_builtin_module_declares_one_check_named_after_it() -> None:
    specs = load_checks()
    folder = Path(checks.builtin.__file__).parent
    modules = sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__")
    builtin = sorted(s.id for s in specs.values() if s.module.startswith("checks.builtin."))
    assert builtin == modules
    for spec in specs.values():
        if spec.module.startswith("checks.builtin."):
            assert spec.module == f"checks.builtin.{spec.id}"
            assert dataclasses.is_dataclass(spec.params)


def test_builtin_check_modules_stay_short() -> None:
    folder = Path(checks.builtin.__file__).parent
    long = {
        p.name: n for p in folder.glob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 150
    }
    assert long == {}
