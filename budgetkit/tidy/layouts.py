"""Layouts re-laid as rows of items before a grid is read: a 三公 table across (its items as
columns, blocks by year or basis), and blocks printed side by side (a 决算 基本支出表 in halves)."""

from __future__ import annotations

import re

from ..money import is_amount
from ..readers.raw import Origin
from .header import _body, _header_split, _paths
from .words import compact, is_total_label


def _wide_to_long(rows: list[list[str]], origins: list[Origin]) -> tuple[list[list[str]], list[Origin]]:
    """A 三公 table laid out across (its items as columns: Shanghai's, 北京 2026's) as label / value
    rows, one per leaf column, from its value row: the only one, or the 合计 row where units are
    listed below it (杭州 2026, 长沙 2025), or the first row of amounts where another table follows
    in the same grid (国家信访局 2026). Each item is labelled with the basis or year its header
    gives ("（决算数）", "（2026年预算数）": 烟台 2026 prints 2025 beside 2026)."""
    nhead = _header_split(rows)
    data, where = _body(rows, origins, nhead)
    value_rows = [k for k, r in enumerate(data) if sum(is_amount(c) for c in r) >= 2]
    if nhead == 0 or not value_rows:
        return rows, origins
    heads = ["".join(compact(x) for x in p) for p in _paths(rows[:nhead], max(len(r) for r in rows))]
    if sum(bool(re.search(r"出国|接待|公务用车", h)) for h in heads) < 2:
        return rows, origins  # the items are rows already (江苏: 项目 | 金额)
    first = data[value_rows[0]][0]
    unlabelled = not first.strip() or is_amount(first)
    totals = [k for k in value_rows if any(is_total_label(c) for c in data[k])]
    bases = [(k, compact(data[k][0])) for k in value_rows if _BASIS_LABEL.match(compact(data[k][0]))]
    if len(data) == 1 or (value_rows[0] == 0 and unlabelled):
        chosen = [(value_rows[0], None)]  # the one row, or the unlabelled one under the header: another table may follow
    elif totals:
        chosen = [(totals[0], None)]
    elif bases:  # 西安 2022 决算: a 预算数 row and a 决算数 row under the items, each its basis
        chosen = bases
    elif unlabelled:
        chosen = [(value_rows[0], None)]
    else:
        return rows, origins  # rows labelled by items: laid out down already
    out = [["项目", "金额"]]
    where_out: list[Origin] = [Origin()]
    for k, row_basis in chosen:
        row = data[k]
        out_k = _long_rows(_paths(rows[:nhead], len(row)), row, row_basis)
        out += out_k
        where_out += [where[k]] * len(out_k)
    if len(out) < 3:
        return rows, origins
    return out, where_out


#: blocks of a 三公 table across headed by year (西安公安 2026 p.50: 上年 | 当年 | 增减变化情况), each
#: item labelled by its block ("“三公”经费（当年）"); the change is no amount of either year
_YEAR_BLOCK = {"上年": "上年", "当年": "当年", "本年": "当年", "增减变化情况": "增减", "增减变化": "增减", "增减": "增减"}

_BASIS_LABEL = re.compile(r"^(预算数|决算数|执行数|上年|当年|(19|20)\d{2}年(预算|决算|执行)数)$")


