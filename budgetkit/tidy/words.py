"""The words of a table's labels: a total's, an ordinal's ("一、", "（二）", "其中："), a Chinese
number, and the outline levels they give a list of labels."""

from __future__ import annotations

import re


_TOTAL = re.compile(r"^(合计|总计|小计|共计|.{0,8}(合计|总计|小计))$")
_ORDINAL = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|其中[:：]?[^\s:：])")


def compact(text: str | None) -> str:
    """A cell without any white space (headers and labels are compared this way)."""
    return re.sub(r"\s+", "", text) if isinstance(text, str) else ""


def is_total_label(text: str | None) -> bool:
    return bool(_TOTAL.match(compact(text)))


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 三十 → 30, 二十七 → 27, 12 → 12; ``None`` if it is not a numeral."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[c]
    return total + current


_ORDINAL_STYLES = [
    ("cn", re.compile(r"^([一二三四五六七八九十百]+)、")),
    ("cn_paren", re.compile(r"^[（(]([一二三四五六七八九十百]+)[）)]")),
    ("arabic", re.compile(r"^(\d+)[、.．]")),
    ("arabic_paren", re.compile(r"^[（(](\d+)[）)]")),
]


def _ordinal(label: str) -> tuple[str, int] | None:
    c = compact(label)
    for style, pattern in _ORDINAL_STYLES:
        m = pattern.match(c)
        if m:
            n = chinese_number(m.group(1))
            if n is not None:
                return style, n
    return None


def outline_levels(labels: list[str | None]) -> list[int]:
    """The outline depth of each item label (1 = top), from its numbering.

    "一、本年支出" followed by "一、一般公共服务支出" … "三十、…" then "二、年终结转结余": the run
    that restarts at 一 is nested under the item before it, and "二、" climbs back out.
    Labels without numbering ("其中：…", plain names) sit one level below the current item,
    or at level 1 when no numbered item came before.
    """
    stack: list[tuple[str, int]] = []
    levels = []
    of_which = 0  # after "其中：…", plain labels stay at that level
    for label in labels:
        o = _ordinal(label or "")
        if o is None:
            if compact(label).startswith("其中"):
                of_which = max(len(stack), 1) + 1
                levels.append(of_which)
            else:
                levels.append(of_which or len(stack) + 1)
            continue
        of_which = 0
        style, n = o
        placed = False
        for depth in range(len(stack) - 1, -1, -1):
            s_style, s_n = stack[depth]
            if s_style == style and n == s_n + 1:
                del stack[depth:]
                stack.append(o)
                placed = True
                break
        if not placed:
            if n == 1 or not stack:
                stack.append(o)
            else:
                stack[-1] = o
        levels.append(len(stack))
    return levels


def indent_levels(indents: list[float | None], step_min: float = 4.0) -> list[int] | None:
    """Outline levels (1 = the outermost) from how far each label is set in from its cell's left
    rule, for a table that prints no codes and no numbering (杭州 2026: 类 at 5.4 pt, 款 at 15.4,
    项 at 25.4). ``None`` unless the labels are set flush left and step by one width (centred
    labels, set in by their length, give no levels); a row whose indent is unknown gets level 1."""
    known = [i for i in indents if i is not None]
    if len(known) < 3 or min(known) > 8:
        return None
    low = min(known)
    steps = sorted({round(i - low, 1) for i in known} - {0.0})
    if not steps or steps[0] < step_min:
        return None
    step = steps[0]
    levels = []
    for i in indents:
        k = 0 if i is None else (i - low) / step
        if abs(k - round(k)) > 0.2 or round(k) > 3:
            return None
        levels.append(int(round(k)) + 1)
    return levels if len(set(levels)) >= 2 else None
