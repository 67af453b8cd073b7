"""Read, then verify, then trust: the document's own arithmetic judges budgetkit's reading.

After the tables are read, every identity of the document (:mod:`budgetkit.identities`) is
evaluated. An amount is

* **verified** when an identity it takes part in holds (its column adds up, its row adds up,
  another table prints the same line with the same amount);
* **doubtful** when every identity it takes part in fails and a misreading would explain it
  (see :func:`cell_statuses`);
* **contradicted** when every identity it takes part in fails but no misreading would explain
  it: read as printed, and the printed figure disagrees with the rest of the document (the
  publisher's slip);
* **unchecked** when no identity covers it (it is read exactly as printed, nothing confirms it).

A table with doubtful amounts is read again in the other ways its cells allow
(:data:`READINGS`: the unit a table that states none must have, an amount printed on the row
below its label, an amount left inside its label). A reading is taken only when the
document's identities, never a figure from elsewhere, say it is better: fewer identities fail
and none that held before fails. What no reading fixes is kept and marked doubtful, with the
reason, and everything downstream honours the mark: the audit calls a failed identity the
publisher's slip only when every amount it cites is verified.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict

from .codes import name_levels
from .identities import Identity, identities, table_identities, values
from .model import Disclosure, Table
from .money import is_amount
from .readers.raw import RawTable

__all__ = ["verify", "READINGS", "VERIFIED", "DOUBTFUL", "UNCHECKED", "CONTRADICTED", "cell_statuses", "STATUS_LABELS"]

#: the statuses in Chinese, for reports
STATUS_LABELS = {"verified": "已核实", "doubtful": "读数存疑", "unchecked": "未能核对", "contradicted": "与本文件其他数据不符"}

VERIFIED, DOUBTFUL, UNCHECKED, CONTRADICTED = "verified", "doubtful", "unchecked", "contradicted"
CORROBORATION_ONLY = {"verify.same_row"}  # identities that confirm when they hold, never accuse


def verify(d: Disclosure) -> None:
    """Verify ``d`` in place: units inferred where unstated, other readings taken where they
    make the document's arithmetic hold, statuses set on every table, row and amount."""
    _infer_units(d)
    _reread(d)
    _mark(d)


# --------------------------------------------------------------------------------- statuses
def cell_statuses(d: Disclosure, ids: list[Identity]) -> tuple[dict, dict]:
    """(cell → status, cell → why, in Chinese) over ``ids``.

    A cell that only fails is *doubtful* when a misreading would explain it, else
    *contradicted*: read as printed, and the document's own arithmetic says the printed figure
    is wrong (the publisher's slip). A misreading is plausible when

    * the table's failures have :data:`MANY_GAPS` or more different sizes (a reading gone wrong
      breaks many identities in many ways; a slip breaks a few by one amount), or the table was
      read another way than printed (a unit inferred, rows joined);
    * the gap is an amount printed elsewhere on the same row, outside the identity (a column
      taken for another), or the cell is blank where the arithmetic needs the gap (an amount not
      found).
    """
    passed: dict = defaultdict(int)
    failed: dict = defaultdict(list)
    for i in ids:
        if i.holds:
            for c in i.cells:
                passed[c] += 1
        elif i.rule not in CORROBORATION_ONLY and not i.explained:
            for c in i.cells:
                failed[c].append(i)
    gaps: dict[int, set] = defaultdict(set)
    for i in ids:
        if not i.holds and i.rule not in CORROBORATION_ONLY and not i.explained:
            for ti in i.tables:
                gaps[ti].add(i.gap)
    status, why = {}, {}
    for c in sorted(set(passed) | set(failed), key=lambda c: (c.table, c.row, c.column)):  # the same every run
        if passed[c]:
            status[c] = VERIFIED
            continue
        t = d.tables[c.table]
        reasons = list(dict.fromkeys(f"不满足“{i.text}”" for i in failed[c]))
        doubt = _misreading(d, t, c, failed[c], len(gaps[c.table]))
        status[c] = DOUBTFUL if doubt else CONTRADICTED
        why[c] = "；".join(([doubt] if doubt else ["读数与原文一致，但与本文件其他数据不符"]) + reasons)
    return status, why


