"""Relative organisation names (区商务局, 市工信局) resolved within each account's own region,
learned from the names it writes in full; real posts of two accounts in different cities, on
SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from conftest import MORE

from wxintel import link
from wxintel.extract.entities import extract_mentions
from wxintel.link.places import _record_votes, qualify_relative_orgs, resolved_name
from wxintel.nlp.regions import district_places, read_places, regions, relative_level
from wxintel.pipeline import ingest
from wxintel.store import open_store

AID = "文章标识符aid"
CONTENT = "finalContent"
_STORES = tempfile.TemporaryDirectory(prefix="wxintel-places-")
_NUMBERS = itertools.count()


def account_places(posts: Iterable[Iterable[str]]) -> dict[str, str]:
    """The places the link stage learns for a made-up account whose posts write these
    organisation names in full: each post stored in a real SQLite archive with a mention per
    name, then counted as ingest counts a batch (link.places.qualify_relative_orgs: the votes
    recorded, counted, and recorded again with the places learned when a name two places
    share needs them), read back from the account_places table."""
    store = open_store(Path(_STORES.name) / f"wx-{next(_NUMBERS)}.db")
    try:
        with store.transaction() as conn:
            entities: dict[str, int] = {}
            ids = []
            for n, names in enumerate(posts):
                (row_id,) = conn.execute(
                    "INSERT INTO articles(key, aid, account, title, raw_content, raw_hash,"
                    " content) VALUES (?, ?, '某号', '', '', '', '') RETURNING id",
                    (f"k{n}", f"{n}_1"),
                ).fetchone()
                ids.append(row_id)
                for seq, name in enumerate(names):
                    if name not in entities:
                        (entities[name],) = conn.execute(
                            "INSERT INTO entities(kind, name) VALUES ('org', ?) RETURNING id",
                            (name,),
                        ).fetchone()
                    conn.execute(
                        "INSERT INTO mentions(article, seq, entity, surface, span_start,"
                        " span_end) VALUES (?, ?, ?, ?, 0, ?)",
                        (row_id, seq, entities[name], name, len(name)),
                    )
            qualify_relative_orgs(conn, dict.fromkeys(ids, "某号"))
            rows = conn.execute("SELECT level, place FROM account_places").fetchall()
        return {level: place for level, place in rows}
    finally:
        store.close()


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
        # one dictionary word holding a word that starts with the level character: a firm's
        # 市场部 (市场 + 部), not 市 + 场部; the real posts' 区域性医疗中心 and 省部级重点实验室
        ("市场部", ""),
        ("区域性医疗中心", ""),
        ("省部级重点实验室", ""),
        ("市区政府", ""),
        ("县委组织部", "县"),
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


def test_a_district_account_of_a_city_we_never_saw_learns_its_place():
    """Made-up names of a 苏州 district account and a 江阴 (county-level city) account."""
    wuzhong = [["吴中区商务局", "苏州市人民政府"]] * 3 + [["苏州工业园区管委会"]]
    assert account_places(wuzhong) == {"区": "吴中区", "市": "苏州市", "省": "江苏省"}
    assert resolved_name("区商务局", account_places(wuzhong)) == "吴中区商务局"
    jiangyin = [["江阴市工业和信息化局"], ["江阴市人民政府", "无锡市商务局"], ["江阴市科技局"]]
    assert account_places(jiangyin)["市"] == "江阴市"  # its own 市, not the prefecture's
    # a city and its district written one after the other: the district heads the name
    assert account_places([["深圳市南山区科技创新局"]] * 2)["区"] == "南山区"


def test_a_name_two_cities_share_is_placed_only_where_the_account_or_text_says_which():
    table = regions()
    assert set(table.ambiguous["鼓楼区"]) == {
        "南京市鼓楼区",
        "徐州市鼓楼区",
        "福州市鼓楼区",
        "开封市鼓楼区",
    }
    assert table.find("鼓楼区商务局") == []  # no city around it: left unresolved
    assert table.find("南京市玄武区、鼓楼区")[-1][2] == "南京市鼓楼区"
    assert table.find("徐州市云龙区、鼓楼区")[-1][2] == "徐州市鼓楼区"
    assert [p for _, _, p in table.find("江苏省鼓楼区")] == ["江苏省"]  # both in 江苏省: a tie
    assert table.find("鼓楼区商务局", ["徐州市"])[0][2] == "徐州市鼓楼区"
    assert table.find("福州市人民政府、鼓楼区")[-1][2] == "福州市鼓楼区"
    nanjing = [["南京市人民政府"], ["南京市商务局"], ["鼓楼区商务局"], ["鼓楼区人民政府"]] * 2
    assert account_places(nanjing) == {"市": "南京市", "区": "南京市鼓楼区", "省": "江苏省"}
    assert resolved_name("区商务局", account_places(nanjing)) == "南京市鼓楼区商务局"
    alone = [["鼓楼区商务局"], ["鼓楼区人民政府"]] * 3  # no city named anywhere
    assert "区" not in account_places(alone)


def test_every_prefecture_level_city_is_known_with_its_province():
    """Made-up names of accounts in cities the seven accounts never name."""
    table = regions()
    assert table.chain("绍兴市") == ["绍兴市", "浙江省", "中国"]
    assert table.chain("延边州") == ["延边朝鲜族自治州", "吉林省", "中国"]
    shaoxing = [["绍兴市商务局"], ["绍兴市人民政府", "浙江省商务厅"], ["绍兴市科技局"]]
    assert account_places(shaoxing) == {"市": "绍兴市", "省": "浙江省"}
    assert resolved_name("市商务局", account_places(shaoxing)) == "绍兴市商务局"


def test_an_account_keeps_only_places_that_hold_its_own():
    """A Shanghai district account reporting on 安徽 bodies: Shanghai lies in no 省, so 安徽省
    would win that level unopposed; it does not hold 闵行区, so it is not the account's."""
    minhang = [["闵行区发展和改革委员会"], ["上海市人民政府"]] * 3
    minhang += [["淮南市人民政府"], ["淮南市发展和改革委员会"]]
    assert account_places(minhang) == {"区": "闵行区", "市": "上海市"}
    # a municipal account naming a zone now and then is no zone account
    municipal = [["上海市人民政府"]] * 6 + [["张江科学城建设管理办公室"], ["徐汇区人民政府"]] * 2
    assert account_places(municipal) == {"市": "上海市"}
    assert resolved_name("省发展改革委", account_places(minhang)) == "省发展改革委"


