"""Rules across tables: the same quantity stated by several tables must agree."""

from __future__ import annotations

from ..identities import paired_row
from ..model import Disclosure, Finding, Table
from .common import both, is_blank, value, where_table
from .identity_rules import identity_findings
from .registry import rule
from .tables import three_public_items


def paired_value(t: Table, side: str, pattern: str, totals_only: bool | None = None) -> tuple[int | None, str | None]:
    """The first row on ``side`` whose label matches ``pattern``: (fen, label)."""
    i = paired_row(t, side, pattern, totals_only)
    if i is None:
        return None, None
    v = t.frame.at[i, "total"]
    return (None if is_blank(v) else int(v)), t.frame.at[i, "label"]


@rule("cross.income_equals_spending", "error", "收支总表与财政拨款收支总表：收入总计 = 支出总计，本年收入合计 = 本年支出合计")
def income_equals_spending(d: Disclosure):
    yield from identity_findings(d, "cross.income_equals_spending")


@rule("cross.summary_tables", "error", "收支总表、收入总表、支出总表、财政拨款收支总表与一般公共预算支出表相互一致")
def summary_tables(d: Disclosure):
    yield from identity_findings(d, "cross.summary_tables")


@rule("cross.functions", "error", "一般公共预算支出表按功能分类“类”汇总，与收支总表、财政拨款收支总表各类支出一致")
def functions(d: Disclosure):
    yield from identity_findings(d, "cross.functions")


@rule("cross.basic_table", "error", "一般公共预算基本支出表与各表的基本支出列一致（合计、人员经费、公用经费）")
def basic_table(d: Disclosure):
    yield from identity_findings(d, "cross.basic_table")


@rule("cross.project_table", "error", "项目支出表与各表的项目支出列一致，项目金额与绩效目标表一致")
def project_table(d: Disclosure):
    yield from identity_findings(d, "cross.project_table")
    t4, t13 = d.table("project_expenditure"), d.table("project_performance")
    if t4 is None or t13 is None or t4.empty or t13.empty or "project_name" not in t4.frame or "project_name" not in t13.frame:
        return  # a list of 重点项目 (its names in its labels) names some projects only: none is missing from it
    a = t4.items.dropna(subset=["project_name"]).groupby("project_name")["total"].sum()
    b = t13.items.dropna(subset=["project_name"]).groupby("project_name")["total"].sum()
    for name in a.index.difference(b.index):
        yield Finding("cross.project_table", "warning",
                      f"项目“{name}”在{where_table(t4)}中列支{both(a[name])}，但{where_table(t13)}没有它的绩效目标。",
                      table=where_table(t13), row=name, expected=value(a[name]), actual=None)
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
                note = "本表" in fact.source  # a note under the table ("故本表为空表"), a template leftover
                yield Finding("cross.empty_tables_vs_narrative", "warning" if note else "error",
                              (f"{where_table(t)}下的注释称本表为空表（无{what}），但表中填有金额；注释疑为模板遗留。" if note else
                               f"文字说明称无{what}，但{where_table(t)}填有金额。"),
                              table=where_table(t), sentence=fact.source, expected="空表", actual="有金额",
                              evidence=[{"file": t.file or d.path, "page": int(t.frame["page"].dropna().iloc[0])
                                         if "page" in t.frame and t.frame["page"].notna().any() else None,
                                         "table": t.title}])
            elif not fact and not filled:
                yield Finding("cross.empty_tables_vs_narrative", "info",
                              f"{where_table(t)}为空表，文字部分没有说明本单位无{what}。",
                              table=where_table(t), expected="文字说明", actual=None)
    from .narrative import compared_with_tables

    # like with like: a 决算's 三公 as spent, not the 预算 its sentence gives beside it (国家信访局 2024 p.24)
    three = next((f for f in d.facts_named("three_public") if compared_with_tables(d, f)), None)
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
