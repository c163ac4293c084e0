"""The desk (home page) of someone who must act, and the visitor's mark of what they have seen.

The mark lives in a cookie, never in the store (reading changes nothing stored, and a
read-only server has a desk too): the archive generation and time of the previous visit,
and of the latest page view. A view more than VISIT_GAP after the latest one starts a new
visit, so "new since your last visit" stays put while you read and moves on when you return;
the 标为已读 button moves it at once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from wxintel import desk, reads
from wxintel.dates import day_of
from wxintel.store import SQLStore
from wxintel.web.deps import on_store
from wxintel.web.rendering import templates

router = APIRouter(include_in_schema=False)
COOKIE = "wxintel_desk"
VISIT_GAP = timedelta(minutes=30)  # views closer together than this are one visit
COOKIE_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie (RFC 6265bis)


def _read_cookie(value: str | None) -> tuple[desk.Mark | None, desk.Mark | None]:
    """(the previous visit's mark, the latest view's) from `gen.epoch.gen.epoch`; None for
    a part that is missing or unreadable (a first visit, a hand-edited cookie)."""
    parts = (value or "").split(".")
    marks: list[desk.Mark | None] = []
    for i in (0, 2):
        try:
            generation, seconds = int(parts[i]), int(parts[i + 1])
            at = datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")
        except (IndexError, ValueError, OverflowError, OSError):
            marks.append(None)
        else:
            marks.append(desk.Mark(generation, at) if generation >= 0 else None)
    return marks[0], marks[1]


def _cookie(mark: desk.Mark, latest: desk.Mark) -> str:
    def part(m: desk.Mark) -> str:
        return f"{m.generation}.{int(datetime.fromisoformat(m.at).timestamp())}"

    return f"{part(mark)}.{part(latest)}"


def visit(cookie: str | None, generation: int, now: datetime) -> tuple[desk.Mark | None, str]:
    """The mark to show what is new against (None: a first visit), and the cookie to set."""
    mark, latest = _read_cookie(cookie)
    here = desk.Mark(generation, now.isoformat(timespec="seconds"))
    if latest is None:
        return None, _cookie(here, here)
    if now - datetime.fromisoformat(latest.at) > VISIT_GAP:
        mark = latest  # a new visit: what the last one saw is the mark
    mark = mark or latest
    return mark, _cookie(mark, here)


def _set(response: Response, value: str) -> None:
    response.set_cookie(COOKIE, value, max_age=COOKIE_AGE, httponly=True, samesite="lax")


@router.get("/", response_class=HTMLResponse)
async def desk_page(request: Request) -> HTMLResponse:
    """Calls closing soon, what is new since the last visit, watchlist hits, threads that
    moved, source problems; the charts are on /overview."""
    now = datetime.now(UTC)

    def load(store: SQLStore) -> dict[str, Any]:
        mark, cookie = visit(request.cookies.get(COOKIE), store.generation(), now)
        calls = desk.closing_calls(store)
        fresh = desk.new_since(store, mark) if mark else None
        as_of = day_of(calls["as_of"])
        assert as_of is not None
        return {
            "mark": mark,
            "cookie": cookie,
            "generation": store.generation(),
            "calls": calls,
            "fresh": fresh,
            "latest": [] if fresh else reads.latest_articles(store, limit=desk.NEW_SHOWN),
            "watches": desk.watch_hits(store, fresh.keys if fresh else None),
            "threads": desk.moved_threads(store, as_of),
            "sources": desk.source_problems(store),
            "stats": store.stats(),
            "soon_days": desk.SOON_DAYS,
            "thread_days": desk.THREAD_DAYS,
        }

    data = await on_store(request, load)
    html = templates.get_template("desk.html").render(request=request, **data)
    response = HTMLResponse(html)
    _set(response, data["cookie"])
    return response


@router.post("/desk/seen")
async def mark_seen(request: Request) -> RedirectResponse:
    """标为已读: everything in the archive now counts as seen (only this browser's cookie
    changes, so no admin token is asked)."""
    generation = await on_store(request, lambda s: s.generation())
    here = desk.Mark(generation, datetime.now(UTC).isoformat(timespec="seconds"))
    response = RedirectResponse("/", status_code=303)
    _set(response, _cookie(here, here))
    return response
