"""The crawler export: a JSON array of article objects, read as a stream.

ijson's C parser is pushed the file in chunks, so memory stays flat for a 1 GB export; a
chunk grows while no record completes (a 10 MB article then takes a few calls, not 160).
When the JSON is damaged every record before the damage is kept, and a Reject names the
line and column (see jsonlocate).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import BinaryIO

import ijson

from wxintel.model import Article, Reject
from wxintel.sources.encoding import DecodeWarning, Utf8Stream
from wxintel.sources.jsonlocate import (
    FIRST_CHUNK,
    LARGEST_CHUNK,
    PARSE_ERRORS,
    damage_offset,
    growing_chunks,
    line_and_column,
    plain_problem,
    utf8_reader,
)
from wxintel.sources.records import CHINESE_KEYS, ENGLISH_KEYS, record_to_article

_TITLE_KEYS = {key for key, field in {**CHINESE_KEYS, **ENGLISH_KEYS}.items() if field == "title"}
_LONGEST_CHARACTER = 4  # UTF-8 bytes: a file cut inside its last character is still cut off
_MAX_WRAPPER_DEPTH = 3  # {"data": {"list": [...]}} is as deep as real API wrappers go


def read_export(
    open_stream: Callable[[], BinaryIO], name: str
) -> Iterator[Article | Reject | DecodeWarning]:
    """Yield one Article or Reject per record of the export, then a Reject if the JSON breaks,
    and a DecodeWarning if bytes had to be replaced."""
    prefix = _records_prefix(open_stream)
    raw = open_stream()
    decoded = Utf8Stream(raw)
    with raw:
        stream = io.BufferedReader(decoded, buffer_size=FIRST_CHUNK)
        yield from _parse_records(open_stream, name, prefix, stream)
    if decoded.replaced:
        yield DecodeWarning(name, decoded.replaced)


def _parse_records(
    open_stream: Callable[[], BinaryIO], name: str, prefix: str, stream: io.BufferedReader
) -> Iterator[Article | Reject]:
    items = ijson.sendable_list()
    parser = ijson.items_coro(items, prefix, use_float=True)
    index = offset = 0
    lines = _Lines()
    size = FIRST_CHUNK
    while True:
        chunk = stream.read(size)
        lines.read(chunk)
        try:
            if chunk:
                parser.send(chunk)
            else:
                parser.close()  # a truncated file fails here, at its end
        except PARSE_ERRORS as error:
            yield from _flush(items, name, index, lines)
            index += len(items)
            if "integer overflow" in str(error):  # yajl's 64-bit limit, not damage
                yield from _read_slowly(open_stream, name, prefix, index)
            else:
                at_end = not chunk or not stream.peek(1)
                yield _damage_reject(open_stream, name, error, index, (offset, len(chunk)), at_end)
            return
        yield from _flush(items, name, index, lines)
        index += len(items)
        size = FIRST_CHUNK if items else min(size * 2, LARGEST_CHUNK)
        del items[:]
        if not chunk:
            return
        offset += len(chunk)


class _Lines:
    """The line a record stands on, where the chunks fed to the parser tell it without a
    second pass: ijson's C parser says which chunk completed a record, not where it began,
    so the line is known when no line break lies between the chunk that completed the record
    before it and the end of the chunk that completed this one (a one-line export, the
    crawler's usual form, always)."""

    def __init__(self) -> None:
        self.chunk_start = self.since = self.end = 1  # 1-based lines

    def read(self, chunk: bytes) -> None:
        """Count the line breaks of the chunk about to be fed to the parser."""
        self.chunk_start = self.end
        self.end += chunk.count(b"\n")

    def line(self) -> int | None:
        """The line of the next record the current chunk completed, or None when unknown."""
        line = self.since if self.since == self.end else None
        self.since = self.chunk_start  # a later record of this chunk began inside it
        return line


def record_origin(name: str, number: int, line: int | None = None) -> str:
    """Where a record of an export is, for a person with an editor: its 1-based number among
    the records, and its line when known ("a.json record 3 (line 1)")."""
    return f"{name} record {number}" + (f" (line {line})" if line is not None else "")


def _flush(
    items: list[object], name: str, start: int, lines: _Lines | None = None
) -> Iterator[Article | Reject]:
    for number, record in enumerate(items, start):
        line = lines.line() if lines is not None else None
        yield record_to_article(record, f"{name}#{number}", record_origin(name, number + 1, line))


def _read_slowly(
    open_stream: Callable[[], BinaryIO], name: str, prefix: str, skip: int
) -> Iterator[Article | Reject]:
    """The records after the first `skip`, through ijson's pure-Python parser, which takes
    integers of any size (about 5x slower, so only used once the C parser gave up)."""
    python_parser = ijson.get_backend("python")
    count = 0  # records parsed
    raw, stream = utf8_reader(open_stream)
    with raw:
        try:
            for count, record in enumerate(python_parser.items(stream, prefix, use_float=True), 1):
                if count > skip:
                    yield from _flush([record], name, count - 1)
        except (*PARSE_ERRORS, ValueError) as error:
            number = count + 1
            yield Reject(name, f"damaged near record {number}: {plain_problem(str(error))} there")


def _records_prefix(open_stream: Callable[[], BinaryIO]) -> str:
    """Where the records are: "item" for an array, "data.item" for {"data": [...]}, "" for
    a single article object (or anything else, which then is rejected as not an object)."""
    events = ijson.sendable_list()
    parser = ijson.parse_coro(events)
    raw, stream = utf8_reader(open_stream)
    with raw:
        for chunk in growing_chunks(stream):
            try:
                parser.send(chunk)
            except PARSE_ERRORS:
                return _decide_prefix(events) or ""  # the main pass reports the damage
            prefix = _decide_prefix(events)
            if prefix is not None:
                return prefix
            del events[:]
    return ""


def _decide_prefix(events: list[tuple[str, str, object]]) -> str | None:
    for prefix, event, value in events:
        if prefix == "" and event == "start_array":
            return "item"
        if prefix == "" and event == "map_key" and value in _TITLE_KEYS:
            return ""
        if event == "start_map" and _is_wrapped_list(prefix):
            return prefix
    return None


def _is_wrapped_list(prefix: str) -> bool:
    path = prefix.split(".")
    return len(path) <= _MAX_WRAPPER_DEPTH + 1 and path[-1] == "item" and "item" not in path[:-1]


def _damage_reject(
    open_stream: Callable[[], BinaryIO],
    name: str,
    error: Exception,
    index: int,
    failed_chunk: tuple[int, int],
    at_end: bool,
) -> Reject:
    """The damage in words a person acts on: where (line, column, which record), what the
    parser saw, and that the records before it were kept. A file that ends inside a record
    (or inside its last character) is called cut off: the usual cause is an interrupted
    download or copy."""
    offset = damage_offset(open_stream, *failed_chunk)
    line, column = line_and_column(open_stream, offset)
    detail = error.args[0] if isinstance(error, ijson.JSONError) and error.args else str(error)
    if isinstance(detail, bytes):  # yajl reports bad UTF-8 as bytes
        detail = detail.decode("utf-8", errors="replace")
    kept = f"the {index} record(s) before it were kept"
    end = failed_chunk[0] + failed_chunk[1]
    if at_end and (failed_chunk[1] == 0 or end - offset <= _LONGEST_CHARACTER):
        return Reject(
            f"{name}:{line}:{column}",
            f"cut off at line {line}, column {column}: the file ends inside record {index + 1}"
            f" (an interrupted download or copy?); {kept}",
        )
    return Reject(
        f"{name}:{line}:{column}",
        f"damaged at line {line}, column {column}: record {index + 1} has"
        f" {plain_problem(str(detail))} there; {kept}",
    )
