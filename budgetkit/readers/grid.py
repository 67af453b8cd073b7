"""Shared by the readers of formats that hold tables as grids (docx, xlsx, xls): a grid of cell
texts becomes a :class:`RawTable`, its title and unit rows on top read as captions."""

from __future__ import annotations

import re
from decimal import Decimal

from ..kinds import UNKNOWN, kind_of_title
from ..money import is_amount, parse_currency_unit
from .raw import Origin, RawTable

__all__ = ["cell_text", "table_from_grid", "split_captions", "UNIT_NAME", "unit_name"]

#: "编制单位：…", "部门名称：…", "部门：… 单位：万元": the unit a table or cover names
UNIT_NAME = re.compile(r"(?:编制单位|编制部门|预算单位|部门名称|单位名称|部门)\s*[:：]\s*"
                       r"(?P<name>[^\s:：][^:：]{1,40}?)(?=\s*(?:金额)?单位\s*[:：]|\s{2,}|\s*$)")


def unit_name(match: re.Match) -> str:
    """The unit a caption names, its words joined: a name split by a gap in the PDF
    ("中共上海市普陀区委 社会工作部") is one name."""
    return re.sub(r"\s+", "", match.group("name"))


def cell_text(value) -> str:
    """A cell's value as document text: numbers exactly as their shortest decimal form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{Decimal(repr(value)):f}" if value == value else ""
    return re.sub(r"[ \u3000]+", " ", str(value)).strip()


def table_from_grid(grid: list[list[str]], source: str, title_hint: str = "", captions: list[str] | None = None,
                    lines: list[int] | None = None) -> RawTable:
    """Leading rows that hold only a title, a unit or a unit name are captions, not rows.
    ``lines`` are the rows' numbers in the sheet or Word table (1, 2, … when not given)."""
    captions = ([title_hint] if title_hint else []) + list(captions or [])
    rows = [list(r) for r in grid]
    lines = list(lines) if lines is not None else list(range(1, len(rows) + 1))
    while rows and not any(is_amount(c) for c in rows[0]):
        texts = list(dict.fromkeys(c for c in rows[0] if c))
        if not texts:
            rows.pop(0)
            lines.pop(0)
            continue
        if len(texts) <= 3 and any(_is_caption(t) for t in texts):
            captions += texts
            rows.pop(0)
            lines.pop(0)
            continue
        break
    title = next((re.sub(r"\s+", "", t) for t in reversed(captions) if kind_of_title(t) != UNKNOWN and "表" in t), "")
    unit = next((u for u in (parse_currency_unit(t) for t in captions) if u), None)
    names = [unit_name(m) for m in (UNIT_NAME.search(t) for t in captions) if m]
    m = re.match(r"^表?\s*([一二三四五六七八九十]+|\d{1,2})[、.．\s]", title)
    number = m.group(1) if m else None
    if m:
        title = title[m.end():].strip()
    width = max((len(r) for r in rows), default=0)
    raw = RawTable(number=number, title=title, rows=[r + [""] * (width - len(r)) for r in rows],
                   currency_unit=unit, source=source, origins=[Origin(line=n) for n in lines])
    raw.notes = [f"unit_name:{n}" for n in names[:1]]
    return raw


def split_captions(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """The paragraphs before a table as (narrative, captions): the trailing title / unit lines."""
    cut = len(paragraphs)
    while cut > 0 and len(paragraphs) - cut < 4 and _is_caption(paragraphs[cut - 1]):
        cut -= 1
    return paragraphs[:cut], paragraphs[cut:]


def _is_caption(text: str) -> bool:
    compact = re.sub(r"\s+", "", text)
    return bool((kind_of_title(compact) != UNKNOWN and "表" in compact and len(compact) <= 40)
                or parse_currency_unit(compact) or UNIT_NAME.search(text))
