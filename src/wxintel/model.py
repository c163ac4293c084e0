"""Plain dataclasses shared by every stage of the pipeline.

Readers yield `Article` (or `Reject` / `Unavailable`), `clean` returns a cleaned `Article`,
`enrich` returns an `Enrichment`. Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Kinds of post that ask the reader to act by a date: the calls board, its feed, calendar and
# watchlists. A 公示, a released list or an announcement asks nobody to hand anything in.
ACTION_KINDS = ("call", "registration", "consultation")
# Every notice kind: what a call thread's stages and a brief's notices section may hold.
NOTICE_KINDS = (*ACTION_KINDS, "publicity", "release", "announcement")


@dataclass
class Article:
    """One official-account post as read from any source, before or after cleaning."""

    title: str
    content: str
    account: str = ""
    aid: str = ""
    url: str = ""
    published: str = ""  # ISO 8601: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00]
    author: str = ""
    biz: str = ""
    mid: str = ""
    idx: str = ""
    sn: str = ""
    source_url: str = ""  # the "阅读原文" link, when the page has one
    extra: dict[str, Any] = field(default_factory=dict)  # unknown input keys, kept verbatim
    origin: str = ""  # "file:line" or "file#index": where the record came from
    # Set by clean():
    lang: str = ""
    is_stub: bool = False
    reprinted_from: str = ""
    raw_content: str = ""  # content exactly as read, so cleaning can be redone later


@dataclass
class Reject:
    """A record that could not be read, with the reason and where it was."""

    origin: str  # file, and line/column or record index
    reason: str
    record: Any = None  # the raw record when there is one, for the rejects file


@dataclass
class Unavailable:
    """A saved page that is not an article (deleted, violation, unavailable): stores nothing."""

    origin: str
    status: str  # "deleted" | "violation" | "unavailable" | "verification"
    message: str = ""


@dataclass
class Fact:
    """One extracted fact with the exact span of cleaned text it came from."""

    kind: str  # deadline, period, signed, issuer, contact, phone, email, address, postcode,
    # url, attachment, doc_number, policy_title, event, figure, reprinted_from
    value: Any  # str, or a small JSON-able dict/list for structured facts
    start: int
    end: int
    text: str  # content[start:end]


@dataclass
class Mention:
    """An entity mention: canonical name and kind, with the surface form's span."""

    kind: str  # org, person, district, industry, event
    name: str  # canonical name (aliases resolved)
    surface: str
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)  # e.g. {"title": "市经济信息化委副主任"}


@dataclass
class Table:
    """A table rebuilt from cells flattened one per line."""

    columns: list[str]
    rows: list[list[str]]
    start: int
    end: int


@dataclass
class Enrichment:
    """Everything `enrich` learns about one cleaned article."""

    kind: str  # call, registration, consultation, publicity, release, announcement, digest,
    # event, feature, news, stub
    kind_rule: str  # the rule or feature that decided the kind, for explanations
    facts: list[Fact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
