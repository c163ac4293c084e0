"""中小企业 / 小微企业 status by the national thresholds (工信部联企业〔2011〕300号).

A firm falls in the highest class whose every lower bound it meets (第六条). An unknown figure
leaves a range of classes: the status is decided only when every class in the range agrees.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from wxintel.nlp.lexicon import data_text

CLASSES = ("micro", "small", "medium", "large")  # smallest first
OTHER_INDUSTRY = "其他未列明行业"


@cache
def size_table() -> dict[str, Any]:
    return json.loads(data_text("sme_sizes.json"))


def sme_industry(sectors: set[str]) -> str:
    """The 300号 industry class of a firm's sectors (其他未列明行业 when none is listed)."""
    for name in size_table()["industries"]:
        if name in sectors:
            return name
    return OTHER_INDUSTRY


def size_range(industry: str, figures: dict[str, float | None]) -> tuple[str, str, list[str]]:
    """(smallest possible class, largest possible class, figures that are unknown)."""
    bounds = size_table()["industries"][industry]
    missing = [metric for metric in bounds if figures.get(metric) is None]
    low = _size_class(bounds, figures, unknown_as=0.0)
    high = _size_class(bounds, figures, unknown_as=float("inf"))
    return low, high, missing


def _size_class(
    bounds: dict[str, dict[str, float]], figures: dict[str, float | None], unknown_as: float
) -> str:
    for size in ("large", "medium", "small"):
        if all(
            (figures.get(metric) if figures.get(metric) is not None else unknown_as) >= limits[size]
            for metric, limits in bounds.items()
        ):
            return size
    return "micro"


def classes_between(low: str, high: str) -> list[str]:
    return list(CLASSES[CLASSES.index(low) : CLASSES.index(high) + 1])
