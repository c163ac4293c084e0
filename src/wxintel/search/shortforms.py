"""Short forms a reader types for a name the archive writes in full, found by their initials.

Policy readers shorten a name by the first character of its words: 技改 for 技术·改造, 民企 for
民营·企业, 国常会 for 国务院·常务·会议, 食安法 for 食品·安全·法. The archive writes the full name;
the short form may be rare in it or absent. So when a query word is rare, the archive's own words
and two-word phrases that the word abbreviates are looked up in the index's term dictionary (the
words beginning with its first character, most frequent first), and the one the archive holds
clearly most often is searched as the word's alias and shown in `understood`. Nothing here is a
word list: every archive supplies its own full names. A word the archive itself uses often is left
as typed (it is a word there, whatever it might abbreviate); one it uses rarely must stand near
the full name in some post, within a passage, as a text shortening a name does (零工 of 零工市场 is
never written beside 零碳工厂: no short form of it; 监理 of a building project stands 3,790
characters from the 监督管理 of the one post writing both: no short form of that either).

The abbreviation test (`abbreviates`): the full name splits into dictionary words; each character
of the short form begins one of those words, in order; the first character begins the first word
and the last character begins the last word (words in between may be skipped: 中纪委 for
中央·纪律·检查·委员会, 工信部 for 工业·和·信息化·部). A one-character word counts only where it is
skipped or where it ends the name (法, 部, 会), so that no name is cut into single characters.

When initials find no name, a looser spelling is tried (`fit`): each character of the short form
still comes from the name in order, but a word may be kept whole (总局 of 市场·监管·总局 in
市监总局) and the last word give its last character beside its first (博会 of 博览会). Names
are preferred by how many of the short form's characters begin a word (`fit`), then by how often
the archive writes them, with the same evidence. When neither finds a name, a short form of three
or more characters may keep its name's last character instead of the last word's first (网安周 for
网络安全·宣传周): its leading word is read by initials and the rest off the archive's text after
it (`name_ends`), with the same evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from wxintel import settings
from wxintel.nlp.segment import is_cjk

MIN_SHORT, MAX_SHORT = 2, 4  # short forms of 2-4 characters (民企 … 国常会, 市监总局)
MAX_PIECE = 6  # the longest dictionary word tried inside a full name
MIN_EXTRA = 2  # a full name is at least this many characters longer than its short form
# A word found in more than this share of the archive's posts is a word there: never rewritten.
RARE_SHARE = settings.number("search_short_form_rare_share")
MIN_POSTS = 2  # a full name must be written in at least this many posts
LEAD = 2.0  # ... and in at least LEAD times as many posts as the next candidate
PARTS = 8  # candidates per part of a two-word name looked at (the most frequent)

# (prefix) -> the archive's words beginning with it, with their post counts, most frequent first
Vocabulary = Callable[[str], list[tuple[str, int]]]
# (words) -> how many posts hold the words (one word, or a phrase of adjacent words)
Count = Callable[[tuple[str, ...]], int]
# (short, words) -> how many posts write the short form near the full name (`near`)
Together = Callable[[str, tuple[str, ...]], int]
# (word, last) -> the names the archive writes as `word` followed by a few characters ending a
# word with the character `last` (网络安全 + 周: 网络安全宣传周), as their words, with how many of
# the posts read write each (`name_ends`)
After = Callable[[str, str], dict[tuple[str, ...], int]]
MAX_TAIL = 4  # characters after a name's leading word up to the short form's last one
HEADS = 2  # leading words (the most frequent) whose following text is read
# the shortest short form read by its last character: two initials spell the leading word (网安
# of 网络安全); a single one would take the commonest word of that character (政 → 政府)
MIN_ENDS = 3
# the shortest short form read by the looser spelling (`fit`): two characters spelt so are most
# often two ordinary words run together (考试 of 考核·试点), not a short form
MIN_LOOSE = 3


def rare(typed: int, posts: int) -> bool:
    """The reading's rarity rule: a word that `typed` of the archive's `posts` hold (inside
    longer words too) may be a short form when at most RARE_SHARE of the posts hold it; one held
    by more is a word there. bench/shortforms.py samples its words by this rule too."""
    return typed <= RARE_SHARE * posts


def typed_posts(word: str, count: Count, posts: int, longest: int) -> int | None:
    """How many posts hold `word` (`count((word,))`, inside longer words too) when it may be
    another writing of a name: a CJK word of MIN_SHORT to `longest` characters, `rare` in an
    archive of `posts` posts with the reading on; None, uncounted, for any other word. The one
    gate of the spelling reading (`full_names`, MAX_SHORT) and the dictionary's
    (`synonyms.archive_synonyms`, its MAX_LENGTH): the typed word is counted once for both."""
    if not MIN_SHORT <= len(word) <= longest or not is_cjk(word):
        return None
    if posts <= 0 or RARE_SHARE <= 0:  # an empty archive, or the reading turned off
        return None
    typed = count((word,))
    return typed if rare(typed, posts) else None


def near(short: str, name: str, text: str, chars: int) -> bool:
    """Whether `text` writes `short` (not as part of `name`) within `chars` characters of
    `name`: the archive's own sign that it shortens the name that way."""
    names = [m.start() for m in re.finditer(re.escape(name), text)]
    inside = {s for start in names for s in range(start, start + len(name))}
    shorts = [m.start() for m in re.finditer(re.escape(short), text) if m.start() not in inside]
    return any(abs(a - b) <= chars for a in shorts for b in names)


