"""Reader for PDF disclosures (pdfplumber): tables by their cell positions, narrative as text.

* Tables are found by pdfplumber from the ruling of their cells. Their columns are rebuilt
  from where the cells of the item rows sit on the page (x-intervals), so a header cell that
  spans several columns lands over each of them, and regions whose cell grid drifts between
  header and body (Jiangsu) still line up.
* A table's title, unit ("单位：元") and unit name ("编制单位：…", "部门名称：…") are read from the
  lines just above it, or from its own first rows when the title is drawn inside the table.
* A table on a page with no title above it continues the previous one; header rows it repeats
  are dropped.
* The narrative is the text outside tables, lines joined into paragraphs, with the spaces of
  justified Chinese text removed.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from ..errors import ReadError
from ..kinds import UNKNOWN, kind_of_title
from ..money import is_amount, parse_currency_unit
from .grid import UNIT_NAME
from .raw import RawDocument, RawTable

__all__ = ["read_pdf", "clean_line"]

_CJK = "\u3400-\u9fff\uf900-\ufaff"
_PUNCT = "，。、；：？！“”‘’（）《》【】％"
_SPACE_BETWEEN = re.compile(rf"(?<=[{_CJK}{_PUNCT}])[ \u3000]+(?=[{_CJK}{_PUNCT}\d])|(?<=[\d%.])[ \u3000]+(?=[{_CJK}{_PUNCT}%])")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*\d+\s*页(\s*共\s*\d+\s*页)?|\d{1,3})[-—–\s]*$")
_TITLE_WORDS = re.compile(r"(表|情况|明细)\s*([（(][^）)]{1,10}[）)])?$")  # "…预算表（功能科目）"
_NOISE = re.compile(r"^(公开\s*\d+\s*表|附表\s*\d*|第[一二三四五六七八九十]+部分.*预算表|编制单位.*|部门.*单位.*)$")


def clean_line(text: str) -> str:
    """A line of PDF text without the spaces of justified Chinese ("江 苏 省" → "江苏省")."""
    text = re.sub(r"[ \u3000]+", " ", text.strip())
    return _SPACE_BETWEEN.sub("", text)


def read_pdf(path: str | Path) -> RawDocument:
    path = Path(path)
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError(path, f"PDF support needs pdfplumber ({exc})") from exc
    try:
        with pdfplumber.open(path) as pdf:
            return _read(pdf, path)
    except ReadError:
        raise
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many types on broken files
        raise ReadError(path, f"not a readable PDF ({type(exc).__name__}: {exc})") from exc


def _read(pdf, path: Path) -> RawDocument:
    narrative: list[str] = []
    tables: list[RawTable] = []
    layouts: dict[int, list] = {}  # a table's column positions, for its continuation pages
    chars = 0
    for pageno, page in enumerate(pdf.pages, start=1):
        lines = page.extract_text_lines(strip=True, return_chars=False)
        chars += sum(len(line["text"]) for line in lines)
        found = sorted(page.find_tables(), key=lambda t: t.bbox[1])
        used: set[int] = set()
        above = 0.0
        for table in found:
            top, bottom = _cells_top(table), table.bbox[3]
            captions = [i for i, line in enumerate(lines) if above - 1 <= line["top"] and line["bottom"] <= top + 1]
            used.update(captions)
            used.update(i for i, line in enumerate(lines) if top - 1 <= line["top"] and line["bottom"] <= bottom + 1)
            caption_text = [clean_line(lines[i]["text"]) for i in captions]
            _add_table(tables, table, caption_text, f"page {pageno}", layouts)
            above = bottom
        for i, line in enumerate(lines):
            if i not in used:
                narrative.append(clean_line(line["text"]))
    if chars == 0:
        raise ReadError(path, "the PDF has no text layer (a scan?): budgetkit reads text, not images")
    return RawDocument(path=str(path), narrative=_paragraphs(narrative), tables=tables, format="pdf")


def _frames(table) -> set:
    """Cells drawn round two or more other cells (a frame round title and table): no cells.
    Found once per table; the caption boundary and the grid both need them."""
    if not hasattr(table, "_budgetkit_frames"):
        boxes = [b for row in table.rows for b in row.cells if b is not None]
        table._budgetkit_frames = {b for b in boxes if sum(_inside(o, b) for o in boxes) >= 2}
    return table._budgetkit_frames


def _cells_top(table) -> float:
    """Where the table's own cells start: a frame drawn round title and table starts higher."""
    frames = _frames(table)
    inner = [b[1] for row in table.rows for b in row.cells if b is not None and b not in frames]
    return min(inner) if inner else table.bbox[1]


def _is_caption(text: str) -> bool:
    return bool(parse_currency_unit(text) or UNIT_NAME.search(text) or _NOISE.match(text))


