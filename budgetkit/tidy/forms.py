"""Forms: a 绩效目标表 (one row per indicator, the project's cells on its first row) and label /
value forms (部门整体支出绩效目标表, anything that is no grid)."""

from __future__ import annotations

import re

import pandas as pd

from ..codes import split_code
from ..money import is_amount
from ..readers.raw import Origin, RawTable
from .context import _Ctx
from .header import _body, _header_split, _paths
from .words import compact, is_total_label


_PERF_FIELDS = [
    ("project", r"项目[）)]?名称"),  # 长沙 2025 p.23: 单位（项目）名称, a unit's row then its projects'
    ("unit_code", r"单位编码"),
    ("category", r"项目类别"),
    ("owner_phone", r"责任人电话|联系电话"),
    ("owner", r"责任人"),
    ("total", r"项目总额|资金总额|^合计$"),
    ("fiscal", r"财政(资金|拨款)"),
    ("goal", r"^绩效目标$|年度目标|总体目标"),
    ("indicator_l1", r"一级指标"),
    ("indicator_l2", r"二级指标"),
    ("indicator", r"三级指标|指标名称"),
    ("operator", r"指标性质|符号"),
    ("target", r"指标值"),
    ("target_unit", r"度量单位|计量单位"),
]


#: the fields of an indicator's row, as the 绩效目标表 heads them
_INDICATOR_FIELDS = ("indicator_l1", "indicator_l2", "indicator", "operator", "target", "target_unit")


def _performance(raw: RawTable, rows: list[list[str]], origins: list[Origin], ctx: _Ctx, warnings: list[str]):
    nhead = _header_split(rows)
    header = rows[:nhead]
    data, where = _body(rows, origins, nhead)
    ncols = max([len(r) for r in data] + [len(h) for h in header] + [0])
    paths = _paths(header, ncols)
    fields: list[str | None] = []
    for path in paths:
        name = None
        for cell in reversed([compact(c) for c in path]):
            for field, pattern in _PERF_FIELDS:
                if re.search(pattern, cell) and field not in fields:
                    name = field
                    break
            if name:
                break
        fields.append(name)
    records = []
    current: dict = {}
    for n, row in enumerate(data, start=1):
        cells = dict(zip(fields, row + [""] * (ncols - len(row))))
        cells.pop(None, None)
        rec: dict = {"line": n, "_origin": where[n - 1]}
        total_word = next((w for w in (cells.get("project"), cells.get("unit_code")) if is_total_label(w)), None)
        unit_row = _is_unit_row(cells) and total_word is None
        starts_project = bool(cells.get("project", "").strip()) and total_word is None and not unit_row
        if total_word or unit_row:
            current = {"project_code": None, "project_name": None,
                       "unit_name": cells["project"].strip() if unit_row else None}
        if starts_project:
            code, name = split_code(cells["project"])
            current = {"project_code": code, "project_name": name,
                       "category": cells.get("category") or None, "owner": cells.get("owner") or None,
                       "owner_phone": cells.get("owner_phone") or None, "goal": cells.get("goal") or None}
        rec.update(current)
        for money in ("total", "fiscal"):
            cell = cells.get(money, "") if starts_project or total_word or unit_row else ""
            rec[money] = ctx.fen(cell, f"row {n} column {money}", warnings)
        for f in _INDICATOR_FIELDS:
            rec[f] = (cells.get(f) or "").strip() or None
        rec["is_total"] = bool(total_word) or unit_row
        rec["label"] = compact(total_word) if total_word else rec.get("unit_name") if unit_row else rec.get("project_name")
        records.append(rec)
    frame = pd.DataFrame.from_records(records)
    return header, frame, ["total", "fiscal"]


#: a project card's label cells (the first column), each naming the field of the cells beside it
_CARD_LABELS = [
    ("project", r"^项目名称$"),
    ("total", r"^(当年预算|预算金额|项目总额|资金总额|年度资金总额|项目资金)$"),
    ("goal", r"^(当年绩效目标|年度绩效目标|绩效目标|年度目标|总体目标)$"),
]


