"""A 部门整体支出绩效自评表's block of tasks, and each task named after a functional item against the
fiscal tables (rule ``performance.overall_vs_tables``), in the shape 西安市卫生健康委员会 2022 决算
prints (shaanxi-xian/2022-health-commission-dept-final.pdf p.30): 任务名称 | 主要内容 | 完成情况 |
全年预算数（万元）总额 / 财政拨款 / 其他资金 | 全年执行数（万元）总额 / 财政拨款 / 其他资金 | 分值 | 执行率 | 得分;
公立医院's 财政拨款 executed 122020.6 where 公开05表 (p.155) prints 21002 公立医院 116,790.60, the other
tasks as the table."""

from __future__ import annotations

from budgetkit.checks import run_checks
from budgetkit.model import Disclosure, Unit
from budgetkit.readers.raw import RawTable
from budgetkit.tidy import tidy_table

MONEY = ["全年预算数（万元）"] * 3 + ["全年执行数（万元）"] * 3
HEAD = [["年度主要任务完成情况", "任务名称", "主要内容", "完成情况", *MONEY, "分值", "执行率", "得分"],
        ["", "", "", "", "总额", "财政拨款", "其他资金", "总额", "财政拨款", "其他资金", "", "", ""]]


def _task(name, fiscal):
    return ["", name, "保证支出。", "任务完成", fiscal, fiscal, "0", fiscal, fiscal, "0", "0.58", "100.00%", "0.58"]


def _disclosure(hospitals="122020.6"):
    rows = HEAD + [_task("公立医院", hospitals), _task("基层医疗卫生机构", "363.41"), _task("公共卫生", "140737.7"),
                   _task("中医药", "813.23"), _task("计划生育事务", "489.03"),
                   ["", "", "金额合计", "", "", "", "", "", "", "", "10", "", "10"],
                   ["年度总体目标完成情况", "预期目标（年初设定）", "", "目标实际完成情况", "", "", "", "", "", "", "", "", ""]]
    form = tidy_table(RawTable(None, "西安市卫生健康委员会部门整体支出绩效自评表（2022年度）", rows), "t.pdf")
    table = tidy_table(RawTable("05", "一般公共预算财政拨款支出决算表", [
        ["科目代码", "科目名称", "本年支出"], ["", "合计", "258,193.97"], ["210", "卫生健康支出", "258,193.97"],
        ["21002", "公立医院", "116,790.60"], ["21003", "基层医疗卫生机构", "363.41"], ["21004", "公共卫生", "140,737.70"],
        ["21006", "中医药", "813.23"], ["21007", "计划生育事务", "489.03"], ["2100716", "计划生育机构", "489.03"]],
        currency_unit="万元"), "t.pdf")
    return form, Disclosure("t.pdf", Unit("西安市卫生健康委员会"), 2022, "决算", "", [], [], [table, form], format="pdf")


def _found(d):
    return [f.message for f in run_checks(d) if f.rule == "performance.overall_vs_tables"]


def test_the_tasks_are_read_with_their_money_and_the_rest_of_the_form_after():
    form, _ = _disclosure()
    f = form.frame
    assert f["label"].tolist()[:6] == ["公立医院", "基层医疗卫生机构", "公共卫生", "中医药", "计划生育事务", "金额合计"]
    assert f["actual_fiscal"].tolist()[0] == 122_020_600_000  # 122020.6 万元 in fen
    assert f["is_total"].tolist()[5] and f["label"].tolist()[6] == "年度总体目标完成情况"


def test_a_task_that_disagrees_among_tasks_that_agree_is_reported():
    _, d = _disclosure()
    assert _found(d) == ["「西安市卫生健康委员会部门整体支出绩效自评表（2022年度）」任务“公立医院”的财政拨款执行数为122,020.60万元，"
                         "而决算表中“公立医院”的财政拨款支出为116,790.60万元（同表另有4项任务与决算表一致）。"]


def test_tasks_as_the_tables_are_no_finding():
    _, d = _disclosure("116790.6")
    assert _found(d) == []


def test_a_block_of_tasks_that_ends_the_table_is_read_once():
    """A form cut after its last task (no 金额合计, nothing below): each task is one row."""
    rows = HEAD + [_task("公共卫生", "140737.7"), _task("中医药", "813.23")]
    form = tidy_table(RawTable(None, "西安市卫生健康委员会部门整体支出绩效自评表（2022年度）", rows), "t.pdf")
    assert form.frame["label"].tolist() == ["公共卫生", "中医药"]
