"""A table's number as printed above or before its title, each line as the page prints it."""

from __future__ import annotations

from budgetkit.readers.pdf import _as_title, _number_in


def test_a_number_on_its_own_line_above_the_title():
    # chongqing/2026-water-resources-bureau-dept-budget.pdf p.31: "表十一" at the left, the title below
    assert _number_in(["表十一", "2026年市级重点专项资金绩效目标表（一级项目）"]) == "十一"
    # guangdong-foshan/2019-rail-transit-bureau-dept-final.pdf p.12: "表 4" at the right, above the title
    assert _number_in(["表 4", "财政拨款收入支出决算总表", "部门： 佛山市轨道交通局", "单位：万元"]) == "4"


def test_a_number_before_the_title_is_no_part_of_it():
    # zhejiang-hangzhou/2026-justice-bureau-dept-budget.pdf p.35: "表8：2026年市级部门政府性基金预算支出预算表"
    line = "表8：2026年市级部门政府性基金预算支出预算表"
    assert _number_in([line, "部门名称：杭州市司法局"]) == "8"
    assert _as_title(line) == "2026年市级部门政府性基金预算支出预算表"


def test_lines_that_state_no_number():
    assert _number_in(["2026年部门收支总体情况表", "单位：万元"]) is None
    assert _number_in(["表格说明：本表反映…"]) is None
