"""Charts for reports: matplotlib figures with Chinese labels, one palette, sorted bars with
their values written on them.

Every function returns a ``matplotlib.figure.Figure`` (or ``None`` when there is nothing to
draw); ``png_bytes`` renders one for embedding.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # reports are rendered without a screen

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from . import analysis  # noqa: E402
from .fonts import use_cjk_font  # noqa: E402
from .model import Disclosure  # noqa: E402
from .money import format_wan  # noqa: E402

__all__ = ["PALETTE", "structure_chart", "function_chart", "economic_chart", "projects_chart", "yoy_chart",
           "shares_chart", "panel_chart", "png_bytes"]

#: one palette for every chart: blue (basic / this year), orange (project), then greys and teals
PALETTE = ["#2F6DB5", "#E8833A", "#6BAF92", "#9A8FC7", "#C9A227", "#8C8C8C"]
_TEXT = "#333333"


def _figure(height: float, width: float = 8.0, labels: list[str] | None = None) -> tuple[Figure, plt.Axes]:
    """A figure in the house style. With ``labels`` (the y tick labels, at 9 pt) its margins are
    set from their width, which is much faster than the constrained-layout solver and as safe:
    a CJK character is one em wide, anything else at most 0.6 em."""
    use_cjk_font()
    if labels is None:
        fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    else:
        fig = Figure(figsize=(width, height), dpi=110)
        em = 9 / 72  # inches
        widest = max((max(sum(1.0 if ord(c) > 0x2E80 else 0.6 for c in line) for line in str(t).split("\n"))
                      for t in labels), default=0)
        left = min(0.6, (widest * em + 0.25) / width)
        fig.subplots_adjust(left=left, right=0.98, top=1 - 0.42 / height, bottom=0.5 / height)
    ax = fig.subplots()
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=_TEXT, labelsize=9)
    return fig, ax


def _wrap(text: str, width: int = 18) -> str:
    text = str(text)
    return "\n".join(textwrap.wrap(text, width)) if len(text) > width else text


def structure_chart(d: Disclosure) -> Figure | None:
    """Two 100% bars: basic vs project (and reserve), personnel vs operating."""
    s = analysis.structure(d)
    rows = []
    if s["basic"] is not None and s["project"] is not None:
        parts = [("基本支出", s["basic"], s["basic_share"]), ("项目支出", s["project"], s["project_share"])]
        if s["reserve"]:
            parts.append(("单位预留机动经费", s["reserve"], s["reserve_share"]))
        rows.append(("全部支出", parts))
    if s["personnel"] is not None and s["operating"] is not None:
        rows.append(("基本支出构成", [("人员经费", s["personnel"], s["personnel_share"]),
                                  ("公用经费", s["operating"], s["operating_share"])]))
    if not rows:
        return None
    fig, ax = _figure(1.1 + 0.9 * len(rows))
    for y, (label, parts) in enumerate(reversed(rows)):
        left = 0.0
        whole = sum(v for _, v, _ in parts) or 1
        for i, (name, fen, pct) in enumerate(parts):
            width = fen / whole * 100
            colour = PALETTE[i if label == "全部支出" else i + 2]
            ax.barh(y, width, left=left, color=colour, height=0.6, edgecolor="white")
            text = f"{name}\n{format_wan(fen)}万元 · {pct}%"
            if width >= 30:
                ax.text(left + width / 2, y, text, ha="center", va="center", color="white", fontsize=9)
            elif width >= 12:  # a narrow segment: its name and share, the amount is in the sentence
                ax.text(left + width / 2, y, f"{_wrap(name, 4)}\n{pct}%", ha="center", va="center",
                        color="white", fontsize=8)
            else:  # too narrow to hold its label: write it above the bar's end
                ax.annotate(text, (left + width, y + 0.3), xytext=(0, 4), textcoords="offset points",
                            ha="right", va="bottom", fontsize=8, color=_TEXT)
            left += width
    ax.set_yticks(range(len(rows)), [r[0] for r in reversed(rows)], fontsize=10)
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.5, len(rows) - 0.2)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter())
    ax.set_title("支出结构", fontsize=12, color=_TEXT, loc="left")
    return fig


def _bars(frame: pd.DataFrame, label_col: str, value_col: str, title: str, colour: str, limit: int = 15) -> Figure | None:
    """Horizontal bars, largest on top, each labelled with 万元 and its share."""
    frame = frame.dropna(subset=[value_col])
    frame = frame[frame[value_col] != 0].sort_values(value_col, ascending=False)
    if frame.empty:
        return None
    hidden = len(frame) - limit
    frame = frame.head(limit).iloc[::-1]
    labels = [_wrap(x) for x in frame[label_col]]
    fig, ax = _figure(1.0 + 0.42 * len(frame), labels=labels)
    values = [v / 1_000_000 for v in frame[value_col]]  # 万元
    ax.barh(range(len(frame)), values, color=colour, height=0.65)
    ax.set_yticks(range(len(frame)), labels, fontsize=9)
    top = max(values)
    for y, (v, fen, pct) in enumerate(zip(values, frame[value_col], frame.get("share", [None] * len(frame)))):
        text = f"{format_wan(fen)}" + (f"（{pct}%）" if pct is not None else "")
        ax.text(v + top * 0.01, y, text, va="center", ha="left", fontsize=8, color=_TEXT)
    ax.set_xlim(0, top * 1.32)
    ax.set_xlabel("万元", fontsize=9, color=_TEXT)
    suffix = f"（另有{hidden}项未列出）" if hidden > 0 else ""
    ax.set_title(title + suffix, fontsize=12, color=_TEXT, loc="left")
    return fig


def _code_bars(f: pd.DataFrame, title: str, colour: str) -> Figure | None:
    """Bars of a breakdown by classification code, labelled "208 社会保障和就业支出"."""
    if f.empty:
        return None
    f = f.assign(label=[f"{c} {n}" for c, n in zip(f["code"], f["name"])])
    return _bars(f, "label", "total", title, colour)


def function_chart(d: Disclosure, level: str = "类") -> Figure | None:
    return _code_bars(analysis.by_function(d, level), f"按功能分类（{level}）", PALETTE[0])


def economic_chart(d: Disclosure, level: str = "类") -> Figure | None:
    return _code_bars(analysis.by_economic_class(d, level), f"按部门经济分类（{level}）", PALETTE[2])


def projects_chart(d: Disclosure) -> Figure | None:
    f = analysis.projects(d)
    if f.empty:
        return None
    return _bars(f, "name", "total", "项目支出", PALETTE[1])


def yoy_chart(d: Disclosure) -> Figure | None:
    """Last year against this year for every item the narrative compares."""
    f = analysis.year_on_year(d).dropna(subset=["now", "prev"])
    if f.empty:
        return None
    fig, ax = _figure(1.0 + 0.7 * len(f), labels=list(f["item"]))
    ys = range(len(f))[::-1]
    h = 0.36
    prev = [v / 1_000_000 for v in f["prev"]]
    now = [v / 1_000_000 for v in f["now"]]
    ax.barh([y + h / 2 for y in ys], prev, height=h, color=PALETTE[5], label=f"{(d.year or 0) - 1 or '上'}年")
    ax.barh([y - h / 2 for y in ys], now, height=h, color=PALETTE[0], label=f"{d.year or '本'}年")
    top = max(prev + now)
    for y, p, n, pct in zip(ys, f["prev"], f["now"], f["change_pct"]):
        ax.text(p / 1_000_000 + top * 0.01, y + h / 2, format_wan(p), va="center", fontsize=8, color=_TEXT)
        sign = "+" if pct is not None and pct >= 0 else ""
        ax.text(n / 1_000_000 + top * 0.01, y - h / 2, f"{format_wan(n)}（{sign}{pct}%）", va="center", fontsize=8, color=_TEXT)
    ax.set_yticks(list(ys), list(f["item"]), fontsize=10)
    ax.set_xlim(0, top * 1.35)
    ax.set_xlabel("万元", fontsize=9, color=_TEXT)
    ax.legend(loc="lower right", fontsize=9, frameon=False)
    ax.set_title("与上年比较", fontsize=12, color=_TEXT, loc="left")
    return fig


def png_bytes(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as a palette PNG (a few dozen colours suffice): a third of the RGBA size."""
    from PIL import Image

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(dpi)
    fig.set_facecolor("white")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba, size = canvas.print_to_buffer()  # straight from the canvas: no PNG to encode and decode again
    image = Image.frombuffer("RGBA", size, rgba, "raw", "RGBA", 0, 1).convert("RGB")
    image = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def shares_chart(units: pd.DataFrame) -> Figure | None:
    """Each unit-year as a 100% bar: basic, project (and Jiangsu's reserve)."""
    if units.empty:
        return None
    u = units.dropna(subset=["basic_share", "project_share"])
    if u.empty:
        return None
    fig, ax = _figure(0.9 + 0.36 * len(u), width=9)
    labels = [f"{_wrap(n, 16)} {y}" for n, y in zip(u["unit"], u["year"])]
    ys = range(len(u))[::-1]
    left = [0.0] * len(u)
    for i, (col, name) in enumerate((("basic_share", "基本支出"), ("project_share", "项目支出"), ("reserve_share", "预留机动"))):
        values = [float(v) if v is not None and not pd.isna(v) else 0.0 for v in u[col]]
        ax.barh(list(ys), values, left=left, color=PALETTE[i], height=0.6, label=name)
        for y, l, v in zip(ys, left, values):
            if v >= 9:
                ax.text(l + v / 2, y, f"{v:.0f}%", ha="center", va="center", color="white", fontsize=7)
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(list(ys), labels, fontsize=8)
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter())
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3, fontsize=8, frameon=False)
    ax.set_title("各单位支出结构", fontsize=12, color=_TEXT, loc="left")
    return fig


def panel_chart(panel: pd.DataFrame) -> Figure | None:
    """Spending of the same units year by year, one line each."""
    if panel.empty:
        return None
    fig, ax = _figure(3.6, width=9)
    for i, (key, g) in enumerate(panel.groupby("key", sort=False)):
        ax.plot(g["year"], [v / 1_000_000 for v in g["total"]], marker="o", color=PALETTE[i % len(PALETTE)],
                label=g["unit"].iloc[-1])
        last = g.iloc[-1]
        ax.annotate(format_wan(last["total"]), (last["year"], last["total"] / 1_000_000), xytext=(4, 0),
                    textcoords="offset points", fontsize=7, va="center", color=_TEXT)
    ax.set_xticks(sorted(panel["year"].unique()))
    ax.set_ylabel("万元", fontsize=9, color=_TEXT)
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    ax.set_title("同一单位逐年支出合计", fontsize=12, color=_TEXT, loc="left")
    return fig
