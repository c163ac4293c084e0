"""Feed items keep their identity (guid, else link) across re-publication, into a real store.

The feeds are written at test time from real seed articles, as a WeChat-to-RSS bridge that
links to its own pages (not to mp.weixin.qq.com) would publish them.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from conftest import SEED

from wxintel.model import Article, Reject
from wxintel.pipeline import ingest
from wxintel.search import SearchQuery
from wxintel.sources import read_bytes
from wxintel.store import open_store

CORRECTION = "更正说明：联系电话以本文为准"


def rss(items: list[str], title: str = "上海经信委") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://bridge.example/</link>{''.join(items)}"
        "</channel></rss>"
    ).encode()


def item(record: dict, guid: str | None, link: str, content: str | None = None) -> str:
    body = "".join(f"<p>{p}</p>" for p in (content or record["finalContent"]).split("\r"))
    return (
        f"<item><title>{html.escape(record['标题title'])}</title><link>{link}</link>"
        + (f'<guid isPermaLink="false">{guid}</guid>' if guid else "")
        + f"<pubDate>Wed, 01 Oct 2025 08:00:00 +0800</pubDate>"
        f"<description>{html.escape(body)}</description></item>"
    )


@pytest.fixture(scope="module")
def seed() -> list[dict]:
    return json.loads(SEED.read_text(encoding="utf-8-sig"))


def _ingest(db: Path, feed: bytes, name: str) -> dict:
    path = db.with_name(name)
    path.write_bytes(feed)
    store = open_store(db)
    try:
        return ingest([path], store, workers=1).to_json()
    finally:
        store.close()


@pytest.mark.parametrize("identity", ["guid", "link"])
def test_a_corrected_item_updates_the_stored_article(
    identity: str, seed: list[dict], tmp_path: Path
) -> None:
    db = tmp_path / "wx.db"
    records = seed[:3]

    def items(corrected: bool) -> list[str]:
        out = []
        for n, record in enumerate(records):
            guid = f"bridge-{record['文章标识符aid']}" if identity == "guid" else None
            link = (
                f"https://bridge.example/p/{n}" if identity == "link" else "https://bridge.example/"
            )
            text = record["finalContent"] + ("\r" + CORRECTION if corrected and n == 1 else "")
            out.append(item(record, guid, link, text))
        return out

    first = _ingest(db, rss(items(corrected=False)), "feed.xml")
    assert (first["added"], first["rejected"]) == (3, 0)
    again = _ingest(db, rss(items(corrected=True)), "feed-corrected.xml")
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 1, 2)
    store = open_store(db)
    assert store.count() == 3 and store.stats()["duplicates"] == 0
    hits = store.search(SearchQuery(text=f'"{CORRECTION}"')).hits
    assert [h.title for h in hits] == [records[1]["标题title"]]
    store.close()


def test_items_are_identified_by_guid_else_link_with_the_feed_as_account(
    seed: list[dict],
) -> None:
    record = seed[0]
    by_guid, same_guid, by_link = read_bytes(
        rss(
            [
                item(record, "g-1", "https://bridge.example/a"),
                item(record, "g-1", "https://bridge.example/moved"),
                item(record, None, "https://bridge.example/a"),
            ],
            title="桥接号",
        ),
        "feed.xml",
    )
    assert by_guid.aid == same_guid.aid != by_link.aid
    assert by_guid.aid.startswith("feed-") and by_link.aid.startswith("feed-")
    assert {a.account for a in (by_guid, same_guid, by_link)} == {"桥接号"}


def test_an_item_with_neither_title_nor_body_is_rejected_naming_it(seed: list[dict]) -> None:
    empty = (
        "<item><title></title><link>https://bridge.example/empty</link>"
        "<guid>empty-1</guid><description></description></item>"
    )
    out = list(read_bytes(rss([item(seed[0], "g-1", "https://bridge.example/a"), empty]), "f.xml"))
    assert isinstance(out[0], Article)
    assert out[1] == Reject("f.xml#1", "empty item empty-1: no title and no content", out[1].record)
