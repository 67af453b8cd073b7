"""Identities inside one table: a 合计 and the items above (or below) it, a summary's two sides and
what they carry in and out, one row's parts (合计 = 基本 + 项目, 财政拨款 = its kinds, 本年收入 = its
sources), a 类 and its 款 and 项, the 三公 and its parts."""

from __future__ import annotations

import re

import pandas as pd

from ..codes import deepest_code_rows
from ..kinds import SUMMARY_LINES, base_kind
from ..model import PART_TOTAL, Table
from .core import (PAIRED, SKIP_SUM, Cell, Identity, amount_text, _col,
                   _row_name_at, _sum, _tolerance, total_flags, values, _where)


# ------------------------------------------------------------------------- inside one table
def table_identities(t: Table, ti: int) -> list[Identity]:
    """Every identity inside table ``t`` (at position ``ti`` of its disclosure)."""
    if t.empty:
        return []
    kind = base_kind(t.kind)
    out: list[Identity] = []
    if kind in PAIRED and "side" in t.frame:
        out += _paired_totals(t, ti)
    elif kind not in SKIP_SUM:
        out += _column_totals(t, ti)
        out += _row_identities(t, ti)
        out += _code_levels(t, ti, "func_code", "table.function_levels", "功能分类", {3: "类", 5: "款"})
        out += _code_levels(t, ti, "dept_econ_code", "table.economic_levels", "经济分类", {3: "类", 5: "款"})
        out += _code_levels(t, ti, "gov_econ_code", "table.economic_levels", "经济分类", {3: "类", 5: "款"})
    if kind == "three_public":
        out += _three_public(t, ti)
    return out


def _grid_item_rows(v: dict[str, list], rows: list[int]) -> list[int]:
    """Of ``rows`` (a table's :func:`values`), those that add up to a grid table's total: the
    top of a numbered outline, the deepest level of a classification, a unit's rows without the
    department row that repeats them."""
    if "unit_code" in v:  # a department row that repeats its units is an aggregate
        codes = [v["unit_code"][i] for i in rows if isinstance(v["unit_code"][i], str)]
        aggregates = {c for c in codes if any(o != c and o.startswith(c) for o in codes)}
        rows = [i for i in rows if v["unit_code"][i] not in aggregates]
    if "level" in v:
        rows = [i for i in rows if v["level"][i] == 1]
    return deepest_code_rows(v, rows)


def _column_totals(t: Table, ti: int) -> list[Identity]:
    """Each 合计 row = the items it closes. A table of several parts, each closed by its own
    subtotal ("人员经费合计" … "公用经费合计", the stacked halves of a 决算 基本支出表), sums each
    part's items; 小计 rows close a group, not the table."""
    v = values(t)
    labels = [label if isinstance(label, str) else "" for label in v["label"]]
    flags = total_flags(t)
    totals = [i for i, (total, label) in enumerate(zip(flags, labels)) if total and not label.endswith("小计")]
    if not totals:
        return []
    parts_only = all(re.match(PART_TOTAL, labels[i]) for i in totals)
    every_item = [i for i, total in enumerate(flags) if not total]
    out = []
    start = 0
    for i in totals:
        span = [j for j in every_item if start <= j <= i] if parts_only else every_item
        start = i + 1
        items = _grid_item_rows(v, span)
        for col in t.amount_columns:
            parts = [Cell(ti, j, col) for j in items if v[col][j] is not None]
            got = _sum(t, parts)
            whole = v[col][i]
            if whole is None and not got:
                continue
            n = len(parts)
            message = (f"{_where(t)}合计行“{_col(col)}”为空，但明细行之和为{amount_text(got, t.unit_used)}。" if whole is None else
                       f"{_where(t)}合计行“{_col(col)}”为{amount_text(whole, t.unit_used)}，但{n}个明细行之和为{amount_text(got, t.unit_used)}，"
                       f"相差{amount_text(abs((got or 0) - whole), t.unit_used)}。")
            out.append(Identity("table.total_row", f"合计行 = 各明细行之和（{_col(col)}）",
                                (Cell(ti, i, col),), tuple(parts), whole, got, _tolerance(t.unit_used, n),
                                message, _where(t), v["label"][i], col, (ti,)))
    return out


