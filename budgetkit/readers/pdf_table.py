"""One ruled table on a PDF page → rows of cell texts over columns, each row with its box.

pdfplumber finds the table and its cells from the ruling; this module decides which words make
which cell of which row (:func:`cell_rows`, once per table) and column (:func:`over_columns`: a
table continued from the page before is placed over that page's columns). Each step is a small
function:

* :func:`frames` — a cell drawn round two or more other cells (a frame round title and table)
  is no cell;
* :func:`bands` — the rows: the horizontal rules of all cells, clustered, so that a rule drawn
  twice a few points apart or one column's rules drawn a little off (江苏省人民检察院 2018:
  the amount column's rules sit 3.4 pt above the others') make one rule, and a row's code and
  its amount stay on one row;
* :func:`columns` — the column spans: cell edges that recur in the item rows (outvoting the few
  rows whose cells merge or split differently), spacer columns dropped;
* :func:`pieces` — a cell's words, split where a cell drawn without inner rules holds several
  columns' words, but a letter-spaced label ("合　　计") stays whole;
* a cell that spans several rows (merged vertically) gives its text to the first row it covers,
  as a merged cell is read (a project's name on its first indicator row).
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

__all__ = ["cell_rows", "over_columns", "CellRows", "frames", "bands", "columns", "pieces", "clean_line", "Box",
           "text_lines", "join_side_by_side", "split_at_rules"]

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points

_CJK = "\u3400-\u9fff\uf900-\ufaff"
_PUNCT = "，。、；：？！“”‘’（）《》【】％"
_SPACE_BETWEEN = re.compile(rf"(?<=[{_CJK}{_PUNCT}])[ \u3000]+(?=[{_CJK}{_PUNCT}\d])|(?<=[\d%.])[ \u3000]+(?=[{_CJK}{_PUNCT}%])")

RULE_TOLERANCE = 4.0  # points: rules closer than this are one rule
_PUNCT_ONLY = re.compile(r"[“”‘’\"'（）()《》【】、，。：:；;\s]+")
GAP = 8.0  # points between two runs of words on one line that belong to different columns


def clean_line(text: str) -> str:
    """A line of PDF text without the spaces of justified Chinese ("江 苏 省" → "江苏省")."""
    text = re.sub(r"[ \u3000]+", " ", text.strip())
    return _SPACE_BETWEEN.sub("", text)


def frames(table) -> set:
    """Cells drawn round two or more other cells (a frame round title and table): no cells.
    Found once per table; the caption boundary and the grid both need them."""
    if not hasattr(table, "_budgetkit_frames"):
        boxes = list(dict.fromkeys(b for row in table.rows for b in row.cells if b is not None))
        table._budgetkit_frames = _holding_two(boxes)
    return table._budgetkit_frames


def _holding_two(boxes: list[Box]) -> set:
    """The boxes that hold at least two other boxes (1 pt of slack), compared all at once."""
    if len(boxes) < 3:
        return set()
    import numpy as np

    b = np.asarray(boxes, dtype=float)
    inner, outer = b[:, None, :], b[None, :, :]  # [i, j]: box i inside box j?
    inside = ((inner[..., 0] >= outer[..., 0] - 1) & (inner[..., 1] >= outer[..., 1] - 1)
              & (inner[..., 2] <= outer[..., 2] + 1) & (inner[..., 3] <= outer[..., 3] + 1))
    np.fill_diagonal(inside, False)
    return {boxes[j] for j in np.flatnonzero(inside.sum(axis=0) >= 2)}


def cells_top(table) -> float:
    """Where the table's own cells start: a frame drawn round title and table starts higher."""
    skip = frames(table)
    inner = [b[1] for row in table.rows for b in row.cells if b is not None and b not in skip]
    return min(inner) if inner else table.bbox[1]


def bands(cells: list[Box]) -> list[tuple[float, float]]:
    """The rows of a table: spans between its horizontal rules, rules closer than
    :data:`RULE_TOLERANCE` taken as one (their mean)."""
    ys = sorted({y for b in cells for y in (b[1], b[3])})
    clusters: list[list[float]] = []
    for y in ys:
        if clusters and y - clusters[-1][-1] <= RULE_TOLERANCE:
            clusters[-1].append(y)
        else:
            clusters.append([y])
    rules = [sum(c) / len(c) for c in clusters]
    return list(zip(rules, rules[1:]))


