"""Plausibility rules: negative amounts, duplicate rows, a code named two ways, an item counted
against the wrong economic class, narrative sections out of order."""

from __future__ import annotations

import re

from ..identities import total_flags, values
from ..kinds import base_kind
from ..model import PROVENANCE_COLUMNS, Disclosure, Finding
from ..tidy import chinese_number
from .common import both, col as cn, page_of, row_name, table_evidence, value, where_table
from .registry import rule


_CHANGE = re.compile(r"增减|增长|减少|变动|变化")


@rule("plausibility.negative", "warning", "表中金额不应为负数")
def negative(d: Disclosure):
    for t in d.tables:
        for col in t.amount_columns:
            if _CHANGE.search(col):
                continue  # a column of changes (增减, 比上年增减) may well be negative
            for i in [i for i, x in enumerate(values(t)[col]) if x is not None and x < 0]:
                r = t.frame.iloc[i]
                if _CHANGE.search(str(r.get("label") or "")):
                    continue  # a row of changes: 西安公安 2026 p.50's 增减变化情况 block, read as rows
                yield Finding("plausibility.negative", "warning",
                              f"{where_table(t)}“{row_name(r)}”的“{cn(col)}”为负数{both(r[col])}。",
                              table=where_table(t), row=row_name(r), column=col, expected="≥ 0", actual=value(r[col]))


@rule("plausibility.duplicate_rows", "warning", "同一张表中不应有完全相同的两行")
def duplicate_rows(d: Disclosure):
    for t in d.tables:
        if base_kind(t.kind) in ("project_performance", "overall_performance", "government_procurement") or t.empty:
            continue
        if "side" in t.frame or not _amounts_repeat(t):
            continue  # rows alike must state the same amounts: most tables have no two that do
        items = t.items.drop(columns=list(PROVENANCE_COLUMNS), errors="ignore")
        filled = items[items[t.amount_columns].notna().any(axis=1)] if t.amount_columns else items
        dup = filled[filled.astype(str).duplicated(keep="first")]
        for _, r in dup.iterrows():
            yield Finding("plausibility.duplicate_rows", "warning",
                          f"{where_table(t)}“{row_name(r)}”一行重复出现。",
                          table=where_table(t), row=row_name(r))


def _amounts_repeat(t) -> bool:
    """Whether two items of ``t`` (not totals) that state an amount state the same amounts."""
    v = values(t)
    totals = total_flags(t)
    seen = set()
    for i, total in enumerate(totals):
        amounts = tuple(v[c][i] for c in t.amount_columns)
        if total or (t.amount_columns and all(a is None for a in amounts)):
            continue
        if amounts in seen:
            return True
        seen.add(amounts)
    return False


@rule("plausibility.code_name", "warning", "同一科目编码、同一单位编码在全文中名称一致")
def code_name(d: Disclosure):
    for system, label in (("func", "功能分类科目"), ("gov_econ", "政府经济分类科目"), ("dept_econ", "部门经济分类科目"),
                          ("unit", "单位编码")):  # 西安公安 2026 p.23: 153002 交通管理支队 and 交通警察支队
        seen: dict[str, tuple[str, str]] = {}
        reported = set()
        for t in d.tables:
            f = t.frame
            if f"{system}_code" not in f or f"{system}_name" not in f:
                continue
            for code, name in zip(f[f"{system}_code"], f[f"{system}_name"]):
                if not isinstance(code, str) or not isinstance(name, str):
                    continue
                first = seen.setdefault(code, (name, where_table(t)))
                if _norm(first[0]) != _norm(name) and (code, name) not in reported:
                    reported.add((code, name))
                    yield Finding("plausibility.code_name", "warning",
                                  f"{label}{code}在{first[1]}名为“{first[0]}”，在{where_table(t)}名为“{name}”。",
                                  table=where_table(t), row=code, expected=first[0], actual=name)


def _norm(name: str) -> str:
    return re.sub(r"[（(]?本级[）)]?$", "", name.replace("（", "(").replace("）", ")").replace(" ", ""))


# economic classes of personnel costs (部门经济分类 301, 303; 政府经济分类 501, 50501, 509)
_PERSONNEL = ("301", "303")


