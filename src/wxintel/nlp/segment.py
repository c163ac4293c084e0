"""Chinese/English segmentation for the search index: rjieba plus the domain lexicon.

Three views of one text, kept in separate index fields so they never mix positions:
`words` (whole words, for ranking and phrases), `subwords` (parts of long words, for recall:
智能 inside 人工智能) and `bigrams` (every 2-character window, so any substring is findable).
The same `Segmenter` (with the same learned terms) must be used at index and at query time.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

import rjieba

from wxintel.nlp.lexicon import Lexicon
from wxintel.nlp.ngrams import frequent_ngrams, neighbours

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{CJK}]+")
# a run of CJK (group 1), or of other letters and digits (group 2)
_RUN = re.compile(f"([{CJK}]+)|([^\\W_{CJK}]+)")
_ASCII_WORD = re.compile(r"[a-z]+")
# Function characters that rarely belong to a term; n-grams containing them are not learned.
_WEAK_CHARS = frozenset("的了和与及在是有为对把被将从向于等之其这那个们也都就而又并或")


def normalize(text: str) -> str:
    """Fold full-width letters/digits to ASCII and case-fold, so ＡＩ, AI and ai are one token."""
    return unicodedata.normalize("NFKC", text).casefold()


# the characters NFKC turns into a CJK ideograph (a Kangxi radical ⼯ is 工, a compatibility
# ideograph, a circled 株 ㈱), as blocks: every code point NFKC maps into CJK lies in them
_FOLDS_TO_CJK = re.compile(
    "[\u2e80-\u2fdf\u3038-\u303a\u3190-\u33ff\uf900-\ufaff"
    "\U0001f200-\U0001f2ff\U0002f800-\U0002fa1f]"
)


def may_fold_to_cjk(text: str) -> bool:
    """Whether `normalize(text)` may hold a CJK ideograph `text` does not write as one: when
    not, a normalized Chinese word is in `text` exactly when it is in `normalize(text)`, and
    the search skips normalizing (NFKC reads every character: ~1.8 ms for 3,000 of Chinese)."""
    return _FOLDS_TO_CJK.search(text) is not None


@functools.lru_cache(maxsize=1 << 17)  # words repeat: each is stemmed once per process
def stem(word: str) -> str:
    """A light English plural stemmer: robots -> robot, industries -> industry (predictable)."""
    if not word.isascii() or len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_cjk(text: str) -> bool:
    """True when every character of `text` is a CJK ideograph."""
    return bool(text) and _CJK_RUN.fullmatch(text) is not None


_WORDLIKE = re.compile(r"[^\W_]")
# pieces a segmenter remembers what it keeps of (about 200 bytes each): past it, it forgets them
# all, so a long-lived process (a server, a worker of a large ingest) stays bounded
PIECES_KEPT = 1 << 18


@functools.lru_cache(maxsize=1 << 17)
def _is_token(piece: str) -> bool:
    return _WORDLIKE.search(piece) is not None


def dictionary_words(words: Lexicon | Iterable[str]) -> list[str]:
    """The words a `Segmenter` adds to rjieba's dictionary, normalised, of a lexicon (its terms
    and the names of every group but translations) or of a list (learned terms): those with a
    CJK character. Latin words are whole tokens already; adding them would cut "fair" into
    f/ai/r. What the search index's tokens depend on (`search.index.vocabulary_fingerprint`)."""
    if isinstance(words, Lexicon):
        words = (*words.terms, *words.whole_words())
    return [normalize(word) for word in words if _CJK_RUN.search(word)]