def _covered_bands(box: Box, spans: list[tuple[float, float]]) -> list[int]:
    return [k for k, (a, b) in enumerate(spans) if box[1] - 0.5 <= (a + b) / 2 <= box[3] + 0.5]


@dataclass
class CellRows:
    """A table's cells read once: each row's pieces of text ``(x0, x1, text)``, the row's box,
    and whether it is an item row. Placing them over columns (:func:`over_columns`) is a
    separate step, so a table continued from the page before is placed over that page's
    columns without reading its cells again."""

    rows: list[list[tuple[float, float, str]]]
    boxes: list[Box]
    is_data: list[bool]
    indents: list[float | None] = field(default_factory=list)  # each row's label set in from its cell's left rule


def cell_rows(table, words: list[dict]) -> CellRows:
    """The table's rows of cell texts, one per band between its horizontal rules.

    ``words`` are the page's words (pdfplumber ``extract_words``)."""
    from ..tidy import is_data_row

    skip = frames(table)
    cells = [b for row in table.rows for b in row.cells if b is not None and b not in skip]
    if not cells:
        return CellRows([], [], [])
    spans = bands(cells)
    starts: dict[int, list[Box]] = {}  # band → cells whose text it holds
    blanks: dict[int, list[Box]] = {}  # band → cells covering it from a band above (their edges count)
    for box in cells:
        covered = _covered_bands(box, spans)
        if not covered:
            continue  # a sliver between two rules drawn as one
        starts.setdefault(covered[0], []).append(box)
        for k in covered[1:]:
            blanks.setdefault(k, []).append(box)
    rows: list[list[tuple[float, float, str]]] = []
    boxes: list[Box] = []
    x0, x1 = min(b[0] for b in cells), max(b[2] for b in cells)
    words = _WordsByHeight(words)
    indents: list[float | None] = []
    for k, (top, bottom) in enumerate(spans):
        if k not in starts:
            continue
        row = []
        indent = None
        for box in sorted(starts[k], key=lambda b: b[0]):
            inside = words.inside(box)
            row.extend(pieces(box, inside))
            if indent is None and inside and not _is_number("".join(w["text"] for w in inside)):
                # the row's first label, where its first line starts: a name wrapped in its cell
                # runs on from the left rule (珠海 2026 p.22: "市特色会展产业链党委" set in at 25.4 pt,
                # "党建工作经费" below it at 0.4)
                top = min(w["top"] for w in inside)
                first = [w for w in inside if w["top"] < top + (w["bottom"] - w["top"]) / 2]
                indent = round(min(w["x0"] for w in first) - box[0], 1)
        indents.append(indent)
        row.extend((b[0], b[2], "") for b in blanks.get(k, []))
        row.sort(key=lambda c: (c[0], c[1]))
        rows.append(row)
        bottom = max([bottom] + [b[3] for b in starts[k]])
        boxes.append((round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)))
    return CellRows(rows, boxes, [is_data_row([t for _, _, t in cells]) for cells in rows], indents)


def over_columns(cells: CellRows, given: list[tuple[float, float]] | None = None):
    """The rows' texts over columns, the box of each row, and the columns: the table's own
    columns, or ``given`` ones (those of the page before, for a table continued on a new page)."""
    rows, is_data = cells.rows, cells.is_data
    if not rows:
        return [], [], []
    cols = list(given) if given else columns([r for r, d in zip(rows, is_data) if d] or rows)
    if not given:
        cols = _header_columns(rows, is_data, cols)
    if not cols:
        return [], [], []
    out = []
    for cells_of_row, data in zip(rows, is_data):
        row = [""] * len(cols)
        for a, b, text in cells_of_row:
            if not text:
                continue
            targets = [_nearest(cols, a, b)] if data else _covered(cols, a, b)
            for j in targets:
                row[j] = f"{row[j]} {text}".strip() if row[j] and row[j] != text else text
        out.append(row)
    return out, cells.boxes, cols


