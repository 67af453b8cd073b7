"""The paired layout of a 收支总表 / 财政拨款收支总表: income items on the left, spending on the right,
each side with its own outline and totals."""

from __future__ import annotations

import re

import pandas as pd

from ..kinds import column_role
from ..money import is_amount
from ..readers.raw import Origin, RawTable
from .context import _Ctx
from .header import _body, _header_split, _paths
from .words import _ordinal, compact, indent_levels, is_total_label, outline_levels


_LABEL_HEADER = re.compile(r"^(项目|项目名称|科目|科目名称|功能科目名称|支出功能分类科目|收入项目|支出项目)$")


def _paired(raw: RawTable, rows: list[list[str]], origins: list[Origin], ctx: _Ctx, warnings: list[str]):
    """Income on the left, spending on the right; Jiangsu adds a third side, spending by use
    (基本支出 / 项目支出 / 单位预留机动经费). A side starts at each label column."""
    nhead = _header_split(rows)
    header = rows[:nhead]
    data, where = _body(rows, origins, nhead)
    ncols = max([len(r) for r in data] + [len(h) for h in header] + [0])
    paths = _paths(header, ncols)
    starts = [i for i, p in enumerate(paths) if p and _LABEL_HEADER.match(compact(p[-1]))]
    starts = [i for k, i in enumerate(starts) if k == 0 or i > starts[k - 1] + 1]
    if len(starts) < 2:
        starts = _label_columns(data, ncols) or [0, ncols // 2]
    bounds = list(zip(starts, starts[1:] + [ncols]))
    bounds[0] = (0, bounds[0][1])
    names = ["income", "expenditure"] + [
        "expenditure_by_use" if any("用途" in c for c in paths[lo]) else f"expenditure_{k + 2}"
        for k, (lo, _) in enumerate(bounds[2:])
    ]
    roles_of = []
    amount_cols: list[str] = []
    for lo, hi in bounds:
        roles = []
        for i in range(lo + 1, hi):
            role, is_value = column_role(paths[i][1:] if len(paths[i]) > 1 else paths[i])
            if role == "seq":  # the side's 行次: kept as printed, no amount (佛山 2019 p.12 numbers 二、外交支出 39)
                roles.append(role)
                continue
            role = role if (role and is_value) else ("total" if i == lo + 1 else f"col{i - lo}")
            roles.append(role)
            if role not in amount_cols:
                amount_cols.append(role)
        roles_of.append(roles)
    halves = {"income": bounds[:1], "expenditure": bounds[1:]}
    records = []
    for n, row in enumerate(data, start=1):
        cells = row + [""] * (ncols - len(row))
        for half, segs in halves.items():
            lo, hi = segs[0][0], segs[-1][1]
            totals = [c for c in cells[lo:hi] if is_total_label(c)]
            if totals and len(segs) > 1:  # a total whose label spans the sides: its amount is the last one
                amounts = [c for c in cells[lo:hi] if is_amount(c)]
                records.append({"line": n, "_origin": where[n - 1], "side": half, "label": compact(totals[0]), "is_total": True,
                                "total": ctx.fen(amounts[-1], f"row {n} ({half})", warnings) if amounts else None})
                continue
            for (s_lo, s_hi), side in zip(segs, names[bounds.index(segs[0]):]):
                seg = cells[s_lo:s_hi]
                label, values = seg[0].strip(), seg[1:]
                if not label and not any(v.strip() for v in values):
                    continue
                last = next((r for r in reversed(records) if r["side"] == side), None)
                roles = roles_of[bounds.index((s_lo, s_hi))]
                if last is not None and not last["is_total"] and last["line"] >= n - 2:
                    if _amounts_of_wrapped_label(last, label, roles):
                        for role, cell in zip(roles, values):
                            if role != "seq":
                                last[role] = ctx.fen(cell, f"row {n} ({side}) column {role}", warnings)
                        continue
                    tail = _label_with_tail(last["label"], label, values)
                    if tail is not None:
                        last["label"], last["is_total"] = tail, is_total_label(tail)
                        continue
                total = is_total_label(label)
                rec = {"line": n, "_origin": where[n - 1], "side": side,
                       "label": compact(label) if total else label or None, "is_total": total,
                       "_indent": dict(getattr(where[n - 1], "indents", ())).get(s_lo)}
                for role, cell in zip(roles, _label_drawn_across(label, values)):
                    if role == "seq":
                        rec[role] = cell.strip() or None
                        continue
                    rec[role] = ctx.fen(cell, f"row {n} ({side}) column {role}", warnings)
                records.append(rec)
    frame = pd.DataFrame.from_records(records)
    if len(frame):
        frame["level"] = 0
        for side in frame["side"].unique():
            for k, items in enumerate(_runs_between_totals(frame, side)):  # a total closes the outline above it
                labels = list(frame.loc[items, "label"])
                if k:
                    frame.loc[items, "level"] = _lines_below_a_total(labels)
                    continue
                levels = outline_levels(labels)
                if len(set(levels)) == 1 and "_indent" in frame:  # no numbering tells the outline: how far each is set in
                    levels = indent_levels([None if pd.isna(x) else float(x) for x in frame.loc[items, "_indent"]]) or levels
                frame.loc[items, "level"] = levels
    return header, frame.drop(columns=["_indent"], errors="ignore"), amount_cols


def _lines_below_a_total(labels: list) -> list[int]:
    """The outline of the lines between a side's 本年 total and its 总计: each unnumbered line
    (上年结转, 年初财政拨款结转和结余 …) at the top, the numbered lines after it its detail
    ("一、一般公共预算财政拨款" under 年初财政拨款结转和结余: 上海市普陀区财政局 2024 决算, p.13)."""
    levels = outline_levels(labels)
    out, under = [], False
    for label, level in zip(labels, levels):
        plain = _ordinal(label or "") is None and not compact(label).startswith("其中")
        if plain:
            under = True
            out.append(1)
        else:
            out.append(level + 1 if under else level)
    return out


def _runs_between_totals(frame: pd.DataFrame, side: str) -> list[list]:
    """The item rows of one side in runs that total rows separate: the lines below 本年收入合计
    (上年结转, 使用非财政拨款结余 …) start an outline of their own (西南大学 2024 决算: 年初结转和结余,
    unnumbered after 八、…, was taken for a child of the last numbered item)."""
    runs: list[list] = [[]]
    for i in frame.index[frame["side"] == side]:
        if frame.at[i, "is_total"]:
            runs.append([])
        else:
            runs[-1].append(i)
    return [r for r in runs if r]


def _label_columns(data: list[list[str]], ncols: int) -> list[int]:
    """Where each side of a two-sided (or wider) summary starts when its header words name no
    label column (西安市公安局 2026 p.22: 项目 | 支出功能分类科目（按大类） | 部门预算支出经济分类科目
    （按大类） | 政府预算支出经济分类科目（按大类）, each with its 预算数): the columns whose cells are
    words, not amounts, each followed by a column of amounts. Empty when fewer than two."""
    starts = []
    for i in range(ncols - 1):
        cells = [r[i] for r in data if i < len(r) and r[i].strip()]
        after = [r[i + 1] for r in data if i + 1 < len(r) and r[i + 1].strip()]
        words = [c for c in cells if not is_amount(c)]
        if len(cells) >= 3 and len(words) >= 0.8 * len(cells) and after and \
                sum(is_amount(c) for c in after) >= 0.8 * len(after):
            starts.append(i)
    return starts if len(starts) >= 2 else []


def _amounts_of_wrapped_label(last: dict, label: str, roles: list[str]) -> bool:
    """A row with no label under a side's row that has a label and no amounts: the amounts of a
    label wrapped onto two rows. They are the row above's."""
    return not label and bool(last["label"]) and all(last.get(role) is None for role in roles if role != "seq")


def _label_with_tail(above: str | None, label: str, values: list[str]) -> str | None:
    """The label of the side's row above joined with this row's, when this row is only the tail
    of that label wrapped onto a row of its own: a few characters, no amounts, no numbering
    ("三、单位预留机动" / "经费"). A total word is a tail only when it makes the label a total
    ("当年收入" / "小计": 江苏省人大常委会办公厅 2017 收支预算总表, "小计" printed at the top of
    p.9), which is then written without spaces. ``None`` when this row is a row of its own."""
    if not label or not above or any(v.strip() for v in values) or _ordinal(label) or len(label) > 4:
        return None
    joined = f"{above}{compact(label)}"
    if not is_total_label(joined):
        return None if is_total_label(label) else joined
    return compact(joined)


def _label_drawn_across(label: str, values: list[str]) -> list[str]:
    """A row's amount cells, blank where the label is drawn across them ("结转下年资金" over the
    whole row of 江苏's 收支预算总表): the label repeated is no amount that failed to read."""
    return ["" if compact(cell) == compact(label) and not is_amount(cell) else cell for cell in values]
