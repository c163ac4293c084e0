"""Where a JSON stream breaks, as a line and column, found without loading the stream.

ijson's C parser says that a chunk failed, not where. We narrow the failing chunk down by
re-feeding the stream in ever smaller pieces (16 per round), so the cost is a few linear
passes, never one parser call per byte of a long partial string (yajl re-scans an
unfinished token on every call).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import BinaryIO

import ijson

from wxintel.sources.encoding import Utf8Stream

PARSE_ERRORS = (ijson.JSONError, UnicodeDecodeError)  # bad UTF-8 inside a string is damage too
FIRST_CHUNK = 1 << 16
LARGEST_CHUNK = 1 << 24
_PIECES_PER_ROUND = 16
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))


def growing_chunks(stream: BinaryIO, limit: int | None = None) -> Iterator[bytes]:
    """The stream (up to `limit` bytes) in chunks that double from 64 KB to 16 MB, so a
    multi-megabyte string reaches the parser in a few calls."""
    size, fed = FIRST_CHUNK, 0
    while limit is None or fed < limit:
        chunk = stream.read(size if limit is None else min(size, limit - fed))
        if not chunk:
            return
        fed += len(chunk)
        size = min(size * 2, LARGEST_CHUNK)
        yield chunk


def utf8_reader(open_stream: Callable[[], BinaryIO]) -> tuple[BinaryIO, io.BufferedReader]:
    """The raw stream (to close) and a buffered UTF-8 view of it whose read(n) fills n bytes."""
    raw = open_stream()
    return raw, io.BufferedReader(Utf8Stream(raw), buffer_size=FIRST_CHUNK)


def locate_damage(open_stream: Callable[[], BinaryIO], start: int, length: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of the byte that makes the parser fail,
    given that bytes [0, start) parse and [start, start + length) do not."""
    return _line_and_column(open_stream, damage_offset(open_stream, start, length))


def damage_offset(open_stream: Callable[[], BinaryIO], start: int, length: int) -> int:
    """The offset (in UTF-8 bytes) of the byte that makes the parser fail, given that bytes
    [0, start) parse and [start, start + length) do not."""
    while length > 1:
        piece = -(-length // _PIECES_PER_ROUND)
        start = _failing_piece(open_stream, start, length, piece)
        length = piece
    return start


def line_and_column(open_stream: Callable[[], BinaryIO], offset: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of the UTF-8 byte at `offset`."""
    return _line_and_column(open_stream, offset)


# A JSON Lines line cut short: the parser wanted more where it stopped, or a text runs to its end
ENDS_EARLY = "the line ends before its record is complete"

# What yajl's (exports) and Python's json (JSON Lines) messages mean, for a person who never
# wrote JSON by hand: the first fragment found in the parser's text picks the words (else
# PLAIN_DEFAULT).
PLAIN_PROBLEMS = (
    ("Unterminated string", ENDS_EARLY),  # Python's json: a text runs on to the line's end
    ("Expecting property name", "a field name that is not in double quotes"),
    ("Expecting ':' delimiter", "a missing colon (:) after a field name"),
    ("Expecting ',' delimiter", "a missing comma (,) between fields"),
    ("Expecting value", "a missing or malformed value"),
    ("Extra data", "more text after the record has ended"),
    ("Invalid control character", "a control character (a raw tab or line break) in a text"),
    ("Invalid \\escape", "a backslash (\\) that starts no valid escape"),
    ("premature EOF", "the file ends before the record closes"),
    ("Incomplete JSON", "the file ends before the record closes"),
    ("occurs before a character", "a backslash (\\) that starts no valid escape"),
    ("invalid character inside string", "a control character (a raw tab or line break) in a text"),
    ("invalid bytes in UTF8", "bytes that are not UTF-8 text"),
    ("malformed number", "a malformed number"),
    ("separated by a colon", "a missing colon (:) after a field name"),
    ("invalid object key", "a field name that is not in double quotes"),
    ("inside map, I expect", "a missing comma (,) or closing brace (}) after a field"),
    ("after array element", "a missing comma (,) or closing bracket (]) after a record"),
    ("trailing garbage", "more text after the list of records has ended"),
    ("invalid char in json text", "a character that cannot start a value here"),
    ("invalid string in json text", "a character that cannot start a value here"),
)
PLAIN_DEFAULT = "text that is not valid JSON"


def plain_problem(parser_message: str) -> str:
    """The parser's complaint in plain words (see PLAIN_PROBLEMS)."""
    for fragment, words in PLAIN_PROBLEMS:
        if fragment in parser_message:
            return words
    return PLAIN_DEFAULT


def _failing_piece(open_stream: Callable[[], BinaryIO], start: int, length: int, piece: int) -> int:
    parser = ijson.basic_parse_coro(ijson.sendable_list())
    raw, stream = utf8_reader(open_stream)
    with raw:
        try:
            for chunk in growing_chunks(stream, start):
                parser.send(chunk)
        except PARSE_ERRORS:
            return start  # not expected: these bytes parsed before
        for offset in range(start, start + length, piece):
            try:
                parser.send(stream.read(piece))
            except PARSE_ERRORS:
                return offset
    return start


def _line_and_column(open_stream: Callable[[], BinaryIO], offset: int) -> tuple[int, int]:
    line, column = 1, 1
    raw, stream = utf8_reader(open_stream)
    with raw:
        for chunk in growing_chunks(stream, offset):
            newlines = chunk.count(b"\n")
            if newlines:
                line += newlines
                chunk = chunk[chunk.rindex(b"\n") + 1 :]
                column = 1
            column += len(chunk.translate(None, _CONTINUATION_BYTES))
    return line, column
