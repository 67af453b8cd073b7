"""The names the narrative gives classification items against the tables' names for them: an item
named beside its code ("重点实验室及相关设施（2060204）", 西南大学 2024 决算 p.20, where every table
prints 2060204 实验室及相关设施), or by its path ("社会保障和就业（类）行政事业单位离退休（款）…（项）",
国家信访局 2024 决算 p.22, where the tables' 款 20805 is 行政事业单位养老支出: a superseded name)."""

from __future__ import annotations

import re

from ..model import Disclosure, Finding
from .common import paragraphs, text_evidence
from .registry import rule

#: an item's name then its code in brackets, at the start of a list item ("9.重点实验室及相关设施（2060204）：")
_NAMED_CODE = re.compile(r"(?:^|(?<=[\d.．、）)\s]))(?P<name>[\u4e00-\u9fff、]{2,30})[（(](?P<code>2\d{2}(?:\d{2}){1,2})[)）]")
_ITEM_START = re.compile(r"(?:^|(?:\d+|[一二三四五六七八九十]+)[.．、]|[（(][一二三四五六七八九十\d]+[)）])\s*$")
#: "社会保障和就业（类）行政事业单位离退休（款）归口管理的行政单位离退休（项）"
#: a name may hold a word in brackets that is no level: "政府办公厅（室）及相关机构事务（款）" (国家信访局 2026 p.33)
_NAME = r"(?:[\u4e00-\u9fff、]|[（(](?![类款项][)）])[\u4e00-\u9fff]{1,4}[)）])"
_PATH = re.compile(rf"(?P<c>[\u4e00-\u9fff、]{{2,20}}?)\s*[（(]类[)）]\s*(?P<s>{_NAME}{{2,30}}?)\s*[（(]款[)）]"
                   rf"(?:\s*(?P<i>{_NAME}{{2,40}}?)\s*[（(]项[)）])?")


def _same(a: str, b: str) -> bool:
    """One name written with or without its trailing 支出 ("一般公共服务（类）", "一般公共服务支出")."""
    return a == b or a.removesuffix("支出") == b.removesuffix("支出")


def _ends_with(words: str, name: str) -> bool:
    """``words`` end with the name, written with or without its trailing 支出."""
    return words.endswith(name) or words.endswith(name.removesuffix("支出")) and len(name.removesuffix("支出")) >= 2


def _function_names(d: Disclosure) -> dict[str, set[str]]:
    """Every functional code the tables print, with the names they print for it."""
    out: dict[str, set[str]] = {}
    for t in d.tables:
        f = t.frame
        if "func_code" not in f or "func_name" not in f:
            continue
        for code, name in zip(f["func_code"].tolist(), f["func_name"].tolist()):
            if isinstance(code, str) and code.isdigit() and isinstance(name, str) and name.strip():
                out.setdefault(code, set()).add(re.sub(r"\s+", "", name))
    return out


@rule("narrative.code_name", "warning", "文字中的功能科目名称与表中同一编码（或同一类、款下）的名称一致；"
      "例：文字“重点实验室及相关设施（2060204）”，表中2060204为“实验室及相关设施”")
def code_name(d: Disclosure):
    names = _function_names(d)
    if not names:
        return
    said = set()
    for s, k, p in paragraphs(d):
        for m in _NAMED_CODE.finditer(p):
            code, name = m.group("code"), m.group("name")
            printed = names.get(code)
            if not printed or any(_same(name, n) for n in printed) or not _ITEM_START.search(p[:m.start()]):
                continue
            if (code, name) in said:
                continue
            said.add((code, name))
            table = "、".join(sorted(printed))
            yield Finding("narrative.code_name", "warning", f"文字称{code}为“{name}”，而表中{code}为“{table}”。",
                          sentence=p[m.start():m.end()], expected=table, actual=name,
                          evidence=text_evidence(d, s.page_at(k, m.start()), p[m.start():m.end()]))
        for m in _PATH.finditer(p):
            found = _path_mismatch(names, m.group("c"), m.group("s"), m.group("i"))
            if found is None or (m.group(0), found) in said:
                continue
            said.add((m.group(0), found))
            level, name, known = found
            yield Finding("narrative.code_name", "warning",
                          f"文字中的科目“{m.group(0)}”：{level}名“{name}”不见于表中该{'类' if level == '款' else '款'}之下"
                          f"（表中为“{known}”）。",
                          sentence=m.group(0), expected=known, actual=name,
                          evidence=text_evidence(d, s.page_at(k, m.start()), m.group(0)))


def _path_mismatch(names: dict[str, set[str]], cls: str, section: str, item: str | None) -> tuple[str, str, str] | None:
    """The first level of a 类 / 款 / 项 path whose name is none of the tables' names under its
    parent: (level, the narrative's name, the tables' names there); ``None`` when the path agrees
    or its 类 is not in the tables (nothing to compare with)."""
    # the 类 is the end of the words before "（类）": "四、一般公共服务（类）" is 一般公共服务
    classes = [c for c, ns in names.items() if len(c) == 3 and any(_ends_with(cls, n) for n in ns)]
    if len(classes) != 1:
        return None
    sections = {c: ns for c, ns in names.items() if len(c) == 5 and c.startswith(classes[0])}
    hit = [c for c, ns in sections.items() if any(_same(section, n) for n in ns)]
    if not hit:
        return ("款", section, "、".join(sorted(n for ns in sections.values() for n in ns))) if sections else None
    if item is None:
        return None
    items = {c: ns for c, ns in names.items() if len(c) == 7 and c.startswith(hit[0])}
    if items and not any(_same(item, n) for ns in items.values() for n in ns):
        return ("项", item, "、".join(sorted(n for ns in items.values() for n in ns)))
    return None
