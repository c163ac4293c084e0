"""Article identity, content hashes, and near-duplicate signatures.

WeChat numbers `mid` per account, so the export's aid (`mid_idx`) can collide across
accounts: identity is (biz, mid, idx) when the URL carries them, else (account, aid), else
a hash of the content.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import struct
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from wxintel import dates
from wxintel.model import Article

SHINGLE = 5
NUM_PERM = 128
BANDS = 16  # 16 bands of 8 rows: pairs above ~0.7 Jaccard become candidates
ROWS = NUM_PERM // BANDS
NEAR_DUPLICATE_MIN = 0.8
MIN_TEXT_FOR_SIGNATURE = 100
SAME_POST_WINDOW_DAYS = 7

SIGNATURE_SCHEME = "shingle64-multiply-shift-1"  # stored with an archive; see minhash_signature

_NON_WORD = re.compile(r"[\s\W_]+", re.UNICODE)
_POLY = np.uint64(0x100000001B3)  # FNV's 64-bit prime, the base of the shingle hash
_PERMUTATIONS = np.random.default_rng(1).integers(0, 2**64, size=(2, NUM_PERM), dtype=np.uint64)
_PERM_A = (_PERMUTATIONS[0] | np.uint64(1))[:, None]  # odd multipliers
_PERM_B = _PERMUTATIONS[1][:, None]
_CHUNK = 4096  # shingles hashed at once: bounds the NUM_PERM x chunk temporary to 4 MB


def article_key(article: Article) -> str:
    """The stable identity of a post; see the module docstring for the order of preference."""
    if article.biz and article.mid and article.idx:
        return f"wx:{article.biz}:{article.mid}:{article.idx}"
    if article.account and article.aid:
        return f"acct:{article.account}:{article.aid}"
    digest = hashlib.sha1((article.title + "\n" + article.content).encode()).hexdigest()
    return f"sha1:{digest[:20]}"


def public_id(article: Article, key: str) -> str:
    """What users type and see: the aid when there is one, else the key."""
    return article.aid or key


def raw_fingerprint(article: Article) -> str:
    """Hash of everything read for a post: equal means re-ingest changes nothing."""
    payload = [
        article.title,
        article.raw_content or article.content,
        article.account,
        article.url,
        article.published,
        article.author,
        article.source_url,
        article.extra,
    ]
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha1(encoded.encode()).hexdigest()


# an ingest worker folds one post's body three times in a row (0.026 ms a post each)
@functools.lru_cache(maxsize=1)
def folded(text: str) -> str:
    """`text` with spacing, punctuation and underscores folded away: what a post's content
    hash, MinHash signature and repost marks read."""
    return _NON_WORD.sub("", text)


def content_fingerprint(text: str) -> str:
    """Hash of the cleaned text with spacing and punctuation folded away; '' for empty text."""
    folded_text = folded(text)
    return hashlib.sha1(folded_text.encode()).hexdigest() if folded_text else ""


def title_key(title: str) -> str:
    """Titles compared without spacing and punctuation."""
    return _NON_WORD.sub("", title).lower()


def richness(is_stub: bool, content: str, published: str, url: str) -> tuple[int, int, int, str]:
    """Order copies of one post: a full body beats a stub, longer beats shorter, a copy with its
    link beats one without (a reader is sent to the post), earlier wins."""
    return (0 if is_stub else 1, len(content), 1 if url else 0, _invert(published))


def copy_targets(group: Sequence[Mapping[str, Any]]) -> dict[str, str | None]:
    """Copies of one post (rows with key, is_stub, content, published, url): each key → the key
    of the richest copy, which points at nothing (None), so readers see one post, the best one."""
    best = max(
        group,
        key=lambda r: richness(bool(r["is_stub"]), r["content"], r["published"], r["url"]),
    )
    return {r["key"]: None if r["key"] == best["key"] else best["key"] for r in group}


def compares_by_content(content_hash: str, content: str) -> bool:
    """Whether equal cleaned text marks two posts as copies: short texts (a caption, a stub)
    are equal by chance too often, so only texts long enough to sign are compared."""
    return bool(content_hash) and long_enough_to_compare(content)


def long_enough_to_compare(content: str) -> bool:
    """Whether a cleaned text is long enough for the copy rule and for a MinHash signature: one
    test for both, so a text the copy rule compares is signed too (its copy at any distance is
    then a near-duplicate). Counted on the cleaned text as stored: a 103-character guide whose
    punctuation and spacing fold away to 77 was compared by content but never signed."""
    return len(content) >= MIN_TEXT_FOR_SIGNATURE


def bodies_may_match(content: str, other: str) -> bool:
    """Whether two posts with one title may be one post for their bodies: yes when either is
    too short to compare (a stub, a caption), else when the shorter lies nearly whole inside
    the longer (NEAR_DUPLICATE_MIN of its shingles): the same text, or a record cut short
    beside the full one. A weekly column keeps its title from issue to issue (河西政务服务's
    本周"发展改革热点，我知道", two issues 5 days apart, 17% of the shorter's shingles shared):
    the title says nothing once the bodies say they differ. Counted exactly, not from the
    signatures: only posts sharing a title within the window are compared, and a short
    record's MinHash estimate of its containment is too rough. One text is its own match
    without its shingles counted: every written post is compared with its own stored row (that
    was 0.4 CPU-s of a 1,000-post batch)."""
    if content == other or not (long_enough_to_compare(content) and long_enough_to_compare(other)):
        return True
    shorter, longer = sorted((_shingle_set(content), _shingle_set(other)), key=len)
    return len(shorter & longer) >= NEAR_DUPLICATE_MIN * len(shorter)


def _shingle_set(text: str) -> set[str]:
    text_folded = folded(text)
    return {text_folded[i : i + SHINGLE] for i in range(len(text_folded) - SHINGLE + 1)}


def _invert(published: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in published)


def within_window(a: str, b: str, days: int = SAME_POST_WINDOW_DAYS) -> bool:
    """True when two ISO dates are at most `days` apart (unknown or unreadable dates count as
    near: such a pair is taken as one post recorded twice)."""
    first, second = dates.day_of(a), dates.day_of(b)
    if first is None or second is None:
        return True
    return abs((first - second).days) <= days


def minhash_signature(text: str) -> np.ndarray | None:
    """MinHash over character shingles; None for texts too short to compare meaningfully.

    Vectorised, one numpy pass a post: each SHINGLE-character window becomes a 64-bit
    polynomial hash of its code points (mixed by splitmix64's finaliser), and NUM_PERM
    multiply-shift hashes ((a·x + b) mod 2^64) >> 32 of the shingles give the
    minima, 32-bit values as before. Signatures are only comparable within one scheme:
    SIGNATURE_SCHEME is stored with the archive, and `store.writer.resign` recomputes an
    archive's signatures when it changes.
    """
    text_folded = folded(text)
    if not long_enough_to_compare(text) or len(text_folded) < SHINGLE:
        return None
    codes = np.frombuffer(text_folded.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    count = len(codes) - SHINGLE + 1
    shingles = codes[:count].copy()
    for k in range(1, SHINGLE):
        shingles = shingles * _POLY + codes[k : k + count]
    # not made unique: a shingle that repeats changes no minimum, and np.unique's sort cost
    # more than hashing the repeats (0.245 -> 0.169 ms a post of the 3k bench archive)
    shingles = _mixed(shingles)
    lowest = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
    for start in range(0, len(shingles), _CHUNK):
        hashed = _PERM_A * shingles[None, start : start + _CHUNK]
        hashed += _PERM_B
        np.minimum(lowest, hashed.min(axis=1), out=lowest)
    return lowest >> np.uint64(32)  # the top 32 bits; shifting keeps which value is least


def _mixed(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every input bit reaches every output bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def signature_bytes(signature: np.ndarray) -> bytes:
    return signature.astype("<u8").tobytes()


def signature_from_bytes(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8")


def band_hashes(signature: np.ndarray) -> list[tuple[int, int]]:
    """(band, bucket) pairs for LSH: posts sharing any bucket are candidate near-duplicates."""
    out = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS].astype("<u8").tobytes()
        bucket = struct.unpack("<q", hashlib.blake2b(chunk, digest_size=8).digest())[0]
        out.append((band, bucket))
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def near_duplicates(
    signature: np.ndarray, candidates: Mapping[int, bytes]
) -> list[tuple[int, float]]:
    """The LSH candidates (row id → stored signature) that really are near-duplicates of the post
    signed `signature`: sharing a bucket only makes a pair likely, the signatures decide."""
    found = []
    for other, blob in candidates.items():
        sim = similarity(signature, signature_from_bytes(blob))
        if sim >= NEAR_DUPLICATE_MIN:
            found.append((other, round(sim, 4)))
    return found
