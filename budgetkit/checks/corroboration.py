"""Corroboration before accusation: when a failed check may be called the publisher's error.

An *error* finding says the government printed a wrong number. budgetkit says so only when its
own reading is corroborated; otherwise the same failure is a reading doubt (``reading.doubtful``,
info: "please check against the page"). The shape of a real slip is known: it breaks one or two
of a table's identities among many that hold, and every failure it causes passes through the
same printed figure. A reading gone wrong (a column left out, 类 / 款 / 项 added together, a
column-number row read as amounts, a carry-over counted as an item) breaks many identities, in
many rows, for many reasons.

So a table's reading is *confirmed* when

* its failed identities are covered by at most :data:`MAX_SLIP_CELLS` printed cells (every
  failure passes through one of them: the figures a slip would have changed), and
* at least :data:`MIN_HELD_SHARE` of its identities hold, and at least one does.

An identity's failure is an error only when every table it cites is confirmed and no amount it
cites is doubtful; a table that is not confirmed gives one ``reading.doubtful`` finding naming
the likely cause (:func:`likely_cause`). A sentence's figure is accused only when the table cell
it is compared with is verified in a confirmed table, and the figure is not printed elsewhere
in the tables (the sentence then most likely speaks of that other quantity); a precise figure far
from the cell (:data:`FAR`) is another scope, not a slip. The thresholds live here, named, and
``tests/test_corroboration.py`` holds them to tables the tests build.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ..identities import Identity, identities, values
from ..model import Disclosure, Table
from ..verify import CORROBORATION_ONLY, VERIFIED

__all__ = ["MAX_SLIP_CELLS", "MIN_HELD_SHARE", "FAR", "GUESSED_WHOLE_GAP", "NAMED_WHOLE_GAP", "Reading", "readings", "confirmed", "likely_cause",
           "far_and_precise", "printed_elsewhere"]

#: a slip changes one printed figure (two when it is echoed in a sum printed beside it): the
#: failures of a confirmed table pass through at most this many cells
MAX_SLIP_CELLS = 2
#: the share of a table's identities that must hold for its reading to be confirmed (a slip in a small
#: table breaks two of its three identities)
MIN_HELD_SHARE = Decimal("0.33")
#: a sentence's figure this far from the cell it is compared with (relative gap), written with
#: four or more significant digits, states another quantity, not a slip of that one
FAR = Decimal("0.10")
#: a share whose sentence names no whole is recomputed with the document's totals; more than
#: this many points from every one of them, the whole it means is another, not a slip
GUESSED_WHOLE_GAP = Decimal("2")
#: a share of a whole its sentence names, this many points or more from the recomputed one, most
#: likely names another whole than the one budgetkit found for those words
NAMED_WHOLE_GAP = Decimal("10")


@dataclass(frozen=True)
class Reading:
    """How far a table's reading is confirmed by the document's identities."""

    held: int
    failed: int
    cover: int  # how many printed cells all failures pass through (capped at MAX_SLIP_CELLS + 1)
    failures: tuple[Identity, ...] = ()
    unplaced: int = 0  # coded rows printed on the table's pages and not found in any table read

    @property
    def confirmed(self) -> bool:
        if self.failed == 0:
            return True
        if self.unplaced:
            return False  # rows printed beside it were not read: its failures may be theirs
        if any(_levels_twice(i) for i in self.failures):
            return False  # items adding to two or three times their total: levels added together, no slip
        return (self.cover <= MAX_SLIP_CELLS and self.held > 0
                and Decimal(self.held) / Decimal(self.held + self.failed) >= MIN_HELD_SHARE)


def _counts(i: Identity) -> bool:
    """A failure that speaks against the reading: not one that only corroborates, not one a row set
    aside explains, not a gap of ten thousand times (a unit slip, reported as such)."""
    from .identity_rules import is_unit_slip

    return i.rule not in CORROBORATION_ONLY and not i.explained and not is_unit_slip(i.left_fen, i.right_fen)


def readings(d: Disclosure) -> dict[int, Reading]:
    """Each table's :class:`Reading` (tables no identity covers are absent), computed once."""
    return d.derived("_readings", _readings)


def _readings(d: Disclosure) -> dict[int, Reading]:
    held: Counter = Counter()
    failing: dict[int, list[Identity]] = {}
    for i in identities(d):
        for ti in set(i.tables):
            if i.holds:
                held[ti] += 1
            elif _counts(i):
                failing.setdefault(ti, []).append(i)
    missed = Counter((r["file"], r["page"]) for r in (d.placement.unplaced if d.placement else []))
    out = {}
    for ti in set(held) | set(failing):
        fails = failing.get(ti, [])
        t = d.tables[ti]
        name = Path(t.file or d.path).name
        pages = {int(p) for p in values(t).get("page", []) if p is not None and not pd.isna(p)}
        out[ti] = Reading(held[ti], len(fails), _cover(ti, fails), tuple(fails), sum(missed[(name, p)] for p in pages))
    return out


