"""Character n-gram counts over runs of CJK text, counted in numpy rather than one by one.

Term learning (`segment.learn_terms`) reads a million characters and counts every 1- to
5-character window, then each kept n-gram's neighbours. In Python that is five million
dictionary updates; here every window becomes an integer key (a CJK character fits in 16
bits, so four characters fit in one 64-bit key, and a fifth goes in a second column), keys are
counted by sorting, and only the frequent ones are turned back into strings.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

_SEP = 0  # between runs: no window may hold it
_BITS = 16  # every character `segment.CJK` matches is below U+10000
_MAX_KEYED = 4  # characters that fit one uint64 key


def _codes(runs: list[str]) -> np.ndarray:
    """The runs' code points end to end, each run followed by a separator."""
    text = "\x00".join(runs) + "\x00"
    return np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)


def _windows(codes: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(start positions, keys) of the n-character windows inside one run; a key packs at most
    the first _MAX_KEYED characters."""
    count = len(codes) - n + 1
    if count <= 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.uint64)
    separators = np.concatenate(([0], np.cumsum(codes == _SEP)))
    starts = np.flatnonzero(separators[n : n + count] == separators[:count])
    keys = np.zeros(len(starts), dtype=np.uint64)
    for k in range(min(n, _MAX_KEYED)):
        keys = (keys << np.uint64(_BITS)) | codes[starts + k]
    return starts, keys


def _strings(columns: np.ndarray) -> list[str]:
    """Rows of code points (shape m x n) as m strings."""
    width = columns.shape[1]
    return np.ascontiguousarray(columns, dtype="<u4").view(f"<U{width}").ravel().tolist()


def frequent_ngrams(runs: list[str], max_len: int, min_count: int) -> dict[str, int]:
    """Every n-gram (1 ≤ n ≤ max_len) inside one run seen at least `min_count` times, with its
    count: the same as counting all windows and keeping those counts, without the rest."""
    codes = _codes(runs)
    out: dict[str, int] = {}
    for n in range(1, max_len + 1):
        starts, keys = _windows(codes, n)
        if n > _MAX_KEYED:  # the rest of the window as a second sort column
            rest = np.zeros(len(starts), dtype=np.uint64)
            for k in range(_MAX_KEYED, n):
                rest = (rest << np.uint64(_BITS)) | codes[starts + k]
            pairs = np.stack([keys, rest], axis=1)
            unique, counts = np.unique(pairs, axis=0, return_counts=True)
            keep = counts >= min_count
            columns = np.concatenate(
                [_unpack(unique[keep, 0], _MAX_KEYED), _unpack(unique[keep, 1], n - _MAX_KEYED)],
                axis=1,
            )
        else:
            unique, counts = np.unique(keys, return_counts=True)
            keep = counts >= min_count
            columns = _unpack(unique[keep], n)
        out.update(zip(_strings(columns), counts[keep].tolist(), strict=True))
    return out


def _unpack(keys: np.ndarray, n: int) -> np.ndarray:
    """Keys back to rows of n code points."""
    mask = np.uint64((1 << _BITS) - 1)
    return np.stack(
        [(keys >> np.uint64(_BITS * (n - 1 - k))) & mask for k in range(n)], axis=1
    ).reshape(len(keys), n)


def neighbours(
    runs: list[str], grams: set[str]
) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]]]:
    """For each of `grams` (2+ characters), the characters seen before and after it, '^' and
    '$' at the start and end of a run, counted over every occurrence."""
    codes = _codes(runs)
    text = "\x00".join(runs) + "\x00"
    left: dict[str, Counter[str]] = {g: Counter() for g in grams}
    right: dict[str, Counter[str]] = {g: Counter() for g in grams}
    for n in sorted({len(g) for g in grams}):
        wanted = [g for g in grams if len(g) == n]
        starts, keys = _windows(codes, n)
        prefixes = np.array(
            [_key(g[:_MAX_KEYED]) for g in wanted], dtype=np.uint64
        )  # longer grams are confirmed on their text below
        hits = starts[np.isin(keys, prefixes)]
        before = np.where(hits > 0, codes[np.maximum(hits - 1, 0)], _SEP)
        after = codes[hits + n]
        for start, b, a in zip(hits.tolist(), before.tolist(), after.tolist(), strict=True):
            gram = text[start : start + n]
            if gram in left:
                left[gram][chr(b) if b != _SEP else "^"] += 1
                right[gram][chr(a) if a != _SEP else "$"] += 1
    return left, right


def _key(gram: str) -> int:
    key = 0
    for ch in gram:
        key = (key << _BITS) | ord(ch)
    return key
