"""Conditional GET for what feed readers and calendar apps fetch again and again.

A reader polls `/feeds/calls.atom` or subscribes to `/calendar.ics` and asks every few minutes;
each answer carries an ETag (a hash of the bytes), and a request whose If-None-Match names it
gets 304 with no body — what wxintel's own poller asks of the feeds it reads. `no-cache` tells
the reader to ask each time rather than trust a copy, so a new post shows at its next poll.
"""

from __future__ import annotations

import hashlib

from fastapi import Request
from fastapi.responses import Response


def conditional(
    request: Request, body: bytes, media_type: str, headers: dict[str, str] | None = None
) -> Response:
    """`body` as a response with its ETag, or 304 when the request already holds those bytes."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    cache = {"ETag": etag, "Cache-Control": "no-cache"}
    held = {
        tag.strip().removeprefix("W/")
        for tag in request.headers.get("if-none-match", "").split(",")
    }
    if etag in held or "*" in held:
        return Response(status_code=304, headers=cache)
    return Response(body, media_type=media_type, headers={**(headers or {}), **cache})
