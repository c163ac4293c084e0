"""The shape of a labelled set, checked before scoring it.

A wrong or empty file must not be scored: a set of another kind reads as zero items, and
zero items would score a perfect 1.000. The checks say what is wrong and where.
"""

from __future__ import annotations

from typing import Any


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


def text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