MANY_GAPS = 3


def _misreading(d: Disclosure, t: Table, c, failures: list[Identity], table_gaps: int) -> str | None:
    """Why a misreading would explain a cell's failures, or ``None``."""
    if table_gaps >= MANY_GAPS:
        return "本表多处对不上，整张表的读取存疑"
    if t.readings:
        return "本表按推定方式读取（" + "；".join(t.readings) + "）"
    v = values(t)
    if v[c.column][c.row] is None:
        return "此格读为空白，而核对需要一个数额，可能漏读"
    cited = {x.column for i in failures for x in i.cells if x.table == c.table and x.row == c.row}
    others = {v[col][c.row] for col in t.amount_columns if col not in cited and v[col][c.row] is not None}
    if any(i.gap in others and i.gap for i in failures):
        return "差额恰为本行另一列的数额，可能是列的读取有误"
    if any(_counted_twice(d, i) for i in failures):
        return "差额恰为某项与其下明细之和，可能是层级读取有误（重复计算）"
    return None


def _counted_twice(d: Disclosure, i: Identity) -> bool:
    """A part that equals the gap and the sum of the parts printed right after it: an item and
    its own detail both counted (the outline misread)."""
    amounts = [values(d.tables[c.table])[c.column][c.row] or 0 for c in i.right]
    for k, a in enumerate(amounts):
        if not a or abs(a - i.gap) > i.tolerance:
            continue
        run = 0
        for b in amounts[k + 1:]:
            run += b
            if abs(run - a) <= i.tolerance:
                return True
            if run > a:
                break
    return False


def _mark(d: Disclosure) -> None:
    status, why = cell_statuses(d, identities(d))
    per_table: dict[int, dict] = defaultdict(dict)
    reasons: dict[int, dict] = defaultdict(dict)
    for c, s in status.items():
        per_table[c.table][(c.row, c.column)] = s
        if c in why:
            reasons[c.table][c.row] = why[c]
    for ti, t in enumerate(d.tables):
        t.cell_status = per_table.get(ti, {})
        rows = []
        by_row: dict[int, set] = defaultdict(set)
        for (r, _), s in t.cell_status.items():
            by_row[r].add(s)
        for i in t.frame.index:
            states = by_row.get(i, set())
            rows.append(next((s for s in (DOUBTFUL, CONTRADICTED, VERIFIED) if s in states), UNCHECKED))
        t.frame["status"] = rows
        t.frame["doubt"] = [reasons[ti].get(i) for i in t.frame.index]
        t.forget()  # its items and plain columns gain the two
        t.doubts = [f"“{t.frame.at[i, 'label'] if 'label' in t.frame and isinstance(t.frame.at[i, 'label'], str) else f'第{i + 1}行'}”："
                    f"{reason}" for i, reason in sorted(reasons[ti].items()) if rows[i] == DOUBTFUL]
        t.status = next((s for s in (DOUBTFUL, CONTRADICTED, VERIFIED) if s in rows), UNCHECKED)
    d.forget("_key_totals")  # key totals carry the statuses just set


def _failures(d: Disclosure, ti: int) -> tuple[int, int]:
    """How many identities touching table ``ti`` fail, and how many hold."""
    touching = [i for i in identities(d) if ti in i.tables and i.rule not in CORROBORATION_ONLY]
    failed = sum(not i.holds for i in touching)
    return failed, len(touching) - failed


def _replace(d: Disclosure, ti: int, table: Table) -> None:
    d.tables[ti] = table
    name_levels(d.tables, d.year)
    d.forget()


def _try(d: Disclosure, ti: int, candidate: Table, note: str) -> bool:
    """Take ``candidate`` for table ``ti`` when the identities prefer it."""
    before, held = _failures(d, ti)
    original = d.tables[ti]
    _replace(d, ti, candidate)
    after, held_after = _failures(d, ti)
    if after < before and held_after >= held:
        candidate.readings = original.readings + [note]
        return True
    _replace(d, ti, original)
    return False


