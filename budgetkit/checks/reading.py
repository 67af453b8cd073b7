"""Rules about budgetkit's own reading, never the publisher's: tables whose reading the document's
identities do not confirm, and parts of the document that could not be read. Their findings are
info: they tell the reader where to check the page, and are never counted as errors."""

from __future__ import annotations

import pandas as pd

from ..identities import values
from ..model import Disclosure, Finding
from .common import text_evidence, where_table
from .corroboration import likely_cause, readings
from .registry import rule


@rule("reading.doubtful", "info", "budgetkit 对某张表或某个数额的读取无法由本文件自身的勾稽关系确认（多处核对不上，"
      "或相关数额在其他核对中也对不上）：请对照原文核实，不计为公开文件的错误；"
      "例：「收入总体情况表」34 行“合计 = 各项收入之和”对不上，可能有一列金额未计入")
def unconfirmed_tables(d: Disclosure):
    for ti, r in sorted(readings(d).items()):
        if r.confirmed:
            continue
        t = d.tables[ti]
        pages = values(t).get("page", [])
        evidence = [{"file": t.file or d.path, "page": int(pages[c.row]), "table": t.title, "column": c.column}
                    for i in r.failures[:3] for c in i.left[:1]
                    if c.table == ti and c.row < len(pages) and pages[c.row] is not None and not pd.isna(pages[c.row])]
        yield Finding("reading.doubtful", "info",
                      f"budgetkit 对{where_table(t)}的读取无法确认：本表有 {r.failed} 处核对对不上（{r.held} 处相符），"
                      f"{likely_cause(d, ti)}。这些对不上的地方不计为公开文件的错误，请对照原文核实本表。",
                      table=where_table(t), evidence=evidence, cause="table")


@rule("reading.unreadable", "info", "文件中未能读取的部分（一张表的版式、文字部分等）：其余部分照常读取和核对；"
      "例：「部门收支总表」的排版未能读取，本表的数额未计入核对")
def unreadable_parts(d: Disclosure):
    for p in d.problems:
        yield Finding("reading.unreadable", "info", f"{p.part}：{p.reason}。",
                      table=p.part if p.stage == "table" else None,
                      evidence=([{"file": p.file, "page": p.page}] if p.file else text_evidence(d, p.page)) if p.page else [])


@rule("reading.rows_not_placed", "info", "各页印出的带科目编码的金额行，budgetkit 逐行核对是否都已读入表格；"
      "未能读入的行列出页码和前几行（可能是未见过的表格版式），其所在表格的核对不据以指出错误；"
      "例：第44页等处印有 243 行带科目编码的数额未能读入表格")
def rows_not_placed(d: Disclosure):
    p = d.placement
    if p is None or not p.unplaced:
        return
    pages = sorted({r["page"] for r in p.unplaced})
    shown = "；".join(f"第{r['page']}页 {r['code']} {'、'.join(r['amounts'][:4])}" for r in p.unplaced[:3])
    where = "、".join(f"第{n}页" for n in pages[:6]) + ("等" if len(pages) > 6 else "")
    yield Finding("reading.rows_not_placed", "info",
                  f"{where}印有 {len(p.unplaced)} 行带科目编码的数额（共 {p.printed} 行）未能读入表格，如：{shown}。"
                  f"这些页的表格可能是 budgetkit 未见过的版式，请对照原文核实；其所在表格的核对不据以指出错误。",
                  evidence=[{"file": path, "page": n} for path, n in sorted({(r["path"], r["page"]) for r in p.unplaced})[:3]])
