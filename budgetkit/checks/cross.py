"""Rules across tables: the same quantity stated by several tables must agree."""

from __future__ import annotations

import re

from ..model import Disclosure, Finding, Table
from .common import both, col as cn, is_blank, value, where_table, yuan
from .registry import rule
from .tables import three_public_items
from .tolerance import table_tolerance_fen

_PAIRED = ("income_expenditure_summary", "fiscal_appropriation_summary")


def paired_value(t: Table, side: str, pattern: str, totals_only: bool | None = None) -> tuple[int | None, str | None]:
    """The first row on ``side`` whose label matches ``pattern``: (fen, label)."""
    f = t.frame
    if "side" not in f:
        return None, None
    rows = f[(f["side"] == side)]
    if totals_only is not None:
        rows = rows[rows["is_total"] == totals_only]
    for _, r in rows.iterrows():
        if re.search(pattern, re.sub(r"\s+", "", r["label"] if isinstance(r["label"], str) else "")):
            return (None if is_blank(r["total"]) else int(r["total"])), r["label"]
    return None, None


def _tolerance(a: Table, b: Table) -> int:
    return max(table_tolerance_fen(a.unit_used, 1), table_tolerance_fen(b.unit_used, 1))


def _compare(rule_id: str, what: str, claims: list[tuple[Table, str, int | None]]):
    """Every claim of one quantity against the first one that is stated."""
    stated = [(t, where, v) for t, where, v in claims if v is not None]
    if len(stated) < 2:
        return
    ref_t, ref_where, ref_v = stated[0]
    for t, where, v in stated[1:]:
        if abs(v - ref_v) <= _tolerance(ref_t, t):
            continue
        ratio = max(abs(v), abs(ref_v)) / max(1, min(abs(v), abs(ref_v)))
        if 9_000 <= ratio <= 11_000 and min(abs(v), abs(ref_v)) > 0:
            yield Finding("plausibility.unit_slip", "warning",
                          f"{what}：{where_table(t)}{where}为{both(v)}，{where_table(ref_t)}{ref_where}为{both(ref_v)}，"
                          f"相差约一万倍，疑为金额单位（元/万元）错误。",
                          table=where_table(t), row=where, expected=value(ref_v), actual=value(v))
            continue
        yield Finding(rule_id, "error",
                      f"{what}不一致：{where_table(ref_t)}{ref_where}为{both(ref_v)}，而{where_table(t)}{where}为{both(v)}，"
                      f"相差{yuan(abs(v - ref_v))}。",
                      table=where_table(t), row=where, expected=value(ref_v), actual=value(v))


@rule("cross.income_equals_spending", "error", "收支总表与财政拨款收支总表：收入总计 = 支出总计，本年收入合计 = 本年支出合计")
def income_equals_spending(d: Disclosure):
    for kind in _PAIRED:
        for t in d.tables_of(kind):
            pairs = [("总计", "总计", "总计")]
            if not t.kind.startswith("final_"):  # final accounts: this year's may differ, carry-overs balance them
                pairs.append(("本年收入合计", "本年支出合计", "本年合计"))
            for inc_p, exp_p, what in pairs:
                inc, inc_label = paired_value(t, "income", inc_p, True)
                exp, exp_label = paired_value(t, "expenditure", exp_p, True)
                if inc is None or exp is None:
                    continue
                if abs(inc - exp) > table_tolerance_fen(t.unit_used, 1):
                    yield Finding("cross.income_equals_spending", "error",
                                  f"{where_table(t)}{inc_label}为{both(inc)}，{exp_label}为{both(exp)}，收支不平衡，相差{yuan(abs(inc - exp))}。",
                                  table=where_table(t), row=f"{inc_label} / {exp_label}", expected=value(inc), actual=value(exp))


def _first_total(d: Disclosure, kind: str, column: str) -> tuple[Table, str, int | None] | None:
    t = d.table(kind)
    if t is None or t.empty or column not in t.frame:
        return None
    return t, f"合计行“{cn(column)}”", t.total(column)


def _claims(*claims):
    return [c for c in claims if c is not None]


def _paired_claim(d: Disclosure, kind: str, side: str, pattern: str, totals_only=None, name=None):
    t = d.table(kind)
    if t is None:
        return None
    v, label = paired_value(t, side, pattern, totals_only)
    if label is None:
        return None
    return t, f"“{name or label}”", v


