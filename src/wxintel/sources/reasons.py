"""Why a record was rejected, and what an ingest warns of, said in Chinese for the pages
(data/reject_reasons.txt, data/warning_words.txt).

The readers and the pipeline speak English, as the CLI and the rejects file keep it; a page
shows the Chinese first and the English beside it, which names the field, line and column a
user has to look at.
"""

from __future__ import annotations

import re
from functools import cache

from wxintel.nlp.gazetteer import data_lines

REASONS = "reject_reasons.txt"
WARNINGS = "warning_words.txt"
UNKNOWN = "无法导入的记录"  # a reason no line of the file describes yet


@cache
def _table(name: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for number, line in enumerate(data_lines(name), 1):
        pattern, tab, chinese = line.partition("\t")
        if not tab or not pattern.strip() or not chinese.strip():
            raise ValueError(f"{name}: line {number} ({line!r}): expected 'pattern<TAB>中文'")
        out.append((re.compile(pattern.strip()), chinese.strip()))
    return tuple(out)


def reason_in_chinese(reason: str) -> str:
    """The Chinese for an English reject reason (the first line of the file it starts as)."""
    for pattern, chinese in _table(REASONS):
        if pattern.match(reason):
            return chinese
    return UNKNOWN


def warning_in_chinese(warning: str) -> str:
    """An ingest warning in Chinese, its numbers and file names carried over (the pattern's
    groups, \\1 … in the Chinese); "" for a warning the file does not describe yet."""
    for pattern, chinese in _table(WARNINGS):
        found = pattern.match(warning)
        if found:
            return found.expand(chinese)
    return ""
