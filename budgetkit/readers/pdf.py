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

import contextlib
import re
from pathlib import Path

from ..errors import ReadError
from ..kinds import UNIT_NOTE, UNKNOWN, base_kind, kind_of_title
from ..money import is_amount, parse_currency_unit
from .grid import UNIT_NAME, unit_name as name_of
from .pdf_objects import NoUnicode, UnreadText, open_pdfium, use_pdfium_objects
from .printed import CODED_LINE, UNIT, horizontal_rules, page_rows
from .pdf_table import (CellRows, cell_rows, cells_top, clean_line, column_indents, join_side_by_side, over_columns, split_at_rules,
                        text_lines)
from .raw import Origin, RawDocument, RawTable
from .table_finder import find_tables, open_ends

__all__ = ["read_pdf", "clean_line"]

_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*\d+\s*页(\s*共\s*\d+\s*页)?|\d{1,3})[-—–\s]*$")
_TITLE_WORDS = re.compile(r"(表|情况|明细)\s*([（(][^）)]{1,10}[）)])?$")  # "…预算表（功能科目）"
_NOISE = re.compile(r"^(公开\s*\d+\s*表|附表\s*\d*|第[一二三四五六七八九十]+部分.*预算表|编制单位.*|部门.*单位.*)$")


OBJECTS = "pdfium"  # who reads the page content by default (see read_pdf)


def read_pdf(path: str | Path, objects: str | None = None) -> RawDocument:
    """The PDF's tables and narrative. ``objects`` names who reads the page content:
    ``"pdfium"`` (fast, the default) or ``"pdfminer"`` (pdfplumber's own; the reference
    the pdfium objects are tested against, and the reader of any page pdfium cannot give
    whole)."""
    objects = objects or OBJECTS
    path = Path(path)
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ReadError(path, f"PDF support needs pdfplumber ({exc})") from exc
    try:
        with pdfplumber.open(path) as pdf:
            if objects == "pdfium":
                with _pdfium_pages(path) as fast:
                    return _read(pdf, path, fast)
            return _read(pdf, path)
    except ReadError:
        raise
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many types on broken files
        raise ReadError(path, f"not a readable PDF ({type(exc).__name__}: {exc})") from exc


@contextlib.contextmanager
def _pdfium_pages(path: Path):
    """pdfium's view of the document, closed after reading (None when pdfium cannot open it:
    pdfminer then reads every page)."""
    try:
        doc = open_pdfium(path)
    except Exception:  # pdfium refuses some files pdfminer repairs
        yield None
        return
    try:
        yield doc
    finally:
        doc.close()


def _give_objects(page, fast, index: int) -> None:
    """The page's objects from pdfium when it can give them all; otherwise pdfminer reads it."""
    if fast is None:
        return
    pdfium_page = fast[index]
    try:
        use_pdfium_objects(page, pdfium_page)
    except (NoUnicode, UnreadText):
        pass  # pdfplumber reads the page itself (pdfminer), when asked for its objects
    finally:
        pdfium_page.close()


