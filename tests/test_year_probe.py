"""scripts/year_probe.py: every date of every stored post read by this tree, and two readings
compared, on the seed archive ingested whole."""

import json

from helpers import load_script


def test_every_date_of_the_archive_is_written_and_a_moved_year_is_named(seed_db, tmp_path):
    script = load_script("year_probe")
    out = tmp_path / "dates.json"
    assert script.main(["write", "--db", str(seed_db), "-o", str(out)]) == 0
    read = json.loads(out.read_text(encoding="utf-8"))
    assert script.diff(read, read)[-1] == f"{len(read)} posts; 0 dates changed in 0 posts"
    key, spans = next((k, s) for k, s in read.items() if any(a.startswith("body") for a in s))
    at = next(a for a in spans if a.startswith("body"))
    iso, text = spans[at].split(" ", 1)
    assert iso[:4].isdigit() and text  # the ISO date read, then the span as written
    moved = {**read, key: {**spans, at: f"1999{iso[4:]} {text}"}}
    lines = script.diff(read, moved)
    assert lines == [
        f"{key} {at}: {spans[at]} -> 1999{iso[4:]} {text}",
        f"{len(read)} posts; 1 dates changed in 1 posts",
    ]
