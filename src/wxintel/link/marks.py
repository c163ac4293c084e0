"""What repost linking compares: sampled shingle marks, the facts that make texts differ in
substance, and the source a post names.

Marks are character shingles kept when their CRC falls in one residue class, so two texts
sharing a passage share the same sample of it: containment (how much of the shorter post the
longer one holds) is estimated from marks alone, which finds reposts with an added intro or a
cut ending that whole-text Jaccard misses.
"""

from __future__ import annotations

import re
import zlib
from functools import cache

import numpy as np

from wxintel.dedupe import folded

SHINGLE = 8  # characters: long enough that shared shingles mean shared sentences
SAMPLE = 4  # keep one shingle in four (by CRC), which estimates containment well past 25 marks

_CN_NUM = "一二三四五六七八九十百零〇两"
# Facts whose difference makes two posts of one template different posts: dates, years,
# batches and issue numbers, titles of the documents they act on, and document numbers.
_SUBSTANCE = re.compile(
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{4}\s*年度?"
    rf"|第\s*[{_CN_NUM}\d]+\s*[批期届次]"
    r"|《[^《》\n]{4,60}》"
    r"|[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号"
)
# "来源：新华社", "转载自：上海发布", "据上海发布消息": where a post says its text came from.
_SOURCE = re.compile(
    r"(?:^|\n)\s*[（(]?\s*(?:本文)?(?:来源|转载自|转自|稿件来源|信息来源)\s*[|｜:：]\s*"
    r"(?P<src>[^\n|｜，,。；;）)]{2,24})"
    r"|据(?P<by>[\u4e00-\u9fffA-Za-z]{2,16}?)(?:微信公众号|公众号)?消息"
)
_SOURCE_NOISE = re.compile(r"(?:官方)?(?:微信)?(?:公众号|客户端|网站|官网)?$")
_FIRST_NAME = re.compile(r"^[\u4e00-\u9fffA-Za-z·]+")
MAX_SOURCE_NAME = 12


def marks(text: str) -> set[int]:
    """The sampled shingle marks of a text (punctuation and spacing folded away)."""
    return set(mark_array(text).tolist())


def mark_array(text: str) -> np.ndarray:
    """The marks of a text as a sorted uint32 array: what workers hand the link stage and the
    store keeps. Each mark is the zlib CRC-32 of an 8-character shingle in UTF-32, computed
    for every shingle at once: a CRC is affine in its input bits, so a shingle's CRC is the
    CRC of zeros XORed with one table entry per character position (`_crc_tables`)."""
    points = np.frombuffer(folded(text).encode("utf-32-le"), dtype=np.uint32)
    count = len(points) - SHINGLE + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint32)
    low, high, zeros = _crc_tables()
    crcs = np.full(count, zeros, dtype=np.uint32)
    beyond = bool(points.max() > 0xFFFF)
    for position in range(SHINGLE):
        window = points[position : position + count]
        crcs ^= low[position][window & 0xFFFF]
        if beyond:  # characters outside the Basic Multilingual Plane: their third byte too
            crcs ^= high[position][window >> 16]
    return np.unique(crcs[crcs % SAMPLE == 0])


@cache
def _crc_tables() -> tuple[np.ndarray, np.ndarray, int]:
    """What a character adds, at each position of a shingle, to the CRC of all zeros: by its
    low 16 bits and by its bits above (a UTF-32 code point's top byte is always zero)."""
    width = 4 * SHINGLE
    zeros = zlib.crc32(bytes(width))
    by_byte = np.zeros((width, 256), dtype=np.uint32)
    for offset in range(width):
        message = bytearray(width)
        for value in range(1, 256):
            message[offset] = value
            by_byte[offset, value] = zlib.crc32(message) ^ zeros
    values = np.arange(1 << 16)
    low = np.stack(
        [by_byte[4 * p][values & 0xFF] ^ by_byte[4 * p + 1][values >> 8] for p in range(SHINGLE)]
    )
    high = np.stack([by_byte[4 * p + 2] for p in range(SHINGLE)])
    return low, high, zeros


def containment(a: set[int], b: set[int]) -> float:
    """Share of the smaller mark set found in the other (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def substance(text: str) -> set[str]:
    """Dates, years, batches, cited documents and document numbers, spacing removed."""
    return {re.sub(r"\s+", "", m.group()) for m in _SUBSTANCE.finditer(text)}


def differ_in_substance(small: str, large: str) -> bool:
    """True when the shorter text states a date, batch, document or number the longer lacks.

    A repost keeps the facts of what it copies (an added intro or a cut ending only adds or
    drops them); a second post of one template changes them.
    """
    missing = substance(small) - substance(large)
    return bool(missing)


def source_named(text: str, reprinted_from: str = "") -> str:
    """The account or outlet a post names as its source, '' when it names none."""
    if reprinted_from:
        return _tidy(reprinted_from)
    head_and_tail = text[:300] + "\n" + text[-300:]
    match = _SOURCE.search(head_and_tail)
    if not match:
        return ""
    return _tidy(match.group("src") or match.group("by") or "")


def _tidy(source: str) -> str:
    """A source's bare name: the first run of name characters, without channel suffixes."""
    source = source.strip(" “”\"'「」‘’")
    first = _FIRST_NAME.match(source)
    name = first.group() if first else source
    for size in range(2, len(name) // 2 + 1):  # "新华社新华社北京电": the line glued to the text
        if name[size:].startswith(name[:size]):
            name = name[:size]
            break
    return _SOURCE_NOISE.sub("", name[:MAX_SOURCE_NAME])
