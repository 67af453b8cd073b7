"""Charts for reports: matplotlib figures with Chinese labels, one palette, and rules that keep
them honest and legible on a phone.

* One quantity per axis: amounts (万元) or percentages, never both; a year-on-year chart shows
  the change in per cent, the amounts stay in the table beside it.
* Bars start at zero; a series over years has a bar for each year that exists and nothing in
  between (no empty stretch, no axis starting near the smallest value).
* Labels sit above their bars, not beside the axis, so a chart is narrow: every figure is
  ``WIDTH`` inches wide and shown at most ``WIDTH × 100`` CSS pixels wide, its smallest text
  ``MIN_FONT`` points. On a 390 px phone that text is still about 10 px high.
* Legends sit above the plot, never on the data.

Every function returns a ``matplotlib.figure.Figure`` (or ``None`` when there is nothing to
draw); :func:`image` gives a page its chart as inline SVG with its display size, :func:`png_bytes`
renders one as a picture.

Pages show charts as SVG, not PNG: their text stays text, drawn by the browser in the page's
own embedded font (the same Noto Sans CJK SC face matplotlib measured it with), so it is sharp at
any zoom, can be selected and found with the browser's search, and costs a quarter of the CPU
(no rasterising, palette reduction and PNG encoding) and a third of the bytes.
"""

from __future__ import annotations

import hashlib
import io
import re

import matplotlib

matplotlib.use("Agg")  # reports are rendered without a screen

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from . import analysis  # noqa: E402
from .fonts import use_cjk_font  # noqa: E402
from .model import Disclosure  # noqa: E402
from .present import signed_pct, wan  # noqa: E402

__all__ = ["PALETTE", "WIDTH", "MIN_FONT", "CSS_PX_PER_INCH", "structure_chart", "function_chart", "economic_chart",
           "projects_chart", "yoy_chart", "shares_chart", "panel_chart", "png_bytes", "svg_markup", "image",
           "smallest_font", "warm"]

#: one palette for every chart: blue (basic / this year), orange (project), then greys and teals
PALETTE = ["#2F6DB5", "#E8833A", "#6BAF92", "#9A8FC7", "#C9A227", "#8C8C8C"]
_TEXT = "#333333"
WIDTH = 5.0  # inches: every chart
CSS_PX_PER_INCH = 100  # a chart is shown at most this many CSS pixels per inch of figure
MIN_FONT = 10  # points: the smallest text on any chart
_TITLE, _LABEL, _VALUE = 13, 11, MIN_FONT
_LINE = 0.22  # inches: one line of label text
_CJK_CHARS = 28  # a label line: this many CJK characters at _LABEL points fit in WIDTH


def _figure(height: float, width: float = WIDTH, labels: list[str] | None = None) -> tuple[Figure, plt.Axes]:
    """A figure in the house style (``labels`` is accepted for older callers and ignored: labels
    now sit above the bars)."""
    use_cjk_font()
    fig = Figure(figsize=(width, height), dpi=100)
    # a plain axes where a subplot's would be (every chart then places it, _place): a third
    # quicker to make than through a grid of one subplot, and drawn the same
    ax = fig.add_axes(_SUBPLOT)
    _style(ax)
    return fig, ax


# where matplotlib puts one subplot: left 0.125, bottom 0.11, right 0.9, top 0.88 of the figure
_SUBPLOT = (0.125, 0.11, 0.9 - 0.125, 0.88 - 0.11)


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=_TEXT, labelsize=_VALUE)


def _ems(c: str) -> float:
    return 1.0 if ord(c) > 0x2E80 else 0.58


def _wrap(text: str, width: float = _CJK_CHARS) -> str:
    """Lines of at most ``width`` ems (a CJK character is one em, a digit or letter about 0.6),
    never broken inside a run of digits or letters."""
    text = str(text).strip()
    tokens = re.findall(r"[0-9A-Za-z.,%()（）-]+|\s+|.", text)
    lines, line, used = [], "", 0.0
    for tok in tokens:
        w = sum(_ems(c) for c in tok)
        if used + w > width and line.strip():
            lines.append(line.rstrip())
            line, used = ("" if tok.isspace() else tok), (0.0 if tok.isspace() else w)
        else:
            line, used = line + tok, used + w
    lines.append(line.rstrip())
    return "\n".join(lines)


