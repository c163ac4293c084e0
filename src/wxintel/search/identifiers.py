"""Identifiers (document numbers, phones, e-mails, URLs) found in text and normalised to tokens.

A user types 沪经信制[2023]62号 or 沪经信制（2023）62号 where the article says 沪经信制〔2023〕62号;
all spellings normalise to the same token, so identifiers are found exactly, never by words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wxintel.nlp.scanning import starting_with

_OPEN = r"[〔\[［（(【{｛]"
_CLOSE = r"[〕\]］）)】}｝]"
DOC_NUMBER = re.compile(
    rf"(?P<prefix>[\u4e00-\u9fff]{{1,8}})\s*(?:{_OPEN}\s*(?P<year>(?:19|20)\d\d)\s*{_CLOSE}"
    rf"|\s+(?P<year2>(?:19|20)\d\d)\s+)\s*第?\s*(?P<num>\d{{1,5}})\s*号"
)
# what every document number holds: a year after an opening bracket or a space (DOC_NUMBER's
# two forms), found quickly since it opens with a character class
_YEAR_OPENED = re.compile(rf"(?:{_OPEN}|\s)\s*(?:19|20)\d\d")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# URLs, phones: behind a lookahead for their first characters (nlp/scanning.py); the phones'
# leading lookbehind had Python's regex engine try them in full at every position
URL = starting_with("hHwW", r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+,;=%]+", re.IGNORECASE)
MOBILE = starting_with("1", r"(?<![\d.])1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}(?![\d.])")
LANDLINE = starting_with(
    "(0-9",
    r"(?<![\d.])(?:(?P<area>\(?0\d{2,3}\)?)[-\s]?)?(?P<local>\d{3,4}[-\s]?\d{4})(?:-\d{1,5})?(?![\d.])",
)
_MIN_DOC_PREFIX = 2


@dataclass(frozen=True)
class Identifier:
    """One identifier occurrence: where it is in the text and the tokens it indexes as
    (`tokens[0]` is the identifier exactly as written, the one a query searches for)."""

    kind: str  # doc_number | phone | email | url
    start: int
    end: int
    tokens: tuple[str, ...]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _doc_number(match: re.Match[str]) -> Identifier:
    prefix = match["prefix"]
    year = match["year"] or match["year2"]
    # The regex cannot tell where a prefix starts (根据沪经信制…), so every tail of >= 2
    # characters is a token; the user's spelling matches one of them.
    tails = {prefix[i:] for i in range(max(1, len(prefix) - 1))} | {prefix}
    others = sorted(t for t in tails if len(t) >= _MIN_DOC_PREFIX and t != prefix)
    tokens = tuple(f"{t}〔{year}〕{match['num']}号" for t in [prefix, *others])
    start = match.start("prefix")
    return Identifier("doc_number", start, match.end(), tokens)


def _url_token(url: str) -> str:
    url = url.rstrip(".,;:!?)'").casefold()
    url = re.sub(r"^https?://", "", url)
    return url.removeprefix("www.").rstrip("/")


def find_identifiers(text: str) -> list[Identifier]:
    """Every identifier in `text`, non-overlapping, in order (URLs and e-mails win over phones)."""
    found: list[Identifier] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(ident: Identifier) -> None:
        if ident.tokens and free(ident.start, ident.end):
            found.append(ident)
            taken.append((ident.start, ident.end))

    for m in URL.finditer(text):
        add(Identifier("url", m.start(), m.end(), (_url_token(m.group()),)))
    for m in EMAIL.finditer(text):
        add(Identifier("email", m.start(), m.end(), (m.group().casefold(),)))
    # every document number ends in 号 and holds _YEAR_OPENED: a text without both is not
    # searched (the pattern's leading run of CJK makes it the costliest here, tried at every
    # CJK character: about 0.14 ms a post, 0.07 behind the 号 test alone)
    searched = "号" in text and _YEAR_OPENED.search(text)
    for m in DOC_NUMBER.finditer(text) if searched else ():
        add(_doc_number(m))
    for m in MOBILE.finditer(text):
        add(Identifier("phone", m.start(), m.end(), (_digits(m.group()),)))
    for m in LANDLINE.finditer(text):
        local = _digits(m["local"])
        area = _digits(m["area"] or "")
        tokens = (local, area + local) if area else (local,)
        add(Identifier("phone", m.start(), m.end(), tuple(dict.fromkeys(tokens))))
    return sorted(found, key=lambda ident: ident.start)


def identifier_tokens(texts: list[str], whole: bool = True) -> list[str]:
    """Index tokens of all identifiers in `texts`. With `whole` (the store's ids of a post), a
    text with no recognised identifier is kept whole (case-folded, spaces removed), so
    store-supplied ids always index; a post's title and body give only what is found in them
    (kept whole, each was one term as long as the post that no query ever asks for: a third of
    the tantivy CPU of building the 3k bench archive's index)."""
    tokens: list[str] = []
    for text in texts:
        idents = find_identifiers(text)
        if idents:
            tokens.extend(t for ident in idents for t in ident.tokens)
        elif whole and text.strip():
            tokens.append(re.sub(r"\s+", "", text).casefold())
    return list(dict.fromkeys(tokens))
