"""Ingest from the browser: the /upload page, and the saving both it and `POST /api/ingest`
do: each upload streamed to a temporary folder within the upload limit, then the pipeline's
`ingest` over those files, as `wxintel ingest` runs it, under the store's write lock.

A browser form cannot send an Authorization header, so the page takes the admin token as a
password field of the form (as /profiles does) and compares it in constant time; no cookie
is set, so another site's page cannot post with the user's rights. The form is parsed (within
the body limit) before the token is checked; `/api/ingest` checks its header first.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import UploadFile

from wxintel.web.deps import token_refusal, write_store
from wxintel.web.rendering import templates

router = APIRouter(include_in_schema=False)
# sources.FORMATS, named here so that serving pages never loads the readers (only a write does);
# tests/test_web_upload.py checks the two agree.
INGEST_FORMATS = ("export", "jsonl", "html", "feed")
COPY_CHUNK = 1024 * 1024
MAX_FILES = 20  # one form's files; a larger batch is a directory for `wxintel ingest`
FORMAT_LABELS = {
    "export": "爬虫导出 JSON",
    "jsonl": "JSON Lines",
    "html": "保存的文章网页 .html",
    "feed": "RSS / Atom / JSON Feed",
}
ACCEPT = ".json,.jsonl,.ndjson,.html,.htm,.xml,.rss,.atom,.rdf,.txt"


def safe_name(filename: str) -> str:
    """The upload's own name (readers sniff by it), stripped of any directory part."""
    name = re.split(r"[\\/]", filename)[-1].strip().lstrip(".")
    return name[:200] or "upload"


async def ingest_uploads(request: Request, uploads: list[UploadFile], fmt: str | None) -> Any:
    """Save `uploads` under their own names and ingest them in one run; the RunReport.

    413 when together they pass the upload limit (nothing is ingested then); 400 when the
    pipeline cannot read them at all. Rejects name the uploaded files, never the temp folder.
    """
    from wxintel.pipeline import ingest  # readers and extractors load only when writes happen

    limit: int = request.app.state.max_upload_bytes
    with tempfile.TemporaryDirectory(prefix="wxintel-upload-") as folder:
        names: dict[Path, str] = {}
        size = 0
        for number, upload in enumerate(uploads):
            path = Path(folder) / str(number) / safe_name(upload.filename or "upload")
            path.parent.mkdir()
            with path.open("wb") as handle:
                while chunk := await upload.read(COPY_CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise HTTPException(413, f"upload larger than the limit of {limit} bytes")
                    handle.write(chunk)
            names[path] = path.name
        try:
            return await write_store(
                request, lambda s: ingest(list(names), s, format=fmt, workers=1, names=names)
            )
        except (ValueError, OSError) as exc:
            shown = ", ".join(names.values())
            raise HTTPException(400, f"cannot ingest {shown}: {exc}") from exc


def _page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    values = {"report": None, "error": "", "chosen": "", **context}
    html = templates.get_template("upload.html").render(
        request=request,
        formats=FORMAT_LABELS,
        accept=ACCEPT,
        max_files=MAX_FILES,
        limit_mb=request.app.state.max_upload_bytes // (1024 * 1024),
        writable=bool(request.app.state.admin_token),
        **values,
    )
    return HTMLResponse(html, status_code=status)


@router.get("/upload", response_class=HTMLResponse)
async def upload_page(request: Request) -> HTMLResponse:
    """The upload form: files, their format (sniffed by default) and the admin token."""
    return _page(request)


@router.post("/upload", response_class=HTMLResponse)
async def upload_form(request: Request) -> HTMLResponse:
    """Ingest the form's files when its token is the admin token; the run's report below."""
    form = await request.form(max_files=MAX_FILES, max_fields=4)
    fmt = str(form.get("format") or "")
    refused = token_refusal(request, str(form.get("token") or ""), "导入")
    if refused:
        return _page(request, 403, error=refused, chosen=fmt)
    if fmt and fmt not in INGEST_FORMATS:
        return _page(request, 422, error=f"格式须为 {'、'.join(INGEST_FORMATS)} 之一，不是 {fmt!r}")
    uploads = [f for f in form.getlist("file") if isinstance(f, UploadFile) and f.filename]
    if not uploads:
        return _page(request, 422, error="请选择要导入的文件", chosen=fmt)
    try:
        report = await ingest_uploads(request, uploads, fmt or None)
    except HTTPException as exc:
        return _page(request, exc.status_code, error=str(exc.detail), chosen=fmt)
    return _page(request, report=report.to_json(), chosen=fmt)
