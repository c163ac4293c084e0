"""Answers read from the search index, remembered while the index holds the same posts.

A search asks the index things that change only when its posts do: how many posts hold each
concept (the weight of a partial match), which words begin with a query word (its qualified
spellings), the full name a short form stands for. Each is kept per state of the index (a
key the index derives from its store generation, its document count and the homes it read)
and forgotten when that state changes, so the answers are the ones asked afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Remembered(Generic[Value]):
    """Answers by key for one state of the index, at most `limit` of them (then started
    afresh: a server answering endless new queries keeps bounded memory)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._state: Hashable = None
        self._known: dict[Hashable, Value] = {}

    def get(self, state: Hashable, key: Hashable, compute: Callable[[], Value]) -> Value:
        """The answer for `key` in `state`: remembered, or computed now and remembered."""
        if state != self._state:
            self._state, self._known = state, {}
        if key not in self._known:
            if len(self._known) >= self.limit:
                self._known = {}
            self._known[key] = compute()
        return self._known[key]

    def forget(self) -> None:
        """Drop every answer (the next `get` computes afresh)."""
        self._state, self._known = None, {}
