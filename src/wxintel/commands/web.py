"""`wxintel serve`: the web UI, REST API, feeds and calendar over one database."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from wxintel.commands.common import (
    EXIT_ADDRESS,
    EXIT_DATABASE,
    EXIT_USAGE,
    DbOption,
    Session,
    console,
    err,
    refuse_bad_llm_url,
    store_or_exit,
)
from wxintel.settings import BY_NAME
from wxintel.store import default_db, is_server_url, redacted

TOKEN_ENV = BY_NAME["admin_token"].env


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    db: DbOption = "",
    host: Annotated[
        str, typer.Option("--host", help="Interface to bind (loopback by default)")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port")] = 8000,
    admin_token: Annotated[
        str | None,
        typer.Option(
            "--admin-token",
            envvar=TOKEN_ENV,
            help=f"Allow writes with this bearer token (or ${TOKEN_ENV})",
            show_default=False,
        ),
    ] = None,
    poll: Annotated[
        bool, typer.Option("--poll", help="Poll the subscribed sources on their schedules")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, help="Server processes sharing the database and the search index"
        ),
    ] = 1,
) -> None:
    """Serve search, articles, calls, entities, feeds and the REST API (read-only by default)."""
    import uvicorn

    from wxintel.web import create_app
    from wxintel.web.app import SERVED_APP_ENV

    target = db or default_db()
    if not is_server_url(target) and not Path(target).exists() and not admin_token:
        err.print(
            f"[red]error:[/red] no database at {target}. Ingest first"
            f" (wxintel ingest FILES --db {target}), or start with --admin-token"
            " to upload through POST /api/ingest."
        )
        raise typer.Exit(EXIT_DATABASE)
    if not 0 < port < 65536:
        err.print(f"[red]error:[/red] --port must be 1-65535, not {port}")
        raise typer.Exit(EXIT_USAGE)
    llm_url = BY_NAME["llm_url"].current()  # /api/ask and MCP's ask would fail with 500
    refuse_bad_llm_url(str(llm_url) if llm_url else None, BY_NAME["llm_url"].env)
    # Open it once now: a directory or a text file must stop the start, not fail every request.
    store_or_exit(target, create=True).close()
    arguments = {
        "db_path": target,
        "admin_token": admin_token,
        "index_dir": str(Session.index_dir) if Session.index_dir else None,
        "poll": poll,
        "host": host,
    }
    shown = f"[{host}]" if ":" in host else host
    console.print(
        f"wxintel serving {redacted(target)} at [bold]http://{shown}:{port}/[/bold]",
        highlight=False,
    )
    console.print(
        "writes " + ("enabled (admin token set)" if admin_token else "disabled (read-only)")
    )
    if poll:
        console.print("polling subscribed sources (wxintel sources list shows their health)")
    if workers > 1:
        console.print(f"{workers} server processes")
    try:
        if workers > 1:
            os.environ[SERVED_APP_ENV] = json.dumps(arguments)
            uvicorn.run(
                "wxintel.web.app:served_app",
                factory=True,
                workers=workers,
                host=host,
                port=port,
                log_level="warning",
            )
        else:
            uvicorn.run(create_app(**arguments), host=host, port=port, log_level="warning")
    except SystemExit as exc:  # uvicorn exits 3 when it cannot bind
        if exc.code in (None, 0):
            raise
        err.print(
            f"[red]error:[/red] cannot listen on {shown}:{port} (address in use or not allowed);"
            " choose another --port or --host",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_ADDRESS) from exc
