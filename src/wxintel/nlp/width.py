"""Full-width forms read as their ASCII twins, one character for one.

Some editors type digits, letters and signs in full width (２０２５年１０月２０日,
０２１－２３１１７６６４, abc＠163.com). Each full-width form U+FF01–U+FF5E lies 0xFEE0 above its
ASCII twin, so a text folded by `half_width` has the length of the text as written, and a span
found in the one quotes the other. Each reader folds only the forms its patterns read as ASCII
(a date reader's patterns name "：" and "（" themselves, so it folds digits alone).
"""

from __future__ import annotations

_OFFSET = 0xFEE0  # a full-width form's code point minus its ASCII twin's
DIGITS = "".join(chr(c) for c in range(0xFF10, 0xFF1A))  # ０-９
LETTERS = "".join(chr(c) for c in (*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)))  # Ａ-Ｚ ａ-ｚ
EVERY_FORM = "".join(chr(c) for c in range(0xFF01, 0xFF5F))  # ！ to ～: signs, digits, letters


def half_width(chars: str) -> dict[int, int]:
    """A `str.translate` table reading each full-width form of `chars` as its ASCII twin."""
    return {ord(c): ord(c) - _OFFSET for c in chars}
