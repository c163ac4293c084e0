"""Uploads through POST /api/ingest on a real server: what comes back names the user's file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
from conftest import MORE, PAGES, SEED, raw_records
from helpers import copy_seed_db, serve

from wxintel.store import open_store
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
    records[8]["标题title"] = 8  # a title that is no string: one reject, the ninth record
    export = json.dumps(records, ensure_ascii=False).encode()
    deleted = PAGES / "wae_deleted_by_author_01.html"
    with serve(create_app(db, admin_token=TOKEN)) as base:
        report = _upload(base, "weird.json", export)
        page_report = _upload(base, deleted.name, deleted.read_bytes())
    assert report["rejects"] == [
        {
            "origin": "weird.json record 9 (line 1)",
            "reason": "field 标题title must be a string, got int",
        }
    ]
    assert page_report["unavailable_pages"] == [{"origin": deleted.name, "status": "deleted"}]
    written = Path(report["rejects_file"]).read_text(encoding="utf-8")
    assert json.loads(written.splitlines()[-1])["origin"] == "weird.json record 9 (line 1)"
    assert "wxintel-upload-" not in written + json.dumps(page_report)


JINBEI = MORE / "津北商务.json"


def _form(base: str, files: list[tuple[str, bytes]], token: str | None) -> httpx.Response:
    """The /upload form as a browser posts it: files, an empty format (sniffed), the token."""
    data = {"format": ""} if token is None else {"format": "", "token": token}
    return httpx.post(
        f"{base}/upload",
        data=data,
        files=[("file", (name, body)) for name, body in files],
        timeout=300,
    )


def _count(db: Path) -> int:
    store = open_store(db)
    try:
        return store.count()
    finally:
        store.close()


def test_the_upload_form_refuses_without_the_admin_token(seed_db: Path, tmp_path: Path) -> None:
    db = copy_seed_db(seed_db, tmp_path)
    before = _count(db)
    upload = [(JINBEI.name, JINBEI.read_bytes())]
    with serve(create_app(db, admin_token=TOKEN)) as base:
        assert "管理令牌" in httpx.get(f"{base}/upload").text
        for token in (None, "", "wrong-token", TOKEN + "x"):
            refused = _form(base, upload, token)
            assert refused.status_code == 403, token
            said = "管理令牌不正确" if token else "未填写管理令牌"
            assert f"{said}：导入需要启动服务时 wxintel serve --admin-token 设定的令牌" in (
                refused.text
            )
            assert 'id="report"' not in refused.text
        header_only = httpx.post(
            f"{base}/upload", files={"file": upload[0]}, headers=AUTH, timeout=60
        )
        assert header_only.status_code == 403  # the page takes the token from the form only
    with serve(create_app(db)) as base:
        page = httpx.get(f"{base}/upload").text
        assert "本服务器为只读" in page
        read_only = _form(base, upload, TOKEN)
        assert read_only.status_code == 403 and "启动时加 --admin-token" in read_only.text
    assert _count(db) == before


def test_the_upload_form_ingests_real_files_and_shows_the_report(
    seed_db: Path, tmp_path: Path
) -> None:
    db = copy_seed_db(seed_db, tmp_path)
    before = _count(db)
    records = raw_records(JINBEI)
    seed_text = SEED.read_text(encoding="utf-8-sig")
    cut_at = seed_text.index(raw_records(SEED)[3]["标题title"])
    violation = PAGES / "wae_violation_01.html"
    files = [
        (JINBEI.name, JINBEI.read_bytes()),
        ("半截导出.json", seed_text[:cut_at].encode()),
        (violation.name, violation.read_bytes()),
    ]
    with serve(create_app(db, admin_token=TOKEN)) as base:
        page = _form(base, files, TOKEN)
        again = _form(base, files[:1], TOKEN)
        found = httpx.get(f"{base}/api/search", params={"q": records[0]["标题title"]}).json()
    assert page.status_code == 200, page.text
    report = _report_figures(page.text)
    assert report["文件"] == 3
    # a page that is no article is named with what WeChat's page said, not the code "violation"
    assert f"<code>{violation.name}</code> 网页显示“违规”" in page.text
    assert report["新增"] == _count(db) - before > 100
    # every record seen: the cut file's three whole ones and the one it ends inside, the page
    assert report["读取记录"] == len(records) + 3 + 1 + 1
    assert report["拒绝"] == 1
    assert "半截导出.json:" in page.text and "the file ends inside record 4" in page.text
    assert "文件在一条记录中途结束" in page.text  # said in Chinese first, like the page
    assert "wxintel-upload-" not in page.text
    assert _report_figures(again.text)["已有未变"] == len(records)
    assert _report_figures(again.text)["新增"] == 0
    assert records[0]["标题title"] in {hit["title"] for hit in found["hits"]}


def test_the_upload_page_says_an_ingests_warnings_in_chinese(seed_db: Path, tmp_path: Path):
    """A GB18030 export with a byte that is no character is read with it replaced; the Chinese
    page said so in English only ("1 undecodable bytes replaced in …")."""
    db = copy_seed_db(seed_db, tmp_path)
    records = json.loads(SEED.read_text(encoding="utf-8-sig"))[:3]
    text = json.dumps(records, ensure_ascii=False)
    export = text.encode("gb18030").replace("。".encode("gb18030"), b"\xff", 1)
    with serve(create_app(db, admin_token=TOKEN)) as base:
        page = _form(base, [("坏字节.json", export)], TOKEN)
    assert page.status_code == 200, page.text
    figures = _report_figures(page.text)
    assert (figures["读取记录"], figures["拒绝"]) == (3, 0)  # every record read, none lost
    assert "坏字节.json 中有 1 个字节不是文字，已替换为 �，其余照常读入" in page.text
    english = '<span class="detail" lang="en">1 undecodable bytes replaced in 坏字节.json</span>'
    assert english in page.text


def _report_figures(html: str) -> dict[str, int]:
    """The report table's rows: label → number."""
    rows = re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', html)
    assert rows, html
    return {label: int(value) for label, value in rows}


def test_an_upload_over_the_limit_stores_nothing(seed_db: Path, tmp_path: Path) -> None:
    db = copy_seed_db(seed_db, tmp_path)
    before = _count(db)
    limit = 64 * 1024
    body = JINBEI.read_bytes()
    assert len(body) > limit
    with serve(create_app(db, admin_token=TOKEN, max_upload_bytes=limit)) as base:
        answer = _form(base, [(JINBEI.name, body)], TOKEN)
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert "上传的内容超过了" in answer.text and "没有导入任何文件" in answer.text
    assert _count(db) == before


def test_the_web_names_the_formats_the_readers_have() -> None:
    from wxintel.sources import FORMATS
    from wxintel.web.uploads import INGEST_FORMATS

    assert INGEST_FORMATS == FORMATS
