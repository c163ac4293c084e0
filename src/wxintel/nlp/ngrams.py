"""Character n-gram counts over runs of CJK text, counted in numpy rather than one by one.

Term learning (`segment.learn_terms`) reads a million characters and counts every 1- to
5-character window, then each kept n-gram's neighbours. In Python that is five million
dictionary updates; here every window becomes an integer key (a CJK character fits in 16
bits, so four characters fit in one 64-bit key; a longer window is keyed by its first four's
rank among the frequent four-character windows and its remaining characters), keys are
counted by sorting, and only the frequent ones are turned back into strings.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

_SEP = 0  # between runs: no window may hold it
_BITS = 16  # every character `segment.CJK` matches is below U+10000
_MAX_KEYED = 4  # characters that fit one uint64 key
_REST_BITS = 32  # a longer window's key: its head's rank above, its other characters below


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
    frequent_heads = np.empty(0, dtype=np.uint64)  # the frequent _MAX_KEYED-grams' keys
    for n in range(1, max_len + 1):
        starts, keys = _windows(codes, n)
        if n > _MAX_KEYED:
            columns, counts = _longer_counts(codes, starts, keys, n, frequent_heads, min_count)
        else:
            unique, counts = np.unique(keys, return_counts=True)
            keep = counts >= min_count
            columns, counts = _unpack(unique[keep], n), counts[keep]
            if n == _MAX_KEYED:
                frequent_heads = unique[keep]
        out.update(zip(_strings(columns), counts.tolist(), strict=True))
    return out


def _longer_counts(
    codes: np.ndarray,
    starts: np.ndarray,
    heads: np.ndarray,
    n: int,
    frequent_heads: np.ndarray,
    min_count: int,
) -> tuple[np.ndarray, np.ndarray]:
    """The frequent windows of more than _MAX_KEYED characters, as rows of code points with
    their counts. A window is seen no more often than its first _MAX_KEYED characters (its
    `heads` key), so only windows with a frequent head can be frequent: each is keyed by its
    head's rank among `frequent_heads` and its remaining characters, one uint64 while they
    fit in 32 bits (else two sort columns), and counted by sorting as the shorter ones are."""
    _, rank, rest = _head_rank_and_rest(codes, starts, heads, n, frequent_heads)
    tail = n - _MAX_KEYED
    if tail * _BITS <= _REST_BITS:
        unique, counts = np.unique((rank << np.uint64(_REST_BITS)) | rest, return_counts=True)
        keep = counts >= min_count
        rank = unique[keep] >> np.uint64(_REST_BITS)
        rest = unique[keep] & np.uint64((1 << _REST_BITS) - 1)
    else:
        unique, counts = np.unique(np.stack([rank, rest], axis=1), axis=0, return_counts=True)
        keep = counts >= min_count
        rank, rest = unique[keep, 0], unique[keep, 1]
    head_columns = _unpack(frequent_heads[rank.astype(np.int64)], _MAX_KEYED)
    return np.concatenate([head_columns, _unpack(rest, tail)], axis=1), counts[keep]


def _head_rank_and_rest(
    codes: np.ndarray, starts: np.ndarray, heads: np.ndarray, n: int, known: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The n-character windows (n > _MAX_KEYED) whose first _MAX_KEYED characters (their
    `heads` keys) are among `known` (sorted, distinct): their starts, their head's rank in
    `known` and their remaining characters packed in one uint64, as uint64 arrays."""
    rank = np.searchsorted(known, heads)
    found = rank < len(known)
    found[found] = known[rank[found]] == heads[found]
    starts, rank = starts[found], rank[found].astype(np.uint64)
    rest = np.zeros(len(starts), dtype=np.uint64)
    for k in range(_MAX_KEYED, n):
        rest = (rest << np.uint64(_BITS)) | codes[starts + k]
    return starts, rank, rest


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
    '$' at the start and end of a run, counted over every occurrence. Each counter lists its
    characters in the order they first occur in the runs (entropy is summed in that order)."""
    codes = _codes(runs)
    left: dict[str, Counter[str]] = {g: Counter() for g in grams}
    right: dict[str, Counter[str]] = {g: Counter() for g in grams}
    for n in sorted({len(g) for g in grams}):
        wanted = sorted(g for g in grams if len(g) == n)
        starts, keys = _windows(codes, n)
        hits, ids = _occurrences(codes, starts, keys, n, wanted)
        before = np.where(hits > 0, codes[np.maximum(hits - 1, 0)], _SEP)
        _count_in_order(wanted, ids, before, "^", left)
        _count_in_order(wanted, ids, codes[hits + n], "$", right)
    return left, right


def _occurrences(
    codes: np.ndarray, starts: np.ndarray, keys: np.ndarray, n: int, wanted: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """The windows that are one of `wanted` (sorted, all n characters long): their starts, in
    order, and the index of the gram each is. A window longer than _MAX_KEYED characters is
    keyed by its head's rank among the wanted grams' heads and its remaining characters, in
    one uint64: their remaining characters must fit in _REST_BITS (n ≤ 6; term learning
    reads at most 5)."""
    if n > _MAX_KEYED:
        assert (n - _MAX_KEYED) * _BITS <= _REST_BITS, f"{n}-grams do not fit one key"
        wanted_heads = np.array([_key(g[:_MAX_KEYED]) for g in wanted], dtype=np.uint64)
        heads = np.unique(wanted_heads)
        starts, rank, rest = _head_rank_and_rest(codes, starts, keys, n, heads)
        keys = (rank << np.uint64(_REST_BITS)) | rest
        wanted_rest = np.array([_key(g[_MAX_KEYED:]) for g in wanted], dtype=np.uint64)
        wanted_rank = np.searchsorted(heads, wanted_heads).astype(np.uint64)
        wanted_keys = (wanted_rank << np.uint64(_REST_BITS)) | wanted_rest
    else:
        wanted_keys = np.array([_key(g) for g in wanted], dtype=np.uint64)
    # ascending, as `wanted` is sorted (uint64 arrays throughout: a Python int above 2**63
    # would be compared as a float)
    at = np.minimum(np.searchsorted(wanted_keys, keys), len(wanted_keys) - 1)
    hit = wanted_keys[at] == keys
    return starts[hit], at[hit]


def _count_in_order(
    wanted: list[str], ids: np.ndarray, neighbour: np.ndarray, edge: str, into: dict
) -> None:
    """Count each (gram, neighbouring character) pair by sorting, and fill the grams'
    counters in the order each pair first occurs."""
    pairs = (ids.astype(np.uint64) << np.uint64(32)) | neighbour
    unique, first, counts = np.unique(pairs, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    for pair, count in zip(unique[order].tolist(), counts[order].tolist(), strict=True):
        char = pair & 0xFFFFFFFF
        into[wanted[pair >> 32]][chr(char) if char != _SEP else edge] = count


def _key(gram: str) -> int:
    key = 0
    for ch in gram:
        key = (key << _BITS) | ord(ch)
    return key