def _read(pdf, path: Path, fast=None) -> RawDocument:
    narrative: list[str] = []
    pages: list[int] = []
    rights: list[tuple[float, float]] = []  # where each narrative line starts and ends on the page
    tables: list[RawTable] = []
    layouts: dict[int, list] = {}  # a table's column positions, for its continuation pages
    pending: list[str] = []  # a title printed at the foot of the page before its table
    chars = glyphs = 0
    printed: list = []
    unit = None  # the currency unit stated last, for the printed rows
    for pageno, page in enumerate(pdf.pages, start=1):
        _give_objects(page, fast, pageno - 1)
        page = visible(page)
        lines = text_lines(page.chars)
        chars += sum(len(line["text"]) for line in lines)
        glyphs += sum(line["text"].count("(cid:") for line in lines)
        edges = page.edges
        closing = open_ends(edges)
        found = join_side_by_side(find_tables(page, {"explicit_horizontal_lines": closing} if closing else None, edges))
        coded = found or any(CODED_LINE.search(line["text"]) for line in lines)
        words = split_at_rules(page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False,
                                                  return_chars=True), edges) if coded else []
        if coded:
            rows, unit = page_rows(pageno, words, horizontal_rules(edges), unit)
            printed.extend(rows)
        else:
            unit = next((u for line in reversed(lines) for u in reversed(UNIT.findall(line["text"]))), unit)
        used: set[int] = set()
        above = 0.0
        for n, table in enumerate(found):
            top, bottom = cells_top(table), table.bbox[3]
            below = found[n + 1].bbox[1] if n + 1 < len(found) else page.height
            captions = [i for i, line in enumerate(lines) if above - 1 <= line["top"] and line["bottom"] <= top + 1]
            used.update(captions)
            used.update(i for i, line in enumerate(lines) if top - 1 <= line["top"] and line["bottom"] <= bottom + 1)
            notes = [clean_line(line["text"]) for line in lines if bottom - 1 <= line["top"] and line["bottom"] <= below + 1][:3]
            caption_text = [clean_line(lines[i]["text"]) for i in captions]
            if pending and _title_in(caption_text) is None:
                caption_text = pending + caption_text
            if pending and n == 0:
                pending = []  # taken (or not wanted) by this page's first table
            carry = _add_table(tables, table, words, caption_text, notes, pageno, layouts)
            pending = carry or pending
            above = bottom
        trailing = [i for i, line in enumerate(lines) if i not in used and line["top"] >= above - 1]
        foot = _title_at_foot(lines, trailing) if found else []
        pending = (pending if found else []) or foot
        used.update(trailing if foot else [])
        for i, line in enumerate(lines):
            if i not in used:
                narrative.append(clean_line(line["text"]))
                pages.append(pageno)
                rights.append((line["x0"], line["x1"]))
    if chars == 0:
        raise ReadError(path, "the PDF has no text layer (a scan?): budgetkit reads text, not images")
    if glyphs and glyphs * 8 > chars * 0.3:  # "(cid:1234)" is 10 characters standing for one glyph
        raise ReadError(path, "the PDF's text layer holds glyph numbers ((cid:…)), not characters: "
                              "its fonts carry no text mapping, so budgetkit cannot read its words")
    paragraphs, page_maps = _paragraphs(narrative, pages, rights)
    return RawDocument(path=str(path), narrative=paragraphs, tables=tables, format="pdf", narrative_pages=page_maps,
                       printed=printed)


def _title_at_foot(lines, trailing: list[int]) -> list[str]:
    """A table's title and captions printed at the foot of a page whose table starts on the
    next page (江苏省人大常委会办公厅 2017, p.12–13): the lines after the page's last table, when
    they are only a title and its captions (no sentence)."""
    texts = [clean_line(lines[i]["text"]) for i in trailing]
    texts = [t for t in texts if t and not _PAGE_NUMBER.match(t)]
    if not texts or len(texts) > 4 or _title_in(texts) is None:
        return []
    if any(re.search(r"[。；，]", t) for t in texts):
        return []
    return texts


def visible(page):
    """The page without what lies outside it: text placed beyond the page's edges is not
    printed (江苏省人大常委会办公厅 2017, p.11 carries two whole tables below its bottom edge,
    copies of tables printed on later pages)."""
    x0, top, x1, bottom = page.bbox
    # what pdfplumber's ``within_bbox`` keeps (wholly inside, not a bare point), kept on the page
    # itself, as ``_give_objects`` gives it its objects: a cropped copy cost 4-5% of reading a
    # PDF (measured on 26 documents, the same tables either way). Edges derived from the objects
    # before are dropped with them (pdfplumber's own cache flush), never left stale.
    objects = page.objects
    page.flush_cache()
    page._objects = {kind: [o for o in found if x0 <= o["x0"] and o["x1"] <= x1 and top <= o["top"]
                            and o["bottom"] <= bottom and o["x1"] - o["x0"] + o["bottom"] - o["top"] > 0
                            and not (kind in _DRAWN and _invisible(o))]
                     for kind, found in objects.items()}
    return page


