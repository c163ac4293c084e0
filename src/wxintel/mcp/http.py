"""The MCP server over streamable HTTP, as routes of the `wxintel serve` application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from wxintel.mcp.server import build_server
from wxintel.web.deps import admin_refusal
from wxintel.web.store_threads import StoreThreads

MCP_PATH = "/mcp"


def mcp_routes(
    threads: StoreThreads,
    llm_url: str | None = None,
    host: str = "127.0.0.1",
    admin_token: str | None = None,
) -> tuple[list[BaseRoute], AbstractAsyncContextManager[None]]:
    """The route serving MCP at /mcp, and the context its sessions need while the app runs.

    Stateless JSON responses: each request stands alone, so any store thread may serve it.
    On a loopback `host` the SDK also refuses other Host headers (DNS rebinding). Write tools
    need the REST API's admin token, sent the same way (Authorization: Bearer …).
    """

    def may_write(request: Request | None) -> str | None:
        authorization = request.headers.get("authorization", "") if request is not None else ""
        return admin_refusal(admin_token, authorization)

    server = build_server(threads, llm_url, may_write)
    app = server.streamable_http_app(
        streamable_http_path=MCP_PATH, stateless_http=True, json_response=True, host=host
    )

    @asynccontextmanager
    async def running() -> AsyncIterator[None]:
        async with server.session_manager.run():
            yield

    routes = [
        Route(MCP_PATH, PostsOnly(route.app)) for route in app.routes if route.path == MCP_PATH
    ]
    return routes, running()


class PostsOnly:
    """A stateless server has nothing to push: a GET, which asks for a stream of the server's
    own messages, is 405 with `Allow: POST` (the transport's answer for "no stream here")
    rather than a stream held open with nothing on it until the client gives up."""

    def __init__(self, endpoint: ASGIApp) -> None:
        self.endpoint = endpoint

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] != "POST":
            said = {"ok": False, "error": {"code": "method_not_allowed", "message": _POST_ONLY}}
            refusal = JSONResponse(said, status_code=405, headers={"Allow": "POST"})
            await refusal(scope, receive, send)
            return
        await self.endpoint(scope, receive, send)


_POST_ONLY = f"MCP at {MCP_PATH} takes POST (stateless streamable HTTP: no server stream)"
