"""A project's 绩效目标 copied from a sibling's (rule ``performance.copied_goal``), on a 项目支出表 the test
writes in the shape 珠海市商务局 2026 prints (guangdong-zhuhai/2026-commerce-bureau-dept-budget.pdf
p.24, printed page 22): 支出项目类别（资金使用单位） | 总计 | … | 绩效目标; "2026年春节慰问金-珠海边检总站"
500.00 under the goal word for word of "2026年春节慰问金-拱北海关" 1,060.00, "…体现对拱北海关一线工作人员
的关怀与激励…"."""

from __future__ import annotations

from budgetkit.checks import run_checks
from budgetkit.checks.goals import own_words
from budgetkit.model import Disclosure, Unit
from budgetkit.readers.raw import RawTable
from budgetkit.tidy import tidy_table

HEAD = [["支出项目类别（资金使用单位）", "总计", "一般公共预算", "绩效目标"]]
GOAL = "通过及时、足额、精准发放春节慰问金，体现对{}一线工作人员的关怀与激励，提升队伍凝聚力和工作积极性，保障口岸通关高效顺畅，助力珠海市经济社会发展。"


def _found(second_body="拱北海关"):
    rows = HEAD + [
        ["合计", "1,560.00", "1,560.00", ""],
        ["2026年春节慰问金-拱北海关", "1,060.00", "1,060.00", GOAL.format("拱北海关")],
        ["2026年春节慰问金-珠海边检总站", "500.00", "500.00", GOAL.format(second_body)],
    ]
    t = tidy_table(RawTable("12", "部门预算项目支出及其他支出预算表", rows, currency_unit="万元"), "t.pdf")
    d = Disclosure("t.pdf", Unit("珠海市商务局"), 2026, "预算", "", [], [], [t], format="pdf")
    return [(f.severity, f.message) for f in run_checks(d) if f.rule == "performance.copied_goal"]


def test_a_goal_copied_with_the_siblings_body_is_reported_once():
    assert _found() == [("warning", "表12「部门预算项目支出及其他支出预算表」项目“2026年春节慰问金-珠海边检总站”的绩效目标与"
                                    "“2026年春节慰问金-拱北海关”的一字不差，写的是“拱北海关”，没有写“珠海边检总站”：可能照抄了另一个项目的目标。")]


def test_goals_that_name_their_own_body_are_no_finding():
    assert _found("珠海边检总站") == []


def test_own_words_are_what_tells_the_names_apart():
    assert own_words("2026年春节慰问金-珠海边检总站", "2026年春节慰问金-拱北海关") == ("珠海边检总站", "拱北海关")
    assert own_words("辅助人员补助经费-拱北海关", "辅助人员补助经费-珠海边检总站") == ("拱北海关", "珠海边检总站")
