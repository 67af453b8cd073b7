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

import re
from pathlib import Path

from ..errors import ReadError
from ..kinds import UNKNOWN, kind_of_title
from ..money import is_amount, parse_currency_unit
from .raw import RawDocument, RawTable

__all__ = ["read_pdf", "clean_line"]

_CJK = "\u3400-\u9fff\uf900-\ufaff"
_PUNCT = "，。、；：？！“”‘’（）《》【】％"
_SPACE_BETWEEN = re.compile(rf"(?<=[{_CJK}{_PUNCT}])[ \u3000]+(?=[{_CJK}{_PUNCT}\d])|(?<=[\d%.])[ \u3000]+(?=[{_CJK}{_PUNCT}%])")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*\d+\s*页(\s*共\s*\d+\s*页)?|\d{1,3})[-—–\s]*$")
_UNIT_NAME = re.compile(r"(?:编制单位|预算单位|部门名称|单位名称|部门)\s*[:：]\s*(?P<name>[^\s:：]{2,40}?)(?=\s|单位\s*[:：]|$)")
_TITLE_WORDS = re.compile(r"(表|情况|明细)\s*[）)]?$")
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
            top, bottom = table.bbox[1], table.bbox[3]
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


def _is_caption(text: str) -> bool:
    return bool(parse_currency_unit(text) or _UNIT_NAME.search(text) or _NOISE.match(text))


def _title_in(lines: list[str]) -> str | None:
    """The last line that names a table kind (a title), if any."""
    for text in reversed(lines):
        compact = re.sub(r"\s+", "", text)
        if len(compact) <= 40 and kind_of_title(compact) != UNKNOWN and _TITLE_WORDS.search(compact):
            return compact
    return None


def _add_table(tables: list[RawTable], table, captions: list[str], source: str, layouts: dict) -> None:
    grid, columns = _grid(table)
    # a title and unit drawn inside the table, in its first rows
    lead = []
    while grid and len({c for c in grid[0] if c}) <= 2 and not any(is_amount(c) for c in grid[0]):
        texts = [c for c in dict.fromkeys(grid[0]) if c]
        joined = " ".join(texts)
        if not texts:
            grid.pop(0)
            continue
        if _title_in([joined]) or _is_caption(joined):
            lead.append(joined)
            grid.pop(0)
            continue
        break
    lines = captions + lead
    title = _title_in(lines)
    unit = next((u for u in (parse_currency_unit(t) for t in reversed(lines)) if u), None)
    unit_name = next((m.group("name") for m in (_UNIT_NAME.search(t) for t in lines) if m), None)
    grid = [row for row in grid if any(row)]
    if not grid:
        return
    previous = tables[-1] if tables else None
    if title is None and previous is not None and id(previous) in layouts:
        grid, _ = _grid(table, layouts[id(previous)])  # the previous page's columns
        grid = _drop_repeated_header(previous.rows, [row for row in grid if any(row)])
        previous.rows.extend(_pad(grid, len(previous.rows[0])))
        return
    raw = RawTable(number=None, title=title or "", rows=grid, currency_unit=unit, source=source)
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

    texts = table.extract()
    rows = []
    for r, row in enumerate(table.rows):
        cells = []
        for c, bbox in enumerate(row.cells):
            if bbox is None:
                continue
            text = _cell_text(texts[r][c] if c < len(texts[r]) else "")
            cells.append((bbox[0], bbox[2], text))
        rows.append(cells)
    is_data = [is_data_row([t for _, _, t in cells]) for cells in rows]
    spans = [(x0, x1) for cells, d in zip(rows, is_data) if d for x0, x1, t in cells if t and not is_total_label(t)]
    columns = list(given) if given else _merge(spans)
    # header cells over no column yet (a column left blank in every item row, or an empty
    # table) add columns of their own, deepest header row first
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


def _merge(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if merged and x0 < merged[-1][1] - 1:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


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
