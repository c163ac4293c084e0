"""The crawler export: a JSON array of article objects, read as a stream.

ijson's C parser is pushed 64 KB at a time, so memory stays flat for a 1 GB export and we
know which chunk broke when the JSON is damaged; only then is that chunk re-fed byte by
byte to name the line and column. Every record before the damage is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO

import ijson

from wxintel.model import Article, Reject
from wxintel.sources.encoding import Utf8Stream
from wxintel.sources.records import CHINESE_KEYS, ENGLISH_KEYS, record_to_article

CHUNK = 1 << 16
_TITLE_KEYS = {key for key, field in {**CHINESE_KEYS, **ENGLISH_KEYS}.items() if field == "title"}
_MAX_WRAPPER_DEPTH = 3  # {"data": {"list": [...]}} is as deep as real API wrappers go
_PARSE_ERRORS = (ijson.JSONError, UnicodeDecodeError)  # bad UTF-8 inside a string is damage too


def read_export(open_stream: Callable[[], BinaryIO], name: str) -> Iterator[Article | Reject]:
    """Yield one Article or Reject per record of the export, then a Reject if the JSON breaks."""
    prefix = _records_prefix(open_stream)
    items = ijson.sendable_list()
    parser = ijson.items_coro(items, prefix, use_float=True)
    index = 0
    offset = 0
    with open_stream() as raw:
        stream = Utf8Stream(raw)
        while True:
            chunk = stream.read(CHUNK)
            try:
                if chunk:
                    parser.send(chunk)
                else:
                    parser.close()
            except _PARSE_ERRORS as error:
                yield from _flush(items, name, index)
                index += len(items)
                yield _damage_reject(open_stream, name, offset, error, index)
                return
            yield from _flush(items, name, index)
            index += len(items)
            del items[:]
            if not chunk:
                return
            offset += len(chunk)


def _flush(items: list[object], name: str, start: int) -> Iterator[Article | Reject]:
    for number, record in enumerate(items, start):
        yield record_to_article(record, f"{name}#{number}")


def _records_prefix(open_stream: Callable[[], BinaryIO]) -> str:
    """Where the records are: "item" for an array, "data.item" for {"data": [...]}, "" for
    a single article object (or anything else, which then is rejected as not an object)."""
    with open_stream() as raw:
        try:
            for prefix, event, value in ijson.parse(Utf8Stream(raw)):
                if prefix == "" and event == "start_array":
                    return "item"
                if prefix == "" and event == "map_key" and value in _TITLE_KEYS:
                    return ""
                if event == "start_map" and _is_wrapped_list(prefix):
                    return prefix
        except _PARSE_ERRORS:
            return ""  # the main pass reports the damage with its position
    return ""


def _is_wrapped_list(prefix: str) -> bool:
    path = prefix.split(".")
    return len(path) <= _MAX_WRAPPER_DEPTH + 1 and path[-1] == "item" and "item" not in path[:-1]


def _damage_reject(
    open_stream: Callable[[], BinaryIO], name: str, chunk_offset: int, error: Exception, index: int
) -> Reject:
    line, column = _locate(open_stream, chunk_offset)
    message = str(error).strip().splitlines()[0] if str(error).strip() else "invalid JSON"
    return Reject(
        f"{name}:{line}:{column}",
        f"invalid JSON at line {line}, column {column}: {message}"
        f" ({index} record(s) before it were read)",
    )


def _locate(open_stream: Callable[[], BinaryIO], chunk_offset: int) -> tuple[int, int]:
    """Line and column (in characters, 1-based) where the parser first fails: the chunks
    that parsed are fed whole, the failing one a byte at a time."""
    parser = ijson.basic_parse_coro(ijson.sendable_list())
    position = _TextPosition()
    with open_stream() as raw:
        stream = Utf8Stream(raw)
        pieces = _pieces(stream, chunk_offset)
        try:
            for piece in pieces:
                parser.send(piece)
                position.advance(piece)
        except _PARSE_ERRORS:
            pass
    return position.line, position.column


def _pieces(stream: Utf8Stream, chunk_offset: int) -> Iterator[bytes]:
    fed = 0
    while fed < chunk_offset:
        chunk = stream.read(min(CHUNK, chunk_offset - fed))
        if not chunk:
            return
        fed += len(chunk)
        yield chunk
    for byte in stream.read(CHUNK):
        yield bytes((byte,))


class _TextPosition:
    """Line and character column reached after some UTF-8 bytes (continuation bytes skipped)."""

    _CONTINUATION = bytes(range(0x80, 0xC0))

    def __init__(self) -> None:
        self.line = 1
        self.column = 1

    def advance(self, data: bytes) -> None:
        newlines = data.count(b"\n")
        if newlines:
            self.line += newlines
            data = data[data.rindex(b"\n") + 1 :]
            self.column = 1
        self.column += len(data.translate(None, self._CONTINUATION))
