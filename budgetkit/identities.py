"""The arithmetic a disclosure's tables must satisfy, as data.

An :class:`Identity` says that two sums of printed cells are equal: a 合计 row and the items
above it, 合计 = 基本 + 项目 on one row, a 类 and its 款, the same quantity in two tables. It
names the cells it rests on (table, row, column), so that

* verification (:mod:`budgetkit.verify`) can tell which readings the document's own arithmetic
  confirms and which it contradicts, and
* the audit (:mod:`budgetkit.checks`) can report a failed identity as the publisher's slip only
  when every cell it cites is a confirmed reading.

The tolerance policy is :mod:`budgetkit.checks.tolerance`'s: 元 tables to the fen, 万元 tables
within the rounding of their cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .codes import deepest_code_rows
from .kinds import COLUMN_LABELS, base_kind
from .model import PART_TOTAL, Disclosure, Table
from .money import format_amount

__all__ = ["amount_text", "Cell", "Identity", "identities", "table_identities", "three_public_cells",
           "total_flags", "paired_row", "SKIP_SUM", "PAIRED"]

# a tuple, not a set: cross identities (and so the findings that speak for a cause) follow this order
PAIRED = ("income_expenditure_summary", "fiscal_appropriation_summary")
# tables whose outline budgetkit does not model (procurement lists items under their groups);
# 三公 tables are checked by their parts
SKIP_SUM = {"project_performance", "overall_performance", "government_procurement", "three_public"}
_NOT_ROW_TABLES = SKIP_SUM.union(PAIRED)  # tables whose rows the same-row identities skip


@dataclass(frozen=True)
class Cell:
    """One printed amount: the table's position in ``Disclosure.tables``, the frame row, the column."""

    table: int
    row: int
    column: str


@dataclass(eq=False)
class Identity:
    """Σ ``left`` = Σ ``right`` within ``tolerance`` fen (blank cells count as nothing)."""

    rule: str  # the audit rule that reports it
    text: str  # what must hold, in Chinese: "合计 = 基本支出 + 项目支出"
    left: tuple[Cell, ...]
    right: tuple[Cell, ...]
    left_fen: int | None  # None: every left cell blank
    right_fen: int | None
    tolerance: int
    message: str = ""  # the finding's message when it fails (Chinese, both figures and the gap)
    table: str | None = None  # where, for the finding
    row: str | None = None
    column: str | None = None
    tables: tuple[int, ...] = field(default=())
    reference: str = "right"  # the side a finding calls "expected": the parts, or the first table's claim
    explained: str | None = None  # a row set aside by the reader accounts for the gap (its reason)

    @property
    def expected_fen(self) -> int | None:
        return self.right_fen if self.reference == "right" else self.left_fen

    @property
    def actual_fen(self) -> int | None:
        return self.left_fen if self.reference == "right" else self.right_fen

    @property
    def gap(self) -> int:
        return abs((self.left_fen or 0) - (self.right_fen or 0))

    @property
    def holds(self) -> bool:
        return self.gap <= self.tolerance

    @property
    def cells(self) -> tuple[Cell, ...]:
        return self.left + self.right


# ------------------------------------------------------------------------------------ helpers
def _blank(v) -> bool:
    return v is None or pd.isna(v)


def _tolerance(unit: str, parts: int) -> int:
    from .checks.tolerance import table_tolerance_fen

    return table_tolerance_fen(unit, parts)


def _where(t: Table) -> str:
    return t.where


def _col(name: str) -> str:
    return COLUMN_LABELS.get(name, name)


def amount_text(fen: int | None, unit: str) -> str:
    """An amount as the document writes it in its table's unit: "94,995,790元",
    "1,238.58万元", "0.01万元"."""
    fen = fen or 0
    if unit == "元":
        return f"{format_amount(fen, '元', 0 if fen % 100 == 0 else 2)}元"
    return f"{format_amount(fen, unit)}{unit}"


def _gap_unit(*tables: Table) -> str:
    return "元" if any(t.unit_used == "元" for t in tables) else tables[0].unit_used


