"""The tables of migration 0006 on SQLite and PostgreSQL: evidence replaced per sweep and site, users with
their sites (a manager's sites must exist), removal cascading to user_sites."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reports.web.auth import authenticate, hash_password
from storage import open_db
from storage.dbviews import (
    EvidencePage,
    FindingEvidence,
    UserSite,
    delete_user,
    list_users,
    replace_evidence,
    save_user,
)
from storage.writer import finish_sweep, open_sweep, register_sites


def _page(url: str, image: bytes) -> dict:
    return {"url": url, "url_hash": url[-8:], "taken_at": datetime.now(UTC), "source": "live", "image": image,
            "mime": "image/jpeg", "snapshot_gz": b"\x1f\x8b", "encoding": "utf-8"}  # fmt: skip


def test_evidence_is_replaced_per_sweep_and_site(db_url: str) -> None:
    engine = open_db(db_url)
    ids = register_sites(engine, [{"name": "甲", "base_url": "http://a/"}])
    sweep_id = open_sweep(engine, {"sites": [{"name": "甲"}]})
    finish_sweep(engine, sweep_id, {}, complete=True)
    link = {"url": "http://a/1", "check": "freshness", "target_hash": "h", "role": "page"}
    replace_evidence(engine, sweep_id, ids["甲"], [_page("http://a/1", b"old")], [link])
    replace_evidence(engine, sweep_id, ids["甲"], [_page("http://a/1", b"new" * 1000)], [link])
    with Session(engine) as session:
        assert session.scalars(select(EvidencePage.image)).all() == [b"new" * 1000]
        assert session.scalar(select(func.count()).select_from(FindingEvidence)) == 1
    engine.dispose()


def test_users_and_their_sites(db_url: str) -> None:
    engine = open_db(db_url)
    register_sites(engine, [{"name": "甲", "base_url": "http://a/"}, {"name": "乙", "base_url": "http://b/"}])
    assert save_user(engine, "王", "manager", hash_password("password-1"), ["甲"])
    assert not save_user(engine, "王", "manager", hash_password("password-2"), ["乙"])
    assert list_users(engine) == [
        {"id": list_users(engine)[0]["id"], "name": "王", "role": "manager", "sites": ["乙"]}
    ]
    viewer = authenticate(engine, "王", "password-2")
    assert viewer is not None and len(viewer.site_ids) == 1
    assert (
        authenticate(engine, "王", "password-1") is None
        and authenticate(engine, "无此人", "password-2") is None
    )
    with pytest.raises(LookupError):
        save_user(engine, "李", "manager", hash_password("password-3"), ["丙"])
    assert delete_user(engine, "王") and not delete_user(engine, "王")
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(UserSite)) == 0
    engine.dispose()
