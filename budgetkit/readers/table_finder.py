"""pdfplumber's table finder, with its search for cells made quick.

pdfplumber finds a table's cells from the points where its rules cross: for each point, the
nearest point below and the nearest to its right that close a rectangle along drawn rules. Its
``intersections_to_cells`` scans every later point for each point (the whole list, to find the
few in the same column or row) and rebuilds, for every pair it tests, the sets of rules through
both points: on a ruled budget table of a few hundred crossings that was half of finding the
tables, and 7% of reading a PDF.

:func:`cells` is the same search over the same points in the same order, and gives the same
cells in the same order: the points of each column and of each row are grouped once, and each
point's rules made a set once. :func:`find_tables` is ``page.find_tables()`` (pdfplumber's own
settings, edges, crossings and grouping of cells into tables) with it.
``tests/test_table_finder.py`` holds it to pdfplumber's on every page of the corpus.
"""

from __future__ import annotations

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils import obj_to_bbox

__all__ = ["cells", "find_tables", "open_ends"]


def cells(intersections: dict) -> list[tuple]:
    """The cells (x0, top, x1, bottom) that the rule crossings ``intersections`` describe, as
    ``pdfplumber.table.intersections_to_cells`` gives them: ``intersections`` maps each
    crossing (x, top) to the vertical (``"v"``) and horizontal (``"h"``) edges through it."""
    points = sorted(intersections)
    vertical = {p: {obj_to_bbox(e) for e in intersections[p]["v"]} for p in points}
    horizontal = {p: {obj_to_bbox(e) for e in intersections[p]["h"]} for p in points}
    below_of: dict[float, list] = {}  # x → the points at x, top to bottom (points are sorted by x, then top)
    right_of: dict[float, list] = {}  # top → the points at that height, left to right
    for p in points:
        below_of.setdefault(p[0], []).append(p)
        right_of.setdefault(p[1], []).append(p)
    place_in_column = {p: i for column in below_of.values() for i, p in enumerate(column)}
    place_in_row = {p: i for row in right_of.values() for i, p in enumerate(row)}

    def joined_down(a, b) -> bool:  # a rule runs from a down to b (same x)
        return not vertical[a].isdisjoint(vertical[b])

    def joined_across(a, b) -> bool:  # a rule runs from a across to b (same top)
        return not horizontal[a].isdisjoint(horizontal[b])

    def smallest(pt):  # the cell pt is the top left corner of, if any
        for below_pt in below_of[pt[0]][place_in_column[pt] + 1:]:
            if not joined_down(pt, below_pt):
                continue
            for right_pt in right_of[pt[1]][place_in_row[pt] + 1:]:
                corner = (right_pt[0], below_pt[1])
                if (joined_across(pt, right_pt) and corner in vertical  # a crossing
                        and joined_down(right_pt, corner) and joined_across(below_pt, corner)):
                    return (pt[0], pt[1], corner[0], corner[1])
        return None

    return [cell for cell in map(smallest, points) if cell is not None]


class _Edges:
    """A page whose ``edges`` are given: pdfplumber builds a page's edges anew on every access,
    and the reader already holds them."""

    def __init__(self, page, edges: list[dict]):
        self._page, self.edges = page, edges

    def __getattr__(self, name):
        return getattr(self._page, name)


class _Finder(TableFinder):
    """``pdfplumber.table.TableFinder`` whose cells come from :func:`cells`; its other steps
    are pdfplumber's, in its order."""

    def __init__(self, page, settings=None, edges: list[dict] | None = None):
        self.settings = TableSettings.resolve(settings)
        self.page = page if edges is None else _Edges(page, edges)
        self.edges = self.get_edges()
        self.page = page
        self.intersections = edges_to_intersections(self.edges, self.settings.intersection_x_tolerance,
                                                    self.settings.intersection_y_tolerance)
        self.cells = cells(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]


def find_tables(page, settings=None, edges: list[dict] | None = None) -> list:
    """``page.find_tables(settings)``, the same tables, found quicker (``edges``: the page's
    edges, when the caller holds them already)."""
    return _Finder(page, settings, edges).tables


def open_ends(edges: list[dict], tolerance: float = 2.0) -> list[dict]:
    """The rules a table continued over pages leaves out: where three or more of a page's vertical
    rules start (or end) at the page's highest (lowest) rule height, above (below) every horizontal
    rule across them, the page's first (last) table row is drawn open (西南大学 2024 决算 p.11 and
    p.13 continue their tables without a top rule, and pdfplumber finds no cell in the open row:
    "206 科学技术支出" was lost). Only the first table of a page can go on from the page before, and
    only the last go on to the next. Returned as line objects for pdfplumber's
    ``explicit_horizontal_lines``; none on a page whose tables are closed."""
    vertical = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > tolerance]
    if len(vertical) < 3:
        return []
    horizontal = [e for e in edges if e["orientation"] == "h"]
    out = []
    for end, outer in (("top", min), ("bottom", max)):
        edge = outer(e[end] for e in vertical)
        group = [e for e in vertical if abs(e[end] - edge) <= tolerance]
        if len(group) < 3:
            continue
        y = sum(e[end] for e in group) / len(group)
        x0, x1 = min(e["x0"] for e in group), max(e["x1"] for e in group)
        across = [h["top"] for h in horizontal if h["x0"] < x1 and h["x1"] > x0]
        if not across or (y > min(across) - tolerance if end == "top" else y < max(across) + tolerance):
            continue  # closed
        out.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0,
                    "height": 0.0, "doctop": y, "y0": 0.0, "y1": 0.0})
    return out