def _row_name_at(v: dict, i: int) -> str:
    parts = [v[k][i] for k in ("func_code", "gov_econ_code", "dept_econ_code") if k in v and isinstance(v[k][i], str)]
    label = v.get("label", [None] * (i + 1))[i]
    if isinstance(label, str) and label:
        parts.append(label)
    return " ".join(parts) or f"第{i + 1}行"


def values(t: Table) -> dict[str, list]:
    """The table's columns as plain lists (amounts as int or None), by frame row: read once per
    table, since identities look up thousands of cells (whoever changes the frame afterwards
    calls :meth:`Table.forget`)."""
    cached = t.__dict__.get("_values")
    if cached is None:
        cached = {}
        for col in t.frame.columns:
            if col in t.amount_columns:
                cached[col] = [None if _blank(v) else int(v) for v in t.frame[col].tolist()]
            else:
                cached[col] = t.frame[col].tolist()
        t.__dict__["_values"] = cached
    return cached


def total_flags(t: Table) -> list:
    """Whether each frame row of ``t`` is a total (合计, 小计 …): its ``is_total`` cells, none
    for a table that marks no totals."""
    return values(t).get("is_total") or [False] * len(t.frame)


def _sum(t: Table, cells: list[Cell]) -> int | None:
    """Σ of ``cells`` of table ``t`` (``None``: every cell blank)."""
    v = values(t)
    found = [v[c.column][c.row] for c in cells if v[c.column][c.row] is not None]
    return sum(found) if found else None


def _cells(ti: int, rows: pd.DataFrame, column: str) -> list[Cell]:
    """The non-blank cells of ``column`` in ``rows``."""
    col = rows[column]
    return [Cell(ti, int(i), column) for i, v in zip(rows.index, col.tolist()) if not _blank(v)]


def paired_row(t: Table, side: str, pattern: str, totals_only: bool | None = None) -> int | None:
    """The first row on ``side`` of a two-sided summary whose label matches ``pattern``."""
    if "side" not in t.frame:
        return None
    v = values(t)
    for i, (s, total, label) in enumerate(zip(v["side"], v["is_total"], v["label"])):
        if s != side or (totals_only is not None and bool(total) != totals_only):
            continue
        if re.search(pattern, re.sub(r"\s+", "", label if isinstance(label, str) else "")):
            return i
    return None


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


_CARRIED_IN = re.compile(r"上年结转|使用.*结余|年初结转")


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
        kids_of = {i: [j for j, c in children if c.startswith(p)] for i, p in codes.items() if len(p) == parent_len}
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


# ---------------------------------------------------------------------------- across tables
@dataclass
class _Claim:
    """One table's statement of a quantity: its cells (summed), how to name them, and the funds
    it covers (:func:`scope_of`)."""

    ti: int
    cells: tuple[Cell, ...]
    where: str
    scope: str = "all"

    def fen(self, d: Disclosure) -> int | None:
        return _sum(d.tables[self.ti], self.cells)


# ------------------------------------------------------------------------------------ scopes
def scope_of(t: Table) -> str:
    """The funds a table covers: "all" (every source: 收支总表, 收入总表, 支出总表, 项目支出表),
    "fiscal" (财政拨款: 财政拨款收支总表, Jiangsu's 财政拨款支出预算表) or "general" (一般公共预算
    only). Tables of different scopes agree only where the document's funds coincide."""
    kind = base_kind(t.kind)
    title = re.sub(r"\s+", "", t.title or "")
    if kind in ("income_expenditure_summary", "income_summary", "expenditure_summary", "project_expenditure"):
        return "all"
    if kind == "fiscal_appropriation_summary":
        return "fiscal"
    if "一般公共预算" in title or kind in ("three_public", "operating_costs"):
        return "general"
    if "财政拨款" in title:
        return "fiscal"
    return "general" if kind in ("general_budget_expenditure", "general_budget_basic_expenditure") else "all"


def funds(d: Disclosure) -> dict[str, int | None]:
    """This year's income by scope, from the 收支总表's income side: all, fiscal, general."""
    return d.derived("_funds", _funds)


