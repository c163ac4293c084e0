"""The learned reader of what each stated deadline is for (issue #11): a logistic regression
(nlp/learn.py) trained on the labelled sets' `for` (scripts/purpose_model.py) over the words
around the date and the rules' own label (extract/notices.py `_purpose`, `_stage`). Where it is
sure, its label replaces the rules' — unless the text names the rules' stage or channel
(`keeps_rules`).

Rules fitted to each set's purposes did not carry to the next; the model, scored leave-one-set-
out with each set's first-run rules as its feature, did (docs/measured/facts.md). The labels
follow one convention (README "Facts"): the most specific purpose the sentence states.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from wxintel.extract import notices
from wxintel.extract.deadline_features import intermediary_labels
from wxintel.model import Fact
from wxintel.nlp import learn

MODEL_FILE = "purpose_model.txt"
NGRAMS = (1, 2, 3)
LINE, SENTENCE, AFTER = 24, 40, 16  # characters of context kept on each side of the date


@dataclass(frozen=True)
class Where:
    """One stated deadline's date in its post (`end <= start`: a title's deadline). Its sentence
    and list item's heading are read once, though the guard and the features both read them."""

    text: str
    title: str
    start: int
    end: int

    @property
    def in_title(self) -> bool:
        return self.end <= self.start

    @cached_property
    def bounds(self) -> tuple[int, int]:
        return notices.sentence_bounds(self.text, self.start, self.end)

    @cached_property
    def heading(self) -> str:
        return notices.item_heading(self.text, self.start)

    @property
    def sentence(self) -> str:
        """The date's sentence; a title's deadline: the title."""
        return self.title if self.in_title else self.text[slice(*self.bounds)]


def _grams(prefix: str, text: str) -> Iterator[str]:
    for n in NGRAMS:
        for i in range(len(text) - n + 1):
            yield f"{prefix}{text[i : i + n]}"


def features(where: Where, rules: str) -> dict[str, float]:
    """The evidence around one stated deadline's date: character n-grams of its line before
    it, its sentence before and after it, its list item's heading (a title's deadline: the
    title's), and the rules' label."""
    found = {f"r:{rules or '-'}": 1.0}
    if where.in_title:  # a title's deadline carries no span of the body
        found.update(dict.fromkeys(_grams("t:", where.title), 1.0))
        return found
    text, start, end = where.text, where.start, where.end
    line = text[text.rfind("\n", 0, start) + 1 : start][-LINE:]
    left, right = where.bounds
    parts = {
        "l:": line,
        "s:": text[left:start][-SENTENCE:],
        "a:": text[end:right][:AFTER],
        "h:": where.heading,
    }
    for prefix, part in parts.items():
        found.update(dict.fromkeys(_grams(prefix, part), 1.0))
    return found


def model() -> learn.Model:
    """The shipped model; its threshold line, which the file must have, is how sure it must be
    to replace the rules' label (set, not tuned: more likely than not)."""
    found = learn.packaged(MODEL_FILE)
    found.required_threshold(f"wxintel/data/{MODEL_FILE}")
    return found


def named_by_sentence(where: Where, label: str) -> bool:
    """Whether a word of deadline_purposes.txt in the date's sentence (a title's deadline: the
    title) names `label` ("报名缴费截止" names 报名 and 缴费; "纸质材料一式三份" 纸质材料)."""
    return any(named == label for _, _, named in notices._purposes().find(where.sentence))


def names_stage(where: Where, label: str) -> bool:
    """Whether a subject of deadline_intermediaries.txt in the date's sentence or its list
    item's heading names the stage `label` ("1.各区域主管部门负责组织…推荐。推荐单位于…" names
    区级推荐)."""
    if where.in_title:
        return False
    words = f"{where.sentence}\n{where.heading}"
    return any(named == label for _, _, named in notices._intermediaries().find(words))


# The channels whose words leave no doubt how the materials go (纸质, 一式, 盖章, 快递; 邮箱,
# 电子版): a sentence writing one keeps the rules' label. The other purposes' words also say
# another step: 系统, 平台, 网上 are how one registers (报名) or pays (缴费) too, and 申报,
# 提交 name every step, so there the model may read the step the sentence is about. Kept for
# every label, the guard lost 22 of 684 labelled purposes leave-one-set-out; for these two and
# the stages, 3, and it keeps the seven accounts' 邮箱 and 纸质递交 dates as written
# (docs/measured/facts.md, seventeenth session).
CHANNELS = frozenset({"纸质材料", "电子材料"})


def keeps_rules(where: Where, rules: str) -> bool:
    """Whether the text names the rules' label, so the model may not replace it: a stage's
    recommender (推荐 or 区级推荐 is who recommends, so a stage is named by its recommender, not
    by the verb 推荐) or a channel (`CHANNELS`) the date's sentence writes."""
    if rules in intermediary_labels():
        return names_stage(where, rules)
    return rules in CHANNELS and named_by_sentence(where, rules)


def relabel(
    text: str, title: str, facts: list[Fact], fitted: learn.Model | None = None
) -> list[Fact]:
    """`facts` with each stated deadline's `for` the model's (`fitted`'s, else the shipped
    one's) where its likeliest label reaches the threshold and the text does not name the
    rules' label (`keeps_rules`), else the rules'."""
    reader = fitted or model()
    out = []
    for fact in facts:
        rules = fact.value.get("for", "") if fact.kind == "stated_deadline" else None
        if rules is not None:
            fact = _read(reader, Where(text, title, fact.start, fact.end), fact, rules)
        out.append(fact)
    return out


def decide(reader: learn.Model, evidence: dict[str, float], rules: str, kept: bool) -> str:
    """The `for` a stated deadline ships with: the rules' label when the text names it (`kept`),
    else the model's likeliest class where it reaches the threshold, else the rules'. One home,
    so what `relabel` ships and what scripts/purpose_model.py scores cannot drift apart."""
    if kept:
        return rules
    p = reader.probabilities(evidence)
    guess = max(p, key=p.__getitem__)
    return guess if p[guess] >= reader.threshold else rules


def _read(reader: learn.Model, where: Where, fact: Fact, rules: str) -> Fact:
    label = decide(reader, features(where, rules), rules, keeps_rules(where, rules))
    if label == rules:
        return fact
    return Fact(fact.kind, {**fact.value, "for": label}, fact.start, fact.end, fact.text)
