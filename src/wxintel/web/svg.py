"""Charts drawn on the server as inline SVG: no chart library, nothing fetched by the browser."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

PALETTE = ("#2f6fb0", "#d9822b", "#3a9a5b", "#b8465a", "#7a5cb0", "#8a7a3a", "#3a8f9a", "#888888")
FONT = "font-family=\"'Noto Sans CJK SC','Noto Sans SC',sans-serif\" font-size=\"11\""


def _frame(width: int, height: int, title: str, body: list[str]) -> str:
    label = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{label}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{label}</title>{''.join(body)}</svg>"
    )


def _axis(width: int, height: int, top: int, bottom: int, left: int, peak: int) -> list[str]:
    """A baseline and a labelled maximum, enough to read the scale."""
    base = height - bottom
    return [
        f'<line x1="{left}" y1="{base}" x2="{width - 4}" y2="{base}" stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{width - 4}" y2="{top}" stroke="#e3e3e3"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" {FONT}>{peak}</text>',
        f'<text x="{left - 4}" y="{base}" text-anchor="end" {FONT}>0</text>',
    ]


def bar_chart(
    series: Sequence[tuple[str, int]], title: str, width: int = 640, height: int = 180
) -> str:
    """One bar per period (e.g. mentions per month), labelled below, count above."""
    top, bottom, left = 16, 28, 32
    if not series:
        return _frame(width, 40, title, [f'<text x="8" y="24" {FONT}>无数据 (no data)</text>'])
    peak = max(max(n for _, n in series), 1)
    slot = (width - left - 8) / len(series)
    bar = max(min(slot * 0.7, 48), 2)
    span = height - top - bottom
    body = _axis(width, height, top, bottom, left, peak)
    every = max(1, round(len(series) / 12))
    for i, (label, n) in enumerate(series):
        h = span * n / peak
        x = left + i * slot + (slot - bar) / 2
        y = height - bottom - h
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{PALETTE[0]}">'
            f"<title>{escape(label)}: {n}</title></rect>"
        )
        if n:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                f"{FONT}>{n}</text>"
            )
        if i % every == 0:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" '
                f"{FONT}>{escape(label)}</text>"
            )
    return _frame(width, height, title, body)


def stacked_bars(
    table: Mapping[str, Mapping[str, int]],
    title: str,
    width: int = 720,
    height: int = 220,
    max_series: int = len(PALETTE),
    axis_label: Callable[[str], str] = str,
    full_label: Callable[[str], str] = str,
) -> str:
    """Bars per period split by series (account or kind), the biggest series first, with a legend.

    Series beyond the palette are pooled into "其他" so colours stay distinguishable. Periods
    sort by their keys and are shown as `axis_label` (under the bars) and `full_label` (a bar's
    tooltip) make them.
    """
    periods = sorted(table)
    names, totals = _series(table, max_series)
    rows = [_pooled(table[p], names) for p in periods]
    legend_rows = (len(names) + 3) // 4
    top, bottom, left = 16, 28 + 16 * legend_rows, 32
    if not periods:
        return _frame(width, 40, title, [f'<text x="8" y="24" {FONT}>无数据 (no data)</text>'])
    peak = max(max(sum(r.values()) for r in rows), 1)
    slot = (width - left - 8) / len(periods)
    bar = max(min(slot * 0.7, 40), 2)
    span = height - top - bottom
    body = _axis(width, height, top, bottom, left, peak)
    every = max(1, round(len(periods) / 10))
    for i, (period, row) in enumerate(zip(periods, rows, strict=True)):
        full = escape(full_label(period))
        x = left + i * slot + (slot - bar) / 2
        y = height - bottom
        for j, name in enumerate(names):
            n = row.get(name, 0)
            if not n:
                continue
            h = span * n / peak
            y -= h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[j % len(PALETTE)]}"><title>{full} {escape(name)}: {n}'
                "</title></rect>"
            )
        if i % every == 0:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 14}" text-anchor="middle" '
                f"{FONT}>{escape(axis_label(period))}</text>"
            )
    for j, name in enumerate(names):
        lx = left + (j % 4) * ((width - left) / 4)
        ly = height - 16 * legend_rows + 16 * (j // 4) - 2
        body.append(
            f'<rect x="{lx:.1f}" y="{ly - 9}" width="10" height="10" '
            f'fill="{PALETTE[j % len(PALETTE)]}"/>'
            f'<text x="{lx + 14:.1f}" y="{ly}" {FONT}>{escape(name)} ({totals[name]})</text>'
        )
    return _frame(width, height, title, body)


OTHER = "其他"


def _series(table: Mapping[str, Mapping[str, int]], limit: int) -> tuple[list[str], dict[str, int]]:
    """Series names, biggest first, the tail beyond `limit` pooled as 其他; and their totals."""
    totals: dict[str, int] = {}
    for counts in table.values():
        for name, n in counts.items():
            totals[name] = totals.get(name, 0) + n
    ranked = sorted(totals, key=lambda s: (-totals[s], s))
    if len(ranked) <= limit:
        return ranked, totals
    shown = ranked[: limit - 1]
    totals[OTHER] = sum(totals[s] for s in ranked[limit - 1 :])
    return [*shown, OTHER], totals


def _pooled(counts: Mapping[str, int], names: list[str]) -> dict[str, int]:
    row = {name: counts.get(name, 0) for name in names if name != OTHER}
    if OTHER in names:
        row[OTHER] = sum(n for name, n in counts.items() if name not in row)
    return row
