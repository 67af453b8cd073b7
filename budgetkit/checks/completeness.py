"""Completeness rules: required tables, empty tables, stated units, code depth, narrative topics."""

from __future__ import annotations

import re

from ..identities import total_flags, values
from ..kinds import KIND_LABELS, REQUIRED_KINDS
from ..model import Disclosure, Finding
from .common import text_evidence, where_table
from .registry import rule


@rule("completeness.required_tables", "warning", "公开必备的表格齐全（预算：收支总表、收入、支出、财政拨款、一般公共预算、基本支出、"
      "政府性基金、国有资本经营、三公；决算：国家模板的九张决算表），空表也算；有未能识别的表时不报")
def required_tables(d: Disclosure):
    if any(t.kind == "unknown" and not t.empty for t in d.tables):
        return  # a table budgetkit could not name may be the one: never blame the document for that
    for kind in REQUIRED_KINDS:
        if d.table(kind) is None:
            label = KIND_LABELS[f"final_{kind}" if d.kind == "决算" else kind]
            yield Finding("completeness.required_tables", "warning",
                          f"缺少必备表格：{label}。", expected=label, actual=None)


@rule("completeness.contents", "warning", "目录列出的表格正文中都有；例：目录列有“政府采购预算表”，正文却没有这张表")
def contents(d: Disclosure):
    from ..kinds import UNKNOWN, kind_of_title

    at = next((i for i, s in enumerate(d.sections) if "目录" in s.title), None)
    if at is None:
        return
    for s in d.sections[at + 1:]:
        if s.paragraphs:  # the first section with text: the contents are over
            break
        kind = kind_of_title(s.title)
        if kind != UNKNOWN and s.title.endswith("表") and d.table(kind) is None:
            yield Finding("completeness.contents", "warning", f"目录列有“{s.title}”，正文中没有这张表。",
                          expected=s.title, actual=None,
                          evidence=text_evidence(d, s.page, s.title))


#: a line of a 目录: its words, dot leaders (or a wide gap) and the page number
_CONTENTS_LINE = re.compile(r"^(.+?)\s*(?:[.．…·•]{3,}|…+|\s{2,})\s*(\d{1,3})$")


def contents_lines(d: Disclosure) -> list[tuple[str, int, int | None]]:
    """The 目录's lines as ``(words, page number printed, page of the 目录)``: the lines with dot
    leaders and a page number, from the 目录 heading on while each section read after it is such
    lines (国家信访局 2024 p.2: "七、一般公共预算财政拨款“三公”经费支出决算表……11"). Empty when the
    目录 prints no page numbers or is not read as lines."""
    at = next((i for i, s in enumerate(d.sections) if "目录" in s.title), None)
    if at is None:
        return []
    out = []
    for s in d.sections[at:]:
        head = f"{s.number}、{s.title}" if s.number else s.title
        found = [m for m in (_CONTENTS_LINE.match(x.strip()) for x in [head, *s.paragraphs]) if m]
        if not found and s is not d.sections[at]:
            break
        out += [(m.group(1), int(m.group(2)), s.page) for m in found]
    return out


@rule("completeness.contents_order", "warning", "目录所列表格的先后与正文印出的先后一致；例：目录第七项为“三公”经费表，正文却印在第九张")
def contents_order(d: Disclosure):
    from ..kinds import UNKNOWN, kind_of_title

    entries = []  # (words in the 目录, the table read of that kind)
    taken: set[int] = set()
    for words, printed, page in contents_lines(d):
        title = re.sub(r"^(?:[一二三四五六七八九十]+、|表\d+[:：、]?|\d+[.、])", "", words)
        kind = kind_of_title(title)
        if kind == UNKNOWN or not title.endswith("表"):
            continue
        at = next((i for i, t in enumerate(d.tables) if t.kind == kind and i not in taken), None)
        if at is not None:
            taken.add(at)
            entries.append((words, printed, page, at))
    keep = _longest_rising([at for *_, at in entries])
    for k, (words, printed, page, at) in enumerate(entries):
        if k in keep:
            continue
        t = d.tables[at]
        after = max((e for e in entries if e[3] < at), key=lambda e: e[3], default=None)
        where = f"印在“{d.tables[after[3]].title}”之后" if after else "印在最前"
        yield Finding("completeness.contents_order", "warning",
                      f"目录列“{words}”（第{printed}页）的位置与正文不同：正文中这张表{where}（{where_table(t)}）。",
                      table=where_table(t), expected=words, actual=t.title,
                      evidence=text_evidence(d, page, words))