def _lines(text: str) -> int:
    return text.count("\n") + 1


def _title(fig: Figure, text: str, top_in: float) -> None:
    fig.text(0.02, 1 - 0.12 / fig.get_figheight(), text, fontsize=_TITLE, color=_TEXT, va="top", ha="left")


def _place(fig: Figure, ax, top_in: float, bottom_in: float, left: float = 0.03, right: float = 0.97) -> None:
    """The axes between ``top_in`` inches from the top and ``bottom_in`` from the bottom."""
    h = fig.get_figheight()
    ax.set_position([left, bottom_in / h, right - left, max(0.05, (h - top_in - bottom_in) / h)])


_warmed: list = []  # whether this process has drawn its warm-up chart (a forked child inherits it)


def warm() -> None:
    """Draw one small chart to SVG, once per process: the CJK font loaded and matplotlib's
    caches filled before the first report, not during it. A process forked after it (a render
    worker's kernel) has them, and draws nothing."""
    if not _warmed:
        figure, axes = _figure(1.0)
        axes.set_title("预算")
        svg_markup(figure)
        _warmed.append(True)


# -- one unit ------------------------------------------------------------------------------------

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
    rows = [(label, parts) for label, parts in rows if sum(v for _, v, _ in parts) > 0]
    if not rows:
        return None
    # in inches, top down: the row's name, the bar, one line per part with its amount
    laid = []
    for label, parts in rows:
        widths, shown = _widths(parts), list(parts)
        if 100 - sum(widths) >= 0.5:  # the parts do not make up the whole: say so, in grey, rather than stretch them
            shown.append(("未分到以上各项", None, None))
            widths.append(100 - sum(widths))
        laid.append((label, shown, widths))
    slots = [0.3 + 0.36 + 0.08 + 0.25 * len(shown) + 0.2 for _, shown, _ in laid]
    top = 0.5
    height = top + sum(slots)
    fig, ax = _figure(height)
    _title(fig, "支出结构", 0)
    _place(fig, ax, top, 0.0)
    ax.axis("off")
    ax.set_xlim(0, 100)
    y = 0.0
    bars: list[tuple] = []  # (y, width, left, colour): drawn in one call below, under the text
    for (label, shown, widths), slot in zip(laid, slots):
        ax.text(0, y, label, fontsize=_LABEL, color=_TEXT, va="top", ha="left")
        bar_y = y + 0.3 + 0.18
        left = 0.0
        for i, ((name, fen, pct), width) in enumerate(zip(shown, widths)):
            colour = "#D5D8DC" if fen is None else PALETTE[i if label == "全部支出" else i + 2]
            bars.append((bar_y, width, left, colour))
            if width >= 30 and fen is not None:
                ax.text(left + 1.5, bar_y, f"{name} {pct}%", ha="left", va="center", color="white", fontsize=_VALUE)
            line_y = y + 0.3 + 0.36 + 0.08 + 0.25 * i
            ax.text(0, line_y, "■", fontsize=_VALUE, color=colour, va="top", ha="left")
            text = f"{name} {wan(fen)}万元，占{pct}%" if fen is not None else f"{name}，{width:.2f}%"
            ax.text(4, line_y, text, fontsize=_VALUE, color=_TEXT, va="top", ha="left")
            left += width
        y += slot
    ys, widths, lefts, colours = zip(*bars)
    ax.barh(ys, widths, left=lefts, color=colours, height=0.36, edgecolor="white")
    ax.set_ylim(y, 0)
    return fig


def _widths(parts: list[tuple]) -> list[float]:
    """Each part's width in per cent of the whole: its stated share when the shares are known
    and fit in the whole, else its part of the parts' sum."""
    shares = [p for _, _, p in parts]
    if all(p is not None for p in shares) and float(sum(shares)) <= 100.5:
        return [float(p) for p in shares]
    whole = sum(v for _, v, _ in parts) or 1
    return [v / whole * 100 for _, v, _ in parts]


