"""One part that fails costs only that part: a table whose layout the reader cannot lay out, a
step of reading that raises, a report block that raises. The rest is read, audited and shown,
and the part is named with its reason in Chinese (``Disclosure.problems``, ``reading.unreadable``,
a note in the block's place)."""

from __future__ import annotations

import budgetkit
from budgetkit import assemble
from budgetkit.checks import run_checks
from budgetkit.report import UnitReport


def test_a_table_that_cannot_be_laid_out_is_named_and_the_rest_read(seed_path, monkeypatch):
    real = assemble.tidy_table

    def tidy(raw, path, *args, **kwargs):
        if "三公" in raw.title:
            raise IndexError("list index out of range")  # as 长沙 2025's 目录 did, taken for a table
        return real(raw, path, *args, **kwargs)

    monkeypatch.setattr(assemble, "tidy_table", tidy)
    d = budgetkit.read(seed_path)
    assert len(d.tables) == 13 and d.table("three_public") is None  # the seed's 14 tables but one
    assert budgetkit.key_totals(d)["income"].fen == 6835377763  # 表一 收入总计 68,353,777.63 元
    [problem] = d.problems
    assert problem.stage == "table" and "三公" in problem.part and problem.kind == "three_public"
    assert problem.reason == "这张表的排版未能读取，本表的数额未计入核对" and "IndexError" in problem.detail
    findings = run_checks(d)
    unreadable = [f for f in findings if f.rule == "reading.unreadable"]
    assert len(unreadable) == 1 and unreadable[0].severity == "info" and "三公" in unreadable[0].message
    assert not any(f.severity == "internal" for f in findings)


def test_verification_that_raises_leaves_every_amount_unchecked_and_accuses_no_one(seed_path, monkeypatch):
    def broken(d):
        raise ValueError("Can only compare identically-labeled DataFrame objects")

    monkeypatch.setattr(assemble, "verify", broken)
    d = budgetkit.read(seed_path)
    assert [p.stage for p in d.problems] == ["verify"]
    assert {t.status for t in d.tables} == {"unchecked"} and all((t.frame["status"] == "unchecked").all() for t in d.tables)
    assert [f for f in run_checks(d) if f.severity == "error"] == []


def test_a_report_block_that_raises_is_a_note_in_its_place(seed_path):
    report = UnitReport.load(seed_path)
    report.disclosure.tables = None  # every block that reads the tables fails
    html = report.tables().html
    assert "「原表」这一部分未能生成" in html and "技术细节" in html and "TypeError" in html
    assert report.failed_blocks == [("原表", "TypeError: 'NoneType' object is not iterable")]
    title = report.title().html  # a block that needs no table still renders
    assert "预算公开分析报告" in title and "未能生成" not in title and len(report.failed_blocks) == 1
