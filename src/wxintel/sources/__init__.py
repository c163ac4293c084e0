"""Input readers: crawler exports, JSON Lines, saved WeChat pages and RSS/Atom feeds.

Each reader yields `Article`, `Reject` (a record that could not be read, with where and why)
or `Unavailable` (a saved page WeChat withdrew), and never raises on bad input, so one bad
record or file never stops an ingest. The format is sniffed from content, not the name.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from wxintel.model import Article, Reject, Unavailable
from wxintel.sources.encoding import DecodeWarning
from wxintel.sources.sniff import SNIFF_BYTES, sniff_head

FORMATS: tuple[str, ...] = ("export", "jsonl", "html", "feed")


@dataclass
class Skipped:
    """A file met while walking a directory that is none of our formats (a README, notes).

    Not a rejected record: nobody asked for it, and it must not fail an ingest --strict.
    """

    origin: str
    reason: str


Record = Article | Reject | Unavailable | Skipped | DecodeWarning
Reader = Callable[[Callable[[], BinaryIO], str], Iterator[Record]]
# each format's reader as (module, function), imported when a file of that format is first read:
# an ingest of exports never loads the feed and page readers (feedparser among them)
READERS: dict[str, tuple[str, str]] = {
    "export": ("wxintel.sources.export", "read_export"),
    "jsonl": ("wxintel.sources.jsonl", "read_jsonl"),
    "html": ("wxintel.sources.page", "read_page"),
    "feed": ("wxintel.sources.feed", "read_feed"),
}

__all__ = ["FORMATS", "DecodeWarning", "Record", "Skipped", "read_bytes", "read_path", "sniff"]


def sniff(path: Path) -> str | None:
    """The format of the file at `path` from its first bytes, or None if it is none of ours."""
    try:
        with open(path, "rb") as file:
            return sniff_head(file.read(SNIFF_BYTES))
    except OSError:
        return None


def read_path(path: Path, format: str | None = None, name: str | None = None) -> Iterator[Record]:
    """Read a file, or every non-hidden file under a directory (recursively, sorted).

    `format` forces a reader (one of FORMATS); otherwise each file is sniffed. A file that is
    none of our formats yields one Reject when named, one Skipped when found under a
    directory. An unreadable path is a Reject too. `name` is what origins call the path
    (default: the path itself), e.g. an upload's own file name rather than the temporary
    file holding it; files under a directory are named below it.
    """
    path = Path(path)
    _check_format(format)
    if path.is_dir():
        for file in _visible_files(path):
            inner = f"{name}/{file.relative_to(path).as_posix()}" if name else str(file)
            yield from _read_file(file, format, inner, walked=True)
    else:
        yield from _read_file(path, format, name or str(path))


def read_bytes(data: bytes, name: str, format: str | None = None) -> Iterator[Record]:
    """Read an upload held in memory exactly as a file called `name` would be read."""
    _check_format(format)
    kind = format or sniff_head(data[:SNIFF_BYTES])
    yield from _read(lambda: io.BytesIO(data), name, kind)


def _read_file(path: Path, format: str | None, name: str, walked: bool = False) -> Iterator[Record]:
    try:
        with open(path, "rb") as file:
            kind = format or sniff_head(file.read(SNIFF_BYTES))
    except OSError as error:
        yield Reject(name, f"cannot read file: {error.strerror or error}")
        return
    if kind is None and walked:
        yield Skipped(name, f"not an article file: none of {', '.join(FORMATS)}")
        return
    yield from _read(partial(path.open, "rb"), name, kind)


def _read(open_stream: Callable[[], BinaryIO], name: str, kind: str | None) -> Iterator[Record]:
    if kind is None:
        with open_stream() as stream:  # an empty file (a failed save or copy) is not a format
            empty = not stream.read(SNIFF_BYTES).strip(b"\xef\xbb\xbf \t\r\n")
        reason = f"unrecognised format: not one of {', '.join(FORMATS)}"
        yield Reject(name, "empty file: nothing to read" if empty else reason)
        return
    try:
        module, function = READERS[kind]
        reader: Reader = getattr(importlib.import_module(module), function)
        yield from reader(open_stream, name)
    except OSError as error:
        yield Reject(name, f"cannot read file: {error.strerror or error}")


def _visible_files(directory: Path) -> list[Path]:
    return sorted(
        path
        for path in directory.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(directory).parts)
    )


def _check_format(format: str | None) -> None:
    if format is not None and format not in READERS:
        raise ValueError(f"unknown format {format!r}: expected one of {', '.join(FORMATS)}")
