"""The bundled demo sample that `make run` ingests: it must show every feature on its own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import SAMPLE

from wxintel.pipeline import ingest
from wxintel.search import SearchQuery
from wxintel.store import open_store


def test_demo_sample_exercises_every_feature(tmp_path: Path) -> None:
    store = open_store(tmp_path / "demo.db")
    report = ingest([SAMPLE], store, workers=1)
    assert (report.read, report.added, report.rejected) == (32, 32, 0)
    stats = store.stats()
    assert stats["duplicates"] == 1 and stats["stubs"] == 2 and stats["reprints"] == 1
    assert stats["languages"] == {"en": 1, "zh": 31}
    assert {"call", "publicity", "release", "digest", "event"} <= set(stats["kinds"])
    open_calls = store.calls(status="open", as_of=date(2026, 3, 25))
    deadlines = [c["deadline"] for c in open_calls if c["kind"] == "call"]
    assert deadlines == sorted(deadlines) and len(deadlines) >= 5
    assert all(c["contacts"] for c in open_calls if c["kind"] == "call")
    hits = store.search(SearchQuery(text="低空经济")).hits
    assert hits and all(h.highlights or h.title_highlights for h in hits)
    footer = "点个赞再走吧"
    assert not any(footer in a.content for a in store.iter_articles())