def _paired_totals(t: Table, ti: int) -> list[Identity]:
    """Each side of a 收支总表: 合计 = Σ top-level items above it; 总计 = that 合计 + the top-level
    items after it (上年结转 …); a parent item = Σ its children."""
    v = values(t)
    out = []
    for side in ("income", "expenditure"):
        rows = [i for i, s in enumerate(v["side"]) if s == side]
        acc: list[Cell] = []
        head = _head_total(v, rows)
        if head is not None:
            out.append(_head_identity(t, ti, v, rows, head))
        for i in rows:
            total, label = v["total"][i], v["label"][i]
            if i == head:
                continue
            if v["is_total"][i]:
                if total is not None:
                    got = _sum(t, acc) or 0
                    out.append(Identity("table.total_row", f"“{label}” = 其上各项之和",
                                        (Cell(ti, i, "total"),), tuple(acc), total, got,
                                        _tolerance(t.unit_used, len(acc)),
                                        f"{_where(t)}“{label}”为{amount_text(total, t.unit_used)}，但其上各项之和为{amount_text(got, t.unit_used)}。",
                                        _where(t), label, "total", (ti,)))
                    acc = [Cell(ti, i, "total")]
            elif v["level"][i] == 1 and total is not None:
                acc.append(Cell(ti, i, "total"))
        out += _outline(t, ti, [i for i in rows if not v["is_total"][i]])
    return out


def _head_total(v: dict, rows: list[int]) -> int | None:
    """A side's total printed above its items (重庆 2026 表一 p.12: 合计 186,549.30 first, the 资金
    and 支出 below it), or ``None`` when the side's items come first."""
    if rows and v["is_total"][rows[0]] and v["total"][rows[0]] is not None and len(rows) > 1 \
            and not v["is_total"][rows[1]]:
        return rows[0]
    return None


def _head_identity(t: Table, ti: int, v: dict, rows: list[int], head: int) -> Identity:
    """A total printed at the head of its side = Σ the top-level items below it, to the next total."""
    parts = []
    for i in rows[1:]:
        if v["is_total"][i]:
            break
        if v["level"][i] == 1 and v["total"][i] is not None:
            parts.append(Cell(ti, i, "total"))
    total, label = v["total"][head], v["label"][head]
    got = _sum(t, parts) or 0
    return Identity("table.total_row", f"“{label}” = 其下各项之和", (Cell(ti, head, "total"),), tuple(parts), total, got,
                    _tolerance(t.unit_used, len(parts)),
                    f"{_where(t)}“{label}”为{amount_text(total, t.unit_used)}，但其下各项之和为{amount_text(got, t.unit_used)}。",
                    _where(t), label, "total", (ti,))


_CARRIED_IN = re.compile("|".join(SUMMARY_LINES["carryover_begin"]) + r"|使用.*结余")  # a column of what is carried in


def _carried_in(t: Table | None) -> bool:
    """Whether a 收入总表's 合计 holds an amount carried in (a 上年结转 or 使用非财政拨款结余 column
    with an amount on the total row: 珠海 2026's 19,904.01, 国家信访局 2026's 2,254.12): then it is
    the 收支总表's 收入总计, not its 本年收入合计."""
    if t is None or t.empty:
        return False
    v = values(t)
    i = t.total_row("total")
    columns = [c for c in t.amount_columns if c != "total" and (c.startswith("carryover") or _CARRIED_IN.search(c))]
    return i is not None and any(v[c][i] for c in columns if c in v)


def _lists_carry_in(t: Table | None) -> bool:
    """Whether a 收支总表 lists what is carried in (上年结转, 年初结转和结余, 使用…结余) as lines of
    its income side with an amount. One that does not (重庆 2026 表一 p.12) states each fund with
    its carry-over in (一般公共预算资金 128,148.56 = this year's 118,773.55 + 上年结转 9,375.01 of
    表四 p.21): its fund lines are not the other table's this-year lines."""
    if t is None or t.empty or "side" not in t.frame:
        return False
    v = values(t)
    return any(s == "income" and amount and isinstance(label, str) and _CARRIED_IN.search(label)
               for s, label, amount in zip(v["side"], v["label"], v["total"]))


def _carries(t: Table) -> bool:
    """Whether a 收支总表 carries an amount in or out: a top-level line with an amount after a
    side's first total (上年结转, 使用非财政拨款结余, 结转下年 …) and before its 总计."""
    v = values(t)
    for side in ("income", "expenditure"):
        past_total = False
        for s, total, amount, level in zip(v["side"], v["is_total"], v["total"], v["level"]):
            if s != side:
                continue
            if total:
                past_total = True
            elif past_total and level == 1 and amount:
                return True
    return False


def _outline(t: Table, ti: int, index: list[int]) -> list[Identity]:
    v = values(t)
    level, total, labels = v["level"], v["total"], v["label"]
    out = []
    for k, i in enumerate(index):
        children = []
        for j in index[k + 1:]:
            if level[j] <= level[i]:
                break
            if level[j] == level[i] + 1:
                children.append(j)
        if children and all(isinstance(labels[j], str) and re.sub(r"\s+", "", labels[j]).startswith("其中")
                            for j in children):
            continue  # "其中：…" names a part, not the whole's detail: nothing to add up
        cells = [Cell(ti, j, "total") for j in children if total[j] is not None]
        if not cells:
            continue  # a parent with its detail left blank: nothing to add up
        got = _sum(t, cells)
        whole = total[i] or 0
        out.append(Identity("table.total_row", f"“{labels[i]}” = 其下各项之和", (Cell(ti, i, "total"),),
                            tuple(cells), whole, got, _tolerance(t.unit_used, len(cells)),
                            f"{_where(t)}“{labels[i]}”为{amount_text(whole, t.unit_used)}，但其下各项之和为{amount_text(got, t.unit_used)}。",
                            _where(t), labels[i], "total", (ti,)))
    return out


