"""What every reader produces: the document's text lines and its tables as rows of cells.

Readers know formats; they know nothing of budgets beyond where a table starts. Every row
keeps where it was printed (:class:`Origin`), so that every amount read from it can be traced
back to its page and cell box (PDF) or its line (text).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["RawTable", "RawDocument", "Origin"]


@dataclass(frozen=True)
class Origin:
    """Where a row was printed: PDF page (1-based) and box (x0, top, x1, bottom in points),
    or the line of a text file; a sheet or Word table gives its row number as ``line``."""

    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    line: int | None = None
    file: str | None = None  # set when a disclosure is read from several files
    indent: float | None = None  # PDF: how far the row's label is set in from its cell's left rule (points)
    indents: tuple[tuple[int, float], ...] = ()  # PDF: each label cell's (column, how far set in)

    def describe(self) -> str:
        where = f"第{self.page}页" if self.page else (f"第{self.line}行" if self.line else "")
        return where


@dataclass
class RawTable:
    """One table as found: its number and title as printed, rows of cell texts."""

    number: str | None  # as printed: "二", "2", "十四"
    title: str
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # lines such as "注：…" under the table
    currency_unit: str | None = None  # a unit stated outside the rows (title line, PDF caption)
    source: str = ""  # where in the file: "line 67", "page 3"
    origins: list[Origin] = field(default_factory=list)  # one per row, where it was printed
    file: str | None = None  # the file it came from (a disclosure may come in several files)

    def origin(self, i: int) -> Origin:
        """Where row ``i`` was printed (an empty :class:`Origin` when the reader did not say)."""
        return self.origins[i] if i < len(self.origins) else Origin()

    def keep_rows(self, keep) -> None:
        """Keep the rows (and their origins) for which ``keep(row)`` is true."""
        pairs = [(r, self.origin(i)) for i, r in enumerate(self.rows) if keep(r)]
        self.rows = [r for r, _ in pairs]
        self.origins = [o for _, o in pairs]


@dataclass
class RawDocument:
    path: str
    narrative: list[str]  # the prose lines, in order, blank lines kept
    tables: list[RawTable]
    format: str = "text"
    # for each narrative line (PDF: paragraph), where its pages begin: [(character offset, page), …]
    narrative_pages: list[list[tuple[int, int]]] = field(default_factory=list)
    # the coded rows of amounts the pages print, read apart from the tables (PDF: readers.printed)
    printed: list = field(default_factory=list)

    def page_map(self, i: int) -> list[tuple[int, int]]:
        return self.narrative_pages[i] if i < len(self.narrative_pages) else []