_DRAWN = ("rect", "line", "curve")


def _invisible(o: dict) -> bool:
    """A path that draws nothing on a white page: filled white and not stroked, or stroked white
    (长沙市公安局 2025 sets every line of its text on a white box: such boxes are no ruling, and
    taken for one they made tables of the table of contents and of the narrative)."""
    stroked = o.get("stroke") and not _white(o.get("stroking_color"))
    filled = o.get("fill") and not _white(o.get("non_stroking_color"))
    return not stroked and not filled


def _white(color) -> bool:
    """A colour as pdfminer or budgetkit's pdfium reading gives it, white: gray 1, RGB 1 1 1 or
    CMYK 0 0 0 0. An unknown colour (``None``, a pattern) is not white."""
    if isinstance(color, (int, float)):
        color = (color,)
    if not isinstance(color, (tuple, list)) or not color or not all(isinstance(v, (int, float)) for v in color):
        return False
    if len(color) == 4:
        return all(v <= 0.01 for v in color)
    return all(v >= 0.99 for v in color)


def _headed_with_unit(text: str) -> bool:
    """A column's heading with its 单位 in brackets ("预算数（单位：万元）", 珠海 2026 p.32): words of
    its own before the unit note (:data:`budgetkit.kinds.UNIT_NOTE`), so no caption."""
    cell = re.sub(r"\s+", "", text)
    m = UNIT_NOTE.search(cell)
    return bool(m) and "单位" in m.group(0) and len(cell[:m.start()]) >= 2 and not re.search(r"[（(：:]", cell[:m.start()])


def _is_caption(text: str) -> bool:
    if _headed_with_unit(text):
        return False  # a header cell, not a caption
    return bool(parse_currency_unit(text) or UNIT_NAME.search(text) or _NOISE.match(text))


def _title_in(lines: list[str]) -> str | None:
    """The last line that names a table kind (a title), if any; a title wrapped over two lines
    ("…“三公”经费、会议费、培训费" / "支出预算表") is joined when its last line alone names none."""
    for i in range(len(lines) - 1, -1, -1):
        title = _as_title(lines[i])
        if title is None and i > 0 and len(re.sub(r"\s+", "", lines[i])) <= 12 and not _HEADING.match(lines[i]):
            title = _as_title(lines[i - 1] + lines[i])
        if title is not None:
            return title
    return None


def _as_title(text: str) -> str | None:
    """A table title in ``text``: "公开01表：收支预算总表" → 收支预算总表; words after the title in
    the same cell ("收入预算总表江苏省人大常委会办公厅", "…部门：…") are not part of it."""
    compact = re.sub(r"\s+", "", text)
    compact = re.split(r"(?:编制单位|编制部门|预算单位|部门名称|单位名称|部门|单位)[:：]", compact)[0]  # "收支预算总表部门：…"
    compact = re.sub(r"^(公开\d+表|公开表[一二三四五六七八九十\d]+|附表\d*|表[一二三四五六七八九十\d]{1,3}(?=[:：、]))", "", compact).lstrip("：:、.．-— ")
    if len(compact) <= 40 and kind_of_title(compact) != UNKNOWN and _TITLE_WORDS.search(compact):
        return compact
    for m in re.finditer(r"表([（(][^）)]{1,10}[）)])?", compact):  # the title, then other words
        head = compact[:m.end()]
        if 4 <= len(head) <= 40 and kind_of_title(head) != UNKNOWN:
            return head
    return None


def _caption_row(row: list[str]) -> bool:
    """A row that holds only a table's title or captions: where one table ends and the next begins
    inside one drawn grid."""
    texts = [c for c in dict.fromkeys(row) if c]
    return bool(texts) and not any(is_amount(c) for c in texts) and any(_title_in([t]) for t in texts) \
        and all(_title_in([t]) or _is_caption(t) for t in texts)


