"""JSON Lines: one article object per line, Chinese crawler keys or English keys.

Each line stands alone, so a bad line is one Reject with its line number and the rest go on.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import BinaryIO

from wxintel.model import Article, Reject
from wxintel.sources.encoding import DecodeWarning, Utf8Stream, replaced_count
from wxintel.sources.jsonlocate import ENDS_EARLY, plain_problem
from wxintel.sources.records import record_to_article


def read_jsonl(
    open_stream: Callable[[], BinaryIO], name: str
) -> Iterator[Article | Reject | DecodeWarning]:
    """Yield one Article or Reject per non-blank line, then a DecodeWarning if bytes had to
    be replaced."""
    replaced = 0
    with open_stream() as raw:
        decoded = Utf8Stream(raw)
        for number, line in enumerate(io.BufferedReader(decoded), 1):
            text, bad = _decode_line(line)
            replaced += bad
            if text.strip():
                yield _parse_line(text.strip(), f"{name}:{number}", number)
    if replaced + decoded.replaced:
        yield DecodeWarning(name, replaced + decoded.replaced)


def _decode_line(line: bytes) -> tuple[str, int]:
    """UTF-8, or GB18030 for a GBK file whose first 64 KB happened to be plain ASCII; with
    the number of undecodable bytes replaced."""
    try:
        return line.decode("utf-8"), 0
    except UnicodeDecodeError:
        text = line.decode("gb18030", errors="replace")
        return text, replaced_count(text, line, "gb18030")


def _parse_line(text: str, origin: str, number: int) -> Article | Reject:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        # the parser wanted more where the line stopped: a cut line, whatever it expected next
        problem = ENDS_EARLY if error.pos >= len(text) else plain_problem(error.msg)
        return Reject(
            origin, f"invalid JSON at line {number}, column {error.colno}: {problem}", text
        )
    except RecursionError:
        return Reject(origin, f"invalid JSON at line {number}: nested too deeply", text[:1000])
    return record_to_article(record, origin)
