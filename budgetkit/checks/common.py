"""Helpers the rule families share: naming tables and rows, writing amounts in messages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..kinds import COLUMN_LABELS
from ..model import Disclosure, Table
from ..money import fen_to_yuan, format_amount

__all__ = ["col", "where_table", "row_name", "yuan", "wan", "both", "value", "is_blank", "narrative_file", "text_evidence",
           "page_of", "table_evidence", "FIGURE", "figure"]

#: a figure as the text prints it: "1,820.69", "9.16", "82"
FIGURE = r"(\d[\d,]*(?:\.\d+)?)"


def figure(text: str) -> Decimal:
    """A figure as printed, exactly: "1,820.69" → Decimal("1820.69")."""
    return Decimal(text.replace(",", ""))


def paragraphs(d: Disclosure):
    """Each narrative paragraph with its section and index: (section, k, text)."""
    for s in d.sections:
        for k, p in enumerate(s.paragraphs):
            yield s, k, p


def col(name: str) -> str:
    """A value column's Chinese name: "basic" → "基本支出"."""
    return COLUMN_LABELS.get(name, name)


def where_table(t: Table) -> str:
    return t.where


def row_name(row: pd.Series) -> str:
    parts = []
    for key in ("func_code", "gov_econ_code", "dept_econ_code"):
        code = row.get(key)
        if isinstance(code, str):
            parts.append(code)
    label = row.get("label")
    if isinstance(label, str) and label:
        parts.append(label)
    return " ".join(parts) or f"第{row.get('line')}行"


def yuan(fen) -> str:
    return f"{format_amount(int(fen), '元')}元"


def wan(fen) -> str:
    return f"{format_amount(int(fen), '万元')}万元"


def both(fen) -> str:
    """A fen amount as "6,835.38万元（68,353,777.63元）"."""
    return f"{wan(fen)}（{yuan(fen)}）"


def value(fen) -> Decimal | None:
    """Fen → Decimal yuan for a finding's expected / actual."""
    return None if fen is None or pd.isna(fen) else fen_to_yuan(int(fen))


def is_blank(v) -> bool:
    return v is None or pd.isna(v)


def narrative_file(d: Disclosure) -> str:
    """The file the narrative was read from (the first of a disclosure's files), absolute."""
    return str(Path(d.path.split(" + ")[0]).resolve())


def text_evidence(d: Disclosure, page: int | None, sentence: str | None = None) -> list[dict]:
    """A finding's evidence in the narrative: its file, the page and the words (when given)."""
    e = {"file": narrative_file(d), "page": page}
    if sentence is not None:
        e["sentence"] = sentence
    return [e]


def page_of(row) -> int | None:
    """The page a tidy row (or a cell of the ``page`` column) was printed on; ``None`` where the
    reader did not say."""
    page = row.get("page") if hasattr(row, "get") else row
    return None if page is None or pd.isna(page) else int(page)


def table_evidence(d: Disclosure, t: Table, page: int | None, **where) -> list[dict]:
    """A finding's evidence in a table: its file, the page and the table's title, with what else
    names the place (``row``, ``box``); none when the page is not known."""
    return [{"file": t.file or d.path, "page": page, "table": t.title, **where}] if page is not None else []
