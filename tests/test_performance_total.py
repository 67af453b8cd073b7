"""A 绩效目标表's 合计 against its projects (rule ``performance.total``), on tables the test writes in
the shape 长沙市公安局 2025 prints (hunan-changsha/2025-public-security-bureau-dept-budget.pdf
pp.23-50, one table a page): 单位编码 | 单位（项目）名称 | 资金总额 | 绩效目标 | 一级指标 … ; a 合计
row, the unit's row, then each project on its first indicator row, its name and amount printed
again at the top of the next page when its indicators go on."""

from __future__ import annotations

from budgetkit.checks import run_checks
from budgetkit.identities import cross_identities
from budgetkit.model import Disclosure, Unit
from budgetkit.readers.raw import RawTable
from budgetkit.tidy import tidy_table

HEAD = [["单位编码", "单位（项目）名称", "资金总额", "绩效目标", "绩效指标", "绩效指标", "绩效指标", "绩效指标", "度量单位"],
        ["单位编码", "单位（项目）名称", "资金总额", "绩效目标", "一级指标", "二级指标", "三级指标", "指标值", "度量单位"]]
TITLE = "2025年项目支出绩效目标表"


def _page(number, rows):
    return tidy_table(RawTable(number, TITLE, HEAD + rows, currency_unit="万元"), "t.pdf")


def _pages(total="40,233.95", unit_row="40,233.95"):
    first = _page("13", [
        ["合计", "", total, "", "", "", "", "", ""],
        ["106001", "长沙市公安局", unit_row, "", "", "", "", "", ""],
        ["106001", "大型警保卫经费", "428.69", "发挥公安职能", "产出指标", "数量指标", "警保卫活动次数", "10", "次"],
        ["106001", "大院运行和维修经费", "2,791.51", "保障大院运行", "产出指标", "数量指标", "维修次数", "5", "次"]])
    second = _page("13", [  # the second project's indicators go on: its name and amount again
        ["106001", "大院运行和维修经费", "2,791.51", "保障大院运行", "效益指标", "社会效益", "满意度", "90", "%"],
        ["106001", "天网工程租赁和服务费", "37,013.75", "维护天网", "产出指标", "数量指标", "点位数", "100", "个"]])
    return [first, second]


def _disclosure(tables):
    return Disclosure("t.pdf", Unit("长沙市公安局"), 2025, "预算", "", [], [], tables, format="pdf")


def test_the_unit_row_is_no_project_and_the_total_row_is_read():
    first = _pages()[0]
    f = first.frame
    assert f["is_total"].tolist()[:2] == [True, True]
    assert f["label"].tolist()[:2] == ["合计", "长沙市公安局"]
    assert f["total"].tolist()[:2] == [4_023_395_000_0, 4_023_395_000_0]
    assert f["project_name"].tolist()[2:] == ["大型警保卫经费", "大院运行和维修经费"]


def test_projects_over_a_page_break_are_counted_once_and_the_total_holds():
    ids = [i for i in cross_identities(_disclosure(_pages())) if i.rule == "performance.total"]
    assert [(i.text, len(i.right), i.holds) for i in ids] == [
        ("合计行 = 各项目的资金总额之和", 3, True), ("合计行 = 各单位行之和", 1, True)]
    assert [f for f in run_checks(_disclosure(_pages())) if f.rule == "performance.total"] == []


def test_a_total_its_projects_do_not_give_is_a_warning():
    """长沙 2025 p.23 prints 合计 40,233.95 (and the unit's row the same) above 14 projects that add to
    39,052.86: here 合计 41,233.95 over projects of 40,233.95."""
    tables = _pages(total="41,233.95", unit_row="41,233.95")
    found = [(f.rule, f.severity, f.message) for f in run_checks(_disclosure(tables)) if f.rule == "performance.total"]
    assert found == [("performance.total", "warning",
                      "表13「2025年项目支出绩效目标表」合计行为41,233.95万元，但3个项目的资金总额之和为40,233.95万元，相差1,000.00万元。")]