def abbreviates(short: str, full: str, known: Callable[[str], bool], whole: bool = True) -> bool:
    """True when each character of `short` begins a dictionary word of `full`, in order, the
    first beginning its first word and the last its last word. With `whole` False, `full` may be
    as short as `short` plus one character (a part of a two-word name: 食 of 食品)."""
    return fit(short, full, known, whole, loose=False) == 1.0


def fit(
    short: str, full: str, known: Callable[[str], bool], whole: bool = True, loose: bool = True
) -> float:
    """How well `short` spells `full`: the share of its characters that begin a dictionary
    word of `full` (1.0 for a spelling by initials, `abbreviates`), at the best cut of `full`
    into words; 0.0 when it does not spell it. With `loose`, a word may also be kept whole (总局
    of 市场·监管·总局: 市监总局 fits 0.5) and the last word give its last character beside its
    first (博会 of 博览会); the first character still begins the name, and at least one word
    must be shortened, fit above 0 (科技企业 keeps 科技 and 企业 whole: no short form of
    科技型·中小·企业; 生态局 shortens 局 of 生态·环境·局)."""
    if whole and (len(full) < len(short) + MIN_EXTRA or short in full):
        return 0.0  # a word holding the short form verbatim is found by the sub-word index
    if len(full) <= len(short):
        return 0.0
    return _initials(short, full, known, loose) / len(short)


def _initials(short: str, full: str, known: Callable[[str], bool], loose: bool) -> int:
    """The initials of the best cut of `full` into dictionary words that spells `short` (see
    `fit`): the words shortened, each giving its first character (and, the last word, maybe its
    last) but not all of it; a word kept whole gives none. 0 when no cut spells it."""
    n, m, none = len(full), len(short), -len(short) - 1

    @cache
    def rest(i: int, j: int) -> int:
        """The most initials spelling short[j:] from full[i:] (i at a word boundary), the
        last word of full giving short's last character; `none` when it cannot be spelt."""
        best = none
        for length in range(1, min(MAX_PIECE, n - i) + 1):
            piece, last = full[i : i + length], i + length == n
            if not known(piece):
                continue
            if length > 1 or last:  # a one-character word is skipped or ends the name
                for taken in _taken(piece, short[j:], last, loose):
                    kept = taken == length > 1  # the word kept whole (总局)
                    here = 0 if kept else 1
                    if last and j + taken == m:
                        best = max(best, here)
                    elif not last and j + taken < m:
                        best = max(best, here + rest(i + length, j + taken))
            if i > 0 and not last:  # a word the short form skips
                best = max(best, rest(i + length, j))
        return best

    return max(rest(0, 0), 0)


def _taken(piece: str, short: str, last: bool, loose: bool) -> list[int]:
    """How many of `short`'s leading characters the word `piece` may give: its first one; with
    `loose`, also the whole word (总局), or, the name's last word, its first and last. Not a
    part of a longer word: 来天津 is 来 and 天津, no short form of 来源·天津市."""
    if not short or piece[0] != short[0]:
        return []
    if not loose:
        return [1]
    takes = [1]
    if len(piece) > 1 and short.startswith(piece):
        takes.append(len(piece))
    if last and len(piece) > 2 and short[1:2] == piece[-1]:
        takes.append(2)
    return takes


def _candidates(
    short: str, vocabulary: Vocabulary, known: Callable[[str], bool], whole: bool, loose: bool
) -> list[tuple[str, int]]:
    """The archive's words beginning with short[0] that `short` spells, most frequent first,
    each with how many of `short`'s characters begin one of its words: all of them unless
    `loose` (see `fit`)."""
    found = []
    for word, _ in vocabulary(short[0]):
        if is_cjk(word) and (score := fit(short, word, known, whole, loose)):
            found.append((word, round(score * len(short))))
    return found


