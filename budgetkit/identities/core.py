"""An :class:`Identity` (two sums of printed cells that must be equal, with its tolerance and the
message its failure gives), the :class:`Cell` it rests on, and the helpers every identity uses: a
table's values, its total rows, a paired summary's rows, an amount as the document writes it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..kinds import COLUMN_LABELS
from ..model import Table
from ..money import format_amount


# a tuple, not a set: cross identities (and so the findings that speak for a cause) follow this order
PAIRED = ("income_expenditure_summary", "fiscal_appropriation_summary")
# tables whose outline budgetkit does not model (procurement lists items under their groups);
# 三公 tables are checked by their parts
SKIP_SUM = {"project_performance", "overall_performance", "government_procurement", "three_public"}
_NOT_ROW_TABLES = SKIP_SUM.union(PAIRED)  # tables whose rows the same-row identities skip


@dataclass(frozen=True)
class Cell:
    """One printed amount: the table's position in ``Disclosure.tables``, the frame row, the column."""

    table: int
    row: int
    column: str


@dataclass(eq=False)
class Identity:
    """Σ ``left`` = Σ ``right`` within ``tolerance`` fen (blank cells count as nothing)."""

    rule: str  # the audit rule that reports it
    text: str  # what must hold, in Chinese: "合计 = 基本支出 + 项目支出"
    left: tuple[Cell, ...]
    right: tuple[Cell, ...]
    left_fen: int | None  # None: every left cell blank
    right_fen: int | None
    tolerance: int
    message: str = ""  # the finding's message when it fails (Chinese, both figures and the gap)
    table: str | None = None  # where, for the finding
    row: str | None = None
    column: str | None = None
    tables: tuple[int, ...] = field(default=())
    reference: str = "right"  # the side a finding calls "expected": the parts, or the first table's claim
    explained: str | None = None  # a row set aside by the reader accounts for the gap (its reason)

    @property
    def expected_fen(self) -> int | None:
        return self.right_fen if self.reference == "right" else self.left_fen

    @property
    def actual_fen(self) -> int | None:
        return self.left_fen if self.reference == "right" else self.right_fen

    @property
    def gap(self) -> int:
        return abs((self.left_fen or 0) - (self.right_fen or 0))

    @property
    def holds(self) -> bool:
        return self.gap <= self.tolerance

    @property
    def cells(self) -> tuple[Cell, ...]:
        return self.left + self.right


# ------------------------------------------------------------------------------------ helpers
def _blank(v) -> bool:
    return v is None or pd.isna(v)


def _tolerance(unit: str, parts: int) -> int:
    from ..checks.tolerance import table_tolerance_fen

    return table_tolerance_fen(unit, parts)


def _where(t: Table) -> str:
    return t.where


def _col(name: str) -> str:
    return COLUMN_LABELS.get(name, name)


def amount_text(fen: int | None, unit: str) -> str:
    """An amount as the document writes it in its table's unit: "94,995,790元",
    "1,238.58万元", "0.01万元"."""
    fen = fen or 0
    if unit == "元":
        return f"{format_amount(fen, '元', 0 if fen % 100 == 0 else 2)}元"
    return f"{format_amount(fen, unit)}{unit}"


def _gap_unit(*tables: Table) -> str:
    return "元" if any(t.unit_used == "元" for t in tables) else tables[0].unit_used


def _row_name_at(v: dict, i: int) -> str:
    parts = [v[k][i] for k in ("func_code", "gov_econ_code", "dept_econ_code") if k in v and isinstance(v[k][i], str)]
    label = v.get("label", [None] * (i + 1))[i]
    if isinstance(label, str) and label:
        parts.append(label)
    return " ".join(parts) or f"第{i + 1}行"


def values(t: Table) -> dict[str, list]:
    """The table's columns as plain lists (amounts as int or None), by frame row: read once per
    table, since identities look up thousands of cells (whoever changes the frame afterwards
    calls :meth:`Table.forget`)."""
    cached = t.__dict__.get("_values")
    if cached is None:
        cached = {}
        for col in t.frame.columns:
            if col in t.amount_columns:
                cached[col] = [None if _blank(v) else int(v) for v in t.frame[col].tolist()]
            else:
                cached[col] = t.frame[col].tolist()
        t.__dict__["_values"] = cached
    return cached


def total_flags(t: Table) -> list:
    """Whether each frame row of ``t`` is a total (合计, 小计 …): its ``is_total`` cells, none
    for a table that marks no totals."""
    return values(t).get("is_total") or [False] * len(t.frame)


def _sum(t: Table, cells: list[Cell]) -> int | None:
    """Σ of ``cells`` of table ``t`` (``None``: every cell blank)."""
    v = values(t)
    found = [v[c.column][c.row] for c in cells if v[c.column][c.row] is not None]
    return sum(found) if found else None


def _cells(ti: int, rows: pd.DataFrame, column: str) -> list[Cell]:
    """The non-blank cells of ``column`` in ``rows``."""
    col = rows[column]
    return [Cell(ti, int(i), column) for i, v in zip(rows.index, col.tolist()) if not _blank(v)]


def paired_row(t: Table, side: str, pattern: str, totals_only: bool | None = None) -> int | None:
    """The first row on ``side`` of a two-sided summary whose label matches ``pattern``."""
    if "side" not in t.frame:
        return None
    v = values(t)
    for i, (s, total, label) in enumerate(zip(v["side"], v["is_total"], v["label"])):
        if s != side or (totals_only is not None and bool(total) != totals_only):
            continue
        if re.search(pattern, re.sub(r"\s+", "", label if isinstance(label, str) else "")):
            return i
    return None
