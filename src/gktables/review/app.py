"""The review web app (Starlette): one flagged cell per page, decisions written as review rows.

Pages are rendered on the server (Jinja2); ``static/review.js`` adds the keyboard and posts decisions
as JSON with the page's CSRF token. Every request names a cell by (sha256, key) only; files are
found through the store.
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import GktablesError
from . import queue as q
from .decisions import CellChangedError, Decision, DecisionError, record_decision, undo_decision
from .sources import Box, SourceUnavailable, crop_png, text_excerpt, usable_path, warm

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
CSRF_HEADER = "x-csrf-token"
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]


SECURITY_HEADERS = [
    # only our own script, styles and images; never inside another site's frame (keystrokes there
    # would decide cells); the content type as sent
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Prefetcher:
    """One background thread that renders the pages of the cells a reviewer will open next; at most
    ``limit`` pages wait, so walking fast through the queue does not pile up work."""

    def __init__(self, limit: int = 2):
        self.limit = limit
        self.pending: set[tuple[Path, int]] = set()
        self.lock = threading.Lock()
        self.pool = ThreadPoolExecutor(1, "review-prefetch")
        self.closed = False

    def submit(self, path: Path, box: Box) -> None:
        key = (path, box.page)
        with self.lock:
            if self.closed or key in self.pending or len(self.pending) >= self.limit:
                return
            self.pending.add(key)
            self.pool.submit(self._run, path, box)

    def _run(self, path: Path, box: Box) -> None:
        try:
            warm(path, box)
        finally:
            with self.lock:
                self.pending.discard((path, box.page))

    def close(self) -> None:
        """Drop the pages still waiting and wait for the one being rendered: no render outlives the app."""
        with self.lock:
            self.closed = True
        self.pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class AppConfig:
    store_path: Path
    reviewer: str
    csrf_token: str
    allowed_hosts: list[str]
    cache: q.QueueCache
    prefetcher: Prefetcher = field(default_factory=lambda: Prefetcher())


def create_app(store_path: str | Path, reviewer: str, *, host: str = "127.0.0.1") -> Starlette:
    """The app for one store and one reviewer. ``host``: the address served on; requests naming
    another Host header are refused (DNS rebinding)."""
    path = Path(store_path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such store (make one with `gktables run`)")
    hosts = sorted(set(LOCAL_HOSTS) | ({host} if host not in ("0.0.0.0", "::") else {"*"}))
    config = AppConfig(path, reviewer, secrets.token_urlsafe(32), hosts, q.QueueCache())
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["fmt"] = format_value
    app = Starlette(
        routes=[
            Route("/", _Home(config).handle, methods=["GET"]),
            Route("/cell/{sha256:str}/{key:str}", _CellPage(config, templates).handle, methods=["GET"]),
            Route("/doc/{sha256:str}", _DocPage(config, templates).handle, methods=["GET"]),
            Route("/crop/{sha256:str}/{key:str}.png", _Crop(config).handle, methods=["GET"]),
            Route("/api/decide", _Decide(config).handle, methods=["POST"]),
            Route("/api/undo", _Undo(config).handle, methods=["POST"]),
            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        ],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=hosts), Middleware(SecurityHeaders)],
        lifespan=_closing(config.prefetcher),
    )
    app.state.config = config
    return app


def _closing(prefetcher: Prefetcher) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        prefetcher.close()

    return lifespan


def format_value(value: object) -> str:
    """12.0 → '12', 3.5 → '3.5', None → '' (SQLite hands integral NUMERIC values back as int or float)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def filters_from(request: Request) -> q.Filters:
    p = request.query_params
    year = p.get("year") or None
    if year is not None and not year.isdigit():
        raise HTTPException(400, "year must be a number")
    return q.Filters(agency=p.get("agency") or None, year=int(year) if year else None,
                     table=p.get("table") or None, reason=p.get("reason") or None, sha256=p.get("doc") or None)