def test_a_zone_account_resolves_its_own_bodies_relative_names():
    """Made-up names of a 苏州工业园区 and a 江北新区 account: 园区经发委 and 新区科技局 leave
    the zone out as 区商务局 leaves out the district."""
    assert relative_level("园区经发委") == "园区"
    assert relative_level("经开区管委会") == "经开区"
    assert relative_level("园区以原天津色织厂") == ""  # a clause, not a body
    sip = [["苏州工业园区管理委员会"], ["苏州工业园区经济发展委员会", "苏州市人民政府"]] * 2
    places = account_places(sip)
    assert places == {"园区": "苏州工业园区", "市": "苏州市", "省": "江苏省"}
    assert resolved_name("园区经发委", places) == "苏州工业园区经发委"
    assert resolved_name("市商务局", places) == "苏州市商务局"
    jiangbei = [["南京江北新区管理委员会"], ["南京江北新区科技创新局"], ["南京市人民政府"]]
    assert resolved_name("新区科技局", account_places(jiangbei)) == "南京江北新区科技局"
    # a district named like a zone serves that word too
    pudong = [["浦东新区人民政府"], ["上海市浦东新区科技和经济委员会"]] * 2
    assert resolved_name("新区科经委", account_places(pudong)) == "浦东新区科经委"
    # a district account keeps only the zones inside its district
    minhang = [["闵行区发展和改革委员会"]] * 5 + [["上海市人民政府"], ["临港新片区管委会"]] * 2
    assert account_places(minhang) == {"区": "闵行区", "市": "上海市"}
    # a municipal account naming a zone now and then is no zone account
    municipal = [["上海市人民政府"]] * 6 + [["张江科学城建设管理办公室"], ["徐汇区人民政府"]] * 2
    assert account_places(municipal) == {"市": "上海市"}


