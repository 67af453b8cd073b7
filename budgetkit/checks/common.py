"""Helpers the rule families share: naming tables and rows, writing amounts in messages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..kinds import COLUMN_LABELS
from ..model import Disclosure, Table
from ..money import fen_to_yuan, format_amount

__all__ = ["col", "where_table", "row_name", "yuan", "wan", "both", "value", "is_blank", "narrative_file", "text_evidence"]


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