def _hbars(items: list[tuple[str, float, str]], title: str, colour: str, note: str = "",
           unit: str = "万元", signed: bool = False) -> Figure:
    """Horizontal bars from zero, each with its label above it and its value at its end."""
    labels = [_wrap(label) for label, _, _ in items]
    slots = [_LINE * _lines(label) + 0.4 for label in labels]  # inches: label line(s), bar, gap
    top, bottom = 0.5 + (0.25 if note else 0), 0.35
    height = top + sum(slots) + bottom
    fig, ax = _figure(height)
    _title(fig, title, 0)
    if note:
        fig.text(0.02, 1 - 0.45 / height, note, fontsize=_VALUE, color="#666666", va="top", ha="left")
    _place(fig, ax, top, bottom)
    values = [v for _, v, _ in items]
    low, high = min(0.0, *values), max(0.0, *values)
    span = (high - low) or 1.0
    pad = 0.42 * span  # room for the value text at the bars' ends
    ax.set_xlim(low - (pad if low < 0 else 0), high + (pad if high > 0 else 0))
    y = 0.0
    ys = []
    gap = 0.012 * span
    for (label, value, text), lab, slot in zip(items, labels, slots):
        label_h = _LINE * _lines(lab)
        ax.text(gap if value >= 0 else -gap, y, lab, fontsize=_LABEL, color=_TEXT, va="top",
                ha="left" if value >= 0 else "right")
        bar_y = y + label_h + 0.16
        ax.text(value + (gap if value >= 0 else -gap), bar_y, text, va="center", ha="left" if value >= 0 else "right",
                fontsize=_VALUE, color=_TEXT)
        ys.append(bar_y)
        y += slot
    # every bar in one call (a call per bar cost 1-2 ms each); bars are drawn under the text either way
    ax.barh(ys, values, height=0.26, color=[colour if v >= 0 else PALETTE[1] for v in values])
    ax.set_ylim(y, 0)
    ax.axvline(0, color="#999999", linewidth=0.8)
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_yticks([])
    ax.tick_params(axis="x", labelsize=_VALUE)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4))
    if unit == "%":
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
            lambda v, _: (f"+{v:.0f}%" if v > 0 else f"-{-v:.0f}%") if round(v) else "0"))
    else:
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    return fig


def _bars(frame: pd.DataFrame, label_col: str, value_col: str, title: str, colour: str, limit: int = 15) -> Figure | None:
    """The largest items on top, each labelled with 万元 and its share."""
    frame = frame.dropna(subset=[value_col])
    frame = frame[frame[value_col] != 0].sort_values(value_col, ascending=False)
    if frame.empty:
        return None
    hidden = len(frame) - limit
    frame = frame.head(limit)
    shares = frame["share"] if "share" in frame else [None] * len(frame)
    items = [(str(label), int(fen) / 1_000_000, wan(fen) + (f"（{pct}%）" if pct is not None and not pd.isna(pct) else ""))
             for label, fen, pct in zip(frame[label_col], frame[value_col], shares)]
    titled = f"{title[:-1]}，万元）" if title.endswith("）") else f"{title}（万元）"
    return _hbars(items, titled, colour, note=f"最大的{limit}项，另有{hidden}项未列出" if hidden > 0 else "")


def _code_bars(f: pd.DataFrame, title: str, colour: str) -> Figure | None:
    """Bars of a breakdown by classification code, labelled "208 社会保障和就业支出"."""
    if f.empty:
        return None
    f = f.assign(label=[f"{c} {n}" for c, n in zip(f["code"], f["name"])])
    return _bars(f, "label", "total", title, colour)


def function_chart(d: Disclosure, level: str = "类", frame: pd.DataFrame | None = None) -> Figure | None:
    """Bars by functional class. (``frame``, here and in the two charts below: the analysis of
    ``d`` the chart draws, when the report block has it already for its table, 4 ms a call.)"""
    f = analysis.by_function(d, level) if frame is None else frame
    return _code_bars(f, f"按功能分类（{level}）", PALETTE[0])


