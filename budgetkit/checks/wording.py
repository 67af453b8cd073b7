"""Rules on the wording of the narrative: template leftovers, years, the document's level, the
names of the classification in the document's year.

Leftovers and wording are the publisher's slips, but small ones: warnings and info, never
errors.
"""

from __future__ import annotations

import re

from ..codes import class_name_in
from ..model import Disclosure, Finding
from .common import paragraphs, text_evidence, where_table
from .registry import rule

_PLACEHOLDER = re.compile(r"X{2,}|×{2,}|x{3,}|某某|（单位名称）|\(单位名称\)|（部门名称）|＊{2,}")
_NO_REASON = re.compile(r"(主要原因|原因)(是|为|：|:)?\s*[。；]")
_DOUBLED = re.compile(r"([。，；！？、])\1")


def _evidence(d: Disclosure, s, k: int, at: int) -> list[dict]:
    return text_evidence(d, s.page_at(k, at), s.paragraphs[k][max(0, at - 30):at + 30])


@rule("narrative.placeholder", "warning", "文字中不应留有模板占位符（XX、××、某某、“（单位名称）”）；例：“主要原因：XXXXXXXX”")
def placeholder(d: Disclosure):
    for s, k, p in paragraphs(d):
        for m in _PLACEHOLDER.finditer(p):
            yield Finding("narrative.placeholder", "warning", f"文字中留有模板占位符“{m.group()}”，疑为未填写的模板内容。",
                          sentence=p[max(0, m.start() - 40):m.end() + 20], actual=m.group(), evidence=_evidence(d, s, k, m.start()))


#: a template's alternatives left in place: "预（决）算", "增加（减少）", "局（部、委、办）"
_ALTERNATIVES = re.compile(r"预（决）算|决（预）算|(增加|减少|增长|下降|上升)（(增加|减少|增长|下降|上升)）"
                           r"|[局部委办厅]（[局部委办厅](、[局部委办厅])+）")
#: a sentence the template left unfilled: "部门预算包括：。", "（一）收入预算：2026年。"
_UNFILLED = re.compile(r"[：:]\s*[。；]|[：:]\s*(19|20)\d{2}年度?\s*[。；]")


@rule("narrative.leftover", "warning", "文字和表头中不应留有模板的备选字样或未填写的句子；"
      "例：预算表头“预（决）算数”，“增加（减少）”，“局（部、委、办）机关”，“部门预算包括：。”")
def leftover(d: Disclosure):
    for s, k, p in paragraphs(d):
        for pattern, what in ((_ALTERNATIVES, "模板的备选字样"), (_UNFILLED, "未填写的模板句子")):
            for m in pattern.finditer(p):
                yield Finding("narrative.leftover", "warning", f"文字中留有{what}“{m.group().strip()}”。",
                              sentence=p[max(0, m.start() - 30):m.end() + 10], actual=m.group().strip(),
                              evidence=_evidence(d, s, k, m.start()))
    for t in d.tables:
        rows = t.raw.rows if t.raw is not None else t.header  # the header as printed (a 三公 table across is laid down)
        words = {re.sub(r"\s+", "", c) for row in rows for c in row if c}
        for word in sorted(w for w in words if _ALTERNATIVES.search(w)):
            yield Finding("narrative.leftover", "warning", f"{where_table(t)}表头留有模板的备选字样“{word}”。",
                          table=where_table(t), actual=word)


@rule("narrative.reason_missing", "warning", "说明了“主要原因”就应写出原因；例：“主要原因是。”")
def reason_missing(d: Disclosure):
    for s, k, p in paragraphs(d):
        for m in _NO_REASON.finditer(p):
            yield Finding("narrative.reason_missing", "warning", "文字称“主要原因”，但其后没有写出原因。",
                          sentence=p[max(0, m.start() - 40):m.end()], evidence=_evidence(d, s, k, m.start()))


@rule("narrative.punctuation", "info", "标点：重复的标点（。。），不成对的引号或括号；例：“合计。。”")
def punctuation(d: Disclosure):
    for s, k, p in paragraphs(d):
        for m in _DOUBLED.finditer(p):
            yield Finding("narrative.punctuation", "info", f"文字中标点重复“{m.group()}”。",
                          sentence=p[max(0, m.start() - 30):m.end() + 10], evidence=_evidence(d, s, k, m.start()))
        for left, right, name in (("“", "”", "引号"), ("（", "）", "括号")):
            if p.count(left) != p.count(right):
                yield Finding("narrative.punctuation", "info", f"一段文字中{name}不成对（{left}{p.count(left)}个，{right}{p.count(right)}个）。",
                              sentence=p[:80], evidence=_evidence(d, s, k, 0))


_AS_OF = re.compile(r"截[至止](?P<year>\d{4})年")
_SINCE = re.compile(r"(?:与|比|较)(?P<year>\d{4})年度?(?:预算|决算|执行数|相比|预算执行数)?")


@rule("narrative.year", "warning", "文字中的年份与文件年度一致：标题年度、“截至某年”、“与某年相比”；"
      "例：2024年预算中写“与2022年相比”")
