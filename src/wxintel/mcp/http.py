"""The MCP server over streamable HTTP, as routes of the `wxintel serve` application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from starlette.requests import Request
from starlette.routing import BaseRoute

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

    return list(app.routes), running()