def is_project_card(rows: list[list[str]]) -> bool:
    """A 绩效目标表 printed as one card per project (重庆 2026 表十一 p.31): label cells down the first
    column ("项目名称 | 水库移民后期扶持 | 主管部门 | 重庆市水利局", "当年预算 | 12,700.00", "当年绩效目标 |
    …"), then a row of indicator headings ("绩效指标 | 指标名称 | 指标性质 | 指标值 | 计量单位 …") and one
    row per indicator; not a grid whose header row names the project column."""
    named = next((i for i, r in enumerate(rows) if r and compact(r[0]) == "项目名称"
                  and any(c.strip() and compact(c) != "项目名称" and not re.search(r"目标|指标", c) for c in r[1:])), None)
    return named is not None and any("指标名称" in compact(c) for r in rows[named + 1:] for c in r[1:])


def _project_card(raw: RawTable, rows: list[list[str]], origins: list[Origin], ctx: _Ctx, warnings: list[str]):
    """A project card (:func:`is_project_card`) in the shape of :func:`_performance`'s frame: one row
    per indicator, each with the project's name, amount and goal; its amount on the first row."""
    project: dict = {"project_code": None, "project_name": None, "goal": None}
    total = None
    heads: dict[str, int] = {}
    records = []
    for n, (row, origin) in enumerate(zip(rows, origins), start=1):
        first = compact(row[0]) if row else ""
        field = next((f for f, pattern in _CARD_LABELS if re.search(pattern, first)), None)
        after = [c.strip() for c in row[1:] if c.strip()]
        if field == "project" and after:
            project["project_code"], project["project_name"] = split_code(after[0])
        elif field == "total" and after:
            amount = next((c for c in after if is_amount(c)), "")
            total = ctx.fen(amount, f"row {n} column total", warnings) if amount else None
        elif field == "goal" and after:
            project["goal"] = after[0]
        elif any("指标名称" in compact(c) for c in row):
            heads = {f: j for j, c in enumerate(row) for f, pattern in _PERF_FIELDS
                     if f in _INDICATOR_FIELDS and re.search(pattern, compact(c))}
        elif heads and "indicator" in heads and heads["indicator"] < len(row) and row[heads["indicator"]].strip():
            rec = {"line": n, "_origin": origin, **project, "total": total if not records else None, "fiscal": None}
            for f in _INDICATOR_FIELDS:
                j = heads.get(f)
                rec[f] = row[j].strip() or None if j is not None and j < len(row) else None
            rec["is_total"], rec["label"] = False, project["project_name"]
            records.append(rec)
    return [], pd.DataFrame.from_records(records), ["total", "fiscal"]


def _is_unit_row(cells: dict) -> bool:
    """A unit's row above its projects in a 绩效目标表 that lists 单位编码 (长沙 2025 p.23: "106001 |
    长沙市公安局 | 40,233.95", then "106001 | 大型警保卫…经费 | 428.69 | 发挥公安职能… | 成本指标 …"): a
    code, a name and an amount, and no goal or indicator; its amount is the unit's subtotal."""
    if not (cells.get("unit_code") or "").strip() or not (cells.get("project") or "").strip():
        return False
    if not is_amount((cells.get("total") or "").strip()):
        return False
    return not any((cells.get(f) or "").strip() for f in ("goal", "indicator_l1", "indicator_l2", "indicator", "target"))


