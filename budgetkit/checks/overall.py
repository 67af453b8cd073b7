"""Rules on a 部门整体支出绩效自评表's block of tasks: each task named after a functional item, its
财政拨款 executed against the tables' figure for that item."""

from __future__ import annotations

import re

import pandas as pd

from ..kinds import base_kind
from ..model import Disclosure, Finding
from ..money import format_amount
from .common import page_of, table_evidence
from .registry import rule

#: the tables whose items add up to the fiscal appropriation spent: 一般公共预算, 政府性基金, 国有资本经营
_FISCAL_KINDS = ("general_budget_expenditure", "government_fund_expenditure", "state_capital_expenditure")
#: agreeing tasks needed before one that disagrees is reported: the form's tasks are read right
#: and named after the tables' items
CORROBORATING_TASKS = 3


def _item_amounts(d: Disclosure) -> dict[str, int]:
    """Each functional item's name (类, 款 or 项, without a trailing 支出) and its spending in the
    fiscal tables, added over the funds; a name printed at two levels keeps the higher level's."""
    found: dict[str, tuple[int, int]] = {}  # name → (code length, fen)
    for t in d.tables:
        if base_kind(t.kind) not in _FISCAL_KINDS or "func_code" not in t.frame or "total" not in t.frame:
            continue
        seen = set()
        for code, name, total in zip(t.frame["func_code"], t.frame["func_name"], t.frame["total"]):
            if not isinstance(code, str) or not isinstance(name, str) or pd.isna(total) or code in seen:
                continue
            seen.add(code)
            key = re.sub(r"\s+", "", name).removesuffix("支出")
            level, fen = found.get(key, (len(code), 0))
            if len(code) < level:
                found[key] = (len(code), int(total))
            elif len(code) == level:
                found[key] = (level, fen + int(total))
    return {k: v for k, (_, v) in found.items()}


@rule("performance.overall_vs_tables", "warning", "部门整体支出绩效自评表中以功能科目命名的任务，其财政拨款执行数与决算表中该科目的支出一致；"
      "例：任务“公立医院”财政拨款执行数122,020.60万元，一般公共预算财政拨款支出决算表中公立医院为116,790.60万元")
def overall_vs_tables(d: Disclosure):
    """A 部门整体支出绩效自评表's tasks named after functional items (西安卫健委 2022 决算 p.30: 公共卫生,
    中医药, 计划生育事务 …), their 财政拨款 executed against the items' spending in the fiscal tables
    (公开05表 pp.154-156 and the 政府性基金 table). One task that disagrees among several that agree is
    reported: 公立医院 122,020.6 where 公开05表 prints 21002 公立医院 116,790.60 (the form's column adds
    to its 金额合计 869,329.38 with it)."""
    if d.kind != "决算":
        return
    items = _item_amounts(d)
    if not items:
        return
    for t in d.tables_of("overall_performance"):
        f = t.frame
        if "actual_fiscal" not in f:
            continue
        tasks = f[~f["is_total"].astype(bool) & f["actual_fiscal"].notna()]
        pairs = [(r, items[key]) for _, r in tasks.iterrows()
                 if isinstance(r["label"], str) and (key := re.sub(r"\s+", "", r["label"]).removesuffix("支出")) in items]
        agree = [r for r, fen in pairs if int(r["actual_fiscal"]) == fen]
        if len(agree) < CORROBORATING_TASKS:
            continue
        for r, fen in pairs:
            if int(r["actual_fiscal"]) == fen:
                continue
            said = format_amount(int(r["actual_fiscal"]), "万元")
            yield Finding("performance.overall_vs_tables", "warning",
                          f"{t.where}任务“{r['label']}”的财政拨款执行数为{said}万元，而决算表中“{r['label']}”的财政拨款支出为"
                          f"{format_amount(fen, '万元')}万元（同表另有{len(agree)}项任务与决算表一致）。",
                          table=t.where, row=r["label"], expected=format_amount(fen, "万元"), actual=said,
                          evidence=table_evidence(d, t, page_of(r), row=r["label"]))
