"""Readers for workbooks: .xlsx (openpyxl) and .xls (xlrd). One sheet is one table; merged
header cells are repeated across their span; the sheet's name is a title hint."""

from __future__ import annotations

from pathlib import Path

from ..errors import ReadError
from .grid import cell_text, table_from_grid
from .raw import RawDocument

__all__ = ["read_xlsx", "read_xls"]


def read_xlsx(path: str | Path) -> RawDocument:
    path = Path(path)
    try:
        import openpyxl

        book = openpyxl.load_workbook(str(path), data_only=True, read_only=False)
    except Exception as exc:
        raise ReadError(path, f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    tables = []
    for sheet in book.worksheets:
        grid = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:  # repeat a merged cell's text across its columns
            text = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row - 1 < len(grid) else ""
            for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
                for c in range(merged.min_col - 1, merged.max_col):
                    if r == merged.min_row - 1 and c < len(grid[r]):
                        grid[r][c] = text
        numbered = [(n, row) for n, row in enumerate(grid, start=1) if any(row)]
        if numbered:
            tables.append(table_from_grid([r for _, r in numbered], f"sheet {sheet.title}", title_hint=sheet.title,
                                          lines=[n for n, _ in numbered]))
    return RawDocument(path=str(path), narrative=[], tables=tables, format="xlsx")


def read_xls(path: str | Path) -> RawDocument:
    path = Path(path)
    try:
        import xlrd

        book = xlrd.open_workbook(str(path), formatting_info=False)
    except Exception as exc:
        raise ReadError(path, f"not a readable .xls workbook ({type(exc).__name__}: {exc})") from exc
    tables = []
    for sheet in book.sheets():
        grid = [[cell_text(sheet.cell_value(r, c)) for c in range(sheet.ncols)] for r in range(sheet.nrows)]
        numbered = [(n, row) for n, row in enumerate(grid, start=1) if any(row)]
        if numbered:
            tables.append(table_from_grid([r for _, r in numbered], f"sheet {sheet.name}", title_hint=sheet.name,
                                          lines=[n for n, _ in numbered]))
    return RawDocument(path=str(path), narrative=[], tables=tables, format="xls")
