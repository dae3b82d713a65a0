"""What every command gets: the loaded config and the database URL (--db overrides the config's)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scheduler.config import Config, load_config

DEFAULT_CONFIG = Path("config.toml")


class UsageError(ValueError):
    """Bad command-line input; main() prints it as one line and exits 2."""


@dataclass(frozen=True)
class CommandContext:
    config: Config
    db_url: str

    @classmethod
    def from_args(cls, config_path: Path | None, db_url: str | None) -> CommandContext:
        if config_path is not None:
            config = load_config(config_path)
        elif DEFAULT_CONFIG.exists():
            config = load_config(DEFAULT_CONFIG)
        else:
            config = Config()
        return cls(config=config, db_url=db_url or config.storage.database_url)