# ---------------------------------------------------------------------------------------- form
def _form(raw: RawTable, rows: list[list[str]], origins: list[Origin], ctx: _Ctx, warnings: list[str]):
    """Label / value rows; amounts become rows of their own, labelled by the header above them."""
    records = []
    above: list[list[str]] = []
    for n, row in enumerate(rows, start=1):
        filled = [c.strip() for c in row if c.strip()]
        if not filled:
            continue
        amounts = [(i, c) for i, c in enumerate(row) if is_amount(c)]
        if len(amounts) >= 2 and len(amounts) >= len(filled) - 1:
            for i, cell in amounts:
                # the nearest non-blank cell above in the same column names the amount
                label = next((compact(r[i]) for r in reversed(above) if i < len(r) and r[i].strip()), f"col{i}")
                records.append({"line": n, "_origin": origins[n - 1], "label": label, "text": None,
                                "amount": ctx.fen(cell, f"row {n}", warnings), "is_total": False})
        else:
            records.append({"line": n, "_origin": origins[n - 1], "label": filled[0], "text": "\n".join(filled[1:]) or None,
                            "amount": None, "is_total": False})
        above.append(row)
    return [], pd.DataFrame.from_records(records), ["amount"]


# ------------------------------------------------------------------------------- overall form
#: the money columns of a 部门整体支出绩效自评表's task block, by their two header rows
_TASK_MONEY = {("全年预算数", "总额"): "budget_full", ("全年预算数", "财政拨款"): "budget_fiscal",
               ("全年预算数", "其他资金"): "budget_other", ("全年执行数", "总额"): "actual",
               ("全年执行数", "财政拨款"): "actual_fiscal", ("全年执行数", "其他资金"): "actual_other"}


def _task_header(rows: list[list[str]]) -> int | None:
    """The row heading a form's block of tasks ("任务名称 | 主要内容 | 完成情况 | 全年预算数（万元）× 3 |
    全年执行数（万元）× 3 | 分值 | 执行率 | 得分", 西安卫健委 2022 决算 p.30), when the row under it splits the
    money into 总额 / 财政拨款 / 其他资金."""
    for i, row in enumerate(rows[:-1]):
        cells = [compact(c) for c in row]
        if "任务名称" in cells and any(c.startswith("全年执行数") for c in cells) and "财政拨款" in map(compact, rows[i + 1]):
            return i
    return None


def _overall(raw: RawTable, rows: list[list[str]], origins: list[Origin], ctx: _Ctx, warnings: list[str]):
    """A 部门整体支出绩效目标表 / 自评表: its block of tasks, when it prints one (:func:`_task_header`),
    as one row per task with its money in fen (``budget_full``, ``budget_fiscal``, ``budget_other``,
    ``actual``, ``actual_fiscal``, ``actual_other``; the block's 金额合计 a total), then the rest
    of the form as label / value rows (:func:`_form`)."""
    head = _task_header(rows)
    if head is None:
        return _form(raw, rows, origins, ctx, warnings)
    top, sub = rows[head], rows[head + 1]
    name_at = [compact(c) for c in top].index("任务名称")
    money = {}
    for j, (a, b) in enumerate(zip(top, sub)):
        key = next((v for (word, part), v in _TASK_MONEY.items() if compact(a).startswith(word) and compact(b) == part), None)
        if key:
            money[key] = j
    rate_at = next((j for j, c in enumerate(top) if compact(c) == "执行率"), None)
    records = []
    for n in range(head + 2, len(rows)):
        row = rows[n]
        filled = [c.strip() for c in row if c.strip()]
        total = any(compact(c) in ("金额合计", "合计", "总计") for c in row)
        if not filled or (not total and not any(is_amount(row[j]) for j in money.values() if j < len(row))):
            break
        rec: dict = {"line": n + 1, "_origin": origins[n], "label": "金额合计" if total else row[name_at].strip() or None,
                     "text": (row[name_at + 1].strip() or None) if name_at + 1 < len(row) and not total else None,
                     "amount": None, "is_total": total}
        for key, j in money.items():
            cell = row[j] if j < len(row) else ""
            rec[key] = ctx.fen(cell, f"row {n + 1} column {key}", warnings) if is_amount(cell) else None
        rec["rate"] = (row[rate_at].strip() or None) if rate_at is not None and rate_at < len(row) else None
        records.append(rec)
        if total:
            break
    end = head + 2 + len(records)  # the block's rows are consecutive: the rest of the form follows
    _, rest, _ = _form(raw, rows[:head] + rows[end:], origins[:head] + origins[end:], ctx, warnings)
    if len(rest):  # each row keeps its place in the form
        rest["line"] = [k if k <= head else k - head + end for k in rest["line"]]
    frame = pd.concat([pd.DataFrame.from_records(records), rest], ignore_index=True) if len(rest) else pd.DataFrame.from_records(records)
    return [top, sub], frame, list(money) + ["amount"]


