"""Whom a post addresses: individuals (students, residents, children) or organisations.

A firm is judged eligible only for what a firm can apply to. An enrolment or a children's
contest states no conditions a firm fails, so without this a firm profile was told it was
"eligible" for them. The test is how the post speaks of its readers (data/audiences.txt): it
names people many times and organisations rarely, so one stray 企业 or 个人 decides nothing.
"""

from __future__ import annotations

import re
from functools import cache

from wxintel import settings
from wxintel.nlp import gazetteer as gz

# Individuals when people are named at least this often, and this many times as often as
# organisations: a firm call that once says 个人 (法定代表人个人信用) or an enrolment that once
# names its school's 机构 stays what it is.
MIN_MENTIONS = settings.count("audience_min_mentions")
DOMINANCE = settings.count("audience_dominance")
_CLAUSE_END = re.compile(r"[。！？!?；;，,\n]")
_MAX_EVIDENCE = 60


@cache
def _words(label: str) -> re.Pattern[str]:
    return gz.trie_pattern(gz.named_list("audiences.txt", label))


def _count(text: str, label: str) -> list[re.Match[str]]:
    return list(_words(label).finditer(text))


def individuals_addressed(text: str) -> tuple[int, int] | None:
    """The span of the sentence that first names the individuals a post addresses, or None
    when the post is for organisations or does not say."""
    people = _count(text, "individuals")
    bodies = _count(text, "organisations")
    if len(people) < MIN_MENTIONS or len(people) < DOMINANCE * len(bodies):
        return None
    first = people[0]
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, first.start())), default=0)
    while left < first.start() and text[left] in " \t\u3000":
        left += 1
    right = _CLAUSE_END.search(text, first.end())
    end = right.start() if right else len(text)
    return left, min(end, left + _MAX_EVIDENCE)