def _add_table(tables: list[RawTable], table, words, captions: list[str], notes: list[str], pageno: int,
               layouts: dict) -> list[str]:
    """Add the table (or the tables stacked in its grid); returns the captions of a frame that
    held only a title (its table starts on the next page), for the next table."""
    cells = cell_rows(table, words)
    grid, boxes, columns = over_columns(cells)
    origins = [Origin(page=pageno, box=b, indent=i, indents=c) for b, i, c in
               zip(boxes, cells.indents or [None] * len(boxes), column_indents(cells, columns))]
    cuts = [i for i, row in enumerate(grid) if i > 0 and _caption_row(row)]
    carry: list[str] = []
    # several tables stacked in one grid: each from its title row on
    for lo, hi in zip([0] + cuts, cuts + [len(grid)]):
        carry = _add_rows(tables, cells, grid[lo:hi], origins[lo:hi], (lo, hi), columns,
                          captions if lo == 0 else [], notes if hi == len(grid) else [], pageno, layouts)
    if not grid and _title_in(captions):
        carry = captions
    return carry


def _stated_unit(lines: list[str]) -> str | None:
    """The currency unit the lines state ("单位：万元"), the last one that states one."""
    return next((u for u in (parse_currency_unit(t) for t in reversed(lines)) if u), None)


def _add_rows(tables: list[RawTable], cells: CellRows, grid: list[list[str]], origins: list[Origin], span: tuple[int, int],
              columns, captions: list[str], notes: list[str], pageno: int, layouts: dict) -> list[str]:
    # a title and unit drawn inside the table, in its first rows
    lead, lead_all = [], []
    while grid and not any(is_amount(c) for c in grid[0]):
        texts = [c for c in dict.fromkeys(grid[0]) if c]
        if not texts:
            grid, origins = grid[1:], origins[1:]
            continue
        if any(_title_in([t]) or _is_caption(t) for t in texts):
            lead.extend(t for t in texts if " " not in t)  # pieces joined over a column are repeats
            lead_all.extend(texts)
            grid, origins = grid[1:], origins[1:]
            continue
        break
    lines = captions + lead
    title = _title_in(lines)
    unit = _stated_unit(captions + lead_all)
    unit_name = next((name_of(m) for m in (UNIT_NAME.search(t) for t in lines) if m), None)
    kept = [(row, o) for row, o in zip(grid, origins) if any(row)]
    if not kept:
        return lines if title else []  # a frame round a title alone: its table is on the next page
    grid, origins = [r for r, _ in kept], [o for _, o in kept]
    previous = tables[-1] if tables else None
    captioned = unit is not None or unit_name is not None  # a continued table repeats no caption
    if title is None and not captioned and previous is not None and _own_header(previous, grid[0]):
        unit = _stated_unit(grid[0])  # "预算数（单位：万元）": the unit in a column's heading
        captioned = True
    if previous is not None and id(previous) in layouts and (
            (title is None and not captioned) or _title_repeated(previous, title, unit_name, pageno)):
        cont, cont_boxes, cont_cols = over_columns(cells, layouts[id(previous)])
        indents = (cells.indents or [None] * len(cont_boxes))[span[0]:span[1]]
        by_column = column_indents(cells, cont_cols)[span[0]:span[1]]
        pairs = [(r, Origin(page=pageno, box=b, indent=i, indents=c))
                 for r, b, i, c in zip(cont[span[0]:span[1]], cont_boxes[span[0]:span[1]], indents, by_column) if any(r)]
        pairs = _drop_repeated_header(previous.rows, pairs)
        width = len(previous.rows[0]) if previous.rows else 0
        previous.rows.extend(_pad([r for r, _ in pairs], width))
        previous.origins.extend(o for _, o in pairs)
        if previous.currency_unit is None:
            previous.currency_unit = _stated_unit(notes)
        return []
    number, title = _numbered(title)
    if number is None and not re.search(r"公开\d+表$", title or ""):  # "…决算总表公开04表" says its number itself
        number = _number_in(lines)
    raw = RawTable(number=number, title=title or "", rows=grid, currency_unit=unit or _stated_unit(notes),
                   source=f"page {pageno}", origins=origins)
    raw.notes = [f"unit_name:{unit_name}"] if unit_name else []
    tables.append(raw)
    layouts[id(raw)] = columns
    return []


