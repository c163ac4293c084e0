"""What `ask` returns: an answer or a refusal, with the quoted sentences it stands on."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

REFUSAL = "未找到依据"


@dataclass
class Citation:
    """A quoted passage of one post: content[start:end] == quote, so it can be highlighted;
    when `field` is "title" the quote is the post's title and title[start:end] == quote; when
    it is "reprinted_from" the quote is the post's reprint source as cleaning read it off the
    post's 来源/转载自 line (no sentence of the text: the line is cleaned away)."""

    account: str
    id: str
    key: str
    title: str
    published: str
    quote: str
    start: int
    end: int
    answer_start: int | None = None  # the answer's own span inside the post, when extractive
    answer_end: int | None = None
    field: str = "content"  # "title", "reprinted_from": which text start and end are in


@dataclass
class Answer:
    """The answer to one question, or a refusal (answer None) with what was found instead."""

    question: str
    answer: str | None
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    confidence: float = 0.0
    type: str = "other"
    reason: str = ""  # why it was refused, in words for the user
    mode: str = "extractive"  # or "llm"

    def to_json(self) -> dict[str, Any]:
        """The JSON of `wxintel ask --json`, /api/ask and the MCP `ask` tool."""
        return {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "citations": [asdict(c) for c in self.citations],
            "confidence": round(self.confidence, 3),
            "type": self.type,
            "reason": self.reason or None,
            "mode": self.mode,
        }
