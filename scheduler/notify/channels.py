"""Delivery channels: SMTP e-mail (smtplib) and webhooks (a JSON POST, or the 企业微信/钉钉/飞书 bot bodies).

The standard library does both: the chat bots take a small JSON body at the URL a group's bot settings
give, so the URL is used as configured (and tests can point it at a receiver on 127.0.0.1).
A failed delivery raises DeliveryError with a one-line reason.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import smtplib
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import quote_plus

from scheduler.config_ops import SmtpConfig, secret_value

_BOT_TEXT_MAX = 4000  # 企业微信 markdown takes 4096 bytes; longer digests are cut with a pointer


class DeliveryError(RuntimeError):
    """A message that could not be delivered; the notifier retries it later."""


def send_email(smtp: SmtpConfig, to: Sequence[str], subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="govwatch")
    message.set_content(body, charset="utf-8")
    client = smtplib.SMTP_SSL if smtp.security == "ssl" else smtplib.SMTP
    try:
        with client(smtp.host, smtp.port, timeout=smtp.timeout) as server:
            if smtp.security == "starttls":
                server.starttls()
            if smtp.user:
                server.login(smtp.user, secret_value(smtp.password))
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"SMTP {smtp.host}:{smtp.port}: {exc}") from exc


def webhook_body(fmt: str, subject: str, text: str, data: dict[str, Any]) -> dict[str, Any]:
    """The JSON body of one digest in the webhook's format."""
    short = (
        text
        if len(text.encode()) <= _BOT_TEXT_MAX
        else text.encode()[:_BOT_TEXT_MAX].decode(errors="ignore") + "\n……（内容过长，详见邮件或系统）"
    )
    if fmt == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": f"**{subject}**\n{short}"}}
    if fmt == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": subject, "text": f"### {subject}\n{short}"}}
    if fmt == "feishu":
        return {"msg_type": "text", "content": {"text": f"{subject}\n{short}"}}
    return {"subject": subject, "text": text, **data}


def post_webhook(url: str, fmt: str, body: dict[str, Any], secret: str = "", timeout: float = 15.0) -> None:
    """POST the body; a bot's signing secret (加签) is applied as 钉钉 and 飞书 document it."""
    url, body = _signed(url, fmt, body, secret) if secret else (url, body)
    request = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = response.read(65536)
    except (OSError, urllib.error.URLError) as exc:
        raise DeliveryError(f"webhook {url}: {exc}") from exc
    _check_answer(url, answer)


def _signed(url: str, fmt: str, body: dict[str, Any], secret: str) -> tuple[str, dict[str, Any]]:
    if fmt == "dingtalk":
        stamp = str(int(time.time() * 1000))
        digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
        sign = quote_plus(base64.b64encode(digest))
        return f"{url}{'&' if '?' in url else '?'}timestamp={stamp}&sign={sign}", body
    if fmt == "feishu":
        stamp = str(int(time.time()))
        digest = hmac.new(f"{stamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
        return url, {"timestamp": stamp, "sign": base64.b64encode(digest).decode(), **body}
    return url, body


def _check_answer(url: str, answer: bytes) -> None:
    """The bots answer 200 with an error code in the body (errcode, code, StatusCode) when they refuse."""
    try:
        data = json.loads(answer or b"{}")
    except ValueError:
        return
    if not isinstance(data, dict):
        return
    code = next((data[k] for k in ("errcode", "code", "StatusCode") if k in data), 0)
    if code not in (0, "0"):
        raise DeliveryError(f"webhook {url}: refused ({code}: {data.get('errmsg') or data.get('msg') or ''})")