def _header_columns(rows, is_data, cols):
    """Header cells over no column (an empty table's, or a column blank in every item row)
    add columns of their own, deepest header row first."""
    cols = list(cols)
    for cells, d in zip(reversed(rows), reversed(is_data)):
        if d:
            continue
        for a, b, t in cells:
            covered = sum(max(0.0, min(y, b) - max(x, a)) for x, y in cols)
            if t and b - a > 1 and covered < 0.3 * (b - a):
                cols.append((a, b))
        cols.sort()
    return cols


class _WordsByHeight:
    """A page's words sorted by the height of their middle, to find a cell's words quickly."""

    def __init__(self, words: list[dict]):
        keyed = sorted(((w["top"] + w["bottom"]) / 2, (w["x0"] + w["x1"]) / 2, n, w) for n, w in enumerate(words))
        self.ys = [k[0] for k in keyed]
        self.keyed = keyed

    def inside(self, box: Box) -> list[dict]:
        """The words whose middle lies in the box (1 pt of slack), in the page's word order."""
        x0, top, x1, bottom = box
        lo, hi = bisect.bisect_left(self.ys, top - 1), bisect.bisect_right(self.ys, bottom + 1)
        found = [(n, w) for _, x, n, w in self.keyed[lo:hi] if x0 - 1 <= x <= x1 + 1]
        return [w for _, w in sorted(found, key=lambda f: f[0])]


def _letter_spaced(texts: list[str]) -> bool:
    """"合　　计", "项　目", "“ 三公 ” 经费": characters set apart to fill a cell, one label
    (pieces of at most two characters, none a figure)."""
    return len(texts) >= 2 and all(len(t) <= 2 and not re.search(r"\d", t) for t in texts) \
        and any(re.search(f"[{_CJK}]", t) for t in texts)


def pieces(box: Box, inside: list[dict]) -> list[tuple[float, float, str]]:
    """A cell's text; split where a cell without inner rules holds several columns' words
    ("一、一般公共服务支出   16,992.37   一、基本支出"), at the middle of the gaps between them."""
    x0, _, x1, _ = box
    if not inside:
        return [(x0, x1, "")]
    clusters: list[list[dict]] = []
    for w in sorted(inside, key=lambda w: w["x0"]):
        for cluster in clusters:
            same_line = [c for c in cluster if abs(c["top"] - w["top"]) < 2]
            near = any(w["x0"] - c["x1"] <= GAP for c in same_line)
            overlaps = any(min(c["x1"], w["x1"]) > max(c["x0"], w["x0"]) for c in cluster if abs(c["top"] - w["top"]) >= 2)
            if near or overlaps:
                cluster.append(w)
                break
        else:
            clusters.append([w])
    clusters.sort(key=lambda c: min(w["x0"] for w in c))
    texts = [clean_line("".join(w["text"] for w in reading_order(c))) for c in clusters]
    if len(clusters) == 1 or _letter_spaced(texts):
        return [(x0, x1, clean_line("".join(w["text"] for w in reading_order(inside))))]
    if sum(not _PUNCT_ONLY.fullmatch(t) for t in texts) == 1:  # quotes set a little off their words: "“三公”经费"
        return [(x0, x1, clean_line("".join(w["text"] for w in reading_order(inside, tolerance=4))))]
    if not any(_is_number(t) for t in texts) and _wrapped(clusters, x1):
        # one label wrapped inside its cell ("2. 政府性基金预" / "算"): read in line order
        first = {id(w): k for k, w in enumerate(reading_order([w for c in clusters for w in c]))}
        ordered = sorted(clusters, key=lambda c: min(first[id(w)] for w in c))
        return [(x0, x1, clean_line("".join(texts[clusters.index(c)] for c in ordered)))]
    edges = [x0] + [(max(w["x1"] for w in a) + min(w["x0"] for w in b)) / 2 for a, b in zip(clusters, clusters[1:])] + [x1]
    return [(edges[i], edges[i + 1], texts[i]) for i in range(len(clusters))]


