"""Relative organisation names (区商务局, 市工信局) resolved within each account's own region,
learned from the names it writes in full; real posts of two accounts in different cities, on
SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MORE

from wxintel import link
from wxintel.link.places import account_places, resolved_name
from wxintel.nlp.regions import relative_level
from wxintel.pipeline import ingest

AID = "文章标识符aid"
CONTENT = "finalContent"


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("区商务局", "区"),
        ("市教委", "市"),  # one dictionary word, still 市 + 教委
        ("区委社会工作部", "区"),
        ("市政府办公厅", "市"),
        ("省工信厅", "省"),
        ("市场监管总局", ""),  # 市场 is the word
        ("市级政府", ""),
        ("县级以上地方人民政府", ""),
        ("市民服务中心", ""),
        ("天津市商务局", ""),
        ("市和区人民政府", ""),  # both levels, no one place
    ],
)
def test_relative_level(name, level):
    assert relative_level(name) == level


def test_a_district_account_has_a_place_a_municipal_one_has_none_at_district_level():
    district = [
        *[["河北区商务局", "天津市商务局"]] * 3,
        ["天津市人民政府"],
        [f"{d}统计局" for d in ("和平区", "河东区", "河西区", "南开区", "红桥区", "东丽区")],
    ]  # one post listing six districts' bureaus is one vote, split six ways
    assert account_places(district) == {"区": "河北区", "市": "天津市"}
    municipal = [["浦东新区商务委"]] * 5 + [["徐汇区人民政府"]] * 3 + [["上海市财政局"]] * 4
    assert account_places(municipal) == {"市": "上海市"}
    assert resolved_name("区商务局", {"区": "河北区"}) == "河北区商务局"
    assert resolved_name("区商务局", {"市": "上海市"}) == "区商务局"
    # a Shanghai alias read in another city's account is that city's body
    assert resolved_name("市经信委", {"市": "上海市"}) == "上海市经济和信息化委员会"
    assert resolved_name("市经信委", {"市": "西安市"}) == "西安市经信委"


def posts_naming(account: str, words: tuple[str, ...]) -> list[dict]:
    data = json.loads((MORE / f"{account}.json").read_text(encoding="utf-8-sig"))
    return [r for r in data if any(w in (r.get(CONTENT) or "") for w in words)]


def org_names(store, account: str) -> dict[str, int]:
    rows = store.conn.execute(
        "SELECT e.name, COUNT(*) FROM mentions m JOIN entities e ON e.id = m.entity"
        " JOIN articles a ON a.id = m.article WHERE a.account = ? AND e.kind = 'org'"
        " GROUP BY e.name",
        (account,),
    ).fetchall()
    return {name: count for name, count in rows}


def test_each_accounts_bureau_is_its_own(store_factory, tmp_path: Path):
    records = [  # all of 津北商务 (one post lists every district's 统计局), part of 未央工信
        *posts_naming("津北商务", ("",)),
        *posts_naming("未央工信", ("区工信局", "市工信局")),
    ]
    path = tmp_path / "two-cities.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    store = store_factory().open()
    try:
        ingest([path], store, workers=1)
        tianjin, xian = org_names(store, "津北商务"), org_names(store, "未央工信")
        assert tianjin.get("河北区商务局", 0) > 10 and "区商务局" not in tianjin
        assert tianjin.get("天津市商务局", 0) > 10 and "市商务局" not in tianjin
        assert xian.get("未央区工信局", 0) > 10 and "区工信局" not in xian
        assert xian.get("西安市工信局", 0) > 3 and "市工信局" not in xian
        before = {**tianjin}
        link.relink(store)
        assert org_names(store, "津北商务") == before  # learned again, the same
    finally:
        store.close()


def _resolved(store) -> dict[tuple[str, int], str]:
    rows = store.conn.execute(
        "SELECT a.key, m.seq, e.name FROM mentions m JOIN entities e ON e.id = m.entity"
        " JOIN articles a ON a.id = m.article WHERE e.kind = 'org'"
    )
    return {(key, seq): name for key, seq, name in rows}


def test_places_counted_batch_by_batch_resolve_as_one_count(store_factory, tmp_path: Path):
    """Each batch adds its posts' votes to what is kept; where a batch changes an account's
    places, its earlier relative names move too: the end is what one count of all gives."""
    records = [
        *posts_naming("津北商务", ("",)),
        *posts_naming("未央工信", ("区工信局", "市工信局")),
    ]
    path = tmp_path / "two-cities.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    whole, batched = store_factory().open(), store_factory().open()
    try:
        ingest([path], whole, workers=1)
        ingest([path], batched, workers=1, batch_size=7)
        placed = batched.conn.execute("SELECT COUNT(DISTINCT account) FROM account_places")
        assert placed.fetchone()[0] == 2
        assert _resolved(batched) == _resolved(whole)
        link.relink(batched)
        assert _resolved(batched) == _resolved(whole)
    finally:
        whole.close()
        batched.close()
