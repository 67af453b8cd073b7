"""The quick table finder (budgetkit/readers/table_finder.py) finds pdfplumber's own cells and
tables: on a grid drawn for the test, and on every page of the corpus PDFs as the reader sees
them (pdfium's objects, or pdfminer's where pdfium cannot give them whole)."""

from __future__ import annotations

import pdfplumber
import pytest
from pdfplumber.table import TableFinder, intersections_to_cells

from budgetkit.readers.pdf import _give_objects, _pdfium_pages
from budgetkit.readers.table_finder import cells, find_tables


def _edge(x0, top, x1, bottom):
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "orientation": "v" if x0 == x1 else "h"}


def _crossings(edges: list[dict]) -> dict:
    found: dict = {}
    for v in (e for e in edges if e["orientation"] == "v"):
        for h in (e for e in edges if e["orientation"] == "h"):
            if v["top"] <= h["top"] <= v["bottom"] and h["x0"] <= v["x0"] <= h["x1"]:
                point = found.setdefault((v["x0"], h["top"]), {"v": [], "h": []})
                point["v"].append(v)
                point["h"].append(h)
    return found


def test_a_ruled_grid_and_a_cell_without_its_inner_rule():
    """Three columns (x 0, 10, 30, 60) by two rows (top 0, 5, 12), whose second row has no rule
    between its first two columns: five cells, the wide one among them, in pdfplumber's order."""
    edges = [_edge(0, 0, 0, 12), _edge(10, 0, 10, 5), _edge(30, 0, 30, 12), _edge(60, 0, 60, 12),
             _edge(0, 0, 60, 0), _edge(0, 5, 60, 5), _edge(0, 12, 60, 12)]
    crossings = _crossings(edges)
    expected = [(0, 0, 10, 5), (0, 5, 30, 12), (10, 0, 30, 5), (30, 0, 60, 5), (30, 5, 60, 12)]
    assert intersections_to_cells(crossings) == expected  # what the test draws, as pdfplumber reads it
    assert cells(crossings) == expected


@pytest.mark.corpus
def test_every_corpus_page_gives_pdfplumbers_cells_and_tables(corpus):
    pages = with_tables = 0
    for path in sorted(corpus.glob("*/*.pdf")):
        with pdfplumber.open(path) as pdf, _pdfium_pages(path) as fast:
            for index, page in enumerate(pdf.pages):
                _give_objects(page, fast, index)
                theirs = TableFinder(page)
                assert cells(theirs.intersections) == theirs.cells, f"{path.name} page {index + 1}"
                ours = find_tables(page)
                assert [(t.bbox, [row.cells for row in t.rows]) for t in ours] == \
                    [(t.bbox, [row.cells for row in t.rows]) for t in theirs.tables], f"{path.name} page {index + 1}"
                pages += 1
                with_tables += bool(ours)
    assert (pages, with_tables) == (1170, 704)  # the 36 PDFs of the manifest (457 and 239 of the first 20)
