"""The place a call is for when it names none: its issuer's jurisdiction.

A district or city bureau's call is for firms of its own district or city unless it says
otherwise. A post that states no registration place (no 在本区注册, no 注册地在上海市) still
leaves a firm registered elsewhere out, so a Shanghai firm is not told it may apply to a Xi'an
district bureau's call. The place is the issuing body's that the post names (its title, else
its opening lines), else the account's home learned from its own posts (nlp.regions); a post
that opens application wider (面向全国, 不限地域 …; data/jurisdiction_open.txt) has none, and so
does one whose conditions name a place in words no recogniser reads as a registration place
("在上海市设有固定办事机构", "线下门店在本市"): the post speaks of place itself, and its clause
is left for a human to read rather than replaced by a presumption.
"""

from __future__ import annotations

import re
from functools import cache

from wxintel.extract.conditions import Condition, condition_sections
from wxintel.model import Article
from wxintel.nlp.gazetteer import named_list, trie_pattern
from wxintel.nlp.regions import DEICTIC, issuer_region, regions

# The profile field a place of each level is compared on (as stated registration places are).
_FIELD = {"district": "registered_district", "zone": "registered_address"}
_PLACE_FIELDS = {"registered_city", "registered_district", "registered_address"}
_WORDS = "jurisdiction_open.txt"
# A consultation (征求意见) asks anyone for comments (向社会公开征求意见): it has no applicants to
# place. Calls and registrations do.
_PLACED_KINDS = {"call", "registration"}


@cache
def _deictic() -> re.Pattern[str]:
    return trie_pattern(DEICTIC)


# A place in a conditions section is a requirement on where the applicant is when one of the
# presence words follows it within this many characters, with no punctuation between
# (在上海市设有, 在天津市行政区域内设有); a place merely named (报送至西安市未央区工业和信息化局)
# is not.
_PRESENCE_GAP = 4


@cache
def _presence() -> re.Pattern[str]:
    words = "|".join(map(re.escape, named_list(_WORDS, "presence")))
    return re.compile(rf"[^，。；、,;\n（）()]{{0,{_PRESENCE_GAP}}}?(?:{words})")


def opened_wider(article: Article, kind: str = "call") -> bool:
    """The post says its call is open beyond its issuer's place (面向全国, 不限地域 …); a
    registration also when it accredits the press or puts a contest to society (媒体注册,
    面向社会: open_registration) and names no reach of its own place (面向全市: local_reach)."""
    patterns = [_list_pattern("open")]
    if kind == "registration" and not _found(_list_pattern("local_reach"), article):
        patterns.append(_list_pattern("open_registration"))
    return any(_found(p, article) for p in patterns)


def _found(pattern: re.Pattern[str], article: Article) -> bool:
    return bool(pattern.search(article.title) or pattern.search(article.content))


@cache
def _list_pattern(name: str) -> re.Pattern[str]:
    return trie_pattern(named_list(_WORDS, name))


def conditions_place_applicants(text: str) -> bool:
    """The post's conditions sections require the applicant to be somewhere (a region or
    本市 / 境内 … followed by a presence word), in words no registration clause was read from."""
    table = regions()
    deictic = _deictic()
    for start, end in condition_sections(text):
        section = text[start:end]
        places = [(s, e) for s, e, name in table.find(section) if table.level(name) != "country"]
        places += [(m.start(), m.end()) for m in deictic.finditer(section)]
        if any(_presence().match(section, e) for _, e in places):
            return True
    return False


def jurisdiction(issuer: str | None, home: str | None) -> str | None:
    """The place a call is for: the issuing body's place the post names when it holds the
    account's home or lies inside it (a province's call forwarded by a district bureau, a
    district's call posted by its city's commission), else the account's home. The first place
    a title names is often not the issuer's (a fair's host city, 中国 of 中国国际进口博览会), so
    one unrelated to the home, unknown to the gazetteer, or the country, does not decide."""
    table = regions()
    if issuer and (not table.known(issuer) or table.level(issuer) == "country"):
        issuer = None
    if not issuer or not home:
        return table.name(issuer or home) if issuer or home else None
    issuer, home = table.name(issuer), table.name(home)
    related = issuer in table.chain(home) or home in table.chain(issuer)
    return issuer if related else home


def implied_jurisdiction(
    article: Article, home: str | None, stated: list[Condition], kind: str = "call"
) -> Condition | None:
    """The registration place a call implies when it states none, as a condition marked
    `implied`; None when the post states a place, places its applicants in other words, opens
    wider, or no place is known; None for a consultation, which anyone may answer."""
    if kind not in _PLACED_KINDS:
        return None
    if any(leaf.field in _PLACE_FIELDS for c in stated for leaf in c.leaves()):
        return None
    place = jurisdiction(issuer_region(article.title, article.content), home)
    if not place or opened_wider(article, kind) or conditions_place_applicants(article.content):
        return None
    table = regions()
    level = table.level(place)
    text = f"发文机关所在地{place}（通知未写明面向其他地域）"
    return Condition(
        _FIELD.get(level, "registered_city"), "in", [place], text, -1, -1, implied=True
    )
