"""Shared fixtures: the real seed export and the other accounts, read and cleaned by wxintel.

Inputs are read from ../shared beside the repository; nothing from them is copied here.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from helpers import APART, QUERY, WRITES_IT, search_doc

from wxintel.clean import clean_corpus
from wxintel.evaluation import learn_search as ls
from wxintel.evaluation.search import read_judgments
from wxintel.model import Article
from wxintel.search import SearchIndex, SearchQuery
from wxintel.sources import read_path
from wxintel.store import SQLStore, open_store
from wxintel.store.postgres import pg_test_dsn_file

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
SEED = DATA / "sheitc-2025-09-10_2025-10-15.json"
MORE = DATA / "more-accounts"
PAGES = DATA / "wechat-pages"
EVAL = SHARED / "eval"
SAMPLE = REPO / "src" / "wxintel" / "data" / "sample" / "demo-export.json"
PG_DSN_FILE = pg_test_dsn_file()  # written by scripts/postgres.sh
BACKENDS = ("sqlite", "postgres")


def raw_records(path: Path) -> list[dict]:
    """An export's records as the file holds them, read without wxintel (an independent oracle)."""
    return json.loads(path.read_text(encoding="utf-8-sig"))


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
def seven_posts(seed_clean, more_clean) -> list[Article]:
    """Every cleaned post of the seven accounts, the seed's first."""
    return [*seed_clean, *itertools.chain(*more_clean.values())]


@pytest.fixture(scope="session")
def seven_index(
    seven_posts: list[Article], tmp_path_factory: pytest.TempPathFactory
) -> SearchIndex:
    """One search index of the seven accounts' posts, built once for the tests that only read it."""
    built = SearchIndex(tmp_path_factory.mktemp("seven") / "ix")
    built.upsert(search_doc(a) for a in seven_posts)
    built.commit(1)
    return built


@pytest.fixture()
def apart_pool(seven_index: SearchIndex) -> ls.Pool:
    """The learner's pool of QUERY's candidates on the seven accounts, judged to want APART
    first (grade 3) over WRITES_IT (grade 0): the model and exponents tests fit to it."""
    labels = {
        "queries": [
            {
                "q": QUERY,
                "rel": [
                    {"account": APART[0], "aid": APART[1], "grade": 3},
                    {"account": WRITES_IT[0], "aid": WRITES_IT[1], "grade": 0},
                ],
            }
        ]
    }
    (item,) = read_judgments(labels)
    segments = seven_index.explain(SearchQuery(QUERY, limit=10, facets=False))
    return ls.pool("one", item, segments, lambda keys: {})


@pytest.fixture(scope="session")
def post(seven_posts: list[Article]) -> Callable[[str, str], Article]:
    """A cleaned real post of the seven accounts by (account, aid)."""
    by_key = {(a.account, a.aid): a for a in seven_posts}
    return lambda account, aid: by_key[(account, aid)]


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


@pytest.fixture(scope="module")
def store(seed_db: Path) -> Iterator[SQLStore]:
    """The seed SQLite store, opened once per module (read-only use).

    A module that writes defines its own `store` over a copy of the seed.
    """
    opened = open_store(seed_db)
    yield opened
    opened.close()


# -- PostgreSQL: a real server (scripts/postgres.sh), a fresh schema per store -----------------


@dataclass
class StoreTarget:
    """Where a test store lives (SQLite file or PostgreSQL schema); open it as often as needed."""

    backend: str
    target: str  # SQLite path or postgresql:// URL
    index_dir: Path  # a PostgreSQL store's search index (a SQLite store's sits beside its file)

    def open(self) -> SQLStore:
        return open_store(self.target, index_dir=self.index_dir)


def _pg_problem(dsn: str) -> str | None:
    """Why the server at `dsn` does not take a connection now (None: it does)."""
    try:
        psycopg.connect(dsn, connect_timeout=5).close()
    except psycopg.Error as exc:
        return " ".join(str(exc).split())
    return None


def _pg_from_file() -> tuple[str, str | None]:
    """The DSN scripts/postgres.sh wrote and why its server does not answer (None: it does)."""
    if not PG_DSN_FILE.exists():
        return "", "no DSN file"
    dsn = PG_DSN_FILE.read_text(encoding="utf-8").strip()
    return dsn, _pg_problem(dsn)


