"""The check registry: `@check` declares a check, validated at registration; load_checks() finds them all.

Built-in checks (one module per check in checks/builtin/, imported in sorted order) and third-party ones
(the `govwatch.checks` entry-point group) come through the same door. A bad declaration stops the
program at load, not mid-sweep: a non-snake_case or duplicate id (DuplicateCheckError names both
modules), a Params that is not a frozen dataclass of supported types, or a docstring without its
Rule:, Params: (naming every parameter) and Unverifiable when: lines.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
import sys
import types
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points

from checks.model import CheckFunction, CheckSpec
from checks.params import field_types

ENTRY_POINT_GROUP = "govwatch.checks"
BUILTIN_PACKAGE = "checks.builtin"
DOC_LABELS = ("Rule:", "Params:", "Unverifiable when:")
_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


class RegistrationError(ValueError):
    """A check declaration that cannot be accepted."""


class DuplicateCheckError(RegistrationError):
    """Two checks with one id; the message names both modules."""


class UnknownCheckError(KeyError):
    """A check id that no loaded check has."""


class Registry:
    """Checks by id. The module-level REGISTRY holds the real ones; tests may make their own."""

    def __init__(self) -> None:
        self._specs: dict[str, CheckSpec] = {}

    def check(self, *, id: str, title: str, params: type) -> Callable[[CheckFunction], CheckFunction]:  # noqa: A002
        """Declare a check: `@check(id="freshness", title="栏目更新及时性", params=Params)`."""

        def register(fn: CheckFunction) -> CheckFunction:
            doc = fn.__doc__ or getattr(sys.modules.get(fn.__module__), "__doc__", None) or ""
            spec = CheckSpec(id=id, title=title, params=params, fn=fn, doc=doc, module=fn.__module__)
            self.register(spec)
            fn.check_spec = spec  # type: ignore[attr-defined]
            return fn

        return register

    def register(self, spec: CheckSpec) -> None:
        where = f"check {spec.id!r} in {spec.module}"
        if not _ID.fullmatch(spec.id):
            raise RegistrationError(f"{where}: the id must be lowercase snake_case")
        if not spec.title.strip():
            raise RegistrationError(f"{where}: the title (Chinese, for reports) is empty")
        _validate_params(spec.params, where)
        _validate_doc(spec, where)
        existing = self._specs.get(spec.id)
        if existing and (existing.module, _qualname(existing)) != (spec.module, _qualname(spec)):
            raise DuplicateCheckError(
                f"check id {spec.id!r} is declared twice: in {existing.module} and in {spec.module}"
            )
        self._specs[spec.id] = spec

    def unregister(self, check_id: str) -> None:
        self._specs.pop(check_id, None)

    def get(self, check_id: str) -> CheckSpec:
        try:
            return self._specs[check_id]
        except KeyError:
            raise UnknownCheckError(
                f"no check with id {check_id!r} (known: {', '.join(sorted(self._specs))})"
            ) from None

    def __iter__(self) -> Iterator[CheckSpec]:
        return iter(sorted(self._specs.values(), key=lambda s: s.id))

    def __contains__(self, check_id: object) -> bool:
        return check_id in self._specs

    def load(self, package: str = BUILTIN_PACKAGE, group: str = ENTRY_POINT_GROUP) -> dict[str, CheckSpec]:
        """Import every module of `package` in sorted order, then every entry point of `group`."""
        pkg = importlib.import_module(package)
        for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
            importlib.import_module(f"{package}.{info.name}")
        for ep in sorted(entry_points(group=group), key=lambda e: e.name):
            try:
                loaded = ep.load()
            except RegistrationError:
                raise
            except Exception as exc:
                raise RegistrationError(
                    f"{group} entry point {ep.name} = {ep.value}: cannot load ({exc})"
                ) from exc
            if not isinstance(loaded, types.ModuleType) and not hasattr(loaded, "check_spec"):
                raise RegistrationError(
                    f"{group} entry point {ep.name} = {ep.value}: "
                    "names neither a module nor a @check function"
                )
        return dict(self._specs)


def _qualname(spec: CheckSpec) -> str:
    return getattr(spec.fn, "__qualname__", repr(spec.fn))


def _validate_params(params: type, where: str) -> None:
    if not dataclasses.is_dataclass(params) or not params.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        raise RegistrationError(f"{where}: params must be a frozen dataclass, got {params!r}")
    try:
        field_types(params)
    except TypeError as exc:
        raise RegistrationError(f"{where}: {exc}") from exc


def _validate_doc(spec: CheckSpec, where: str) -> None:
    sections = doc_sections(spec.doc)
    missing = [label for label in DOC_LABELS if label not in sections]
    if missing:
        raise RegistrationError(f"{where}: the docstring lacks the line(s) {', '.join(missing)}")
    undocumented = [
        f.name
        for f in dataclasses.fields(spec.params)
        if not re.search(rf"\b{re.escape(f.name)}\b", sections["Params:"])
    ]
    if undocumented:
        raise RegistrationError(f"{where}: the Params: line does not name {', '.join(undocumented)}")


def doc_sections(doc: str) -> dict[str, str]:
    """The text under each of the Rule:, Params:, Unverifiable when: labels (bold ** marks allowed)."""
    sections: dict[str, str] = {}
    current = None
    for raw in doc.splitlines():
        line = raw.strip().replace("**", "")
        label = next((lb for lb in DOC_LABELS if line.startswith(lb)), None)
        if label:
            current = label
            line = line[len(label) :]
        if current:
            sections[current] = (sections.get(current, "") + " " + line.strip()).strip()
    return sections


REGISTRY = Registry()
check = REGISTRY.check


def load_checks() -> dict[str, CheckSpec]:
    """Every built-in and installed check, by id (idempotent: modules import once)."""
    return REGISTRY.load()


def get(check_id: str) -> CheckSpec:
    return REGISTRY.get(check_id)