def test_a_district_another_city_shares_is_no_longer_the_first_citys_by_default():
    table = regions()
    assert table.find("朝阳区商务局") == []  # 北京's or 长春's: unresolved
    assert table.find("长春市人民政府、朝阳区")[-1][2] == "长春市朝阳区"
    assert table.find("北京市朝阳区")[-1][2] == "朝阳区"  # the first listed keeps its name
    assert table.find("朝阳区商务局", ["天津市"]) == []  # context naming neither decides nothing
    assert table.find("和平区商务局", ["天津市"])[0][2] == "和平区"
    assert table.find("和平区商务局", ["沈阳市"])[0][2] == "沈阳市和平区"


def test_a_posts_districts_place_a_shared_name_by_the_posts_other_places():
    def named(text: str) -> list[str]:
        return [name for _, _, name in district_places(text)]

    assert named("北京城市副中心位于通州区") == ["北京市通州区"]
    assert named("南通市通州区、海门区") == ["南通市通州区", "海门区"]
    assert named("通州区召开会议") == []  # which 通州区: unresolved, not Beijing's by default
    assert named("宝山区召开会议") == []  # 上海's or 双鸭山's; nor is its 宝山 a short form here
    assert named("上海市宝山区、闵行区") == ["宝山区", "闵行区"]
    assert named("宝山和闵行") == ["宝山区", "闵行区"]  # a short form only one place has
    assert named("红军在江西永丰县") == ["永丰县"]  # 吉安's county; 丰县 is read only after 徐州市
    assert named("徐州市丰县、沛县") == ["徐州市丰县"]


def test_a_county_of_the_national_list_is_found_only_as_a_word(post):
    """counties.txt (built from 民政部's county codes) names every county: 海城市 and 津市市 are
    counties, but not where the text's words are 上海|城市 or 天津市|市场, nor 滨江区 of 滨江区域;
    a name any town's part could bear (老城区) is read only after its city."""

    def named(text: str) -> list[str]:
        return [name for _, _, name in district_places(text)]

    assert named("辽宁省海城市人民政府、湖南省津市市") == ["海城市", "津市市"]
    assert named("辽宁海城市委书记到会") == ["海城市"]  # its 市 opens 市委书记
    assert named("在上海城市更新中，天津市市场监管委") == []
    assert named("推进老城区改造") == [] and named("洛阳市老城区") == ["洛阳市老城区"]
    assert regions().chain("景泰县") == ["景泰县", "白银市", "甘肃省", "中国"]
    aid = "2652062632_1"  # 天津西青's post on its partner county in 甘肃
    assert "景泰县" in {m.name for m in mentions_of(post("天津西青", aid)) if m.kind == "district"}


def test_the_gazetteer_refuses_a_name_written_as_two_places():
    with pytest.raises(ValueError, match=r"place 2 .*鼓楼区 is named twice"):
        read_places(["鼓楼区 | 南京市 | district |", "鼓楼区 | 徐州市 | district |"])


def mentions_of(article):
    return extract_mentions(article, [])


def posts_naming(account: str, words: tuple[str, ...]) -> list[dict]:
    data = json.loads((MORE / f"{account}.json").read_text(encoding="utf-8-sig"))
    return [r for r in data if any(w in (r.get(CONTENT) or "") for w in words)]


def entity_names(store, account: str, kind: str) -> dict[str, int]:
    """How often the account's posts mention each entity of that kind, by its stored name."""
    rows = store.conn.execute(
        "SELECT e.name, COUNT(*) FROM mentions m JOIN entities e ON e.id = m.entity"
        " JOIN articles a ON a.id = m.article WHERE a.account = ? AND e.kind = ?"
        " GROUP BY e.name",
        (account, kind),
    ).fetchall()
    return {name: count for name, count in rows}


