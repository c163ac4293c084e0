"""Parse what a user types into terms: words, "exact phrases", -exclusions, OR, identifiers.

Never raises: unbalanced quotes or a dangling OR fall back to plain terms. Natural questions
(上海支持化妆品产业的措施有哪些) lose their question words and particles through the stopword list;
date words (2025年11月, 上个月) become a date filter; words such as 申请 or 措施 say what kind of
post is wanted (intents); English words reach Chinese ones through the glossary's alias groups.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from wxintel.nlp.lexicon import Lexicon
from wxintel.nlp.periods import DateFilter, take_dates
from wxintel.nlp.segment import Segmenter, is_cjk, normalize, stem
from wxintel.nlp.traditional import older_forms, simplified
from wxintel.search.identifiers import find_identifiers
from wxintel.search.intent import intent_words, same_genre
from wxintel.search.switches import on

WORD, PHRASE, IDENT = "word", "phrase", "id"
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "＂": '"'})
_ITEM = re.compile(r'(-?)"([^"]*)"|(\S+)')
_OR = frozenset({"OR", "|", "｜"})
_QUOTED = re.compile(r'"[^"]*"')
_KEPT = "\ue001"  # stands in for a quoted phrase while date words are taken out
_JOINER = "\ue000"  # keeps the words of a multi-word alias (China International ...) one unit


@dataclass(frozen=True)
class Term:
    """One thing to find: a word (with its aliases), an exact phrase or an identifier token."""

    text: str  # normalised surface, as shown in `matched` and highlighted
    kind: str = WORD
    aliases: tuple[tuple[str, str], ...] = ()  # (name, relation "=" or "~")
    token: str = ""  # the identifier's normalised token (kind IDENT)


@dataclass
class Clause:
    """Alternatives joined by OR; each alternative is a list of terms that must all match."""

    alternatives: list[list[Term]]


def rewritten(clauses: list[Clause], rewrite: Callable[[Term], Term]) -> list[Clause]:
    """`clauses` with every term of every alternative replaced by `rewrite(term)`: how the
    index's readings (variants, short forms, translations) widen a parsed query's terms."""
    return [
        Clause([[rewrite(t) for t in alternative] for alternative in clause.alternatives])
        for clause in clauses
    ]


def as_typed_too(clauses: list[Clause], typed: str, read: str) -> list[Clause]:
    """`clauses` of a query `read` in simplified characters, each alternative whose words
    were typed otherwise also searched as typed: a simplified post keeps a name's traditional
    characters (翁啟文, 黄霄雲) and writes a few words as CC-CEDICT's simplified form does not
    (二噁英, not 二𫫇英). A word is found as typed at its place in `read` (the reading keeps
    every character's place: nlp/traditional.py)."""
    typed, read = normalize(typed), normalize(read)
    if len(typed) != len(read):
        return clauses

    def as_typed(term: Term) -> Term:
        at = read.find(term.text)
        if term.kind == IDENT or at < 0 or typed[at : at + len(term.text)] == term.text:
            return term
        return Term(typed[at : at + len(term.text)], term.kind)

    out = []
    for clause in clauses:
        alternatives = [[as_typed(term) for term in alt] for alt in clause.alternatives]
        out.append(
            Clause(clause.alternatives + [a for a in alternatives if a not in clause.alternatives])
        )
    return out


@dataclass
class ParsedQuery:
    """Clauses that must all match (relaxed to any when too few match), plus exclusions."""

    clauses: list[Clause] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # stopwords removed from the query
    dates: DateFilter | None = None  # the publish dates the query's date words name
    intents: set[str] = field(default_factory=set)  # what kind of post is wanted (intent.py)
    intent_only: list[str] = field(default_factory=list)  # intent words not searched as content
    # each positive unit as typed (date words out): its character bigrams score like plain
    # bigram BM25, so what segmentation split or the lexicon does not know still ranks
    units: list[str] = field(default_factory=list)
    quoted: list[str] = field(default_factory=list)  # "exact phrases": searched as written
    # a unit typed without spaces that was cut into several words, one of them a lone
    # character, with those words: a post writing it verbatim holds each, however it cuts the
    # text around them (中央经济工作会 in 中央经济工作会议, whose 会 is part of the word 会议)
    runs: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    # a unit typed without spaces that the segmenter cut into several words, every part of it
    # searched, with those words (服务贸易 → 服务 · 贸易): the user typed one name, so a post
    # writing it whole may rank above one holding its words apart (SearchIndex._typed_whole)
    typed_whole: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    # the clause a post of an action kind satisfies whatever verb it writes (报名 of 报名 大赛
    # by a contest's registration notice): set by the index, which knows how common each is
    by_kind: int | None = None
    # the common concepts a post whose title holds every other concept satisfies (成为 of 怎么
    # 成为 高新技术企业 by the 高新技术企业认定指南): set by the index, which knows the counts
    by_title: tuple[int, ...] = ()
    # the query as read, when it wrote traditional characters (進博會 → 进博会: traditional.py)
    simplified: str | None = None

    @property
    def terms(self) -> list[Term]:
        """Every positive term once, in query order."""
        seen = {}
        for clause in self.clauses:
            for alternative in clause.alternatives:
                for term in alternative:
                    seen.setdefault((term.kind, term.text), term)
        return list(seen.values())

    def message(self) -> str | None:
        """Why the query cannot be searched, in words for the user, or None when it can."""
        if self.clauses or self.dates:
            return None
        if self.dropped:
            listed = "、".join(dict.fromkeys(self.dropped))
            return f"查询只包含常用词或疑问词（{listed}），请输入要查找的关键词。"
        if self.excluded:
            return "查询只有排除词（-词），请至少输入一个要查找的关键词。"
        return "请输入要查找的关键词。"


def _alias_names(lexicon: Lexicon) -> AliasNames | None:
    parts = _alias_parts(lexicon)
    return AliasNames(parts) if parts else None


def _alias_parts(lexicon: Lexicon) -> list[tuple[str, str]]:
    """(the first character, the pattern) of each of the lexicon's alias names, in the
    lexicon's order (longest first): the one alternation of them all, cut where
    `AliasNames` needs it. English names also match their plural (industrial robots, SMEs)
    and only as whole words."""
    parts = []
    for name in lexicon.alias_names():
        if name.isascii():
            word = normalize(name)
            parts.append((word[:1], rf"(?<![a-z0-9]){re.escape(word)}(?:e?s)?(?![a-z0-9])"))
        else:
            parts.append((name[:1], re.escape(name)))
    return parts


class AliasNames:
    """Where the lexicon's alias names stand in a query: the matches of one alternation of
    every name (longest first), found by trying at each position only the names that begin
    with its character. The one alternation tried each of the default lexicon's 1,509 names
    at every position that begins any: 181 µs a query on average over 403 bench and eval
    queries, up to 3.7 ms for a long English one on a loaded machine, 3 µs now (the costliest
    part of reading a query). An alternative that begins with another character cannot match
    there, so the first one that does is the same, and so are the matches (checked on every
    title of the 100k archive and those queries)."""

    def __init__(self, parts: list[tuple[str, str]]) -> None:
        """`parts`: (the character a name's pattern begins with, the pattern), in the
        alternation's order."""
        by_first: dict[str, list[str]] = {}
        for first, pattern in parts:
            by_first.setdefault(first, []).append(pattern)
        self._by_first = {first: re.compile("|".join(p)) for first, p in by_first.items()}

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The names in `text`, left to right, none overlapping (as `re.finditer` finds them)."""
        position = 0
        while position < len(text):
            pattern = self._by_first.get(text[position])
            found = pattern.match(text, position) if pattern is not None else None
            if found is None:
                position += 1
                continue
            yield found
            position = found.end()


def _joined(words: list[str], phrases: dict) -> list[str]:
    """`words` with runs of two or three that spell one of `phrases` (支持 政策 → 支持政策)
    joined, longest first, so a genre phrase is read whole wherever the segmenter cuts it."""
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in (3, 2):
            if i + n <= len(words) and "".join(words[i : i + n]) in phrases:
                out.append("".join(words[i : i + n]))
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _genre_spaced_joined(text: str) -> str:
    """`text` with a genre phrase typed across a space read whole (扶持 政策 → 扶持政策): a
    reader spaces the words of a query as they come, and split, 扶持 would be a concept every
    post must write while 政策 alone stands for the genre (a measures text that says 补贴)."""
    genres = [w for w, i in intent_words().items() if i.genre and len(w) > 2]
    if not on("genre") or not any(w[:1] in text for w in genres):
        return text
    tokens = [m.group() for m in _ITEM.finditer(text)]
    joined = _joined(tokens, dict.fromkeys(genres))
    return text if joined == tokens else " ".join(joined)


class QueryParser:
    """Turns query text into a `ParsedQuery` with the index's segmenter and lexicon."""

    def __init__(self, segmenter: Segmenter, lexicon: Lexicon | None = None) -> None:
        """`lexicon` adds alias groups the segmenter must not know (short names learned from
        the archive after part of it was indexed: segmenting them whole would split the index
        and the query differently); default: the segmenter's own."""
        self.segmenter = segmenter
        self.lexicon = lexicon or segmenter.lexicon
        self._aliases = _alias_names(self.lexicon)
        multiword = [n for g in self.lexicon.groups for n in g.names if " " in n]
        self._multiword = re.compile(
            "|".join(r"\s+".join(map(re.escape, n.split())) for n in multiword), re.IGNORECASE
        )

    def parse(
        self, text: str, as_of: date | None = None, latest: date | None = None
    ) -> ParsedQuery:
        """The query's clauses; with `as_of`, its date words become `dates` (relative ones
        such as 今年 count from `as_of`; a month without a year from `as_of` or the newest
        post in scope, `latest`, whichever is earlier: periods.month_day)."""
        parsed = ParsedQuery()
        typed = (text or "").translate(_QUOTES)
        text = simplified(typed) if on("traditional") else typed
        parsed.simplified = text if text != typed else None
        ident_terms: list[Term] = []
        for ident in reversed(find_identifiers(text) if on("identifiers") else []):
            ident_terms.insert(0, Term(text[ident.start : ident.end], IDENT, token=ident.tokens[0]))
            text = f"{text[: ident.start]} {text[ident.end :]}"
        text = text.replace('"', " ") if text.count('"') % 2 else text
        if as_of is not None:  # a date word inside "an exact phrase" stays part of it
            quoted = _QUOTED.findall(text)
            text, parsed.dates = take_dates(_QUOTED.sub(_KEPT, text), as_of, latest)
            text = re.sub(_KEPT, lambda _: quoted.pop(0), text)
        text = self._multiword.sub(lambda m: _JOINER.join(m.group().split()), text)
        units = self._units(_genre_spaced_joined(text), parsed)
        parsed.clauses = [Clause([[term]]) for term in ident_terms] + self._clauses(units)
        parsed.units += [  # an English word's Chinese names, as a Chinese reader types them
            name
            for term in parsed.terms
            if term.text.isascii()
            for name, relation in term.aliases
            if relation == "=" and not name.isascii()
        ]
        if not parsed.clauses and parsed.intent_only:  # "申请" alone: search the word itself
            words = dict.fromkeys(parsed.intent_only)
            parsed.clauses = [
                Clause([[Term(w, WORD, tuple(self.lexicon.aliases_of(w)))]]) for w in words
            ]
            parsed.intent_only = []
        if parsed.simplified is not None:
            for other in dict.fromkeys((typed, older_forms(typed, parsed.simplified))):
                parsed.clauses = as_typed_too(parsed.clauses, other, parsed.simplified)
        return parsed

    def _units(self, text: str, parsed: ParsedQuery) -> list[list[Term] | str]:
        """Whitespace-separated units as term lists, with OR markers kept as the string "OR"."""
        units: list[list[Term] | str] = []
        for m in _ITEM.finditer(text):
            negated, phrase, plain = m.group(1), m.group(2), m.group(3)
            if phrase is not None:
                terms = [Term(normalize(phrase).strip(), PHRASE)] if phrase.strip() else []
                if negated:
                    parsed.excluded.extend(terms)
                elif terms:
                    units.append(terms)
                    parsed.units.append(terms[0].text)
                    parsed.quoted.append(terms[0].text)
            elif plain in _OR:
                units.append("OR")
            elif plain.startswith("-") and len(plain) > 1:
                parsed.excluded.append(Term(normalize(plain[1:]), PHRASE))
            else:
                terms = self._words(plain, parsed)
                normal = normalize(plain)
                if terms:
                    units.append(terms)
                    parsed.units.append(normal.replace(_JOINER, " "))
                words = tuple(t.text for t in terms if t.kind == WORD)
                if len(words) > 1 and is_cjk(normal):
                    # only where a word is a lone character: a cut-off word's stub (会 of 会议)
                    if min(map(len, words)) == 1:
                        parsed.runs.append((normal, words))
                    if "".join(words) == normal:
                        parsed.typed_whole.append((normal, words))
        return units

    def _words(self, unit: str, parsed: ParsedQuery) -> list[Term]:
        """Alias names stay whole (longest first); the rest is segmented; stopwords dropped."""
        terms: list[Term] = []
        normal = normalize(unit).replace(_JOINER, " ")
        spans = [] if self._aliases is None else list(self._aliases.finditer(normal))
        intents = intent_words()
        genres = {w: i for w, i in intents.items() if i.genre}
        phrases = [
            (m.start(), m.end())
            for phrase in genres
            if len(phrase) > 2
            for m in re.finditer(re.escape(phrase), normal)
        ]
        spans = [
            m
            for m in spans
            if not self._inside_a_word(normal, m.start(), m.end())
            and not any(a < m.end() and m.start() < b for a, b in phrases)  # 政策 of 支持政策
        ]
        position = 0
        for m in [*spans, None]:
            rest = normal[position : m.start() if m else len(normal)]
            for word in _joined(self._segment(rest), genres):
                if word in intents:
                    parsed.intents.add(intents[word].intent)
                    if intents[word].drop:
                        parsed.intent_only.append(word)
                        continue
                if word in self.lexicon.stopwords and on("stopwords"):
                    parsed.dropped.append(word)
                elif word in genres:  # 支持政策: one concept, however the segmenter splits it
                    terms.append(Term(word, WORD, tuple(self._aliases_of(word))))
                elif len(word) > 1 and word not in self.segmenter.surfaces(word):
                    terms.append(Term(word, PHRASE))
                else:
                    terms.append(Term(word, WORD, tuple(self._aliases_of(word))))
            if m is not None:
                name = m.group()
                if name in intents:
                    parsed.intents.add(intents[name].intent)
                terms.append(Term(name, WORD, tuple(self._aliases_of(name))))
                position = m.end()
        return terms

    def _inside_a_word(self, text: str, start: int, end: int) -> bool:
        """True when text[start:end] lies inside a longer word the segmenter reads whole: an
        alias name there (机器人 in 智能机器人) would split the word the index keeps as one."""
        bounds = {0, *self.segmenter.word_ends(text)}
        in_one_word = not any(start < bound < end for bound in bounds)
        return in_one_word and not {start, end} <= bounds

    def _aliases_of(self, name: str) -> list[tuple[str, str]]:
        """A name's aliases; an English plural (industrial robots) finds its singular's; a
        genre word (政策) is related to the others of its intent (措施, 举措 …)."""
        if not on("aliases"):
            return [(w, "~") for w in same_genre(name)] if on("genre") else []
        found = self.lexicon.aliases_of(name)
        if not found and name.isascii():
            words = name.split()
            found = self.lexicon.aliases_of(" ".join([*words[:-1], stem(words[-1])]))
        known = {n for n, _ in found}
        genre = same_genre(name) if on("genre") else []
        return found + [(w, "~") for w in genre if w not in known]

    def _segment(self, text: str) -> list[str]:
        """Words of `text`; a run of single CJK characters (a fragment the dictionary cannot
        read, e.g. 暨低 of 暨低空经济, or 新与 of 创新与) is rejoined, to be searched verbatim,
        unless it is made of stopwords only."""
        out: list[str] = []
        run: list[str] = []
        stop = self.lexicon.stopwords
        for word in [*self.segmenter.surfaces(text), ""]:
            if len(word) == 1 and is_cjk(word):
                run.append(word)
                continue
            if len(run) > 1 and not all(ch in stop for ch in run):
                out.append("".join(run))
            else:
                out.extend(run)
            run = []
            if word:
                out.append(word)
        return out

    @staticmethod
    def _clauses(units: list[list[Term] | str]) -> list[Clause]:
        """Units around OR form one clause of alternatives; elsewhere every term is a clause."""
        clauses: list[Clause] = []
        joining = False
        for i, unit in enumerate(units):
            if isinstance(unit, str):
                joining = bool(clauses)
                continue
            next_is_or = i + 1 < len(units) and units[i + 1] == "OR"
            if joining:
                clauses[-1].alternatives.append(unit)
            elif next_is_or:
                clauses.append(Clause([unit]))
            else:
                clauses.extend(Clause([[term]]) for term in unit)
            joining = False
        return clauses
