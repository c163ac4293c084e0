"""The wxintel://accounts/{name} resource counts an account's posts by kind in one aggregate
query, on SQLite and PostgreSQL: the same figures as reading every post of the account."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import StoreTarget

from wxintel.mcp import tools


def test_an_account_is_counted_by_kind_as_its_posts_say(seed_target: StoreTarget):
    store = seed_target.open()
    try:
        posts = list(store.iter_articles(accounts=["上海经信委"]))
        summary = tools.account(store, "上海经信委")
        with pytest.raises(tools.ToolError, match="no account '上海经信'"):
            tools.account(store, "上海经信")
    finally:
        store.close()
    days = [p.published[:10] for p in posts if p.published]
    assert summary == {
        "account": "上海经信委",
        "articles": len(posts),
        "kinds": dict(
            sorted(Counter(p.kind for p in posts).items(), key=lambda kv: (-kv[1], kv[0]))
        ),
        "first": min(days),
        "last": max(days),
    }
    assert len(summary["kinds"]) > 1
