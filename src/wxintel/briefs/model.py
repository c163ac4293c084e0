"""What a brief is made of: plain dataclasses shared by selection, composition and rendering."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from wxintel.store import StoredArticle

UNTITLED = "(无标题)"


@dataclass(frozen=True)
class BriefItem:
    """One post in a brief: what it is, whose, when, where to read it, and its news."""

    key: str
    id: str
    title: str
    url: str
    published: str  # YYYY-MM-DD
    summary: str
    account: str = ""
    kind: str = ""
    deadline: str = ""
    contact: str = ""
    # later posts of the same call thread in the same period (a live stream on the call, its
    # shortlist, an extension), shown under this one rather than as items of their own
    followups: tuple[BriefItem, ...] = ()
    # the call an item follows when that call was published before the brief's period (a
    # live stream this week on last week's call): its id, title and day
    follows: Mapping[str, str] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        """The title as shown: an empty one would render as nothing at all."""
        return self.title.strip() or UNTITLED

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "key": self.key,
            "title": self.title,
            "account": self.account,
            "kind": self.kind,
            "url": self.url,
            "published": self.published,
            "summary": self.summary,
        }
        if self.deadline:
            data["deadline"] = self.deadline
        if self.contact:
            data["contact"] = self.contact
        if self.followups:
            data["followups"] = [f.to_json() for f in self.followups]
        if self.follows:
            data["follows"] = dict(self.follows)
        return data


@dataclass
class BriefSection:
    name: str
    items: list[BriefItem] = field(default_factory=list)


@dataclass
class Brief:
    """A digest of the posts published from `start` to `end` (both included).

    `accounts` are the accounts it was made of (named in its title and feed entry when one);
    `covered` those of them with posts in its period (its JSON's `accounts`); `learned_from`
    names the covered accounts whose own digests chose their posts (one account: its sections
    and caps too; empty: generic); `note` says why a week's brief of several accounts does not
    run on a covered account's learned week.
    """

    start: date
    end: date
    sections: list[BriefSection]
    accounts: tuple[str, ...] = ()
    learned_from: tuple[str, ...] = ()
    note: str = ""
    covered: tuple[str, ...] = ()

    @property
    def items(self) -> list[BriefItem]:
        return [item for section in self.sections for item in section.items]

    @property
    def title(self) -> str:
        """The heading: whose (one account), what span, which days ("上海经信委 一周要闻（…）")."""
        prefix = f"{self.accounts[0]} " if len(self.accounts) == 1 else ""
        if self.start == self.end:
            return f"{prefix}每日要闻（{cn_day(self.start)}）"
        name = "一周要闻" if (self.end - self.start).days == 6 else "要闻简报"
        return f"{prefix}{name}（{cn_day(self.start)}-{cn_day(self.end)}）"

    def section_of(self, key: str) -> str | None:
        return next((s.name for s in self.sections for i in s.items if i.key == key), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "title": self.title,
            "accounts": list(self.covered),
            "learned_from": list(self.learned_from),
            "note": self.note,
            "sections": [
                {"name": s.name, "items": [i.to_json() for i in s.items]} for s in self.sections
            ],
        }


@dataclass
class Candidate:
    """A stored post with the near-duplicates the store linked to it."""

    article: StoredArticle
    near: frozenset[str] = frozenset()  # keys of near-duplicate posts
    # what extraction found in it, counted ("entity:org", "fact:figure" …; store/articles.py)
    found: Mapping[str, int] = field(default_factory=dict)
    carried_by: frozenset[str] = frozenset()  # other accounts that published the same text
    thread: tuple[int, str] | None = None  # its call thread (link/threads.py) and its stage there
    followups: tuple[Candidate, ...] = ()  # later posts of its thread in the period (compose.py)


class BriefSource(Protocol):
    """The part of the store a brief reads."""

    conn: Any  # the repost clusters (link/) are read through it

    def iter_articles(
        self, date_from: str | None = ..., date_to: str | None = ..., accounts: Any = ...
    ) -> Any: ...
    def facts_of(self, keys: Any) -> dict[str, list[dict[str, Any]]]: ...
    def extraction_counts(self, keys: Any) -> dict[str, dict[str, int]]: ...
    def accounts(self) -> list[str]: ...
    def near_duplicate_pairs(
        self, date_from: str, date_to: str, accounts: Any = ...
    ) -> list[tuple[str, str]]: ...


def cn_day(day: date) -> str:
    return f"{day.month}月{day.day}日"
