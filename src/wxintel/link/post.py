"""What linking needs of one stored post, read from a written batch or from the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wxintel.link.marks import source_named


@dataclass
class Post:
    """One stored post as the link stage sees it."""

    row_id: int
    key: str
    account: str
    title: str
    content: str
    published: str
    kind: str
    reprinted_from: str = ""
    deadline: str = ""
    cites: list[str] = field(default_factory=list)  # document numbers and titles it cites
    source: str = ""  # the account or outlet its source line names

    def __post_init__(self) -> None:
        self.source = self.source or source_named(self.content, self.reprinted_from)

    @classmethod
    def from_row(cls, row: Any, cites: list[str] | None = None) -> Post:
        return cls(
            row_id=row["id"],
            key=row["key"],
            account=row["account"],
            title=row["title"],
            content=row["content"],
            published=row["published"],
            kind=row["kind"],
            reprinted_from=row["reprinted_from"],
            deadline=row["deadline"],
            cites=cites or [],
        )
