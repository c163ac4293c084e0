"""HEAD is answered like GET without a body, on every GET route, over real HTTP (uvicorn)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.routing import APIRoute
from helpers import copy_seed_db, serve

from wxintel.store import open_store
from wxintel.watch import WatchFilters, add_watchlist
from wxintel.web import api, create_app, desk, pages, syndication
from wxintel.web.app import SECURITY_HEADERS

# Headers that must not differ between HEAD and GET of the same resource.
SAME = ("content-type", "content-length", "content-security-policy", "x-content-type-options")


WATCHLIST = "申报"


@pytest.fixture(scope="module")
def watched_db(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed with one watchlist, so a watchlist's own feed has something to name."""
    path = copy_seed_db(seed_db, tmp_path_factory.mktemp("head"))
    store = open_store(path)
    try:
        add_watchlist(store, WATCHLIST, "申报", WatchFilters(), "")
    finally:
        store.close()
    return path


@pytest.fixture(scope="module")
def base(watched_db: Path) -> Iterator[str]:
    with serve(create_app(watched_db)) as url:
        yield url


def every_get_path(db: Path) -> list[str]:
    """Each GET route of the app, its path parameters filled with things in the archive."""
    store = open_store(db)
    try:
        call = store.calls(status="all")[0]["key"]
        values = {
            "ref": call,
            "key": call,
            "entity_id": str(store.entities(top=1)[0]["id"]),
            "name": WATCHLIST,
        }
    finally:
        store.close()
    paths = []
    routers = (api.router, desk.router, pages.router, syndication.router)
    routes = [r for router in routers for r in router.routes]
    for route in routes:
        if isinstance(route, APIRoute) and "GET" in route.methods:
            path = route.path_format
            for name, value in values.items():
                path = path.replace("{" + name + "}", value)
            assert "{" not in path, f"no test value for {route.path}"
            paths.append(path)
    return paths


def test_head_answers_like_get_on_every_get_route(base: str, watched_db: Path):
    paths = every_get_path(watched_db)
    assert {"/api/search", "/calendar.ics", "/search", "/", "/feeds/calls.atom"} <= set(paths)
    with httpx.Client(base_url=base, timeout=60) as client:
        for path in paths:
            asks = "search" in path or "articles.atom" in path or path == "/api/ask"
            params = {"q": "智能工厂"} if asks else {}
            client.cookies.clear()  # the desk remembers a visit: ask both as the same visitor
            got = client.get(path, params=params)
            client.cookies.clear()
            head = client.head(path, params=params)
            assert head.status_code == got.status_code == 200, path
            assert head.content == b"", path
            for name in SAME:
                assert head.headers.get(name) == got.headers.get(name), (path, name)


def test_head_keeps_errors_and_refuses_what_get_refuses(base: str):
    with httpx.Client(base_url=base, timeout=60) as client:
        missing = client.head("/api/articles/no-such-article")
        assert missing.status_code == 404 and missing.content == b""
        assert missing.headers["content-type"] == "application/json"
        bad = client.head("/api/search", params={"q": "x", "from": "2025-13-01"})
        assert bad.status_code == 422
        post_only = client.head("/api/ingest")
        assert post_only.status_code == 405 and post_only.headers["allow"] == "POST"


def test_every_response_carries_the_security_headers_once_and_its_process(base: str):
    """Pages, JSON, static files, errors and HEAD alike (the headers middleware is the
    outermost, so a refusal the body limit or a route makes carries them too)."""
    asked = [
        ("GET", "/api/search", {"q": "智能工厂"}, 200),
        ("GET", "/search", {"q": "智能工厂"}, 200),
        ("GET", "/static/site.css", {}, 200),
        ("GET", "/api/articles/no-such-article", {}, 404),
        ("GET", "/api/search", {"q": "x", "from": "2025-13-01"}, 422),
        ("HEAD", "/search", {"q": "智能工厂"}, 200),
    ]
    with httpx.Client(base_url=base, timeout=60) as client:
        pids = set()
        for method, path, params, status in asked:
            got = client.request(method, path, params=params)
            assert got.status_code == status, path
            for name, value in SECURITY_HEADERS.items():
                assert got.headers.get_list(name) == [value], (path, name)
            pids.update(got.headers.get_list("x-wxintel-pid"))
        assert len(pids) == 1 and pids.pop().isdigit()
