"""load_config(path) -> Config: config.toml read once, typed, frozen, with errors naming the key path.

Each room owns its config type (crawler.CrawlLimits, crawler.SiteTarget, StorageConfig here until the
storage room needs more); Config only composes them. Nothing else reads config files or the environment.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from crawler.limits import CrawlLimits, SiteTarget
from scheduler.config_ops import ContactConfig, NotifyConfig, ProbesConfig, ScheduleConfig

DEFAULT_DATA_DIR = Path("var")


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the key path and the reason."""


class StorageConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    database_url: str = f"sqlite:///{DEFAULT_DATA_DIR / 'govwatch.db'}"
    snapshot_dir: Path = DEFAULT_DATA_DIR / "snapshots"


class Config(BaseModel):
    """The whole configuration: [storage], [crawl] and the [[site]] list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    storage: StorageConfig = StorageConfig()
    crawl: CrawlLimits = CrawlLimits()
    site: tuple[SiteTarget, ...] = Field(default=())
    schedule: tuple[ScheduleConfig, ...] = Field(default=())
    probes: ProbesConfig = ProbesConfig()
    notify: NotifyConfig = NotifyConfig()
    contact: tuple[ContactConfig, ...] = Field(default=())

    @model_validator(mode="after")
    def _unique_site_names(self) -> Config:
        seen: set[str] = set()
        for index, target in enumerate(self.site):
            if target.name in seen:
                raise ValueError(f"site[{index}].name: duplicate site name {target.name!r}")
            seen.add(target.name)
        return self

    def sites_named(self, names: list[str]) -> tuple[SiteTarget, ...]:
        """The configured sites with these names (all of them when `names` is empty)."""
        if not names:
            return self.site
        known = {s.name: s for s in self.site}
        missing = [n for n in names if n not in known]
        if missing:
            raise ConfigError(f"--site: no site named {', '.join(map(repr, missing))} in the config")
        return tuple(known[n] for n in names)


def _key_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def _reason(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "missing":
        return "required key is missing"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def parse_config(data: dict[str, Any], base_dir: Path) -> Config:
    """Validate a parsed TOML document; relative paths are taken from `base_dir`."""
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigError(f"{_key_path(first['loc'])}: {_reason(first)}") from None
    storage = config.storage
    if not storage.snapshot_dir.is_absolute():
        storage = storage.model_copy(update={"snapshot_dir": base_dir / storage.snapshot_dir})
    url = storage.database_url
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////") and url != "sqlite:///:memory:":
        storage = storage.model_copy(
            update={"database_url": f"sqlite:///{base_dir / url[len('sqlite:///') :]}"}
        )
    return config.model_copy(update={"storage": storage})


def load_config(path: Path) -> Config:
    """Read and validate config.toml; any problem is a ConfigError naming the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    return parse_config(data, path.resolve().parent)