def full_names(
    short: str,
    typed: int,
    vocabulary: Vocabulary,
    count: Count,
    together: Together,
    known: Callable[[str], bool],
    after: After | None = None,
    loose: bool = True,
) -> list[str]:
    """The full name the archive writes for `short`, a word `typed_posts` let through as held
    by `typed` posts, as a one-item list, or [] when `short` is longer than MAX_SHORT or no
    candidate has clear evidence: written in at least MIN_POSTS posts, at least as often as
    `short` itself and LEAD times as often as the next candidate, and near `short` in a post
    when the archive writes `short` at all. A two-word name is returned with its words joined
    (食品安全法)."""
    if len(short) > MAX_SHORT:
        return []
    vocabulary = cache(vocabulary)  # every cut's first part begins with short[0]: read it once
    spelt = _spelt(short, typed, vocabulary, count, known, loose and len(short) >= MIN_LOOSE)
    strict = spelt.get(len(short), {})  # by initials: every character begins a word
    best = _best(short, typed, strict, together)
    if not best and max(strict.values(), default=0) < MIN_POSTS:
        # no name by initials: by the looser spelling, the names whose words more of its
        # characters begin first
        for initials in sorted(spelt, reverse=True):
            if initials < len(short) and (best := _best(short, typed, spelt[initials], together)):
                break
    if best or after is None or len(short) < MIN_ENDS:
        return best
    # Not by initials: a Chinese short form often ends with the name's last character, which
    # ends its last word rather than beginning it (网安周 for 网络安全·宣传周). All but the last
    # character spell the name's leading word by initials; the rest is read off the text that
    # follows that word in the archive's posts, with the same evidence (the posts counted are
    # those read: a lower bound).
    ends: dict[tuple[str, ...], int] = {}
    for head, _ in _candidates(short[:-1], vocabulary, known, False, False)[:HEADS]:
        for words, k in after(head, short[-1]).items():
            ends[words] = max(ends.get(words, 0), k)
    return _best(short, typed, ends, together)


def name_ends(head: str, last: str, text: str, word_ends: Callable[[str], set[int]]) -> set[str]:
    """The names `text` writes as `head` followed by at most MAX_TAIL characters, the last of
    them `last` where a word ends (`word_ends`: the offsets where the segmenter ends a word in a
    string): 网络安全宣传周 for 网络安全 and 周 in 第二十届网络安全宣传周, not 网络安全周边 (周
    begins 周边)."""
    out: set[str] = set()
    for m in re.finditer(re.escape(head), text):
        end = text.find(last, m.end(), m.end() + MAX_TAIL)
        if end < 0:
            continue
        name = text[m.start() : end + 1]
        window = text[m.start() : m.end() + MAX_TAIL + 2]
        if is_cjk(name) and len(name) in word_ends(window):
            out.add(name)
    return out


def _spelt(
    short: str,
    typed: int,
    vocabulary: Vocabulary,
    count: Count,
    known: Callable[[str], bool],
    loose: bool,
) -> dict[int, dict[tuple[str, ...], int]]:
    """The names `short` spells, one word or two, with their post counts, grouped by how many
    of its characters begin one of their words (all of them, the spelling by initials, unless
    `loose`; see `fit`)."""
    found: dict[int, dict[tuple[str, ...], int]] = {}
    for word, initials in _candidates(short, vocabulary, known, True, loose):
        found.setdefault(initials, {})[(word,)] = count((word,))
    # A name the index holds as two words (食品 · 安全法), its first part spelt by initials.
    # Two ordinary words whose first characters spell a two-character word the archive uses
    # are a coincidence as often as not (不再 · 受理 for 不受, 大幅 · 增长 for 大增): such a word
    # needs a one-word full name.
    cuts = range(1, len(short)) if typed == 0 or len(short) > MIN_SHORT else range(0)
    for cut in cuts:
        firsts = _candidates(short[:cut], vocabulary, known, False, False)[:PARTS]
        seconds = _candidates(short[cut:], vocabulary, known, False, loose)
        by_initials = [s for s in seconds if s[1] == len(short) - cut]
        # the PARTS most frequent by either spelling, and by initials alone: the spelling by
        # initials reads the same second parts whether or not the looser one is tried
        tried = dict.fromkeys([*seconds[:PARTS], *by_initials[:PARTS]])
        for first, _ in firsts:
            for second, initials in tried:
                name = first + second
                if len(name) >= len(short) + MIN_EXTRA and short not in name:
                    found.setdefault(cut + initials, {})[(first, second)] = count((first, second))
    return found


def _best(
    short: str, typed: int, found: dict[tuple[str, ...], int], together: Together
) -> list[str]:
    """The candidate with clear evidence (see `full_names`), as a one-item list, or []."""
    ranked = sorted(found.items(), key=lambda item: (-item[1], item[0]))
    if not ranked:
        return []
    (best, posts_best), runner_up = ranked[0], ranked[1][1] if len(ranked) > 1 else 0
    if posts_best < max(MIN_POSTS, typed) or posts_best < LEAD * runner_up:
        return []
    if typed and not together(short, best):
        return []
    return ["".join(best)]