def _longest_rising(seq: list[int]) -> set[int]:
    """Positions of a longest strictly rising run within ``seq`` (not necessarily adjacent): the
    entries of a 目录 that are in the tables' order; the others are out of place."""
    best: list[list[int]] = []  # best[k]: positions of a rising run ending at k
    for k, x in enumerate(seq):
        prev = max((best[j] for j in range(k) if seq[j] < x), key=len, default=[])
        best.append(prev + [k])
    return set(max(best, key=len, default=[]))


@rule("completeness.empty_tables", "info", "空表已识别（表存在而无数据）")
def empty_tables(d: Disclosure):
    for t in d.tables:
        if t.empty:
            yield Finding("completeness.empty_tables", "info", f"{where_table(t)}为空表。", table=where_table(t))


@rule("completeness.currency_unit", "warning", "每张表注明金额单位")
def currency_unit(d: Disclosure):
    missing = [t for t in d.tables if t.currency_unit is None and t.amount_columns]
    if missing:
        names = "、".join(f"表{t.number}" if t.number else t.title for t in missing)
        yield Finding("completeness.currency_unit", "warning",
                      f"{len(missing)}张表未注明金额单位（{names}），按“{missing[0].assumed_unit}”读取。",
                      table=names, expected="金额单位：元/万元", actual=None)


@rule("completeness.code_depth", "warning", "功能分类列到“项”（7位），经济分类列到“款”（5位）")
def code_depth(d: Disclosure):
    for t in d.tables:
        v = values(t)  # the items' codes, from the table's cell lists (no frame of its items made here)
        items = [not total for total in total_flags(t)]
        for col, need, what in (("func_code", 7, "功能分类未列到“项”"), ("dept_econ_code", 5, "部门经济分类未列到“款”"),
                                ("gov_econ_code", 5, "政府经济分类未列到“款”")):
            if col not in v:
                continue
            codes = [c for c, item in zip(v[col], items) if item and isinstance(c, str) and c.isdigit()]
            if codes and max(len(c) for c in codes) < need:
                yield Finding("completeness.code_depth", "warning", f"{where_table(t)}{what}。",
                              table=where_table(t), column=col, expected=f"{need}位", actual=f"{max(len(c) for c in codes)}位")


_TOPICS = [
    ("收支预算及增减变化", r"收支|收入.*支出"),
    ("“三公”经费", r"三公"),
    ("机关（机构）运行经费", r"运行经费"),
    ("政府采购", r"政府采购"),
    ("国有资产占用", r"国有资产"),
    ("绩效目标", r"绩效"),
    ("名词解释", r"名词解释|名称解释|术语"),
]


_RUN_IN_HEADING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])[^：:。，,；]{2,30}[：:。]")  # "（四）政府采购情况：", 重庆 "（二）政府采购情况。"


@rule("completeness.narrative_topics", "info", "文字部分说明收支变化、三公、运行经费、政府采购、国有资产、绩效、名词解释")
def narrative_topics(d: Disclosure):
    # a section's title, or a numbered heading run into its paragraph ("（四）政府采购情况：2025年本单位…",
    # 长沙 2025 p.10): a topic so headed is there
    # (a glossary's "11.机关运行经费：指…" defines a word, it is no section on it)
    leads = [m.group(0) for s in d.sections for p in s.paragraphs for m in [_RUN_IN_HEADING.match(p)]
             if m and not re.match(r"\s*(是指|指|反映)", p[m.end():])]
    titles = " ".join(s.title for s in d.sections)
    for topic, pattern in _TOPICS:
        if not re.search(pattern, titles) and not any(re.search(pattern, lead) for lead in leads):
            yield Finding("completeness.narrative_topics", "info", f"文字部分没有“{topic}”一节。", expected=topic)


@rule("table.unreadable_cells", "warning", "表中无法识别为金额的单元格（如“1,2,3”“1.2e5”）：按空白处理并列出")
def unreadable_cells(d: Disclosure):
    for t in d.tables:
        for warning in t.warnings:
            yield Finding("table.unreadable_cells", "warning",
                          f"{where_table(t)}{warning.replace('; left blank', '')}，已按空白处理。",
                          table=where_table(t), row=warning.split(":", 1)[0], actual=warning)
