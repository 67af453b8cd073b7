"""Classification codes printed in parts (类 | 款 | 项 columns, a part printed once per group), joined
into one code; a code no classification knows, set aside with its reason; the 类/款/项 of codes."""

from __future__ import annotations

import re

from ..codes import code_system, function_level
from .header import _header_split
from .words import compact, is_total_label


_PART_LEVELS = ("类", "款", "项")


def _join_code_parts(rows: list[list[str]]) -> list[list[str]]:
    """Codes printed in separate 类 | 款 | 项 columns (Shanghai: 208 | 05 | 01) joined into one
    column: 2080501; the header keeps the parent's words ("功能分类科目编码"). A table printed
    in two halves side by side has a 类 | 款 run in each half: every run is joined."""
    nhead = _header_split(rows)
    for h in range(min(nhead, len(rows) - 1), -1, -1):  # the words may share the 合计 row (决算)
        row = [compact(c) for c in rows[h]]
        runs = []
        for start in range(len(row) - 1):
            if row[start] == "类" and row[start + 1] == "款":
                runs.append((start, 3 if start + 2 < len(row) and row[start + 2] == "项" else 2))
        if runs:
            for start, width in reversed(runs):  # right to left: the positions of the others stay
                rows = _carry_parts(rows, nhead, start, width)
                rows = [_joined(r, start, width, i < nhead or (i == h and _only_levels(r, start, width)))
                        for i, r in enumerate(rows)]
            return rows
    return rows


def _carry_parts(rows: list[list[str]], nhead: int, start: int, width: int) -> list[list[str]]:
    """类 and 款 printed only on a group's first row ("208 | 05 | 01", then " |  | 02"): a row
    whose deeper part is printed and whose higher parts are blank takes them from the row above."""
    out = [list(r) for r in rows]
    above = [""] * width
    for i in range(nhead, len(out)):
        r = out[i]
        parts = [(r[start + k] if start + k < len(r) else "").strip() for k in range(width)]
        if not any(parts) or any(is_total_label(p) for p in parts):
            continue
        if not all(re.fullmatch(r"\d{1,3}|", p) for p in parts):
            continue
        deepest = max(k for k, p in enumerate(parts) if p)
        for k in range(deepest):
            if not parts[k] and above[k]:
                r[start + k] = parts[k] = above[k]
        if all(parts[k] for k in range(deepest + 1)):
            above = parts[:deepest + 1] + [""] * (width - deepest - 1)
    return out


def _only_levels(row: list[str], start: int, width: int) -> bool:
    return all(compact(c) in _PART_LEVELS for c in row[start:start + width])


def _joined(row: list[str], start: int, width: int, header: bool) -> list[str]:
    parts = (row + [""] * (start + width - len(row)))[start:start + width]
    if header:  # the parent's words ("功能分类科目编码"); the 类 | 款 | 项 words themselves name codes
        cell = next((p for p in parts if p and compact(p) not in _PART_LEVELS), "科目编码" if any(parts) else "")
    elif all(compact(p) in _PART_LEVELS for p in parts if p) and any(parts):  # "类 | 款 | 项" in a data row
        cell = ""
    elif any(is_total_label(p) for p in parts):
        cell = next(p for p in parts if is_total_label(p))
    else:
        cell = _code_from_parts([p.strip() for p in parts])
    return row[:start] + [cell] + row[start + width:]


def _code_from_parts(parts: list[str]) -> str:
    """类 | 款 | 项 cells as one code. A 款 or 项 printed without its leading zero ("301 | 2",
    上海市普陀区万里街道 2024: the cell was a number in the publisher's spreadsheet) is the
    two-digit part "02": 30102, not 3012."""
    head, *rest = parts + [""] * (1 - len(parts))
    if not re.fullmatch(r"\d{3}", head) or not all(re.fullmatch(r"\d{1,2}|", p) for p in rest):
        return "".join(parts)
    return head + "".join(p.zfill(2) for p in rest if p)



_SYSTEM_NAMES = {"func": "功能分类", "dept_econ": "部门经济分类", "gov_econ": "政府经济分类"}


def _malformed_code(rec: dict, plan, names) -> str | None:
    """Why a row's classification code is no code of its column's classification ("7 11 02"
    printed where 210 11 02 is meant), or ``None``."""
    for (kind, system), name in zip(plan, names):
        code = rec.get(f"{name}_code")
        if kind != "code" or system not in _SYSTEM_NAMES or not isinstance(code, str) or rec.get("is_total"):
            continue
        if code.isdigit() and code_system(code) != system:
            return f"科目编码“{code}”不是有效的{_SYSTEM_NAMES[system]}编码"
    return None



def _function_levels(codes: list) -> dict[str, list]:
    """func_level and the 类 / 款 codes of every functional code."""
    return {"func_level": [function_level(c) if isinstance(c, str) and code_system(c) == "func" else None for c in codes],
            "func_class": [c[:3] if isinstance(c, str) and len(c) >= 3 else None for c in codes],
            "func_section": [c[:5] if isinstance(c, str) and len(c) >= 5 else None for c in codes]}
