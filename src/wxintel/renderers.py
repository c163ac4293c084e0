"""One registry of output formats per result type: the CLI's `--format` choices, the API's
media types and the error for an unknown format all come from it (see STYLE.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


class UnknownFormat(ValueError):
    """A format no renderer of the registry writes; the message lists the ones that exist."""


@dataclass(frozen=True)
class Renderer(Generic[T]):
    """One output format of a result type."""

    name: str
    media_type: str
    write: Callable[[T], str]
    help: str = ""


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
