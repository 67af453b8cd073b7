"""Rules inside one table: totals, column identities, functional levels, 三公 parts."""

from __future__ import annotations

import pandas as pd

from ..kinds import base_kind
from ..codes import deepest_codes
from ..model import Disclosure, Finding, Table
from .common import both, col as cn, is_blank, row_name, value, where_table, yuan
from .registry import rule
from .tolerance import table_tolerance_fen

_PAIRED = {"income_expenditure_summary", "fiscal_appropriation_summary"}
# tables whose outline budgetkit does not model (procurement lists items under their groups);
# 三公 tables are checked by three_public.parts, which knows their parts
_SKIP_SUM = {"project_performance", "overall_performance", "government_procurement", "three_public"}


def _int(v) -> int:
    return 0 if is_blank(v) else int(v)


def _grid_items(t: Table) -> pd.DataFrame:
    items = t.items
    if "unit_code" in items:  # a department row that repeats its units is an aggregate
        codes = [c for c in items["unit_code"] if isinstance(c, str)]
        aggregates = {c for c in codes if any(o != c and o.startswith(c) for o in codes)}
        items = items[~items["unit_code"].isin(aggregates)]
    if "level" in items:  # a numbered outline: the top level adds up to the total
        items = items[items["level"] == 1]
    if base_kind(t.kind) == "three_public" and "label" in items:  # the 机关运行经费 beside the 三公 table
        items = items[~items["label"].fillna("").str.contains("运行经费")]
    return deepest_codes(items)


@rule("table.total_row", "error", "每个合计行等于其明细行之和（元表到分，万元表在四舍五入范围内）")
def total_row(d: Disclosure):
    for t in d.tables:
        if base_kind(t.kind) in _SKIP_SUM or t.empty:
            continue
        if base_kind(t.kind) in _PAIRED:
            yield from _paired_totals(t)
            continue
        if t.totals.empty:
            continue
        items = _grid_items(t)
        totals = t.totals[~t.totals["label"].fillna("").str.endswith("小计")]  # 小计: a group's, not the table's
        # a table printed as side-by-side halves (决算 基本支出表: personnel | operating classes):
        # the right half's rows are not items of one outline, so its columns are not summed
        halves = any(c.endswith(("_2_code", "_3_code")) for c in t.frame.columns)
        for _, total in totals.iterrows():
            for col in t.amount_columns:
                if halves and col.endswith(("_2", "_3")):
                    continue
                if is_blank(total[col]):
                    if items[col].notna().any() and items[col].fillna(0).sum() != 0:
                        yield Finding("table.total_row", "error",
                                      f"{where_table(t)}合计行“{cn(col)}”为空，但明细行之和为{both(items[col].sum())}。",
                                      table=where_table(t), row=total["label"], column=col,
                                      expected=value(items[col].sum()), actual=None)
                    continue
                parts = items[col].dropna()
                tol = table_tolerance_fen(t.unit_used, len(parts))
                got = int(parts.sum())
                if abs(got - int(total[col])) > tol:
                    yield Finding("table.total_row", "error",
                                  f"{where_table(t)}合计行“{cn(col)}”为{both(total[col])}，但{len(parts)}个明细行之和为"
                                  f"{both(got)}，相差{yuan(abs(got - int(total[col])))}。",
                                  table=where_table(t), row=total["label"], column=col,
                                  expected=value(got), actual=value(total[col]))


def _paired_totals(t: Table):
    """Each side: 合计 = Σ top-level items above it; 总计 = that 合计 + the top-level items after it;
    a parent item = Σ its children."""
    f = t.frame
    for side in ("income", "expenditure"):
        rows = f[f["side"] == side]
        acc, parts = 0, 0
        for _, r in rows.iterrows():
            if r["is_total"]:
                if not is_blank(r["total"]):
                    tol = table_tolerance_fen(t.unit_used, parts)
                    if abs(acc - int(r["total"])) > tol:
                        yield Finding("table.total_row", "error",
                                      f"{where_table(t)}“{r['label']}”为{both(r['total'])}，但其上各项之和为{both(acc)}。",
                                      table=where_table(t), row=r["label"], column="total",
                                      expected=value(acc), actual=value(r["total"]))
                    acc, parts = int(r["total"]), 1
            elif r["level"] == 1:
                acc += _int(r["total"])
                parts += 1
        yield from _outline(t, rows)