def _funds(d: Disclosure) -> dict[str, int | None]:
    t = d.table("income_expenditure_summary")
    out: dict[str, int | None] = {"all": None, "fiscal": None, "general": None, "other_public": None}
    if t is not None and "side" in t.frame:
        v = values(t)

        def first(pattern, totals):
            i = paired_row(t, "income", pattern, totals)
            return None if i is None else v["total"][i]

        out["all"] = first(r"^(本年收入合计|当年收入小计|本年收入小计)$", True) or first(r"^收入(合计|总计)$", True)
        out["general"] = first(r"一般公共预算", False)
        fund, capital = first(r"政府性基金", False), first(r"国有资本经营", False)
        out["other_public"] = (fund or 0) + (capital or 0)
        out["fiscal"] = first(r"^([一二三四五六七八九十]+、)?财政拨款(收入)?$", False)
        if out["fiscal"] is None and out["general"] is not None:
            out["fiscal"] = out["general"] + out["other_public"]
    return out


def same_scope(d: Disclosure, a: str, b: str) -> bool:
    """Whether quantities of scopes ``a`` and ``b`` must agree in this document."""
    if a == b:
        return True
    f = funds(d)
    eq = {("all", "fiscal"): f["all"] is not None and f["all"] == f["fiscal"],
          ("fiscal", "general"): f["fiscal"] is not None and not f["other_public"]}
    eq[("all", "general")] = eq[("all", "fiscal")] and eq[("fiscal", "general")]
    return eq.get((a, b), False) or eq.get((b, a), False)


def _total_claim(d: Disclosure, kind: str, column: str) -> _Claim | None:
    t = d.table(kind)
    if t is None or t.empty or column not in t.frame:
        return None
    i = t.total_row(column)
    if i is None:
        return None
    return _Claim(d.tables.index(t), (Cell(d.tables.index(t), i, column),), f"合计行“{_col(column)}”", scope_of(t))


def _paired_claim(d: Disclosure, kind: str, side: str, pattern: str, totals_only=None, name=None,
                  scope: str | None = None) -> _Claim | None:
    t = d.table(kind)
    if t is None:
        return None
    i = paired_row(t, side, pattern, totals_only)
    if i is None or _blank(t.frame.at[i, "total"]):
        return None
    ti = d.tables.index(t)
    return _Claim(ti, (Cell(ti, i, "total"),), f"“{name or t.frame.at[i, 'label']}”", scope or scope_of(t))


def _compare(d: Disclosure, rule: str, what: str, claims: list[_Claim | None]) -> list[Identity]:
    """Every claim of one quantity against the first one that is stated."""
    stated = [c for c in claims if c is not None and c.fen(d) is not None]
    out = []
    if len(stated) < 2:
        return out
    for k, c in enumerate(stated[1:], start=1):
        ref = next((r for r in stated[:k] if same_scope(d, r.scope, c.scope)), None)
        if ref is None:
            continue  # the quantity covers other funds in the earlier tables
        a, b = d.tables[ref.ti], d.tables[c.ti]
        ref_v, v = ref.fen(d), c.fen(d)
        tol = max(_tolerance(a.unit_used, 1), _tolerance(b.unit_used, 1))
        out.append(Identity(rule, f"{what}在各表中一致", ref.cells, c.cells, ref_v, v, tol,
                            f"{what}不一致：{_where(a)}{ref.where}为{amount_text(ref_v, a.unit_used)}，而{_where(b)}{c.where}为{amount_text(v, b.unit_used)}，"
                            f"相差{amount_text(abs(v - ref_v), _gap_unit(a, b))}。", _where(b), c.where, None, (ref.ti, c.ti), "left"))
    return out


