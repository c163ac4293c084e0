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
        """A post from a row of `SELECT_POSTS`."""
        return cls(row_id=row["id"], cites=cites or [], **{name: row[name] for name in COLUMNS})


# The articles' columns a Post is read from (the row's id is its row_id); one list for every
# query that reads posts for linking.
COLUMNS = ("key", "account", "title", "content", "published", "kind", "reprinted_from", "deadline")
SELECT_POSTS = f"SELECT id, {', '.join(COLUMNS)} FROM articles"
