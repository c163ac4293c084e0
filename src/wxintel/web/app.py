"""The FastAPI application: REST under /api, pages, feeds and calendar over one store."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from wxintel import __version__, settings
from wxintel.nlp import cedict
from wxintel.nlp.traditional import read_forms
from wxintel.search.translations import glosses
from wxintel.web import api, desk, eligibility, exports, pages, sources, syndication, uploads
from wxintel.web import threads as thread_routes
from wxintel.web.middleware import BodyLimit, HeadAsGet, ResponseHeaders
from wxintel.web.rendering import templates
from wxintel.web.store_threads import StoreThreads

HERE = Path(__file__).parent
# `serve --workers` hands its processes their create_app arguments, as JSON, in this variable:
# uvicorn starts each process by the import string of `served_app`, with no arguments.
SERVED_APP_ENV = "_WXINTEL_SERVED_APP"  # internal: not a setting a user gives
DEFAULT_MAX_UPLOAD = settings.count("max_upload_mb") * 1024 * 1024

# Pages load only what this server sends; inline handlers in any text could never run.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(
    db_path: Path | str,
    admin_token: str | None = None,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD,
    index_dir: Path | str | None = None,
    store_threads: int | None = None,
    poll: bool = False,
    llm_url: str | None = None,
    host: str = "127.0.0.1",
) -> FastAPI:
    """The whole web service over the database at `db_path` (a SQLite file or PostgreSQL URL).

    Writes need `admin_token`; `index_dir` places a PostgreSQL store's search index;
    `store_threads` reads run at once (default $WXINTEL_STORE_THREADS, else one a core, ≤ 4);
    `poll` runs the feed poller on its schedule inside the server; `llm_url` lets /api/ask and
    MCP's ask write answers with that chat endpoint (default $WXINTEL_LLM_URL); `host` is where
    it listens (MCP refuses other Host headers on loopback).
    """
    from wxintel.mcp.http import mcp_routes

    threads = StoreThreads(db_path, index_dir=index_dir, threads=store_threads)
    llm_url = llm_url or settings.value("llm_url") or None
    mcp, mcp_sessions = mcp_routes(threads, llm_url, host, admin_token or None)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # off the request path: the first all-English search would wait ~1 s for the dictionary,
        # the first Chinese one ~0.3 s for its traditional forms; one pass reads both
        threading.Thread(
            target=cedict.read_together,
            args=(glosses, read_forms),
            name="wxintel-dictionary",
            daemon=True,
        ).start()
        poller = None
        if poll:
            from wxintel.web.polling import ServerPoller

            poller = app.state.poller = ServerPoller(threads)
            poller.start()
        async with mcp_sessions:
            yield
        if poller is not None:
            poller.stop()
        threads.close()

    app = FastAPI(
        title="wxintel",
        summary="Search, calls, entities and feeds over a WeChat official-account archive.",
        version=__version__,
        docs_url=None,  # FastAPI's Swagger page loads from a CDN; /docs is our own page
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store_threads = threads
    app.state.admin_token = admin_token or None
    app.state.llm_url = llm_url
    app.state.max_upload_bytes = max_upload_bytes
    app.state.cache = {}
    app.add_middleware(BodyLimit, max_bytes=max_upload_bytes + 64 * 1024)
    app.add_middleware(HeadAsGet)
    pid = str(os.getpid())
    # which of `serve --workers N` answered
    app.add_middleware(ResponseHeaders, defaults=SECURITY_HEADERS, fixed={"X-Wxintel-Pid": pid})
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> RedirectResponse:
        """Browsers ask for /favicon.ico whatever the page links; the icon is the local SVG."""
        return RedirectResponse("/static/favicon.svg", status_code=301)

    app.include_router(api.router)
    app.include_router(exports.router)
    app.include_router(eligibility.api)
    app.include_router(eligibility.pages)
    app.include_router(thread_routes.api)
    app.include_router(thread_routes.router)
    app.include_router(syndication.router)
    app.include_router(sources.router)
    app.include_router(desk.router)
    app.include_router(pages.router)
    app.include_router(uploads.router)
    app.router.routes.extend(mcp)  # /mcp: the MCP server over streamable HTTP
    _handle_errors(app)

    return app


def served_app() -> FastAPI:
    """The app of one `serve --workers N` process, made from the arguments the command put in
    SERVED_APP_ENV; the process exits with the server that started it, even after kill -9."""
    from wxintel.workers import watch_parent

    watch_parent(os.getppid())
    return create_app(**json.loads(os.environ[SERVED_APP_ENV]))


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api", "/feeds", "/openapi")) or path.endswith(".ics")


STATUS_ZH = {  # what a page says an error status means
    400: "请求有误",
    403: "没有权限",
    404: "找不到",
    405: "不支持这种请求",
    409: "有歧义",
    413: "文件太大",
    422: "参数无效",
    500: "服务器出错",
}
VALIDATION_ZH = {  # pydantic's error types, as a page explains them
    "int_parsing": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "missing": "必须填写",
    "string_too_long": "太长",
    "greater_than_equal": "太小",
    "greater_than": "太小",
    "less_than_equal": "太大",
    "less_than": "太大",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _validation_problem(error: dict) -> str:
    """One of pydantic's errors in a line: "field: why"; a body that is no JSON says where it
    breaks ("body is not JSON: Expecting value at character 0"), not "body.0: JSON decode
    error", whose 0 reads as a field."""
    loc = error.get("loc", ())
    if error.get("type") == "json_invalid" and len(loc) == 2:
        why = (error.get("ctx") or {}).get("error") or "JSON decode error"
        return f"body is not JSON: {why} at character {loc[1]}"
    return f"{'.'.join(str(p) for p in loc)}: {error.get('msg', '')}"


_ENGLISH_ASIDE = re.compile(r"\s*\((?:no|not) [^)]*\)$")  # "没有这篇文章 (no article 'x')"


def _page_message(message: str) -> tuple[str, str]:
    """(the message a page shows in Chinese, the English detail kept aside or ""): a page
    speaks one language, and an English-only message from a shared check is a detail."""
    if _CJK.search(message):
        return _ENGLISH_ASIDE.sub("", message), ""
    return "", message


def _handle_errors(app: FastAPI) -> None:
    """Errors as `{"error": message}` (English) for the API; as a page in Chinese for the site."""

    def respond(
        request: Request, status: int, message: str, extra: dict[str, Any], zh: str = ""
    ) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": message, **extra}, status_code=status)
        shown, detail = (zh, "") if zh else _page_message(message)
        return HTMLResponse(
            templates.get_template("error.html").render(
                request=request,
                status=status,
                title=STATUS_ZH.get(status, "出错了"),
                message=shown,
                detail=detail,
            ),
            status_code=status,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail
        if isinstance(detail, dict):
            message = str(detail.get("error", ""))
            extra = {k: v for k, v in detail.items() if k != "error"}
        else:
            message, extra = str(detail), {}
        response = respond(request, exc.status_code, message, extra, getattr(exc, "zh", ""))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        problems = [_validation_problem(e) for e in errors]
        zh = "；".join(
            f"参数 {e.get('loc', ('',))[-1]} {VALIDATION_ZH.get(e.get('type', ''), '无效')}"
            for e in errors
        )
        return respond(request, 422, "; ".join(problems) or "invalid request", {}, zh)
