"""Patterns compiled behind a lookahead for their first characters find what they did."""

from __future__ import annotations

import re

import wxintel.extract  # noqa: F401  (compiles the extractors' scanning patterns)
from wxintel.nlp.cndate import _HALF_WIDTH_DIGITS
from wxintel.nlp.scanning import SCANNERS, scanner
from wxintel.search import identifiers


def test_every_scanner_matches_as_its_plain_pattern_on_every_real_post(seven_posts) -> None:
    """On every title and body of the seven accounts (and the bodies with full-width digits
    read as ASCII, as the date reader scans them), each pattern finds the same matches with
    the same groups as compiled alone, and every match starts with a character it names."""
    texts = [t for a in seven_posts for t in (a.title, a.content)]
    texts += [a.content.translate(_HALF_WIDTH_DIGITS) for a in seven_posts]
    assert len(SCANNERS) >= 10
    found = 0
    for first, pattern, flags in SCANNERS:
        plain, scanning = re.compile(pattern, flags), scanner(first, pattern, flags)
        opens = re.compile(f"[{first}]")
        for text in texts:
            want = [(m.span(), m.groups()) for m in plain.finditer(text)]
            assert [(m.span(), m.groups()) for m in scanning.finditer(text)] == want, pattern
            assert all(opens.match(text, start) for (start, _), _ in want), pattern
            found += len(want)
    assert found > 5_000  # dates, phones, hotlines: the real posts exercise the patterns


def test_a_wrong_first_character_set_loses_matches() -> None:
    """The lookahead decides where a match may start: naming too few characters loses the
    matches starting with the others (why each set is checked on real posts above)."""
    phone = r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?!\d)"
    text = "电话：021-23117664，手机13912345678"
    assert len(scanner("01", phone).findall(text)) == 2
    assert scanner("0", phone).findall(text) == ["021-23117664"]


def test_document_numbers_are_searched_only_where_one_can_be(seven_posts) -> None:
    """find_identifiers looks for document numbers only in a text with 号 and a year after an
    opening bracket or a space (_YEAR_OPENED): every document number the pattern finds in a
    real post holds both, so that test passes every text holding one."""
    texts = [t for a in seven_posts for t in (a.title, a.content)]
    found = 0
    for text in texts:
        for m in identifiers.DOC_NUMBER.finditer(text):
            assert "号" in m.group() and identifiers._YEAR_OPENED.search(m.group()), m.group()
            found += 1
    assert found > 50  # 93 on the seven accounts
    assert identifiers.find_identifiers("沪经信规〔2023〕5号")[0].kind == "doc_number"
    assert identifiers.find_identifiers("沪经信规2023年5号") == []
