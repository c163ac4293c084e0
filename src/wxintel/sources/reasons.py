"""Why a record was rejected, said in Chinese for the pages (data/reject_reasons.txt).

The readers give their reasons in English, as the CLI and the rejects file keep them; a page
shows the Chinese of the reason's kind first and the English beside it, which names the field,
line and column a user has to look at.
"""

from __future__ import annotations

import re
from functools import cache

from wxintel.nlp.gazetteer import data_lines

REASONS = "reject_reasons.txt"
UNKNOWN = "无法导入的记录"  # a reason no line of the file describes yet


@cache
def _reasons() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for number, line in enumerate(data_lines(REASONS), 1):
        pattern, tab, chinese = line.partition("\t")
        if not tab or not pattern.strip() or not chinese.strip():
            raise ValueError(f"{REASONS}: reason {number} ({line!r}): expected 'pattern<TAB>中文'")
        out.append((re.compile(pattern.strip()), chinese.strip()))
    return tuple(out)


def reason_in_chinese(reason: str) -> str:
    """The Chinese for an English reject reason (the first line of the file it starts as)."""
    for pattern, chinese in _reasons():
        if pattern.match(reason):
            return chinese
    return UNKNOWN