def _own_header(previous: RawTable, first: list[str]) -> bool:
    """Whether an untitled table's first row is a header of its own, not the next page of the
    table before it: no amount in it, not one of that table's header rows, and a column heading
    that states its unit (珠海 2026 p.32: "项目 | 预算数（单位：万元） | 绩效目标" under a heading of the
    text, after 表12 ended on p.29)."""
    texts = [c for c in first if c.strip()]
    if not texts or any(is_amount(c) for c in texts) or first in previous.rows[:4]:
        return False
    return any(_headed_with_unit(c) for c in texts)


_FORMS = ("project_performance", "overall_performance")


def _numbered(title: str | None) -> tuple[str | None, str | None]:
    """A title's number as printed and the title without it: "三、部门收支总表" → ("三", "部门收支总表")."""
    m = re.match(r"^([一二三四五六七八九十]+|\d{1,2})[、.．]", title or "")
    return (m.group(1), title[m.end():]) if m else (None, title)


#: a table's number printed apart from its title, or before it: "表十一" on its own line (重庆 2026
#: p.31), "表 4" at the right (佛山 2019 p.12), "表11：2026年市级部门项目支出绩效表" (杭州 2026), "公开01表"
_NUMBER_LINE = re.compile(r"^(?:附)?表\s*([一二三四五六七八九十]+|\d{1,2})(?:\s*$|\s*[:：、]|\s+\S)|^公开\s*(\d{1,2})\s*表|^公开表\s*([一二三四五六七八九十]+|\d{1,2})")


def _number_in(lines: list[str]) -> str | None:
    """The table's number as printed in the lines above it (:data:`_NUMBER_LINE`), the last one
    that states one; ``None`` when none does."""
    for line in reversed(lines):
        m = _NUMBER_LINE.match(line.strip())
        if m:
            return next(g for g in m.groups() if g)
    return None


def _title_repeated(previous: RawTable, title: str | None, unit_name: str | None, pageno: int) -> bool:
    """A table that repeats the title of the table ending on the page before (and names no other
    unit): the same table continued, as 佛山市轨道交通局 2019 决算 prints its 收入支出决算总表 over
    pp.5–7, the title on each. A performance form is not: 长沙市公安局 2025 prints one form per
    project under the same title, page after page."""
    if title is None or not previous.origins or previous.origins[-1].page not in (pageno - 1, pageno):
        return False
    if base_kind(kind_of_title(title)) in _FORMS:
        return False  # a performance form per project, page after page: each is a table of its own
    named = next((n.split(":", 1)[1] for n in previous.notes if n.startswith("unit_name:")), None)
    if unit_name and named and unit_name != named:
        return False
    return re.sub(r"\s+", "", _numbered(title)[1]) == re.sub(r"\s+", "", previous.title)


def _pad(rows: list[list[str]], width: int) -> list[list[str]]:
    return [row + [""] * (width - len(row)) if len(row) < width else row for row in rows]


def _drop_repeated_header(before: list[list[str]], pairs: list[tuple[list[str], Origin]]) -> list[tuple[list[str], Origin]]:
    from ..tidy import is_data_row

    header = []
    for row in before:
        if is_data_row(row):
            break
        header.append([c.replace(" ", "") for c in row])
    while pairs and not is_data_row(pairs[0][0]) and [c.replace(" ", "") for c in pairs[0][0]] in header:
        pairs = pairs[1:]
    # a total printed at the head of every page (佛山 2019 决算's 收入决算表: 合计 above the items on
    # each page) is the table's once
    first = [[c.replace(" ", "") for c in row] for row in before[len(header):len(header) + 2]]
    while pairs and _is_total_row(pairs[0][0]) and [c.replace(" ", "") for c in pairs[0][0]] in first:
        pairs = pairs[1:]
    return pairs


