"""Rules on the narrative against itself across paragraphs: one item's change against the same
basis stated twice with different figures (国家信访局 2026: p.19 says 2014099 其他信访事务支出
"比2025年执行减少21,519.26万元", p.21 "比2025年执行数增加2,022.94万元")."""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Disclosure, Fact, Finding
from .common import text_evidence
from .registry import rule
from .tolerance import rounding_fen

_LEVEL_MARK = re.compile(r"[（(][类款项][）)]")
_CODED_NAME = re.compile(r"\d{5,7}\s*(?P<name>[\u4e00-\u9fff（）()、]+)$")
_BASIS = re.compile(r"比\s*((?:19|20)\d{2})\s*年\s*(执行|预算|决算)")


def item_name(f: Fact) -> str | None:
    """The item a function_item figure speaks of, by its deepest name: "其他信访事务支出" from
    "一般公共服务支出（类）信访事务（款）其他信访事务支出（项）" and from "…科目为2014099其他信访事务支出";
    "公诉、审判、侦查、执行等检察监督支出" whole."""
    label = f.label or ""
    marks = list(_LEVEL_MARK.finditer(label))
    if marks:
        before = label[:marks[-1].start()]
        return re.split(r"[）)：:，,]", before)[-1].strip().lstrip("0123456789.．、 ") or None
    m = _CODED_NAME.search(label)
    return m.group("name") if m else None


@rule("narrative.change_conflict", "warning", "同一科目对同一基数的增减，文中两处写法一致；"
      "例：一处写“比2025年执行减少21,519.26万元”，另一处写“比2025年执行数增加2,022.94万元”")
def change_conflict(d: Disclosure):
    seen: dict[tuple, Fact] = {}
    for f in d.facts:
        if f.subject != "function_item" or f.kind != "change" or f.unit not in ("万元", "元") or f.value is None:
            continue
        item, basis = item_name(f), _BASIS.search(f.source[:f.at] if f.at is not None else f.source)
        if not item or basis is None:
            continue
        key = (item, basis.group(1), basis.group(2), f.unit)
        first = seen.setdefault(key, f)
        if first is f or abs(Decimal(first.value) - Decimal(f.value)) * (10_000 if f.unit == "万元" else 1) * 100 \
                <= rounding_fen(first, f):
            continue
        where = f"第{first.page}页" if first.page else "前文"
        yield Finding("narrative.change_conflict", "warning",
                      f"“{item}”比{basis.group(1)}年{basis.group(2)}数的增减，{where}写作{_signed(first)}，"
                      f"此处写作{_signed(f)}。", sentence=f.source, expected=_signed(first), actual=_signed(f),
                      evidence=text_evidence(d, first.page, first.source) + text_evidence(d, f.page, f.source))


def _signed(f: Fact) -> str:
    v = Decimal(f.value)
    return f"{'增加' if v >= 0 else '减少'}{abs(v):,}{f.unit}"
