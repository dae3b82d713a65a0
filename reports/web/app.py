"""The read-only dashboard (Starlette): overview, site, problem, finding and sweep pages over the findings
database, for evaluators (every site) and site managers (their own sites, and one write: mark fixed).

Every page needs a login; a manager asking for another site's page gets 403. Responses carry a strict
Content-Security-Policy (no script at all), so even an unescaped crawled title could not run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reports.evidence import decode_snapshot
from reports.html import render
from reports.trends import build_trend
from reports.web import data
from reports.web.auth import Viewer, authenticate, csrf_ok, csrf_token, load_viewer
from storage.dbviews import EvidencePage
from storage.models import Site
from storage.queries import list_sweeps

CSRF = "csrf"  # the detail of a 403 for a missing or wrong CSRF token
MarkFixed = Callable[[int, str, str], None]  # (problem id, note, who); raises ValueError when refused
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}

ERROR_MESSAGES: dict[object, str] = {
    CSRF: "表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。",
    403: "无权查看此页面：只能查看本单位负责的网站。",
    404: "页面不存在。",
}


@dataclass(frozen=True)
class WebSettings:
    """What the scheduler hands the dashboard: the signing secret, the clock, the 整改 workflow."""

    secret: str
    today: Callable[[], date]
    mark_fixed: MarkFixed | None = None
    reason_labels: Mapping[str, str] = field(default_factory=dict)
    session_seconds: int = 8 * 3600


class LoginRequired(Exception):
    """No valid session: the handler sends the browser to the login page."""


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response (headers a route sets itself win)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present
                ]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(engine: Engine, settings: WebSettings) -> Starlette:
    dash = Dashboard(engine, settings)
    routes = [
        Route("/login", dash.login_form, methods=["GET"]),
        Route("/login", dash.login, methods=["POST"]),
        Route("/logout", dash.logout, methods=["POST"]),
        Route("/", dash.overview, methods=["GET"]),
        Route("/sites/{site_id:int}", dash.site, methods=["GET"]),
        Route("/problems/{problem_id:int}", dash.problem, methods=["GET"]),
        Route("/problems/{problem_id:int}/fixed", dash.mark_fixed, methods=["POST"]),
        Route("/findings/{finding_id:int}", dash.finding, methods=["GET"]),
        Route("/sweeps", dash.sweeps, methods=["GET"]),
        Route("/evidence/{evidence_id:int}/image", dash.evidence_image, methods=["GET"]),
        Route("/evidence/{evidence_id:int}/snapshot", dash.evidence_snapshot, methods=["GET"]),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(
            SessionMiddleware,
            secret_key=settings.secret,
            session_cookie="govwatch_session",
            max_age=settings.session_seconds,
            same_site="strict",
        ),
    ]
    handlers = {LoginRequired: dash.to_login, HTTPException: dash.error}
    return Starlette(routes=routes, middleware=middleware, exception_handlers=handlers)  # type: ignore[arg-type]


class Dashboard:
    """The route handlers, sharing the engine and settings."""

    def __init__(self, engine: Engine, settings: WebSettings) -> None:
        self.engine = engine
        self.settings = settings

    # -- sessions ------------------------------------------------------------------------------------
    def viewer(self, request: Request) -> Viewer:
        viewer = load_viewer(self.engine, request.session.get("uid"))
        if viewer is None:
            raise LoginRequired
        return viewer

    def page(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("viewer", None)
        html = render(f"web/{template}", csrf=csrf_token(request.session), **context)
        return HTMLResponse(html, status_code=status)

    async def to_login(self, request: Request, exc: Exception) -> Response:
        return RedirectResponse("/login", status_code=303)

    async def error(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) else ""
        message = ERROR_MESSAGES.get(detail) or ERROR_MESSAGES.get(status, "请求无法处理。")
        viewer = await run_in_threadpool(load_viewer, self.engine, request.session.get("uid"))
        return self.page(request, "error.html", status, viewer=viewer, message=message)

    def login_form(self, request: Request) -> Response:
        return self.page(request, "login.html", message="")

    async def login(self, request: Request) -> Response:
        form = await request.form()
        if not csrf_ok(request.session, form.get("csrf")):
            raise HTTPException(403, CSRF)
        viewer = await run_in_threadpool(
            authenticate, self.engine, str(form.get("name", "")), str(form.get("password", ""))
        )
        if viewer is None:
            return self.page(request, "login.html", 401, message="用户名或密码错误。")
        request.session.clear()
        request.session["uid"] = viewer.id
        csrf_token(request.session)
        return RedirectResponse("/", status_code=303)

    async def logout(self, request: Request) -> Response:
        form = await request.form()
        if not csrf_ok(request.session, form.get("csrf")):
            raise HTTPException(403, CSRF)
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    # -- pages ---------------------------------------------------------------------------------------
    def overview(self, request: Request) -> Response:
        viewer = self.viewer(request)
        books = data.scored_rulebooks(self.engine)
        chosen = request.query_params.get("rulebook")
        chosen = chosen if chosen in books else (books[0] if books else None)
        visible = None if viewer.is_evaluator else viewer.site_ids
        rows = data.overview(self.engine, visible, chosen)
        return self.page(request, "overview.html", viewer=viewer, rows=rows, rulebooks=books, rulebook=chosen)

    def site(self, request: Request) -> Response:
        viewer = self.viewer(request)
        site_id = request.path_params["site_id"]
        self.require(viewer, site_id)
        page = data.site_page(
            self.engine, site_id, request.query_params.get("rulebook"), self.settings.today()
        )
        if page is None:
            raise HTTPException(404)
        trend = None
        if page.sweep_id is not None:
            trend = build_trend(self.engine, page.site.name, page.rulebook)
        return self.page(
            request, "site.html", viewer=viewer, p=page, trend=trend, reasons=self.settings.reason_labels
        )

    def problem(self, request: Request, message: str = "", status: int = 200) -> Response:
        viewer = self.viewer(request)
        found = data.problem_item(self.engine, request.path_params["problem_id"], self.settings.today())
        if found is None:
            raise HTTPException(404)
        problem, item, events = found
        self.require(viewer, problem.site_id)
        can_mark = (
            viewer.can_mark(problem.site_id)
            and problem.state in ("open", "reopened")
            and self.settings.mark_fixed is not None
        )
        return self.page(
            request,
            "problem.html",
            status,
            viewer=viewer,
            problem=problem,
            item=item,
            events=events,
            site=self.site_name(problem.site_id),
            can_mark=can_mark,
            message=message,
            marked=request.query_params.get("marked") == "1",
        )

    async def mark_fixed(self, request: Request) -> Response:
        viewer = await run_in_threadpool(self.viewer, request)
        form = await request.form()
        if not csrf_ok(request.session, form.get("csrf")):
            raise HTTPException(403, CSRF)
        problem_id = request.path_params["problem_id"]
        site_id = await run_in_threadpool(data.problem_site, self.engine, problem_id)
        if site_id is None:
            raise HTTPException(404)
        self.require(viewer, site_id)
        if not viewer.can_mark(site_id) or self.settings.mark_fixed is None:
            raise HTTPException(403)
        note = str(form.get("note", "")).strip()
        if not note:
            return await run_in_threadpool(self.problem, request, "请填写整改说明：做了哪些整改。", 400)
        try:
            await run_in_threadpool(self.settings.mark_fixed, problem_id, note, viewer.name)
        except ValueError as exc:
            return await run_in_threadpool(self.problem, request, f"未能标记：{exc}", 400)
        return RedirectResponse(f"/problems/{problem_id}?marked=1", status_code=303)

    def finding(self, request: Request) -> Response:
        viewer = self.viewer(request)
        found = data.finding_item(self.engine, request.path_params["finding_id"], self.settings.today())
        if found is None:
            raise HTTPException(404)
        site_id, item = found
        self.require(viewer, site_id)
        return self.page(
            request, "finding.html", viewer=viewer, item=item, site=self.site_name(site_id), site_id=site_id
        )

    def sweeps(self, request: Request) -> Response:
        viewer = self.viewer(request)
        names = None if viewer.is_evaluator else self.visible_names(viewer)
        sweeps = []
        for sweep in list_sweeps(self.engine, limit=100):
            sites = [s for s in sweep.sites if names is None or s.site in names]
            if sites or names is None:
                sweeps.append((sweep, sites))
        return self.page(
            request, "sweeps.html", viewer=viewer, sweeps=sweeps, reasons=self.settings.reason_labels
        )

    def evidence_image(self, request: Request) -> Response:
        row = self.evidence(request, EvidencePage.image, EvidencePage.mime)
        if row.image is None:
            raise HTTPException(404)
        return Response(
            row.image, media_type=row.mime or "image/jpeg", headers={"cache-control": "private, max-age=3600"}
        )

    def evidence_snapshot(self, request: Request) -> Response:
        """The HTML as fetched, shown as text: crawled markup never runs on the dashboard's origin."""
        row = self.evidence(request, EvidencePage.snapshot_gz, EvidencePage.encoding)
        if row.snapshot_gz is None:
            raise HTTPException(404)
        text = decode_snapshot(row.snapshot_gz, row.encoding)
        return PlainTextResponse(text, headers={"content-security-policy": "sandbox; default-src 'none'"})

    # -- helpers -------------------------------------------------------------------------------------
    def require(self, viewer: Viewer, site_id: int) -> None:
        if not viewer.can_see(site_id):
            raise HTTPException(403)

    def evidence(self, request: Request, *columns: Any) -> Any:
        viewer = self.viewer(request)
        with Session(self.engine) as session:
            row = session.execute(
                select(EvidencePage.site_id, *columns).where(
                    EvidencePage.id == request.path_params["evidence_id"]
                )
            ).first()
        if row is None:
            raise HTTPException(404)
        self.require(viewer, row.site_id)
        return row

    def site_name(self, site_id: int) -> str:
        with Session(self.engine) as session:
            site = session.get(Site, site_id)
            return site.name if site else ""

    def visible_names(self, viewer: Viewer) -> set[str]:
        with Session(self.engine) as session:
            return set(session.scalars(select(Site.name).where(Site.id.in_(list(viewer.site_ids)))))
