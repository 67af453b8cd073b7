"""What every reader produces: the document's text lines and its tables as rows of cells.

Readers know formats; they know nothing of budgets beyond where a table starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["RawTable", "RawDocument"]


@dataclass
class RawTable:
    """One table as found: its number and title as printed, rows of cell texts."""

    number: str | None  # as printed: "二", "2", "十四"
    title: str
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # lines such as "注：…" under the table
    currency_unit: str | None = None  # a unit stated outside the rows (title line, PDF caption)
    source: str = ""  # where in the file: "line 67", "page 3"


@dataclass
class RawDocument:
    path: str
    narrative: list[str]  # the prose lines, in order, blank lines kept
    tables: list[RawTable]
    format: str = "text"
