"""JSON Lines: one article object per line, Chinese crawler keys or English keys.

Each line stands alone, so a bad line is one Reject with its line number and the rest go on.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import BinaryIO

from wxintel.model import Article, Reject
from wxintel.sources.encoding import Utf8Stream
from wxintel.sources.records import record_to_article


def read_jsonl(open_stream: Callable[[], BinaryIO], name: str) -> Iterator[Article | Reject]:
    """Yield one Article or Reject per non-blank line."""
    with open_stream() as raw:
        lines = io.BufferedReader(Utf8Stream(raw))
        for number, line in enumerate(lines, 1):
            text = _decode_line(line).strip()
            if text:
                yield _parse_line(text, f"{name}:{number}", number)


def _decode_line(line: bytes) -> str:
    """UTF-8, or GB18030 for a GBK file whose first 64 KB happened to be plain ASCII."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("gb18030", errors="replace")


def _parse_line(text: str, origin: str, number: int) -> Article | Reject:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        return Reject(
            origin, f"invalid JSON at line {number}, column {error.colno}: {error.msg}", text
        )
    except RecursionError:
        return Reject(origin, f"invalid JSON at line {number}: nested too deeply", text[:1000])
    return record_to_article(record, origin)