def _long_rows(paths: list[list[str]], row: list[str], row_basis: str | None) -> list[list[str]]:
    """One value row of a 三公 table across as label / amount rows (see :func:`_wide_to_long`)."""
    out = []
    for path, cell in zip(paths, row):
        parts = [compact(p) for p in path if compact(p)]
        if not parts or (is_total_label(cell) or (cell.strip() and not is_amount(cell))):
            continue  # the row's label (合计, a unit's name) is no item
        if parts[-1] == "小计":  # the subtotal column carries its group's name
            parts = parts[:-1]
            if parts and "三公" in parts[-1]:  # …under the heading of the 三公 (长沙 2025: 三公经费预（决）算数)
                parts[-1] = "“三公”经费"
        label = parts[-1] if parts else "金额"
        basis = row_basis or next((_YEAR_BLOCK.get(p, p) for p in parts if p in ("预算数", "决算数", "执行数")
                                   or p in _YEAR_BLOCK or re.fullmatch(r"(19|20)\d{2}年(预算|决算|执行)数", p)), None)
        if label == basis and len(parts) >= 2:  # 决算: each item's 预算数 and 决算数
            label = f"{parts[-2]}（{label}）"
        elif basis:  # 预算数 | 决算数 over each half's items (佛山 2019 决算, p.21): the item, then its basis
            nested = len([p for p in parts if p != basis and p not in _YEAR_BLOCK]) >= 2  # 购置费 under 公务用车购置及运行费
            label = f"{'其中：' if nested else ''}{label}（{basis}）"
        elif len(parts) >= 3:  # under a group under the table's own heading: 购置费 of 公务用车
            label = f"其中：{label}"
        out.append([label, cell])
    return out



def stack_halves(rows: list[list[str]], origins: list[Origin]) -> tuple[list[list[str]], list[Origin]]:
    """A table printed as blocks side by side (the 决算 基本支出表 of the national template: 301/303
    on the left, 302/310 on the right, each with 类 | 款 | 科目名称 | 决算数; 佛山 2019 and 国家信访局
    2024 print two or three blocks of 科目代码 | 科目名称 | 决算数 under 人员经费 | 公用经费) as one
    column of rows: the first block's rows, then the next block's. Recognised by a header row made of
    two to four equal blocks. A total whose label stands in one block and its amount in the next
    (国家信访局 2024: "公用经费合计" over the second block, 2,266.65 under the third) is one row."""
    nhead = _header_split(rows)
    if nhead == 0 or len(rows) <= nhead:
        return rows, origins
    width = max(len(r) for r in rows)
    pad = [r + [""] * (width - len(r)) for r in rows]
    blocks = _repeated_blocks([[compact(c) for c in r] for r in pad[:nhead]], width)
    if blocks < 2:
        return rows, origins
    size = width // blocks
    # a header row whose blocks differ titles its blocks ("人员经费 | 公用经费"): it names no column of
    # the stacked rows, whose header is the words every block repeats
    header = [r[:size] for r in pad[:nhead] if all(r[k * size:(k + 1) * size] == r[:size] for k in range(blocks))]
    body, spanning = [], []
    for k in range(blocks):
        for r, o in zip(pad[nhead:], origins[nhead:]):
            part = r[k * size:(k + 1) * size]
            nxt = r[(k + 1) * size:(k + 2) * size] if k + 1 < blocks else []
            if _label_without_amount(part) and nxt and _amount_without_label(nxt):
                label = next(c for c in part if is_total_label(c))
                part = list(nxt)
                part[next(i for i, c in enumerate(part) if not c.strip())] = label  # the amounts where printed
                r[(k + 1) * size:(k + 2) * size] = [""] * size
                spanning.append((part, o))  # it totals the blocks it spans: after their rows
                continue
            body.append((part, o))
    body = [(r, o) for r, o in body + spanning if any(c.strip() for c in r)]
    kept = [o for r, o in zip(pad[:nhead], origins[:nhead])
            if all(r[k * size:(k + 1) * size] == r[:size] for k in range(blocks))]
    return header + [r for r, _ in body], kept + [o for _, o in body]


def _repeated_blocks(header: list[list[str]], width: int) -> int:
    """Into how many equal blocks (2 to 4) a header row divides, its words repeated in each; 1 if none."""
    for k in (2, 3, 4):
        if width % k or width // k < 2:
            continue
        size = width // k
        for row in header:
            parts = [row[j * size:(j + 1) * size] for j in range(k)]
            if any(parts[0]) and all(p == parts[0] for p in parts[1:]):
                return k
    return 1


def _label_without_amount(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and any(is_total_label(c) for c in filled) and not any(is_amount(c) for c in filled)


def _amount_without_label(cells: list[str]) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(is_amount(c) for c in filled)
