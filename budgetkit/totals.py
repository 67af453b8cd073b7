"""The key totals of a disclosure (income, spending, basic, project, personnel, operating).

Each is read from the first table that states it, in an order of preference that favours
the summary tables; ``key_totals`` says where each figure came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Disclosure

__all__ = ["KEY_TOTALS", "key_totals", "KeyTotal", "by_use", "spending_this_year"]

KEY_TOTALS = ("income", "expenditure", "basic", "project", "personnel", "operating")


@dataclass(frozen=True)
class KeyTotal:
    name: str
    fen: int | None
    table: str | None  # the title of the table it was read from
    column: str | None


def _paired_total(d: Disclosure, side: str, labels: tuple[str, ...], totals: bool = True) -> tuple[int | None, str | None]:
    for kind in ("income_expenditure_summary", "fiscal_appropriation_summary"):
        t = d.table(kind)
        if t is None or "side" not in t.frame:
            continue
        rows = (t.totals if totals else t.items)
        rows = rows[rows["side"] == side]
        for label in labels:
            hit = rows[rows["label"].fillna("").str.contains(label, regex=False)]["total"].dropna()
            if len(hit):
                return int(hit.iloc[0]), t.title
    return None, None


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
    cached = d.__dict__.get("_key_totals")
    if cached is None:
        cached = d.__dict__["_key_totals"] = _key_totals(d)
    return dict(cached)


def _key_totals(d: Disclosure) -> dict[str, KeyTotal]:
    out: dict[str, KeyTotal] = {}
    for name in KEY_TOTALS:
        fen, source, column = None, None, None
        if name == "income":
            fen, source = _paired_total(d, "income", ("总计", "本年收入合计", "收入合计"))
            column = "total"
        elif name == "expenditure":
            fen, source = _paired_total(d, "expenditure", ("总计", "本年支出合计", "支出合计"))
            column = "total"
        if fen is None:
            for kind, col in _PREFERENCE[name]:
                for t in d.tables_of(kind):
                    value = t.total(col)
                    if value is not None:
                        fen, source, column = value, t.title, col
                        break
                if fen is not None:
                    break
        if fen is None and name in _BY_USE:
            fen, source = _paired_total(d, "expenditure_by_use", _BY_USE[name], totals=False)
            column = "total" if fen is not None else None
        out[name] = KeyTotal(name, fen, source, column if fen is not None else None)
    return out


# Jiangsu's 收支预算总表 states the split by use as rows of its third side
_BY_USE = {"basic": ("基本支出",), "project": ("项目支出",), "reserve": ("预留机动",)}


def spending_this_year(d: Disclosure) -> int | None:
    """本年支出合计 of the summary table (final accounts add carry-overs on top of it)."""
    return _paired_total(d, "expenditure", ("本年支出合计", "当年支出小计"))[0]


def by_use(d: Disclosure, name: str) -> int | None:
    """A spending part stated only on the by-use side of Jiangsu's summary (e.g. the reserve)."""
    return _paired_total(d, "expenditure_by_use", _BY_USE[name], totals=False)[0]