def _outline(t: Table, rows: pd.DataFrame):
    items = rows[~rows["is_total"]].reset_index(drop=True)
    for i, parent in items.iterrows():
        children = []
        for _, child in items.iloc[i + 1:].iterrows():
            if child["level"] <= parent["level"]:
                break
            if child["level"] == parent["level"] + 1:
                children.append(child)
        values = [c["total"] for c in children if not is_blank(c["total"])]
        if not children or (is_blank(parent["total"]) and not values):
            continue
        if not values and not is_blank(parent["total"]):
            continue  # a parent with its detail left blank: nothing to add up
        got = sum(int(v) for v in values)
        if abs(got - _int(parent["total"])) > table_tolerance_fen(t.unit_used, len(values)):
            yield Finding("table.total_row", "error",
                          f"{where_table(t)}“{parent['label']}”为{both(_int(parent['total']))}，但其下各项之和为{both(got)}。",
                          table=where_table(t), row=parent["label"], column="total",
                          expected=value(got), actual=value(parent["total"]))


# (whole, parts, description)
_IDENTITIES = [
    ("total", ("basic", "project", "reserve"), "合计 = 基本支出 + 项目支出"),
    ("basic", ("personnel", "operating"), "基本支出 = 人员经费 + 公用经费"),
    ("income_current", ("general_budget", "government_fund", "state_capital"), "本年收入 = 各项资金之和"),
]


def _identity_rows(t: Table, whole: str, parts: tuple[str, ...]):
    present = [p for p in parts if p in t.frame]
    if whole not in t.frame or len(present) < 2:
        return
    for _, r in t.frame.iterrows():
        if is_blank(r[whole]) and all(is_blank(r[p]) for p in present):
            continue
        got = sum(_int(r[p]) for p in present)
        if abs(got - _int(r[whole])) > table_tolerance_fen(t.unit_used, len(present)):
            yield r, present, got


@rule("row.basic_plus_project", "error", "每一行：合计 = 基本支出 + 项目支出（江苏另加单位预留机动经费）")
def basic_plus_project(d: Disclosure):
    yield from _identity("row.basic_plus_project", d, 0)


@rule("row.personnel_plus_operating", "error", "每一行：基本支出 = 人员经费 + 公用经费（基本支出表：合计 = 人员 + 公用）")
def personnel_plus_operating(d: Disclosure):
    yield from _identity("row.personnel_plus_operating", d, 1)
    for t in d.tables_of("general_budget_basic_expenditure"):
        if "basic" in t.frame:
            continue
        for r, present, got in _identity_rows(t, "total", ("personnel", "operating")):
            yield _identity_finding("row.personnel_plus_operating", t, r, "total", present, got, "合计 = 人员经费 + 公用经费")


@rule("row.income_sources", "error", "收入表每一行：本年收入 = 一般公共预算 + 政府性基金 + 国有资本经营预算资金")
def income_sources(d: Disclosure):
    yield from _identity("row.income_sources", d, 2)


def _identity(rule_id: str, d: Disclosure, which: int):
    whole, parts, text = _IDENTITIES[which]
    for t in d.tables:
        if base_kind(t.kind) in _PAIRED or base_kind(t.kind) in _SKIP_SUM:
            continue
        for r, present, got in _identity_rows(t, whole, parts):
            yield _identity_finding(rule_id, t, r, whole, present, got, text)


def _identity_finding(rule_id, t, r, whole, present, got, text):
    return Finding(rule_id, "error",
                   f"{where_table(t)}“{row_name(r)}”一行不满足“{text}”：{cn(whole)}为{both(_int(r[whole]))}，"
                   f"{' + '.join(cn(p) for p in present)}为{both(got)}。",
                   table=where_table(t), row=row_name(r), column=whole,
                   expected=value(got), actual=value(r[whole]))


