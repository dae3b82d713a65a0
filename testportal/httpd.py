"""The portal's HTTP/1.1 server: asyncio, one listening socket per site, deep accept queue, keep-alive.

Pages render in the event loop (well under a millisecond each); slow pages wait with asyncio.sleep and the
gzip bomb is compressed in a worker thread, so no request ever blocks another. A control socket answers
GET /hits with per-site, per-target request counts.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import stat
import struct
import sys
import threading
import traceback
from collections import Counter
from dataclasses import replace
from http import HTTPStatus

from testportal.app import SiteApp, make_apps
from testportal.hostile import gzip_bomb_body
from testportal.reply import Reply, http_date, not_modified, validators
from testportal.spec import PortalSpec

BACKLOG = 2048
MAX_HEAD = 64 * 1024
MAX_BODY = 1024 * 1024
IDLE_SECONDS = 120
_UNCACHED = frozenset({"hostile", "challenge", "trap"})  # answers that must be requested every time


class PortalServer:
    """Serves every site of a spec on 127.0.0.1, each on its own OS-chosen port."""

    def __init__(self, spec: PortalSpec) -> None:
        self.spec = spec
        self.hits: dict[str, Counter[str]] = {s.name: Counter() for s in spec.sites}
        self.apps: dict[str, SiteApp] = {}
        self.urls: dict[str, str] = {}
        self.control_url = ""
        self._servers: list[asyncio.base_events.Server] = []
        self._stopped = asyncio.Event()

    async def start(self) -> None:
        sockets = {s.name: _listen() for s in self.spec.sites}
        self.urls = {name: f"http://127.0.0.1:{sock.getsockname()[1]}/" for name, sock in sockets.items()}
        self.apps = make_apps(self.spec, self.urls)
        for name, sock in sockets.items():
            handler = self._handler(name)
            # backlog must be given here too: asyncio calls listen() again with its default of 100
            server = await asyncio.start_server(handler, sock=sock, limit=MAX_HEAD, backlog=BACKLOG)
            self._servers.append(server)
        control = _listen()
        self.control_url = f"http://127.0.0.1:{control.getsockname()[1]}/"
        self._servers.append(await asyncio.start_server(self._control, sock=control, limit=MAX_HEAD))
        if any("gzip_bomb" in s.hostile for s in self.spec.sites):
            threading.Thread(target=gzip_bomb_body, daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()

    async def wait_stopped(self) -> None:
        await self._stopped.wait()
        for server in self._servers:
            server.close()

    def _handler(self, name: str):  # noqa: ANN202 - asyncio stream callback
        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                await self._connection(name, reader, writer)
            except asyncio.CancelledError:
                # The server stops while a slow page sleeps. Ending the task cancelled would make
                # asyncio's stream callback (Python 3.11) print a CancelledError traceback for it.
                writer.close()

        return handle

    async def _connection(
        self, name: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        app = self.apps[name]
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    break
                method, target, version, headers, body = request
                self.hits[name][target] += 1
                reply = _safe_handle(app, method, target, body, headers.get("cookie", ""))
                if reply.reset:
                    _reset(writer)
                    return
                if reply.delay:
                    await asyncio.sleep(reply.delay)
                payload = (
                    reply.payload() if not callable(reply.body) else await asyncio.to_thread(reply.payload)
                )
                reply, payload = self._conditional(reply, payload, headers)
                keep = _keep_alive(version, headers)
                writer.write(_head(reply, len(payload), keep) + (b"" if method == "HEAD" else payload))
                await writer.drain()
                if not keep:
                    break
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            pass
        finally:
            writer.close()

    def _conditional(self, reply: Reply, payload: bytes, headers: dict[str, str]) -> tuple[Reply, bytes]:
        """An ordinary page carries ETag and Last-Modified; a request holding its validators gets a 304."""
        if reply.status != 200 or reply.kind in _UNCACHED or callable(reply.body):
            return reply, payload
        etag, modified = validators(payload, self.spec.as_of)
        fields = [("ETag", etag), ("Last-Modified", http_date(modified))]
        if not_modified(headers, etag, modified):
            return replace(reply, status=304, body=b"", headers=[*reply.headers, *fields]), b""
        return replace(reply, headers=[*reply.headers, *fields]), payload

    async def _control(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await _read_request(reader)
            if request is None:
                return
            target = request[1]
            if target.startswith("/hits"):
                data = {name: dict(counter) for name, counter in self.hits.items()}
                if "reset=1" in target:
                    for counter in self.hits.values():
                        counter.clear()
                reply = Reply(200, json.dumps(data, ensure_ascii=False).encode(), "application/json")
            else:
                reply = Reply(404, b"not found", "text/plain")
            body = reply.payload()
            writer.write(_head(reply, len(body), False) + body)
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            pass
        finally:
            writer.close()


def _listen() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(BACKLOG)
    sock.setblocking(False)
    return sock


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, str, str, dict[str, str], bytes] | None:
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IDLE_SECONDS)
    except asyncio.IncompleteReadError:
        return None
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3:
        return None
    headers = {}
    for line in lines[1:]:
        key, sep, value = line.partition(":")
        if sep:
            headers[key.strip().lower()] = value.strip()
    length = min(int(headers.get("content-length", "0") or 0), MAX_BODY)
    body = await reader.readexactly(length) if length else b""
    return parts[0].upper(), parts[1], parts[2], headers, body


def _safe_handle(app: SiteApp, method: str, target: str, body: bytes, cookie: str) -> Reply:
    try:
        return app.handle(method, target, body, cookie)
    except Exception:  # noqa: BLE001 - a generator bug must show as a 500, not kill the server
        traceback.print_exc(file=sys.stderr)
        return Reply(500, b"internal error", "text/plain", outcome="http_error")


def _keep_alive(version: str, headers: dict[str, str]) -> bool:
    connection = headers.get("connection", "").lower()
    if version == "HTTP/1.0":
        return connection == "keep-alive"
    return connection != "close"


def _head(reply: Reply, length: int, keep: bool) -> bytes:
    reason = HTTPStatus(reply.status).phrase if reply.status in HTTPStatus._value2member_map_ else "Unknown"
    lines = [
        f"HTTP/1.1 {reply.status} {reason}",
        "Server: nginx",
        f"Content-Type: {reply.content_type}",
        f"Content-Length: {length}",
        *(f"{k}: {v}" for k, v in reply.headers),
        f"Connection: {'keep-alive' if keep else 'close'}",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with SO_LINGER 0: the kernel sends RST instead of FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def serve(spec: PortalSpec, watch_stdin: bool = True) -> None:
    """Start, print {"urls": …, "control": …} as one JSON line, serve until a signal or EOF on a piped stdin."""
    server = PortalServer(spec)
    await server.start()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, server.stop)
    if watch_stdin and _is_pipe(sys.stdin.fileno()):
        loop.add_reader(sys.stdin.fileno(), _drain_stdin, loop, server)
    sys.stdout.write(json.dumps({"urls": server.urls, "control": server.control_url}) + "\n")
    sys.stdout.flush()
    await server.wait_stopped()


def _is_pipe(fd: int) -> bool:
    """Only a pipe or socket stdin means "stop on EOF"; /dev/null or a file would stop the server at once."""
    mode = os.fstat(fd).st_mode
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _drain_stdin(loop: asyncio.AbstractEventLoop, server: PortalServer) -> None:
    if not os.read(sys.stdin.fileno(), 4096):
        loop.remove_reader(sys.stdin.fileno())
        server.stop()
