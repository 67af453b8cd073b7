"""Reader for Word documents (.docx, python-docx): paragraphs are the narrative, tables are read
natively cell by cell; a table's title is the paragraph just above it."""

from __future__ import annotations

from pathlib import Path

from ..errors import ReadError
from .grid import cell_text, split_captions, table_from_grid
from .raw import RawDocument

__all__ = ["read_docx"]


def read_docx(path: str | Path) -> RawDocument:
    path = Path(path)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile / KeyError / ValueError on broken files
        raise ReadError(path, f"not a readable .docx file ({type(exc).__name__}: {exc})") from exc
    narrative: list[str] = []
    tables = []
    recent: list[str] = []  # paragraphs since the last table: captions of the next one
    for n, block in enumerate(document.element.body.iterchildren()):
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(block, document).text.strip()
            if text:
                recent.append(text)
            continue
        if tag != "tbl":
            continue
        table = Table(block, document)
        grid = []
        for row in table.rows:
            cells, seen = [], []
            for cell in row.cells:
                text = cell_text(cell.text)
                # a merged cell repeats across its span: keep the words, blank repeated amounts
                cells.append("" if cell._tc in seen and text and _amountish(text) else text)
                seen.append(cell._tc)
            grid.append(cells)
        before, captions = split_captions(recent)
        narrative += before
        tables.append(table_from_grid(grid, f"table {len(tables) + 1}", captions=captions))
        recent = []
    narrative += recent
    return RawDocument(path=str(path), narrative=narrative, tables=tables, format="docx")


def _amountish(text: str) -> bool:
    from ..money import is_amount

    return is_amount(text)