def _title_in(lines: list[str]) -> str | None:
    """The last line that names a table kind (a title), if any."""
    for text in reversed(lines):
        compact = re.sub(r"\s+", "", text)
        compact = re.split(r"(?:编制单位|预算单位|部门名称|单位名称|部门|单位)[:：]", compact)[0]  # "收支预算总表部门：…"
        compact = re.sub(r"^(公开\d+表|附表\d*)", "", compact).lstrip("：:、.．-— ")
        if len(compact) <= 40 and kind_of_title(compact) != UNKNOWN and _TITLE_WORDS.search(compact):
            return compact
    return None


def _caption_row(row: list[str]) -> bool:
    """A row that holds only a table's title or captions: where one table ends and the next begins
    inside one drawn grid."""
    texts = [c for c in dict.fromkeys(row) if c]
    return bool(texts) and not any(is_amount(c) for c in texts) and any(_title_in([t]) for t in texts) \
        and all(_title_in([t]) or _is_caption(t) for t in texts)


def _add_table(tables: list[RawTable], table, captions: list[str], source: str, layouts: dict) -> None:
    grid, columns = _grid(table)
    cuts = [i for i, row in enumerate(grid) if i > 0 and _caption_row(row)]
    # several tables stacked in one grid: each from its title row on
    for lo, hi in zip([0] + cuts, cuts + [len(grid)]):
        _add_rows(tables, table, grid[lo:hi], (lo, hi), columns, captions if lo == 0 else [], source, layouts)


def _add_rows(tables: list[RawTable], table, grid: list[list[str]], span: tuple[int, int], columns,
              captions: list[str], source: str, layouts: dict) -> None:
    # a title and unit drawn inside the table, in its first rows
    lead = []
    while grid and not any(is_amount(c) for c in grid[0]):
        texts = [c for c in dict.fromkeys(grid[0]) if c]
        if not texts:
            grid.pop(0)
            continue
        if any(_title_in([t]) or _is_caption(t) for t in texts):
            lead.extend(t for t in texts if " " not in t)  # pieces joined over a column are repeats
            grid.pop(0)
            continue
        break
    lines = captions + lead
    title = _title_in(lines)
    unit = next((u for u in (parse_currency_unit(t) for t in reversed(lines)) if u), None)
    unit_name = next((m.group("name") for m in (UNIT_NAME.search(t) for t in lines) if m), None)
    grid = [row for row in grid if any(row)]
    if not grid:
        return
    previous = tables[-1] if tables else None
    captioned = unit is not None or unit_name is not None  # a continued table repeats no caption
    if title is None and not captioned and previous is not None and id(previous) in layouts:
        grid = _grid(table, layouts[id(previous)])[0][span[0]:span[1]]  # the previous page's columns
        grid = _drop_repeated_header(previous.rows, [row for row in grid if any(row)])
        previous.rows.extend(_pad(grid, len(previous.rows[0])))
        return
    number = None
    m = re.match(r"^([一二三四五六七八九十]+|\d{1,2})[、.．]", title or "")
    if m:
        number, title = m.group(1), title[m.end():]
    raw = RawTable(number=number, title=title or "", rows=grid, currency_unit=unit, source=source)
    raw.notes = [f"unit_name:{unit_name}"] if unit_name else []
    tables.append(raw)
    layouts[id(raw)] = columns


def _pad(rows: list[list[str]], width: int) -> list[list[str]]:
    return [row + [""] * (width - len(row)) if len(row) < width else row for row in rows]


def _drop_repeated_header(before: list[list[str]], grid: list[list[str]]) -> list[list[str]]:
    from ..tidy import is_data_row

    header = []
    for row in before:
        if is_data_row(row):
            break
        header.append([c.replace(" ", "") for c in row])
    while grid and not is_data_row(grid[0]) and [c.replace(" ", "") for c in grid[0]] in header:
        grid = grid[1:]
    return grid


def _cell_text(text: str | None) -> str:
    if not text:
        return ""
    return clean_line(text.replace("\n", ""))


def _grid(table, given: list[tuple[float, float]] | None = None) -> tuple[list[list[str]], list]:
    """The table's rows over columns rebuilt from the x-positions of its item cells (or over
    ``given`` columns: those of the page before, for a table continued on a new page)."""
    from ..tidy import is_data_row, is_total_label

    frames = _frames(table)
    words = table.page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)
    rows = []
    for row in table.rows:
        cells = []
        for bbox in row.cells:
            if bbox is None or bbox in frames:  # a frame drawn around other cells is no cell
                continue
            cells.extend(_pieces(bbox, words))
        rows.append(cells)
    is_data = [is_data_row([t for _, _, t in cells]) for cells in rows]
    columns = list(given) if given else _columns([r for r, d in zip(rows, is_data) if d] or rows)
    # header cells over no column (an empty table's, or a column blank in every item row)
    # add columns of their own, deepest header row first
    for cells, d in zip(reversed(rows), reversed(is_data)):
        if d or given:
            continue
        for x0, x1, t in cells:
            covered = sum(max(0.0, min(b, x1) - max(a, x0)) for a, b in columns)
            if t and x1 - x0 > 1 and covered < 0.3 * (x1 - x0):
                columns.append((x0, x1))
        columns.sort()
    if not columns:
        return [], []
    out = []
    for cells in rows:
        header = not is_data_row([t for _, _, t in cells])
        row = [""] * len(columns)
        for x0, x1, text in cells:
            if not text:
                continue
            targets = _covered(columns, x0, x1) if header else [_nearest(columns, x0, x1)]
            for j in targets:
                row[j] = f"{row[j]} {text}".strip() if row[j] and row[j] != text else text
        out.append(row)
    return out, columns