_FUNDS_HEAD = "全年执行数"
_NEXT_BLOCK = re.compile(r"^(年度总体目标|年度$|总体目标|绩效指标|年度绩效指标)")


def is_self_evaluation(rows: list[list[str]]) -> bool:
    """A 项目绩效自评表 (决算): a 项目资金 block of 年初预算数 | 全年预算数（A） | 全年执行数（B） | 分值 |
    执行率（B/A） | 得分 above the targets, not a 绩效目标表's one row per indicator."""
    return any(_FUNDS_HEAD in compact(c) for r in rows[:8] for c in r)


def _self_evaluation(raw: RawTable, rows: list[list[str]], origins: list[Origin], ctx: _Ctx, warnings: list[str]):
    """A 项目绩效自评表's 项目资金 block as rows (年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金):
    the 全年预算数 (A) and 全年执行数 (B) in fen under the columns the header names, the 执行率 as
    printed (the cell with a "%") and its 分值 / 得分 (``weight``, ``points``, as printed), so that the
    rate and its marks can be recomputed from its own figures
    (西安卫健委 2022 决算 p.77: 701.17 ÷ 840 printed 83.50%). Each page's form is its project's."""
    head = next(i for i, r in enumerate(rows) if any(_FUNDS_HEAD in compact(c) for c in r))
    header = rows[head]
    column = {name: next((j for j, c in enumerate(header) if word in compact(c)), None)
              for name, word in (("budget_initial", "年初预算数"), ("budget_full", "全年预算数"), ("actual", _FUNDS_HEAD))}
    marks = {name: next((j for j, c in enumerate(header) if compact(c) == word), None)
             for name, word in (("weight", "分值"), ("points", "得分"))}
    project = next((c.strip() for r in rows[:head] if compact(r[0]) == "项目名称" for c in r[1:]
                    if c.strip() and compact(c) != "项目名称"), None)
    records = []
    for n, (row, origin) in enumerate(zip(rows[head + 1:], origins[head + 1:]), start=1):
        filled = [c.strip() for c in row if c.strip()]
        if not filled or _NEXT_BLOCK.match(compact(filled[0])):
            break
        label = next((c for c in filled if not is_amount(c) and "%" not in c and c not in ("—", "-")), None)
        rec: dict = {"line": n, "_origin": origin, "label": label, "project_name": project, "is_total": False}
        for name, j in column.items():
            cell = row[j] if j is not None and j < len(row) else ""
            rec[name] = ctx.fen(cell, f"row {n} column {name}", warnings) if is_amount(cell) else None
        rec["rate"] = next((c for c in filled if c.endswith("%")), None)
        for name, j in marks.items():  # the execution rate's marks, as printed: "10" of "10"
            cell = row[j].strip() if j is not None and j < len(row) else ""
            rec[name] = cell if re.fullmatch(r"\d+(?:\.\d+)?", cell) else None
        records.append(rec)
    if records:
        records[0]["score"] = _total_score(rows[head + 1:])
    return [header], pd.DataFrame.from_records(records), ["budget_initial", "budget_full", "actual"]


_SCORE_ROW = re.compile(r"^(总分|总得分|合计得分|综合得分)$")


def _total_score(rows: list[list[str]]) -> str | None:
    """The form's total score as printed, from its first 总分 row: "总分 | 100 | 90.5" (国家信访局 2024
    p.36), the score after the full marks; ``None`` when the form prints none."""
    for row in rows:
        filled = [c.strip() for c in row if c.strip()]
        if filled and _SCORE_ROW.match(compact(filled[0])):
            numbers = [c for c in filled[1:] if re.fullmatch(r"\d+(?:\.\d+)?", c)]
            return numbers[-1] if numbers else None
    return None