def economic_chart(d: Disclosure, level: str = "类", frame: pd.DataFrame | None = None) -> Figure | None:
    f = analysis.by_economic_class(d, level) if frame is None else frame
    return _code_bars(f, f"按部门经济分类（{level}）", PALETTE[2])


def projects_chart(d: Disclosure, frame: pd.DataFrame | None = None) -> Figure | None:
    f = analysis.projects(d) if frame is None else frame
    if f.empty:
        return None
    return _bars(f, "name", "total", "项目支出", PALETTE[1])


def yoy_chart(d: Disclosure, previous: Disclosure | None = None) -> Figure | None:
    """The change on last year, in per cent, for every item compared (the amounts are in the
    table beside it: an axis carries one quantity)."""
    f = analysis.year_on_year(d, previous).dropna(subset=["change_pct"])
    if f.empty:
        return None
    items = [(str(item), float(pct), signed_pct(pct)) for item, pct in zip(f["item"], f["change_pct"])]
    prev = f"{d.year - 1}年" if d.year else "上年"
    return _hbars(items, f"比{prev}增减（%）", PALETTE[0], unit="%", signed=True)


# -- the corpus ----------------------------------------------------------------------------------

def shares_chart(units: pd.DataFrame) -> Figure | None:
    """Each unit-year as a 100% bar: basic, project (and Jiangsu's reserve)."""
    if units.empty:
        return None
    u = units.dropna(subset=["basic_share", "project_share"])
    if u.empty:
        return None
    parts = (("basic_share", "基本支出"), ("project_share", "项目支出"), ("reserve_share", "预留机动"))
    labels = [_wrap(f"{n} {y}年{k if isinstance(k, str) else ''}") for n, y, k in
              zip(u["unit"], u["year"], u["kind"] if "kind" in u else [""] * len(u))]
    slots = [0.24 * _lines(label) + 0.32 for label in labels]
    top, bottom = 0.85, 0.35
    height = top + sum(slots) + bottom
    fig, ax = _figure(height)
    _title(fig, "各单位支出结构", 0)
    _place(fig, ax, top, bottom)
    handles = []
    y = 0.0
    for label, slot, (_, row) in zip(labels, slots, u.iterrows()):
        ax.text(0, y + 0.02, label, fontsize=_LABEL, color=_TEXT, va="top", ha="left")
        bar_y = y + 0.24 * _lines(label) + 0.14
        left = 0.0
        for i, (col, name) in enumerate(parts):
            v = row.get(col)
            v = float(v) if v is not None and not pd.isna(v) else 0.0
            bar = ax.barh(bar_y, v, left=left, color=PALETTE[i], height=0.24, label=name)
            if len(handles) < len(parts) and i == len(handles):
                handles.append(bar)
            if v >= 12:
                ax.text(left + v / 2, bar_y, f"{v:.0f}%", ha="center", va="center", color="white", fontsize=_VALUE)
            left += v
        y += slot
    ax.set_ylim(y, 0)
    ax.set_xlim(0, 100)
    ax.set_yticks([])
    for side in ("left", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter())
    ax.tick_params(axis="x", labelsize=_VALUE)
    fig.legend(handles, [name for _, name in parts[:len(handles)]], loc="upper left", ncol=3, frameon=False,
               fontsize=_VALUE, bbox_to_anchor=(0.01, 1 - 0.4 / height), handlelength=1.2, columnspacing=1.2)
    return fig


