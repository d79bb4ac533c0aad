"""The FastAPI application: JSON API under /api, the analyst page at /, security headers on everything."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from eventwire.errors import BadRequest, NotFound
from eventwire.store import db as store
from eventwire.store.queries import NoStories
from eventwire.web import api, ingest
from eventwire.web.dbaccess import Busy, Database

log = logging.getLogger(__name__)
STATIC = Path(str(resources.files("eventwire") / "web" / "static"))

# No inline script or style, nothing from another origin: the page is three files served from here.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
           "X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin"}


def create_app(db: Path | str, write_token: str | None = None, max_upload_bytes: int = 16 * 1024 * 1024,
               max_files: int = 50, allowed_hosts: list[str] | None = None, read_timeout: float = 30.0) -> FastAPI:
    """The app over the DuckDB file `db`; uploads are accepted only when `write_token` is set.

    `allowed_hosts` limits the Host header (the CLI passes the loopback names when serving on loopback), so a
    web page elsewhere cannot read the API through DNS rebinding. `read_timeout`: how long a read waits for
    another process's writer to let go of the file before answering 503."""
    if write_token is not None and len(write_token) < 16:
        raise ValueError("the write token must be at least 16 characters (use a random one)")
    app = FastAPI(title="eventwire", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Political event records from news captures: who did what to whom, with evidence. "
                              "Read-only unless the server was started with a write token.")
    app.state.db = Database(Path(db), read_timeout=read_timeout)
    app.state.write_token = write_token
    app.state.max_upload_bytes = max_upload_bytes
    app.state.max_files = max_files
    app.include_router(api.router)
    app.include_router(ingest.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _add_handlers(app)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.middleware("http")
    async def guard_writes(request: Request, call_next: Any) -> Response:
        # FastAPI parses a multipart body before any dependency runs, so a request without the token would
        # be spooled to disk first: refuse it here from its headers, before a byte of the body is read
        if request.url.path == "/api/ingest" and request.method == "POST":
            try:
                ingest.check_write(request)
            except StarletteHTTPException as exc:
                return error(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))
        response: Response = await call_next(request)
        return response

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app


def error(status: int, message: str, detail: Any = None, headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"status": status, "error": message}
    if detail is not None:
        body["detail"] = jsonable_encoder(detail)
    # Starlette answers a crash from its outermost layer, past the security_headers middleware: set them here
    return JSONResponse(body, status_code=status, headers={**HEADERS, **(headers or {})})


def _add_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errs = [{"where": ".".join(str(p) for p in e.get("loc", ())), "reason": e.get("msg", "")}
                for e in exc.errors()]
        reasons = "; ".join(f"{e['where']}: {e['reason']}" for e in errs)
        return error(422, f"invalid request: {reasons}", errs)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))

    @app.exception_handler(NoStories)
    async def no_stories(request: Request, exc: NoStories) -> JSONResponse:
        return error(422, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> JSONResponse:
        return error(404, str(exc))

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest) -> JSONResponse:
        return error(422, str(exc))

    @app.exception_handler(Busy)
    async def busy(request: Request, exc: Busy) -> JSONResponse:
        return error(503, str(exc), headers={"Retry-After": "5"})

    @app.exception_handler(store.StoreError)
    async def unavailable(request: Request, exc: store.StoreError) -> JSONResponse:
        return error(503, str(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        # the reason goes to the server log, not to the client: it may name paths or SQL
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error(500, "internal error; see the server log")
