"""Ask the archive in words: cited extractive answers or refusals, and an optional LLM mode."""

from __future__ import annotations

from wxintel.ask.extractive import answer_extractive
from wxintel.ask.llm import URL_ENV, answer_llm
from wxintel.ask.model import REFUSAL, Answer, Citation
from wxintel.ask.question import TYPES, read_question
from wxintel.store import SQLStore


def ask(store: SQLStore, question: str, llm_url: str | None = None) -> Answer:
    """The one entry point of the CLI, REST, web page and MCP: LLM mode when a URL is given."""
    return answer_llm(store, question, llm_url) if llm_url else answer_extractive(store, question)


__all__ = [
    "REFUSAL",
    "TYPES",
    "URL_ENV",
    "Answer",
    "Citation",
    "answer_extractive",
    "answer_llm",
    "ask",
    "read_question",
]
