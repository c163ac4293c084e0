"""Search results, the calls board and whole archives as files a person opens: JSON Lines,
CSV (for Excel) and Markdown, from one registry (`EXPORT_FORMATS`) that gives `wxintel
export --format`, the pages' export buttons and the API's media types.

The rows come from the surfaces' own reads (`reads.export_rows`, `store.calls`); this
module only writes them. CSV cells go through `renderers.spreadsheet_cell`, so a title such
as `=HYPERLINK(…)` stays text, and the file starts with a byte-order mark for Excel.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from operator import methodcaller
from typing import Any

from wxintel.dates import posted_day, readable
from wxintel.extract.doctype import KIND_LABELS
from wxintel.links import markdown_target, safe_url
from wxintel.renderers import CSV_BOM, Registry, Renderer, markdown_text, spreadsheet_cell
from wxintel.store.readmodels import phone_contacts

Row = Mapping[str, Any]

# The columns of an article export: identity first, then what a reader acts on (deadlines,
# contacts, attachments), the body last so a spreadsheet's rows stay readable.
ARTICLE_COLUMNS = (
    "id",
    "key",
    "account",
    "title",
    "url",
    "published",
    "kind",
    "deadline",
    "deadlines",
    "contacts",
    "phones",
    "phone_roles",
    "emails",
    "attachments",
    "doc_numbers",
    "issuers",
    "lang",
    "is_stub",
    "reprinted_from",
    "duplicate_of",
    "content",
)
# The calls board's columns: a call's days left as of the board's day instead of the body.
CALL_COLUMNS = (
    "id",
    "key",
    "account",
    "title",
    "url",
    "published",
    "kind",
    "deadline",
    "days_left",
    "as_of",
    "deadlines",
    "contacts",
    "phones",
    "phone_roles",
    "emails",
    "attachments",
    "doc_numbers",
    "issuers",
)
# Markdown lists what a reader acts on, not the body: (what a row gives, label) under each
# title; the stated deadlines, each with what it is for, else the final one; 联系 as the board
# lists who to reach (a number no contact names too: store/readmodels.phone_contacts).
MARKDOWN_DETAILS: tuple[tuple[Callable[[Row], Any], str], ...] = (
    (methodcaller("get", "deadlines"), "截止"),
    (methodcaller("get", "deadline"), "截止"),
    (phone_contacts, "联系"),
    (methodcaller("get", "emails"), "邮箱"),
    (methodcaller("get", "attachments"), "附件"),
    (methodcaller("get", "doc_numbers"), "文号"),
)


@dataclass(frozen=True)
class Export:
    """Rows to write: `title` heads the Markdown file, `columns` are the CSV's, in order.

    `rows` may be a generator (a whole archive is never held in memory); write it once.
    """

    title: str
    columns: tuple[str, ...]
    rows: Iterable[Row]


def describe(
    what: str,
    text: str = "",
    date_from: str | None = None,
    date_to: str | None = None,
    accounts: Iterable[str] = (),
    kinds: Iterable[str] = (),
    group: str | None = None,
) -> str:
    """A title saying what an export holds: "搜索结果：智能工厂 · 2025-09-01 至 2025-10-31"."""
    span = f"{date_from or '…'} 至 {date_to or '…'}" if date_from or date_to else ""
    named = "、".join(KIND_LABELS.get(kind, kind) for kind in kinds)
    parts = [text.strip(), span, "、".join(accounts), group or "", named]
    detail = " · ".join(p for p in parts if p)
    return f"{what}：{detail}" if detail else what


def cell_text(value: Any, reading: bool = False) -> str:
    """A field as one line of text: lists joined with "; ", a contact as "name phone", a
    phone's role as "phone（role）", a stated deadline as "at（for）"; nothing for a missing
    value. For `reading` (Markdown, CSV) a date-time is written as people write it
    (2025-11-17 17:00, which a spreadsheet reads as a date-time; JSON keeps the stored ISO form,
    as the API gives it)."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(t for t in (cell_text(v, reading) for v in value) if t)
    if isinstance(value, dict):
        if "at" in value:
            purpose = value.get("for") or ""
            at = readable(str(value["at"])) if reading else str(value["at"])
            at = at or value.get("as_written", "")  # counted from an undated event
            return f"{at}（{purpose}）" if purpose else at
        if "role" in value:
            return f"{value.get('phone', '')}（{value['role']}）"
        if "phone" in value or "name" in value:
            return " ".join(str(value[k]) for k in ("name", "phone") if value.get(k))
        return json.dumps(value, ensure_ascii=False)
    return readable(str(value)) if reading else str(value)


def csv_lines(export: Export) -> Iterator[str]:
    """The rows as CSV: a byte-order mark and the header first, one line per row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as Excel writes them
    writer.writerow(export.columns)
    yield CSV_BOM + out.getvalue()
    for row in export.rows:
        out.seek(0)
        out.truncate()
        writer.writerow([_csv_cell(row.get(c)) for c in export.columns])
        yield out.getvalue()


def _csv_cell(value: Any) -> Any:
    """A number as itself (days left may be negative: -3 is no formula), the rest as text
    that cannot start a formula, date-times as a brief's CSV writes them."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return spreadsheet_cell(cell_text(value, reading=True))


def jsonl_lines(export: Export) -> Iterator[str]:
    """One JSON object per row, every field the row has (lists stay lists)."""
    for row in export.rows:
        yield json.dumps(dict(row), ensure_ascii=False) + "\n"


def markdown_lines(export: Export) -> Iterator[str]:
    """A numbered list: the title linked to the post, account, date and kind (in Chinese, as
    the pages name it), then what a reader acts on (deadlines, contacts, attachments); text
    escaped, links only http(s)."""
    yield f"# {markdown_text(export.title)}\n\n"
    count = 0
    for count, row in enumerate(export.rows, start=1):
        title = markdown_text(str(row.get("title") or "")) or "(无标题)"
        link = safe_url(row.get("url"))
        head = f"[{title}]({markdown_target(link)})" if link else title
        kind = str(row.get("kind") or "")
        facts = [posted_day(str(row.get("published") or "")), KIND_LABELS.get(kind, kind)]
        line = " · ".join(markdown_text(t) for t in [str(row.get("account") or ""), *facts] if t)
        yield f"{count}. **{head}** — {line}\n"
        shown: set[str] = set()
        for given, label in MARKDOWN_DETAILS:
            text = cell_text(given(row), reading=True)
            if text and label not in shown:
                shown.add(label)
                yield f"   - {label}：{markdown_text(text)}\n"
    if not count:
        yield "（没有符合条件的文章）\n"


def _whole(lines: Callable[[Export], Iterable[str]]) -> Callable[[Export], str]:
    """A streamed format as the registry's whole-file writer (the web's downloads)."""
    return lambda export: "".join(lines(export))


EXPORT_FORMATS: Registry[Export] = Registry(
    "export",
    [
        Renderer(
            "jsonl",
            "application/x-ndjson",
            _whole(jsonl_lines),
            "one JSON object per line",
            jsonl_lines,
        ),
        Renderer(
            "csv",
            "text/csv; charset=utf-8",
            _whole(csv_lines),
            "one row per post, for Excel",
            csv_lines,
        ),
        Renderer(
            "md",
            "text/markdown; charset=utf-8",
            _whole(markdown_lines),
            "a list to read or paste",
            markdown_lines,
        ),
    ],
)
