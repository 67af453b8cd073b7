"""Rules on what the text says of the department's own make-up: how many units it has below it."""

from __future__ import annotations

import re

from ..model import Disclosure, Finding
from ..tidy import chinese_number
from .common import paragraphs, text_evidence
from .registry import rule

#: "我部门没有下属单位" (佛山 2019 p.4), "本部门无下属单位"
_NONE = re.compile(r"(?:没有|无)(?:下属|所属)(?:二级)?(?:预算)?单位")
#: "机关及下属1个单位共接待" (佛山 2019 p.27), "下属12个二级预算单位" (重庆 2026 p.4), "含下属单位0个"
_COUNT = re.compile(r"(?:下属|所属)(?:(?:二级)?(?:预算)?单位)?(?:共)?(?P<n>\d+|[一二三四五六七八九十]+)个(?:二级)?(?:预算)?单位"
                    r"|(?:下属|所属)(?:二级)?(?:预算)?单位(?:共)?(?P<m>\d+|[一二三四五六七八九十]+)个")
#: the section that sets out the department's make-up
_MAKE_UP = re.compile(r"构成|机构设置|单位设置|基本情况|概况")


def _count(m: re.Match) -> int | None:
    text = m.group("n") or m.group("m")
    return int(text) if text.isdigit() else chinese_number(text)


def stated_unit_counts(d: Disclosure) -> list[tuple[int, str, object, int, int | None]]:
    """Each statement of how many units the department has below it: ``(count, sentence,
    section, paragraph, page)``, in the order of the text."""
    out = []
    for s, k, p in paragraphs(d):
        for sentence in re.split(r"(?<=[。；])", p):
            m = _NONE.search(sentence)
            if m:
                out.append((0, sentence.strip(), s, k, s.page_at(k, p.find(sentence))))
                continue
            for m in _COUNT.finditer(sentence):
                n = _count(m)
                if n is not None:
                    out.append((n, sentence.strip(), s, k, s.page_at(k, p.find(sentence))))
    return out


@rule("narrative.subordinate_units", "warning", "文字各处所说的下属单位个数，与“单位构成”一节一致；例：构成一节称“没有下属单位”，"
      "“三公”经费说明却写“机关及下属1个单位共接待……”")
def subordinate_units(d: Disclosure):
    """The department's make-up section (单位构成, 机构设置) says how many units it has below it;
    a sentence elsewhere that counts another number (佛山 2019 决算: p.4 "我部门没有下属单位", p.27
    "局（部、委、办）机关及下属1个单位共接待国外来访团组0个", beside two sentences that say 0)."""
    stated = stated_unit_counts(d)
    made_up = next(((n, sentence, page) for n, sentence, s, _, page in stated if _MAKE_UP.search(s.title)), None)
    if made_up is None:
        return
    count, where, page = made_up
    for n, sentence, s, _, at in stated:
        if n != count and not _MAKE_UP.search(s.title):
            yield Finding("narrative.subordinate_units", "warning",
                          f"文字称“{_short(sentence)}”（下属{n}个单位），而单位构成一节称“{_short(where)}”"
                          + (f"（第{page}页）" if page else "") + "。",
                          sentence=sentence, expected=count, actual=n,
                          evidence=text_evidence(d, at, sentence) + text_evidence(d, page, where))


def _short(sentence: str, width: int = 60) -> str:
    sentence = sentence.rstrip("。；")
    return sentence if len(sentence) <= width else sentence[:width] + "……"
