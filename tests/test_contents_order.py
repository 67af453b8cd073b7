"""The 目录's tables against the order the tables are printed (rule ``completeness.contents_order``), on
a disclosure the test writes in the shape of 国家信访局 2024 决算
(central/2024-state-bureau-letters-calls-dept-final.pdf): its 目录 (p.2) lists 七、“三公”经费 (11),
八、政府性基金 (12), 九、国有资本经营 (13), while the tables are printed 公开07表 政府性基金 (p.13),
公开08表 国有资本经营 (p.14), 公开09表 “三公”经费 (p.15)."""

from __future__ import annotations

import pandas as pd

from budgetkit.checks import run_checks
from budgetkit.checks.completeness import _longest_rising, contents_lines
from budgetkit.model import Disclosure, Section, Table, Unit

TABLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
          "一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款“三公”经费支出决算表",
          "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"]
NUMBERS = "一二三四五六七八九"


def _disclosure(printed_order):
    from budgetkit.kinds import kind_of_title

    contents = [f"{NUMBERS[k]}、{title}......{5 + k}" for k, title in enumerate(TABLES)]
    sections = [Section("", "目录", 3, ["第一部分国家信访局概况......1", "第二部分国家信访局2024年度部门决算表......4",
                                       *contents], page=2),
                Section("一", "部门职责", 1, ["国家信访局是国务院办公厅管理的国家局。"], page=4)]
    tables = [Table(kind_of_title(TABLES[k]), f"{TABLES[k]}公开0{n + 1}表", None, "万元", [],
                    pd.DataFrame({"line": [], "is_total": [], "label": []}))
              for n, k in enumerate(printed_order)]
    return Disclosure("t.pdf", Unit("国家信访局"), 2024, "决算", "", sections, [], tables, format="pdf")


def _found(d):
    return [(f.severity, f.message) for f in run_checks(d) if f.rule == "completeness.contents_order"]


def test_the_contents_lines_are_read_with_their_page_numbers():
    lines = contents_lines(_disclosure(range(9)))
    assert lines[0] == ("第一部分国家信访局概况", 1, 2)
    assert lines[8] == ("七、一般公共预算财政拨款“三公”经费支出决算表", 11, 2)
    assert len(lines) == 11


def test_a_table_printed_elsewhere_than_the_contents_say_is_reported_once():
    assert _found(_disclosure([0, 1, 2, 3, 4, 5, 7, 8, 6])) == [(
        "warning", "目录列“七、一般公共预算财政拨款“三公”经费支出决算表”（第11页）的位置与正文不同：正文中这张表印在"
                   "“国有资本经营预算财政拨款支出决算表公开08表”之后（「一般公共预算财政拨款“三公”经费支出决算表公开09表」）。")]


def test_tables_in_the_contents_order_are_no_finding():
    assert _found(_disclosure(range(9))) == []


def test_the_longest_rising_run_keeps_all_but_the_entries_out_of_place():
    assert _longest_rising([0, 1, 2, 3, 4, 5, 8, 6, 7]) == {0, 1, 2, 3, 4, 5, 7, 8}
    assert _longest_rising([]) == set()
