"""Rules inside one table: totals, column identities, classification levels, 三公 parts.

Each rule reports the failed identities of its kind (:mod:`budgetkit.identities`); whether a
failure is the publisher's slip or budgetkit's doubt is decided once, in
:mod:`budgetkit.checks.identity_rules`.
"""

from __future__ import annotations

import pandas as pd

from ..identities import three_public_cells
from ..model import Disclosure, Finding, Table
from .identity_rules import identity_findings
from .registry import rule


@rule("table.total_row", "error", "每个合计行等于其明细行之和（元表到分，万元表在四舍五入范围内）")
def total_row(d: Disclosure):
    yield from identity_findings(d, "table.total_row")


@rule("row.basic_plus_project", "error", "每一行：合计 = 基本支出 + 项目支出（江苏另加单位预留机动经费；决算另加上缴上级、经营支出等）")
def basic_plus_project(d: Disclosure):
    yield from identity_findings(d, "row.basic_plus_project")


@rule("row.personnel_plus_operating", "error", "每一行：基本支出 = 人员经费 + 公用经费（基本支出表：合计 = 人员 + 公用）")
def personnel_plus_operating(d: Disclosure):
    yield from identity_findings(d, "row.personnel_plus_operating")


@rule("row.income_sources", "error", "收入表每一行：本年收入 = 一般公共预算 + 政府性基金 + 国有资本经营预算资金 + 财政专户 + 单位资金各项")
def income_sources(d: Disclosure):
    yield from identity_findings(d, "row.income_sources")


@rule("row.fiscal_sources", "error", "每一行：财政拨款（合计） = 一般公共预算 + 政府性基金 + 国有资本经营预算")
def fiscal_sources(d: Disclosure):
    yield from identity_findings(d, "row.fiscal_sources")


@rule("row.income_parts", "error", "收入表每一行：合计 = 财政拨款收入 + 事业收入 + 经营收入 + 其他收入 ……")
def income_parts(d: Disclosure):
    yield from identity_findings(d, "row.income_parts")


@rule("table.function_levels", "error", "功能分类列出类/款/项各级时：类 = Σ款 = Σ项")
def function_levels(d: Disclosure):
    yield from identity_findings(d, "table.function_levels")


@rule("table.economic_levels", "error", "经济分类列出类/款两级时：类 = Σ款")
def economic_levels(d: Disclosure):
    yield from identity_findings(d, "table.economic_levels")


def three_public_items(t: Table) -> dict[str, int | None]:
    """The 三公 table's parts by key: abroad, reception, vehicles, vehicle_purchase, vehicle_operation,
    total (fen, ``None`` where blank)."""
    out = {}
    for key, i in three_public_cells(t).items():
        v = t.frame.at[i, "total"] if "total" in t.frame else None
        out[key] = None if v is None or pd.isna(v) else int(v)
    return out


@rule("three_public.parts", "error", "“三公”经费 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费；公务用车 = 购置 + 运行维护")
def three_public_parts(d: Disclosure):
    yield from identity_findings(d, "three_public.parts")


@rule("table.set_aside_rows", "warning", "表中无法读入明细的行（如科目编码无效：“7 11 02”应为“210 11 02”）逐行列出；"
      "合计与明细因此产生的差额不再另报")
def set_aside_rows(d: Disclosure):
    from ..identities import amount_text
    from .common import where_table

    for t in d.tables:
        for row in t.set_aside:
            held = "、".join(amount_text(v, t.unit_used) for v in row["amounts"].values())
            where = f"第{row['page']}页" if row.get("page") else (f"第{row['source_line']}行" if row.get("source_line") else "")
            yield Finding("table.set_aside_rows", "warning",
                          f"{where_table(t)}{where}“{row['text']}”：{row['reason']}，此行未计入明细"
                          + (f"（金额{held}）；合计与明细之差即此行" if held else "") + "。",
                          table=where_table(t), row=row["text"],
                          evidence=[{"file": t.file or d.path, "page": row.get("page"), "box": row.get("box"),
                                     "table": t.title, "row": row["text"]}])
