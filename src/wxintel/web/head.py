"""HEAD answered like GET, without the body: link checkers, feed readers and `curl -I` use it.

FastAPI routes declare GET only, so HEAD would get 405. Running the GET and dropping its body
keeps the status and headers (Content-Type, Content-Length, ETag …) exactly those of the GET.
"""

from __future__ import annotations

from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]


class HeadAsGet:
    """ASGI middleware: a HEAD request runs as GET; only the response start reaches the client."""

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
