"""The 公众号 box of the brief, the calls board and the search page keeps every account the
address names: a page for two accounts, sent again for another week, stays a page for two."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from conftest import MORE
from fastapi.testclient import TestClient
from helpers import ingested_db

from wxintel.web import create_app

TWO = ["未央工信", "北邮家教部"]  # two real accounts, the second of seven posts


class FormAccounts(HTMLParser):
    """What a browser sends for the account box: its selected options, and whether it may
    send more than one (a single select sends the last one selected)."""

    def __init__(self) -> None:
        super().__init__()
        self.multiple = False
        self.selected: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "select" and found.get("name") == "account":
            self._inside, self.multiple = True, "multiple" in found
        elif tag == "option" and self._inside and "selected" in found:
            self.selected.append(found.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._inside = False

    def sent(self) -> list[str]:
        return self.selected if self.multiple else self.selected[-1:]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = ingested_db(tmp_path_factory.mktemp("two"), [MORE / f"{name}.json" for name in TWO])
    with TestClient(create_app(db)) as client:
        yield client


@pytest.mark.parametrize(
    "page",
    ["/brief?week=2025-06-15", "/calls?as_of=2025-06-15", "/search?q=%E7%94%B3%E6%8A%A5"],
)
def test_a_page_for_two_accounts_sends_both_again(client: TestClient, page: str) -> None:
    answer = client.get(page, params=[("account", name) for name in TWO])
    assert answer.status_code == 200
    form = FormAccounts()
    form.feed(answer.text)
    assert sorted(form.sent()) == sorted(TWO)
    one = FormAccounts()
    one.feed(client.get(page, params={"account": TWO[0]}).text)
    assert (one.multiple, one.sent()) == (False, [TWO[0]])  # one account: the plain box
    everything = FormAccounts()
    everything.feed(client.get(page).text)
    assert (everything.multiple, everything.sent()) == (False, [""])  # 全部
