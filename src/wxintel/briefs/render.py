"""A brief as Markdown, HTML, JSON, JSON Lines or CSV: one registry for the CLI and the API.

The HTML comes from the same templates as the /brief page (web/templates/brief_*.html),
rendered here for output that leaves the server (files, feeds): titles link to the posts.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from wxintel.briefs.model import Brief, BriefItem
from wxintel.dates import readable, when
from wxintel.links import markdown_target, safe_url
from wxintel.renderers import CSV_BOM, Registry, Renderer, markdown_text, spreadsheet_cell

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates"
EMPTY = "（本期无可收录的文章）"
CSV_COLUMNS = (
    "section",
    "account",
    "published",
    "title",
    "kind",
    "deadline",
    "contact",
    "url",
    "summary",
    "id",
    "follows",
)


@cache
def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
    )
    env.globals["safe_url"] = safe_url
    env.filters["when"] = when  # brief_items.html writes dates as the pages do: "3月19日 12:00"
    return env


def _original(item: BriefItem) -> str:
    return safe_url(item.url) or ""


def render_html_fragment(brief: Brief) -> str:
    """The brief as an HTML <article> (a feed entry's content); text is escaped."""
    template = _templates().get_template("brief_article.html")
    return template.render(brief=brief, item_href=_original, original_links=False)


def render_html(brief: Brief) -> str:
    """The brief as a standalone HTML page; article text is escaped, links only from the store."""
    template = _templates().get_template("brief_document.html")
    return template.render(brief=brief, item_href=_original, original_links=False)


def render_json(brief: Brief) -> str:
    return json.dumps(brief.to_json(), ensure_ascii=False, indent=2) + "\n"


def _rows(brief: Brief) -> list[dict[str, object]]:
    """One flat row per item, with its section, each follow-up after its item naming the item
    it follows (`follows`: that item's id)."""
    rows: list[dict[str, object]] = []
    for section in brief.sections:
        for item in section.items:
            rows.append({"section": section.name, **_flat(item)})
            rows += [
                {"section": section.name, **_flat(f), "follows": item.id} for f in item.followups
            ]
    return rows


def _flat(item: BriefItem) -> dict[str, object]:
    """An item's JSON without its follow-ups, `follows` as the id of the call it follows."""
    data = item.to_json()
    data.pop("followups", None)
    if item.follows:
        data["follows"] = item.follows["id"]
    return data


def render_jsonl(brief: Brief) -> str:
    """One JSON object per item, with its section: for spreadsheets and scripts."""
    lines = [json.dumps(row, ensure_ascii=False) for row in _rows(brief)]
    return "".join(line + "\n" for line in lines)


def render_csv(brief: Brief) -> str:
    """One row per item (UTF-8 with a byte-order mark for Excel, header first); spreadsheet
    formulas are not started by text, and a deadline's time is written as the Markdown writes
    it (`readable`: 2026-01-09 17:00, which a spreadsheet reads as a date-time)."""
    out = io.StringIO()
    out.write(CSV_BOM)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in _rows(brief):
        writer.writerow([spreadsheet_cell(readable(str(row.get(c, "")))) for c in CSV_COLUMNS])
    return out.getvalue()


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown: one heading per non-empty section, one bullet per post."""
    lines = [f"# {markdown_text(brief.title)}", ""]
    if brief.note:
        lines += [f"> {markdown_text(brief.note)}", ""]
    for section in brief.sections:
        if not section.items:
            continue
        lines += [f"## {section.name}", ""]
        for item in section.items:
            lines.append(
                f"- **{_markdown_head(item)}** ({markdown_text(item.account)} · {item.published})"
            )
            if item.summary:
                lines.append(f"  {markdown_text(item.summary)}")
            extra = _call_line(item)
            if extra:
                lines.append(f"  {markdown_text(extra)}")
            if item.follows:
                earlier = f"{item.follows['title']}（{item.follows['published']}）"
                lines.append(f"  接续：{markdown_text(earlier)}")
            for follow in item.followups:
                line = f"  - 后续：{_markdown_head(follow)} ({follow.published})"
                extra = _call_line(follow)
                lines.append(f"{line} {markdown_text(extra)}" if extra else line)
        lines.append("")
    if not brief.items:
        lines += [EMPTY, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _markdown_head(item: BriefItem) -> str:
    title = markdown_text(item.heading)
    link = safe_url(item.url)
    return f"[{title}]({markdown_target(link)})" if link else title


def _call_line(item: BriefItem) -> str:
    parts = [
        f"截止：{readable(item.deadline)}" if item.deadline else "",
        f"联系：{item.contact}" if item.contact else "",
    ]
    return "；".join(p for p in parts if p)


BRIEF_FORMATS: Registry[Brief] = Registry(
    "brief",
    [
        Renderer("md", "text/markdown; charset=utf-8", render_markdown, "Markdown"),
        Renderer("html", "text/html; charset=utf-8", render_html, "a standalone HTML page"),
        Renderer("json", "application/json", render_json, "the API's JSON"),
        Renderer(
            "jsonl", "application/x-ndjson", render_jsonl, "one JSON object per item or follow-up"
        ),
        Renderer("csv", "text/csv; charset=utf-8", render_csv, "one row per item or follow-up"),
    ],
)