def cell_url(entry: q.QueueEntry | None, filters: q.Filters) -> str | None:
    if entry is None:
        return None
    query = urlencode(filters.query())
    return f"/cell/{entry.sha256}/{entry.key}" + (f"?{query}" if query else "")


class _Endpoint:
    def __init__(self, config: AppConfig, templates: Jinja2Templates | None = None):
        self.config = config
        self.templates = templates

    def connect(self) -> sqlite3.Connection:
        return q.connect(self.config.store_path)


class _Home(_Endpoint):
    async def handle(self, request: Request) -> Response:
        filters = filters_from(request)
        conn = self.connect()
        try:
            view = self.config.cache.view(conn, filters)
        finally:
            conn.close()
        first = view.next_open(None) or view.entry(0)
        if first is None:
            return Response("No flagged cells match these filters.", media_type="text/plain")
        return RedirectResponse(cell_url(first, filters) or "/", status_code=303)


class _CellPage(_Endpoint):
    async def handle(self, request: Request) -> Response:
        filters = filters_from(request)
        sha256, key = request.path_params["sha256"], request.path_params["key"]
        conn = self.connect()
        try:
            item = q.item(conn, sha256, key)
            if item is None:
                raise HTTPException(404, f"no cell {key} in document {sha256}")
            queue = self.config.cache.view(conn, filters)
            choices = self.config.cache.choices(conn)
            stored_paths = _stored_paths(conn, sha256)
            row = q.row_cells(conn, sha256, key)
            pos = queue.position(sha256, key)
            tied_spans = q.spans(conn, sha256, [t.key for t in item.tied])
            self.prefetch(conn, [queue.next_open(pos), queue.entry(pos + 1 if pos is not None else None)])
        finally:
            conn.close()
        view = _source_view(item, stored_paths, tied_spans)
        context: dict[str, Any] = {
            "item": item, "filters": filters, "choices": choices, "csrf": self.config.csrf_token,
            "reviewer": self.config.reviewer, "position": pos, "total": len(queue),
            "n_reviewed": queue.n_reviewed, "row_cells": row,
            "prev_url": cell_url(queue.entry(pos - 1) if pos else None, filters),
            "next_url": cell_url(queue.entry(pos + 1) if pos is not None else None, filters),
            "next_open_url": cell_url(queue.next_open(pos), filters),
            "doc_url": f"/doc/{sha256}?" + urlencode({**filters.query(), "doc": sha256}),
            **view,
        }
        assert self.templates is not None
        return self.templates.TemplateResponse(request, "cell.html", context)

    def prefetch(self, conn: sqlite3.Connection, entries: list[q.QueueEntry | None]) -> None:
        for entry in dict.fromkeys(e for e in entries if e is not None):
            for box in q.boxes(conn, entry.sha256, [entry.key]):
                try:
                    path = usable_path(_stored_paths(conn, entry.sha256))
                except SourceUnavailable:
                    continue
                self.config.prefetcher.submit(path, box)


def _stored_paths(conn: sqlite3.Connection, sha256: str) -> list[tuple[str, int | None]]:
    return [(r[0], r[1]) for r in conn.execute("SELECT path, size FROM paths WHERE sha256 = ? ORDER BY path",
                                               (sha256,))]


def _source_view(item: q.Item, stored_paths: list[tuple[str, int | None]],
                 tied_spans: list[tuple[int, int]]) -> dict[str, Any]:
    """What the page shows of the document: 'crop' (an image URL), 'text' (an excerpt) or 'row'."""
    if item.bbox and item.page:
        return {"view": "crop", "crop_url": f"/crop/{item.doc.sha256}/{item.key}.png", "source_error": None}
    if item.source != "text" and (item.span or tied_spans):
        # e.g. a PDF without a table grid read through its text: offsets in the extracted text
        return {"view": "row", "source_error": f"this {item.source} cell was read from the document's "
                                               "extracted text, which records no page position"}
    if item.span or tied_spans:
        try:
            excerpt = text_excerpt(usable_path(stored_paths), item.span, tied_spans)
        except (SourceUnavailable, GktablesError, OSError) as exc:
            return {"view": "row", "source_error": str(exc)}
        return {"view": "text", "excerpt": excerpt, "source_error": None}
    return {"view": "row", "source_error": None}


