"""Ask the archive in words: cited extractive answers or refusals, and an optional LLM mode."""

from __future__ import annotations

from wxintel.ask.extractive import answer_extractive
from wxintel.ask.llm import URL_ENV, answer_llm
from wxintel.ask.model import REFUSAL, Answer, Citation
from wxintel.ask.question import TYPES, read_question
from wxintel.search import SearchQuery
from wxintel.store import SQLStore


def ask(
    store: SQLStore, question: str, llm_url: str | None = None, scope: SearchQuery | None = None
) -> Answer:
    """The one entry point of the CLI, REST, web page and MCP: LLM mode when a URL is given.
    `scope` carries a search's filters (accounts, kinds, dates, tags; its text is ignored):
    the answer then rests on posts within them only, as the search page's results do."""
    if llm_url:
        return answer_llm(store, question, llm_url, scope=scope)
    return answer_extractive(store, question, scope)


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