def panel_chart(panel: pd.DataFrame) -> Figure | None:
    """Spending of the same units year by year: one small chart per unit, a bar from zero for
    each year that unit published (no empty years, no truncated axis), one scale for all."""
    if panel.empty:
        return None
    top_v = max(v / 1_000_000 for v in panel["total"].dropna()) or 1.0
    groups = [(key, g.sort_values("year")) for key, g in panel.groupby("key", sort=False)]
    row_h = 0.36
    heights = [0.34 * _lines(_wrap(g["unit"].iloc[-1])) + row_h * len(g) + 0.15 for _, g in groups]
    top, bottom = 0.5, 0.15
    height = top + sum(heights) + bottom
    use_cjk_font()
    fig = Figure(figsize=(WIDTH, height), dpi=100)
    _title(fig, "同一单位逐年支出合计（万元，各单位同一比例）", 0)
    y_top = top
    for (key, g), h in zip(groups, heights):
        name = _wrap(g["unit"].iloc[-1])
        name_h = 0.34 * _lines(name)
        fig.text(0.03, 1 - (y_top + 0.04) / height, name, fontsize=_LABEL, color=_TEXT, va="top", ha="left")
        ax = fig.add_axes([0.16, 1 - (y_top + name_h + row_h * len(g)) / height, 0.81, row_h * len(g) / height])
        _style(ax)
        values = [v / 1_000_000 for v in g["total"]]
        ys = list(range(len(g)))
        ax.barh(ys, values, height=0.6, color=PALETTE[0])
        for yy, v, fen in zip(ys, values, g["total"]):
            ax.text(v + top_v * 0.01, yy, wan(fen), va="center", ha="left", fontsize=_VALUE, color=_TEXT)
        ax.set_xlim(0, top_v * 1.4)
        ax.set_ylim(len(g) - 0.5, -0.5)
        ax.set_yticks(ys, [f"{int(y)}年" for y in g["year"]], fontsize=_VALUE)
        ax.set_xticks([])
        for side in ("top", "right", "bottom"):
            ax.spines[side].set_visible(False)
        y_top += h
    return fig


# -- output --------------------------------------------------------------------------------------

def smallest_font(fig: Figure) -> float:
    """The smallest font size (points) of any visible text in the figure."""
    sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes) if sizes else 0.0


def png_bytes(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as a palette PNG (a few dozen colours suffice): a third of the RGBA size.
    Drawn at 1.5 × its display size, so that its text stays sharp on a phone's screen."""
    from PIL import Image

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(dpi)
    fig.set_facecolor("white")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    # straight from the canvas: no PNG to encode and decode again, and not print_to_buffer(),
    # which draws the whole figure a second time (a third of a chart's CPU)
    renderer = canvas.get_renderer()
    size = (int(renderer.width), int(renderer.height))
    image = Image.frombuffer("RGBA", size, renderer.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    image = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


# matplotlib's SVG with text as <text> (in the page's font), no creator or date in it, and the
# ids it hashes from the content salted alike on every run: the same chart is the same bytes
_SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "budgetkit"}
_NO_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}
_TAG = re.compile(r"<[^<>]+>")
_ID = re.compile(r'\sid="([^"]+)"')
_REFERENCE = re.compile(r'url\(#([^)]+)\)|href="#([^"]+)"')
_STROKE = "stroke-linejoin:round;stroke-linecap:butt"
_STROKE_STYLE = re.compile(r'\s*<style type="text/css">\*\{stroke-linejoin: round; stroke-linecap: butt\}</style>')
_NAMESPACES = re.compile(r'\s(?:xmlns(?::xlink)?="[^"]*"|version="1\.1")')
_FONT_SIZE = re.compile(r"<text [^>]*?font-size: ([0-9.]+)px")
_FONT_FAMILY = re.compile(r"\s*font-family:[^;\"]*;?")
_LAYOUT = re.compile(r">\n\s*<")  # matplotlib's indentation: a label's text never starts with a line break
_BREAK = re.compile(r"\s*\n\s*")  # inside a tag: a path's line breaks
_TRAILING = re.compile(r' "')  # inside a tag: a value's last space before its closing quote ("… z ")
_IDENTITY = re.compile(r'\stransform="rotate\(-0 [^)]*\)"')
_GROUP = re.compile(r"<g>|<g\s[^>]*>|</g>")


