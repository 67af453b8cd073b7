"""Charts of a whole corpus for the overview, readable at any count: a histogram of one measure
over every unit (how many units fall in each band, the median marked), in the house style of
:mod:`budgetkit.charts` (one width, text no smaller than ``charts.MIN_FONT``, Chinese labels,
bars from zero). Bar charts of groups, rules and classes use ``charts._hbars`` as they are.

A histogram's size does not depend on the number of units: 10 or 10,000, the same bands.
"""

from __future__ import annotations

import math

import matplotlib
from matplotlib.figure import Figure

from . import charts
from .fonts import use_cjk_font

__all__ = ["histogram", "BINS"]

BINS = 12  # bands of a histogram (fewer when there are few units)


def _label(value: float, unit: str, places: int = 0) -> str:
    """A band's edge as the page writes the measure: 76%, 1.25 (万元), 85, +12%."""
    if unit in ("%", "signed"):
        text = f"{value:.{places}f}%"
        return f"+{text}" if unit == "signed" and value > 0.5 else text
    if unit == "wan":
        return f"{value / 1_000_000:,.2f}"
    return f"{value:.{places}f}"


def histogram(values: list[float], title: str, unit: str, median: float | None = None) -> Figure | None:
    """How many units fall in each band of ``values`` (``unit``: "%" a share, "signed" a change in
    per cent, "wan" fen shown in 万元, "score"). Values beyond the 2nd and 98th percentiles are
    counted in the first and last bands (named "≤" and "≥"), so that one outlier does not
    squeeze the rest into a single bar."""
    values = sorted(v for v in values if v is not None and not math.isnan(v))
    if not values:
        return None
    n = len(values)
    low, high = values[int(0.02 * (n - 1))], values[int(math.ceil(0.98 * (n - 1)))]
    if unit in ("%", "score") and values[0] >= 0 and values[-1] <= 100 and n > 20:
        low, high = max(0.0, low), min(100.0, high)
    bins = max(1, min(BINS, n))
    if high <= low:  # every unit the same: one band around it
        low, high, bins = low - 0.5, high + 0.5, 1
    step = (high - low) / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int((v - low) / step)))] += 1
    use_cjk_font()
    height = 2.9
    fig = Figure(figsize=(charts.WIDTH, height), dpi=100)
    charts._title(fig, title, 0)
    note = f"共 {n:,} 份" + (f"，中位数 {_label(median, unit)}" if median is not None else "") + \
        ("（万元）" if unit == "wan" else "")
    fig.text(0.02, 1 - 0.42 / height, note, fontsize=charts.MIN_FONT, color="#666666", va="top", ha="left")
    ax = fig.add_axes([0.1, 0.62 / height, 0.87, (height - 0.7 - 0.62) / height])
    charts._style(ax)
    xs = [low + step * (i + 0.5) for i in range(bins)]
    ax.bar(xs, counts, width=step * 0.9, color=charts.PALETTE[0])
    top = max(counts) or 1
    for x, c in zip(xs, counts):
        if c and bins <= 12:
            ax.text(x, c + top * 0.02, f"{c:,}", ha="center", va="bottom", fontsize=charts.MIN_FONT, color=charts._TEXT)
    ax.set_ylim(0, top * 1.22)
    ax.set_xlim(low, high)
    if median is not None:
        ax.axvline(min(max(median, low), high), color=charts.PALETTE[1], linewidth=1.4)
    edges = [low, low + (high - low) / 2, high]
    places = 0 if unit == "wan" or high - low >= 10 else 1 if high - low >= 1 else 2
    labels = [_label(e, unit, places) for e in edges]
    if values[0] < low:
        labels[0] = "≤" + labels[0]
    if values[-1] > high:
        labels[-1] = "≥" + labels[-1]
    ax.set_xticks(edges, labels, fontsize=charts.MIN_FONT)
    ticks = ax.get_xticklabels()  # the end labels inside the figure, not cut at its edges
    ticks[0].set_horizontalalignment("left")
    ticks[-1].set_horizontalalignment("right")
    ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(3, integer=True))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel("份数", fontsize=charts.MIN_FONT, color=charts._TEXT)
    return fig