def _cover(ti: int, failures: list[Identity]) -> int:
    """How many of table ``ti``'s cells every failure passes through (greedy: the cell in most
    failures first), counted up to one more than a slip may take."""
    left = [sorted({c for c in i.cells if c.table == ti}, key=lambda c: (c.row, c.column)) for i in failures]
    left = [cells for cells in left if cells]  # in print order: ties go the same way every run
    n = 0
    while left and n <= MAX_SLIP_CELLS:
        counts = Counter(c for cells in left for c in cells)
        best, _ = counts.most_common(1)[0]
        left = [cells for cells in left if best not in cells]
        n += 1
    return n + (1 if left else 0)


def confirmed(d: Disclosure, ti: int) -> bool:
    """Whether table ``ti``'s reading is confirmed (a table no identity covers is not refuted)."""
    r = readings(d).get(ti)
    return r is None or r.confirmed


# ------------------------------------------------------------------------------ likely causes
_COLUMN_NUMBERS = re.compile(r"^(栏次|行次|栏号|\*+)$")


def likely_cause(d: Disclosure, ti: int) -> str:
    """Why a table's identities fail as they do, in Chinese, for the reader of the finding."""
    t = d.tables[ti]
    failures = readings(d).get(ti, Reading(0, 0, 0)).failures
    if _column_number_row(t):
        return "表头下的栏次行（1、2、3……）可能被当作金额读取"
    if any(_levels_twice(i) for i in failures):
        return "类、款、项各级可能被重复相加（只应加总同一级）"
    if _carry_over_gap(t, failures):
        return "结转结余行可能被当作明细项目相加"
    doubts = [x for x in t.frame.get("doubt", []) if isinstance(x, str)]
    if any("另一列" in x for x in doubts):
        return "有一列金额可能未计入或被当作另一列读取"
    return "本表多处核对不上，可能是表格版式未能正确读取"


def _column_number_row(t: Table) -> bool:
    """A row of column numbers read as amounts: labelled 栏次 / 行次, or 1, 2, 3 … in its cells."""
    v = values(t)
    per_unit = 1_000_000 if t.unit_used == "万元" else 100
    for i, label in enumerate(v.get("label", [])):
        if isinstance(label, str) and _COLUMN_NUMBERS.match(label.strip()):
            return True
        amounts = [v[c][i] for c in t.amount_columns if c in v and v[c][i] is not None]
        if len(amounts) >= 3 and all(a % per_unit == 0 for a in amounts):
            numbers = [a // per_unit for a in amounts]
            if numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] <= 2:
                return True
    return False


def _levels_twice(i: Identity) -> bool:
    """A total whose items add to two or three times it: levels added together."""
    if not i.left_fen or not i.right_fen:
        return False
    for k in (2, 3):
        if abs(i.right_fen - k * i.left_fen) <= k * (i.tolerance + len(i.right)) or \
                abs(i.left_fen - k * i.right_fen) <= k * (i.tolerance + len(i.left)):
            return True
    return False


def _carry_over_gap(t: Table, failures) -> bool:
    v = values(t)
    carried = {v[c][i] for i, label in enumerate(v.get("label", []))
               if isinstance(label, str) and re.search(r"结转|结余", label) for c in t.amount_columns if c in v}
    carried.discard(None)
    carried.discard(0)
    return any(i.gap in carried for i in failures)


# -------------------------------------------------------------------------------- narrative
def printed_elsewhere(d: Disclosure, fen: int, tolerance: int, exclude=None) -> bool:
    """Whether an amount is printed in some table cell (within ``tolerance`` fen), other than
    in the row ``exclude`` (``(id(table), frame row)``)."""
    for t in d.tables:
        v = values(t)
        for c in t.amount_columns:
            for i, a in enumerate(v.get(c, [])):
                if a is not None and abs(a - fen) <= tolerance and (id(t), i) != exclude:
                    return True
    return False


def far_and_precise(written: Decimal, fen: int, cell_fen: int) -> bool:
    """A figure written with four or more significant digits, more than :data:`FAR` away from
    the cell it is compared with: another quantity, not a slip of this one."""
    digits = len(written.as_tuple().digits)  # as written: "120.00" is five digits
    if digits < 4 or not cell_fen:
        return False
    return Decimal(abs(fen - cell_fen)) / Decimal(abs(cell_fen)) > FAR


def cell_confirmed(d: Disclosure, table: Table | None, row: int | None, column: str) -> bool:
    """A table cell verified by an identity that holds, in a table whose reading is confirmed."""
    if table is None or row is None:
        return False
    ti = next((k for k, t in enumerate(d.tables) if t is table), None)
    return ti is not None and table.cell(row, column) == VERIFIED and confirmed(d, ti)