def svg_markup(fig: Figure) -> str:
    """The figure as an inline ``<svg>`` element for an HTML page, ``WIDTH × CSS_PX_PER_INCH``
    CSS pixels wide (its ``viewBox`` in points, so that its text keeps its size in proportion).

    * Text is ``<text>`` without a font family of its own: it inherits the page's, whose first
      font is the embedded subset of the face the chart was laid out with.
    * Ids are made unique on a page of many charts: the ones nothing refers to are dropped, the
      others prefixed with a digest of the chart. A page that shows the same chart twice shows
      the same definitions twice, identical, under the same name.
    """
    buf = io.StringIO()
    with matplotlib.rc_context(_SVG_RC):
        fig.savefig(buf, format="svg", metadata=_NO_METADATA, facecolor="white")
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):].strip()  # no XML declaration or DOCTYPE inside HTML
    # matplotlib's "*{stroke-linejoin: …}" would style the whole page: the same, on this chart only
    svg = _STROKE_STYLE.sub("", svg).replace("<svg ", f'<svg style="{_STROKE}" ', 1)
    # every edit below is made inside tags only: a label's own text (its < and > escaped) is
    # never touched, whatever a document printed in it
    tags = lambda edit, text: _TAG.sub(lambda m: edit(m.group(0)), text)  # noqa: E731
    # no font of its own; inside HTML the parser gives <svg> its namespace: no namespace URLs
    # (a page names no other host), and SVG 2's plain href for <use>
    svg = tags(lambda t: _NAMESPACES.sub("", _FONT_FAMILY.sub("", t)).replace("xlink:href=", "href="), svg)
    used = {a or b for tag in _TAG.findall(svg) for a, b in _REFERENCE.findall(tag)}
    prefix = "bk" + hashlib.sha1(svg.encode("utf-8")).hexdigest()[:8] + "-"
    svg = tags(lambda t: _REFERENCE.sub(
        lambda m: f"url(#{prefix}{m.group(1)})" if m.group(1) else f'href="#{prefix}{m.group(2)}"',
        _ID.sub(lambda m: f' id="{prefix}{m.group(1)}"' if m.group(1) in used else "", t)), svg)
    w, h = fig.get_size_inches()
    return _compact(re.sub(r'\swidth="[^"]*pt" height="[^"]*pt"',
                           f' width="{round(w * CSS_PX_PER_INCH)}" height="{round(h * CSS_PX_PER_INCH)}"', svg, count=1))


def _compact(svg: str) -> str:
    """matplotlib's SVG without what draws nothing, a third of its bytes (23 KB of a report's
    page were its five charts): the indentation between elements, the line breaks inside a
    path's ``d`` (a space does as well), a label's ``rotate(-0 …)`` (no rotation), an empty
    ``<defs>`` and every ``<g>`` without attributes (a group that neither moves, clips nor
    styles what it holds). Only tags and the whitespace between them are edited, never a
    label's text; the browser draws the same picture (``tests/test_browser.py`` compares them)."""
    svg = _LAYOUT.sub("><", svg)
    svg = _TAG.sub(lambda m: _IDENTITY.sub("", _TRAILING.sub('"', _BREAK.sub(" ", m.group(0)))), svg)
    svg = svg.replace("<defs></defs>", "")
    out, keep, at = [], [], 0
    for m in _GROUP.finditer(svg):
        out.append(svg[at:m.start()])
        at = m.end()
        if m.group(0) == "</g>":
            if keep.pop():
                out.append("</g>")
        else:
            keep.append(m.group(0) != "<g>")
            if keep[-1]:
                out.append(m.group(0))
    out.append(svg[at:])
    return "".join(out)


def image(fig: Figure | None) -> dict | None:
    """A chart for a page: ``svg`` (the inline element, :func:`svg_markup`, which carries its
    height), its display ``width`` in CSS pixels, and the CSS pixel height of its smallest text at
    that size (``font_px``; 0 for a chart without text)."""
    if fig is None:
        return None
    svg = svg_markup(fig)
    # the text drawn, as the SVG sizes it (in points: its viewBox is the figure in points); no
    # second walk over every artist of the figure (smallest_font), a third of the SVG's time
    smallest = min((float(size) for size in _FONT_SIZE.findall(svg)), default=0.0)
    return {"svg": svg, "width": round(fig.get_figwidth() * CSS_PX_PER_INCH),
            "font_px": round(smallest * CSS_PX_PER_INCH / 72, 1)}