def org_names(store, account: str) -> dict[str, int]:
    return entity_names(store, account, "org")


def district_names(store, account: str) -> dict[str, int]:
    return entity_names(store, account, "district")


def two_cities() -> list[dict]:
    """All of 津北商务 (one post lists every district's 统计局) and part of 未央工信."""
    return [
        *posts_naming("津北商务", ("",)),
        *posts_naming("未央工信", ("区工信局", "市工信局")),
    ]


def made_up_posts(account: str, biz: str, first_mid: int, lines: list[str]) -> list[dict]:
    """One made-up post of the account per line, a day apart from 2025-09-01."""
    return [
        {
            AID: f"{first_mid + n}_1",
            "标题title": f"工作动态{n}",
            "链接url": f"http://mp.weixin.qq.com/s?__biz={biz}&mid={first_mid + n}&idx=1",
            "时间time": f"2025-09-0{n + 1}",
            "公众号名称": account,
            CONTENT: line,
        }
        for n, line in enumerate(lines)
    ]


def write_export(tmp_path: Path, name: str, records: list[dict]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def test_each_accounts_bureau_is_its_own(store_factory, tmp_path: Path):
    path = write_export(tmp_path, "two-cities.json", two_cities())
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
    path = write_export(tmp_path, "two-cities.json", two_cities())
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


def test_a_made_up_nanjing_district_account_places_its_shared_name_in_the_store(
    store_factory, tmp_path: Path
):
    """鼓楼区 is a district of 南京 and of 徐州: the account's 南京市 names decide, batch by
    batch as in one count."""
    lines = [
        "南京市人民政府办公厅印发通知，鼓楼区商务局负责组织。",
        "鼓楼区人民政府召开会议，南京市商务局出席。",
        "鼓楼区商务局发布通知，请各企业向区商务局报送材料。",
        "南京市工业和信息化局与鼓楼区科学技术局联合举办活动，区科学技术局承办。",
    ]
    path = write_export(
        tmp_path, "gulou.json", made_up_posts("鼓楼某局", "TEST", 100000, lines * 2)
    )
    whole, batched = store_factory().open(), store_factory().open()
    try:
        ingest([path], whole, workers=1)
        ingest([path], batched, workers=1, batch_size=2)
        names = org_names(whole, "鼓楼某局")
        assert names.get("南京市鼓楼区商务局", 0) >= 2 and "区商务局" not in names
        assert "徐州市鼓楼区商务局" not in names
        assert _resolved(batched) == _resolved(whole)
    finally:
        whole.close()
        batched.close()


def _votes(store) -> list[tuple]:
    return sorted(
        tuple(row)
        for row in store.conn.execute(
            "SELECT article, account, level, place, among FROM place_votes"
        )
    )


def test_votes_kept_batch_by_batch_are_what_every_post_recorded_again_gives(
    store_factory, tmp_path: Path
):
    """When a batch changes an account's places, only the posts whose votes read them (a name
    two cities share heading an organisation name) are recorded again: every kept vote is
    still what recording each post again, with the account's places as they stand, gives."""
    lines = [
        "鼓楼区商务局发布通知，请各企业报送材料。",
        "鼓楼区人民政府召开会议。",
        "南京市人民政府办公厅印发通知，鼓楼区商务局负责组织。",
        "南京市商务局与南京市工业和信息化局联合举办活动。",
        "南京市科学技术局发布通知。",
    ]
    path = write_export(tmp_path, "gulou.json", made_up_posts("鼓楼某局", "TEST", 100000, lines))
    store = store_factory().open()
    try:
        ingest([path], store, workers=1, batch_size=2)
        kept = _votes(store)
        assert any(place == "南京市鼓楼区" for _, _, _, place, _ in kept)
        with store.transaction() as conn:
            ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
            _record_votes(conn, dict.fromkeys(ids, "鼓楼某局"))
        assert _votes(store) == kept
    finally:
        store.close()


def two_hepings(tmp_path: Path) -> Path:
    """Real 河西政务服务 posts (天津's 和平区) and a made-up 沈阳 account, each with a post
    naming 和平区 and no other place."""
    tianjin = posts_naming("河西政务服务", ("河西区人民政府", "天津市", "和平区政务服务办"))
    line = "和平区政务服务办一行到我局交流学访。"
    shenyang_lines = ["沈阳市人民政府召开会议，沈阳市商务局出席。", "沈阳市和平区商务局发布通知。"]
    shenyang = made_up_posts("沈阳某局", "SY", 200000, [*shenyang_lines * 2, line])
    return write_export(tmp_path, "two-heping.json", [*tianjin, *shenyang])


def test_a_shared_district_name_a_post_leaves_open_is_placed_by_its_account(
    store_factory, tmp_path: Path
):
    """和平区 is a district of 天津 and of 沈阳: a post naming no other place ("和平区政务服务办
    一行到我办交流") is placed by the account's learned city; a real 河西政务服务 post and a
    made-up 沈阳 account with the same line, batch by batch as in one count."""
    path = two_hepings(tmp_path)
    whole, batched = store_factory().open(), store_factory().open()
    try:
        ingest([path], whole, workers=1)
        ingest([path], batched, workers=1, batch_size=3)
        assert district_names(whole, "河西政务服务").get("和平区", 0) >= 3  # 天津's
        assert "沈阳市和平区" not in district_names(whole, "河西政务服务")
        assert district_names(whole, "沈阳某局").get("沈阳市和平区", 0) >= 2
        assert "和平区" not in district_names(whole, "沈阳某局")
        for account in ("河西政务服务", "沈阳某局"):
            assert district_names(batched, account) == district_names(whole, account)
        before = district_names(whole, "沈阳某局")
        link.relink(whole)
        assert district_names(whole, "沈阳某局") == before
    finally:
        whole.close()
        batched.close()


def test_place_votes_derived_on_upgrade_are_those_ingest_counted(store_factory, tmp_path: Path):
    """An archive from before place votes were kept (schema 10) has them derived once at its
    next ingest, every account's posts counted at once, twice for an account that names a
    district two cities share (the second count reads it with the places the first learned):
    the votes, places and mentions are those the batch-by-batch count of ingest left, and it
    says no name moved (it counted the districts it placed as before as placed anew)."""
    path = two_hepings(tmp_path)
    store = store_factory().open()
    tables = {
        "votes": "SELECT a.key, v.level, v.place, v.among FROM place_votes v"
        " JOIN articles a ON a.id = v.article",
        "places": "SELECT account, level, place FROM account_places",
        "mentions": "SELECT a.key, m.seq, e.kind, e.name, m.attrs FROM mentions m"
        " JOIN articles a ON a.id = m.article JOIN entities e ON e.id = m.entity",
    }
    try:
        ingest([path], store, workers=1, batch_size=50)
        counted = {name: sorted(map(tuple, store.conn.execute(q))) for name, q in tables.items()}
        assert len(counted["places"]) >= 4  # each city's 区 and 市 at least
        placed = [m for m in counted["mentions"] if m[-1] == '{"placed_by": "account"}']
        assert len(placed) >= 2  # 和平区 placed by each account
        with store.transaction() as conn:
            conn.execute("DELETE FROM place_votes")
            conn.execute("INSERT INTO meta(key, value) VALUES (?, '1')", (link.VOTES_MISSING,))
        said = link.derive_missing(store)
        assert said == ["counted the place votes of the stored posts (0 names moved)"]
        derived = {name: sorted(map(tuple, store.conn.execute(q))) for name, q in tables.items()}
        assert derived == counted
        assert link.relink(store)["places_resolved"] == 0  # learned again, nothing moves
    finally:
        store.close()