@pytest.fixture(scope="session")
def pg_dsn() -> str:
    """The test server's DSN: $WXINTEL_TEST_PG, else the file scripts/postgres.sh writes.

    A server that does not answer is the script's to start (or to wait for while it replays its
    log after being killed): the suite runs it, one caller at a time, rather than failing on a
    server gone between sessions. $WXINTEL_TEST_PG names a server the suite does not manage.
    Without a reachable server PostgreSQL tests fail (never skip): the backend must be tested.
    """
    dsn = os.environ.get("WXINTEL_TEST_PG", "").strip()
    if dsn:
        problem = _pg_problem(dsn)
    else:
        dsn, problem = _pg_from_file()
        if problem:
            started = subprocess.run(
                ["bash", str(REPO / "scripts" / "postgres.sh")],
                capture_output=True,
                text=True,
                check=False,
            )
            if started.returncode != 0:
                pytest.fail(
                    f"no PostgreSQL test server ({problem}), and scripts/postgres.sh could not"
                    f" start one: {started.stderr.strip()[-800:]}"
                )
            dsn, problem = _pg_from_file()
    if problem:
        pytest.fail(
            f"PostgreSQL test server {dsn} is unreachable ({problem});"
            " start it with `bash scripts/postgres.sh`"
        )
    return dsn


@pytest.fixture(scope="session")
def pg_schema(pg_dsn: str) -> Iterator[Callable[[], str]]:
    """Makes empty schemas, one per call, so parallel tests never share tables; drops them after.

    Each returns a URL whose search_path is that schema: the store sees a database of its own.
    """
    made: list[str] = []

    def make() -> str:
        name = f"t_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {name}")
        made.append(name)
        joiner = "&" if "?" in pg_dsn else "?"
        return f"{pg_dsn}{joiner}options=-csearch_path%3D{name}"

    yield make
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        for name in made:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Runs a test once per storage backend."""
    return request.param


@pytest.fixture()
def store_factory(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Callable[[], StoreTarget]:
    """Fresh, empty stores of the test's backend: a new file, or a new PostgreSQL schema."""
    numbers = itertools.count()

    def make() -> StoreTarget:
        n = next(numbers)
        index_dir = tmp_path / f"index-{n}"
        if backend == "sqlite":
            return StoreTarget(backend, str(tmp_path / f"wx-{n}.db"), index_dir)
        return StoreTarget(backend, request.getfixturevalue("pg_schema")(), index_dir)

    return make


def ingested_target(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    files: list[Path],
) -> StoreTarget:
    """A store of the parametrised backend (`request.param`) holding `files`, ingested once:
    for module fixtures that run their tests on both backends."""
    from wxintel.pipeline import ingest

    folder = tmp_path_factory.mktemp(f"{name}-{request.param}")
    if request.param == "sqlite":
        made = StoreTarget("sqlite", str(folder / "wx.db"), folder / "index")
    else:
        made = StoreTarget("postgres", request.getfixturevalue("pg_schema")(), folder / "index")
    store = made.open()
    ingest(files, store, workers=1)
    store.close()
    return made


@pytest.fixture(scope="session")
def pg_seed(pg_schema: Callable[[], str], tmp_path_factory: pytest.TempPathFactory) -> StoreTarget:
    """The seed ingested through the whole pipeline into PostgreSQL (read-only use)."""
    from wxintel.pipeline import ingest

    target = StoreTarget("postgres", pg_schema(), tmp_path_factory.mktemp("pg-seed") / "index")
    store = target.open()
    ingest([SEED], store, workers=1)
    store.close()
    return target


@pytest.fixture(scope="session", params=BACKENDS)
def seed_target(request: pytest.FixtureRequest) -> StoreTarget:
    """The seeded store of each backend in turn (read-only use)."""
    if request.param == "sqlite":
        seed_db: Path = request.getfixturevalue("seed_db")
        return StoreTarget("sqlite", str(seed_db), seed_db.with_name(seed_db.name + ".search"))
    return request.getfixturevalue("pg_seed")


@pytest.fixture
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's console 400 columns wide for one test, so no table cell wraps. Rich fixes a
    console's width at import and ignores COLUMNS on a dumb terminal (as in CI), so `env=` on a
    CliRunner cannot widen it; setting `width` itself would outlive the test (monkeypatch puts
    back the width it read, not "none set")."""
    from wxintel.commands.common import console

    monkeypatch.setattr(console, "_width", 400)
