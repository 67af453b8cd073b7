"""Corroboration before accusation (budgetkit.checks.corroboration): a planted slip among
identities that hold is an error; a misreading that breaks many identities is one reading doubt
and no error. The tables are built by the tests."""

from __future__ import annotations

from decimal import Decimal

from budgetkit.assemble import build_disclosure
from budgetkit.checks import run_checks
from budgetkit.checks.corroboration import MAX_SLIP_CELLS, MIN_HELD_SHARE, Reading, readings
from budgetkit.readers.text import parse_text

ROWS = [("2080101", "行政运行", "300.00", "300.00", ""), ("2080102", "一般行政管理事务", "120.00", "", "120.00"),
        ("2080109", "社会保险经办机构", "250.00", "200.00", "50.00"), ("2080199", "其他人力资源事务支出", "80.00", "30.00", "50.00"),
        ("2010301", "行政运行", "90.00", "90.00", ""), ("2010350", "事业运行", "60.00", "40.00", "20.00")]


def _document(rows, total=("900.00", "660.00", "240.00")) -> str:
    lines = ["某单位", "2024年部门预算公开", "表一 部门支出总体情况表", "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出", ""]
    for code, name, *amounts in rows:
        lines += ["\t" + "\n\t".join([code, name, *amounts]), ""]
    lines += ["\t合计\n\t\n\t" + "\n\t".join(total), ""]
    return "\n".join(lines) + "\n"


def _audit(rows, total=("900.00", "660.00", "240.00")):
    d = build_disclosure(parse_text(_document(rows, total)))
    return d, run_checks(d)


def test_the_document_built_here_holds():
    d, findings = _audit(ROWS)
    assert [f for f in findings if f.severity == "error" or f.rule == "reading.doubtful"] == []
    assert readings(d)[0].failed == 0 and readings(d)[0].held >= 7


def test_one_planted_slip_among_identities_that_hold_is_one_error():
    """事业运行 printed 61.00 where 基本 40.00 + 项目 20.00 = 60.00: its row and its column fail,
    both through the one printed figure; everything else holds."""
    rows = [r if r[0] != "2010350" else ("2010350", "事业运行", "61.00", "40.00", "20.00") for r in ROWS]
    d, findings = _audit(rows)
    errors = [f for f in findings if f.severity == "error"]
    assert len(errors) == 1 and errors[0].actual == Decimal("61.00") and errors[0].expected == Decimal("60.00")
    assert not any(f.rule == "reading.doubtful" for f in findings)
    r = readings(d)[0]
    assert r.confirmed and r.cover == 1 and r.failed == 2


def test_a_column_read_as_another_is_one_reading_doubt_and_no_error():
    """项目支出 read from the wrong column (each row off by another amount): every row fails in
    its own cells, far more than a slip changes; one reading doubt names the table."""
    shifted = [(c, n, t, b, "7.00") for c, n, t, b, _ in ROWS]
    d, findings = _audit(shifted, ("900.00", "660.00", "42.00"))
    assert [f for f in findings if f.severity == "error"] == []
    doubts = [f for f in findings if f.rule == "reading.doubtful"]
    assert len(doubts) == 1 and "部门支出总体情况表" in doubts[0].message
    assert readings(d)[0].cover > MAX_SLIP_CELLS


def test_levels_added_together_are_no_slip():
    """A total whose items add to twice it: 类 and 项 both counted (a reading of levels gone
    wrong), never the publisher's error, whatever the other identities say."""
    r = Reading(held=10, failed=1, cover=1)
    assert r.confirmed
    from budgetkit.identities import Cell, Identity

    twice = Identity("table.total_row", "", (Cell(0, 9, "total"),), (Cell(0, 0, "total"), Cell(0, 1, "total")),
                     90000, 180000, 2)
    assert not Reading(held=10, failed=1, cover=1, failures=(twice,)).confirmed


def test_thresholds():
    assert MAX_SLIP_CELLS == 2 and MIN_HELD_SHARE == Decimal("0.33")
    assert not Reading(held=0, failed=1, cover=1).confirmed  # nothing holds: nothing corroborates
    assert Reading(held=1, failed=2, cover=1).confirmed  # a small table's slip
    assert not Reading(held=100, failed=3, cover=3).confirmed  # three unrelated failures: a reading
