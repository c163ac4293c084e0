"""The shape of a labelled set, checked before scoring it.

A wrong or empty file must not be scored: a set of another kind reads as zero items, and
zero items would score a perfect 1.000. The checks say what is wrong and where.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wxintel.options import InvalidOption, iso_day


class LabelsError(ValueError):
    """A labelled set that cannot be scored; the message names the field and the shape."""


def other_kind(data: Any) -> str:
    """A hint when `data` is a labelled set of the other kind (the usual mix-up)."""
    if isinstance(data, dict) and "queries" in data:
        return " (this looks like search judgments, for `eval search`)"
    if isinstance(data, dict) and ("items" in data or "non_notices_sample" in data):
        return " (this looks like notice labels, for `eval extract`)"
    return ""


def kind_of(value: Any) -> str:
    """A JSON type's name as a user reads it."""
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "missing (or null)"
    return names.get(type(value), "a number" if isinstance(value, int | float) else "a value")


def require(ok: bool, where: str, what: str, value: Any) -> None:
    """Raise LabelsError saying `where` should be `what`, unless `ok`."""
    if not ok:
        raise LabelsError(f"{where} must be {what}, not {kind_of(value)}")


def listed(labels: Any, key: str, shape: str, what: str = "labels") -> list[Any]:
    """The non-empty list of labelled items under `key` of a set, else LabelsError saying what
    is wrong and the `shape` expected (a set of another kind reads as no items, which would
    score a perfect 1.000)."""
    if not isinstance(labels, dict):
        raise LabelsError(f"{what} must be an object, not {kind_of(labels)}; expected {shape}")
    items = labels.get(key)
    require(isinstance(items, list), f'"{key}"', f"a list of labelled {key}", items)
    if not items:
        raise LabelsError(f"no labelled {key}{other_kind(labels)}: nothing to score; {shape}")
    return items


def text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def day(where: str, value: Any) -> date | None:
    """A set's YYYY-MM-DD day (its `as_of`, the day its date words count from), None when it
    names none; else LabelsError at `where`. The options' own rule, so a set is refused as a
    bad `--as-of` is, and never passes here only to fail later in the search or ask."""
    if value is None:
        return None
    require(text(value), where, "a date YYYY-MM-DD", value)
    try:
        return iso_day("as_of", value)
    except InvalidOption as exc:
        raise LabelsError(f"{where} {exc.problem}") from None


def whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
