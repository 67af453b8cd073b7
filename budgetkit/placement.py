"""Every printed row placed: budgetkit's own check, at run time, that each coded row of amounts a
page prints (``readers.printed``, read apart from the table reader) is among the tables it read,
on the same page, with those exact amounts. A document with rows it could not place says so (a
reading doubt naming how many, the first few and their pages) and the tables on those pages are
not taken as confirmed: a layout nobody has seen then fails visibly, not silently."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .model import Disclosure

__all__ = ["Placement", "place"]


@dataclass
class Placement:
    """How many coded rows the pages print, and those not found among the tables read."""

    printed: int = 0
    unplaced: list[dict] = field(default_factory=list)  # file (name), path, page, code, amounts (as printed), unit, text


def _name(file) -> str | None:
    return Path(file).name if file else None


def _items(d: Disclosure) -> dict[tuple, list[set[int]]]:
    """(file name, code, page) → the amount sets (fen) of the tables' rows with that code there."""
    items: dict[tuple, list[set[int]]] = defaultdict(list)
    for t in d.tables:
        f = t.frame
        if "page" not in f:
            continue
        codes = [c for c in f.columns if c.endswith("_code")]
        amounts = [c for c in t.amount_columns if c in f]
        pages = f["page"].tolist()
        columns = {c: f[c].tolist() for c in codes + amounts}
        for i, page in enumerate(pages):
            if page is None or pd.isna(page):
                continue
            found = {int(columns[c][i]) for c in amounts if not pd.isna(columns[c][i])}
            for c in codes:
                code = columns[c][i]
                if isinstance(code, str):
                    items[(_name(t.file or d.path), code, int(page))].append(found)
    return items


def place(d: Disclosure, printed: list) -> Placement:
    """The :class:`Placement` of ``printed`` (``readers.printed.PrintedRow``) among ``d``'s tables.
    A row is placed when a row of the tables with its code, on its page, holds all its amounts,
    read in the unit stated above it (or, where none is, in 元 or 万元)."""
    items = _items(d)
    out = Placement(printed=len(printed))
    for row in printed:
        candidates = items.get((_name(row.file or d.path), row.code, row.page), [])
        readings = [row.fen()] if row.unit else [row.fen("元"), row.fen("万元")]
        if any(r <= found for r in readings for found in candidates):
            continue
        out.unplaced.append({"file": _name(row.file or d.path), "path": row.file or d.path, "page": row.page, "code": row.code,
                             "amounts": [str(a) for a in row.amounts], "unit": row.unit, "text": row.text})
    return out