def cross_identities(d: Disclosure) -> list[Identity]:
    """Identities between tables: the same quantity stated by several tables."""
    out: list[Identity] = []
    for kind in PAIRED:
        for t in d.tables_of(kind):
            ti, v = d.tables.index(t), values(t)
            pairs = [("总计", "总计", "总计")]
            if not t.kind.startswith("final_") and not _carries(t):
                # this year's income and spending balance only when nothing is carried in or out
                # (西南大学 2024: 本年收入 445,059.97, 本年支出 486,554.95, 上年结转 and 结余 between)
                pairs.append(("本年收入合计", "本年支出合计", "本年合计"))
            for inc_p, exp_p, what in pairs:
                i, e = paired_row(t, "income", inc_p, True), paired_row(t, "expenditure", exp_p, True)
                if i is None or e is None or v["total"][i] is None or v["total"][e] is None:
                    continue
                inc, exp, inc_label, exp_label = v["total"][i], v["total"][e], v["label"][i], v["label"][e]
                out.append(Identity("cross.income_equals_spending", "收入 = 支出", (Cell(ti, i, "total"),),
                                    (Cell(ti, e, "total"),), inc, exp, _tolerance(t.unit_used, 1),
                                    f"{_where(t)}{inc_label}为{amount_text(inc, t.unit_used)}，{exp_label}为{amount_text(exp, t.unit_used)}，"
                                    f"收支不平衡，相差{amount_text(abs(inc - exp), t.unit_used)}。", _where(t),
                                    f"{inc_label} / {exp_label}", None, (ti,), "left"))
    out += _compare(d, "cross.summary_tables", "本年支出", [
        _paired_claim(d, "income_expenditure_summary", "expenditure", r"^本年支出合计$", True),
        _total_claim(d, "expenditure_summary", "total")])
    carried_in = _carried_in(d.table("income_summary"))
    out += _compare(d, "cross.summary_tables", "本年收入", [
        _paired_claim(d, "income_expenditure_summary", "income", r"^本年收入合计$", True),
        None if carried_in else _total_claim(d, "income_summary", "total")])
    if carried_in:  # its 合计 holds what was carried in: the 收支总表's 收入总计 does too
        out += _compare(d, "cross.summary_tables", "收入总计", [
            _paired_claim(d, "income_expenditure_summary", "income", r"^(收入)?总计$", True),
            _total_claim(d, "income_summary", "total")])
    # this year's 一般公共预算 income is what the 一般公共预算支出表 spends only when nothing is
    # carried in or out (a 决算, or 上年结转 in the summary: income and spending differ by it)
    spent_as_received = d.kind != "决算" and not any(_carries(t) for t in d.tables_of("income_expenditure_summary"))
    out += _compare(d, "cross.summary_tables", "一般公共预算", [
        _paired_claim(d, "income_expenditure_summary", "income", r"一般公共预算", False, scope="general"),
        _total_claim(d, "income_summary", "general_budget"),
        _paired_claim(d, "fiscal_appropriation_summary", "income", r"一般公共预算", False, scope="general")
        if _lists_carry_in(d.table("fiscal_appropriation_summary")) == _lists_carry_in(d.table("income_expenditure_summary"))
        else None,
        _total_claim(d, "general_budget_expenditure", "total") if spent_as_received else None])
    out += _functions(d)
    out += _compare(d, "cross.basic_table", "基本支出", [
        _total_claim(d, "expenditure_summary", "basic"), _total_claim(d, "general_budget_expenditure", "basic"),
        _total_claim(d, "general_budget_basic_expenditure", "total")])
    for col, what in (("personnel", "人员经费"), ("operating", "公用经费")):
        out += _compare(d, "cross.basic_table", what, [
            _total_claim(d, "general_budget_basic_expenditure", col), _total_claim(d, "general_budget_expenditure", col)])
    out += _detail(d, "basic", "general_budget_basic_expenditure", "基本支出")
    out += _compare(d, "cross.project_table", "项目支出", [
        _total_claim(d, "expenditure_summary", "project"), _total_claim(d, "general_budget_expenditure", "project"),
        _total_claim(d, "project_expenditure", "total")])
    out += _projects(d)
    out += _same_rows(d)
    return out