@rule("plausibility.economic_class", "info", "人员经费应为301/303类，公用经费应为302等类；地区口径另有规定的列出备查")
def economic_class(d: Disclosure):
    for t in d.tables:
        f = t.items
        if "dept_econ_code" not in f:
            continue
        for col, wrong, what in (("personnel", lambda c: not c.startswith(_PERSONNEL), "人员经费"),
                                 ("operating", lambda c: c.startswith(_PERSONNEL), "公用经费")):
            if col not in f:
                continue
            rows = f[f[col].notna() & (f[col] != 0) & f["dept_econ_code"].map(lambda c: isinstance(c, str) and wrong(c))]
            for _, r in rows.iterrows():
                yield Finding("plausibility.economic_class", "info",
                              f"{where_table(t)}“{r['dept_econ_code']} {r.get('dept_econ_name') or ''}”"
                              f"{both(r[col])}计入{what}，与其经济分类（{r['dept_econ_code'][:3]}类）通常的归属不同"
                              f"（部分地区如北京将30239其他交通费用计入人员经费）。",
                              table=where_table(t), row=row_name(r), column=col, actual=value(r[col]))


@rule("narrative.sections", "warning", "文字部分一级标题编号连续（一、二、三……），不缺号不重号")
def sections(d: Disclosure):
    expected = 1
    unnumbered: list[str] = []  # headings without a number since the last numbered one
    for s in d.sections:
        n = chinese_number(s.number) if s.level == 1 else None
        if n is None:
            if s.level == 3:
                unnumbered.append(s.title)
            continue
        if n == 1:  # a part of the document that numbers its sections afresh
            expected, unnumbered = 2, []
            continue
        if n != expected:
            missing = "、".join(_cn(i) for i in range(expected, n)) if n > expected else None
            what = f"缺少第{missing}部分" if missing else f"编号“{s.number}”重复或倒序"
            if missing and unnumbered:  # the section is there, its heading lost its number
                yield Finding("narrative.sections", "info",
                              f"文字部分一级标题编号不连续：“{s.number}、{s.title}”之前的“{unnumbered[-1]}”没有编号"
                              f"（应为“{_cn(expected)}、”）。",
                              sentence=unnumbered[-1], expected=_cn(expected), actual=None)
            else:
                yield Finding("narrative.sections", "warning",
                              f"文字部分一级标题编号不连续：“{s.number}、{s.title}”之前{what}。",
                              sentence=f"{s.number}、{s.title}", expected=_cn(expected), actual=s.number)
        expected, unnumbered = n + 1, []


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


@rule("plausibility.line_number", "warning", "行次、序号逐行连续：前后两行的编号一致而中间一行印错的列出（如28、39、30）")
def line_number(d: Disclosure):
    for t in d.tables:
        if "seq" not in t.frame:
            continue
        f = t.frame
        sides = f["side"] if "side" in f else None
        for side in (sides.dropna().unique() if sides is not None else [None]):
            rows = f if side is None else f[f["side"] == side]
            for i, printed, should in _out_of_sequence(list(rows["seq"])):
                r = rows.iloc[i]
                also = [row_name(o) for _, o in rows.iterrows() if _whole(o["seq"]) == printed and o.name != r.name]
                yield Finding("plausibility.line_number", "warning",
                              f"{where_table(t)}“{row_name(r)}”的行次印为{printed}，上下两行为{should - 1}、{should + 1}，"
                              f"应为{should}" + (f"（行次{printed}另见“{also[0]}”）" if also else "") + "。",
                              table=where_table(t), row=row_name(r), column="seq", expected=str(should), actual=str(printed),
                              evidence=table_evidence(d, t, page_of(r), box=r.get("box"), row=row_name(r)))


def _whole(cell) -> int | None:
    return int(cell) if isinstance(cell, str) and cell.strip().isdigit() else None


def _out_of_sequence(cells: list) -> list[tuple[int, int, int]]:
    """``(position, printed, expected)`` of each number in a numbering column that breaks a run its
    neighbours agree on: above it n, below it n + 2, itself not n + 1 (佛山 2019 p.12's 行次 28, 39,
    30). Blank cells (a wrapped name's second line) are passed over; a numbering that restarts or
    jumps between groups is no break, for its neighbours do not agree."""
    numbered = [(k, n) for k, n in ((k, _whole(c)) for k, c in enumerate(cells)) if n is not None]
    out = []
    for (_, above), (k, n), (_, below) in zip(numbered, numbered[1:], numbered[2:]):
        if below == above + 2 and n != above + 1:
            out.append((k, n, above + 1))
    return out