_GAP = 8.0  # points between two runs of words on one line that belong to different columns


def _pieces(bbox, words) -> list[tuple[float, float, str]]:
    """A cell's text; split where a cell without inner rules holds several columns' words
    ("一、一般公共服务支出   16,992.37   一、基本支出"), at the middle of the gaps between them."""
    x0, top, x1, bottom = bbox
    inside = [w for w in words if x0 - 1 <= (w["x0"] + w["x1"]) / 2 <= x1 + 1 and top - 1 <= (w["top"] + w["bottom"]) / 2 <= bottom + 1]
    if not inside:
        return [(x0, x1, "")]
    clusters: list[list[dict]] = []
    for w in sorted(inside, key=lambda w: w["x0"]):
        for cluster in clusters:
            same_line = [c for c in cluster if abs(c["top"] - w["top"]) < 2]
            near = any(w["x0"] - c["x1"] <= _GAP for c in same_line)
            overlaps = any(min(c["x1"], w["x1"]) > max(c["x0"], w["x0"]) for c in cluster if abs(c["top"] - w["top"]) >= 2)
            if near or overlaps:
                cluster.append(w)
                break
        else:
            clusters.append([w])
    clusters.sort(key=lambda c: min(w["x0"] for w in c))
    texts = [clean_line("".join(w["text"] for w in sorted(c, key=lambda w: (round(w["top"]), w["x0"])))) for c in clusters]
    if len(clusters) == 1:
        return [(x0, x1, texts[0])]
    edges = [x0] + [(max(w["x1"] for w in a) + min(w["x0"] for w in b)) / 2 for a, b in zip(clusters, clusters[1:])] + [x1]
    return [(edges[i], edges[i + 1], texts[i]) for i in range(len(clusters))]


def _inside(inner, outer) -> bool:
    return inner != outer and inner[0] >= outer[0] - 1 and inner[1] >= outer[1] - 1 and inner[2] <= outer[2] + 1 and inner[3] <= outer[3] + 1


def _columns(rows: list[list[tuple[float, float, str]]]) -> list[tuple[float, float]]:
    """Column spans from the cell edges that recur in the item rows (an edge in at least 30% of
    them): a few rows whose cells merge or split differently are outvoted. Spans that hold no
    text in any row (spacer columns) are dropped."""
    edges: list[list[float]] = []  # [position, rows it appears in]
    for cells in rows:
        seen = set()
        for x0, x1, _ in cells:
            for x in (x0, x1):
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
    used = [
        (a, b) for a, b in spans
        if any(t and a - 1 <= (x0 + x1) / 2 <= b + 1 for cells in rows for x0, x1, t in cells)
    ]
    return used


def _nearest(columns, x0: float, x1: float) -> int:
    centre = (x0 + x1) / 2
    for j, (a, b) in enumerate(columns):
        if a - 1 <= centre <= b + 1:
            return j
    return min(range(len(columns)), key=lambda j: abs((columns[j][0] + columns[j][1]) / 2 - centre))


def _covered(columns, x0: float, x1: float) -> list[int]:
    hits = [j for j, (a, b) in enumerate(columns) if min(b, x1) - max(a, x0) >= 0.4 * (b - a)]
    return hits or [_nearest(columns, x0, x1)]


_HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、．]|\d{1,2}\.(?!\d))")


def _paragraphs(lines: list[str]) -> list[str]:
    """PDF lines joined into paragraphs: a line continues the previous one when that one ran to
    the full width of the text (it wrapped), did not end a sentence, and this one does not
    start a numbered heading."""
    lines = [line for line in lines if line and not _PAGE_NUMBER.match(line)]
    lengths = sorted(len(line) for line in lines)
    full = lengths[int(len(lengths) * 0.9)] if lengths else 0
    out: list[str] = []
    wrapped = False
    for line in lines:
        if out and wrapped and not _HEADING.match(line):
            out[-1] += line
        else:
            out.append(line)
        wrapped = len(line) >= 0.85 * full and not re.search(r"[。；！？：:]$", line)
    return out
