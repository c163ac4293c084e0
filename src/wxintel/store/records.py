"""What goes into the store and what comes out of it: plain dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wxintel.model import Article, Enrichment
from wxintel.settings import count


class StoreError(Exception):
    """A problem with the database itself, explained for the user."""


BATCH_SIZE = count("batch_size")  # records per ingest transaction


@dataclass
class Prepared:
    """A cleaned, enriched article ready to be written, with its identity and hashes."""

    article: Article
    key: str
    raw_hash: str
    content_hash: str
    title_key: str
    edge_lines: set[str]
    enrichment: Enrichment
    signature: np.ndarray | None
    marks: np.ndarray | None = None  # repost marks (link.marks.mark_array), for the link stage
    # its search index text fields (search.index.TextFields), when the workers read them
    indexed: Any = None


@dataclass
class WriteResult:
    """What one batch did to the database."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    near_duplicates: int = 0


@dataclass
class StoredArticle:
    """An article as stored: identity, metadata, cleaned text and derived fields."""

    key: str
    id: str
    account: str
    title: str
    url: str
    published: str
    content: str
    author: str = ""
    lang: str = "zh"
    is_stub: bool = False
    reprinted_from: str = ""
    duplicate_of: str | None = None
    kind: str = ""
    kind_rule: str = ""
    tags: list[str] = field(default_factory=list)
    deadline: str = ""
    source_url: str = ""
    biz: str = ""
    mid: str = ""
    idx: str = ""
    sn: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    origin: str = ""

    def to_json(self) -> dict[str, Any]:
        """The export/API shape of an article."""
        return {
            "id": self.id,
            "key": self.key,
            "account": self.account,
            "title": self.title,
            "url": self.url,
            "published": self.published,
            "author": self.author,
            "content": self.content,
            "lang": self.lang,
            "is_stub": self.is_stub,
            "reprinted_from": self.reprinted_from or None,
            "duplicate_of": self.duplicate_of,
            "kind": self.kind,
            "kind_rule": self.kind_rule,
            "tags": self.tags,
            "deadline": self.deadline or None,
            "source_url": self.source_url or None,
            "biz": self.biz,
            "mid": self.mid,
            "idx": self.idx,
            "sn": self.sn,
            "extra": self.extra,
        }

    def to_article(self) -> Article:
        """The cleaned `model.Article` behind this record, as the extractors see it."""
        return Article(
            title=self.title,
            content=self.content,
            account=self.account,
            aid=self.id,
            url=self.url,
            published=self.published,
            lang=self.lang,
            is_stub=self.is_stub,
            reprinted_from=self.reprinted_from,
        )
