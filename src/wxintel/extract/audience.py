"""Whom a post addresses: individuals (students, residents, children), governments (the
provinces' departments, pilot cities) or organisations.

A firm is judged eligible only for what a firm can apply to. An enrolment, a children's
contest or a ministry's pilot that cities apply for states no conditions a firm fails, so
without this a firm profile was told it was "eligible" for them. The test is how the post
speaks of its readers (data/audiences.txt): it names people, or government bodies, many times
and organisations rarely, so one stray 企业, 个人 or 主管部门 decides nothing.
"""

from __future__ import annotations

import re
from functools import cache

from wxintel import settings
from wxintel.nlp import gazetteer as gz

# Individuals (or governments) when they are named at least this often, and this many times as
# often as organisations: a firm call that once says 个人 (法定代表人个人信用) or an enrolment
# that once names its school's 机构 stays what it is, and so does a firm call a ministry sends
# through the provinces' 主管部门 (it names 企业 far more often).
MIN_MENTIONS = settings.count("audience_min_mentions")
DOMINANCE = settings.count("audience_dominance")
_CLAUSE_END = re.compile(r"[。！？!?；;，,\n]")
_MAX_EVIDENCE = 60


@cache
def _words(label: str) -> re.Pattern[str]:
    return gz.trie_pattern(gz.named_list("audiences.txt", label))


def _count(text: str, label: str) -> list[re.Match[str]]:
    return list(_words(label).finditer(text))


# The readers no firm is among, in the order they are tried (a post naming both is judged by
# the first that dominates): each a list of data/audiences.txt.
NOT_FIRMS = ("individuals", "governments")


def not_firms_addressed(text: str) -> tuple[str, int, int] | None:
    """Whom a post addresses when no firm is among them ("individuals" or "governments") with
    the span of the sentence that first names them, or None when the post is for
    organisations or does not say."""
    bodies = len(_count(text, "organisations"))
    for audience in NOT_FIRMS:
        named = _count(text, audience)
        if len(named) >= MIN_MENTIONS and len(named) >= DOMINANCE * bodies:
            return audience, *_sentence(text, named[0])
    return None


def _sentence(text: str, first: re.Match[str]) -> tuple[int, int]:
    """The span of the clause holding `first`, at most _MAX_EVIDENCE characters."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, first.start())), default=0)
    while left < first.start() and text[left] in " \t\u3000":
        left += 1
    right = _CLAUSE_END.search(text, first.end())
    end = right.start() if right else len(text)
    return left, min(end, left + _MAX_EVIDENCE)
