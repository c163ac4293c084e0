"""Words a reader types that the archive writes another way, read through CC-CEDICT.

Some short forms no spelling rule reads: 驾照 for 驾驶证 (照 begins no word of it), and a common
short form the archive may write only in full (社保 for 社会保险). A general dictionary states
both: an entry glossed "abbr. for 社会保险", and entries sharing one gloss word for word (驾照,
驾驶执照 and 驾驶证 are each "driver's license"; `translations.same_meaning`). So a query word
the archive rarely writes is searched with the dictionary's words of the same meaning that the
archive writes clearly more often, as a short form's full name is (search/shortforms.py), when
no spelling reads it. The archive picks among the dictionary's words: nothing here is a list.
"""

from __future__ import annotations

from collections.abc import Callable

from wxintel.search.shortforms import MIN_POSTS

MAX_LENGTH = 6  # a longer typed word is a phrase, not a word a dictionary holds
KEPT = 2  # of the dictionary's words, the archive's most frequent
# a word of the same meaning is kept only when the archive writes it in at least this many
# times the posts writing the typed word: the archive's own spelling, not a rarer twin
LEAD = 2


def archive_synonyms(
    word: str,
    typed: int,
    posts_with: Callable[[str], int],
    same: Callable[[str], tuple[str, ...]],
) -> list[str]:
    """The words of `word`'s meaning (`same(word)`) that share a character with it, as a
    short form and its name do (驾照, 驾驶证; a gloss shared without one is most often a loose
    sense: 对仗 and 大战, 道光 and 同治), that this archive writes in MIN_POSTS posts or more
    (`posts_with`) and LEAD times the `typed` posts holding `word`, most first, at most KEPT.
    `word` is one `shortforms.typed_posts` let through with MAX_LENGTH, `typed` its count."""
    names = [name for name in same(word) if word not in name and set(name) & set(word)]
    held = [(posts_with(name), name) for name in names]
    ranked = sorted(held, key=lambda item: (-item[0], item[1]))
    return [name for n, name in ranked if n >= max(MIN_POSTS, LEAD * typed)][:KEPT]
