"""Who is looking: argon2id password hashes, the signed session's user, CSRF tokens, and who may see what.

argon2-cffi (Argon2id, the OWASP first choice, no 72-byte limit as bcrypt has); the session cookie is
signed by Starlette's SessionMiddleware with itsdangerous; the CSRF token lives in that session and must
come back in every POST form (compared in constant time).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import MutableMapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from storage.dbviews import User, UserSite

MIN_PASSWORD = 8
_HASHER = PasswordHasher()


class PasswordError(ValueError):
    """A password that cannot be accepted; the message says why."""


@dataclass(frozen=True, slots=True)
class Viewer:
    """The logged-in user: evaluators see every site, managers their own."""

    id: int
    name: str
    role: str
    site_ids: frozenset[int]

    @property
    def is_evaluator(self) -> bool:
        return self.role == "evaluator"

    def can_see(self, site_id: int) -> bool:
        return self.is_evaluator or site_id in self.site_ids

    def can_mark(self, site_id: int) -> bool:
        """Only a site's own manager says it is fixed; evaluators verify by re-checking."""
        return self.role == "manager" and site_id in self.site_ids


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise PasswordError(f"the password must have at least {MIN_PASSWORD} characters")
    return _HASHER.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _HASHER.hash(secrets.token_hex(16))


def authenticate(engine: Engine, name: str, password: str) -> Viewer | None:
    """The user when name and password match; an unknown name costs the same hashing time."""
    with Session(engine) as session:
        user = session.scalar(select(User).where(User.name == name))
    try:
        _HASHER.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    return load_viewer(engine, user.id) if user else None


def load_viewer(engine: Engine, user_id: Any) -> Viewer | None:
    if not isinstance(user_id, int):
        return None
    with Session(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            return None
        sites = session.scalars(select(UserSite.site_id).where(UserSite.user_id == user.id)).all()
    return Viewer(user.id, user.name, user.role, frozenset(sites))


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """This session's CSRF token, made on first use."""
    token = session.get("csrf")
    if not isinstance(token, str) or not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def csrf_ok(session: MutableMapping[str, Any], sent: Any) -> bool:
    expected = session.get("csrf")
    return isinstance(expected, str) and isinstance(sent, str) and hmac.compare_digest(expected, sent)