def year(d: Disclosure):
    if not d.year:
        return
    for s in d.sections:
        m = re.search(r"(\d{4})年度?(?:部门|单位)?(?:预算|决算)", s.title)
        if m and int(m.group(1)) != d.year:
            yield Finding("narrative.year", "warning", f"标题“{s.title}”的年度{m.group(1)}与文件年度{d.year}不一致。",
                          sentence=s.title, expected=d.year, actual=int(m.group(1)),
                          evidence=text_evidence(d, s.page, s.title))
    for s, k, p in paragraphs(d):
        for m in _AS_OF.finditer(p):
            y = int(m.group("year"))
            ok = (y == d.year) if d.kind == "决算" else (y in (d.year - 1, d.year))
            if not ok:
                yield Finding("narrative.year", "warning",
                              f"“{m.group()}”与{d.year}年{d.kind or ''}不符（{'应截至当年' if d.kind == '决算' else '应截至上年或当年'}）。",
                              sentence=p[max(0, m.start() - 10):m.end() + 20], actual=y, evidence=_evidence(d, s, k, m.start()))
        for m in _SINCE.finditer(p):
            y = int(m.group("year"))
            if y not in (d.year - 1, d.year):
                yield Finding("narrative.year", "warning",
                              f"“{m.group()}”：{d.year}年{d.kind or ''}应与{d.year - 1}年比较。",
                              sentence=p[max(0, m.start() - 10):m.end() + 20], expected=d.year - 1, actual=y,
                              evidence=_evidence(d, s, k, m.start()))


@rule("narrative.level", "info", "文字的口径与文件一致：单位预算不称“部门预算”，部门预算不称“单位预算”")
def level(d: Disclosure):
    if d.level not in ("部门", "单位"):
        return
    wrong = "部门预算" if d.level == "单位" else "单位预算"
    wrong = wrong.replace("预算", d.kind or "预算")
    for s in d.sections:
        if wrong in s.title:
            yield Finding("narrative.level", "info", f"本文件是{d.level}{d.kind or ''}，标题“{s.title}”却称“{wrong}”。",
                          sentence=s.title, expected=f"{d.level}{d.kind or ''}", actual=wrong,
                          evidence=text_evidence(d, s.page, s.title))


@rule("plausibility.class_name_year", "warning", "功能分类“类”的名称与文件年度的科目一致；例：2019年起210为“卫生健康支出”，"
      "此前为“医疗卫生与计划生育支出”")
def class_name_year(d: Disclosure):
    if not d.year:
        return
    other_years: dict[str, tuple[str, str]] = {}  # a name of another year → (code, this year's name)
    for code in ("201", "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213", "214",
                 "215", "216", "217", "219", "220", "221", "222", "223", "224", "227", "229"):
        now = class_name_in(code, d.year)
        for y in range(2010, 2031):
            name = class_name_in(code, y)
            if name and now and name != now:
                other_years[name] = (code, now)
    seen = set()
    for t in d.tables:
        f = t.frame
        names = list(f["func_name"]) if "func_name" in f else []
        if "side" in f:  # the 类 rows of a 收支总表: "十、医疗卫生与计划生育支出"
            names += [re.sub(r"^[一二三四五六七八九十]+、", "", x) for x in f["label"] if isinstance(x, str)]
        for name in names:
            key = re.sub(r"\s+", "", name) if isinstance(name, str) else None
            if key in other_years and (t.title, key) not in seen:
                seen.add((t.title, key))
                code, now = other_years[key]
                yield Finding("plausibility.class_name_year", "warning",
                              f"{where_table(t)}“{key}”是其他年度的科目名称；{d.year}年功能分类{code}类为“{now}”。",
                              table=where_table(t), row=key, expected=now, actual=key)


#: a numbered item of a list with its amount and why: "2．政府性基金预算财政拨款收入0万元，我局为2019年新成立单位，…"
_ITEM = re.compile(r"^\s*\d+\s*[.．、]\s*(?P<subject>[^\d，,。；]{2,30}?)\s*(?:为|是)?\s*\d[\d,]*(?:\.\d+)?\s*万?元[，,](?P<why>[^。]{6,}。?)")


@rule("narrative.copied_explanation", "warning", "列表中一项的说明与另一项的说明一字不差，且写的是另一项的名称、没有写本项：多为照抄；"
      "例：“政府性基金预算财政拨款收入0万元，……不存在2018年上级补助收入数”")
def copied_explanation(d: Disclosure):
    """A numbered item's explanation that is word for word another item's of the same list and
    names what tells the other item apart, not its own (佛山 2019 决算 p.24: "2．政府性基金预算财政拨款
    收入0万元，我局为2019年新成立单位，不存在2018年上级补助收入数，同时今年也无上级补助收入。", item 3's
    words for 上级补助收入)."""
    from .goals import own_words

    items = []
    for s, k, p in paragraphs(d):
        m = _ITEM.match(p)
        if m:
            items.append((m.group("subject").strip(), re.sub(r"\s+", "", m.group("why")), s, k, p))
    for subject, why, s, k, p in items:
        for other, other_why, *_ in items:
            if other == subject or other_why != why:
                continue
            mine, theirs = own_words(subject, other)
            if len(mine) < 2 or len(theirs) < 2 or mine in why or theirs not in why:
                continue
            sentence = p.strip()
            yield Finding("narrative.copied_explanation", "warning",
                          f"“{subject}”一项的说明与“{other}”一项的一字不差，写的是“{theirs}”，没有写“{mine}”：可能照抄了另一项的说明。",
                          sentence=sentence, expected=mine, actual=theirs, evidence=text_evidence(d, s.page_at(k, 0), sentence))
            break
