"""The funds a table covers (all, 财政拨款, 一般公共预算), when two scopes must agree in a document,
and one quantity's statements by several tables compared with the first that states it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..kinds import base_kind
from ..model import Disclosure, Table
from .core import Cell, Identity, amount_text, _blank, _col, _gap_unit, paired_row, _sum, _tolerance, values, _where


@dataclass
class _Claim:
    """One table's statement of a quantity: its cells (summed), how to name them, and the funds
    it covers (:func:`scope_of`)."""

    ti: int
    cells: tuple[Cell, ...]
    where: str
    scope: str = "all"

    def fen(self, d: Disclosure) -> int | None:
        return _sum(d.tables[self.ti], self.cells)


# ------------------------------------------------------------------------------------ scopes
def scope_of(t: Table) -> str:
    """The funds a table covers: "all" (every source: 收支总表, 收入总表, 支出总表, 项目支出表),
    "fiscal" (财政拨款: 财政拨款收支总表, Jiangsu's 财政拨款支出预算表) or "general" (一般公共预算
    only). Tables of different scopes agree only where the document's funds coincide."""
    kind = base_kind(t.kind)
    title = re.sub(r"\s+", "", t.title or "")
    if kind in ("income_expenditure_summary", "income_summary", "expenditure_summary", "project_expenditure"):
        return "all"
    if kind == "fiscal_appropriation_summary":
        return "fiscal"
    if "一般公共预算" in title or kind in ("three_public", "operating_costs"):
        return "general"
    if "财政拨款" in title:
        return "fiscal"
    return "general" if kind in ("general_budget_expenditure", "general_budget_basic_expenditure") else "all"


def funds(d: Disclosure) -> dict[str, int | None]:
    """This year's income by scope, from the 收支总表's income side: all, fiscal, general."""
    return d.derived("_funds", _funds)


def _funds(d: Disclosure) -> dict[str, int | None]:
    t = d.table("income_expenditure_summary")
    out: dict[str, int | None] = {"all": None, "fiscal": None, "general": None, "other_public": None}
    if t is not None and "side" in t.frame:
        v = values(t)

        def first(pattern, totals):
            i = paired_row(t, "income", pattern, totals)
            return None if i is None else v["total"][i]

        out["all"] = first(r"^(本年收入合计|当年收入小计|本年收入小计)$", True) or first(r"^收入(合计|总计)$", True)
        out["general"] = first(r"一般公共预算", False)
        fund, capital = first(r"政府性基金", False), first(r"国有资本经营", False)
        out["other_public"] = (fund or 0) + (capital or 0)
        out["fiscal"] = first(r"^([一二三四五六七八九十]+、)?财政拨款(收入)?$", False)
        if out["fiscal"] is None and out["general"] is not None:
            out["fiscal"] = out["general"] + out["other_public"]
    return out


def same_scope(d: Disclosure, a: str, b: str) -> bool:
    """Whether quantities of scopes ``a`` and ``b`` must agree in this document."""
    if a == b:
        return True
    f = funds(d)
    eq = {("all", "fiscal"): f["all"] is not None and f["all"] == f["fiscal"],
          ("fiscal", "general"): f["fiscal"] is not None and not f["other_public"]}
    eq[("all", "general")] = eq[("all", "fiscal")] and eq[("fiscal", "general")]
    return eq.get((a, b), False) or eq.get((b, a), False)


def _total_claim(d: Disclosure, kind: str, column: str) -> _Claim | None:
    t = d.table(kind)
    if t is None or t.empty or column not in t.frame:
        return None
    i = t.total_row(column)
    if i is None:
        return None
    return _Claim(d.tables.index(t), (Cell(d.tables.index(t), i, column),), f"合计行“{_col(column)}”", scope_of(t))


def _paired_claim(d: Disclosure, kind: str, side: str, pattern: str, totals_only=None, name=None,
                  scope: str | None = None) -> _Claim | None:
    t = d.table(kind)
    if t is None:
        return None
    i = paired_row(t, side, pattern, totals_only)
    if i is None or _blank(t.frame.at[i, "total"]):
        return None
    ti = d.tables.index(t)
    return _Claim(ti, (Cell(ti, i, "total"),), f"“{name or t.frame.at[i, 'label']}”", scope or scope_of(t))


def _compare(d: Disclosure, rule: str, what: str, claims: list[_Claim | None]) -> list[Identity]:
    """Every claim of one quantity against the first one that is stated."""
    stated = [c for c in claims if c is not None and c.fen(d) is not None]
    out = []
    if len(stated) < 2:
        return out
    for k, c in enumerate(stated[1:], start=1):
        ref = next((r for r in stated[:k] if same_scope(d, r.scope, c.scope)), None)
        if ref is None:
            continue  # the quantity covers other funds in the earlier tables
        a, b = d.tables[ref.ti], d.tables[c.ti]
        ref_v, v = ref.fen(d), c.fen(d)
        tol = max(_tolerance(a.unit_used, 1), _tolerance(b.unit_used, 1))
        out.append(Identity(rule, f"{what}在各表中一致", ref.cells, c.cells, ref_v, v, tol,
                            f"{what}不一致：{_where(a)}{ref.where}为{amount_text(ref_v, a.unit_used)}，而{_where(b)}{c.where}为{amount_text(v, b.unit_used)}，"
                            f"相差{amount_text(abs(v - ref_v), _gap_unit(a, b))}。", _where(b), c.where, None, (ref.ti, c.ti), "left"))
    return out
