"""Traditional characters in a query read as the simplified ones the archive writes.

Readers in Hong Kong, Taiwan and overseas, and text pasted from their sources, write 進博會
where the mainland accounts write 进博会, and a search for it found nothing. Every CC-CEDICT
entry carries a traditional and a simplified form, so the dictionary the search already ships
(nlp/cedict.py) reads one as the other, with no table made by hand:

- words first, the longest at each position: a character's reading may depend on its word
  (乾淨 → 干净 but 乾隆 stays, 乾 being 干 or 乾), and CEDICT's word pairs say which;
- then a character alone, where CEDICT gives it one simplified form (後 → 后, 髮 → 发).

Simplified text is read unchanged: a character is read alone only when no simplified form
writes it (CEDICT lists 么 as a traditional form of 幺, but simplified 什么 writes it), a word
only when no entry's simplified form is that word. Only the query is read so: the archive is
simplified, and a post's text is quoted as written.

A text the simplified national character set (GB2312) writes whole is not read at all, so a
simplified query does not load the dictionary (+0.6 CPU-s to every one-off search and ask):
of the characters read alone, GB2312 holds only `READ_IN_GB2312`. Left as typed so: a
traditional word made wholly of GB2312 characters (乾杯, 不至於: 315 of the 987 words) in a
query holding no other traditional character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wxintel.nlp import cedict
from wxintel.nlp.lexicon import data_text, read_lines
from wxintel.nlp.segment import CJK

_CJK = re.compile(f"[{CJK}]")
# the characters the dictionary reads alone (`Reading.characters`) that GB2312 also writes;
# tests/test_search_traditional.py derives them from CEDICT and fails when they differ
READ_IN_GB2312 = frozenset("後甯砦")


@dataclass(frozen=True)
class Reading:
    """What the dictionary says: `characters`, a traditional character -> its one simplified
    form; `words`, a traditional word -> its simplified form, for the words read otherwise
    than character by character (乾淨, 乾杯); `starts`, the characters a word begins with;
    `longest`, the longest word's length; `older`, CEDICT's form of each character read in
    its standard form instead (諮: 谘, read 咨)."""

    characters: dict[str, str]
    words: dict[str, str]
    starts: frozenset[str]
    longest: int
    # a character read in its standard form (data/standard_simplified.txt) -> CEDICT's older one
    older: dict[str, str]


def _reading() -> cedict.Fold[Reading]:
    """The dictionary's reading (`Reading`), begun. A word that reads as its characters do is
    left out (987 of CEDICT's 71k traditional words are kept): the characters read it the same."""
    # a traditional form -> its one simplified form unlike it, or "" when it has several
    forms: dict[str, str] = {}
    written: set[str] = set()  # every entry's simplified form

    def line(text: str) -> None:
        if text.startswith("#"):
            return
        traditional, _, rest = text.partition(" ")
        simple = rest.partition(" ")[0]
        written.add(simple)
        # an entry whose forms differ in length (none in today's file) would shift the query;
        # one whose simplified form has a character past the Basic Multilingual Plane (二𫫇英,
        # by the 2013 list of standard characters) is kept as typed: input methods, fonts and
        # the posts (二噁英) write the traditional form there
        if simple != traditional and len(simple) == len(traditional) and _basic(simple):
            forms[traditional] = simple if forms.get(traditional, simple) == simple else ""

    def done() -> Reading:
        in_simplified = {c for word in written for c in word}
        characters = {
            t: simple
            for t, simple in forms.items()
            if len(t) == 1 and simple and t not in in_simplified
        }
        standard = {t: f for t, f in _standard_forms() if characters.get(t, f) != f}
        older = {t: characters[t] for t in standard}
        # the words holding one of them (30 of CEDICT's 122k entries): found by one pattern
        holds_older = re.compile(f"[{''.join(older)}]") if older else None
        characters.update(standard)
        alone = str.maketrans(characters)
        words = {}
        for t, simple in forms.items():
            if len(t) > 1 and simple and t not in written:
                if holds_older is not None and holds_older.search(t):
                    # a word CEDICT writes with an older form (諮商 谘商) takes the standard one
                    simple = "".join(
                        standard[c] if older.get(c) == read else read
                        for c, read in zip(t, simple, strict=True)
                    )
                if t.translate(alone) != simple:
                    words[t] = simple
        return Reading(
            characters,
            words,
            frozenset(w[0] for w in words),
            max(map(len, words), default=0),
            older,
        )

    return cedict.Fold(line, done)


def _standard_forms() -> list[tuple[str, str]]:
    """(traditional, standard simplified) of data/standard_simplified.txt: the characters
    CC-CEDICT reads in a form the 2013 standard merged into another (諮 → 咨, not 谘)."""
    return [(line[0], line[-1]) for line in read_lines(data_text("standard_simplified.txt"))]


def _basic(text: str) -> bool:
    """Whether every character of `text` lies in the Basic Multilingual Plane."""
    return all(ord(c) <= 0xFFFF for c in text)


# the dictionary's reading, read now if it has not been (~0.3 CPU-s, once per process, one
# thread reading while others wait): the server reads it at startup in one pass with the
# English reading (translations.glosses)
read_forms = cedict.once(_reading)


def simplified(text: str) -> str:
    """`text` with its traditional words and characters in their simplified forms (the module
    docstring): 進博會 → 进博会, 智能工廠 → 智能工厂; simplified text and text without Chinese
    come back as they are, and text whose Chinese GB2312 writes whole (`might_be_traditional`)
    without reading the dictionary."""
    if not might_be_traditional(text):
        return text
    reading = read_forms()
    out: list[str] = []
    at = 0
    while at < len(text):
        word = _word_at(reading, text, at)
        if word is None:
            out.append(reading.characters.get(text[at], text[at]))
            at += 1
        else:  # a word's forms have one length (`_reading`)
            out.append(word)
            at += len(word)
    return "".join(out)


def older_forms(typed: str, read: str) -> str:
    """`read` (`simplified(typed)`) with each character read in its standard form put back in
    CC-CEDICT's older one (諮詢 → 咨询 → 谘询, 鉅惠 → 巨惠 → 钜惠): searched too, since a post
    may keep the older form in a name or a word the standard did not reach; `read` itself when
    no such character is typed."""
    if len(typed) != len(read) or not might_be_traditional(typed):
        return read
    reading = read_forms()
    return "".join(
        reading.older[t] if t in reading.older and r == reading.characters[t] else r
        for t, r in zip(typed, read, strict=True)
    )


def cedict_characters() -> dict[str, str]:
    """The characters read alone as CC-CEDICT alone reads them (before the standard forms):
    what bench/standard_forms.py compares with the standard table."""
    reading = read_forms()
    return {t: reading.older.get(t, s) for t, s in reading.characters.items()}


def might_be_traditional(text: str) -> bool:
    """Whether `text` holds a Chinese character outside GB2312, or one of `READ_IN_GB2312`:
    only then can the dictionary's reading change more than a word like 乾杯 (module docstring)."""
    return any(c in READ_IN_GB2312 or not in_gb2312(c) for c in _CJK.findall(text))


def in_gb2312(character: str) -> bool:
    """Whether the simplified national character set (GB2312) encodes `character`."""
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _word_at(reading: Reading, text: str, at: int) -> str | None:
    """The simplified form of the longest traditional word `reading` holds at `text[at:]`."""
    if text[at] not in reading.starts:
        return None
    for size in range(min(reading.longest, len(text) - at), 1, -1):
        word = reading.words.get(text[at : at + size])
        if word is not None:
            return word
    return None
