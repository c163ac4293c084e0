"""Where the search index reads post bodies: it indexes them but does not store them.

The store is the system of record and already holds every body, so the index keeps only the
title and the fields a hit shows. Re-ranking and snippets need the bodies of a few posts per
search (a tier's candidates, the page's hits): they ask a `TextReader` for those keys at once
(the store's `texts`, one query). An index with no store behind it (tests, benchmarks) keeps
the bodies it was given in memory instead (`KeptTexts`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

# keys -> the body of each key still stored (a key no longer stored is left out)
TextReader = Callable[[Sequence[str]], dict[str, str]]


class KeptTexts:
    """Bodies by key in memory, for an index with no store behind it: filled as posts are
    indexed through one `SearchIndex` (hand the same object to another index of the same
    directory to share them)."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}

    def __call__(self, keys: Sequence[str]) -> dict[str, str]:
        return {key: self._texts[key] for key in keys if key in self._texts}

    def keep(self, key: str, text: str) -> None:
        self._texts[key] = text

    def drop(self, keys: Iterable[str]) -> None:
        for key in keys:
            self._texts.pop(key, None)

    def clear(self) -> None:
        self._texts.clear()
