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
from datetime import date, timedelta
from pathlib import Path

import rjieba

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_SOURCES = [SHARED / "data" / "sheitc-2025-09-10_2025-10-15.json"]
ALL_SOURCES = [*DEFAULT_SOURCES, *sorted((SHARED / "data" / "more-accounts").glob("*.json"))]
REPOST_SHARE = 0.05  # posts that copy another account's earlier post, as districts relay notices
# Share of an original post's content words (nouns, verbs, adjectives, adverbs) swapped for a
# real word of the same part of speech and length. Without it every real paragraph recurs
# word for word in dozens of unrelated posts (about 44 times at 100k posts): a real archive's
# repost marks have 1.09 postings each (the seven accounts), the unchanged recombination's
# 4.0 at 10k posts and 11.3 at 100k, and its posts quote each other whole, which chained
# 32,061 of 100k posts into one repost cluster. With it an original's sentences are its own;
# its words, numbers, dates, names' suffixes and punctuation are still real (1.26 at 10k).
REWORD_SHARE = 0.4
_CONTENT_TAGS = frozenset({"n", "nr", "ns", "nt", "nz", "v", "vn", "a", "ad", "an", "d"})


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


def archive(sources: list[Path], count: int, accounts: int = 30, seed: int = 7) -> dict[str, list]:
    """`count` records shaped like a real multi-account archive, grouped by account.

    Accounts get skewed sizes (a few large, many small), each its own header and footer lines
    (kept fixed per account, as the boilerplate cleaner meets them) and its own `__biz`; about
    REPOST_SHARE of the posts relay an earlier post of another account, word for word with the
    relaying account's own boilerplate, a few days later. Originals are reworded
    (REWORD_SHARE), so they share no more text than a real archive's posts do. The first
    `count` records do not depend on `count`: a larger archive is a smaller one plus more.
    """
    records = [r for r in load_records(sources) if r.get("标题title")]
    rng = random.Random(seed)
    paragraphs = [p for r in records for p in r["finalContent"].split("\r") if len(p.strip()) > 10]
    short = [p for p in paragraphs if len(p) < 60]
    reword = _Rewording([r["标题title"] for r in records] + paragraphs, rng)
    kinds = ("工信", "商务", "发改", "政务", "科创")
    names = [f"基准{n:02d}{rng.choice(kinds)}" for n in range(accounts)]
    weights = [1 / (n + 1) ** 0.8 for n in range(accounts)]
    edges = {name: (rng.sample(short, 1), rng.sample(short, 2)) for name in names}
    out: dict[str, list] = {name: [] for name in names}
    posted: list[tuple[str, str, list[str], int]] = []  # (account, title, body, day)
    for i in range(count):
        name = rng.choices(names, weights)[0]
        day = rng.randrange(6 * 365)
        others = [p for p in posted[-500:] if p[0] != name]
        if others and rng.random() < REPOST_SHARE:
            _, title, body, first = rng.choice(others)
            day = first + rng.randint(0, 5)
        else:
            title = reword(rng.choice(records)["标题title"]) + f"（{i}）"
            body = [reword(p) for p in rng.sample(paragraphs, k=rng.randint(3, 14))]
            posted.append((name, title, body, day))
        header, footer = edges[name]
        mid, idx = 3000000000 + i // 4, i % 4 + 1
        published = date(2020, 1, 1) + timedelta(days=day)
        biz = f"QkVOQ0g{names.index(name):02d}"
        out[name].append(
            {
                "文章标识符aid": f"{mid}_{idx}",
                "标题title": title,
                "链接url": f"http://mp.weixin.qq.com/s?__biz={biz}=&mid={mid}&idx={idx}&sn={i:032x}",
                "时间time": f"{published.year}/{published.month}/{published.day}",
                "公众号名称": name,
                "finalContent": "\r".join([*header, *body, *footer]),
            }
        )
    return out


class _Rewording:
    """Real text with REWORD_SHARE of its content words swapped for others of their part of
    speech and length, drawn from the same texts as often as they occur there."""

    def __init__(self, texts: list[str], rng: random.Random) -> None:
        self.rng = rng
        self.tagged = {text: rjieba.tag(text) for text in dict.fromkeys(texts)}
        self.words: dict[tuple[str, int], list[str]] = {}
        for tokens in self.tagged.values():
            for word, tag in tokens:
                if tag in _CONTENT_TAGS:
                    self.words.setdefault((tag, len(word)), []).append(word)

    def __call__(self, text: str) -> str:
        rng = self.rng
        return "".join(
            rng.choice(self.words[tag, len(word)])
            if tag in _CONTENT_TAGS and rng.random() < REWORD_SHARE
            else word
            for word, tag in self.tagged[text]
        )


def write_archive(folder: Path, sources: list[Path], count: int, accounts: int = 30) -> Path:
    """One export file per account under `folder` (created), as a crawler leaves them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in archive(sources, count, accounts).items():
        (folder / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return folder


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
