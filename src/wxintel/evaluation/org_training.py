"""Training the organisation junk filter on labelled lists of names, and measuring it on lists
it was not trained on, beside the rules alone.

An instance is one labelled (account, name): the mean features of its mentions in the posts
whose rules read it by its suffix, so a name in forty posts counts as much as a name in one.
Labelled names the rules no longer give are left out: the filter only sees what the rules
give. The filter then scores each post's mentions of a name (org_junk.name_instances). The
penalty and the threshold are chosen by cross-validation over the training lists' names alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from wxintel.evaluation.orgs import check_org_labels, score_orgs
from wxintel.extract import enrich
from wxintel.extract.org_junk import CLASSES, JunkFilter, mean_features, name_instances
from wxintel.model import Article
from wxintel.nlp import learn

# A good name lost costs a reader more than a junk name kept costs: the name of a body that
# acts is what they look the list up for, while a junk name is skipped at a glance.
GOOD_LOST_COST = 2.0
PENALTIES = (1e-3, 3e-3, 1e-2)  # learn.train's l2
DIMS = 1 << 12  # hashed columns: a few hundred distinct features, few collisions
THRESHOLDS = tuple(round(0.5 + 0.05 * n, 2) for n in range(10))  # 0.5 … 0.95
FOLDS = 5  # folds of the training names that choose the penalty and threshold


@dataclass
class Evidence:
    """How the rules give one (account, name): its features in each post that reads it by its
    suffix, and whether some post gives it otherwise (gazetteer, table), which no filter drops."""

    posts: list[dict[str, float]] = field(default_factory=list)
    otherwise: bool = False


@dataclass(frozen=True)
class Item:
    """One labelled (account, name) with the rules' evidence for it."""

    account: str
    name: str
    junk: bool
    evidence: Evidence


@dataclass(frozen=True)
class Trained:
    """A trained filter, the l2 chosen for it, and how many names (and junk) it learned from."""

    junk: JunkFilter
    penalty: float
    names: int
    junk_names: int


def gather(
    label_sets: Iterable[dict[str, Any]], articles: Iterable[Article]
) -> dict[tuple[str, str], Evidence]:
    """The rules' evidence (no filter) for every labelled (account, name) of `label_sets`,
    read from `articles` (each enriched once)."""
    wanted: set[tuple[str, str]] = set()
    for labels in label_sets:
        wanted |= {(item["account"], item["name"]) for item in check_org_labels(labels)["names"]}
    accounts = {account for account, _ in wanted}
    found: dict[tuple[str, str], Evidence] = {key: Evidence() for key in wanted}
    for article in articles:
        if article.account not in accounts:
            continue
        mentions = [m for m in enrich(article, org_filter=False).mentions if m.kind == "org"]
        labelled = [m for m in mentions if (article.account, m.name) in wanted]
        for m in labelled:
            if m.attrs.get("source") != "suffix":
                found[(article.account, m.name)].otherwise = True
        for name, features in name_instances(article.content, labelled).items():
            found[(article.account, name)].posts.append(features)
    return found


def items_of(labels: dict[str, Any], evidence: Mapping[tuple[str, str], Evidence]) -> list[Item]:
    return [
        Item(n["account"], n["name"], n["junk"], evidence[(n["account"], n["name"])])
        for n in check_org_labels(labels)["names"]
    ]


def fit_filter(lists: Sequence[Sequence[Item]], penalty: float, threshold: float) -> JunkFilter:
    """The filter trained on every labelled name of `lists` the rules give by its suffix."""
    items = [item for items in lists for item in items if item.evidence.posts]
    model = learn.train(
        [mean_features(item.evidence.posts) for item in items],
        [CLASSES[item.junk] for item in items],
        CLASSES,
        dims=DIMS,
        l2=penalty,
    )
    return JunkFilter(replace(model, threshold=threshold))


def lowest_junk(item: Item, junk: JunkFilter | None) -> float:
    """The lowest probability of junk `junk` gives the item in a post: the name is still given
    at any threshold above it (-inf: given otherwise than by its suffix, or no filter and some
    post; inf: no post gives it)."""
    ev = item.evidence
    if ev.otherwise:
        return -math.inf
    if junk is None:
        return -math.inf if ev.posts else math.inf
    return min((junk.probability(f) for f in ev.posts), default=math.inf)


def given(items: Iterable[Item], junk: JunkFilter | None) -> set[tuple[str, str]]:
    """The (account, name) pairs still given: in some post the filter keeps it (or gives it
    otherwise than by its suffix)."""
    threshold = math.inf if junk is None else junk.threshold
    return {(item.account, item.name) for item in items if lowest_junk(item, junk) < threshold}


