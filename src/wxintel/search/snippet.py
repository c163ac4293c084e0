"""Highlighted snippets from the ORIGINAL article text: the best passage, every match marked.

A snippet is plain text and the spans to highlight in it (`Spans`), never HTML: whoever shows
it marks and escapes it (the web's `highlighted` in web/rendering.py, the CLI's terminal markup),
so untrusted article text is escaped exactly once, where the output format is known.
Matching works on the original text (aliases, English plurals, identifiers in any bracket
style), not on index tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wxintel.nlp.segment import CJK, stem
from wxintel.search.identifiers import find_identifiers
from wxintel.search.query import IDENT, WORD, Term
from wxintel.settings import count

SNIPPET_CHARS = count("snippet_chars")
_MAX_SCAN = 200_000  # characters of a body searched for matches; bounds work on huge articles


@dataclass(frozen=True)
class Match:
    """A span of the original text that matched query term `term` (index) as `surface`."""

    start: int
    end: int
    term: int
    surface: str


def _latin_word(word: str) -> str:
    base = stem(word.casefold())
    if base.endswith("y"):
        return re.escape(base[:-1]) + r"(?:y|ies)"
    return re.escape(base) + r"(?:es|s)?"


def surface_pattern(surface: str) -> str:
    """A regex for one surface: CJK literally; Latin words case-insensitive, plural-tolerant."""
    words = surface.split()
    if re.search(f"[{CJK}]", surface) or not words:
        return r"\s*".join(map(re.escape, surface.replace(" ", "")))
    body = r"\s+".join(_latin_word(w) for w in words)
    return rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])"


def first_characters(surface: str) -> set[str] | None:
    """The characters a match of `surface_pattern(surface)` can begin with (None when it can
    match the empty string), so a scan skips every other position at once."""
    words = surface.split()
    if re.search(f"[{CJK}]", surface) or not words:
        chars = surface.replace(" ", "")
        return {chars[0]} if chars else None
    base = stem(words[0].casefold())
    if not base:
        return None
    return {"y", "i"} if base == "y" else {base[0]}


class Highlighter:
    """Finds every query term (and each alias it expanded to) in a text."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        # What the user typed is claimed first, so a surface that is both a term and another
        # term's alias (CIIF in "工博会 CIIF") is credited to the term itself.
        literal = {t.text.casefold(): i for i, t in enumerate(terms) if t.kind != IDENT}
        aliases = {
            name.casefold(): (i, name)
            for i, term in enumerate(terms)
            if term.kind == WORD
            for name, _ in term.aliases
        }
        surfaces = [name for name, _ in sorted(literal.items(), key=lambda item: -len(item[0]))]
        self.labels = [(literal[name], terms[literal[name]].text) for name in surfaces]
        for folded, (index, name) in sorted(aliases.items(), key=lambda item: -len(item[0])):
            if folded not in literal:
                self.labels.append((index, name))
                surfaces.append(name)
        parts = "|".join(f"({surface_pattern(name)})" for name in surfaces)
        starts = [first_characters(name) for name in surfaces]
        if surfaces and all(starts):  # a look-ahead on the first character: one test a position
            first = "".join(sorted({re.escape(ch) for chars in starts for ch in chars}))
            parts = f"(?=[{first}])(?:{parts})"
        self.pattern = re.compile(parts, re.IGNORECASE) if surfaces else None
        self.idents = {term.token: i for i, term in enumerate(terms) if term.kind == IDENT}

    def matches(self, text: str) -> list[Match]:
        """Non-overlapping matches in text order (longer surfaces win where they overlap)."""
        text = text[:_MAX_SCAN]
        found: list[Match] = []
        if self.idents:
            for ident in find_identifiers(text):
                for token in ident.tokens:
                    if token in self.idents:
                        found.append(Match(ident.start, ident.end, self.idents[token], token))
                        break
        if self.pattern is not None:
            for m in self.pattern.finditer(text):
                index, name = self.labels[m.lastindex - 1]
                found.append(Match(m.start(), m.end(), index, name))
        if not self.idents:  # one pattern's matches come in text order and never overlap
            return found
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Match] = []
        for m in found:
            if not kept or m.start >= kept[-1].end:
                kept.append(m)
        return kept


