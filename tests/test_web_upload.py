"""Uploads through POST /api/ingest on a real server: what comes back names the user's file."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from conftest import PAGES, SEED
from helpers import copy_seed_db, serve

from wxintel.web import create_app

TOKEN = "upload-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _upload(base: str, name: str, data: bytes) -> dict:
    response = httpx.post(
        f"{base}/api/ingest", files={"file": (name, data)}, headers=AUTH, timeout=120
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_rejects_and_unavailable_pages_carry_the_uploaded_name(
    seed_db: Path, tmp_path: Path
) -> None:
    db = copy_seed_db(seed_db, tmp_path)
    records = json.loads(SEED.read_text(encoding="utf-8-sig"))[:10]
    records[8]["标题title"] = 8  # a title that is no string: one reject, at record #8
    export = json.dumps(records, ensure_ascii=False).encode()
    deleted = PAGES / "wae_deleted_by_author_01.html"
    with serve(create_app(db, admin_token=TOKEN)) as base:
        report = _upload(base, "weird.json", export)
        page_report = _upload(base, deleted.name, deleted.read_bytes())
    assert report["rejects"] == [
        {"origin": "weird.json#8", "reason": "field 标题title must be a string, got int"}
    ]
    assert page_report["unavailable_pages"] == [{"origin": deleted.name, "status": "deleted"}]
    written = Path(report["rejects_file"]).read_text(encoding="utf-8")
    assert json.loads(written.splitlines()[-1])["origin"] == "weird.json#8"
    assert "wxintel-upload-" not in written + json.dumps(page_report)
