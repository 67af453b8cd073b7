"""The run-time check that every printed row was placed (budgetkit.placement): a coded row of
amounts a page prints and the table reader did not read is a reading doubt on the report and in
``budgetkit check``, and the table on its page accuses no one."""

from __future__ import annotations

from reportlab.pdfgen import canvas

import budgetkit
from budgetkit.checks import run_checks
from budgetkit.report import UnitReport

from pdfbuild import FONT, PAGE, Grid, draw

ROWS = [["科目编码", "科目名称", "金额"], ["", "合计", "1,000.00"], ["301", "工资福利支出", "600.00"],
        ["30101", "基本工资", "400.00"], ["30102", "津贴补贴", "200.00"]]


def _pdf(path, unruled: list[str]) -> None:
    """A cover, then a ruled 基本支出表 whose last rows are printed below it as plain lines of text
    (no rules: a layout the table reader does not take for a table)."""
    c = canvas.Canvas(str(path), pagesize=PAGE)
    c.setFont(FONT, 18)
    for k, line in enumerate(["某某市某某局", "2024年部门预算"]):
        c.drawCentredString(PAGE[0] / 2, 600 - 30 * k, line)
    c.showPage()
    bottom = draw(c, Grid(ROWS, [90, 160, 100], title="一般公共预算基本支出预算表",
                          captions=[("单位：万元", "right")]), PAGE[1] - 60)
    c.setFont(FONT, 9)
    for k, line in enumerate(unruled):
        c.drawString(63, bottom - 16 - 16 * k, line)
    c.showPage()
    c.save()


def test_every_row_placed_gives_no_doubt(tmp_path):
    path = tmp_path / "placed.pdf"
    _pdf(path, [])
    d = budgetkit.read(path)
    assert d.placement.printed == 3 and d.placement.unplaced == []
    assert not any(f.rule == "reading.rows_not_placed" for f in run_checks(d))


def test_a_row_the_reader_cannot_place_is_a_doubt_on_the_report(tmp_path):
    path = tmp_path / "unplaced.pdf"
    _pdf(path, ["302      商品和服务支出      400.00", "30201    办公费      400.00"])
    d = budgetkit.read(path)
    assert d.placement.printed == 5
    assert [(r["page"], r["code"], r["amounts"]) for r in d.placement.unplaced] == [(2, "302", ["400.00"]), (2, "30201", ["400.00"])]
    findings = run_checks(d)
    doubt = next(f for f in findings if f.rule == "reading.rows_not_placed")
    assert doubt.severity == "info" and "第2页印有 2 行" in doubt.message and "302 400.00" in doubt.message
    # the table's 合计 1,000.00 is not its rows' 600.00: with rows of its page unread, no one is accused
    assert [f for f in findings if f.severity == "error"] == []
    html = UnitReport(d, findings).audit().html
    assert "第2页印有 2 行带科目编码的数额" in html
