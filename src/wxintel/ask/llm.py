"""Generative answers through an OpenAI-compatible chat endpoint the user configured.

Only the retrieved passages go to the model, and nothing the model says is trusted: every
sentence must cite a passage and quote it, the quote must be found in the cited post, and a
sentence that fails is dropped. When nothing survives, or the endpoint fails, the extractive
answer stands (and says why).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from wxintel import settings
from wxintel.ask.evidence import Passage, evidence_ok, passages, retrieve
from wxintel.ask.extractive import answer_extractive, best_per_post
from wxintel.ask.model import REFUSAL, Answer, Citation
from wxintel.ask.question import Question, read_question
from wxintel.search import SearchQuery
from wxintel.store import SQLStore

URL_ENV = settings.BY_NAME["llm_url"].env
PASSAGES_SENT = settings.count("ask_llm_passages")  # enough context, a short prompt
MIN_QUOTE_CHARS = 4  # a quote shorter than this proves nothing about where a sentence came from

SYSTEM = (
    "你是档案问答助手。只能依据用户给出的编号段落回答，不得使用段落以外的知识。"
    '只输出JSON：{"sentences": [{"text": "回答的一句话", "cite": "P1", '
    '"quote": "从P1中逐字摘录的、支持这句话的原文"}]}。'
    '段落中没有答案时输出 {"sentences": []}。'
)


class LLMError(Exception):
    """The endpoint could not be reached or answered with something that is no chat reply."""


@dataclass
class Claim:
    text: str
    cite: str
    quote: str


def endpoint(url: str) -> str:
    """The chat completions URL of a base URL (http://host:11434/v1) or of the full one."""
    url = url.rstrip("/")
    return url if url.endswith("/chat/completions") else f"{url}/chat/completions"


def chat(url: str, messages: list[dict[str, str]], timeout: float | None = None) -> str:
    """One chat completion's text; LLMError for an unreachable, failing or odd endpoint."""
    body = json.dumps(
        {
            "model": settings.value("llm_model"),
            "messages": messages,
            "temperature": 0,
        }
    ).encode("utf-8")
    request = urllib.request.Request(
        endpoint(url), data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        wait = timeout or settings.number("llm_timeout_seconds")
        with urllib.request.urlopen(request, timeout=wait) as response:
            reply = json.loads(response.read().decode("utf-8"))
        return str(reply["choices"][0]["message"]["content"])
    except urllib.error.HTTPError as exc:
        raise LLMError(f"the LLM endpoint answered HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise LLMError(f"the LLM endpoint cannot be reached: {exc}") from exc
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LLMError("the LLM endpoint's reply is not an OpenAI-style chat completion") from exc


def claims(reply: str) -> list[Claim]:
    """The model's cited sentences; whatever is not in the asked-for shape is ignored."""
    match = re.search(r"\{.*\}", reply, re.DOTALL)
    try:
        data = json.loads(match.group()) if match else {}
    except ValueError:
        return []
    items = data.get("sentences") if isinstance(data, dict) else None
    out = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and all(
            isinstance(item.get(k), str) for k in ("text", "cite", "quote")
        ):
            out.append(Claim(item["text"].strip(), item["cite"].strip(), item["quote"].strip()))
    return out


def locate(quote: str, content: str) -> tuple[int, int] | None:
    """Where `quote` stands in `content`, spacing aside; None when the post does not say it."""
    letters = [c for c in quote if not c.isspace()]
    if len(letters) < MIN_QUOTE_CHARS:
        return None
    pattern = r"\s*".join(map(re.escape, letters))
    m = re.search(pattern, content)
    return (m.start(), m.end()) if m else None


def answer_first(question: Question, ranked: list[Passage]) -> list[Passage]:
    """The passages holding a span of the asked type (a date for 什么时候) first, in the
    extractive reader's order, then the rest: the model sees the likely answer at the top."""
    typed = [scored.passage for scored in best_per_post(question, ranked)]
    shown = {id(passage) for passage in typed}
    return typed + [p for p in ranked if id(p) not in shown]


def prompt(question: str, chosen: list[Passage]) -> str:
    blocks = [
        f"[P{i}] 《{p.post.title}》（{p.post.account}，{p.post.published[:10]}）\n{p.text}"
        for i, p in enumerate(chosen, start=1)
    ]
    return "段落：\n" + "\n\n".join(blocks) + f"\n\n问题：{question}"


def answer_llm(
    store: SQLStore,
    text: str,
    url: str,
    timeout: float | None = None,
    scope: SearchQuery | None = None,
) -> Answer:
    """Answer with the model at `url` from retrieved passages (within the filters of `scope`
    when one is given); every sentence verified."""
    question = read_question(text)
    if question.type == "source":
        # the answer is the post's reprint source, read off no sentence a model could quote
        return answer_extractive(store, text, scope)
    ranked = [
        p
        for p in passages(question, retrieve(store, question, scope=scope))
        if evidence_ok(question.pins, p)
    ]
    chosen = answer_first(question, ranked)[:PASSAGES_SENT]
    if not chosen:
        return answer_extractive(store, text, scope)
    messages = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": prompt(text, chosen)},
    ]
    try:
        reply = chat(url, messages, timeout)
    except LLMError as exc:
        fallback = answer_extractive(store, text, scope)
        fallback.reason = f"{exc}; extractive answer given" + (
            f" ({fallback.reason})" if fallback.reason else ""
        )
        return fallback
    kept: list[str] = []
    citations: list[Citation] = []
    dropped = 0
    for claim in claims(reply):
        number = claim.cite.upper().removeprefix("[").removesuffix("]").removeprefix("P")
        passage = (
            chosen[int(number) - 1] if number.isdigit() and 0 < int(number) <= len(chosen) else None
        )
        span = locate(claim.quote, passage.source) if passage else None
        if passage is None or span is None or not claim.text:
            dropped += 1
            continue
        post = passage.post
        kept.append(claim.text)
        citations.append(
            Citation(
                post.account,
                post.id,
                post.key,
                post.title,
                post.published,
                passage.source[span[0] : span[1]],
                span[0],
                span[1],
                field=passage.field,
            )
        )
    note = f"{dropped} sentence(s) without a verifiable quote dropped" if dropped else ""
    if not kept:
        return Answer(
            text,
            None,
            True,
            [],
            0.0,
            question.type,
            f"{REFUSAL}：模型的回答没有可核实的引文" + (f" ({note})" if note else ""),
            "llm",
        )
    return Answer(
        text, "".join(kept), False, citations, chosen[0].coverage, question.type, note, "llm"
    )
