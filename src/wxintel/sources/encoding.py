"""Byte-order marks and GBK/GB18030 inputs, turned into clean UTF-8 for the parsers.

Chinese crawlers write UTF-8 with or without a BOM, some still write GB18030 (a superset of
GBK and GB2312). JSON parsers accept only BOM-less UTF-8, so we detect once and transcode
incrementally: a 1 GB export never has to be held in memory. Bytes that are no character
become U+FFFD, and are counted, so the reader can say so instead of garbling text silently.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass
from typing import BinaryIO

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF_BYTES = 1 << 16
_CHUNK = 1 << 16
# A UTF-8 file with a few stray bytes still reads as UTF-8: at most one broken sequence per 50
# well-formed characters beyond ASCII. GBK text read as UTF-8 breaks on nearly every Chinese
# character (about 1 in 12 happens to form a valid sequence), so the two are far apart; read as
# GB18030, a stray byte in UTF-8 garbled every record (the keys too: all were rejected).
STRAY_BYTES_PER_CHARACTER = 1 / 50


def detect_encoding(head: bytes) -> tuple[str, int]:
    """The encoding of a file starting with `head` and the length of its BOM.

    Without a BOM: UTF-8 if `head` is UTF-8 (a multi-byte character cut at the end of `head`
    is allowed), or nearly so (`mostly_utf8`: a few stray bytes), else GB18030.
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, len(bom)
    if valid_utf8(head) or mostly_utf8(head):
        return "utf-8", 0
    return "gb18030", 0


def valid_utf8(head: bytes) -> bool:
    """Whether `head` is UTF-8 throughout, a character cut at its end allowed."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def mostly_utf8(data: bytes) -> bool:
    """UTF-8 with stray bytes: few broken sequences against the well-formed wide characters."""
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(data, final=False)
    broken = replaced_count(text, data, "utf-8")
    wide = sum(1 for c in text if c > "\x7f") - text.count("\ufffd")
    return broken <= wide * STRAY_BYTES_PER_CHARACTER


def decode_head(head: bytes) -> str:
    """The text at the start of a file, for sniffing: BOM dropped, a cut character ignored."""
    encoding, bom = detect_encoding(head)
    return head[bom:].decode(encoding, errors="ignore")


@dataclass
class DecodeWarning:
    """A file read with undecodable bytes replaced by U+FFFD: said once per file."""

    origin: str
    replaced: int

    @property
    def message(self) -> str:
        return f"{self.replaced} undecodable bytes replaced in {self.origin}"


def replaced_count(text: str, data: bytes, encoding: str) -> int:
    """How many U+FFFD in `text` stand for undecodable bytes of `data`, not for a U+FFFD
    the file itself encoded."""
    return text.count("\ufffd") - data.count("\ufffd".encode(encoding))


def decode_all(data: bytes) -> tuple[str, int]:
    """A whole (small) file as text, with the number of undecodable bytes made U+FFFD."""
    encoding, bom = detect_encoding(data[:_SNIFF_BYTES])
    if encoding == "utf-8":
        try:
            return data[bom:].decode("utf-8"), 0
        except UnicodeDecodeError:
            encoding = "utf-8" if mostly_utf8(data[bom:]) else "gb18030"
    text = data[bom:].decode(encoding, errors="replace")
    return text, replaced_count(text, data[bom:], encoding)


class Utf8Stream(io.RawIOBase):
    """A readable binary stream of BOM-less UTF-8 over a stream in any detected encoding.

    `replaced` counts the undecodable bytes turned into U+FFFD so far (UTF-8 input whose head
    is clean passes through unchecked: the JSON parsers reject bad UTF-8 themselves; a head
    with stray bytes is decoded with replacement, as GB18030 is).
    """

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self.replaced = 0
        head = source.read(_SNIFF_BYTES)
        self._encoding, bom = detect_encoding(head)
        self._pending = head[bom:]
        self._decoder = None
        if self._encoding != "utf-8" or not valid_utf8(self._pending):  # stray bytes: replaced
            self._decoder = codecs.getincrementaldecoder(self._encoding)(errors="replace")
            self._pending = self._transcode(self._pending, final=False)
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._eof:
            self._pending = self._next_chunk()
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _next_chunk(self) -> bytes:
        chunk = self._source.read(_CHUNK)
        if not chunk:
            self._eof = True
        if self._decoder is None:
            return chunk
        return self._transcode(chunk, final=self._eof)

    def _transcode(self, chunk: bytes, final: bool) -> bytes:
        assert self._decoder is not None
        text = self._decoder.decode(chunk, final=final)
        self.replaced += replaced_count(text, chunk, self._encoding)
        return text.encode("utf-8")
