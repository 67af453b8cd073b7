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

The identities are data, built in steps: :mod:`.core` (the Identity and its cells), :mod:`.within`
(inside one table), :mod:`.scopes` and :mod:`.across` (between tables).
"""

from __future__ import annotations

from ..model import Disclosure
from .across import cross_identities
from .core import PAIRED, SKIP_SUM, Cell, Identity, amount_text, paired_row, total_flags, values
from .scopes import funds, same_scope, scope_of
from .within import table_identities, three_public_cells


__all__ = ["amount_text", "Cell", "Identity", "identities", "table_identities", "three_public_cells",
           "total_flags", "paired_row", "SKIP_SUM", "PAIRED", "values", "scope_of", "same_scope", "funds",
           "cross_identities"]


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
