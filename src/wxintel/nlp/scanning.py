"""Patterns that scan whole texts, compiled so that most positions are skipped at once.

Python's regex engine jumps ahead quickly only to a literal or a character class that opens
a pattern. A pattern that opens with a lookbehind or an alternation of groups is tried in full
at every position of a text: its lookbehinds, then each alternative. A lookahead for the
characters every match starts with fails almost every position of Chinese text on one test
(the phone pattern scanned the 3k bench archive nine times faster, the date patterns two to
four times), and changes no match: a match starts with one of those characters or not at all.
"""

from __future__ import annotations

import re

# Every pattern compiled here with the characters it starts with, so a test can check each
# against its plain compilation on real posts.
SCANNERS: list[tuple[str, str, int]] = []


def starting_with(first: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` behind a lookahead for `first`, the body of a character class holding every
    character a match of it can start with (it must never match an empty string); recorded
    in SCANNERS."""
    SCANNERS.append((first, pattern, flags))
    return scanner(first, pattern, flags)


def scanner(first: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`starting_with` without recording it."""
    return re.compile(f"(?=[{first}])(?:{pattern})", flags)
