"""One registry of output formats per result type: the CLI's `--format` choices, the API's
media types and the error for an unknown format all come from it (see STYLE.md)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# Excel reads a CSV without a byte-order mark in the local code page (GBK on a Chinese
# Windows), so every CSV wxintel writes starts with one.
CSV_BOM = "\ufeff"
# A spreadsheet runs a cell starting with these as a formula (CSV injection: =HYPERLINK(…),
# +cmd|…); a tab or carriage return first is read past by some, so they count too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class UnknownFormat(ValueError):
    """A format no renderer of the registry writes; the message lists the ones that exist."""


@dataclass(frozen=True)
class Renderer(Generic[T]):
    """One output format of a result type."""

    name: str
    media_type: str
    write: Callable[[T], str]
    help: str = ""
    # The same output in pieces, for results too large to hold (a whole archive's export).
    stream: Callable[[T], Iterable[str]] | None = None

    def chunks(self, result: T) -> Iterator[str]:
        """The output piece by piece (one piece when the format has no stream)."""
        if self.stream is None:
            yield self.write(result)
        else:
            yield from self.stream(result)


class Registry(Generic[T]):
    """The formats of one result type (`what`, e.g. "brief"), the first being the default."""

    def __init__(self, what: str, renderers: Sequence[Renderer[T]]) -> None:
        self.what = what
        self._by_name = {r.name: r for r in renderers}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    @property
    def default(self) -> str:
        return self.names[0]

    def media_types(self) -> dict[str, str]:
        return {name: r.media_type for name, r in self._by_name.items()}

    def get(self, name: str) -> Renderer[T]:
        found = self._by_name.get(name)
        if found is None:
            raise UnknownFormat(
                f"unknown {self.what} format {name!r}; use one of {', '.join(self.names)}"
            )
        return found

    def render(self, result: T, name: str) -> str:
        return self.get(name).write(result)

    def describe(self) -> str:
        """The formats for a help text: "md (default), html, json"."""
        return ", ".join(f"{n} (default)" if n == self.default else n for n in self.names)


def spreadsheet_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made plain text by a leading quote;
    other values unchanged. Every CSV renderer writes its cells through this."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def markdown_text(text: str) -> str:
    """Text on one line with Markdown's markup characters escaped (titles, names, quotes)."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", " ".join(text.split()))
