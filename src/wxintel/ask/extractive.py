"""Extractive answers: the shortest span of the best-covering sentence, or a refusal.

Nothing is generated: the answer is a span of a post, quoted with its sentence. It refuses
("未找到依据") when no sentence covers enough of the question, when the post is pinned to
another year, batch or district, or when two posts give different answers (both are shown).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from wxintel import settings
from wxintel.ask import decide, features
from wxintel.ask.evidence import (
    MIN_COVERAGE,
    Passage,
    Reading,
    Retrieved,
    asks,
    evidence_ok,
    passages,
    pinned_ok,
    post_shares,
    read_for,
    year_before,
)
from wxintel.ask.model import REFUSAL, Answer, Citation
from wxintel.ask.question import Question
from wxintel.ask.spans import (
    Candidate,
    as_credible,
    candidates,
    issue_words,
    rivals_with,
    same_answer,
    spread,
    squeeze,
)
from wxintel.extract.notices import on_date_line
from wxintel.nlp.cndate import find_dates
from wxintel.search import SearchQuery
from wxintel.search.identifiers import find_identifiers
from wxintel.store import SQLStore

# A sentence holding the deadline the extractor stored for the post (read at ingest with the
# whole notice as context: 截止, 前报送, the stage it belongs to) answers a deadline question
# with less of the question's words in it: the fact says what the sentence is, and the title
# and text still hold most of the question. Other stored facts (an address, a phone) say less
# of which one is asked, so they keep MIN_COVERAGE.
MIN_FACT_COVERAGE = settings.number("ask_min_fact_coverage")
PASSAGES_READ = 60  # best-covering sentences examined for a span of the asked type
# the refusal when no sentence covers enough of the question (a fact's or a source's)
NO_SENTENCE = f"{REFUSAL}：没有帖子的句子足够回答这个问题"
# the refusals when two posts as credible say otherwise, and when no answer is sure enough
DISAGREE = f"{REFUSAL}：不同帖子的说法不一致"
THIN = f"{REFUSAL}：证据不足以确定答案"


@dataclass
class Scored:
    passage: Passage
    candidate: Candidate
    score: float
    read: int = 0  # where the passage stands among the passages read (0: the best-covering)
    place: int = 0  # where the span stands among its passage's candidates (0: the surest)
    whole: bool = False  # an answer for the whole notice (its 落款, its own 文号)


def citation(passage: Passage, candidate: Candidate | None = None) -> Citation:
    post = passage.post
    return Citation(
        account=post.account,
        id=post.id,
        key=post.key,
        title=post.title,
        published=post.published,
        quote=passage.text,
        start=passage.start,
        end=passage.end,
        answer_start=candidate.start if candidate else None,
        answer_end=candidate.end if candidate else None,
        field=passage.field,
    )


def spans_read(
    question: Question, ranked: list[Passage], floor: float, per_passage: int
) -> list[Scored]:
    """The answer spans of the best-covering passages down to `floor` coverage, at most
    `per_passage` of each, best first within a passage, in the order the passages were read,
    each scored by coverage and how surely it is of the type; a passage of a post pinned to
    another year, batch or district gives none. A heading passage also gives the answer that
    belongs to the whole notice, when one is asked (`whole_notice_answer`)."""
    out: list[Scored] = []
    for read, passage in enumerate(ranked[:PASSAGES_READ]):
        if passage.coverage < floor:
            break
        post = passage.post
        if not evidence_ok(question.pins, passage):
            continue
        if passage.field == "content" and asks(post.content, (passage.start, passage.end)):
            continue  # a question in the post (a FAQ's Q line) is answered by what follows it
        found = candidates(
            question,
            passage.source,
            passage.start,
            passage.end,
            post.facts if passage.field == "content" else [],
            post.day,
            passage.anchors,
        )
        # a span under another year than the one pinned is no answer for it
        found = [
            c
            for c in found
            if not year_before(question.pins, passage.source, passage.start, c.start)
        ]
        for place, candidate in enumerate(found[:per_passage]):
            score = passage.coverage * (0.5 + 0.5 * candidate.strength) - 0.01 * post.rank
            out.append(Scored(passage, candidate, score, read, place))
        # what belongs to the whole notice is vouched for by the notice's own heading: its title
        # or first sentence, not a sentence of another post that cites the notice by name
        if passage.coverage >= MIN_COVERAGE and is_heading(passage):
            whole = whole_notice_answer(question, passage)
            if whole:
                out.append(replace(whole, read=read, whole=True))
    return out


def best_per_post(
    question: Question, ranked: list[Passage], found: list[Scored] | None = None
) -> list[Scored]:
    """The best answer span of each post, scored by coverage and how surely it is of the type,
    among those whose sentence covers enough of the question (the rules' evidence bar). Read
    off `found`, the learned decision's pool (`pool`), when given: it holds every span the
    rules weigh (each passage's first, down to a lower floor), so they are not read twice."""
    if found is None or MIN_FACT_COVERAGE < POOL_FLOOR:
        found = spans_read(question, ranked, MIN_FACT_COVERAGE, 1)
    else:
        found = [
            s
            for s in found
            if (s.whole or s.place == 0) and s.passage.coverage >= MIN_FACT_COVERAGE
        ]
    return best_of_posts(question, found)


def best_of_posts(question: Question, found: list[Scored]) -> list[Scored]:
    """The best of `found` for each post (`best_per_post`), best first."""
    best: dict[str, Scored] = {}
    for one in found:
        key = one.passage.post.key
        if one.whole:
            if key not in best or one.score >= best[key].score:
                best[key] = one
            continue
        # a stored deadline, or a day under a label naming what is asked (开奖时间), says what
        # the sentence is: it answers with less of the question's words in it
        stated = question.type in ("deadline", "date") and one.candidate.strength == 1.0
        if one.passage.coverage < MIN_COVERAGE and not stated:
            continue
        if key not in best or _better(question, one, best[key]):
            best[key] = one
    return sorted(best.values(), key=lambda s: -s.score)


def rivals(question: Question, scored: list[Scored]) -> list[Scored]:
    """Posts whose best answer is as credible as the top one's and says otherwise."""
    return [s for s in scored[1:] if rivals_with(question, scored[0], s)]


# Question types whose answer is a figure: where two sentences of a post cover the question
# alike, the figure the question's words stand closest around is the one asked about.
FIGURE_TYPES = ("amount", "threshold", "count")


def _better(question: Question, one: Scored, other: Scored) -> bool:
    """`one` scores higher; or, for a figure, it scores the same in an equally covering
    sentence and the question's words stand closer around it (补税不超过多少元: 需补税金额不超过
    400元, not 需补税但综合所得收入全年不超过12万元)."""
    if not math.isclose(one.score, other.score, abs_tol=1e-9):
        return one.score > other.score
    if question.type not in FIGURE_TYPES:
        return False
    if not math.isclose(one.passage.local, other.passage.local, abs_tol=1e-9):
        return False  # the sentence holding more itself came first and stays
    return spread(one.candidate, one.passage.anchors) < spread(
        other.candidate, other.passage.anchors
    )


def is_heading(passage: Passage) -> bool:
    """The passage is the post's title or its first sentence: what the post says it is."""
    return passage.field == "title" or passage.start == next(iter(passage.post.spans))[0]


def whole_notice_answer(question: Question, passage: Passage) -> Scored | None:
    """What belongs to the whole notice rather than to a sentence, when asked: its 落款 date,
    or its own document number (文号, not a document it rests on)."""
    if asks_signature(question):
        return signature_of(passage)
    if question.type == "doc_number" and not any(w in question.text for w in BASIS_WORDS):
        return own_number_of(passage)
    return None


# A question about the document a notice rests on (依据的文件), not the notice's own number.
BASIS_WORDS = ("依据", "根据", "按照")


def own_number_of(passage: Passage) -> Scored | None:
    """The notice's own document number: the first one standing alone on its line (under the
    title: 关于印发《…》的通知 / 沪发改价管〔2025〕14号), quoted with that line, as evidence as good
    as `passage`; a number cited in the text (为贯彻落实《…》（国办函〔2020〕129号）) is another
    document's."""
    post = passage.post
    for ident in find_identifiers(post.content):
        if ident.kind != "doc_number":
            continue
        a, b = ident.start, ident.end
        line_start = post.content.rfind("\n", 0, a) + 1
        line_end = post.content.find("\n", b)
        line = post.content[line_start : len(post.content) if line_end < 0 else line_end]
        if squeeze(line) == squeeze(post.content[a:b]):
            cited = Passage(
                post, a, b, passage.coverage, passage.local, (), passage.held, passage.covered
            )
            number = Candidate(post.content[a:b], a, b, squeeze(post.content[a:b]), 1.0)
            return Scored(cited, number, passage.coverage - 0.01 * post.rank)
    return None


def asks_signature(question: Question) -> bool:
    """The question asks when a document was issued (落款, 印发, 发出…)."""
    return question.type == "date" and any(word in question.text for word in issue_words())


def signature_of(passage: Passage) -> Scored | None:
    """The post's signature date (its stored `signed` fact, else its last date alone on its
    line), quoted with its line, as evidence as good as `passage`: a 落款 belongs to the whole
    notice, so the sentence that matches the question vouches for it, however far it stands."""
    post = passage.post
    fact = next((f for f in post.facts if f["kind"] == "signed"), None)
    if fact is not None:
        a, b, day = fact["start"], fact["end"], str(fact["value"])[:10]
    else:
        lone = [
            d for d in find_dates(post.content, post.day) if on_date_line(post.content, d.start)
        ]
        if not lone:
            return None
        a, b, day = lone[-1].start, lone[-1].end, lone[-1].value.isoformat()[:10]
    line = Passage(post, a, b, passage.coverage, passage.local, (), passage.held, passage.covered)
    candidate = Candidate(post.content[a:b], a, b, day, 1.0)
    return Scored(line, candidate, passage.coverage - 0.01 * post.rank)


def about_another_pin(
    question: Question,
    retrieved: Retrieved,
    ranked: list[Passage],
    top: Scored,
    ruled_out: list[frozenset[int]] | None = None,
) -> bool:
    """A post the pins rule out (another year, round or district) covers the question well and
    holds every question word the answer's post holds, and more: the archive's post on what is
    asked is about another one, and the answer would come from a post about something else that
    happens to match the pin (2026年西安英才计划: the 2025 call holds 英才; a 2026 call of
    another scheme does not). Posts search left out for the question's year count too.
    `ruled_out` (`pinned_out`), when the caller has read it already."""
    if ruled_out is None:
        ruled_out = pinned_out(question, retrieved, ranked)
    return beyond_pins(top, ruled_out)


def pinned_out(
    question: Question, retrieved: Retrieved, ranked: list[Passage]
) -> list[frozenset[int]]:
    """The question words held by each well-covering passage the pins rule out, in the posts
    read and in those search left out for the question's year (see `about_another_pin`). A
    post with a well-covering passage the pins keep is about the pin, whatever one of its
    sentences looks ahead to (展望“十五五”… closing a review of the 十四五)."""
    elsewhere = replace(retrieved, posts=retrieved.elsewhere, elsewhere=[])
    others = passages(question, elsewhere, every_year=True)
    out, kept = [], set()
    for group in (ranked, others):
        for passage in group[:PASSAGES_READ]:
            if passage.coverage < MIN_COVERAGE:
                break
            if pinned_ok(question.pins, passage.post, passage.text, *passage.in_content):
                kept.add(passage.post.key)
            else:
                out.append((passage.post.key, passage.covered))
    return [covered for key, covered in out if key not in kept]


def beyond_pins(found: Scored, ruled_out: list[frozenset[int]]) -> bool:
    """A passage the pins rule out holds every question word `found`'s post holds, and more."""
    return any(covered > found.passage.covered for covered in ruled_out)


def source_answer(question: Question, retrieved: Retrieved, ranked: list[Passage]) -> Answer:
    """Where the post the question is about first appeared (原载哪家报纸, 转自哪里): the reprint
    source of the post holding most of the question's words in its title and text (the question
    describes the post, `post_shares`), when that is enough of the question and the post names
    one; cleaning read it off the post's 来源/转载自 line, which is no sentence of the text, so
    the citation quotes the source as read (field "reprinted_from")."""
    kept: list[Passage] = []  # each post's first passage the pins keep: a share is post-wide
    posts: set[str] = set()
    for p in ranked:
        if p.post.key not in posts and evidence_ok(question.pins, p):
            kept.append(p)
            posts.add(p.post.key)
    shares = post_shares(question, retrieved, kept)
    if not kept or max(shares) < MIN_COVERAGE:
        return refusal(question, NO_SENTENCE)
    share, best = max(zip(shares, kept, strict=True), key=lambda pair: pair[0])
    post = best.post
    if not post.reprinted_from:
        return refusal(question, f"{REFUSAL}：这篇帖子没有写明来源")
    source = post.reprinted_from
    return Answer(
        question=question.said,
        answer=source,
        refused=False,
        citations=[
            replace(
                citation(best),
                quote=source,
                start=0,
                end=len(source),
                answer_start=0,
                answer_end=len(source),
                field="reprinted_from",
            )
        ],
        confidence=share,
        type=question.type,
    )


def refusal(question: Question, reason: str, shown: list[Scored] = ()) -> Answer:
    return Answer(
        question=question.said,
        answer=None,
        refused=True,
        citations=[citation(s.passage, s.candidate) for s in shown],
        confidence=shown[0].score if shown else 0.0,
        type=question.type,
        reason=reason,
    )


def answer_extractive(store: SQLStore, text: str, scope: SearchQuery | None = None) -> Answer:
    """Answer `text` from the archive in `store` with a quoted span, or refuse; from the posts
    within the filters of `scope` only, when one is given. Which span answers, and whether any
    does, is decided by the hand-set rules, or by the learned model (`ask.decide`) when
    WXINTEL_ASK_DECISION is "learned", or by the rules with the model answering what they refuse
    when it is "rules+learned", the model also refusing a rules' answer it doubts
    (docs/measured/ask.md: none wins on every count)."""
    return answer_read(read_for(store, text, scope))


def answer_read(reading: Reading) -> Answer:
    """`answer_extractive` of a question already read (`evidence.read_for`)."""
    question, retrieved, ranked = reading
    if question.type == "other":
        return refusal(
            question, f"{REFUSAL}：问题类型无法识别（请问日期、地点、电话、金额、数量等）"
        )
    if question.type == "source":
        return source_answer(question, retrieved, ranked)
    decision = settings.value("ask_decision")
    if decision == "learned":
        return learned_answer(question, retrieved, ranked)
    if decision != "rules+learned":
        return rules_answer(question, retrieved, ranked)
    # the pool and the posts the pins rule out read once, for the rules and the model both
    found = pool(question, ranked)
    ruled_out = pinned_out(question, retrieved, ranked) if found else None
    ruled = rules_answer(question, retrieved, ranked, found, ruled_out)
    if ruled.refused:
        # a second opinion where the rules refuse: the model answers when it is sure enough
        return learned_answer(question, retrieved, ranked, decide.SECOND, found, ruled_out)
    return vetoed(question, found, ruled)


# The candidates the learned decision weighs: spans of passages covering at least this share of
# the question (below the rules' bar: a paraphrased question's right sentence often covers less),
# the surest few of each passage.
POOL_FLOOR = 0.3
POOL_SPANS = 3


def pool(question: Question, ranked: list[Passage]) -> list[Scored]:
    """The candidates the learned decision weighs (POOL_FLOOR, POOL_SPANS)."""
    return spans_read(question, ranked, POOL_FLOOR, POOL_SPANS)


def rules_pick(found: list[Scored], ruled: Answer) -> int | None:
    """Which of `found` (`pool`) the rules' answer `ruled` gives, by the citation it makes."""
    if ruled.refused:
        return None
    cited = ruled.citations[0]
    return next((i for i, s in enumerate(found) if citation(s.passage, s.candidate) == cited), None)


def vetoed(question: Question, found: list[Scored], ruled: Answer) -> Answer:
    """The rules' answer, or a refusal when the learned model gives the span they answer with
    less than its veto threshold (`decide.VETO`): a check on the rules' answer by what the
    model has learned of right answers (rules+learned)."""
    pick = rules_pick(found, ruled)
    if pick is None:
        return ruled
    model = decide.shipped()
    sure = float(decide.probabilities(model, features.describe(question, found))[pick])
    if sure < model.required_threshold(decide.MODEL_FILE, decide.VETO):
        return replace(refusal(question, THIN, [found[pick]]), confidence=sure)
    return ruled


def learned_answer(
    question: Question,
    retrieved: Retrieved,
    ranked: list[Passage],
    threshold: str | None = None,
    found: list[Scored] | None = None,
    ruled_out: list[frozenset[int]] | None = None,
) -> Answer:
    """The likeliest candidate by the learned model, or a refusal when it is below the model's
    threshold (its named one `threshold`, when given: `decide.SECOND`) or a post the pins rule
    out is the archive's post on what is asked. `found` (`pool`) and `ruled_out`
    (`pinned_out`), when the caller has read them already."""
    found = pool(question, ranked) if found is None else found
    if not found:
        return refusal(question, NO_SENTENCE)
    model = decide.shipped()
    chances = decide.probabilities(model, features.describe(question, found))
    top = found[int(chances.argmax())]
    sure = float(chances.max())
    if ruled_out is None:
        ruled_out = pinned_out(question, retrieved, ranked)
    if beyond_pins(top, ruled_out):
        return refusal(question, f"{REFUSAL}：相关帖子说的是另一年份、批次或区", [top])
    if sure < model.required_threshold(decide.MODEL_FILE, threshold):
        # shown beside it: the likeliest answer another post gives, which may disagree
        others = [
            (chance, s)
            for chance, s in zip(chances, found, strict=True)
            if s.passage.post.key != top.passage.post.key
            and not same_answer(question, s.candidate, top.candidate)
        ]
        if not others:
            return replace(refusal(question, THIN, [top]), confidence=sure)
        other = max(others, key=lambda pair: pair[0])[1]
        reason = DISAGREE if as_credible(top, other) else THIN
        return replace(refusal(question, reason, [top, other]), confidence=sure)
    return Answer(
        question=question.said,
        answer=top.candidate.text,
        refused=False,
        citations=[citation(top.passage, top.candidate)],
        confidence=sure,
        type=question.type,
    )


def rules_answer(
    question: Question,
    retrieved: Retrieved,
    ranked: list[Passage],
    found: list[Scored] | None = None,
    ruled_out: list[frozenset[int]] | None = None,
) -> Answer:
    """The hand-set rules' answer: the best-scored span above the evidence bar, refused when a
    post as credible gives another answer or the pins rule its post out. `found` (`pool`) and
    `ruled_out` (`pinned_out`), when the caller has read them already."""
    scored = best_per_post(question, ranked, found)
    if not scored:
        return refusal(question, NO_SENTENCE)
    top = scored[0]
    if about_another_pin(question, retrieved, ranked, top, ruled_out):
        return refusal(question, f"{REFUSAL}：相关帖子说的是另一年份、批次或区", [top])
    rivalling = rivals(question, scored)
    if rivalling:
        return refusal(question, DISAGREE, [top, rivalling[0]])
    return Answer(
        question=question.said,
        answer=top.candidate.text,
        refused=False,
        citations=[citation(top.passage, top.candidate)],
        confidence=top.score,
        type=question.type,
    )