def reading_order(words: list[dict], tolerance: float = 2.0) -> list[dict]:
    """Words line by line (see :func:`_word_lines`), left to right."""
    return [w for line in _word_lines(words, tolerance) for w in line]


def _word_lines(words: list[dict], tolerance: float = 2.0) -> list[list[dict]]:
    """Words as lines, top to bottom, each left to right: a word within ``tolerance`` points of
    a line's top is on it (a "1." set half a point lower than its label stays in front of it)."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: w["top"]):
        if lines and abs(w["top"] - lines[-1][0]["top"]) <= tolerance:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"-?[\d,]+(\.\d+)?%?", text.replace(" ", "")))


def _wrapped(clusters: list[list[dict]], right: float) -> bool:
    """A label that wrapped inside its cell, not words of two columns side by side nor a title
    block: its words lie on several lines, and every line but the last runs to the cell's
    right edge (it ran out of room)."""
    lines = _word_lines([w for c in clusters for w in c])
    if len(lines) < 2:
        return False
    size = max(w["bottom"] - w["top"] for line in lines for w in line)
    return all(right - max(w["x1"] for w in line) <= 1.5 * size for line in lines[:-1])


def columns(rows: list[list[tuple[float, float, str]]]) -> list[tuple[float, float]]:
    """Column spans from the cell edges that recur in the item rows (an edge in at least 30% of
    them): a few rows whose cells merge or split differently are outvoted. Spans that hold no
    text in any row (spacer columns) are dropped."""
    edges: list[list[float]] = []  # [position, rows it appears in]
    for cells in rows:
        seen = set()
        for a, b, _ in cells:
            for x in (a, b):
                hit = next((e for e in edges if abs(e[0] - x) <= 3), None)
                if hit is None:
                    hit = [x, 0]
                    edges.append(hit)
                if id(hit) not in seen:
                    seen.add(id(hit))
                    hit[1] += 1
    need = max(1, math.ceil(0.3 * len(rows)))
    kept = sorted(x for x, n in edges if n >= need)
    spans = list(zip(kept, kept[1:]))
    return [
        (a, b) for a, b in spans
        if any(t and a - 1 <= (x0 + x1) / 2 <= b + 1 for cells in rows for x0, x1, t in cells)
    ]


def _nearest(cols, x0: float, x1: float) -> int:
    centre = (x0 + x1) / 2
    for j, (a, b) in enumerate(cols):
        if a - 1 <= centre <= b + 1:
            return j
    return min(range(len(cols)), key=lambda j: abs((cols[j][0] + cols[j][1]) / 2 - centre))


def _covered(cols, x0: float, x1: float) -> list[int]:
    hits = [j for j, (a, b) in enumerate(cols) if min(b, x1) - max(a, x0) >= 0.4 * (b - a)]
    return hits or [_nearest(cols, x0, x1)]


def text_lines(chars: list[dict]) -> list[dict]:
    """The page's lines of text rebuilt from its characters: a character belongs to a line when
    it shares at least half its height with it, so figures set a few points lower than the words
    around them (上海市普陀区财政局 2024 决算: "总计 2995.39 万元", the digits in another font
    4.8 pt below the Chinese) stay in their sentence. Each line: text, top, bottom, x0, x1."""
    lines: list[dict] = []
    previous = best = None
    for c in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        if not c["text"].strip():
            continue
        if previous is not None and c["top"] == previous["top"] and c["bottom"] == previous["bottom"]:
            best["chars"].append(c)  # set on the same line as the one before: it joins the same line
            continue
        previous = c
        h = max(c["bottom"] - c["top"], 0.1)
        best = None
        for line in lines[-4:]:  # lines are built top to bottom: only the last few are candidates
            overlap = min(line["bottom"], c["bottom"]) - max(line["top"], c["top"])
            if overlap >= 0.5 * min(h, line["height"]):
                best = line
        if best is None:
            best = {"chars": [], "top": c["top"], "bottom": c["bottom"], "height": h}
            lines.append(best)
        best["chars"].append(c)
        if len(best["chars"]) == 1 or h >= best["height"]:  # the line's body is its tallest characters
            best["top"], best["bottom"], best["height"] = min(best["top"], c["top"]), max(best["bottom"], c["bottom"]), h
    out = []
    for line in lines:
        cs = sorted(line["chars"], key=lambda c: c["x0"])
        text, last = "", None
        for c in cs:
            if last is not None and c["x0"] - last["x1"] > 0.3 * max(c["size"], 1):
                text += " "
            text += c["text"]
            last = c
        out.append({"text": text, "top": min(c["top"] for c in cs), "bottom": max(c["bottom"] for c in cs),
                    "x0": cs[0]["x0"], "x1": max(c["x1"] for c in cs)})
    out.sort(key=lambda line: (line["top"], line["x0"]))
    return out


class _Row:
    def __init__(self, cells):
        self.cells = cells


class JoinedTable:
    """Tables pdfplumber found side by side that are one table (see :func:`join_side_by_side`)."""

    def __init__(self, parts):
        self.parts = parts
        self.page = parts[0].page
        self.bbox = (min(t.bbox[0] for t in parts), min(t.bbox[1] for t in parts),
                     max(t.bbox[2] for t in parts), max(t.bbox[3] for t in parts))
        self.rows = [_Row(list(r.cells)) for t in parts for r in t.rows]


def join_side_by_side(tables: list) -> list:
    """A column drawn with rules of its own, a few points off the others' (江苏省人民检察院 2018:
    the amount column's rules 3.4 pt above the rest), can make pdfplumber find it as a table of
    its own beside the table it belongs to: tables that touch edge to edge and share most of
    their height are one table."""
    out: list = []
    for t in sorted(tables, key=lambda t: (t.bbox[1], t.bbox[0])):
        mate = next((o for o in out if abs(o.bbox[2] - t.bbox[0]) <= 3 or abs(t.bbox[2] - o.bbox[0]) <= 3), None)
        if mate is not None:
            overlap = min(mate.bbox[3], t.bbox[3]) - max(mate.bbox[1], t.bbox[1])
            if overlap >= 0.6 * min(mate.bbox[3] - mate.bbox[1], t.bbox[3] - t.bbox[1]):
                out[out.index(mate)] = JoinedTable((mate.parts if isinstance(mate, JoinedTable) else [mate]) + [t])
                continue
        out.append(t)
    return sorted(out, key=lambda t: t.bbox[1])


def split_at_rules(words: list[dict], edges: list[dict]) -> list[dict]:
    """The page's words (``extract_words(..., return_chars=True)``), each cut where a vertical rule
    runs through it where a piece is an amount, without their chars. Amounts that fill their cells
    to the rule touch the next cell's: 西安公安 2026's 三公 table p.50 gave one word
    "57,232,550.0039,358,500.00" for its 合计 and 小计 cells, read as one cell of neither amount;
    广州 2026's 项目支出表 put 其他资金's "0.00" inside the 绩效目标 text beside it."""
    rules = sorted((e["x0"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "v")
    xs = [r[0] for r in rules]
    out = []
    for w in words:
        chars = w.pop("chars", None)
        mid = (w["top"] + w["bottom"]) / 2
        lo, hi = bisect.bisect_right(xs, w["x0"] + 1), bisect.bisect_left(xs, w["x1"] - 1)
        cuts = sorted({x for x, top, bottom in rules[lo:hi] if top <= mid <= bottom})
        if not cuts or not chars:
            out.append(w)
            continue
        groups: list[list[dict]] = [[] for _ in range(len(cuts) + 1)]
        for c in chars:
            groups[bisect.bisect(cuts, (c["x0"] + c["x1"]) / 2)].append(c)
        groups = [g for g in groups if g]
        if not any(_AMOUNT.match("".join(c["text"] for c in g)) for g in groups):
            out.append(w)  # text printed over a rule (a date run past its cell) stays whole
            continue
        out.extend({**w, "text": "".join(c["text"] for c in g), "x0": g[0]["x0"], "x1": g[-1]["x1"]} for g in groups)
    return out


_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)\.\d{2}$")
