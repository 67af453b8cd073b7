"""The key totals of a disclosure (income, spending, basic, project, personnel, operating).

Each is read from the first table that states it, in an order of preference that favours
the summary tables; ``key_totals`` says where each figure came from.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .kinds import SUMMARY_LINES
from .model import Disclosure, Table

__all__ = ["KEY_TOTALS", "KEY_TOTAL_LABELS", "total_label", "key_totals", "KeyTotal", "by_use"]

KEY_TOTALS = ("income", "expenditure", "income_current", "expenditure_current", "carryover_begin", "carryover_end",
              "basic", "project", "personnel", "operating")

#: Chinese names of the key totals, for reports and the summary
KEY_TOTAL_LABELS = {
    "income": "收入总计", "expenditure": "支出总计", "income_current": "本年收入合计",
    "expenditure_current": "本年支出合计", "carryover_begin": "年初结转和结余", "carryover_end": "年末结转和结余",
    "basic": "基本支出", "project": "项目支出", "personnel": "人员经费", "operating": "公用经费",
}
#: a budget's words for its income and expenditure totals (a 决算's are what came in and went out)
_BUDGET_WORDS = {"income": "收入预算", "expenditure": "支出预算"}


def total_label(name: str, kind: str | None) -> str | None:
    """Key total ``name`` in the words of a disclosure of ``kind``: a budget's 收入预算, a
    决算's 收入总计 (as its headline names it); ``None`` for a name that is no key total."""
    return (kind != "决算" and _BUDGET_WORDS.get(name)) or KEY_TOTAL_LABELS.get(name)


@dataclass(frozen=True)
class KeyTotal:
    name: str
    fen: int | None
    table: str | None  # the title of the table it was read from
    column: str | None
    page: int | None = None  # where it is printed (PDF)
    status: str = "unchecked"  # the reading's verification status (budgetkit.verify)
    file: str | None = None

    @property
    def trusted(self) -> bool:
        """Printed and read as a fact: not doubtful, not contradicted by the document itself."""
        return self.fen is not None and self.status in ("verified", "unchecked")


@dataclass(frozen=True)
class _Hit:
    fen: int
    table: Table
    row: int
    column: str


def _paired_hit(d: Disclosure, side: str, labels: tuple[str, ...], totals: bool = True) -> _Hit | None:
    """The first total row (``totals``; else item row) on ``side`` of a 收支总表 whose label holds
    one of ``labels`` (tried in order) and states a total."""
    from .identities import PAIRED, total_flags, values

    for kind in PAIRED:
        t = d.table(kind)
        if t is None or "side" not in t.frame or "total" not in t.frame:
            continue
        v = values(t)
        flags = total_flags(t)
        rows = [i for i, (total, s) in enumerate(zip(flags, v["side"])) if bool(total) == totals and s == side]
        for label in labels:
            for i in rows:
                name, fen = v["label"][i], v["total"][i]
                if isinstance(name, str) and label in name and fen is not None:
                    return _Hit(fen, t, i, "total")
    return None


def _grand_total(d: Disclosure, side: str) -> _Hit | None:
    """A side's grand total (收入总计 / 支出总计, all funds, carry-overs in): the largest total row
    on that side of the 收支总表, whatever its label (合计 printed first in 重庆 2026, 合计 under
    本年收入合计 and 结转 in 西南大学 2024 决算); the 财政拨款收支总表's only where no 收支总表 is."""
    from .identities import PAIRED, total_flags, values

    for kind in PAIRED:
        best = None
        for t in d.tables_of(kind):
            if "side" not in t.frame or "total" not in t.frame:
                continue
            v = values(t)
            for i, (flag, s, fen) in enumerate(zip(total_flags(t), v["side"], v["total"])):
                if flag and s == side and fen is not None and (best is None or fen > best.fen):
                    best = _Hit(fen, t, i, "total")
        if best is not None:
            return best
    return None


def _paired_total(d: Disclosure, side: str, labels: tuple[str, ...], totals: bool = True) -> tuple[int | None, str | None]:
    hit = _paired_hit(d, side, labels, totals)
    return (hit.fen, hit.table.title) if hit else (None, None)


def _grid_hit(t: Table, column: str, label: str | None = None) -> _Hit | None:
    i = t.total_row(column, label)
    if i is None:
        return None
    return _Hit(int(t.frame.at[i, column]), t, i, column)


def _key(name: str, hit: _Hit | None) -> KeyTotal:
    if hit is None:
        return KeyTotal(name, None, None, None)
    f = hit.table.frame
    page = f.at[hit.row, "page"] if "page" in f else None
    return KeyTotal(name, hit.fen, hit.table.title, hit.column, None if page is None or pd.isna(page) else int(page),
                    hit.table.cell(hit.row, hit.column), hit.table.file)