@rule("cross.summary_tables", "error", "收支总表、收入总表、支出总表、财政拨款收支总表与一般公共预算支出表相互一致")
def summary_tables(d: Disclosure):
    yield from _compare("cross.summary_tables", "本年支出", _claims(
        _paired_claim(d, "income_expenditure_summary", "expenditure", r"^本年支出合计$", True),
        _first_total(d, "expenditure_summary", "total"),
    ))
    yield from _compare("cross.summary_tables", "本年收入", _claims(
        _paired_claim(d, "income_expenditure_summary", "income", r"^本年收入合计$", True),
        _first_total(d, "income_summary", "total"),
    ))
    yield from _compare("cross.summary_tables", "一般公共预算", _claims(
        _paired_claim(d, "income_expenditure_summary", "income", r"一般公共预算", False),
        _first_total(d, "income_summary", "general_budget"),
        _paired_claim(d, "fiscal_appropriation_summary", "income", r"一般公共预算", False),
        _first_total(d, "general_budget_expenditure", "total"),
    ))


@rule("cross.functions", "error", "一般公共预算支出表按功能分类“类”汇总，与收支总表、财政拨款收支总表各类支出一致")
def functions(d: Disclosure):
    t6 = d.table("general_budget_expenditure")
    if t6 is None or t6.empty or "func_class" not in t6.frame:
        return
    items = t6.items.dropna(subset=["func_class"])
    items = items[items["func_code"].str.len() == items["func_code"].str.len().max()]
    by_class = items.groupby("func_class")["total"].sum()
    names = dict(zip(items["func_class"], items["func_class_name"]))
    for kind in _PAIRED:
        t = d.table(kind)
        if t is None or "side" not in t.frame:
            continue
        for code, total in by_class.items():
            name = names.get(code)
            if not isinstance(name, str) or not name:
                continue
            v, label = paired_value(t, "expenditure", rf"^([一二三四五六七八九十]+、)?{re.escape(name)}$", False)
            if label is None:
                continue
            yield from _compare("cross.functions", f"{name}（{code}）",
                                [(t6, f"“{code} {name}”各项之和", int(total)), (t, f"“{label}”", v)])


@rule("cross.basic_table", "error", "一般公共预算基本支出表与各表的基本支出列一致（合计、人员经费、公用经费）")
def basic_table(d: Disclosure):
    t7 = _first_total(d, "general_budget_basic_expenditure", "total")
    yield from _compare("cross.basic_table", "基本支出", _claims(
        _first_total(d, "expenditure_summary", "basic"), _first_total(d, "general_budget_expenditure", "basic"), t7))
    for col, what in (("personnel", "人员经费"), ("operating", "公用经费")):
        yield from _compare("cross.basic_table", what, _claims(
            _first_total(d, "general_budget_basic_expenditure", col), _first_total(d, "general_budget_expenditure", col)))
    yield from _detail("cross.basic_table", d, "basic", "general_budget_basic_expenditure", "基本支出")


def _detail(rule_id: str, d: Disclosure, column: str, other_kind: str, what: str):
    """Per (功能, 经济) line: the summary table's column against the detail table's total."""
    t3, t7 = d.table("expenditure_summary"), d.table(other_kind)
    if t3 is None or t7 is None or column not in t3.frame or "total" not in t7.frame:
        return
    keys = [k for k in ("func_code", "dept_econ_code") if k in t3.frame and k in t7.frame]
    if len(keys) < 2:
        return
    a = t3.items.dropna(subset=[column]).groupby(keys)[column].sum()
    b = t7.items.dropna(subset=["total"]).groupby(keys)["total"].sum()
    if a.sum() and b.sum() and 9_000 <= max(a.sum(), b.sum()) / max(1, min(a.sum(), b.sum())) <= 11_000:
        return  # the whole table is off by 10^4: one unit slip, reported on the totals
    for key in sorted(set(a.index) | set(b.index)):
        va, vb = a.get(key), b.get(key)
        if va is not None and vb is not None and abs(int(va) - int(vb)) <= _tolerance(t3, t7):
            continue
        where = " / ".join(key)
        yield Finding(rule_id, "error",
                      f"{what}明细不一致：{where_table(t3)}“{where}”为{both(va) if va is not None else '无此行'}，"
                      f"{where_table(t7)}为{both(vb) if vb is not None else '无此行'}。",
                      table=where_table(t7), row=where, expected=value(va), actual=value(vb))


