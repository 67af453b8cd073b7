"""Findings from the document's identities (:mod:`budgetkit.identities`): one helper that every
arithmetic rule shares.

A failed identity is the publisher's slip (an error) only when every amount it cites is a
verified reading. When budgetkit doubts one of them (every identity it takes part in fails),
the finding says so, as info (``reading.doubtful``), and is never counted as an error. A gap of
about ten thousand times is a unit slip (warning), not a wrong number.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ..identities import Identity, identities, values
from ..model import Disclosure, Finding
from ..money import fen_to_yuan
from ..verify import DOUBTFUL
from .corroboration import confirmed

__all__ = ["identity_findings", "evidence_of", "is_unit_slip"]


def is_unit_slip(a: int | None, b: int | None) -> bool:
    if not a or not b:
        return False
    ratio = max(abs(a), abs(b)) / max(1, min(abs(a), abs(b)))
    return 9_000 <= ratio <= 11_000


def evidence_of(d: Disclosure, identity: Identity, most: int = 4) -> list[dict]:
    """Where the cited amounts were printed: file, page, box, line, table, row, column, amount
    and the reading's status (the whole and the first few parts)."""
    out = []
    for c in list(identity.left) + list(identity.right)[:most]:
        t = d.tables[c.table]
        v = values(t)
        amount = v[c.column][c.row]
        box = v["box"][c.row] if "box" in v else None
        out.append({
            "file": t.file or d.path,
            "page": _opt_int(v["page"][c.row]) if "page" in v else None,
            "box": tuple(box) if isinstance(box, (tuple, list)) else None,
            "line": _opt_int(v["source_line"][c.row]) if "source_line" in v else None,
            "table": t.title, "row": v["label"][c.row] if "label" in v else None, "column": c.column,
            "amount": None if amount is None else fen_to_yuan(amount),
            "status": t.cell(c.row, c.column),
        })
    return out


def _opt_int(x) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def identity_findings(d: Disclosure, rule_id: str, severity: str = "error"):
    """The findings of ``rule_id``'s failed identities (``severity`` when corroborated)."""
    for i in identities(d):
        if i.rule != rule_id or i.holds or i.explained:
            continue  # an explained gap is the set-aside row's finding (table.set_aside_rows)
        evidence = evidence_of(d, i)
        if is_unit_slip(i.left_fen, i.right_fen):
            yield Finding("plausibility.unit_slip", "warning",
                          f"{i.message.rstrip('。')}，相差约一万倍，疑为金额单位（元/万元）错误。",
                          table=i.table, row=i.row, column=i.column,
                          expected=_yuan(i.expected_fen), actual=_yuan(i.actual_fen),
                          evidence=evidence, gap=fen_to_yuan(i.gap))
            continue
        if not all(confirmed(d, ti) for ti in set(i.tables)):
            continue  # a table whose reading is not confirmed: one reading doubt for it (reading.doubtful)
        doubtful = [c for c in i.cells if d.tables[c.table].cell(c.row, c.column) == DOUBTFUL]
        if doubtful:
            yield Finding("reading.doubtful", "info",
                          f"budgetkit 无法确认此处的读数（相关数额在本文件的其他核对中也对不上，可能是读取有误），"
                          f"请对照原文核实：{i.message}",
                          table=i.table, row=i.row, column=i.column,
                          expected=_yuan(i.expected_fen), actual=_yuan(i.actual_fen), evidence=evidence,
                          gap=fen_to_yuan(i.gap), cause=rule_id)
            continue
        yield Finding(rule_id, severity, i.message, table=i.table, row=i.row, column=i.column,
                      expected=_yuan(i.expected_fen), actual=_yuan(i.actual_fen), evidence=evidence,
                      gap=fen_to_yuan(i.gap))


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else fen_to_yuan(fen)