# (rule, whole, parts, statement)
ROW_IDENTITIES = [
    ("row.basic_plus_project", "total", ("basic", "project", "reserve", "to_superior", "operating_expenditure",
                                         "to_affiliated"), "合计 = 基本支出 + 项目支出"),
    ("row.income_parts", "total", ("fiscal", "superior_subsidy", "business_income", "operating_income",
                                   "affiliated_income", "other_income", "carryover", "other_funds", "special_account"),
     "合计 = 各项收入之和"),
    ("row.personnel_plus_operating", "basic", ("personnel", "operating"), "基本支出 = 人员经费 + 公用经费"),
    ("row.income_sources", "income_current", ("general_budget", "government_fund", "state_capital", "special_account",
                                               "business_income", "operating_income", "superior_subsidy",
                                               "affiliated_income", "other_income", "other_funds"),
     "本年收入 = 各项资金之和"),  # 杭州 2026 表2: 本年收入 98,883.14 = 一般公共预算 91,495.48 + 其他收入 7,387.66
    ("row.fiscal_sources", "fiscal", ("general_budget", "government_fund", "state_capital"),
     "财政拨款 = 各项财政拨款之和"),
]
#: the kinds of 财政拨款 an income table may list instead of one 财政拨款 column (国家信访局 2026's
#: 部门收入总表: 合计 = 上年结转 + 一般公共预算拨款收入 + … + 其他收入)
_FISCAL_KINDS = ("general_budget", "government_fund", "state_capital")


def _row_identities(t: Table, ti: int) -> list[Identity]:
    f = t.frame
    plans = list(ROW_IDENTITIES)
    if base_kind(t.kind) == "general_budget_basic_expenditure" and "basic" not in f:
        plans.append(("row.personnel_plus_operating", "total", ("personnel", "operating"), "合计 = 人员经费 + 公用经费"))
    out = []
    v = values(t)
    for rule, whole, parts, text in plans:
        if rule == "row.income_parts" and "fiscal" not in f:
            parts = parts + _FISCAL_KINDS
        if rule == "row.basic_plus_project" and "basic" not in f and "project" in f:
            # 杭州 2026 表3: 人员经费 | 日常公用经费 under 基本支出, beside 项目支出
            parts = parts + ("personnel", "operating")
        present = [p for p in parts if p in f]
        if whole not in f or len(present) < 2:
            continue
        for i in range(len(f)):
            cells = [Cell(ti, i, p) for p in present if v[p][i] is not None]
            if v[whole][i] is None and not cells:
                continue
            got = _sum(t, cells) or 0
            value = v[whole][i] or 0
            name = _row_name_at(v, i)
            out.append(Identity(rule, text, (Cell(ti, int(i), whole),), tuple(cells), value, got,
                                _tolerance(t.unit_used, len(present)),
                                f"{_where(t)}“{name}”一行不满足“{text}”：{_col(whole)}为{amount_text(value, t.unit_used)}，"
                                f"{' + '.join(_col(p) for p in present)}为{amount_text(got, t.unit_used)}，相差{amount_text(abs(got - value), t.unit_used)}。",
                                _where(t), name, whole, (ti,)))
    return out


def _code_levels(t: Table, ti: int, code_col: str, rule: str, system: str, level_names: dict) -> list[Identity]:
    """Where a classification is listed at several levels: 类 = Σ款 = Σ项 in every column."""
    v = values(t)
    if code_col not in v:
        return []
    totals = total_flags(t)
    codes = {i: c for i, (c, total) in enumerate(zip(v[code_col], totals))
             if not total and isinstance(c, str) and re.fullmatch(r"[0-9]+", c)}
    lengths = {len(c) for c in codes.values()}
    name_col = code_col.replace("_code", "_name")
    out = []
    for parent_len, child_len in ((3, 5), (5, 7), (3, 7)):
        if parent_len not in lengths or child_len not in lengths or parent_len not in level_names:
            continue
        if (parent_len, child_len) == (3, 7) and 5 in lengths:
            continue
        children = [(j, c) for j, c in codes.items() if len(c) == child_len]
        parents = sorted(i for i, p in codes.items() if len(p) == parent_len)
        kids_of = {i: [j for j, c in children if c.startswith(codes[i]) and _in_block(i, j, parents, codes)]
                   for i in parents}
        for col in t.amount_columns:
            if col not in v:
                continue
            for i, kids in kids_of.items():
                cells = [Cell(ti, j, col) for j in kids if v[col][j] is not None]
                if not cells:
                    continue
                got = _sum(t, cells)
                whole = v[col][i] or 0
                name = v[name_col][i] if name_col in v and isinstance(v[name_col][i], str) else ""
                out.append(Identity(rule, f"{system}{level_names[parent_len]} = 其下各科目之和", (Cell(ti, i, col),),
                                    tuple(cells), whole, got, _tolerance(t.unit_used, len(cells)),
                                    f"{_where(t)}{system}{level_names[parent_len]}“{v[code_col][i]} {name}”的“{_col(col)}”为"
                                    f"{amount_text(whole, t.unit_used)}，但其下各科目之和为{amount_text(got, t.unit_used)}，相差{amount_text(abs(got - whole), t.unit_used)}。",
                                    _where(t), _row_name_at(v, i), col, (ti,)))
    return out


