"""A 绩效目标表 printed as one card per project, and its goal against its indicators (rule
``performance.goal_vs_indicator``), on a card the test writes in the shape 重庆市水利局 2026 prints
(chongqing/2026-water-resources-bureau-dept-budget.pdf p.31, 表十一 2026年市级重点专项资金绩效目标表
（一级项目）): 项目名称 水库移民后期扶持, 当年预算 12,700.00, a 当年绩效目标 that says "移民对后期扶持政策实施
满意度不低于80%", and the indicator row 移民对后期扶持政策实施满意度 ≥ 90 %."""

from __future__ import annotations

from budgetkit.checks import run_checks
from budgetkit.checks.goals import goal_figures
from budgetkit.model import Disclosure, Unit
from budgetkit.readers.raw import RawTable
from budgetkit.tidy import tidy_table

TITLE = "2026年市级重点专项资金绩效目标表（一级项目）"
GOAL = ("年度资金实施项目覆盖区县30个以上，支持实施项目数量不少于86个，完工项目验收率达到90%以上，已建工程项目良性运行比例"
        "达到90%以上，移民对后期扶持政策实施满意度不低于{}%。")


def _card(satisfaction="80"):
    goal = GOAL.format(satisfaction)
    rows = [["项目名称", "水库移民后期扶持", "水库移民后期扶持", "主管部门", "重庆市水利局", "重庆市水利局", "重庆市水利局"],
            ["当年预算", "12,700.00", "", "市级支出", "", "", ""],
            ["", "", "", "补助区县", "", "12,700.00", ""],
            ["项目概况", "全市库区和移民安置区涉及38个区县。"] * 1 + ["全市库区和移民安置区涉及38个区县。"] * 5,
            ["当年绩效目标"] + [goal] * 6,
            ["绩效指标", "指标名称", "指标性质", "指标值", "计量单位", "指标权重(%)", "是否核心"],
            ["", "完工项目验收率", "≥", "90", "%", "20", "是"],
            ["", "实施项目数量", "≥", "86", "个数", "20", "是"],
            ["", "项目覆盖区县数量", "≥", "30", "个数", "30", "是"],
            ["", "已建工程项目良性运行比例", "≥", "90", "%", "10", "否"],
            ["", "移民对后期扶持政策实施满意度", "≥", "90", "%", "10", "否"],
            ["", "年度预算执行率", "=", "100", "%", "10", "否"]]
    return tidy_table(RawTable("十一", TITLE, rows, currency_unit="万元"), "t.pdf")


def _found(table):
    d = Disclosure("t.pdf", Unit("重庆市水利局"), 2026, "预算", "", [], [], [table], format="pdf")
    return [(f.severity, f.message) for f in run_checks(d) if f.rule == "performance.goal_vs_indicator"]


def test_the_card_is_read_as_one_row_per_indicator_with_its_project():
    t = _card()
    assert t.kind == "project_performance"
    f = t.frame
    assert f["project_name"].unique().tolist() == ["水库移民后期扶持"]
    assert f["total"].tolist()[0] == 1_270_000_000_0  # 12,700.00 万元 in fen, on the first indicator's row
    assert f["total"].notna().sum() == 1
    assert f["indicator"].tolist() == ["完工项目验收率", "实施项目数量", "项目覆盖区县数量", "已建工程项目良性运行比例",
                                       "移民对后期扶持政策实施满意度", "年度预算执行率"]
    assert f["target"].tolist() == ["90", "86", "30", "90", "90", "100"]
    assert f["goal"].iat[0].startswith("年度资金实施项目覆盖区县30个以上")


def test_a_goal_that_says_another_figure_than_its_indicator_is_reported():
    assert _found(_card("80")) == [(
        "warning", "表十一「2026年市级重点专项资金绩效目标表（一级项目）」项目“水库移民后期扶持”的绩效目标写"
                   "“移民对后期扶持政策实施满意度不低于80%”，同表指标“移民对后期扶持政策实施满意度”的指标值却为≥90%。")]


def test_a_goal_in_step_with_its_indicators_is_no_finding():
    assert _found(_card("90")) == []


def test_only_a_name_printed_word_for_word_with_a_figure_in_the_same_unit_is_compared():
    goal = "完工项目验收率达到90%以上，实施项目数量不少于86个，满意度较高。"
    assert goal_figures(goal, [("完工项目验收率", "95", "%")]) == [("完工项目验收率", "完工项目验收率达到90%", "90", "95")]
    assert goal_figures(goal, [("实施项目数量", "86", "个数"), ("项目覆盖区县数量", "31", "个数")]) == []
    assert goal_figures(goal, [("完工项目验收率", "90", "个")]) == []  # a % in the goal, a count in the row
