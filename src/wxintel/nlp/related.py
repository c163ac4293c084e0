"""Related words (synonyms and near-synonyms) from data/related_words.txt: an asker writes 卖,
头一回, 布置 where an official post writes 出售, 首次, 部署."""

from __future__ import annotations

from functools import cache

from wxintel.nlp.lexicon import data_text, read_lines

# A word must be this long to have related words, and a related word this long to be looked
# for in a sentence: one character has many senses, each with its own synonyms (去: 前往, 删除;
# 开: 召开, 打开), and stands inside too many unrelated words to say that a sentence writes it.
MIN_RELATED = 2


@cache
def _index() -> dict[str, frozenset[str]]:
    """Each word of the file -> the other words of every group it sits in."""
    related: dict[str, set[str]] = {}
    for line in read_lines(data_text("related_words.txt")):
        words = line.split()
        for word in words:
            related.setdefault(word, set()).update(w for w in words if w != word)
    return {word: frozenset(others) for word, others in related.items()}


def related_words(word: str) -> frozenset[str]:
    """The words a sentence may write for `word`, each at least MIN_RELATED characters long
    (none for a shorter word)."""
    if len(word) < MIN_RELATED:
        return frozenset()
    return frozenset(w for w in _index().get(word, ()) if len(w) >= MIN_RELATED)
