"""Shared fixtures: the real seed export and the other accounts, read and cleaned by wxintel.

Inputs are read from ../shared beside the repository; nothing from them is copied here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wxintel.clean import clean_corpus
from wxintel.model import Article
from wxintel.sources import read_path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
SEED = DATA / "sheitc-2025-09-10_2025-10-15.json"
MORE = DATA / "more-accounts"
PAGES = DATA / "wechat-pages"
EVAL = SHARED / "eval"
SAMPLE = REPO / "src" / "wxintel" / "data" / "sample" / "demo-export.json"


def read_articles(path: Path) -> list[Article]:
    """Every article a reader yields for `path`; fails loudly if the input is missing."""
    assert path.exists(), f"test input missing: {path}"
    return [item for item in read_path(path) if isinstance(item, Article)]


@pytest.fixture(scope="session")
def seed_clean() -> list[Article]:
    """The 179 seed articles, cleaned with boilerplate learned from the seed itself."""
    return clean_corpus(read_articles(SEED))


@pytest.fixture(scope="session")
def seed_by_aid(seed_clean: list[Article]) -> dict[str, Article]:
    return {a.aid: a for a in seed_clean}


@pytest.fixture(scope="session")
def more_clean() -> dict[str, list[Article]]:
    """The three other accounts' exports, cleaned, by account name."""
    out: dict[str, list[Article]] = {}
    for path in sorted(MORE.glob("*.json")):
        for article in clean_corpus(read_articles(path)):
            out.setdefault(article.account, []).append(article)
    return out


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real SQLite database with the seed ingested through the whole pipeline (read-only use)."""
    from wxintel.pipeline import ingest
    from wxintel.store import open_store

    assert SEED.exists(), f"test input missing: {SEED} (../shared must sit beside the repo)"
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    store = open_store(path)
    ingest([SEED], store, workers=1)
    store.close()
    return path
