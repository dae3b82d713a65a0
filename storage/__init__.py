"""The findings database: models, migrations, batched writers and read helpers."""

from storage.db import DatabaseError, normalize_url, open_db, session_factory

__all__ = ["DatabaseError", "normalize_url", "open_db", "session_factory"]
