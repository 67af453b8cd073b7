"""Where the tables state what a sentence speaks of: the cell(s) a narrative subject matches.

``cells_for(d, subject, label)`` gives every table cell that states the subject (a total may
be stated by several tables); a sentence's figure is compared with them, and linked to the one
it equals (``Fact.table_ref``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .identities import paired_row, scope_of, values
from .kinds import SUMMARY_LINES, base_kind
from .model import Disclosure, Table

__all__ = ["TableCell", "cells_for", "function_path"]


@dataclass(frozen=True)
class TableCell:
    fen: int
    table: str  # the title
    row: str | None
    column: str
    page: int | None
    unit: str  # the table's unit: how precisely it prints the amount
    file: str | None = None
    box: tuple | None = None  # the row's box on its page
    source: Table | None = field(default=None, compare=False, repr=False)  # the table it is printed in
    index: int | None = None  # its row in the table's frame

    def ref(self) -> dict:
        return {"table": self.table, "row": self.row, "column": self.column, "page": self.page, "file": self.file}


def _cell(t: Table, i: int | None, column: str) -> TableCell | None:
    if i is None or column not in t.frame:
        return None
    v = values(t)
    fen = v[column][i]
    if fen is None:
        return None
    page = v["page"][i] if "page" in v else None
    box = v["box"][i] if "box" in v else None
    return TableCell(int(fen), t.title, v["label"][i] if "label" in v else None, column,
                     None if page is None or pd.isna(page) else int(page), t.unit_used, t.file,
                     tuple(box) if isinstance(box, (tuple, list)) else None, t, i)


# subject → (kind, side, label pattern, totals only) in the two-sided summaries
_SUMMARY = {
    "income_total": ("income_expenditure_summary", "income", r"^(收入总计|总计|收入合计)$", True),
    "expenditure_total": ("income_expenditure_summary", "expenditure", r"^(支出总计|总计|支出合计)$", True),
    "income_current": ("income_expenditure_summary", "income", rf"^({'|'.join(SUMMARY_LINES['income_current'])})$", True),
    "expenditure_current": ("income_expenditure_summary", "expenditure", rf"^({'|'.join(SUMMARY_LINES['expenditure_current'])})$", True),
    "carryover_begin": ("income_expenditure_summary", "income", rf"^({'|'.join(SUMMARY_LINES['carryover_begin'])})", False),
    "carryover_end": ("income_expenditure_summary", "expenditure", rf"^({'|'.join(SUMMARY_LINES['carryover_end'])})", False),
    "fiscal_total": ("fiscal_appropriation_summary", "income", r"^(总计|收入总计|收入合计)$", True),
    "fiscal_income": ("fiscal_appropriation_summary", "income", r"^(本年收入合计|收入合计|本年收入小计)$", True),
    "fiscal_expenditure": ("fiscal_appropriation_summary", "expenditure", r"^(本年支出合计|支出合计|本年支出小计)$", True),
}
# subject → (kind, column) of a grid table's total row
_GRID = {
    "basic": [("expenditure_summary", "basic"), ("general_budget_expenditure", "basic"),
              ("general_budget_basic_expenditure", "total")],
    "project": [("expenditure_summary", "project"), ("general_budget_expenditure", "project")],
    "personnel": [("general_budget_basic_expenditure", "personnel")],
    "operating": [("general_budget_basic_expenditure", "operating")],
    "operating_costs": [("operating_costs", "total")],
    "procurement": [("government_procurement", "total")],  # 烟台 2026 p.40 "政府采购预算0万元", 公开表12 p.38 29,837.96
}


def cells_for(d: Disclosure, subject: str, label: str | None = None) -> list[TableCell]:
    """Every table cell stating ``subject`` (``label``: the item of a function_item)."""
    out: list[TableCell] = []
    if subject in _SUMMARY:
        kind, side, pattern, totals = _SUMMARY[subject]
        for t in d.tables_of(kind):
            cell = _cell(t, paired_row(t, side, pattern, totals), "total")
            if cell:
                out.append(cell)
        if subject in ("income_current", "expenditure_current"):  # the 收入总表 / 支出总表 state them too
            for t in d.tables_of("income_summary" if subject == "income_current" else "expenditure_summary"):
                cell = _cell(t, t.total_row("total"), "total")
                if cell:
                    out.append(cell)
    for kind, column in _GRID.get(subject, []):
        for t in d.tables_of(kind):
            cell = _cell(t, t.total_row(column), column)
            if cell:
                out.append(cell)
    if subject in ("personnel", "operating") and not out:  # 决算: the 基本支出表's 人员经费合计 / 公用经费合计 rows
        for t in d.tables_of("general_budget_basic_expenditure"):
            cell = _cell(t, t.total_row("total", "人员经费" if subject == "personnel" else "公用经费"), "total")
            if cell:
                out.append(cell)
    if subject == "general_budget":
        for t in d.tables_of("general_budget_expenditure"):
            if scope_of(t) == "general":
                cell = _cell(t, t.total_row("total"), "total")
                if cell:
                    out.append(cell)
    if subject == "three_public":
        from .identities import three_public_cells

        for t in d.tables_of("three_public"):
            i = three_public_cells(t).get("total")
            cell = _cell(t, i, "total")
            if cell:
                out.append(cell)
    if subject == "function_item" and label:
        out += _function_cells(d, label)
    return out


_LEVELS = re.compile(r"(?P<name>[^（(）)“”\"，。；、]+?)\s*[（(](?P<level>[类款项])[）)]")


def function_path(label: str) -> dict[str, str]:
    """"一般公共服务支出（类）财政事务（款）行政运行（项）" → {类: …, 款: …, 项: …}."""
    return {m.group("level"): m.group("name").strip().lstrip("0123456789.．、 ") for m in _LEVELS.finditer(label or "")}


def _function_cells(d: Disclosure, label: str) -> list[TableCell]:
    path = function_path(label)
    out = []
    for t in d.tables:
        if base_kind(t.kind) not in ("general_budget_expenditure", "expenditure_summary") or "func_code" not in t.frame:
            continue
        f = t.items
        column = {c: f[c].tolist() for c in ("func_name", "func_class_name", "func_section_name", "func_level") if c in f}
        if path:
            level = "项" if "项" in path else "款" if "款" in path else "类"
            wanted = {"func_name": path[level]}
            if "类" in path and "func_class_name" in column:
                wanted["func_class_name"] = path["类"]
            if "款" in path and level == "项" and "func_section_name" in column:
                wanted["func_section_name"] = path["款"]
            if "func_level" in column:
                wanted["func_level"] = level
        else:
            wanted = {"func_name": label.strip(), "func_level": "类"}
        if any(c not in column for c in wanted):
            continue
        rows = [i for k, i in enumerate(f.index)
                if all(isinstance(column[c][k], str) and column[c][k] == v for c, v in wanted.items())]
        if len(rows) == 1:
            cell = _cell(t, int(rows[0]), "total")
            if cell:
                out.append(cell)
    return out


#: subjects whose amount a table states
LINKED_SUBJECTS = ("income_total", "expenditure_total", "income_current", "expenditure_current", "carryover_begin",
                   "carryover_end", "fiscal_total", "fiscal_income", "fiscal_expenditure", "basic", "project",
                   "personnel", "operating", "general_budget", "three_public", "function_item", "operating_costs",
                   "procurement")


def link_facts(d: Disclosure) -> None:
    """Link every narrative amount to the table cell that states it (``Fact.table_ref``): the
    same subject, the figure the table holds (a 预算's budget, a 决算's spending) and the amount
    within the sentence's rounding."""
    from .checks.tolerance import half_digit_fen
    from .money import CURRENCY_UNITS

    wanted = ("决算", None) if d.kind == "决算" else ("年初预算", None)
    for f in d.facts:
        if f.subject not in LINKED_SUBJECTS or f.kind != "amount" or f.basis not in wanted \
                or f.unit not in CURRENCY_UNITS or isinstance(f.value, bool):
            continue
        fen = f.value * CURRENCY_UNITS[f.unit] * 100
        tol = half_digit_fen(f.value, f.unit)
        hit = next((c for c in cells_for(d, f.subject, f.label) if abs(c.fen - fen) <= tol), None)
        f.table_ref = hit.ref() if hit else None