# ------------------------------------------------------------------------------------ units
def _infer_units(d: Disclosure) -> None:
    """A table that states no unit is read in 元; when the document's other tables print its
    amounts in 万元 (the same totals, the same rows), it is read in 万元."""
    from .tidy import tidy_table

    for ti, t in enumerate(list(d.tables)):
        if t.currency_unit is not None or t.empty or t.raw is None or not _failures(d, ti)[0]:
            continue  # stated, or nothing says the unit is wrong
        other = "万元" if t.unit_used == "元" else "元"
        candidate = tidy_table(t.raw, d.path, default_unit=other)
        _try(d, ti, candidate, f"表中未注明金额单位；其金额与其他表按{other}一致，故按{other}读取")


# ---------------------------------------------------------------------------- other readings
def _amount_on_next_row(raw: RawTable) -> RawTable | None:
    """A label or code whose amounts were printed on the row below it (a row with amounts and
    neither label nor code follows a row with a label or code and no amounts): one row."""
    rows = [list(r) for r in raw.rows]
    changed = False
    out, origins = [], []
    i = 0
    while i < len(rows):
        row = rows[i]
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        if nxt is not None and _labels_only(row) and _amounts_only(nxt) and len(row) == len(nxt):
            out.append([a if a.strip() else b for a, b in zip(row, nxt)])
            origins.append(raw.origin(i))
            changed = True
            i += 2
            continue
        out.append(row)
        origins.append(raw.origin(i))
        i += 1
    if not changed:
        return None
    new = copy.copy(raw)
    new.rows, new.origins = out, origins
    return new


def _labels_only(row: list[str]) -> bool:
    filled = [c for c in row if c.strip()]
    return bool(filled) and not any(is_amount(c) and not re.fullmatch(r"\d{3}(\d{2}){0,2}", c.strip()) for c in filled)


def _amounts_only(row: list[str]) -> bool:
    filled = [c for c in row if c.strip()]
    return bool(filled) and all(is_amount(c) for c in filled)


_TRAILING_AMOUNT = re.compile(r"^(?P<label>.*?[\u4e00-\u9fff）)])\s*(?P<amount>-?\d{1,3}(?:,\d{3})*(?:\.\d+)?|-?\d+\.\d+)$")


def _amount_in_label(raw: RawTable) -> RawTable | None:
    """An amount left inside its label ("一、一般公共预算 33,172.15") with the amount cell to its
    right blank: the amount moves to that cell."""
    rows = [list(r) for r in raw.rows]
    changed = False
    for row in rows:
        for j, cell in enumerate(row[:-1]):
            m = _TRAILING_AMOUNT.match(cell.strip())
            if m and not row[j + 1].strip():
                row[j], row[j + 1] = m.group("label"), m.group("amount")
                changed = True
    if not changed:
        return None
    new = copy.copy(raw)
    new.rows = rows
    return new


#: other readings of a table's cells, tried in order where its reading is doubtful
READINGS = [
    (_amount_on_next_row, "一行的金额印在其下一行，合为一行读取"),
    (_amount_in_label, "金额印在项目名称格内，移至金额列读取"),
]


def _reread(d: Disclosure) -> None:
    from .tidy import tidy_table

    status, _ = cell_statuses(d, identities(d))
    doubtful_tables = sorted({c.table for c, s in status.items() if s in (DOUBTFUL, CONTRADICTED)})
    for ti in doubtful_tables:
        t = d.tables[ti]
        if t.raw is None:
            continue
        for reading, note in READINGS:
            raw = reading(t.raw)
            if raw is None:
                continue
            candidate = tidy_table(raw, d.path, default_unit=t.unit_used)
            if _try(d, ti, candidate, note):
                t = candidate


def table_failures(t: Table) -> int:
    """How many identities inside ``t`` alone fail (for tests and reports)."""
    return sum(not i.holds for i in table_identities(t, 0))