def _is_total_row(row: list[str]) -> bool:
    from ..tidy import is_total_label

    return any(is_total_label(c) for c in row if c.strip())


_HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、．]|\d{1,2}\.(?!\d))")


def _paragraphs(lines: list[str], pages: list[int], rights: list[float] | None = None
                ) -> tuple[list[str], list[list[tuple[int, int]]]]:
    """PDF lines joined into paragraphs (and where their pages begin): a line continues the
    previous one when that one ran to the right margin of the text (it wrapped; measured on the
    page, since a line of digits holds more characters than a line of Chinese), did not end a
    sentence, and this one does not start a numbered heading; a line that opens with a figure
    always continues ("…预算总计" / "24,169.74万元，…")."""
    rights = rights or [None] * len(lines)
    kept = [(line, p, r) for line, p, r in zip(lines, pages, rights) if line and not _PAGE_NUMBER.match(line)]
    margins = _text_margins([(p, r, line) for line, p, r in kept])
    lengths = sorted(len(line) for line, _, _ in kept)
    full = lengths[int(len(lengths) * 0.9)] if lengths else 0
    out: list[str] = []
    pages: list[list[tuple[int, int]]] = []
    wrapped = False
    for line, page, right in kept:
        runs_on = out and not re.search(r"[。；！？]$", out[-1]) and (
            re.match(r"^[\d,.]+\s*(亿元|万元|元|万|%)", line)  # a figure never starts a sentence
            or (re.match(r"^(元|万元|亿元|%)", line) and re.search(r"[\d万亿]$", out[-1])))  # "…80.81万" / "元，…"
        left, margin, near = margins.get(page, margins[None])
        at_left = right is None or left is None or right[0] <= left + 4  # a wrapped line resumes at the margin
        if out and ((wrapped and at_left) or runs_on) and not _HEADING.match(line):
            if page != pages[-1][-1][1]:
                pages[-1].append((len(out[-1]), page))  # a sentence runs on over the page break
            out[-1] += line
        else:
            out.append(line)
            pages.append([(0, page)])
        reaches = (right[1] >= margin - near) if (right is not None and margin is not None) else len(line) >= 0.85 * full
        wrapped = reaches and not re.search(r"[。；！？：:]$", line)
    return out, pages


def _text_margins(lines: list[tuple[int, tuple[float, float] | None, str]]) -> dict:
    """Where the text's lines start and end, and how near the end a wrapped line stops:
    ``{page: (left, right, near)}`` and under ``None`` the document's. ``left`` is the 10th
    percentile of the starts, ``right`` the 90th of the ends, ``near`` a character and a quarter
    (at least 14 pt): a line that wraps may stop a character short of the margin, for the next
    character would not fit. A page of eight lines or more has its own, for a page may be set in
    from the others (国家信访局 2026 p.33, the 名词解释: its lines start at 90 pt where the other
    pages' start at 80)."""
    def of(rows):
        if not rows:
            return None, None, 14.0
        starts, ends = sorted(r[0] for r, _ in rows), sorted(r[1] for r, _ in rows)
        widths = sorted((r[1] - r[0]) / len(text) for r, text in rows if len(text) >= 10)
        near = max(14.0, 1.25 * widths[len(widths) // 2]) if widths else 14.0
        return starts[int(len(starts) * 0.1)], ends[int(len(ends) * 0.9)], near

    by_page: dict = {}
    for page, right, text in lines:
        if right is not None:
            by_page.setdefault(page, []).append((right, text))
    out = {page: of(rows) for page, rows in by_page.items() if len(rows) >= 8}
    out[None] = of([(r, text) for _, r, text in lines if r is not None])
    return out
