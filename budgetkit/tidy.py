"""Raw tables → tidy ``Table``s: header read, codes split, amounts in fen, totals marked.

Three layouts cover the standard tables:

* grid: header rows then one row per item (most tables);
* paired: income items on the left, spending items on the right (收支总表, 财政拨款收支总表);
* performance: one row per indicator, the project's cells only on its first row (绩效目标表);
* form: label / value rows (部门整体支出绩效目标表, and anything that is no grid).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .codes import code_system, function_level, split_code
from .errors import AmountError, ReadError
from .kinds import UNKNOWN, base_kind, column_role, kind_of_columns, kind_of_title
from .model import AMOUNT_DTYPE, Table
from .money import is_amount, parse_amount, parse_currency_unit, to_fen
from .readers.raw import Origin, RawTable

__all__ = ["tidy_table", "is_total_label", "is_data_row", "compact", "outline_levels", "chinese_number"]

_TOTAL = re.compile(r"^(合计|总计|小计|共计|.{0,8}(合计|总计|小计))$")
_ORDINAL = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|其中[:：]?[^\s:：])")
_UNIT_ONLY = re.compile(r"^[（(]?(金额)?单位\s*[:：]?\s*(亿元|万元|元)[）)]?$")
_UNIT_IN_HEADER = re.compile(r"[（(](亿元|万元|元)[）)]")

PAIRED_KINDS = {"income_expenditure_summary", "fiscal_appropriation_summary"}


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
                levels.append(of_which or max(len(stack), 1))
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


@dataclass
class _Ctx:
    path: str
    title: str
    unit: str
    set_aside: list = field(default_factory=list)  # rows kept out of the frame, with the reason

    def fen(self, cell: str, where: str, warnings: list[str]) -> int | None:
        try:
            return to_fen(parse_amount(cell), self.unit)
        except AmountError as exc:
            warnings.append(f"{where}: {exc}; left blank")
            return None


def _split_unit_rows(raw: RawTable) -> tuple[list[list[str]], list[Origin], str | None]:
    """Drop rows that only state the currency unit; return the rows, their origins and the
    stated unit."""
    unit = raw.currency_unit
    rows, origins = [], []
    for i, row in enumerate(raw.rows):
        filled = [c for c in row if c.strip()]
        if len(filled) == 1 and _UNIT_ONLY.match(compact(filled[0])):
            unit = unit or parse_currency_unit(filled[0])
            continue
        rows.append(row)
        origins.append(raw.origin(i))
    return rows, origins, unit


_COLUMN_NUMBER_WORDS = re.compile(r"^(栏次|行次|栏号|序号|\*+|[（(]?\d+[）)]?)$")


def is_column_number_row(row: list[str]) -> bool:
    """A row that numbers the columns under a header ("栏次 | 1 | 2 | 3 …", 决算's "栏次 | 1 |
    栏次 | 2" over two halves, "** | ** | 1 | 2 | 3", a bare "1 | 2 | 3 | 4", "项目 | 栏次 | 1 | 2"): its
    numbers are whole and consecutive from 1 or 2, and its words are 栏次 / 行次 / asterisks (or
    any header words beside a 栏次). It holds no amount."""
    filled = [compact(c) for c in row if c.strip()]
    numbers = [int(c.strip("（()）")) for c in filled if re.fullmatch(r"[（(]?\d{1,2}[）)]?", c)]
    named = any(c in ("栏次", "行次", "栏号") for c in filled)  # then the label columns may keep their words
    if len(numbers) < 2 or not (named or all(_COLUMN_NUMBER_WORDS.match(c) for c in filled)):
        return False
    if named and any(is_amount(c) and not re.fullmatch(r"[（(]?\d{1,2}[）)]?", c) for c in filled):
        return False
    return numbers[0] in (1, 2) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _drop_column_numbers(rows: list[list[str]], origins: list[Origin]) -> tuple[list[list[str]], list[Origin]]:
    """The rows without those that number the columns (:func:`is_column_number_row`), wherever a
    page repeats them: read as amounts, they made a row of 1, 2, 3 … that broke every identity
    it took part in (国家信访局 2024 决算, 杭州市司法局 2026, 长沙市公安局 2025's "******")."""
    kept = [(r, o) for r, o in zip(rows, origins) if not is_column_number_row(r)]
    return [r for r, _ in kept], [o for _, o in kept]


def is_data_row(row: list[str]) -> bool:
    """A row of items (amounts, codes, numbered labels, a total) rather than of header words."""
    filled = [c for c in row if c.strip()]
    if not filled:
        return True
    if any(is_amount(c) for c in filled):
        return True
    if any(is_total_label(c) for c in filled):
        # "合计" is a header word too: a total row has amounts or nothing else
        return len(filled) == 1
    for c in filled:
        if _ORDINAL.match(compact(c)) and not _sub_heading(c, filled):
            return True
        code, _ = split_code(c)
        if code and (code_system(code) or len(code) >= 6):
            return True
    return False


def _sub_heading(cell: str, filled: list[str]) -> bool:
    """A "其中：…" among other words and no amount is a header's sub-heading (长沙 2025's 收入总表:
    "本级财政拨款" over "金额 | 其中:经费拨款"), not an item of the table."""
    return compact(cell).startswith("其中") and len(filled) > 1


def _header_split(rows: list[list[str]]) -> int:
    """How many leading rows are header rows."""
    for i, row in enumerate(rows):
        if is_data_row(row):
            return i
    return len(rows)


def _body(rows: list[list[str]], origins: list[Origin], nhead: int) -> tuple[list[list[str]], list[Origin]]:
    """The rows under the header that hold anything, and where each was printed."""
    kept = [(r, o) for r, o in zip(rows[nhead:], origins[nhead:]) if any(c.strip() for c in r)]
    return [r for r, _ in kept], [o for _, o in kept]


def _paths(header: list[list[str]], ncols: int) -> list[list[str]]:
    """Each column's header words, top to bottom. A header label wrapped over several ruled
    rows ("因公出国" / "（境）费", "单位预留机动经" / "费": 江苏 draws each line of a tall header
    cell as a cell of its own) is one label: words over exactly the same columns as the words
    above them continue them; words over fewer columns are a sub-heading."""
    paths = []
    for i in range(ncols):
        path: list[tuple[str, tuple[int, int]]] = []
        for h in header:
            if i >= len(h) or not h[i].strip():
                continue
            span = _span(h, i)
            if path and path[-1][1] == span and span[1] - span[0] == 0 and _fragment(path[-1][0]) and _fragment(h[i]):
                path[-1] = (path[-1][0] + h[i].strip(), span)
            else:
                path.append((h[i], span))
        paths.append([text for text, _ in path])
    return paths


def _fragment(text: str) -> bool:
    """Header words that are no heading of their own ("因公出国" / "（境）费", "公务接" / "待费"):
    two such in a row are one label; "合计" under "本年预算数" is a sub-heading."""
    return column_role([text])[0] is None and compact(text) not in ("小计", "合计", "其中", "其中：")


def _span(row: list[str], i: int) -> tuple[int, int]:
    """The columns a header cell covers: the run of equal cells around column ``i``."""
    lo = hi = i
    while lo > 0 and row[lo - 1] == row[i]:
        lo -= 1
    while hi + 1 < len(row) and row[hi + 1] == row[i]:
        hi += 1
    return lo, hi


def _stated_unit_in_header(header: list[list[str]]) -> str | None:
    for row in header:
        for cell in row:
            m = _UNIT_IN_HEADER.search(compact(cell))
            if m:
                return m.group(1)
    return None


# ---------------------------------------------------------------------------------------- grid
def _column_plan(paths: list[list[str]], data: list[list[str]]) -> list[tuple[str, str]]:
    """For each column: (kind of column, output name). Kinds: amount, code, name, text, label."""
    plan: list[tuple[str, str]] = []
    last_code_system: str | None = None
    for i, path in enumerate(paths):
        cells = [r[i] for r in data if i < len(r) and r[i].strip()]
        role, is_value = column_role(path)
        amounts = [c for c in cells if is_amount(c)]
        non_total_text = [c for c in cells if not is_amount(c) and not is_total_label(c)]
        if role is not None and is_value and len(non_total_text) <= len(amounts):
            plan.append(("amount", role))  # an odd cell among amounts is a warning, not a text column
            continue
        if role is None and cells and len(amounts) == len(cells):
            plan.append(("amount", compact(path[-1]) if path else f"col{i}"))
            continue
        code_role = role in ("func", "gov_econ", "dept_econ", "econ", "code")
        # a bare "208" reads as an amount too: under a code header every cell counts
        candidates = [c for c in cells if not is_total_label(c)] if code_role else non_total_text
        systems = {code_system(split_code(c)[0]) for c in candidates} - {None}
        leaf = compact(path[-1]) if path else ""
        if code_role and "名称" in leaf and last_code_system:  # "功能分类科目名称": the names of the codes
            plan.append(("name", last_code_system))
            continue
        if code_role or (role is None and len(systems) == 1):
            system = role if role in ("func", "gov_econ", "dept_econ") else None
            if system is None:
                if len(systems) == 1:
                    system = systems.pop()
                elif any("功能" in p for p in path):
                    system = "func"
                elif any("经济" in p for p in path):
                    system = "econ"
                else:
                    system = "code"
            last_code_system = system
            plan.append(("code", system))
            continue
        if role == "name" and last_code_system:
            plan.append(("name", last_code_system))
            continue
        if role == "seq":
            plan.append(("text", "seq"))
            continue
        if role == "unit" and "名称" in leaf and plan and plan[-1] == ("code", "unit"):
            plan.append(("name", "unit"))  # 单位编码 | 单位名称 (西安公安 2026 p.23): the names of the codes
            continue
        if role in ("unit", "project_name"):
            plan.append(("code", "project" if role == "project_name" else "unit"))
            continue
        if role == "unit_name":
            plan.append(("name", "unit"))
            continue
        if role == "item" or (role is None and i == 0):
            plan.append(("label", "label"))
            continue
        name = compact(path[-1]) if path else f"text{i}"
        plan.append(("text", name or f"text{i}"))
    return plan


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


def _grid(raw: RawTable, rows: list[list[str]], origins: list[Origin], ctx: _Ctx, warnings: list[str]):
    rows = _join_code_parts(rows)
    nhead = _header_split(rows)
    header = rows[:nhead]
    data, where = _body(rows, origins, nhead)
    width = max([len(h) for h in header] + [0])
    if width and len({len(r) for r in data if len(r) > width}) and len(data) > 1:
        data = [_fit(r, width, n, warnings) if len(r) > width else r for n, r in enumerate(data, start=1)]
    ncols = max([len(r) for r in data] + [len(h) for h in header] + [0])
    paths = _paths(header, ncols)
    plan = _column_plan(paths, data)
    seen: dict[str, int] = {}
    names = []
    for kind, name in plan:  # make output names unique: total, total_2, …
        key = f"{kind}:{name}"
        seen[key] = seen.get(key, 0) + 1
        names.append(name if seen[key] == 1 else f"{name}_{seen[key]}")

    records = []
    amount_cols: list[str] = []
    for (kind, _), name in zip(plan, names):
        if kind == "amount" and name not in amount_cols:
            amount_cols.append(name)
    for n, row in enumerate(data, start=1):
        if len(row) < ncols and row and is_total_label(row[0]):
            # a total whose label spans several columns: its amounts are the right-most cells
            row = [row[0]] + [""] * (ncols - len(row)) + row[1:]
        rec: dict = {"line": n, "_origin": where[n - 1]}
        texts = []
        for i, ((kind, _), name) in enumerate(zip(plan, names)):
            cell = row[i] if i < len(row) else ""
            if kind == "amount":
                rec[name] = ctx.fen(cell, f"row {n} column {name}", warnings)
            elif kind == "code":
                code, label = split_code(cell) if not is_total_label(cell) else (None, cell.strip() or None)
                rec[f"{name}_code"] = code
                rec.setdefault(f"{name}_name", label)
                if label:
                    texts.append(label)
            elif kind == "name":
                if cell.strip():
                    rec[f"{name}_name"] = cell.strip()
                    texts.append(cell.strip())
                else:
                    rec.setdefault(f"{name}_name", None)
            else:
                rec[name] = cell.strip() or None
                if cell.strip():
                    texts.append(cell.strip())
        rec["is_total"] = any(is_total_label(t) for t in texts)
        rec["label"] = _row_label(rec, texts)
        reason = _malformed_code(rec, plan, names)
        if reason:
            _set_aside(ctx, rec, row, reason, amount_cols)
            continue
        records.append(rec)

    with _python_strings():
        frame = pd.DataFrame.from_records(records) if records else pd.DataFrame({"line": [], "is_total": [], "label": []})
    if len(frame) and not any(c.endswith("_code") for c in frame.columns):
        labels = frame.loc[~frame["is_total"], "label"]
        if any(_ordinal(lab or "") or compact(lab).startswith("其中") for lab in labels):  # an outline (三公 table)
            frame["level"] = 0
            frame.loc[labels.index, "level"] = outline_levels(list(labels))
    return header, frame, amount_cols


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


def _set_aside(ctx: "_Ctx", rec: dict, row: list[str], reason: str, amount_cols: list[str]) -> None:
    """A printed row kept out of the tidy frame, with the reason and what it held: rows are
    conserved, and the audit names each one instead of the totals it throws off."""
    origin = rec.get("_origin") or Origin()
    ctx.set_aside.append({
        "line": rec["line"], "text": " ".join(c for c in row if c.strip()), "reason": reason,
        "label": rec.get("label"), "amounts": {c: rec[c] for c in amount_cols if rec.get(c) is not None},
        "page": origin.page, "box": origin.box, "source_line": origin.line,
    })


def _fit(row: list[str], width: int, n: int, warnings: list[str]) -> list[str]:
    """A row with more cells than its header: the amounts stay under the header's right-hand
    columns; the surplus text is joined into the first cell, and a warning says so."""
    surplus = len(row) - width
    warnings.append(f"row {n}: {len(row)} cells under a header of {width}; amounts kept right-aligned, "
                    f"the first {surplus + 1} cells joined")
    return [" ".join(c for c in row[: surplus + 1] if c)] + row[surplus + 1:]


def _row_label(rec: dict, texts: list[str]) -> str | None:
    if rec.get("label"):
        return compact(rec["label"]) if is_total_label(rec["label"]) else rec["label"]
    for t in texts:
        if is_total_label(t):
            return compact(t)
    for key in ("project_name", "func_name", "dept_econ_name", "gov_econ_name", "econ_name", "code_name", "unit_name"):
        if rec.get(key):
            return rec[key]
    return texts[0] if texts else None


# -------------------------------------------------------------------------------------- paired
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
                            last[role] = ctx.fen(cell, f"row {n} ({side}) column {role}", warnings)
                        continue
                    tail = _label_with_tail(last["label"], label, values)
                    if tail is not None:
                        last["label"], last["is_total"] = tail, is_total_label(tail)
                        continue
                total = is_total_label(label)
                rec = {"line": n, "_origin": where[n - 1], "side": side,
                       "label": compact(label) if total else label or None, "is_total": total}
                for role, cell in zip(roles, _label_drawn_across(label, values)):
                    rec[role] = ctx.fen(cell, f"row {n} ({side}) column {role}", warnings)
                records.append(rec)
    frame = pd.DataFrame.from_records(records)
    if len(frame):
        frame["level"] = 0
        for side in frame["side"].unique():
            for k, items in enumerate(_runs_between_totals(frame, side)):  # a total closes the outline above it
                labels = list(frame.loc[items, "label"])
                frame.loc[items, "level"] = outline_levels(labels) if k == 0 else _lines_below_a_total(labels)
    return header, frame, amount_cols


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
    return not label and bool(last["label"]) and all(last.get(role) is None for role in roles)


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


# --------------------------------------------------------------------------------- performance
_PERF_FIELDS = [
    ("project", r"项目名称"),
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
        starts_project = bool(cells.get("project", "").strip())
        if starts_project:
            code, name = split_code(cells["project"])
            current = {"project_code": code, "project_name": name,
                       "category": cells.get("category") or None, "owner": cells.get("owner") or None,
                       "owner_phone": cells.get("owner_phone") or None, "goal": cells.get("goal") or None}
        rec.update(current)
        for money in ("total", "fiscal"):
            cell = cells.get(money, "") if starts_project else ""
            rec[money] = ctx.fen(cell, f"row {n} column {money}", warnings)
        for f in ("indicator_l1", "indicator_l2", "indicator", "operator", "target", "target_unit"):
            rec[f] = (cells.get(f) or "").strip() or None
        rec["is_total"] = is_total_label(cells.get("project"))
        rec["label"] = rec.get("project_name")
        records.append(rec)
    frame = pd.DataFrame.from_records(records)
    return header, frame, ["total", "fiscal"]


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


# ----------------------------------------------------------------------------------------- api
def tidy_table(raw: RawTable, path: str, default_unit: str = "元") -> Table:
    """A raw table as a tidy :class:`Table` (see the module doc for the layouts)."""
    kind = kind_of_title(raw.title)
    rows, origins, unit = _split_unit_rows(raw)
    rows, origins = _drop_column_numbers(rows, origins)
    nhead = _header_split(rows)
    if unit is None:
        unit = _stated_unit_in_header(rows[:nhead] if kind != "overall_performance" else rows)
    ctx = _Ctx(path=path, title=raw.title, unit=unit or default_unit)
    warnings: list[str] = []
    try:
        if base_kind(kind) in PAIRED_KINDS:
            header, frame, amount_cols = _paired(raw, rows, origins, ctx, warnings)
        elif base_kind(kind) == "project_performance":
            header, frame, amount_cols = _performance(raw, rows, origins, ctx, warnings)
        elif kind == "overall_performance":
            header, frame, amount_cols = _form(raw, rows, origins, ctx, warnings)
        else:
            if base_kind(kind) == "three_public":
                rows, origins = _wide_to_long(rows, origins)
            rows, origins = stack_halves(rows, origins)
            header, frame, amount_cols = _grid(raw, rows, origins, ctx, warnings)
    except Exception as exc:  # a layout this reader does not expect: name the table
        raise ReadError(path, f"cannot lay out the table ({exc})", table=f"表{raw.number or ''} {raw.title}") from exc
    frame = _finished(frame, amount_cols)
    notes = list(raw.notes)
    if kind == UNKNOWN:
        kind = kind_of_columns(set(amount_cols), {c.removesuffix("_code") for c in frame.columns if c.endswith("_code")})
        if kind != UNKNOWN:
            notes.append("kind_from_header")
    table = Table(
        kind=kind,
        title=raw.title,
        number=raw.number,
        currency_unit=unit,
        header=[list(h) for h in header],
        frame=frame,
        amount_columns=amount_cols,
        notes=notes,
        source=raw.source,
        assumed_unit=default_unit,
        warnings=warnings,
        file=raw.file,
        raw=raw,
        set_aside=ctx.set_aside,
    )
    return table


def _python_strings():
    """Where a tidy frame is built: its text columns (``str``) hold Python strings, not Arrow
    ones. The dtype is ``str`` either way and every value the same; the audit and the report
    look up cells one by one in small frames, where each Arrow access costs a conversion:
    reading and auditing a text disclosure took a fifth less CPU (0.088 against 0.113 s,
    alternated in one process, 11 documents × 4)."""
    return pd.option_context("mode.string_storage", "python")


def _finished(frame: pd.DataFrame, amount_cols: list[str]) -> pd.DataFrame:
    """The layout's frame as a :class:`Table` keeps it, made in one go (inserted column by
    column, this was a third of tidying a table): its columns in order, amounts as
    ``AMOUNT_DTYPE`` (a missing amount column added), ``is_total`` as bool, where each row was
    printed (:func:`_provenance`), the functional codes' levels (:func:`_function_levels`);
    numbered from 0."""
    n = len(frame)
    columns = {c: frame[c].array for c in frame.columns if c != "_origin"}
    for col in amount_cols:
        columns[col] = (frame[col].astype(AMOUNT_DTYPE).array if col in frame
                        else pd.array([pd.NA] * n, dtype=AMOUNT_DTYPE))
    if "is_total" in columns:
        columns["is_total"] = frame["is_total"].astype(bool).to_numpy()
    columns.update(_provenance(frame["_origin"].tolist() if "_origin" in frame else [Origin()] * n))
    if "func_code" in frame:
        columns.update(_function_levels(frame["func_code"].tolist()))
    with _python_strings():
        return pd.DataFrame(columns, index=pd.RangeIndex(n))


def _function_levels(codes: list) -> dict[str, list]:
    """func_level and the 类 / 款 codes of every functional code."""
    return {"func_level": [function_level(c) if isinstance(c, str) and code_system(c) == "func" else None for c in codes],
            "func_class": [c[:3] if isinstance(c, str) and len(c) >= 3 else None for c in codes],
            "func_section": [c[:5] if isinstance(c, str) and len(c) >= 5 else None for c in codes]}


def _provenance(origins: list) -> dict:
    """Where each row was printed: ``page`` and ``box`` (PDF), ``source_line`` (text, sheets)."""
    found = [o if isinstance(o, Origin) else Origin() for o in origins]
    box = np.empty(len(found), dtype=object)  # one object per row, a box being a tuple
    for i, o in enumerate(found):
        box[i] = o.box
    return {"page": pd.array([o.page for o in found], dtype="Int64"), "box": box,
            "source_line": pd.array([o.line for o in found], dtype="Int64")}


# --------------------------------------------------------------------------------- two halves
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
