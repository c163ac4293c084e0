"""Scoring notice extraction against a labelled set (eval/notices_*.json).

Each labelled field is scored as precision/recall/F1 over items: single values (deadline,
period, signed, reprinted_from, stub) count a hit when exactly equal; lists (phones, e-mails …)
are compared as sets; attachments by count. A field an item does not label is expected empty,
except attachments and table, which are scored only where labelled.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from wxintel.evaluation.labels import (
    LabelsError,
    kind_of,
    other_kind,
    require,
    text,
    whole_number,
)
from wxintel.model import ACTION_KINDS, NOTICE_KINDS, Article, Enrichment, Fact

Lookup = Callable[[str], tuple[Article, Enrichment] | None]

SCALAR_FIELDS = ("deadline", "period", "signed", "reprinted_from", "stub")
SET_FIELDS = {
    "issuers": "issuer",
    "phones": "phone",
    "emails": "email",
    "doc_numbers": "doc_number",
    "urls": "url",
}


LABELS_SHAPE = (
    '{"items": [{"aid": "2650689428_2", "kind": "call", "deadline": "2025-10-30", …}, …],'
    ' "non_notices_sample": ["2650689828_1", …]}'
)


def check_labels(labels: Any) -> dict[str, Any]:
    """`labels` when it holds at least one labelled article of the right shape, else LabelsError."""
    if not isinstance(labels, dict):
        raise LabelsError(
            f"notice labels must be an object, not {kind_of(labels)}; expected {LABELS_SHAPE}"
        )
    items = labels.get("items", [])
    aids = labels.get("non_notices_sample", [])
    require(isinstance(items, list), '"items"', "a list of labelled notices", items)
    require(isinstance(aids, list), '"non_notices_sample"', "a list of aids", aids)
    if not items and not aids:
        raise LabelsError(
            f"no labelled notices{other_kind(labels)}: nothing to score; expected {LABELS_SHAPE}"
        )
    for n, item in enumerate(items):
        _check_item(item, f"items[{n}]")
    for n, aid in enumerate(aids):
        require(text(aid), f"non_notices_sample[{n}]", "an aid", aid)
    return labels


def _check_item(item: Any, where: str) -> None:
    require(isinstance(item, dict), where, 'an object with "aid" and "kind"', item)
    require(text(item.get("aid")), f"{where}.aid", "the article's aid", item.get("aid"))
    require(text(item.get("kind")), f"{where}.kind", "a kind (call, publicity …)", item.get("kind"))
    for field in [*SET_FIELDS, "contacts"]:
        if field in item:
            require(isinstance(item[field], list), f"{where}.{field}", "a list", item[field])
    if "attachments" in item:
        count = item["attachments"]
        require(whole_number(count), f"{where}.attachments", "a count", count)
    if "table" in item:
        table = item["table"]
        shaped = isinstance(table, dict) and isinstance(table.get("columns"), list)
        require(
            shaped and whole_number(table.get("rows")),
            f"{where}.table",
            'an object {"columns": [...], "rows": count}',
            table,
        )


@dataclass
class Tally:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set[Any], gold: set[Any]) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f1, "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _first(enrichment: Enrichment, kind: str) -> Any:
    return next((f.value for f in enrichment.facts if f.kind == kind), None)


def _predicted_scalar(field: str, article: Article, enrichment: Enrichment) -> Any:
    if field == "reprinted_from":
        return article.reprinted_from or None
    if field == "stub":
        return True if article.is_stub else None
    value = _first(enrichment, field)
    return list(value) if isinstance(value, tuple) else value


def _name(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _predicted_set(field: str, enrichment: Enrichment) -> set[str]:
    if field == "contacts":
        return {_name(f.value["name"]) for f in enrichment.facts if f.kind == "contact"}
    return {str(f.value) for f in enrichment.facts if f.kind == SET_FIELDS[field]}


def _as_key(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def score_extract(labels: dict, lookup: Lookup) -> dict:
    """Per-field precision/recall/F1, kind accuracy, and the non-notice check."""
    check_labels(labels)
    fields = [*SCALAR_FIELDS, *SET_FIELDS, "contacts", "attachments", "table"]
    tallies = {name: Tally() for name in ["kind", *fields]}
    misses: list[dict[str, Any]] = []
    for item in labels.get("items", []):
        found = lookup(item["aid"])
        if found is None:
            misses.append({"aid": item["aid"], "field": "article", "gold": "present"})
            for name, tally in tallies.items():
                if name == "kind" or name in item:
                    tally.fn += 1
            continue
        article, enrichment = found
        _score_item(item, article, enrichment, tallies, misses)
    non_notice = _non_notices(labels.get("non_notices_sample", []), lookup, misses)
    report: dict[str, Any] = {name: t.scores() for name, t in tallies.items()}
    report["kind_accuracy"] = _accuracy(tallies["kind"])
    report["non_notices"] = non_notice
    report["errors"] = misses
    return report


def _score_item(
    item: dict, article: Article, enrichment: Enrichment, tallies: dict[str, Tally], misses: list
) -> None:
    def record(field: str, predicted: set[Any], gold: set[Any]) -> None:
        tallies[field].add(predicted, gold)
        if predicted != gold:
            misses.append({"aid": item["aid"], "field": field, "gold": sorted(map(str, gold)),
                           "predicted": sorted(map(str, predicted))})  # fmt: skip

    record("kind", {enrichment.kind}, {item["kind"]})
    for field in SCALAR_FIELDS:
        predicted = _predicted_scalar(field, article, enrichment)
        gold = item.get(field)
        record(field, {_as_key(predicted)} - {None}, {_as_key(gold)} - {None})
    for field in [*SET_FIELDS, "contacts"]:
        gold = {_name(str(v)) if field == "contacts" else str(v) for v in item.get(field, [])}
        record(field, _predicted_set(field, enrichment), gold)
    if "attachments" in item:
        count = sum(1 for f in enrichment.facts if f.kind == "attachment")
        gold_count = int(item["attachments"])
        tallies["attachments"].tp += min(count, gold_count)
        tallies["attachments"].fp += max(0, count - gold_count)
        tallies["attachments"].fn += max(0, gold_count - count)
        if count != gold_count:
            misses.append({"aid": item["aid"], "field": "attachments", "gold": gold_count,
                           "predicted": count})  # fmt: skip
    if "table" in item:
        record("table", _table_shapes(enrichment), {_gold_table(item["table"])})


def _table_shapes(enrichment: Enrichment) -> set[tuple[tuple[str, ...], int]]:
    return {(tuple(t.columns), len(t.rows)) for t in enrichment.tables}


def _gold_table(table: dict) -> tuple[tuple[str, ...], int]:
    return tuple(table["columns"]), int(table["rows"])


def _non_notices(aids: list[str], lookup: Lookup, misses: list) -> dict[str, Any]:
    """Articles that are not notices must not be classified as one."""
    right = 0
    for aid in aids:
        found = lookup(aid)
        kind = found[1].kind if found else None
        if found and kind not in NOTICE_KINDS:
            right += 1
        else:
            misses.append({"aid": aid, "field": "non_notice_kind", "predicted": kind})
    return {"correct": right, "total": len(aids), "accuracy": right / len(aids) if aids else None}


def _accuracy(tally: Tally) -> float | None:
    """Right kinds over labelled items; None (not 1.0) when no item is labelled."""
    total = tally.tp + tally.fn
    return tally.tp / total if total else None


def format_report(scores: dict) -> str:
    """A fixed-width table of the per-field scores, then the non-notice check and errors."""
    lines = [f"{'field':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for field, s in scores.items():
        if not isinstance(s, dict) or "precision" not in s:
            continue
        lines.append(
            f"{field:<16}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
            f"{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}"
        )
    accuracy = scores["kind_accuracy"]
    lines.append(f"kind accuracy   {'n/a' if accuracy is None else f'{accuracy:.3f}'}")
    nn = scores["non_notices"]
    lines.append(f"non-notices     {nn['correct']}/{nn['total']} not classified as a notice")
    for error in scores["errors"]:
        lines.append(f"  miss {error}")
    return "\n".join(lines)


# --- action items across accounts (eval/extract_dev.json) ---------------------------------

ACTION_SHAPE = (
    '{"items": [{"account": "未央工信", "aid": "2247495151_1", "kind": "call", "deadline": '
    '"2025-10-27T18:00", "deadlines": [{"at": "…", "for": "网上申报"}], "phones": [], '
    '"emails": [], "contacts": [{"name": "张老师", "phone": "021-23117664"}]}, …], "non_calls":'
    ' [{"account": "…", "aid": "…", "why": "…"}]} (an item or non-call may carry its own'
    ' "title", "text" and "published" instead of pointing at a stored post; a set of contact'
    ' blocks may leave "kind" out, and "contacts" is scored only where labelled)'
)
AccountLookup = Callable[[str, str], tuple[Article, Enrichment] | None]


def is_action_labels(labels: Any) -> bool:
    """True for the per-account action-item format (items with an account, or non_calls)."""
    if not isinstance(labels, dict):
        return False
    items = labels.get("items")
    with_account = isinstance(items, list) and any(
        isinstance(i, dict) and "account" in i for i in items
    )
    return "non_calls" in labels or with_account


def check_action_labels(labels: Any) -> dict[str, Any]:
    """`labels` when every item and non-call points at (account, aid) with the right fields."""
    if not isinstance(labels, dict):
        raise LabelsError(
            f"labels must be an object, not {kind_of(labels)}; expected {ACTION_SHAPE}"
        )
    items, non_calls = labels.get("items", []), labels.get("non_calls", [])
    require(isinstance(items, list), '"items"', "a list of action items", items)
    require(isinstance(non_calls, list), '"non_calls"', "a list of non-calls", non_calls)
    if not items and not non_calls:
        raise LabelsError(
            f"no labelled items{other_kind(labels)}: nothing to score; {ACTION_SHAPE}"
        )
    for n, item in enumerate(items):
        where = f"items[{n}]"
        _check_pointer(item, where)
        if "kind" in item or "contacts" not in item:  # a contact block may leave it out
            require(text(item.get("kind")), f"{where}.kind", "a kind (call …)", item.get("kind"))
        deadline = item.get("deadline")
        require(deadline is None or isinstance(deadline, str), f"{where}.deadline",
                "an ISO date or null", deadline)  # fmt: skip
        for field in ("deadlines", "phones", "emails", "contacts"):
            value = item.get(field, [])
            require(isinstance(value, list), f"{where}.{field}", "a list", value)
        for k, contact in enumerate(item.get("contacts", [])):
            named = isinstance(contact, dict) and text(contact.get("name"))
            require(named and isinstance(contact.get("phone", ""), str),
                    f"{where}.contacts[{k}]", 'an object {"name": …, "phone": …}',
                    contact)  # fmt: skip
        roles = item.get("roles", {})
        require(isinstance(roles, dict) and all(isinstance(v, str) for v in roles.values()),
                f"{where}.roles", 'an object {"phone": "role"}', roles)  # fmt: skip
        for k, stated in enumerate(item.get("deadlines", [])):
            dated = isinstance(stated, dict) and text(stated.get("at"))
            undated = isinstance(stated, dict) and text(stated.get("as_written"))
            require(dated or undated, f"{where}.deadlines[{k}]",
                    'an object with "at" (or "as_written" for an undated one)',
                    stated)  # fmt: skip
        _check_one_purpose(item, where)
        _check_written(item, where)
    for n, item in enumerate(non_calls):
        _check_pointer(item, f"non_calls[{n}]")
        _check_written(item, f"non_calls[{n}]")
    return labels


def _check_one_purpose(item: dict, where: str) -> None:
    """One date, one purpose (README "Facts"): a date stated for two channels at once takes the
    first its sentence names, so a set listing it twice with two scored labels breaks the
    convention (and one of the two could never be right)."""
    labels, seen = _purpose_labels(), {}
    for k, stated in enumerate(item.get("deadlines", [])):
        if stated.get("for") not in labels:
            continue
        key = stated_key(stated)
        require(key not in seen, f"{where}.deadlines[{k}]",
                f"another date than deadlines[{seen.get(key)}]'s (one purpose per date: the "
                f"first channel its sentence names)", stated)  # fmt: skip
        seen[key] = k


def _check_written(item: dict, where: str) -> None:
    """A written item (its own text, not a stored post's) needs the day it was published:
    year-less dates in its text resolve against it."""
    if "text" not in item:
        return
    require(text(item["text"]), f"{where}.text", "the notice's text", item["text"])
    require(text(item.get("published")), f"{where}.published", "an ISO date",
            item.get("published"))  # fmt: skip


def written_articles(labels: dict[str, Any]) -> dict[tuple[str, str], Article]:
    """The cleaned articles of the items and non-calls that carry their own text (a stress
    set written for the purpose), keyed by (account, aid); stored posts are looked up instead."""
    from wxintel.clean import clean_article

    return {
        (item["account"], item["aid"]): clean_article(
            Article(
                title=item.get("title", ""),
                content=item["text"],
                account=item["account"],
                aid=item["aid"],
                published=item["published"],
            )
        )
        for item in [*labels.get("items", []), *labels.get("non_calls", [])]
        if "text" in item
    }


def article_lookup(
    store: Any, written: dict[tuple[str, str], Article]
) -> Callable[[str, str], Article | None]:
    """The post an (account, aid) label points at: its own written text, else the one stored
    post with that aid in that account (any account when none is named), else None."""

    def article(account: str, aid: str) -> Article | None:
        if (account, aid) in written or store is None:
            return written.get((account, aid))
        found = [a for a in store.resolve(aid) if not account or a.account == account]
        return found[0].to_article() if len(found) == 1 else None

    return article


def stated_key(value: dict[str, Any]) -> str:
    """How a stated deadline is compared: its date, or for one counted from an undated event
    (自收到通知之日起10个工作日内) its wording without spaces."""
    return value.get("at") or "as written: " + _name(value.get("as_written") or "")


def _check_pointer(item: Any, where: str) -> None:
    require(isinstance(item, dict), where, 'an object with "account" and "aid"', item)
    require(text(item.get("account")), f"{where}.account", "the account name", item.get("account"))
    require(text(item.get("aid")), f"{where}.aid", "the article's aid", item.get("aid"))


@dataclass
class AccountScores:
    """The counts behind one account's (or the overall) figures."""

    items: int = 0
    missing: int = 0
    kinds_labelled: int = 0
    kind_right: int = 0
    with_deadline: int = 0
    deadline_exact: int = 0
    deadline_day: int = 0
    # exact and typed a kind the board shows: a registration typed news has its deadline
    # right where the user never sees it
    deadline_on_board: int = 0
    purposes: int = 0  # stated deadlines found whose label says what they are for
    purposes_right: int = 0
    roles: int = 0  # phones found whose label (`roles`) says what they are for
    roles_right: int = 0
    non_calls: int = 0
    non_calls_on_board: int = 0
    stated: Tally = dataclasses.field(default_factory=Tally)
    phones: Tally = dataclasses.field(default_factory=Tally)
    emails: Tally = dataclasses.field(default_factory=Tally)
    contacts: Tally = dataclasses.field(default_factory=Tally)  # (name, phone) pairs

    def figures(self) -> dict[str, Any]:
        def share(n: int, d: int) -> float | None:
            return n / d if d else None

        return {
            "items": self.items,
            "missing": self.missing,
            "kind_accuracy": share(self.kind_right, self.kinds_labelled),
            "deadline_exact": share(self.deadline_exact, self.with_deadline),
            "deadline_right_day": share(self.deadline_day, self.with_deadline),
            "deadline_exact_on_board": share(self.deadline_on_board, self.with_deadline),
            "stated_purposes": share(self.purposes_right, self.purposes),
            "purposes_labelled": self.purposes,
            "phone_roles": share(self.roles_right, self.roles),
            "roles_labelled": self.roles,
            "deadlines_labelled": self.with_deadline,
            "stated_deadlines": self.stated.scores(),
            "phones": self.phones.scores(),
            "emails": self.emails.scores(),
            "contacts": self.contacts.scores(),
            "non_calls": self.non_calls,
            "non_calls_on_board": self.non_calls_on_board,
        }

    def kind_figures(self) -> dict[str, Any]:
        """The figures of one labelled kind's items (calls, registrations, consultations): how
        many, typed right, and their deadlines exact, on the right day, and on the board."""
        figures = self.figures()
        return {
            name: figures[name]
            for name in (
                "items",
                "missing",
                "kind_accuracy",
                "deadlines_labelled",
                "deadline_exact",
                "deadline_right_day",
                "deadline_exact_on_board",
            )
        }


def score_actions(labels: dict, lookup: AccountLookup) -> dict[str, Any]:
    """Per account and overall: kind accuracy, final deadline exact, right day and exact on the
    board, every stated deadline (P/R on the dates), phones and e-mails (P/R/F1), non-calls on
    the board; and per labelled kind (`kinds`: call, registration, consultation) its items'
    kind accuracy and deadlines."""
    check_action_labels(labels)
    accounts: dict[str, AccountScores] = {}
    kinds: dict[str, AccountScores] = {}
    overall = AccountScores()
    errors: list[dict[str, Any]] = []
    for item in labels.get("items", []):
        tallies: tuple[AccountScores, ...] = (
            accounts.setdefault(item["account"], AccountScores()),
            overall,
        )
        if "kind" in item:  # a set of contact blocks leaves kinds out
            tallies += (kinds.setdefault(item["kind"], AccountScores()),)
        found = lookup(item["account"], item["aid"])
        for t in tallies:
            t.items += 1
        if found is None:
            for t in tallies:
                t.missing += 1
            errors.append({"account": item["account"], "aid": item["aid"], "field": "article"})
            continue
        enrichment = found[1]
        for t in tallies:
            _score_action(item, enrichment, t, errors if t is overall else None)
    for item in labels.get("non_calls", []):
        tallies = (accounts.setdefault(item["account"], AccountScores()), overall)
        found = lookup(item["account"], item["aid"])
        on_board = found is not None and _on_board(found[1])
        for t in tallies:
            t.non_calls += 1
            t.non_calls_on_board += on_board
        if on_board:
            errors.append({"account": item["account"], "aid": item["aid"],
                           "field": "non_call", "predicted": found[1].kind})  # fmt: skip
    return {
        "accounts": {name: s.figures() for name, s in sorted(accounts.items())},
        "overall": overall.figures(),
        "kinds": {kind: s.kind_figures() for kind, s in sorted(kinds.items(), key=_kind_order)},
        "errors": errors,
    }


def _kind_order(entry: tuple[str, AccountScores]) -> tuple[int, str]:
    """The board's kinds in the board's order, then any other labelled kind by name."""
    kind = entry[0]
    return (ACTION_KINDS.index(kind) if kind in ACTION_KINDS else len(ACTION_KINDS), kind)


def _on_board(enrichment: Enrichment) -> bool:
    """True when the calls board shows a post of this kind: the board's own list
    (model.ACTION_KINDS), so the figures follow the board if its kinds change."""
    return enrichment.kind in ACTION_KINDS


def _score_action(
    item: dict, enrichment: Enrichment, t: AccountScores, errors: list | None
) -> None:
    def miss(field: str, gold: Any, predicted: Any) -> None:
        if errors is not None:
            errors.append({"account": item["account"], "aid": item["aid"], "field": field,
                           "gold": gold, "predicted": predicted})  # fmt: skip

    if "kind" in item:  # a set of contact blocks may leave kinds unlabelled
        t.kinds_labelled += 1
        t.kind_right += enrichment.kind == item["kind"]
        if enrichment.kind != item["kind"]:
            miss("kind", item["kind"], enrichment.kind)
    gold = item.get("deadline") or ""
    predicted = str(_first(enrichment, "deadline") or "")
    if gold:
        t.with_deadline += 1
        t.deadline_exact += predicted == gold
        t.deadline_day += predicted[:10] == gold[:10]
        t.deadline_on_board += predicted == gold and _on_board(enrichment)
    if predicted != gold:
        miss("deadline", gold, predicted)
    stated_gold = {stated_key(d) for d in item.get("deadlines", [])}
    stated = {stated_key(f.value) for f in enrichment.facts if f.kind == "stated_deadline"}
    t.stated.add(stated, stated_gold)
    _score_purposes(item, enrichment, t, miss)
    if stated != stated_gold:
        miss("stated", sorted(stated_gold - stated), sorted(stated - stated_gold))
    for field, kind in (("phones", "phone"), ("emails", "email")):
        written = _phone if kind == "phone" else str
        gold_set = {written(v) for v in item.get(field, [])}
        found = {written(f.value) for f in enrichment.facts if f.kind == kind}
        getattr(t, field).add(found, gold_set)
        if found != gold_set:
            miss(field, sorted(gold_set - found), sorted(found - gold_set))
    _score_roles(item, enrichment, t, miss)
    if "contacts" in item:
        gold_pairs = {_contact_key(c) for c in item["contacts"]}
        pairs = {_contact_key(f.value) for f in enrichment.facts if f.kind == "contact"}
        t.contacts.add(pairs, gold_pairs)
        if pairs != gold_pairs:
            miss("contacts", sorted(gold_pairs - pairs), sorted(pairs - gold_pairs))


def _score_roles(
    item: dict, enrichment: Enrichment, t: AccountScores, miss: Callable[[str, Any, Any], None]
) -> None:
    """Of the labelled phones found, whether each has its labelled role (`roles`: phone →
    咨询, 技术支持, 监督, 举报 or 投诉); a phone given no role is a contact number, 咨询."""
    found = {str(f.value) for f in enrichment.facts if f.kind == "phone"}
    given = {f.value["phone"]: f.value["role"] for f in enrichment.facts
             if f.kind == "phone_role"}  # fmt: skip
    for phone, role in (item.get("roles") or {}).items():
        if phone not in found:
            continue
        t.roles += 1
        predicted = given.get(phone, CONTACT_ROLE)
        t.roles_right += predicted == role
        if predicted != role:
            miss("role", f"{phone} {role}", predicted)


CONTACT_ROLE = "咨询"  # what a phone without a role label is for: asking about the post


def _contact_key(contact: dict[str, Any]) -> str:
    """A contact compared as its name (spaces dropped) and the phone paired with it."""
    phone = contact.get("phone", "")
    return f"{_name(contact['name'])} {_phone(phone) if phone else ''}".strip()


def _phone(value: Any) -> str:
    """A phone compared in the one form normalize_phone writes: the sets labelled an extension
    as written (0512-66681234分机6021, 010-68205566-602) before the convention wrote it 转N, and
    normalize_phone now writes it so; both sides are read through it, so neither form misses."""
    from wxintel.extract.contacts import normalize_phone

    return normalize_phone(str(value))


@cache
def _purpose_labels() -> frozenset[str]:
    """What a stated deadline can be for: the labels of deadline_purposes.txt and of the
    stages (deadline_intermediaries.txt). A gold `for` outside them is a free description
    (the dev sets' "纸质申报材料报区工信局") and is not scored."""
    from wxintel.nlp.gazetteer import read_groups

    groups = [*read_groups("deadline_purposes.txt"), *read_groups("deadline_intermediaries.txt")]
    return frozenset(group[0] for group in groups)


def _score_purposes(
    item: dict, enrichment: Enrichment, t: AccountScores, miss: Callable[[str, Any, Any], None]
) -> None:
    """Of the stated deadlines found, whether each says what it is for as labelled, an exact
    match. The labels follow one convention (README "Facts"): `for` is the most specific
    purpose the sentence states for that date. A channel it names wins (网上申报 online, system
    or platform; 纸质材料 paper, sealed or posted; 电子材料 a mailbox); 缴费 a fee; 报名 a sign-up
    and 反馈意见 comments whatever the channel; 区级推荐 a territorial level's recommendation,
    推荐 another intermediary's; 申报 only when no channel is named. A date stated for two
    channels at once takes the first named (`_check_one_purpose`)."""
    found = {stated_key(f.value): f.value.get("for", "") for f in enrichment.facts
             if f.kind == "stated_deadline"}  # fmt: skip
    labels = _purpose_labels()
    for gold in item.get("deadlines", []):
        key = stated_key(gold)
        if gold.get("for") not in labels or key not in found:
            continue
        t.purposes += 1
        t.purposes_right += found[key] == gold["for"]
        if found[key] != gold["for"]:
            miss("stated_for", f"{key} {gold['for']}", found[key])


def _labelled_f1(scores: dict[str, Any]) -> float | None:
    """F1 of a field, or None where nothing was labelled or found (sets without contacts)."""
    return scores["f1"] if scores["tp"] + scores["fp"] + scores["fn"] else None


def _num(x: float | None) -> str:
    return "   n/a" if x is None else f"{x:6.3f}"


def format_action_report(scores: dict[str, Any]) -> str:
    """One row per account and overall (dl.board: the deadline exact and the item on the
    board), one per labelled kind, then the misses."""
    head = (f"{'account':<14}{'items':>6}{'kind':>7}{'dl.ex':>7}{'dl.day':>7}{'stated P':>9}"
            f"{'R':>6}{'phone P':>8}{'R':>6}{'F1':>6}{'mail P':>7}{'R':>6}{'F1':>6}"
            f"{'non-calls on board':>20}{'for':>7}{'people F1':>10}{'roles':>7}"
            f"{'dl.board':>9}")  # fmt: skip
    lines = [head]
    rows = [*scores["accounts"].items(), ("overall", scores["overall"])]
    for name, f in rows:
        lines.append(
            f"{name:<14}{f['items']:>6} {_num(f['kind_accuracy'])} {_num(f['deadline_exact'])} "
            f"{_num(f['deadline_right_day'])}  {_num(f['stated_deadlines']['precision'])}"
            f"{_num(f['stated_deadlines']['recall'])}  {_num(f['phones']['precision'])}"
            f"{_num(f['phones']['recall'])}{_num(f['phones']['f1'])} "
            f"{_num(f['emails']['precision'])}{_num(f['emails']['recall'])}"
            f"{_num(f['emails']['f1'])}{f['non_calls_on_board']:>12}/{f['non_calls']:<7}"
            f"{_num(f['stated_purposes'])}    {_num(_labelled_f1(f['contacts']))}"
            f" {_num(f['phone_roles'])}   {_num(f['deadline_exact_on_board'])}"
        )
    if scores.get("kinds"):
        lines += ["", _kinds_table(scores["kinds"])]
    for error in scores["errors"]:
        lines.append(f"  miss {error}")
    return "\n".join(lines)


def _kinds_table(kinds: dict[str, dict[str, Any]]) -> str:
    """One row per labelled kind: items, typed right, deadline exact, on the right day, and
    exact on the board (an item typed a kind the board leaves out is not seen)."""
    lines = [f"{'kind':<14}{'items':>6}{'kind':>7}{'dl.ex':>7}{'dl.day':>7}{'dl.board':>9}"]
    for kind, f in kinds.items():
        lines.append(
            f"{kind:<14}{f['items']:>6} {_num(f['kind_accuracy'])} {_num(f['deadline_exact'])} "
            f"{_num(f['deadline_right_day'])}   {_num(f['deadline_exact_on_board'])}"
        )
    return "\n".join(lines)


# --- the plain baseline, scored in the same run ---------------------------------------------

_PLAIN_DATE = re.compile(r"(?P<y>20\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_PLAIN_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?!\d)")
_PLAIN_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)
_PLAIN_CALL = re.compile(r"申报|征集|遴选|报名|征求意见")


def plain_baseline(article: Article) -> Enrichment:
    """What a plain reader of notices would do: a call when the title says 申报/征集/报名…,
    the first full date followed by 前 or after 截止 as the deadline, phones and e-mails by one
    regular expression each."""
    text = article.content
    deadline = ""
    for match in _PLAIN_DATE.finditer(text):
        if text.startswith("前", match.end()) or "截止" in text[max(0, match.start() - 6) :
                                                              match.start()]:  # fmt: skip
            y, m, d = (int(match.group(g)) for g in "ymd")
            deadline = f"{y:04d}-{m:02d}-{d:02d}"
            break
    facts = [Fact("deadline", deadline, 0, 0, "")] if deadline else []
    facts += [Fact("stated_deadline", {"at": deadline, "for": ""}, 0, 0, "")] if deadline else []
    facts += [Fact("phone", m.group(), 0, 0, "") for m in _PLAIN_PHONE.finditer(text)]
    facts += [Fact("email", m.group(), 0, 0, "") for m in _PLAIN_EMAIL.finditer(text)]
    kind = "call" if _PLAIN_CALL.search(article.title) else "news"
    return Enrichment(kind=kind, kind_rule="baseline", facts=facts)
