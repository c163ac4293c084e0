"""The values each enumerated option accepts, one list each, checked alike by CLI, API and pages.

A value outside its list used to filter silently to nothing; checking here once means the
command line, the REST API and the pages refuse the same values with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from wxintel.extract.doctype import KINDS as ARTICLE_KINDS

ENTITY_KINDS = ("org", "person", "district", "industry", "event")
LANGUAGES = ("zh", "en")
SORTS = ("relevance", "date")
CALL_STATUSES = ("open", "closed", "all")

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

__all__ = [
    "ARTICLE_KINDS",
    "CALL_STATUSES",
    "ENTITY_KINDS",
    "LANGUAGES",
    "SORTS",
    "InvalidOption",
    "iso_day",
    "one_of",
]


class InvalidOption(ValueError):
    """A value an option does not take; `name` is the option as the API spells it (`from`)."""

    def __init__(self, name: str, problem: str, zh: str = "") -> None:
        super().__init__(f"{name} {problem}")
        self.name = name
        self.problem = problem
        self.zh = zh  # the problem in Chinese, for the pages (the API and the CLI speak English)

    def for_page(self) -> str:
        """The message in Chinese for a page; the English one when none was given."""
        return f"参数 {self.name} {self.zh}" if self.zh else str(self)

    def for_cli(self) -> str:
        """The message with the option spelled as on the command line (`--from`, `--as-of`)."""
        return f"--{self.name.replace('_', '-')} {self.problem}"


def one_of(name: str, value: str, allowed: Iterable[str]) -> str:
    """`value` if `allowed` holds it, else InvalidOption listing what is allowed."""
    choices = tuple(allowed)
    if value not in choices:
        raise InvalidOption(
            name,
            f"must be one of {', '.join(choices)}, not {value!r}",
            f"只能是 {'、'.join(choices)} 之一，不能是 {value!r}",
        )
    return value


def iso_day(name: str, value: str | None) -> date | None:
    """A YYYY-MM-DD day that exists on the calendar; None for no value (a blank form field)."""
    if not value:
        return None
    problem = f"must be a date YYYY-MM-DD, not {value!r}"
    zh = f"应为 YYYY-MM-DD 格式的日期，不能是 {value!r}"
    if not _ISO_DAY.fullmatch(value):
        raise InvalidOption(name, problem, zh)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidOption(name, problem, zh) from None
