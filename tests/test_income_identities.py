"""The identities of an income table from its own header words, on tables the test writes: 合计 =
every source when 财政拨款 is listed by kind, 财政拨款 = its kinds, 本年收入 = every source of the year,
and a 收入总表 whose 合计 holds what was carried in, compared with the 收支总表's 收入总计 rather than
its 本年收入合计 (国家信访局 2026 p.5-6, 珠海 2026 p.6-8)."""

from __future__ import annotations

from budgetkit.identities import cross_identities, table_identities
from budgetkit.model import Disclosure, Unit
from budgetkit.readers.raw import RawTable
from budgetkit.tidy import tidy_table


def _table(number, title, rows):
    return tidy_table(RawTable(number, title, rows, currency_unit="万元"), "t.pdf")


def _income(total="50,616.94"):
    """国家信访局 2026's 部门收入总表 (p.6), its one row as printed."""
    return _table("2", "部门收入总表", [
        ["合计", "上年结转", "一般公共预算拨款收入", "政府性基金预算拨款收入", "事业收入", "事业收入", "其他收入", "使用非财政拨款结余"],
        ["合计", "上年结转", "一般公共预算拨款收入", "政府性基金预算拨款收入", "金额", "其中:教育收费", "其他收入", "使用非财政拨款结余"],
        [total, "2,254.12", "16,474.82", "", "", "", "31,888.00", ""]])


def _summary():
    return _table("1", "部门收支总表", [
        ["收入", "收入", "支出", "支出"], ["项目", "预算数", "项目", "预算数"],
        ["一、一般公共预算拨款收入", "16,474.82", "一、一般公共服务支出", "50,616.94"],
        ["二、其他收入", "31,888.00", "", ""],
        ["本年收入合计", "48,362.82", "本年支出合计", "50,616.94"],
        ["上年结转", "2,254.12", "", ""],
        ["收入总计", "50,616.94", "支出总计", "50,616.94"]])


def _disclosure(*tables):
    return Disclosure("t.pdf", Unit("国家信访局"), 2026, "预算", "", [], [], list(tables), format="pdf")


def _failing(ids):
    return [(i.rule, i.text) for i in ids if not i.holds]


def test_a_total_of_every_source_when_fiscal_funds_are_listed_by_kind():
    t = _income()
    assert t.amount_columns[:3] == ["total", "carryover", "general_budget"]
    ids = [i for i in table_identities(t, 0) if i.rule == "row.income_parts"]
    assert len(ids) == 1 and _failing(ids) == []
    # 50,616.94 = 2,254.12 + 16,474.82 + 31,888.00; a misprinted 合计 is found
    assert _failing([i for i in table_identities(_income("50,617.94"), 0) if i.rule == "row.income_parts"])


def test_an_income_table_carrying_in_is_compared_with_the_total_of_income():
    ok = [(i.text, i.left_fen, i.right_fen) for i in cross_identities(_disclosure(_summary(), _income()))
          if i.rule == "cross.summary_tables"]
    assert ok == [("收入总计在各表中一致", 50_616_940_000, 50_616_940_000)]
    wrong = cross_identities(_disclosure(_summary(), _income("50,617.94")))
    assert _failing([i for i in wrong if i.rule == "cross.summary_tables"]) == [("cross.summary_tables", "收入总计在各表中一致")]


def test_fiscal_funds_and_this_years_income_add_their_kinds():
    """广州 2026 p.20 (财政拨款 | 合计 over its kinds) and 杭州 2026 p.25 (本年收入 | 小计 over every source)."""
    t = _table("11", "部门预算基本支出预算表", [
        ["单位", "总计", "财政拨款", "财政拨款", "财政拨款", "财政专户拨款", "其他资金"],
        ["单位", "总计", "合计", "一般公共预算", "政府性基金预算", "财政专户拨款", "其他资金"],
        ["合计", "8,401.67", "8,401.67", "8,400.67", "1.00", "0.00", "0.00"],
        ["广州市统计局", "8,401.67", "8,401.67", "8,400.67", "1.00", "0.00", "0.00"]])
    assert t.amount_columns == ["total", "fiscal", "general_budget", "government_fund", "special_account", "other_funds"]
    rules = {i.rule for i in table_identities(t, 0)}
    assert {"row.fiscal_sources", "row.income_parts"} <= rules and _failing(table_identities(t, 0)) == []
    t = _table("2", "2026年市级部门收入预算总表", [
        ["单位名称", "总计", "本年收入", "本年收入", "本年收入", "上年结转结余"],
        ["单位名称", "总计", "小计", "一般公共预算", "其他收入", "小计"],
        ["合计", "99,230.46", "98,883.14", "91,495.48", "7,387.66", "347.32"],
        ["杭州市司法局", "99,230.46", "98,883.14", "91,495.48", "7,387.66", "347.32"]])
    ids = [i for i in table_identities(t, 0) if i.rule == "row.income_sources"]
    assert len(ids) == 2 and _failing(ids) == []  # the 合计 row and the unit's


