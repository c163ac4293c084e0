"""The learned reader of what each stated deadline is for (issue #11): a logistic regression
(nlp/learn.py) trained on the labelled sets' `for` (scripts/purpose_model.py) over the words
around the date and the rules' own label (extract/notices.py `_purpose`, `_stage`). Where it is
sure, its label replaces the rules' — unless the text names the rules' label (`keeps_rules`).

Rules fitted to each set's purposes did not carry to the next; the model, scored leave-one-set-
out with each set's first-run rules as its feature, did (docs/measured/facts.md). The labels
follow one convention (README "Facts"): the most specific purpose the sentence states.
"""

from __future__ import annotations

from collections.abc import Iterator

from wxintel.extract import notices
from wxintel.extract.deadline_features import stages
from wxintel.model import Fact
from wxintel.nlp import learn

MODEL_FILE = "purpose_model.txt"
NGRAMS = (1, 2, 3)
LINE, SENTENCE, AFTER = 24, 40, 16  # characters of context kept on each side of the date


def _grams(prefix: str, text: str) -> Iterator[str]:
    for n in NGRAMS:
        for i in range(len(text) - n + 1):
            yield f"{prefix}{text[i : i + n]}"


def features(text: str, title: str, start: int, end: int, rules: str) -> dict[str, float]:
    """The evidence around one stated deadline's date: character n-grams of its line before
    it, its sentence before and after it, its list item's heading (a title's deadline: the
    title's), and the rules' label."""
    found = {f"r:{rules or '-'}": 1.0}
    if end <= start:  # a title's deadline carries no span of the body
        found.update(dict.fromkeys(_grams("t:", title), 1.0))
        return found
    line = text[text.rfind("\n", 0, start) + 1 : start][-LINE:]
    left, right = notices._sentence_bounds(text, start, end)
    parts = {
        "l:": line,
        "s:": text[left:start][-SENTENCE:],
        "a:": text[end:right][:AFTER],
        "h:": notices._item_heading(text, start),
    }
    for prefix, part in parts.items():
        found.update(dict.fromkeys(_grams(prefix, part), 1.0))
    return found


def model() -> learn.Model:
    """The shipped model; its threshold line is how sure it must be to replace the rules'
    label (set, not tuned: more likely than not)."""
    return learn.packaged(MODEL_FILE)


def named_by_sentence(text: str, title: str, start: int, end: int, label: str) -> bool:
    """Whether a word of deadline_purposes.txt in the date's sentence (a title's deadline: the
    title) names `label` ("报名缴费截止" names 报名 and 缴费; "纸质材料一式三份" 纸质材料)."""
    sentence = title if end <= start else text[slice(*notices._sentence_bounds(text, start, end))]
    return any(named == label for _, _, named in notices._purposes().find(sentence))


def names_stage(text: str, title: str, start: int, end: int, label: str) -> bool:
    """Whether a subject of deadline_intermediaries.txt in the date's sentence or its list
    item's heading names the stage `label` ("1.各区域主管部门负责组织…推荐。推荐单位于…" names
    区级推荐)."""
    if end <= start:
        return False
    sentence = text[slice(*notices._sentence_bounds(text, start, end))]
    words = f"{sentence}\n{notices._item_heading(text, start)}"
    return any(named == label for _, _, named in notices._intermediaries().find(words))


def keeps_rules(text: str, title: str, start: int, end: int, rules: str) -> bool:
    """Whether the text names the rules' label, so the model may not replace it (README "Facts":
    a channel the sentence names wins; 推荐 or 区级推荐 is who recommends, so a stage is named by
    its recommender, not by the verb 推荐)."""
    if rules in stages():
        return names_stage(text, title, start, end, rules)
    return named_by_sentence(text, title, start, end, rules)


def relabel(
    text: str, title: str, facts: list[Fact], fitted: learn.Model | None = None
) -> list[Fact]:
    """`facts` with each stated deadline's `for` the model's (`fitted`'s, else the shipped
    one's) where its likeliest label reaches the threshold and the text does not name the
    rules' label (`keeps_rules`), else the rules'."""
    reader = fitted or model()
    sure = reader.threshold if reader.threshold is not None else 0.5
    out = []
    for fact in facts:
        rules = fact.value.get("for", "") if fact.kind == "stated_deadline" else None
        if rules is not None and not keeps_rules(text, title, fact.start, fact.end, rules):
            p = reader.probabilities(features(text, title, fact.start, fact.end, rules))
            guess = max(p, key=p.__getitem__)
            if p[guess] >= sure and guess != rules:
                fact = Fact(fact.kind, {**fact.value, "for": guess}, fact.start, fact.end,
                            fact.text)  # fmt: skip
        out.append(fact)
    return out
