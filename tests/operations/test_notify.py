"""Notifications: digests reach a real SMTP server and webhook receiver, once per crossing, after quiet hours."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, unquote_plus, urlsplit

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from checks.model import Evidence, Finding, Status
from crawler.limits import SiteTarget
from scheduler.config_ops import OpsConfig
from scheduler.notify import deliver_due, notify_findings, notify_sweep, release_time
from scheduler.workflow import sync_problems
from storage import open_db
from storage.operations import Notification
from tests.operations.helpers import SITE, add_site, finding, sweep_with
from tests.operations.servers import smtp_server, webhook_receiver

TARGET = SiteTarget(name=SITE, base_url="http://127.0.0.1:9/", level="市")
VETO = finding("stale_columns_total", "site", "fail", "全站未按期更新栏目6个，达到5个的单项否决限值。")
WARN = finding(
    "freshness", "gzdt", "warn", "工作动态最近更新于2026年11月8日，已12天未更新，再过3天将超过14天的要求。"
)
NEW = finding("presence", "qzqd", "fail", "网站未设置「权责清单」栏目。")
NOON = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)  # 12:00 in Beijing


def _ops(smtp_port: int, hook: str, quiet: str = "", **contact) -> OpsConfig:
    return OpsConfig.model_validate(
        {
            "notify": {
                "quiet_hours": quiet,
                "smtp": {"host": "127.0.0.1", "port": smtp_port, "sender": "govwatch@test.cn"},
            },
            "contact": [
                {"name": "办公室", "sites": [SITE], "email": ["office@test.cn", "chief@test.cn"]},
                {"name": "值班群", "levels": ["市"], "webhook": f"{hook}/wecom", "format": "wecom"},
                {"name": "数据平台", "webhook": f"{hook}/json", **contact},
                {"name": "别的区", "sites": ["别的区"], "email": "other@test.cn"},
            ],
        }
    )


@pytest.fixture
def engine(sqlite_url):
    engine = open_db(sqlite_url)
    yield engine
    engine.dispose()


def _sweep(engine, site_id, findings) -> int:
    sweep_id = sweep_with(engine, site_id, findings)
    sync_problems(engine, sweep_id)
    return sweep_id


def test_a_sweep_digest_arrives_by_mail_and_webhook(engine):
    site_id = add_site(engine)
    with smtp_server() as (port, mailbox), webhook_receiver() as (hook, received):
        ops = _ops(port, hook)
        sweep_id = _sweep(engine, site_id, [VETO, WARN, NEW, finding("freshness", "tzgg", "pass")])
        assert notify_sweep(engine, ops, [TARGET], sweep_id, now=NOON) == 3
        assert deliver_due(engine, ops, now=NOON) == 3
    (mail,) = mailbox.messages
    assert mailbox.envelopes[0][1] == ["office@test.cn", "chief@test.cn"]
    assert mail["Subject"] == f"【政务公开监测】{SITE}：单项否决1项、新发现的问题1项、预警1项"
    text = mail.get_content()
    assert f"批次 {sweep_id}" in text and VETO["message"] in text and WARN["message"] in text
    assert text.index("单项否决") < text.index("新发现的问题") < text.index("预警")
    assert "【栏目设置】网站未设置「权责清单」栏目。" in text and "govwatch recheck" in text
    by_path = {post["path"]: post["body"] for post in received.posts}
    assert (
        by_path["/wecom"]["msgtype"] == "markdown"
        and VETO["message"] in by_path["/wecom"]["markdown"]["content"]
    )
    assert [i["kind"] for i in by_path["/json"]["items"]] == ["veto", "problem", "warn"]
    assert by_path["/json"]["site"] == SITE and by_path["/json"]["runs"] == [f"批次 {sweep_id}"]


def test_a_level_is_announced_when_crossed_not_every_sweep(engine):
    site_id = add_site(engine)
    with smtp_server() as (port, mailbox), webhook_receiver() as (hook, _):
        ops = _ops(port, hook)
        notify_sweep(engine, ops, [TARGET], _sweep(engine, site_id, [WARN, NEW]), now=NOON)
        deliver_due(engine, ops, now=NOON)
        assert notify_sweep(engine, ops, [TARGET], _sweep(engine, site_id, [WARN, NEW]), now=NOON) == 0
        unseen = finding("freshness", "gzdt", "unverifiable")
        assert notify_sweep(engine, ops, [TARGET], _sweep(engine, site_id, [unseen, NEW]), now=NOON) == 0
        notify_sweep(
            engine, ops, [TARGET], _sweep(engine, site_id, [finding("freshness", "gzdt", "pass")]), now=NOON
        )
        assert notify_sweep(engine, ops, [TARGET], _sweep(engine, site_id, [WARN]), now=NOON) == 3
        deliver_due(engine, ops, now=NOON)
    assert [m["Subject"].split("：")[1] for m in mailbox.messages] == ["新发现的问题1项、预警1项", "预警1项"]


def test_quiet_hours_hold_the_digests_and_merge_them_into_one(engine):
    site_id = add_site(engine)
    night = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)  # 23:30 in Beijing
    morning = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)  # 07:00 the next day in Beijing
    with smtp_server() as (port, mailbox), webhook_receiver() as (hook, received):
        ops = _ops(port, hook, quiet="22:00-07:00")
        assert release_time(night, ops) == morning and release_time(NOON, ops) == NOON
        notify_sweep(engine, ops, [TARGET], _sweep(engine, site_id, [NEW]), now=night)
        veto = Finding(
            "availability",
            SITE,
            "homepage",
            Status.FAIL,
            7.5,
            5.0,
            (Evidence(TARGET.base_url),),
            "首页无法打开",
        )
        notify_findings(engine, ops, TARGET, site_id, [veto], "可用性监测", now=night + timedelta(hours=2))
        assert deliver_due(engine, ops, now=morning - timedelta(minutes=1)) == 0
        assert mailbox.messages == [] and received.posts == []
        assert deliver_due(engine, ops, now=morning) == 3
    (mail,) = mailbox.messages
    assert "单项否决1项、新发现的问题1项" in mail["Subject"]
    assert "批次" in mail.get_content() and "可用性监测" in mail.get_content()
    assert len(received.posts) == 2


def test_a_refused_webhook_is_tried_again_later(engine):
    site_id = add_site(engine)
    with smtp_server() as (port, _), webhook_receiver() as (hook, received):
        ops = _ops(port, hook)
        received.answer = (200, b'{"errcode": 93000, "errmsg": "invalid webhook url"}')
        notify_sweep(engine, ops, [TARGET], _sweep(engine, site_id, [NEW]), now=NOON)
        assert deliver_due(engine, ops, now=NOON) == 1  # the e-mail went; both webhooks were refused
        with Session(engine) as session:
            pending = session.scalars(select(Notification).where(Notification.state == "pending")).all()
            assert {n.channel for n in pending} == {"webhook"} and "93000" in pending[0].error
        received.answer = (200, b'{"errcode": 0}')
        assert deliver_due(engine, ops, now=NOON + timedelta(minutes=1)) == 0  # not due yet
        assert deliver_due(engine, ops, now=NOON + timedelta(minutes=6)) == 2


@pytest.mark.parametrize("fmt", ["dingtalk", "feishu"])
def test_signed_bot_webhooks(engine, fmt):
    site_id = add_site(engine)
    with smtp_server() as (port, _), webhook_receiver() as (hook, received):
        ops = _ops(port, hook, format=fmt, secret="SEC123")
        notify_sweep(engine, ops, [TARGET], _sweep(engine, site_id, [NEW]), now=NOON)
        deliver_due(engine, ops, now=NOON)
    post = next(p for p in received.posts if p["path"].startswith("/json"))
    if fmt == "dingtalk":
        query = parse_qs(urlsplit(post["path"]).query)
        stamp, sign = query["timestamp"][0], query["sign"][0]
        expected = hmac.new(b"SEC123", f"{stamp}\nSEC123".encode(), hashlib.sha256).digest()
        assert base64.b64decode(unquote_plus(sign) if "%" in sign else sign) == expected
        assert post["body"]["msgtype"] == "markdown" and SITE in post["body"]["markdown"]["title"]
    else:
        body = post["body"]
        expected = hmac.new(f"{body['timestamp']}\nSEC123".encode(), b"", hashlib.sha256).digest()
        assert base64.b64decode(body["sign"]) == expected
        assert body["msg_type"] == "text" and "权责清单" in body["content"]["text"]