class _DocPage(_Endpoint):
    async def handle(self, request: Request) -> Response:
        sha256 = request.path_params["sha256"]
        filters = q.Filters(**{**filters_from(request).__dict__, "sha256": sha256})
        conn = self.connect()
        try:
            doc = q.document(conn, sha256)
            if doc is None:
                raise HTTPException(404, f"no document {sha256}")
            entries = self.config.cache.view(conn, filters).entries()
            items = [q.item(conn, e.sha256, e.key) for e in entries]
            choices = self.config.cache.choices(conn)
        finally:
            conn.close()
        rows = [(cell_url(e, filters), it) for e, it in zip(entries, items) if it is not None]
        assert self.templates is not None
        return self.templates.TemplateResponse(request, "doc.html", {
            "doc": doc, "rows": rows, "filters": filters, "choices": choices,
            "n_reviewed": sum(e.reviewed for e in entries)})


class _Crop(_Endpoint):
    async def handle(self, request: Request) -> Response:
        sha256, key = request.path_params["sha256"], request.path_params["key"]
        conn = self.connect()
        try:
            item = q.item(conn, sha256, key)
            stored = _stored_paths(conn, sha256)
            boxes = q.boxes(conn, sha256, [t.key for t in item.tied]) if item else []
        finally:
            conn.close()
        if item is None or not item.bbox or not item.page:
            raise HTTPException(404, f"cell {key} of {sha256} has no position on a page")
        cell = Box(item.page, tuple(item.bbox), item.source or "pdf")  # type: ignore[arg-type]
        try:
            png = await run_in_threadpool(crop_png, usable_path(stored), cell, boxes)
        except SourceUnavailable as exc:
            raise HTTPException(404, str(exc)) from exc
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=60"})


class _Write(_Endpoint):
    """A write: CSRF token in the header, JSON body, same-origin request."""

    async def payload(self, request: Request) -> dict[str, Any]:
        token = request.headers.get(CSRF_HEADER, "")
        if not secrets.compare_digest(token, self.config.csrf_token):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            raise HTTPException(415, "send JSON")
        try:
            body = await request.json()
        except ValueError as exc:
            raise HTTPException(400, "the body is not JSON") from exc
        if not isinstance(body, dict):
            raise HTTPException(400, "the body must be a JSON object")
        return body


class _Decide(_Write):
    async def handle(self, request: Request) -> Response:
        body = await self.payload(request)
        try:
            decision = Decision.from_json(body)
            review_id = await run_in_threadpool(record_decision, self.config.store_path, decision,
                                                self.config.reviewer)
        except CellChangedError as exc:
            return JSONResponse({"ok": False, "error": str(exc)}, status_code=409)
        except DecisionError as exc:
            return JSONResponse({"ok": False, "error": str(exc)}, status_code=422)
        return JSONResponse({"ok": True, "review_id": review_id})


class _Undo(_Write):
    async def handle(self, request: Request) -> Response:
        body = await self.payload(request)
        review_id = body.get("review_id")
        if not isinstance(review_id, int):
            return JSONResponse({"ok": False, "error": "review_id must be an integer"}, status_code=422)
        try:
            cell = await run_in_threadpool(undo_decision, self.config.store_path, review_id, self.config.reviewer)
        except DecisionError as exc:
            return JSONResponse({"ok": False, "error": str(exc)}, status_code=422)
        return JSONResponse({"ok": True, "sha256": cell[0], "key": cell[1]})
