"""The count and funds of the projects a text says it evaluated, against the summaries it lists
after (rule ``performance.evaluated_projects``), in the shape 西安市卫生健康委员会 2022 决算 prints
(shaanxi-xian/2022-health-commission-dept-final.pdf): p.23 "本部门在部门决算中反映机场入境人员核酸检测费用等
82个一级项目的绩效自评结果，涉及预算资金597650.29万元", then pp.32-54 list 87 numbered 绩效自评综述 whose
全年预算数 add to 604,738.45 (a heading may end its paragraph, its figures in the next, p.35); p.142
"…等1个专项资金项目进行自评，涉及预算金额51552.9万元" over one summary "全年预算数52110万元，执行数51552.9万元"."""

from __future__ import annotations

from budgetkit.checks import run_checks
from budgetkit.checks.counts import project_summaries
from budgetkit.model import Disclosure, Section, Unit


def _disclosure(claimed=3, fund_said="51552.9"):
    claim = (f"本部门在部门决算中反映机场入境人员核酸检测费用等{claimed}个一级项目的绩效自评结果，涉及预算资金1,160.00万元，"
             f"占部门预算项目支出总额的65.9%。")
    fund = f"组织对本部门2022年度主管的的卫生健康事业发展专项资金等1个专项资金项目进行自评，涉及预算金额{fund_said}万元。"
    sections = [
        Section("十三", "预算绩效情况说明", 1, ["（一）预算绩效管理工作开展情况说明。", claim]),
        Section("（三）", "项目绩效自评结果", 2, [
            "1.西安市卫生健康委员会本级（机关）机场入境人员核酸检测费用项目绩效自评综述：全年预算数460万元，执行数460万元，完成预算的100%。",
            "2.西安市中心血站无偿献血者宣传资金项目绩效自评综述：",
            "全年预算数300万元，执行数290万元，完成预算的96.67%。项目绩效目标完成情况：保障采供血业务。",
            "3.西安市第一医院省级公共卫生事业发展资金项目绩效自评综述：全年预算数400万元，执行数400万元，完成预算的100%。"]),
        Section("（四）", "专项资金绩效自评结果", 2, [
            fund, "1.卫生健康事业发展专项资金绩效自评综述：全年预算数52110万元，执行数51552.9万元，完成预算的98.93%。"]),
    ]
    return Disclosure("t.pdf", Unit("西安市卫生健康委员会"), 2022, "决算", "", sections, [], [], format="pdf")


def _found(d):
    return [f.message for f in run_checks(d) if f.rule == "performance.evaluated_projects"]


def test_summaries_are_read_with_figures_from_the_next_paragraph():
    summaries = project_summaries(_disclosure())
    assert [(s.number, s.figures["budget_full"][0]) for s in summaries] == [(1, "460"), (2, "300"), (3, "400"), (1, "52110")]


def test_a_count_the_list_does_not_give_is_reported():
    assert _found(_disclosure(claimed=2, fund_said="52110")) == [
        "文字称“反映机场入境人员核酸检测费用等2个一级项目的绩效自评结果，涉及预算资金1,160.00万元”，"
        "其后列出的绩效自评综述为3个项目，全年预算数合计1,160.00万元。"]


def test_funds_that_are_the_lists_execution_are_said_so():
    assert _found(_disclosure(claimed=3)) == [
        "文字称“对本部门2022年度主管的的卫生健康事业发展专项资金等1个专项资金项目进行自评，涉及预算金额51552.9万元”，"
        "其后的1个项目全年预算数合计52,110.00万元，51552.9万元是其执行数。"]


def test_a_claim_in_step_with_its_list_is_no_finding():
    assert _found(_disclosure(claimed=3, fund_said="52110")) == []
