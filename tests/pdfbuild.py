"""Small ruled tables drawn into PDFs with reportlab (its built-in Adobe CJK font, which
pdfplumber reads back as text), one per layout the PDF reader must handle. The tests write
their own tables, so each failure class has a page whose every cell is known."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
PAGE = (595, 842)


@dataclass
class Grid:
    """A ruled table: rows of cell texts ("\\n" wraps a cell), column widths, row height."""

    rows: list[list[str]]
    widths: list[float]
    row_height: float = 22
    title: str | None = None
    captions: list[tuple[str, str]] = field(default_factory=list)  # (text, "left" | "right")
    note: str | None = None
    shifted: dict[int, float] = field(default_factory=dict)  # column → how far its rules sit above the others
    spans: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, col) → columns the cell covers
    open_top: bool = False  # drawn without its top rule (a table continued from the page before)


def _cell(c, text: str, x0: float, x1: float, top: float, bottom: float, size: float = 9) -> None:
    lines = text.split("\n")
    total = len(lines) * (size + 2)
    y = (top + bottom) / 2 + total / 2 - size
    for line in lines:
        if _numeric(line):
            c.drawRightString(x1 - 3, y, line)
        else:
            c.drawString(x0 + 3, y, line)
        y -= size + 2


def _numeric(text: str) -> bool:
    return bool(text) and all(ch in "0123456789,.-" for ch in text)


def draw(c, grid: Grid, top: float) -> float:
    """Draw ``grid`` with its top at ``top`` (points from the page bottom); returns its bottom."""
    c.setFont(FONT, 9)
    left = 60
    y = top
    if grid.title:
        c.setFont(FONT, 14)
        c.drawCentredString(PAGE[0] / 2, y - 14, grid.title)
        y -= 28
        c.setFont(FONT, 9)
    for text, side in grid.captions:
        (c.drawString(left, y - 10, text) if side == "left" else c.drawRightString(left + sum(grid.widths), y - 10, text))
    if grid.captions:
        y -= 18
    xs = [left]
    for w in grid.widths:
        xs.append(xs[-1] + w)
    bottom = y - grid.row_height * len(grid.rows)
    for j in range(len(xs) - 1):  # horizontal rules, column by column (a shifted column's rules sit higher)
        dy = grid.shifted.get(j, 0)
        for i in range(1 if grid.open_top else 0, len(grid.rows) + 1):
            yy = y - i * grid.row_height + dy
            c.line(xs[j], yy, xs[j + 1], yy)
    for i, row in enumerate(grid.rows):
        row_top, row_bottom = y - i * grid.row_height, y - (i + 1) * grid.row_height
        j = 0
        while j < len(row):
            span = grid.spans.get((i, j), 1)
            dy = max(grid.shifted.get(j, 0), grid.shifted.get(j - 1, 0))  # a shifted column's sides move with it
            c.line(xs[j], row_top + dy, xs[j], row_bottom + dy)
            if row[j]:
                _cell(c, row[j], xs[j], xs[j + span], row_top, row_bottom)
            j += span
        dy = grid.shifted.get(len(row) - 1, 0)
        c.line(xs[-1], row_top + dy, xs[-1], row_bottom + dy)
    if grid.note:
        c.drawString(left, bottom - 14, grid.note)
    return bottom


def build(path, pages: list[list[Grid]], cover: list[str] | None = None) -> None:
    """A PDF with a cover (title lines) and then the grids, each page's grids one below another."""
    c = canvas.Canvas(str(path), pagesize=PAGE)
    if cover:
        c.setFont(FONT, 18)
        for k, line in enumerate(cover):
            c.drawCentredString(PAGE[0] / 2, 600 - 30 * k, line)
        c.showPage()
    for grids in pages:
        top = PAGE[1] - 60
        for g in grids:
            top = draw(c, g, top) - 40
        c.showPage()
    c.save()