class Segmenter:
    """rjieba with the lexicon's terms, alias names (not translations) and learned terms added
    as whole words."""

    def __init__(self, lexicon: Lexicon, learned: Iterable[str] = ()) -> None:
        self.lexicon = lexicon
        self.learned = tuple(learned)
        self._jieba = rjieba.Jieba()
        # each piece the cut gave: False when it is no token (punctuation, spaces), else its
        # stem and what `_added_to` gives for a word of more than two characters (else ())
        self._pieces_seen: dict[str, tuple[str, tuple[str, ...]] | bool] = {}
        for word in (*dictionary_words(lexicon), *dictionary_words(self.learned)):
            self._jieba.add_word(word, None, None)

    def surfaces(self, text: str) -> list[str]:
        """Whole words as written (normalised, not stemmed), punctuation dropped, in order."""
        return [t for t in self._jieba.cut(normalize(text)) if _is_token(t)]

    def pieces(self, text: str) -> list[str]:
        """Every piece of the normalised text in order, punctuation and spaces included: their
        lengths add up to the text's, so each word's offsets can be read off."""
        return list(self._jieba.cut(normalize(text)))

    def word_ends(self, text: str) -> set[int]:
        """The offsets in the normalised `text` where a piece (`pieces`) ends: a span of it
        is a whole word only when it starts at 0 or at one of them and ends at one of them."""
        return set(itertools.accumulate(map(len, self.pieces(text))))

    def words(self, text: str) -> list[str]:
        """Whole-word index tokens: normalised and stemmed, punctuation dropped, in text order."""
        return [stem(t) for t in self.surfaces(text)]

    def subwords(self, text: str) -> list[str]:
        """Dictionary words inside longer words (人工 and 智能 of 人工智能), for recall only."""
        return self.words_and_subwords(text)[1]

    def words_and_subwords(self, text: str) -> tuple[list[str], list[str]]:
        """`words` and `subwords` of one text."""
        return self.normal_words_and_subwords(normalize(text))

    def normal_words_and_subwords(self, normal: str) -> tuple[list[str], list[str]]:
        """`words` and `subwords` of a text already `normalize`d, cut once.

        The subwords are what jieba's search mode adds to the whole words: each dictionary
        bigram, then each dictionary trigram, inside a word of more than two (three)
        characters (jieba-rs `cut_for_search`). They are read off the whole words here rather
        than by cutting the text a second time, in the order that mode yields them first.
        """
        seen = self._pieces_seen
        if len(seen) > PIECES_KEPT:
            seen.clear()
        whole: list[str] = []  # the tokens as cut
        words: list[str] = []  # the same, stemmed
        found: list[tuple[int, tuple[str, ...]]] = []  # (word's index, the pieces it adds)
        # one dictionary lookup a piece (a post's body is cut into about 400) decides whether
        # it is a token, gives its stem and what it adds: three calls a piece before
        for piece in self._jieba.cut(normal):
            known = seen.get(piece)
            if known is None:
                known = seen[piece] = self._piece(piece)
            if known:
                stemmed, pieces = known
                if pieces:
                    found.append((len(whole), pieces))
                whole.append(piece)
                words.append(stemmed)
        if not found:
            return words, []
        added = Counter(piece for _, pieces in found for piece in pieces)
        # where each piece first shows in the search mode's output: a word's added pieces
        # come just before it (2i, rank), the word itself after them (2i + 1)
        first: dict[str, tuple[int, int]] = {}
        for i, pieces in found:
            for rank, piece in enumerate(pieces):
                first.setdefault(piece, (2 * i, rank))
        # a piece also cut whole earlier than it is first added shows there first
        as_word = dict(zip(reversed(whole), range(len(whole) - 1, -1, -1), strict=True))
        for piece in added:
            if piece in as_word:
                first[piece] = min(first[piece], (2 * as_word[piece] + 1, 0))
        order = sorted(added, key=first.__getitem__)
        subwords = [piece for piece in order for _ in range(added[piece])]
        return words, list(map(stem, subwords))

    def _piece(self, piece: str) -> tuple[str, tuple[str, ...]] | bool:
        """What `normal_words_and_subwords` keeps of one piece of a cut (see `_pieces_seen`)."""
        if not _is_token(piece):
            return False
        added = tuple(filter(_is_token, self._added_to(piece))) if len(piece) > 2 else ()
        return stem(piece), added

    def _added_to(self, word: str) -> list[str]:
        """What the search mode adds before one whole word of more than two characters: for a
        CJK word, its dictionary bigrams then trigrams; a word of other letters it splits its
        own way (at dots and hyphens: www.example.com), so that is asked of it."""
        if _CJK_RUN.fullmatch(word) is None:
            pieces = self._jieba.cut_for_search(word)
            return pieces[:-1] if pieces[-1:] == [word] else pieces
        size, has_word = len(word), self._jieba.has_word
        return [
            gram
            for width in ((2, 3) if size > 3 else (2,))
            for at in range(size - width + 1)
            if has_word(gram := word[at : at + width])
        ]

    def is_known(self, word: str) -> bool:
        """True when the dictionary (with lexicon and learned terms) has `word` as one entry."""
        return bool(self._jieba.has_word(normalize(word)))

    def split_without_hmm(self, word: str) -> list[str]:
        """How the dictionary alone splits `word` (no guessing of unknown words)."""
        return self._jieba.cut(normalize(word), False)


