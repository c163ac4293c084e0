"""A real HTTP server on loopback that plays a WeChat-to-RSS collector for the poller tests.

Each path answers as configured: a body with ETag (then 304 to a matching If-None-Match),
gzip when asked for, an error status, or a slow answer. Every request and every webhook POST
is recorded, so a test can check what the poller sent.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str = ""
    delay: float = 0.0
    gzip: bool = False
    location: str = ""  # a redirect's target (with a 3xx status)


@dataclass
class Hit:
    path: str
    headers: dict[str, str]


@dataclass
class FeedServer:
    routes: dict[str, Route] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    posted: list[tuple[str, dict]] = field(default_factory=list)  # (path, body) of each POST
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits_of(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]


def start(server_state: FeedServer) -> ThreadingHTTPServer:
    """Serve `server_state` on a free loopback port in a daemon thread; returns the server."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            server_state.hits.append(
                Hit(self.path, {k.lower(): v for k, v in self.headers.items()})
            )
            route = server_state.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            body = route.body
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.location:
                self.send_header("Location", route.location)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body)
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)  # unless the poller gave up on a slow answer

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length) or b"{}")
            server_state.posts.append(body)
            server_state.posted.append((self.path, body))
            route = server_state.routes.get(self.path)  # a webhook that refuses: its status
            self.send_response(route.status if route else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server_state.port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def rss(items: list[str], title: str, encoding: str = "UTF-8") -> bytes:
    """An RSS 2.0 channel as the collectors write it, encoded as declared."""
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{html.escape(title)}</title><link>https://bridge.example/</link>"
        f"{''.join(items)}</channel></rss>"
    )
    return text.encode(encoding)


def full_item(record: dict) -> str:
    """An item with the whole article in content:encoded (we-mp-rss, wewe-rss full text)."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in record["finalContent"].split("\r") if p)
    return (
        f"<item><title>{html.escape(record['标题title'])}</title>"
        f"<link>{html.escape(record['链接url'])}</link>"
        f"<guid>{record['文章标识符aid']}</guid>"
        f"<pubDate>{rfc822(record['时间time'])}</pubDate>"
        f"<description>{html.escape(record['finalContent'][:60])}</description>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
    )


def summary_item(title: str, link: str, guid: str, day: str = "2025/11/07") -> str:
    """An item with only a short summary and a link to the article page (RSSHub style)."""
    return (
        f"<item><title>{html.escape(title)}</title><link>{html.escape(link)}</link>"
        f'<guid isPermaLink="false">{guid}</guid><pubDate>{rfc822(day)}</pubDate>'
        "<description>摘要：点击阅读全文</description></item>"
    )


def seed_day(day: str) -> date:
    """A seed date as the export writes it (2025/10/9, 2025-10-15)."""
    year, month, dom = (int(part) for part in day.replace("/", "-")[:10].split("-"))
    return date(year, month, dom)


def rfc822(day: str) -> str:
    """A seed date as an RSS pubDate at 08:00 Shanghai time."""
    return seed_day(day).strftime("%a, %d %b %Y 08:00:00 +0800")
