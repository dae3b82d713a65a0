"""Typed check parameters: which field types a Params dataclass may use, and parsing a mapping into one.

Errors name the key (`freshness.max_age_days: expected an integer, got 'x'`), so a rulebook or config
mistake is found when it loads, not mid-sweep (STYLE §1.3).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

_SCALARS: dict[type, str] = {
    bool: "true or false",
    int: "an integer",
    float: "a number",
    str: "a string",
    date: "a date",
}


class ParamsError(ValueError):
    """Parameters that do not fit a check's Params; the message names the key."""


def field_types(params_cls: type) -> dict[str, Any]:
    """The resolved type of every field of a Params dataclass; raises TypeError for unsupported ones."""
    if not dataclasses.is_dataclass(params_cls):
        raise TypeError(f"{params_cls!r} is not a dataclass")
    try:
        hints = typing.get_type_hints(params_cls)
    except Exception as exc:  # noqa: BLE001 - any unresolved annotation is the same mistake
        raise TypeError(f"{params_cls.__qualname__}: annotations cannot be resolved ({exc})") from exc
    types_ = {}
    for f in dataclasses.fields(params_cls):
        hint = hints.get(f.name)
        if hint is None or not _supported(hint):
            raise TypeError(f"{params_cls.__qualname__}.{f.name}: unsupported or missing type {hint!r}")
        types_[f.name] = hint
    return types_


def _supported(hint: Any) -> bool:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in _SCALARS:
        return True
    if origin is Literal:
        return all(isinstance(a, str | int) for a in args)
    if origin in (typing.Union, types.UnionType):
        return all(a is type(None) or _supported(a) for a in args)
    if origin is tuple:
        return len(args) == 2 and args[1] is Ellipsis and _supported(args[0])
    if origin in (dict, Mapping):
        return args[0] is str and _supported(args[1])
    return False


def parse_params(params_cls: type, raw: Mapping[str, Any] | None, where: str) -> Any:
    """Build `params_cls` from a mapping: unknown keys, missing keys and wrong types are ParamsError."""
    raw = dict(raw or {})
    hints = field_types(params_cls)
    unknown = sorted(set(raw) - set(hints))
    if unknown:
        raise ParamsError(f"{where}.{unknown[0]}: unknown parameter (known: {', '.join(sorted(hints))})")
    values = {}
    for f in dataclasses.fields(params_cls):
        if f.name not in raw:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ParamsError(f"{where}.{f.name}: required parameter is missing")
            continue
        values[f.name] = convert(raw[f.name], hints[f.name], f"{where}.{f.name}")
    return params_cls(**values)


def convert(value: Any, hint: Any, key: str) -> Any:
    """`value` as type `hint` (TOML arrays become tuples), or ParamsError naming `key`."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _convert_union(value, args, key)
    if origin is Literal:
        if value not in args:
            raise ParamsError(f"{key}: expected one of {', '.join(map(repr, args))}, got {value!r}")
        return value
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise ParamsError(f"{key}: expected a list, got {value!r}")
        return tuple(convert(v, args[0], f"{key}[{i}]") for i, v in enumerate(value))
    if origin in (dict, Mapping):
        if not isinstance(value, Mapping):
            raise ParamsError(f"{key}: expected a table, got {value!r}")
        return {str(k): convert(v, args[1], f"{key}.{k}") for k, v in value.items()}
    return _convert_scalar(value, hint, key)


def _convert_union(value: Any, args: tuple[Any, ...], key: str) -> Any:
    if value is None and type(None) in args:
        return None
    errors = []
    for arg in args:
        if arg is type(None):
            continue
        try:
            return convert(value, arg, key)
        except ParamsError as exc:
            errors.append(str(exc))
    raise ParamsError(errors[0] if len(errors) == 1 else f"{key}: {value!r} fits none of the allowed types")


def _convert_scalar(value: Any, hint: type, key: str) -> Any:
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint is date and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    ok = isinstance(value, hint) and not (hint is int and isinstance(value, bool))
    if hint is date and type(value) is not date:
        ok = False
    if not ok:
        raise ParamsError(f"{key}: expected {_SCALARS[hint]}, got {value!r}")
    return value
