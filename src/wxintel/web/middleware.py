"""ASGI middleware around the app: HEAD answered like GET, bounded request bodies, and the
headers every response carries."""

from __future__ import annotations

import json
from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]
MACHINE_PATHS = ("/api", "/mcp", "/feeds", "/openapi")  # answered in JSON, like app errors
TOO_LARGE_PAGE = (
    '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>413 · wxintel</title>'
    '<link rel="stylesheet" href="/static/site.css"><main><h1>出错了 (413)</h1>'
    '<p class="error">上传的内容超过了 {megabytes} MB 的上限，没有导入任何文件。'
    "请分批上传，或用命令行 <code>wxintel ingest</code> 导入大文件。</p>"
    '<p><a href="/upload">返回导入页</a></p></main></html>'
)


class HeadAsGet:
    """A HEAD request runs as GET; only the response start reaches the client.

    Link checkers, feed readers and `curl -I` use HEAD, and FastAPI routes declare GET only,
    so HEAD would get 405. Running the GET and dropping its body keeps the status and headers
    (Content-Type, Content-Length, ETag …) exactly those of the GET.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET"}, receive, without_body)


class BodyLimit:
    """Answers 413 when a body is, or turns out to be, larger than `max_bytes`.

    A declared Content-Length is checked before anything is read; a chunked body is counted
    as it arrives, and the application sees a disconnect once the limit is passed.
    """

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        page = not scope.get("path", "").startswith(MACHINE_PATHS)
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(send, page)
            return
        seen = 0
        answered = False

        async def counted_receive() -> Message:
            nonlocal seen, answered
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes and not answered:
                    answered = True
                    await self._too_large(send, page)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not answered:
                await send(message)

        await self.app(scope, counted_receive, guarded_send)

    async def _too_large(self, send: Any, page: bool) -> None:
        """JSON for the API; for a page's form (the upload form) a page saying so in Chinese."""
        if page:
            megabytes = self.max_bytes / (1024 * 1024)
            body = TOO_LARGE_PAGE.format(megabytes=f"{megabytes:.0f}").encode()
            media = b"text/html; charset=utf-8"
        else:
            body = json.dumps(
                {"error": f"request body larger than the limit of {self.max_bytes} bytes"}
            ).encode()
            media = b"application/json"
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", media),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class ResponseHeaders:
    """Every HTTP response carries `defaults` unless it set them itself, and `fixed` whatever
    it set. Plain ASGI, like the classes above: starlette's BaseHTTPMiddleware (what
    `@app.middleware("http")` makes) runs each request through an extra task and a body
    stream, a cost every search paid."""

    def __init__(self, app: Any, defaults: dict[str, str], fixed: dict[str, str]) -> None:
        self.app = app
        self.defaults = _raw(defaults)
        self.fixed = _raw(fixed)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                fixed = {name for name, _ in self.fixed}
                given = [(n, v) for n, v in message.get("headers", []) if n.lower() not in fixed]
                present = {name.lower() for name, _ in given}
                added = [(n, v) for n, v in self.defaults if n not in present]
                message = {**message, "headers": [*given, *added, *self.fixed]}
            await send(message)

        await self.app(scope, receive, with_headers)


def _raw(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
    ]