@rule("cross.project_table", "error", "项目支出表与各表的项目支出列一致，项目金额与绩效目标表一致")
def project_table(d: Disclosure):
    yield from _compare("cross.project_table", "项目支出", _claims(
        _first_total(d, "expenditure_summary", "project"), _first_total(d, "general_budget_expenditure", "project"),
        _first_total(d, "project_expenditure", "total")))
    t4, t13 = d.table("project_expenditure"), d.table("project_performance")
    if t4 is None or t13 is None or t4.empty or t13.empty or "project_name" not in t4.frame:
        return
    a = t4.items.dropna(subset=["project_name"]).groupby("project_name")["total"].sum()
    b = t13.items.dropna(subset=["project_name"]).groupby("project_name")["total"].sum()
    for name in a.index:
        if name not in b.index:
            yield Finding("cross.project_table", "warning",
                          f"项目“{name}”在{where_table(t4)}中列支{both(a[name])}，但{where_table(t13)}没有它的绩效目标。",
                          table=where_table(t13), row=name, expected=value(a[name]), actual=None)
        elif abs(int(a[name]) - int(b[name])) > _tolerance(t4, t13):
            yield Finding("cross.project_table", "error",
                          f"项目“{name}”：{where_table(t4)}为{both(a[name])}，{where_table(t13)}项目总额为{both(b[name])}。",
                          table=where_table(t13), row=name, expected=value(a[name]), actual=value(b[name]))
    for name in b.index.difference(a.index):
        yield Finding("cross.project_table", "warning",
                      f"{where_table(t13)}列出项目“{name}”，但{where_table(t4)}中没有这个项目。",
                      table=where_table(t4), row=name, expected=value(b[name]), actual=None)


# (statement fact, table kind, what)
_EMPTY_STATEMENTS = [
    ("no_three_public", "three_public", "“三公”经费"),
    ("no_state_capital", "state_capital_expenditure", "国有资本经营预算支出"),
    ("no_government_fund", "government_fund_expenditure", "政府性基金预算支出"),
    ("no_purchase_services", "government_purchase_services", "政府购买服务"),
]


@rule("cross.empty_tables_vs_narrative", "error", "空表与文字说明一致：写明“无”的，表应为空；表为空的，文字应说明")
def empty_tables_vs_narrative(d: Disclosure):
    for fact_name, kind, what in _EMPTY_STATEMENTS:
        fact = d.fact(fact_name)
        for t in d.tables_of(kind):
            filled = not t.empty and _has_nonzero(t)
            if fact and filled:
                yield Finding("cross.empty_tables_vs_narrative", "error",
                              f"文字说明称无{what}，但{where_table(t)}填有金额。",
                              table=where_table(t), sentence=fact.source, expected="空表", actual="有金额")
            elif not fact and not filled:
                yield Finding("cross.empty_tables_vs_narrative", "info",
                              f"{where_table(t)}为空表，文字部分没有说明本单位无{what}。",
                              table=where_table(t), expected="文字说明", actual=None)
        if fact and not d.tables_of(kind):
            continue
    three = d.fact("three_public")
    for t in d.tables_of("three_public"):
        if three is not None and three.yuan and t.empty:
            yield Finding("cross.empty_tables_vs_narrative", "error",
                          f"文字说明“三公”经费为{three.value}{three.unit}，但{where_table(t)}为空表。",
                          table=where_table(t), sentence=three.source, expected=three.yuan, actual=None)
        elif three is not None and three.yuan is not None and not t.empty:
            total = three_public_items(t).get("total")
            if total is not None and abs(three.yuan * 100 - total) > 100 * 10 ** 4 * 0.005 * 2:
                yield Finding("cross.empty_tables_vs_narrative", "error",
                              f"文字说明“三公”经费为{three.value}{three.unit}，{where_table(t)}合计为{both(total)}。",
                              table=where_table(t), sentence=three.source, expected=value(total), actual=three.yuan)


def _has_nonzero(t: Table) -> bool:
    frame = t.frame
    if t.kind.startswith("final_") and "label" in frame:  # final accounts: what was spent, not budgeted
        spent = frame[frame["label"].fillna("").str.contains("决算")]
        frame = spent if len(spent) else frame
    values = frame[t.amount_columns].stack()
    return bool((values.dropna() != 0).any())