def bigrams(text: str) -> list[str]:
    """Overlapping CJK character bigrams (a lone character stays a unigram) and whole lower-case
    words for other scripts, in order; punctuation breaks runs so no bigram spans it."""
    return normal_bigrams(normalize(text))


def normal_bigrams(normal: str) -> list[str]:
    """`bigrams` of a text already `normalize`d."""
    out: list[str] = []
    for cjk, other in _RUN.findall(normal):
        if len(cjk) > 1:
            out.extend(map(operator.add, cjk, cjk[1:]))  # each character with the next
        else:
            out.append(cjk or other)
    return out


def falls_apart(pieces: list[str]) -> bool:
    """True when a word splits mostly into single characters, i.e. the dictionary lacks it."""
    singles = sum(len(piece) == 1 for piece in pieces)
    return singles >= 2 and 2 * singles >= len(pieces)


def _entropy(counts: Counter[str]) -> float:
    total = sum(counts.values())
    return -sum(c / total * math.log(c / total) for c in counts.values())


def learn_terms(
    texts: Iterable[str],
    segmenter: Segmenter,
    *,
    min_count: int = 4,
    max_len: int = 5,
    min_entropy: float = 1.0,
    min_pmi: float = 3.0,
    max_chars: int = 1_000_000,
) -> list[str]:
    """Frequent CJK n-grams that the dictionary breaks into single characters, kept when they
    are cohesive (PMI) and free on both sides (boundary entropy), e.g. 算力券 -> 算力 / 券.

    Reads at most `max_chars` characters, enough to find the corpus' recurring terms quickly.
    """
    runs: list[str] = []
    budget = max_chars
    for text in texts:
        for run in _CJK_RUN.findall(text):
            runs.append(run)
            budget -= len(run)
        if budget <= 0:
            break
    grams = frequent_ngrams(runs, max_len, min_count)
    total_chars = sum(len(run) for run in runs) or 1
    total_squared = total_chars**2

    def pmi(g: str) -> float:
        """The weakest split's pointwise mutual information. Division and log only grow with
        their argument, so the weakest split is the one whose parts' counts have the largest
        product: one log of it gives the minimum over every split's log."""
        p = grams[g] / total_chars
        strongest = max(grams[g[:k]] * grams[g[k:]] for k in range(1, len(g)))
        return math.log(p / (strongest / total_squared))

    # The cheap tests first (cohesion, then the dictionary), so boundary entropy, which needs
    # every occurrence's neighbours, is gathered for the few n-grams left.
    candidates = {
        g
        for g in grams
        if len(g) >= 2
        and not _WEAK_CHARS.intersection(g)
        and pmi(g) >= min_pmi
        and not segmenter.is_known(g)
        and falls_apart(segmenter.split_without_hmm(g))
    }
    left, right = neighbours(runs, candidates)
    learned = {
        g: grams[g] for g in candidates if min(_entropy(left[g]), _entropy(right[g])) >= min_entropy
    }
    return sorted(set(learned) - _covered(learned))


def _covered(learned: dict[str, int]) -> set[str]:
    """Learned n-grams inside a longer learned one seen at least 0.8 times as often (a
    fragment of it): each longer one's substrings are looked up, not every pair compared."""
    covered = set()
    for outer, outer_count in learned.items():
        for n in range(2, len(outer)):
            for at in range(len(outer) - n + 1):
                inner = outer[at : at + n]
                if inner in learned and outer_count >= 0.8 * learned[inner]:
                    covered.add(inner)
    return covered
