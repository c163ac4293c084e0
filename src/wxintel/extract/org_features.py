"""Features of an organisation name where a post writes it, for the learned junk filter.

Only what carries to an account nobody here has seen: the shape of the name (its head
suffix, first and last characters, the parts of speech the segmenter gives its
words), what stands right before and after it, and how the post itself uses the string
(the fragment test: does it ever stand alone, or always inside a longer run of name
characters). No feature names an account, a place of ours or a labelled name. `enrich` reads
one post at a time, so counts over an account's other posts are out of reach here.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache

import rjieba

from wxintel.nlp import gazetteer as gz
from wxintel.nlp.regions import LEVEL_CHARS, regions

_CJK = re.compile(r"[\u3400-\u9fff]")
_BEFORE = 6  # characters before the name the segmenter reads for the word there


def name_features(text: str, start: int, end: int) -> dict[str, float]:
    """The features of the name at text[start:end], as named values (1.0 for a present
    indicator); one post's every mention of a name is averaged by the caller. What depends on
    the name alone, or on the name and the post, is computed once and cached: only the
    neighbours differ between one post's mentions of a name."""
    name = text[start:end]
    features = dict(_name_shape(name))
    features.update({
        f"before={_char_class(text, start - 1)}": 1.0,
        f"after={_char_class(text, end)}": 1.0,
        f"before_char={text[start - 1] if start else '^'}": 1.0,
        f"after_char={text[end] if end < len(text) else '$'}": 1.0,
        f"before_word={_word_before(text, start)}": 1.0,
    })  # fmt: skip
    features.update(_name_words(name))
    features.update(_fragment_test(text, name))
    features.update(_cut_words(text, start, end))
    return features


@lru_cache(maxsize=1 << 16)
def _name_shape(name: str) -> tuple[tuple[str, float], ...]:
    """The name's head suffix and first characters."""
    head = _head(name)
    return (
        ("bias", 1.0),
        (f"head={head}", 1.0),
        (f"head_chars={min(len(head), 3)}", 1.0),
        (f"first={name[0]}", 1.0),
        (f"first2={name[:2]}", 1.0),
    )


@lru_cache(maxsize=1 << 16)
def _name_words(name: str) -> tuple[tuple[str, float], ...]:
    """What the segmenter reads in the name (the parts of speech of its first and last words
    before the head, whether it is one dictionary word), how it opens, digits and letters."""
    head = _head(name)
    words = rjieba.tag(name[: len(name) - len(head)]) if len(name) > len(head) else []
    features: dict[str, float] = {}
    if words:
        features[f"first_word={words[0][1]}"] = 1.0
        features[f"last_word={words[-1][1]}"] = 1.0
        features[f"first_word_chars={min(len(words[0][0]), 3)}"] = 1.0
        features[f"words={min(len(words), 4)}"] = 1.0
    if rjieba.has_word(name):
        features["dictionary_word"] = 1.0
    opening = _opening(name)
    features[f"opens={opening}"] = 1.0
    if words:  # a verb or adverb opening a name with no place before it reads as a phrase
        features[f"opens={opening}/{words[0][1]}"] = 1.0
    if re.search(r"[0-9０-９]", name):
        features["digit"] = 1.0
    if re.search(r"[A-Za-z]", name):
        features["latin"] = 1.0
    return tuple(features.items())


def _cut_words(text: str, start: int, end: int) -> dict[str, float]:
    """Whether the segmenter, reading the name with a few characters either side, finds a
    word across its left or right edge (经【管学部】: 经管; 凝【华为】: 凝华): the edge then cuts
    a word, so the name is a fragment or has a word glued to it."""
    left, right = max(0, start - _BEFORE), min(len(text), end + _BEFORE)
    spans = [(a + left, b + left) for _, a, b in rjieba.tokenize(text[left:right])]
    features = {}
    if any(a < start < b for a, b in spans):
        features["cuts_word_before"] = 1.0
    if any(a < end < b for a, b in spans):
        features["cuts_word_after"] = 1.0
    return features


def _head(name: str) -> str:
    """The longest organisation suffix (org_suffixes.txt) the name ends with, else its last
    character."""
    return max((s for s in _suffixes() if name.endswith(s)), key=len, default=name[-1:])


@cache
def _suffixes() -> tuple[str, ...]:
    return gz.org_suffixes()


def _char_class(text: str, at: int) -> str:
    """What kind of character stands at `at`: a line's edge, a Chinese character, a letter
    or digit, or punctuation."""
    if at < 0 or at >= len(text) or text[at] == "\n":
        return "edge"
    char = text[at]
    if _CJK.match(char):
        return "cjk"
    return "alnum" if char.isalnum() else "punct"


def _word_before(text: str, start: int) -> str:
    """The part of speech of the word ending right before the name ("" at a line's edge or
    after punctuation): a verb or adverb there reads the name as the object of a phrase."""
    window = text[max(0, start - _BEFORE) : start].rsplit("\n", 1)[-1]
    if not window or not _CJK.match(window[-1]):
        return ""
    return rjieba.tag(window)[-1][1]


def _opening(name: str) -> str:
    """How the name opens: with a place the region table knows, a level character (市, 区),
    a national head (国家, 中共), or none of these."""
    place = regions().pattern.match(name)
    if place and len(place.group()) > 1:
        return "place"
    if name.startswith(_place_heads()):
        return "national"
    return "level" if name[0] in LEVEL_CHARS else "other"


@cache
def _place_heads() -> tuple[str, ...]:
    return tuple(gz.word_set("org_place_heads.txt"))


@lru_cache(maxsize=64)
def _fragment_test(text: str, name: str) -> tuple[tuple[str, float], ...]:
    """How the post uses the string: the share of its occurrences that follow a Chinese
    character (inside a longer run: a cut fragment, or a word glued before), whether it
    ever follows punctuation or a line's edge, how often it occurs, and whether the
    characters before it are always the same (one longer string holds it). Cached: it scans
    the post, and a post's mentions of a name come one after another."""
    before = [text[at - 1] if at else "\n" for at in _occurrences(text, name)]
    glued = sum(bool(_CJK.match(char)) for char in before)
    features = {
        "glued_share": glued / len(before),
        "occurrences_log": math.log1p(len(before)),
    }
    if glued < len(before):
        features["stands_alone"] = 1.0
    if len(before) > 1 and len(set(before)) == 1 and glued:
        features["same_before"] = 1.0
    return tuple(features.items())


def _occurrences(text: str, name: str) -> list[int]:
    found, at = [], text.find(name)
    while at >= 0:
        found.append(at)
        at = text.find(name, at + 1)
    return found
