"""The header of a table: rows that only state the unit, rows that number the columns, where the
header ends and the items begin, and each column's header words top to bottom."""

from __future__ import annotations

import re

from ..codes import code_system, split_code
from ..kinds import column_role
from ..money import is_amount, parse_currency_unit
from ..readers.raw import Origin, RawTable
from .words import _ORDINAL, compact, is_total_label


_UNIT_ONLY = re.compile(r"^[（(]?(金额)?单位\s*[:：]?\s*(亿元|万元|元)[）)]?$")
_UNIT_IN_HEADER = re.compile(r"[（(](亿元|万元|元)[）)]")


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
    栏次 | 2" over two halves, "** | ** | 1 | 2 | 3", a bare "1 | 2 | 3 | 4", "项目 | 栏次 | 1 | 2", "** | 1"): its
    numbers are whole and consecutive from 1 or 2, and its words are 栏次 / 行次 / asterisks (or
    any header words beside a 栏次). It holds no amount."""
    filled = [compact(c) for c in row if c.strip()]
    numbers = [int(c.strip("（()）")) for c in filled if re.fullmatch(r"[（(]?\d{1,2}[）)]?", c)]
    named = any(c in ("栏次", "行次", "栏号") for c in filled)  # then the label columns may keep their words
    # a table of one amount column numbers it alone, beside asterisks or 栏次: "** | 1" (杭州 2026 表9 p.36)
    marked = named or any(re.fullmatch(r"\*+", c) for c in filled)
    if (len(numbers) < 2 and not (numbers == [1] and marked)) or not (named or all(_COLUMN_NUMBER_WORDS.match(c) for c in filled)):
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