def _in_block(i: int, j: int, parents: list[int], codes: dict[int, str]) -> bool:
    """Whether row ``j`` is under parent row ``i``: anywhere in the table when ``i``'s code is
    printed once; where it is printed again (烟台 2026 p.18 lists 301 工资福利支出 under 501 机关工资福利
    支出 and again under 505 对事业单位经常性补助, each with its own items), only the rows after it
    and before its next parent row."""
    if sum(codes[k] == codes[i] for k in parents) == 1:
        return True
    following = [k for k in parents if k > i]
    return i < j < (following[0] if following else float("inf"))


_THREE_PUBLIC_ITEMS = [
    ("subtotal", r"^[“\"]?三公[”\"]?经费(小计|合计)?$"), ("abroad", r"出国"), ("reception", r"接待"),
    ("vehicles", r"购置及运行"), ("vehicle_purchase", r"购置(经?费)?$|车辆购置"),  # 长沙 2025: 其中：公务用车购置
    ("vehicle_operation", r"运行(维护)?(经?费)?$"),
    ("total", r"合计|总计|总额"),
]


def three_public_cells(t: Table) -> dict[str, int]:
    """The 三公 table's parts by key (abroad, reception, vehicles, vehicle_purchase,
    vehicle_operation, total) → frame row. Where the table also holds 会议费 and 培训费 (Jiangsu),
    its "“三公”经费" row is the total; a 决算 table's 决算数 rows are read, not its 预算数."""
    out: dict[str, int] = {}
    frame = t.frame
    labels = frame["label"].fillna("") if "label" in frame else pd.Series([], dtype=str)
    if t.kind.startswith("final_") and labels.str.contains("决算").any():
        frame = frame[labels.str.contains("决算")]
    else:
        years = labels.str.extract(r"（((?:19|20)\d{2})年")[0].dropna()
        if len(years):  # a year beside the year before (烟台 2026: 2025 | 2026): the latest is this budget's
            frame = frame[labels.str.contains(f"（{max(years)}年")]
        elif labels.str.endswith("（当年）").any():  # 上年 | 当年 | 增减 blocks (西安公安 2026): this year's
            frame = frame[labels.str.endswith("（当年）")]
    for i, r in frame.iterrows():
        label = re.sub(r"[\s（(]?((?:19|20)\d{2}年)?(预算数|决算数|执行数|当年)[）)]?|^其中[:：]|\s+", "", r.get("label") or "")
        for key, pattern in _THREE_PUBLIC_ITEMS:
            if key not in out and re.search(pattern, label):
                out[key] = int(i)
                break
    if "subtotal" in out:
        out["total"] = out.pop("subtotal")
    return out


def _three_public(t: Table, ti: int) -> list[Identity]:
    if "total" not in t.frame:
        return []
    rows = three_public_cells(t)
    v = values(t)["total"]
    out = []
    for whole, parts, text in (("vehicles", ("vehicle_purchase", "vehicle_operation"), "公务用车 = 购置 + 运行维护"),
                               ("total", ("abroad", "reception", "vehicles"), "“三公”经费 = 出国 + 接待 + 公务用车")):
        cells = [Cell(ti, rows[p], "total") for p in parts if p in rows and v[rows[p]] is not None]
        if whole not in rows or not cells:
            continue
        got = _sum(t, cells)
        value = v[rows[whole]] or 0
        out.append(Identity("three_public.parts", text, (Cell(ti, rows[whole], "total"),), tuple(cells), value, got,
                            _tolerance(t.unit_used, len(parts)),
                            f"{_where(t)}“{whole}”为{amount_text(value, t.unit_used)}，但其组成部分之和为{amount_text(got, t.unit_used)}。",
                            _where(t), whole, "total", (ti,)))
    return out
