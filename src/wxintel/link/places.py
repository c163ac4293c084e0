"""Relative organisation names resolved within each account's own region.

A district account writes "区商务局" and a city account "市商务局", leaving out the place its
readers know: Tianjin's 河北区商务局 and a Shanghai district's 商务局 would be one entity. The
place is learned per account from the names it does write in full ("河北区商务局", "天津市人民
政府": places at the head of its organisation names, from data/places.txt), so an unseen
account resolves too; a level with no clear place (a municipal account names every district)
stays as written. The pass runs with the link stage after each stored batch, over the whole
account, so a later batch that settles the account's place re-points earlier mentions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from wxintel.extract.entities import org_canonical
from wxintel.nlp.regions import HOME_LEAD, LEVEL_CHARS, regions, relative_level
from wxintel.store.sql import marks, returned_id

# A place must head the account's full names in this many posts, and this share of the names
# at its level, to be its place: a district account names its own district in most of them, a
# municipal one (上海经信委: 浦东新区 in 42%) many districts.
MIN_PLACE_POSTS = 2
PLACE_SHARE = 2 / 3
# The character a relative name keeps of each level of data/places.txt.
_LEVEL_CHAR = {"province": "省", "city": "市", "district": "区县"}


def account_places(posts: Iterable[Iterable[str]]) -> dict[str, str]:
    """{level character: place} from the organisation names each of an account's posts writes
    in full: the place heading them (and the regions holding it). A post votes once a level,
    split among the places it names there (a list of every district's 统计局 is one vote, not
    sixteen); a place is kept with MIN_PLACE_POSTS votes, PLACE_SHARE of its level's and
    HOME_LEAD times the next one's."""
    table = regions()
    votes: dict[str, Counter[str]] = {level: Counter() for level in LEVEL_CHARS}
    for names in posts:
        named: dict[str, set[str]] = {level: set() for level in LEVEL_CHARS}
        for name in names:
            found = table.find(name)
            if not found or found[0][0] != 0:
                continue
            for place in table.chain(found[0][2]):
                chars = _LEVEL_CHAR.get(table.level(place), "")
                if chars and place[-1] in chars:  # not 广西壮族自治区 as a 区, nor a zone
                    named[place[-1]].add(place)
        for level, places in named.items():
            for place in places:
                votes[level][place] += 1 / len(places)
    kept = {}
    for level, counter in votes.items():
        ranked = counter.most_common(2)
        if not ranked or ranked[0][1] < MIN_PLACE_POSTS:
            continue
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        lead = ranked[0][1] >= HOME_LEAD * runner_up
        if lead and ranked[0][1] >= PLACE_SHARE * sum(counter.values()):
            kept[level] = ranked[0][0]
    return kept


def resolved_name(surface: str, places: dict[str, str]) -> str:
    """The entity a relative surface names in an account with `places`; as written (through
    aliases) when the account has no place at that level."""
    level = relative_level(surface)
    if level and level in places:
        return org_canonical(places[level] + surface[1:])
    return org_canonical(surface)


def qualify_relative_orgs(conn: Any, accounts: Iterable[str]) -> int:
    """Point each relative organisation mention of `accounts` at its account's entity; how many
    mentions moved."""
    moved = 0
    for account in sorted(set(accounts)):
        rows = conn.execute(
            "SELECT m.article, m.seq, m.surface, e.name FROM mentions m"
            " JOIN entities e ON e.id = m.entity JOIN articles a ON a.id = m.article"
            f" WHERE a.account = ? AND e.kind = 'org' AND substr(m.surface, 1, 1) IN ({marks(4)})",
            (account, *LEVEL_CHARS),
        ).fetchall()
        relative = [row for row in rows if relative_level(row[2])]
        if not relative:
            continue
        places = account_places(_full_names(conn, account))
        ids: dict[str, int] = {}
        for article, seq, surface, name in relative:
            target = resolved_name(surface, places)
            if target == name:
                continue
            if target not in ids:
                ids[target] = _entity_id(conn, target)
            conn.execute(
                "UPDATE mentions SET entity = ? WHERE article = ? AND seq = ?",
                (ids[target], article, seq),
            )
            moved += 1
    return moved


def _full_names(conn: Any, account: str) -> list[set[str]]:
    """The organisation names each of the account's posts writes with their place."""
    rows = conn.execute(
        "SELECT e.name, m.surface, m.article FROM mentions m"
        " JOIN entities e ON e.id = m.entity JOIN articles a ON a.id = m.article"
        " WHERE a.account = ? AND e.kind = 'org'",
        (account,),
    ).fetchall()
    posts: dict[int, set[str]] = {}
    for name, surface, article in rows:
        if not relative_level(surface):
            posts.setdefault(article, set()).add(name)
    return list(posts.values())


def _entity_id(conn: Any, name: str) -> int:
    row = conn.execute(
        "SELECT id FROM entities WHERE kind = 'org' AND name = ?", (name,)
    ).fetchone()
    if row:
        return int(row[0])
    return returned_id(
        conn.execute("INSERT INTO entities(kind, name) VALUES ('org', ?) RETURNING id", (name,))
    )