@dataclass(frozen=True)
class Spans:
    """Plain text and the `[start, end)` character offsets of its highlighted parts, in order
    and never overlapping (offsets count Unicode code points)."""

    text: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def segments(self) -> list[tuple[str, bool]]:
        """The text cut at the highlights: (piece, highlighted) in reading order."""
        out: list[tuple[str, bool]] = []
        position = 0
        for start, end in self.highlights:
            if start > position:
                out.append((self.text[position:start], False))
            out.append((self.text[start:end], True))
            position = end
        if position < len(self.text):
            out.append((self.text[position:], False))
        return out


def marked(text: str, matches: list[Match], start: int = 0, end: int | None = None) -> Spans:
    """`text[start:end]` with every match inside it highlighted; runs of whitespace become one
    space and the ends are trimmed (a snippet is read as one line)."""
    end = len(text) if end is None else end
    pieces: list[tuple[str, bool]] = []
    position = start
    for m in matches:
        if m.start < start or m.end > end:
            continue
        pieces.append((text[position : m.start], False))
        pieces.append((text[m.start : m.end], True))
        position = m.end
    pieces.append((text[position:end], False))
    pieces = [(re.sub(r"\s+", " ", piece), hit) for piece, hit in pieces]
    if not pieces[0][1]:
        pieces[0] = (pieces[0][0].lstrip(), False)
    if not pieces[-1][1]:
        pieces[-1] = (pieces[-1][0].rstrip(), False)
    return _joined(pieces)


def _joined(pieces: list[tuple[str, bool]]) -> Spans:
    text: list[str] = []
    highlights: list[tuple[int, int]] = []
    length = 0
    for piece, hit in pieces:
        if hit and piece:
            highlights.append((length, length + len(piece)))
        text.append(piece)
        length += len(piece)
    return Spans("".join(text), highlights)


def best_window(matches: list[Match], width: int) -> int:
    """Start of the `width`-character window holding the most distinct terms, then matches.
    `matches` come in text order and never overlap (`Highlighter.matches`), and the windows
    tried (one from each of the first 200 matches) start in text order too: the matches a
    window holds are one run of them, found by two edges that only move forward, with each
    term counted as it enters and leaves, rather than by testing every match for every window.
    """
    best, best_start = (0, 0), 0
    left = right = 0  # matches[left:right] start within the window
    terms: dict[int, int] = {}  # term -> matches of it starting within the window
    for anchor in matches[:200]:
        start = max(0, anchor.start - width // 4)
        end = start + width
        while right < len(matches) and matches[right].start <= end:
            terms[matches[right].term] = terms.get(matches[right].term, 0) + 1
            right += 1
        while left < right and matches[left].start < start:
            gone = matches[left].term
            terms[gone] -= 1
            if not terms[gone]:
                del terms[gone]
            left += 1
        held, distinct = right - left, len(terms)
        # matches never overlap: only the run's last can start within and end past the window
        if held and matches[right - 1].end > end:
            held -= 1
            distinct -= terms[matches[right - 1].term] == 1
        if (distinct, held) > best:
            best, best_start = (distinct, held), start
    return best_start


def snippet(text: str, matches: list[Match], width: int = SNIPPET_CHARS) -> Spans:
    """The best passage of `text` with its matches highlighted, and … where it is cut."""
    start = best_window(matches, width) if matches else 0
    end = min(len(text), start + width)
    body = marked(text, matches, start, end)
    pieces = body.segments()
    if start > 0:
        pieces.insert(0, ("…", False))
    if end < len(text):
        pieces.append(("…", False))
    return _joined(pieces)