def net_gains(items: Sequence[Item], junk: JunkFilter) -> Callable[[float], float]:
    """The filter's net gain on `items` at a threshold: junk names it removes less
    GOOD_LOST_COST per good name it removes. What does not depend on the threshold (each
    item's probabilities, the names given without a filter) is worked out once, here."""
    lowest = [((item.account, item.name), lowest_junk(item, junk)) for item in items]
    before = given(items, None)
    bad = {(i.account, i.name) for i in items if i.junk}

    def gain(threshold: float) -> float:
        removed = before - {pair for pair, low in lowest if low < threshold}
        return len(removed & bad) - GOOD_LOST_COST * len(removed - bad)

    return gain


def choose(
    lists: Sequence[Sequence[Item]], thresholds: Sequence[float] = THRESHOLDS
) -> tuple[float, float]:
    """The (penalty, threshold of `thresholds`) with the best net gain summed over FOLDS folds
    of the training names (every FOLDS-th name of the sorted pairs held out in turn); ties go
    to the larger penalty, then the higher threshold: both drop fewer names."""
    items = sorted((item for items in lists for item in items), key=lambda i: (i.account, i.name))
    folds = [items[n::FOLDS] for n in range(FOLDS)]
    best: tuple[float, float, float] | None = None
    for penalty in PENALTIES:
        gains = [
            net_gains(held, fit_filter([x for k, x in enumerate(folds) if k != n], penalty, 0.5))
            for n, held in enumerate(folds)
        ]
        for threshold in thresholds:
            gain = sum(fold_gain(threshold) for fold_gain in gains)
            if best is None or gain >= best[0]:
                best = (gain, penalty, threshold)
    assert best is not None
    return best[1], best[2]


def train(lists: Sequence[Sequence[Item]], threshold: float | None = None) -> Trained:
    """The filter on all of `lists`, its penalty and threshold chosen on their folds (the
    threshold given instead when set, chosen on the unit the filter drops, org_drops: the
    penalty is then the best at that threshold)."""
    penalty, threshold = choose(lists, THRESHOLDS if threshold is None else (threshold,))
    items = [item for items in lists for item in items if item.evidence.posts]
    return Trained(
        fit_filter(lists, penalty, threshold),
        penalty,
        names=len(items),
        junk_names=sum(item.junk for item in items),
    )


def compare(labels: dict[str, Any], items: Sequence[Item], junk: JunkFilter) -> dict[str, Any]:
    """The list scored with the rules alone and with the filter, in the same run."""
    return {
        "rules_alone": score_orgs(labels, given(items, None)),
        "learned": score_orgs(labels, given(items, junk)),
    }


def model_header(
    trained: Trained, lists: Sequence[str], threshold_from: str | None = None
) -> list[str]:
    """The weights file's header: what the filter is, what it was trained on, at which commit,
    and the command that retrains it; `threshold_from` names the drops set that set the
    threshold (else it was cross-validated with the penalty)."""
    if threshold_from is None:
        chosen = [
            f"  l2 {trained.penalty:g} and threshold {trained.junk.threshold:g} chosen by"
            f" {FOLDS}-fold cross-validation on those names",
            f"  (the most junk names gone less {GOOD_LOST_COST:g} x the good names lost)",
        ]
        option = ""
    else:
        chosen = [
            f"  l2 {trained.penalty:g} chosen at threshold {trained.junk.threshold:g} by"
            f" {FOLDS}-fold cross-validation on those names",
            f"  (the most junk names gone less {GOOD_LOST_COST:g} x the good names lost);",
            f"  threshold {trained.junk.threshold:g} set on {threshold_from}: the lowest score band"
            f" whose junk share of (post, name) mentions reaches {GOOD_LOST_COST:g}/"
            f"{GOOD_LOST_COST + 1:g}",
            f"  (wxintel eval orgs-drops {threshold_from} --db wx.db)",
        ]
        option = f" --threshold {trained.junk.threshold:g}"
    return [
        "The learned junk filter for organisation names (wxintel.extract.org_junk): logistic",
        "regression (wxintel.nlp.learn, hashed features) over wxintel.extract.org_features. A",
        "name the rules read by its suffix is dropped from a post when its probability of junk",
        "is at least the threshold. Written by `wxintel eval orgs-train`; do not edit by hand.",
        "",
        f"Trained on: {' '.join(lists)}",
        f"  {trained.names} labelled names the rules give by their suffix"
        f" ({trained.junk_names} junk), each the mean of its mentions' features",
        *chosen,
        f"Commit: {learn.trained_at()}",
        f"Retrain: wxintel eval orgs-train {' '.join(lists)} --db wx.db{option}"
        " --out src/wxintel/data/org_junk_model.txt",
        "  (wx.db: the seven accounts of ../shared/data ingested, as README's eval commands)",
    ]
