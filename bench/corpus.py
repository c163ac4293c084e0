"""Scaled corpora for benchmarks: real paragraphs of the given exports, recombined at run time.

Generated articles are written to a temporary folder and never committed. Recombining keeps
the vocabulary, lengths and notice patterns of real posts while giving every article its own
identity and text.
"""

from __future__ import annotations

import json
import platform
import random
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_SOURCES = [SHARED / "data" / "sheitc-2025-09-10_2025-10-15.json"]


def load_records(sources: list[Path]) -> list[dict]:
    records: list[dict] = []
    for path in sources:
        records.extend(json.loads(path.read_text(encoding="utf-8-sig")))
    return records


def recombined(sources: list[Path], count: int, seed: int = 7) -> Iterator[dict]:
    """`count` export records built from random real titles and paragraphs."""
    # a record with no title (a crawler row can shift it into the aid) is no base for a post
    records = [r for r in load_records(sources) if r.get("标题title")]
    rng = random.Random(seed)
    paragraphs = [p for r in records for p in r["finalContent"].split("\r") if len(p.strip()) > 10]
    footer = {}
    for r in records:
        lines = [x for x in r["finalContent"].split("\r") if x.strip()]
        footer.setdefault(r["公众号名称"], "\r".join(lines[-2:]) if len(lines) > 2 else "")
    for i in range(count):
        base = rng.choice(records)
        body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(3, 14)))
        mid = 3000000000 + i // 4
        idx = i % 4 + 1
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        yield {
            "文章标识符aid": f"{mid}_{idx}",
            "标题title": base["标题title"] + ("" if i < len(records) else f"（{i}）"),
            "链接url": f"http://mp.weixin.qq.com/s?__biz=QkVOQ0g=&mid={mid}&idx={idx}&sn={i:032x}",
            "时间time": f"{2020 + i % 6}/{month}/{day}",
            "公众号名称": base["公众号名称"],
            "finalContent": "\r".join([*body, footer.get(base["公众号名称"], "")]),
        }


def write_export(path: Path, sources: list[Path], count: int) -> Path:
    """Stream a recombined export to `path` as one JSON array."""
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for i, record in enumerate(recombined(sources, count)):
            out.write(("," if i else "") + json.dumps(record, ensure_ascii=False))
        out.write("]")
    return path


def machine() -> str:
    """One line describing where the figures were measured."""
    cpu = platform.processor() or "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"
