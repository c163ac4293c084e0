"""Short names an archive defines for itself, learned from its posts as they are indexed.

Chinese policy text names a thing in full once and then by a short form: "中国国际工业博览会
（以下简称“工博会”）", "X（简称Y）", or a bare parenthesis "专精特新中小企业（专精特新）". A user
types the short form; posts use either. Every such definition found in a post is kept with a
count, so the search can expand a short form to its full name (and back) on any account, and a
short form defined with many different full names (《实施意见》, 《办法》) is too vague to expand.

Also learned here: the Latin-script names a post states for a Chinese one, "扩展现实（XR）"
(`stated_translations`), so an English query finds the posts that write only the Chinese.

Also here: the bracketed part of a name ("A（B）C"), which a user leaves out or types without
brackets; `bracket_variants` gives the spellings to index beside the text (AC and ABC).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from wxintel.nlp.gazetteer import org_suffixes
from wxintel.nlp.regions import regions
from wxintel.nlp.segment import CJK, Segmenter

_OPEN, _CLOSE = re.escape("（(［[〔【"), re.escape("）)］]〕】")
_QUOTES = re.escape("“”\"'‘’「」『』《》〈〉")
# "（以下简称“工博会”）", "(简称:CIIF)", "（下称《办法》）"
_DEFINED = re.compile(
    rf"[{_OPEN}]\s*(?:以下|下文)?(?:简称|下称)\s*[:：为]?\s*[{_QUOTES}]?"
    rf"(?P<short>[^{_QUOTES}{_OPEN}{_CLOSE}，,。;；]{{2,16}}?)[{_QUOTES}]?\s*[{_CLOSE}]"
)
# a bare parenthesis of 2-6 CJK characters right after a CJK name: "工业博览会（工博会）"
_BARE = re.compile(rf"(?<=[{CJK}])[（(](?P<short>[{CJK}]{{2,6}})[）)]")
# where the full name stops, walking left from the bracket
_BOUNDARY = re.compile(rf"[^{CJK}A-Za-z0-9“”\"·\-—]")
MAX_FULL = 40
MIN_FULL_EXTRA = 2  # a full name is at least this many characters longer than its short form
# A short form defined with more full names than this is a generic word (《实施意见》, 《通知》).
MAX_SENSES = 3


def is_subsequence(short: str, full: str) -> bool:
    """Whether `full` holds `short`'s characters in order (a short form keeps some characters of
    its name): the one home of that test, here and in search/backoff.py."""
    chars = iter(full)
    return all(ch in chars for ch in short)


def _full_name(before: str, short: str, cued: bool) -> str | None:
    """The full name ending right before a bracket, or None when none can be told apart."""
    before = before.rstrip()
    if before.endswith(("”", "》", '"', "」")):  # a quoted or book-title name
        opening = {"”": "“", "》": "《", '"': '"', "」": "「"}[before[-1]]
        start = before.rfind(opening, 0, len(before) - 1)
        candidate = before[start + 1 : -1] if start >= 0 else ""
    else:
        cut = [m.end() for m in _BOUNDARY.finditer(before)]
        candidate = before[cut[-1] if cut else 0 :]
    candidate = candidate[-MAX_FULL:].strip('“”"《》 ')
    core = short.strip('“”"《》 ')
    if re.search(f"[{CJK}]", core):
        # The short form's characters, in order, come from the full name: start the name at
        # its first character, so a verb before it (召开, 首次开设) is not taken for the name.
        starts = [i for i, ch in enumerate(candidate) if ch == core[0]]
        found = next((candidate[i:] for i in starts if is_subsequence(core, candidate[i:])), None)
        if found is None:
            return None
        candidate = found
    elif not cued:
        return None
    if len(candidate) < len(core) + MIN_FULL_EXTRA or not re.search(f"[{CJK}]", candidate):
        return None
    if candidate.startswith(core) and re.search(r"[（(]", candidate):
        return None  # 办法（试行）, 方案（2025—2026年）: an edition, not a name
    return candidate


def _names_one_thing(short: str, full: str, cued: bool) -> bool:
    """False for the bracket pairs that are no definition: a place in a bare bracket qualifies
    the name before it (中国（上海）优化营商环境, 国家会展中心（上海）), it does not shorten it;
    and a short form that merely begins its "full name" names the body that full name is
    (广核阀门 of 广核阀门科技有限公司), else the words before it ran into a sentence
    (集团和东方国际商业（集团）)."""
    if not cued and regions().pattern.fullmatch(short):
        return False
    return not full.startswith(short) or full.endswith(org_suffixes())


def find_abbreviations(text: str) -> list[tuple[str, str]]:
    """(short, full) pairs a text defines, in text order."""
    found: list[tuple[str, str]] = []
    for pattern, cued in ((_DEFINED, True), (_BARE, False)):
        for m in pattern.finditer(text):
            short = m.group("short").strip('“”"《》 ')
            if len(short) < 2:
                continue
            full = _full_name(text[max(0, m.start() - 2 * MAX_FULL) : m.start()], short, cued)
            if full and full != short and _names_one_thing(short, full, cued):
                found.append((short, full))
    return found


def defined_names(text: str) -> list[tuple[str, str]]:
    """The distinct (short, full) pairs a post defines: what it teaches `LearnedAbbreviations`
    (each counted once per post)."""
    return list(dict.fromkeys(find_abbreviations(text)))


class LearnedAbbreviations:
    """Short form -> full name -> how many posts define it so; grows with every batch."""

    def __init__(self, counts: dict[str, dict[str, int]] | None = None) -> None:
        self.counts: dict[str, Counter[str]] = {
            short: Counter(fulls) for short, fulls in (counts or {}).items()
        }

    def learn(self, definitions: Iterable[tuple[str, str]]) -> bool:
        """Count one post's (short, full) definitions (`defined_names`); True when a count
        changed."""
        changed = False
        for short, full in definitions:
            self.counts.setdefault(short, Counter())[full] += 1
            changed = True
        return changed

    def forget(self, definitions: Iterable[tuple[str, str]]) -> bool:
        """Take back the definitions of a post that left the index; True when a count changed
        (a full name no post defines any more is dropped)."""
        changed = False
        for short, full in definitions:
            fulls = self.counts.get(short)
            if fulls is None or full not in fulls:
                continue
            fulls[full] -= 1
            changed = True
            if fulls[full] <= 0:
                del fulls[full]
            if not fulls:
                del self.counts[short]
        return changed

    def groups(self) -> list[tuple[str, ...]]:
        """(full, short) name groups to search as one, leaving out vague short forms."""
        return [
            (full, short)
            for short, fulls in sorted(self.counts.items())
            if len(fulls) <= MAX_SENSES
            for full in sorted(fulls)
        ]

    def to_json(self) -> dict[str, dict[str, int]]:
        return {short: dict(fulls) for short, fulls in sorted(self.counts.items())}


# "扩展现实（XR）", "中国国际工业博览会（China International Industry Fair, CIIF）": a post states
# the Latin-script name (an English name, its acronym) of the Chinese name right before it
_LATIN = re.compile(
    rf"(?<=[{CJK}])[（(]\s*"
    r"(?P<latin>[A-Za-z][A-Za-z0-9 .&'’+\-/,，;；]{0,78}[A-Za-z0-9+])\s*[）)]"
)
_NOT_A_NAME = re.compile(r"www|https?:|@|\.(?:com|cn|org|net|gov)\b", re.IGNORECASE)
_LATIN_PARTS = re.compile(r"\s*[/,，;；]\s*")  # "English name / ACRONYM": each is a name
# The Chinese name a Latin one is learned for: at most 12 characters (longer ones run into the
# sentence: 振华重工集团融合扩展现实), at least 3 (系统, 平台 alone would take any post along).
STATED_MIN, STATED_MAX = 3, 12


# a count's measure word opening the run before a bracket ("2025年中国国际海事会展",
# "第30次缔约方大会", "第三十届…"): it belongs to the number, not to the name
_COUNT_HEAD = re.compile(r"^第?[零〇一二三四五六七八九十百千]*[年届月日期号次]")


def _without_count(run: str, preceding: str) -> str:
    head = _COUNT_HEAD.match(run)
    if head and (len(head.group()) > 1 or preceding[-1:].isdigit()):
        return run[head.end() :]
    return run


def stated_translations(text: str, seg: Segmenter) -> list[tuple[str, str]]:
    """(Latin name, Chinese name) pairs a text states by a bracket, in text order: the Chinese
    name is the run of words before the bracket after its last function word (的, 在, 和 …:
    研发的集装箱码头仿真系统（SmartSim） names 集装箱码头仿真系统). Kept with the short names
    (`LearnedAbbreviations`), so an English query finds the posts that write only the Chinese."""
    found: list[tuple[str, str]] = []
    stopwords = seg.lexicon.stopwords
    for m in _LATIN.finditer(text):
        latin = m.group("latin")
        before = text[max(0, m.start() - 2 * MAX_FULL) : m.start()]
        run = re.search(rf"[{CJK}]+$", before)
        if _NOT_A_NAME.search(latin) or run is None:
            continue
        words = seg.surfaces(_without_count(run.group(), before[: run.start()]))
        after_stop = max((i + 1 for i, w in enumerate(words) if w in stopwords), default=0)
        name = "".join(words[after_stop:])
        if not STATED_MIN <= len(name) <= STATED_MAX:
            continue
        parts = [" ".join(p.split()) for p in _LATIN_PARTS.split(latin)]
        if len(parts) > 1 and not any(" " in p for p in parts):
            continue  # 虚拟现实及增强现实（VR/AR）: two names of two things, not one
        found += [(part, name) for part in parts if len(part) >= 2 and not part.isdigit()]
    return list(dict.fromkeys(found))


# "专精特新（小巨人）企业", "首台（套）": a short bracketed part inside a CJK name
_INNER_LEFT = 12  # CJK characters of the name before the bracket, at most
_INNER = re.compile(
    rf"([{CJK}]{{1,{_INNER_LEFT}}})[（(]([{CJK}A-Za-z0-9]{{1,8}})[）)]([{CJK}]{{0,12}})"
)
_INNER_OPENING = re.compile(r"[（(]")
VARIANT_SEPARATOR = " | "


def bracket_variants(text: str) -> list[str]:
    """Spellings of each bracketed name without its brackets: "A（B）C" gives "AC" and "ABC",
    so a query typed either way finds it (the text itself already gives "A B C")."""
    out: list[str] = []
    for m in _inner_names(text):
        left, inner, right = m.groups()
        out.append(left + right)
        out.append(left + inner + right)
    return out


def _inner_names(text: str) -> Iterator[re.Match[str]]:
    """`_INNER.finditer(text)`, tried only in the _INNER_LEFT characters before each opening
    bracket. The pattern opens with a run of CJK, so finditer tried it at every Chinese
    character of a post; a match's run reaches its bracket, so it starts at most _INNER_LEFT
    characters before one, after the previous match, and no earlier bracket lies between."""
    pos = 0  # where the next match may start
    while bracket := _INNER_OPENING.search(text, pos + 1):
        at = bracket.start()
        for start in range(max(pos, at - _INNER_LEFT), at):
            found = _INNER.match(text, start)
            if found:
                yield found
                pos = found.end()
                break
        else:
            pos = at + 1  # a name's run never crosses a bracket: none starts at or before it
