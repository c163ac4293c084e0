"""Search mechanisms that can be switched off one at a time, to measure what each does.

Every reading of the query and every rule of the ranking is on by default. `WXINTEL_SEARCH_OFF`
names those switched off (comma-separated), so an ablation (bench/ablation.py) runs the same
code with one mechanism left out, not a copy edited per run. The ranking's factors are switched
off by their exponents instead (search/exponents.py), and its weights by their own settings.
"""

from __future__ import annotations

from wxintel import settings

# name -> what is left out when it is off
MECHANISMS: dict[str, str] = {
    "traditional": "a query in traditional characters is read in simplified ones",
    "identifiers": "文号, phones and e-mails typed are searched as identifiers, not words",
    "dates": "date words (2025年11月, 上个月) filter by publish date, not searched as words",
    "relaxed_dates": "a dated search that finds nothing is run again without its dates",
    "programme_year": "a year typed also finds the year before's posts naming it in the title",
    "stopwords": "question words and particles (哪些, 怎么, 的) are dropped from the query",
    "aliases": "a word's alias group names (lexicon, abbreviations, glossary) are searched too",
    "genre": "a genre word (政策) also finds the others of its intent (措施, 举措)",
    "intent": "function words (申请, 措施) favour kinds of post (calls, policy texts)",
    "variants": "bracketed and qualified spellings of a typed name are searched too",
    "shortforms": "a rare word is read as the short form of a full name the archive writes",
    "synonyms": "a rare word no spelling reads is read by CC-CEDICT words of its meaning",
    "translations": "English words and phrases reach the Chinese names the archive writes",
    "backoff": "a word no post writes is left out beside others, or read by its spellings",
    "homes": "a region word is held by every post of the accounts at home there",
    "runs": "a unit typed without spaces holds its words when written verbatim",
    "glued": "a word of 3+ characters is held by a post writing it inside another word",
    "by_title": "a title naming every rarer concept stands for the query's common words",
    "by_kind": "a call or registration stands for the apply verb (报名, 征集) it may not write",
    "passages": "a post whose concepts stand apart is ranked among the partial matches",
    "reposts": "reposts of one text fold into one hit",
}


class UnknownMechanism(ValueError):
    """A name in WXINTEL_SEARCH_OFF that is no mechanism of MECHANISMS."""


def read_off(text: str) -> frozenset[str]:
    """The mechanism names of a comma-separated `text`; an unknown one is an error naming it
    and the names allowed (an ablation with a mistyped name would measure nothing)."""
    names = frozenset(n.strip() for n in text.split(",") if n.strip())
    unknown = sorted(names - MECHANISMS.keys())
    if unknown:
        raise UnknownMechanism(
            f"WXINTEL_SEARCH_OFF: unknown mechanism {', '.join(unknown)}"
            f" (one of {', '.join(MECHANISMS)})"
        )
    return names


OFF = read_off(str(settings.value("search_off") or ""))


def on(name: str) -> bool:
    """Whether the mechanism `name` (a key of MECHANISMS) is on."""
    return name not in OFF