def _chongqing_summary(total="186,549.30"):
    """重庆 2026 表一 (p.12): 合计 printed above the items of each side, each fund with its carry-over in."""
    return _table("一", "2026年部门收支总体情况表", [
        ["收入", "收入", "支出", "支出"], ["项目", "预算数", "项目", "预算数"],
        ["合计", total, "合计", total],
        ["一、一般公共预算资金", "128,148.56", "一、一般公共服务支出", "59.56"],
        ["二、政府性基金预算资金", "44,134.59", "二、教育支出", "33,862.49"],
        ["三、财政专户管理资金", "11,791.50", "三、社会保障和就业支出", "5,932.26"],
        ["四、事业单位经营收入资金", "962.62", "四、卫生健康支出", "1,293.73"],
        ["五、其他收入资金", "1,512.04", "五、农林水支出", "102,942.13"],
        ["", "", "六、资源勘探工业信息等支出", "261.07"],
        ["", "", "七、住房保障支出", "2,198.07"],
        ["", "", "八、其他支出", "40,000.00"]])


def test_a_total_printed_above_its_items_adds_the_items_below():
    ids = [i for i in table_identities(_chongqing_summary(), 0) if i.rule == "table.total_row"]
    # Σ = 186,549.31 on both sides, 合计 186,549.30: the printed rounding the note under the table admits
    assert [(i.text, i.left_fen, i.right_fen, i.holds) for i in ids] == [
        ("“合计” = 其下各项之和", 186_549_300_000, 186_549_310_000, True)] * 2
    assert not any(i.holds for i in table_identities(_chongqing_summary("186,649.30"), 0) if i.rule == "table.total_row")


def test_a_fund_line_with_its_carry_over_in_is_not_compared_with_this_years():
    """重庆 2026: 表一's 一般公共预算资金 128,148.56 = 表四's 本年 118,773.55 + 上年结转 9,375.01 (p.21)."""
    fiscal = _table("四", "2026年财政拨款收支总体情况表", [
        ["收入", "收入", "支出", "支出"], ["项目", "预算数", "项目", "预算数"],
        ["一、本年收入", "118,773.55", "一、本年支出", "128,148.56"],
        ["（一）一般公共预算资金", "118,773.55", "（一）一般公共服务支出", "128,148.56"],
        ["二、上年结转", "9,375.01", "二、结转下年", ""],
        ["（一）一般公共预算拨款", "9,375.01", "", ""],
        ["收入合计", "128,148.56", "支出合计", "128,148.56"]])
    compared = [i for i in cross_identities(_disclosure(_chongqing_summary(), fiscal))
                if i.rule == "cross.summary_tables" and i.text.startswith("一般公共预算")]
    assert compared == []


def test_a_fiscal_total_that_its_kinds_do_not_give_is_reported():
    from budgetkit.checks import run_checks

    rows = [["单位", "总计", "财政拨款", "财政拨款", "财政拨款", "其他资金"],
            ["单位", "总计", "合计", "一般公共预算", "政府性基金预算", "其他资金"],
            ["合计", "1,500.00", "1,500.00", "1,400.00", "100.00", "0.00"],
            ["甲单位", "1,000.00", "1,000.00", "900.00", "100.00", "0.00"],
            ["乙单位", "300.00", "300.00", "300.00", "0.00", "0.00"],
            ["丙单位", "200.00", "210.00", "200.00", "0.00", "0.00"]]  # 丙's 财政拨款 misprinted
    t = _table("11", "部门预算基本支出预算表", rows)
    found = [f for f in run_checks(_disclosure(t)) if f.rule == "row.fiscal_sources"]
    assert [(f.row, f.severity) for f in found] == [("丙单位", "error")]
