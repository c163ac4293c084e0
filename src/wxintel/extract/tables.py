"""Tables rebuilt from cells flattened one per line (公示 lists: 序号 / 企业名称 / … / 1 / name …).

The column count is found from the data, not from header names: the row numbers 1, 2, 3 …
recur every `width` lines, and the `width` lines just before "1" are the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from wxintel.model import Table

_MAX_CELL = 80  # a cell is a short line; a sentence ends the run
_MAX_WIDTH = 12
_MIN_ROWS = 2
_ROW_NUMBER = re.compile(r"^\d{1,4}$")
_SENTENCE = re.compile(r"[。；;！？]")


@dataclass
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append(_Line(pos, pos + len(raw), raw.strip()))
        pos += len(raw) + 1
    return lines


def _runs(lines: list[_Line]) -> list[list[_Line]]:
    """Maximal runs of consecutive non-empty, cell-like lines."""
    runs: list[list[_Line]] = []
    current: list[_Line] = []
    for line in lines:
        if line.text and len(line.text) <= _MAX_CELL and not _SENTENCE.search(line.text):
            current.append(line)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def _numbered_rows(run: list[_Line], first: int, width: int) -> int:
    """How many rows of `width` cells start with 1, 2, 3 … from index `first`."""
    rows = 0
    while first + (rows + 1) * width <= len(run) and run[first + rows * width].text == str(
        rows + 1
    ):
        rows += 1
    return rows


def _tables_in_run(run: list[_Line]) -> list[Table]:
    """Tables in one run; the numbering column is dropped (it only repeats the row order)."""
    texts = [line.text for line in run]
    tables: list[Table] = []
    first = 0
    while first < len(texts):
        width, rows = _best_width(run, first) if texts[first] == "1" else (0, 0)
        header = texts[first - width : first] if width and first >= width else []
        if rows < _MIN_ROWS or not header or any(_ROW_NUMBER.match(h) for h in header):
            first += 1
            continue
        end = first + rows * width
        cells = [texts[first + r * width + 1 : first + (r + 1) * width] for r in range(rows)]
        tables.append(Table(header[1:], cells, run[first - width].start, run[end - 1].end))
        first = end
    return tables


def _best_width(run: list[_Line], first: int) -> tuple[int, int]:
    """The row width that numbers the most rows from `first` (narrowest on a tie)."""
    best_width, best_rows = 0, 0
    for width in range(2, _MAX_WIDTH + 1):
        rows = _numbered_rows(run, first, width)
        if rows > best_rows:
            best_width, best_rows = width, rows
    return best_width, best_rows


def extract_tables(text: str) -> list[Table]:
    """Every flattened numbered table in the text, with its header and row cells."""
    return [table for run in _runs(_lines(text)) for table in _tables_in_run(run)]