# (kind, column) in order of preference for each total
_PREFERENCE = {
    "income": [("income_summary", "total")],
    "expenditure": [("expenditure_summary", "total"), ("general_budget_expenditure", "total")],
    "basic": [("expenditure_summary", "basic"), ("general_budget_expenditure", "basic"),
              ("general_budget_basic_expenditure", "total")],
    "project": [("expenditure_summary", "project"), ("general_budget_expenditure", "project"),
                ("project_expenditure", "total")],
    "personnel": [("general_budget_basic_expenditure", "personnel"), ("general_budget_expenditure", "personnel")],
    "operating": [("general_budget_basic_expenditure", "operating"), ("general_budget_expenditure", "operating")],
}


def key_totals(d: Disclosure) -> dict[str, KeyTotal]:
    """The six key totals in fen (``None`` where the document does not give one).

    Computed once per disclosure (the audit, the analysis and the report all ask for them).
    """
    return dict(d.derived("_key_totals", _key_totals))


# the summary's rows for each total but the grand ones (:func:`_grand_total`): (side, labels, total rows or item rows)
_SUMMARY_ROWS = {
    "income_current": ("income", SUMMARY_LINES["income_current"], True),
    "expenditure_current": ("expenditure", SUMMARY_LINES["expenditure_current"], True),
    "carryover_begin": ("income", SUMMARY_LINES["carryover_begin"], False),
    "carryover_end": ("expenditure", SUMMARY_LINES["carryover_end"], False),
}
# 决算 basic-expenditure tables state personnel and operating as labelled total rows
_LABELLED_TOTALS = {"personnel": "人员经费", "operating": "公用经费"}


def _key_totals(d: Disclosure) -> dict[str, KeyTotal]:
    out: dict[str, KeyTotal] = {}
    order = ("income", "expenditure", "carryover_begin", "carryover_end", "income_current", "expenditure_current")
    for name in order + tuple(n for n in KEY_TOTALS if n not in order):
        hit = None
        if name in ("income", "expenditure"):
            hit = _grand_total(d, name)
        elif name in _SUMMARY_ROWS:
            side, labels, totals = _SUMMARY_ROWS[name]
            hit = _paired_hit(d, side, labels, totals)
        if name in ("income_current", "expenditure_current") and hit is None and not out["carryover_begin"].fen:
            whole = out["income" if name == "income_current" else "expenditure"]  # no carry-over: 本年 is all
            out[name] = KeyTotal(name, whole.fen, whole.table, whole.column, whole.page, whole.status, whole.file)
            continue
        for kind, col in _PREFERENCE.get(name, []) if hit is None else []:
            if kind != "expenditure_summary" and name in _BY_USE:
                # the summary's split by use covers every fund: before a narrower table's column (西安 2026: 表1's
                # 专项业务经费支出 115,252.78, not the 一般公共预算支出明细表's 95,443.59)
                hit = next((h for h in (_paired_hit(d, side, _BY_USE[name], totals=False) for side in _USE_SIDES) if h), None)
                if hit is not None:
                    break
            hit = next((h for h in (_grid_hit(t, col) for t in d.tables_of(kind)) if h is not None), None)
            if hit is not None:
                break
        if hit is None and name in _LABELLED_TOTALS:
            hit = next((h for h in (_grid_hit(t, "total", _LABELLED_TOTALS[name])
                                    for t in d.tables_of("general_budget_basic_expenditure")) if h), None)
        if hit is None and name in _BY_USE:
            hit = next((h for h in (_paired_hit(d, side, _BY_USE[name], totals=False) for side in _USE_SIDES) if h), None)
        out[name] = _key(name, hit)
    return {name: out[name] for name in KEY_TOTALS}


# Jiangsu's 收支预算总表 states the split by use as rows of its third side
# (西安 2026 prints the split as a classification of its own: 人员经费和公用经费支出 | 专项业务经费支出)
_BY_USE = {"basic": ("基本支出", "人员经费和公用经费"), "project": ("项目支出", "专项业务经费"), "reserve": ("预留机动",)}
_USE_SIDES = ("expenditure_by_use", "expenditure_2", "expenditure_3", "expenditure_4")


def by_use(d: Disclosure, name: str) -> int | None:
    """A spending part stated only on the by-use side of Jiangsu's summary (e.g. the reserve)."""
    return _paired_total(d, "expenditure_by_use", _BY_USE[name], totals=False)[0]