@rule("table.function_levels", "error", "功能分类列出类/款/项各级时：类 = Σ款 = Σ项")
def function_levels(d: Disclosure):
    for t in d.tables:
        f = t.items
        if "func_code" not in f or "total" not in f:
            continue
        codes = f.dropna(subset=["func_code"])
        lengths = set(codes["func_code"].str.len())
        for parent_len, child_len in ((3, 5), (5, 7), (3, 7)):
            if parent_len not in lengths or child_len not in lengths:
                continue
            if (parent_len, child_len) == (3, 7) and 5 in lengths:
                continue
            parents = codes[codes["func_code"].str.len() == parent_len]
            children = codes[codes["func_code"].str.len() == child_len]
            for col in [c for c in t.amount_columns if c in f]:
                for _, p in parents.iterrows():
                    kids = children[children["func_code"].str.startswith(p["func_code"])][col].dropna()
                    if kids.empty:
                        continue
                    got = int(kids.sum())
                    if abs(got - _int(p[col])) > table_tolerance_fen(t.unit_used, len(kids)):
                        level = {3: "类", 5: "款"}[parent_len]
                        yield Finding("table.function_levels", "error",
                                      f"{where_table(t)}功能分类{level}“{p['func_code']} {p.get('func_name') or ''}”的“{cn(col)}”为"
                                      f"{both(_int(p[col]))}，但其下各科目之和为{both(got)}。",
                                      table=where_table(t), row=row_name(p), column=col,
                                      expected=value(got), actual=value(p[col]))


_THREE_PUBLIC_ITEMS = [
    ("subtotal", r"^[“\"]?三公[”\"]?经费(小计|合计)?$"), ("abroad", r"出国"), ("reception", r"接待"),
    ("vehicles", r"购置及运行"), ("vehicle_purchase", r"购置费$|车辆购置"), ("vehicle_operation", r"运行(维护)?费$"),
    ("total", r"合计|总计"),
]


def three_public_items(t: Table) -> dict[str, int | None]:
    """The 三公 table's parts by key: abroad, reception, vehicles, vehicle_purchase, vehicle_operation,
    total. Where the table also holds 会议费 and 培训费 (Jiangsu), its "“三公”经费" column is the total."""
    import re

    out: dict[str, int | None] = {}
    frame = t.frame
    if t.kind.startswith("final_") and frame["label"].fillna("").str.contains("决算").any():
        frame = frame[frame["label"].fillna("").str.contains("决算")]  # final accounts: what was spent
    for _, r in frame.iterrows():
        label = re.sub(r"[\s（(]?(预算数|决算数)[）)]?|^其中[:：]|\s+", "", r.get("label") or "")
        for key, pattern in _THREE_PUBLIC_ITEMS:
            if key not in out and re.search(pattern, label):
                out[key] = None if is_blank(r.get("total")) else int(r["total"])
                break
    if "subtotal" in out:
        out["total"] = out.pop("subtotal")
    return out


@rule("three_public.parts", "error", "“三公”经费 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费；公务用车 = 购置 + 运行维护")
def three_public_parts(d: Disclosure):
    for t in d.tables_of("three_public"):
        items = three_public_items(t)
        checks = [("vehicles", ("vehicle_purchase", "vehicle_operation")), ("total", ("abroad", "reception", "vehicles"))]
        for whole, parts in checks:
            if whole not in items or not any(items.get(p) is not None for p in parts):
                continue
            got = sum(items.get(p) or 0 for p in parts)
            if abs(got - (items[whole] or 0)) > table_tolerance_fen(t.unit_used, len(parts)):
                yield Finding("three_public.parts", "error",
                              f"{where_table(t)}“{whole}”为{both(items[whole] or 0)}，但其组成部分之和为{both(got)}。",
                              table=where_table(t), row=whole, expected=value(got), actual=value(items[whole]))