def _functions(d: Disclosure) -> list[Identity]:
    """The general-budget table's 类 (summed from its deepest rows) against the summaries' rows."""
    t6 = d.table("general_budget_expenditure")
    if t6 is None or t6.empty or "func_class" not in t6.frame or "total" not in t6.frame:
        return []
    ti6 = d.tables.index(t6)
    items = t6.items.dropna(subset=["func_class"])
    items = items[items["func_code"].str.len() == items["func_code"].str.len().max()]
    out = []
    for code, group in items.groupby("func_class"):
        names = group["func_class_name"].dropna()
        name = names.iloc[0] if len(names) else None
        if not isinstance(name, str) or not name:
            continue
        claims = [_Claim(ti6, tuple(_cells(ti6, group, "total")), f"“{code} {name}”各项之和", scope_of(t6))]
        for kind in PAIRED:
            t = d.table(kind)
            if t is None or "side" not in t.frame:
                continue
            i = paired_row(t, "expenditure", rf"^([一二三四五六七八九十]+、)?{re.escape(name)}$", False)
            if i is not None and not _blank(t.frame.at[i, "total"]):
                ti = d.tables.index(t)
                claims.append(_Claim(ti, (Cell(ti, i, "total"),), f"“{t.frame.at[i, 'label']}”", scope_of(t)))
        for claim in claims[1:]:
            out += _compare(d, "cross.functions", f"{name}（{code}）", [claims[0], claim])
    return out


def _detail(d: Disclosure, column: str, other_kind: str, what: str) -> list[Identity]:
    """Per (功能, 经济) line: the summary table's column against the detail table's total."""
    t3, t7 = d.table("expenditure_summary"), d.table(other_kind)
    if t3 is None or t7 is None or column not in t3.frame or "total" not in t7.frame:
        return []
    keys = [k for k in ("func_code", "dept_econ_code") if k in t3.frame and k in t7.frame]
    if len(keys) < 2:
        return []
    if not same_scope(d, scope_of(t3), scope_of(t7)):
        return []
    ti3, ti7 = d.tables.index(t3), d.tables.index(t7)
    ga, gb = _item_groups(t3, keys, column), _item_groups(t7, keys, "total")
    v3, v7 = values(t3), values(t7)
    sa = sum(v3[column][i] for rows in ga.values() for i in rows)
    sb = sum(v7["total"][i] for rows in gb.values() for i in rows)
    if sa and sb and 9_000 <= max(sa, sb) / max(1, min(sa, sb)) <= 11_000:
        return []  # the whole table is off by 10^4: one unit slip, reported on the totals
    out = []
    for key in sorted(set(ga) | set(gb)):
        ca = tuple(Cell(ti3, i, column) for i in ga.get(key, ()))
        cb = tuple(Cell(ti7, i, "total") for i in gb.get(key, ()))
        va, vb = _sum(t3, ca), _sum(t7, cb)
        where = " / ".join(key)
        tol = max(_tolerance(t3.unit_used, 1), _tolerance(t7.unit_used, 1))
        out.append(Identity("cross.basic_table", f"{what}明细在各表中一致", ca, cb, va, vb,
                            tol if (ca and cb) else -1,
                            f"{what}明细不一致：{_where(t3)}“{where}”为{amount_text(va, t3.unit_used) if ca else '无此行'}，"
                            f"{_where(t7)}为{amount_text(vb, t7.unit_used) if cb else '无此行'}。", _where(t7), where, None, (ti3, ti7), "left"))
    return out


def _item_groups(t: Table, keys: list[str], column: str | None = None) -> dict[tuple, list[int]]:
    """The table's items (not its totals), stating ``column`` if one is given, by their ``keys``
    (each a text; an item missing one is in no group), in the table's order."""
    v = values(t)
    totals = total_flags(t)
    groups: dict[tuple, list[int]] = {}
    for i, total in enumerate(totals):
        key = tuple(v[k][i] for k in keys)
        if not total and (column is None or v[column][i] is not None) and all(isinstance(part, str) for part in key):
            groups.setdefault(key, []).append(i)
    return groups


