"""The region each account is about, learned from its own posts as they are indexed.

A district account rarely writes its city's name: 天津西青 says 西青 and 我区, not 天津. A user
who types "天津 人才政策" still means that account's posts. Each account's posts are counted
with the regions they name (nlp.regions finds them); its home is the district, else the city,
that dominates them (nlp.regions.home_of). A query word naming a region is then also satisfied
by the posts of every account whose home lies inside it. Counts go up as posts are indexed and
down as they leave, so an account's home follows its archive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from wxintel.nlp.regions import home_of, regions
from wxintel.search.switches import on


class AccountHomes:
    """Per account: how many posts are indexed and how many of them name each region."""

    def __init__(self, data: dict[str, dict] | None = None) -> None:
        self.posts: Counter[str] = Counter()
        self.named: dict[str, Counter[str]] = {}
        self._homes: dict[str, str | None] = {}  # worked out when asked, until a post comes
        for account, counts in (data or {}).items():
            self.posts[account] = int(counts.get("posts", 0))
            self.named[account] = Counter(counts.get("named", {}))

    def learn(self, account: str, names: Iterable[str], sign: int = 1) -> None:
        """Count one post of `account` naming the regions `names` (nlp.regions.region_names of
        its text; sign -1: forget one that left the index)."""
        if not account:
            return
        self._homes.pop(account, None)
        self.posts[account] += sign
        named = self.named.setdefault(account, Counter())
        for name in names:
            named[name] += sign
        if self.posts[account] <= 0:
            del self.posts[account]
            del self.named[account]
        else:
            self.named[account] = +named  # drops names no post names any more

    def home(self, account: str) -> str | None:
        """The district (else city) the account's posts are about, when one dominates."""
        if account not in self._homes:
            self._homes[account] = home_of(self.posts[account], self.named.get(account, Counter()))
        return self._homes[account]

    def accounts_in(self, place: str) -> list[str]:
        """The accounts whose home is `place` or lies inside it ([] when `place` is no
        region the region files know)."""
        table = regions()
        if not table.known(place) or not on("homes"):
            return []
        wanted = table.name(place)
        out = []
        for account in sorted(self.posts):
            home = self.home(account)
            if home and wanted in table.chain(home):
                out.append(account)
        return out

    def to_json(self) -> dict[str, dict]:
        return {
            account: {"posts": self.posts[account], "named": dict(sorted(named.items()))}
            for account, named in sorted(self.named.items())
        }
