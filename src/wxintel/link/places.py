"""Relative organisation names resolved within each account's own region.

A district account writes "区商务局" and a city account "市商务局", leaving out the place its
readers know: Tianjin's 河北区商务局 and a Shanghai district's 商务局 would be one entity. The
place is learned per account from the names it does write in full ("河北区商务局", "天津市人民
政府": places at the head of its organisation names, from data/places.txt), so an unseen
account resolves too; a level with no clear place (a municipal account names every district)
stays as written. The pass runs with the link stage after each stored batch: each post's votes
are kept (place_votes), so a batch adds its own and the account's places are counted again in
one query; a batch that changes the account's places re-points its earlier mentions too. The
same places settle a district name two cities share (和平区 of 天津 and 沈阳) that a post's own
text leaves open.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from wxintel.extract.entities import org_canonical
from wxintel.nlp.regions import (
    HOME_LEAD,
    LEVEL_CHARS,
    ZONE_HEADS,
    regions,
    relative_level,
    zone_heads,
)
from wxintel.store.sql import marks, returned_id

# A place must head the account's full names in this many posts, and this share of the names
# at its level, to be its place: a district account names its own district in most of them, a
# municipal one (上海经信委: 浦东新区 in 42%) many districts.
MIN_PLACE_POSTS = 2
PLACE_SHARE = Fraction(2, 3)
# The characters a relative name keeps of each level of data/places.txt (a county-level city,
# 江阴市, is a district-level place a 市商务局 of its own account means).
_LEVEL_CHAR = {"province": "省", "city": "市", "district": "区县市"}
PAGE = 500  # posts per query
# Every level a relative name can leave out: the level characters, then the zone words.
_LEVELS = (*LEVEL_CHARS, *ZONE_HEADS)
_FIRST_CHARS = tuple(sorted({level[0] for level in _LEVELS}))


def post_places(names: Iterable[str], context: Iterable[str] = ()) -> dict[str, set[str]]:
    """{level character: places} heading the organisation names one post writes in full (and
    the regions holding them): what the post votes for, one vote a level split among them. A
    name two cities share (鼓楼区商务局) counts where the post's other names, else `context`
    (the account's learned places), say which city."""
    table = regions()
    names = list(names)
    heads = [_head_place(table.find(name)) for name in names]
    around = [*(head for head in heads if head), *context]
    named: dict[str, set[str]] = {}
    for name, head in zip(names, heads, strict=True):
        head = head or _head_place(table.find(name, around))
        for level, place in _heads(head).items() if head else ():
            named.setdefault(level, set()).add(place)
    return named


def _head_place(found: list[tuple[int, int, str]]) -> str | None:
    """The innermost of the places a name starts with, written one after another (南京市玄武区
    商务局: 玄武区)."""
    head = None
    end = 0
    for start, stop, place in found:
        if start != end:
            break
        head, end = place, stop
    return head


def _heads(place: str) -> dict[str, str]:
    """{level character: place} a relative name of each level means under `place`: the
    innermost region of its chain ending in that character. A county-level city (江阴市) is its
    own 市, not the prefecture holding it; a zone or 广西壮族自治区 is no 区, but a zone is its
    own 园区, 新区 or 开发区 (ZONE_HEADS: 园区经发委 in a 苏州工业园区 account), as a district
    named like one is (新区科经委 in a 浦东新区 account)."""
    table = regions()
    heads: dict[str, str] = {}
    for holder in table.chain(place):
        if table.level(holder) in ("zone", "district"):
            for head in zone_heads(holder):
                heads.setdefault(head, holder)
        if table.level(holder) == "zone":
            continue
        chars = _LEVEL_CHAR.get(table.level(holder), "")
        if chars and holder[-1] in chars:
            heads.setdefault(holder[-1], holder)
    return heads


def places_voted(votes: Mapping[tuple[str, str, int], int]) -> dict[str, str]:
    """{level character: place} from an account's votes: how many posts named (level, place)
    among `n` places of that level, each such post giving it 1/n (a list of every district's
    统计局 is one vote, not sixteen). A place is kept with MIN_PLACE_POSTS votes, PLACE_SHARE
    of its level's and HOME_LEAD times the next one's. Summed as exact fractions, so the
    answer is the same whatever order the posts came in."""
    by_level: dict[str, Counter[str]] = {level: Counter() for level in _LEVELS}
    for (level, place, among), posts in votes.items():
        by_level[level][place] += Fraction(posts, among)
    kept = {}
    for level, counter in by_level.items():
        ranked = counter.most_common(2)
        if not ranked or ranked[0][1] < MIN_PLACE_POSTS:
            continue
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        lead = ranked[0][1] >= Fraction(HOME_LEAD) * runner_up
        if lead and ranked[0][1] >= PLACE_SHARE * sum(counter.values()):
            kept[level] = ranked[0][0]
    return _nested(kept, by_level)


def _nested(kept: dict[str, str], votes: Mapping[str, Counter[str]]) -> dict[str, str]:
    """The places of `kept` that hold its innermost one, and the zones inside it that most of
    its votes name: a Shanghai district account that reports on 安徽 bodies keeps 闵行区 and
    上海市, not 安徽省 (Shanghai lies in no 省, so nothing outvotes it at that level), nor 浦东's
    临港新片区; a municipal account that names 张江 now and then is no 张江 account, while a
    苏州工业园区 account names its zone in most of the names that name 苏州市."""
    table = regions()
    zones = {level: place for level, place in kept.items() if level in ZONE_HEADS}
    ranks = {level: place for level, place in kept.items() if level not in ZONE_HEADS}
    inner = next(((lv, ranks[lv]) for lv in "区县市省" if lv in ranks), None)
    if inner is None:
        return kept
    level, place = inner
    chain = table.chain(place)
    ranks = {lv: p for lv, p in ranks.items() if p in chain}
    zones = {
        lv: p
        for lv, p in zones.items()
        if place in table.chain(p) and votes[lv][p] >= PLACE_SHARE * votes[level][place]
    }
    return {**ranks, **zones}


def resolved_name(surface: str, places: dict[str, str]) -> str:
    """The entity a relative surface names in an account with `places`; as written (through
    aliases) when the account has no place at that level."""
    level = relative_level(surface)
    if level and level in places:
        return org_canonical(places[level] + surface[len(level) :])
    return org_canonical(surface)


def qualify_relative_orgs(conn: Any, posts: Mapping[int, str]) -> int:
    """Record the place votes of `posts` (row id: account; just written), and point relative
    organisation mentions at their account's entity, and place the district names two cities
    share that a post left unresolved: the batch's own, and every one of an account whose
    places the batch changed. How many mentions moved or were placed."""
    _record_votes(conn, posts)
    moved = 0
    for account in sorted(set(posts.values())):
        places = places_voted(_votes(conn, account))
        if places == stored_places(conn, account):
            ids = [row_id for row_id, of in posts.items() if of == account]
        else:
            places = _recount(conn, account, places)
            _store_places(conn, account, places)
            ids = None
        moved += _resolve(conn, account, places, ids)
        moved += _place_shared_districts(conn, account, places, ids)
    return moved


def derive_place_votes(conn: Any) -> int:
    """Every stored post's place votes and every account's places, from the stored mentions
    (once, for an archive from before they were kept); relative mentions re-pointed."""
    conn.execute("DELETE FROM place_votes")
    conn.execute("DELETE FROM account_places")
    moved = 0
    for (account,) in conn.execute("SELECT DISTINCT account FROM articles").fetchall():
        ids = [
            row[0] for row in conn.execute("SELECT id FROM articles WHERE account = ?", (account,))
        ]
        for i in range(0, len(ids), PAGE):
            _record_votes(conn, dict.fromkeys(ids[i : i + PAGE], account))
        places = _recount(conn, account, places_voted(_votes(conn, account)))
        _store_places(conn, account, places)
        moved += _resolve(conn, account, places, None)
        moved += _place_shared_districts(conn, account, places, None)
    return moved


def _recount(conn: Any, account: str, places: dict[str, str]) -> dict[str, str]:
    """The account's places once the votes that read them are recorded again with `places` as
    the context of names two cities share; `places` itself when no post's votes read it.

    Only a post with an organisation name starting with a name two places share reads the
    context (`post_places` looks past a name's own places only when its first place is such a
    name, and the other names' places it reads are the post's own): every other post's votes
    are what recording them again would give, so they are left as they are. Re-recording all
    of an account's posts cost 2.2 CPU-s of a +1,000 into 100k."""
    ids = sorted(_reading_context(conn, account)) if places else []
    if not ids:
        return places
    for i in range(0, len(ids), PAGE):
        _record_votes(conn, dict.fromkeys(ids[i : i + PAGE], account), places)
    return places_voted(_votes(conn, account))


def _reading_context(conn: Any, account: str) -> set[int]:
    """The account's posts with an organisation name that starts with a name two places share
    (a superset of those whose votes read the account's places: such a name's first place may
    still be settled by the post's other names)."""
    shared = tuple(regions().ambiguous)  # built once, not once per name
    # CROSS JOIN keeps SQLite's order as written (see _resolve): led by the entities, it
    # walked every organisation's mentions, about 0.9 CPU-s an account at 100k posts
    rows = conn.execute(
        "SELECT DISTINCT m.article, e.name FROM articles a CROSS JOIN mentions m"
        " CROSS JOIN entities e"
        " WHERE a.account = ? AND m.article = a.id AND e.id = m.entity AND e.kind = 'org'",
        (account,),
    )
    return {article for article, name in rows if name.startswith(shared)}


def _record_votes(
    conn: Any, posts: Mapping[int, str], context: Mapping[str, str] | None = None
) -> None:
    """Replace the place votes of `posts` by what their full organisation names say now, names
    two cities share read with `context` (else the account's stored places)."""
    ids = sorted(posts)
    contexts = {
        account: list((stored_places(conn, account) if context is None else context).values())
        for account in set(posts.values())
    }
    for i in range(0, len(ids), PAGE):
        chunk = ids[i : i + PAGE]
        conn.execute(f"DELETE FROM place_votes WHERE article IN ({marks(len(chunk))})", chunk)
        names: dict[int, set[str]] = {}
        for name, surface, article in conn.execute(
            "SELECT e.name, m.surface, m.article FROM mentions m CROSS JOIN entities e"
            f" WHERE m.article IN ({marks(len(chunk))}) AND e.id = m.entity AND e.kind = 'org'",
            chunk,
        ):
            if not relative_level(surface):
                names.setdefault(article, set()).add(name)
        conn.executemany(
            "INSERT INTO place_votes(article, account, level, place, among) VALUES (?, ?, ?, ?, ?)",
            [
                (article, posts[article], level, place, len(places))
                for article, written in sorted(names.items())
                for level, places in sorted(post_places(written, contexts[posts[article]]).items())
                for place in sorted(places)
            ],
        )


def _votes(conn: Any, account: str) -> dict[tuple[str, str, int], int]:
    rows = conn.execute(
        "SELECT level, place, among, COUNT(*) FROM place_votes WHERE account = ?"
        " GROUP BY level, place, among",
        (account,),
    ).fetchall()
    return {(level, place, among): count for level, place, among, count in rows}


def stored_places(conn: Any, account: str) -> dict[str, str]:
    """{level character: place} the account's posts were learned to be of (区: 河西区)."""
    rows = conn.execute("SELECT level, place FROM account_places WHERE account = ?", (account,))
    return {level: place for level, place in rows}


def _store_places(conn: Any, account: str, places: dict[str, str]) -> None:
    conn.execute("DELETE FROM account_places WHERE account = ?", (account,))
    conn.executemany(
        "INSERT INTO account_places(account, level, place) VALUES (?, ?, ?)",
        [(account, level, place) for level, place in sorted(places.items())],
    )


def _resolve(conn: Any, account: str, places: dict[str, str], ids: list[int] | None) -> int:
    """Point the relative organisation mentions of `ids` (all the account's when None) at the
    entity `places` gives them; how many moved."""
    # CROSS JOIN keeps SQLite's join order as written: posts, their mentions, then each
    # mention's entity; led by the entities instead, it walks every organisation's mentions.
    if ids is None:  # the account's posts, found through their account
        scope = "articles a CROSS JOIN mentions m"
        where, params = "a.account = ? AND m.article = a.id", [account]
    elif ids:  # these posts alone, found by id (not by walking the whole account)
        scope, where, params = "mentions m", f"m.article IN ({marks(len(ids))})", list(ids)
    else:
        return 0
    rows = conn.execute(
        f"SELECT m.article, m.seq, m.surface, e.name FROM {scope} CROSS JOIN entities e"
        f" WHERE {where} AND e.id = m.entity"
        f" AND e.kind = 'org' AND substr(m.surface, 1, 1) IN ({marks(len(_FIRST_CHARS))})",
        (*params, *_FIRST_CHARS),
    ).fetchall()
    entity_ids: dict[str, int] = {}
    moved = 0
    for article, seq, surface, name in rows:
        if not relative_level(surface):
            continue
        target = resolved_name(surface, places)
        if target == name:
            continue
        if target not in entity_ids:
            entity_ids[target] = _entity_id(conn, target)
        conn.execute(
            "UPDATE mentions SET entity = ? WHERE article = ? AND seq = ?",
            (entity_ids[target], article, seq),
        )
        moved += 1
    return moved


# A district mention the account's places resolved (a post's own text named no other place):
# marked so that a change of the account's places takes it back before placing again.
_BY_ACCOUNT = json.dumps({"placed_by": "account"})


def _place_shared_districts(
    conn: Any, account: str, places: dict[str, str], ids: list[int] | None
) -> int:
    """District mentions for the names two cities share (和平区 of 天津 and 沈阳) that the posts
    `ids` (all the account's when None) leave unresolved, placed by the account's learned
    places: a post is read alone at extraction, before its account's places are known. How
    many mentions were added (one placed as before is not counted: an upgrade or a relink
    that changes nothing says 0)."""
    table = regions()
    if ids is None:
        rows = conn.execute("SELECT id, content FROM articles WHERE account = ?", (account,))
    elif ids:
        rows = conn.execute(
            f"SELECT id, content FROM articles WHERE id IN ({marks(len(ids))})", list(ids)
        )
    else:
        return 0
    posts = [(row_id, text) for row_id, text in rows if any(s in text for s in table.ambiguous)]
    if not posts:
        return 0
    chosen = [row_id for row_id, _ in posts]
    where = f"article IN ({marks(len(chosen))}) AND attrs = ?"
    # Placed again from scratch; what was placed before is not counted as placed anew.
    before = {
        tuple(row)
        for row in conn.execute(
            f"SELECT article, span_start, span_end, entity FROM mentions WHERE {where}",
            [*chosen, _BY_ACCOUNT],
        )
    }
    conn.execute(f"DELETE FROM mentions WHERE {where}", [*chosen, _BY_ACCOUNT])
    context = list(places.values())
    added = 0
    for row_id, text in posts:
        taken = conn.execute(
            "SELECT m.span_start, m.span_end FROM mentions m CROSS JOIN entities e"
            " WHERE m.article = ? AND e.id = m.entity AND e.kind = 'district'",
            (row_id,),
        ).fetchall()
        seq = conn.execute(
            "SELECT COALESCE(MAX(seq), -1) FROM mentions WHERE article = ?", (row_id,)
        ).fetchone()[0]
        for match in table.pattern.finditer(text):
            start, end, surface = match.start(), match.end(), match.group()
            if surface not in table.ambiguous or any(s < end and start < e for s, e in taken):
                continue
            place = table.disambiguate(surface, context)
            if place is None:
                continue
            seq += 1
            entity = _entity_id(conn, place, "district")
            conn.execute(
                "INSERT INTO mentions(article, seq, entity, surface, span_start, span_end, attrs)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (row_id, seq, entity, surface, start, end, _BY_ACCOUNT),
            )
            added += (row_id, start, end, entity) not in before
    return added


def _entity_id(conn: Any, name: str, kind: str = "org") -> int:
    row = conn.execute(
        "SELECT id FROM entities WHERE kind = ? AND name = ?", (kind, name)
    ).fetchone()
    if row:
        return int(row[0])
    return returned_id(
        conn.execute("INSERT INTO entities(kind, name) VALUES (?, ?) RETURNING id", (kind, name))
    )