def _projects(d: Disclosure) -> list[Identity]:
    t4, t13 = d.table("project_expenditure"), d.table("project_performance")
    if t4 is None or t13 is None or t4.empty or t13.empty or "project_name" not in t4.frame:
        return []
    if "project_name" not in t13.frame or "total" not in t4.frame or "total" not in t13.frame:
        return []
    ti4, ti13 = d.tables.index(t4), d.tables.index(t13)
    ga, gb = _item_groups(t4, ["project_name"], "total"), _item_groups(t13, ["project_name"], "total")
    out = []
    for key in sorted(ga):
        if key not in gb:
            continue
        name = key[0]
        ca = tuple(Cell(ti4, i, "total") for i in ga[key])
        cb = tuple(Cell(ti13, i, "total") for i in gb[key])
        va, vb = _sum(t4, ca), _sum(t13, cb)
        if va is None or vb is None:
            continue
        tol = max(_tolerance(t4.unit_used, 1), _tolerance(t13.unit_used, 1))
        out.append(Identity("cross.project_table", "项目金额在项目表与绩效目标表中一致", ca, cb, va, vb, tol,
                            f"项目“{name}”：{_where(t4)}为{amount_text(va, t4.unit_used)}，{_where(t13)}项目总额为{amount_text(vb, t13.unit_used)}。",
                            _where(t13), name, None, (ti4, ti13), "left"))
    return out


def _same_rows(d: Disclosure) -> list[Identity]:
    """A functional or economic line printed in several tables with the same column (the 合计
    of 2080505 in the 支出总表 and in the 一般公共预算支出表): the same amount. These corroborate a
    reading; a difference is reported by the rules above when it matters (a table may hold one
    fund only), so these identities serve verification and are never findings on their own."""
    seen: dict[tuple, list[Cell]] = {}
    for ti, t in enumerate(d.tables):
        if t.empty or base_kind(t.kind) in _NOT_ROW_TABLES:
            continue
        v = values(t)
        cols = [c for c in t.amount_columns if c in ("total", "basic", "project", "personnel", "operating")]
        for code_col in ("func_code", "dept_econ_code", "gov_econ_code"):
            if code_col not in v:
                continue
            for i, (code, is_total) in enumerate(zip(v[code_col], v["is_total"])):
                if not isinstance(code, str) or is_total:
                    continue
                for col in cols:
                    if v[col][i] is not None:
                        seen.setdefault((code_col, code, col), []).append(Cell(ti, i, col))
    out = []
    for (code_col, code, col), cells in seen.items():
        by_table = {}
        for c in cells:
            by_table.setdefault(c.table, c)  # one per table
        cells = list(by_table.values())
        for a, b in zip(cells, cells[1:]):
            ta, tb = d.tables[a.table], d.tables[b.table]
            if not same_scope(d, scope_of(ta), scope_of(tb)):
                continue
            va, vb = values(ta)[col][a.row], values(tb)[col][b.row]
            tol = max(_tolerance(ta.unit_used, 1), _tolerance(tb.unit_used, 1))
            out.append(Identity("verify.same_row", f"{code}在各表中金额相同", (a,), (b,), va, vb, tol,
                                "", _where(tb), code, col, (a.table, b.table)))
    return out


def identities(d: Disclosure) -> list[Identity]:
    """Every identity of ``d``: inside each table and across tables (computed once per reading)."""
    return d.derived("_identities", _identities)


def _identities(d: Disclosure) -> list[Identity]:
    found = [i for ti, t in enumerate(d.tables) for i in table_identities(t, ti)] + cross_identities(d)
    _explain(d, found)
    return found


def _explain(d: Disclosure, ids: list[Identity]) -> None:
    """A failed identity whose gap is the amount of a row the reader set aside (a malformed
    code) is explained by that row: the row is the finding, not the totals it throws off."""
    for i in ids:
        if i.holds:
            continue
        for ti in i.tables:
            for row in d.tables[ti].set_aside:
                amounts = set(row["amounts"].values())
                if i.gap in amounts or (i.column in row["amounts"] and i.gap == row["amounts"][i.column]):
                    i.explained = f"{row['text']}：{row['reason']}"
