"""A 行次 printed out of its run (rule ``plausibility.line_number``), on a 财政拨款收入支出决算总表 the test
writes in the shape 佛山市轨道交通局 2019 prints (guangdong-foshan/2019-rail-transit-bureau-dept-final.pdf
p.12, 表4): 项目 | 行次 | 金额 on the income side, 项目 | 行次 | 合计 | 一般公共预算财政拨款 |
政府性基金预算财政拨款 on the spending side; its spending 行次 run 28, 39, 30 … 39 (二、外交支出 is
printed 39, the line 十二、农林水支出 has)."""

from __future__ import annotations

from budgetkit.checks import run_checks
from budgetkit.checks.plausibility import _out_of_sequence
from budgetkit.model import Disclosure, Unit
from budgetkit.readers.raw import RawTable
from budgetkit.tidy import tidy_table

HEAD = [["收入", "收入", "收入", "支出", "支出", "支出", "支出", "支出"],
        ["项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款"],
        ["栏次", "", "1", "栏次", "", "2", "3", "4"]]


def _table(second_line="29"):
    rows = HEAD + [
        ["一、一般公共预算财政拨款", "1", "1668.14", "一、一般公共服务支出", "28", "0.00", "0.00", "0.00"],
        ["二、政府性基金预算财政拨款", "2", "0.00", "二、外交支出", second_line, "0.00", "0.00", "0.00"],
        ["", "3", "", "三、国防支出", "30", "0.00", "0.00", "0.00"],
        ["", "4", "", "四、公共安全支出", "31", "0.00", "0.00", "0.00"],
        ["", "5", "", "五、教育支出", "32", "0.00", "0.00", "0.00"],
        ["", "6", "", "六、科学技术支出", "33", "0.00", "0.00", "0.00"],
        ["", "7", "", "七、文化旅游体育与传媒支出", "34", "0.00", "0.00", "0.00"],
        ["", "8", "", "八、社会保障和就业支出", "35", "76.23", "76.23", "0.00"],
        ["", "9", "", "九、卫生健康支出", "36", "0.00", "0.00", "0.00"],
        ["", "10", "", "十、节能环保支出", "37", "0.00", "0.00", "0.00"],
        ["", "11", "", "十一、城乡社区支出", "38", "0.00", "0.00", "0.00"],
        ["", "12", "", "十二、农林水支出", "39", "0.00", "0.00", "0.00"],
    ]
    return tidy_table(RawTable("4", "财政拨款收入支出决算总表", rows, currency_unit="万元"), "t.pdf")


def _found(table):
    d = Disclosure("t.pdf", Unit("佛山市轨道交通局"), 2019, "决算", "", [], [], [table], format="pdf")
    return [(f.severity, f.message) for f in run_checks(d) if f.rule == "plausibility.line_number"]


def test_the_line_numbers_are_kept_as_printed_and_no_amount():
    f = _table("39").frame
    spending = f[f["side"] == "expenditure"]
    assert spending["seq"].tolist()[:3] == ["28", "39", "30"]
    assert spending["total"].tolist()[7] == 76_230_000  # 76.23 万元 in fen: the 行次 35 beside it is no amount
    assert f[f["side"] == "income"]["total"].tolist()[0] == 1_668_140_000


def test_a_line_number_out_of_its_run_is_reported_once():
    assert _found(_table("39")) == [
        ("warning", "表4「财政拨款收入支出决算总表」“二、外交支出”的行次印为39，上下两行为28、30，应为29"
                    "（行次39另见“十二、农林水支出”）。")]


def test_numbers_in_their_run_are_no_finding():
    assert _found(_table("29")) == []


def test_a_numbering_that_restarts_or_jumps_is_no_break():
    assert _out_of_sequence(["1", "2", "3", "1", "2"]) == []  # a list numbered afresh per group
    assert _out_of_sequence(["1", "2", "", "3", "10", "11"]) == []  # a wrapped line; a jump between groups
    assert _out_of_sequence(["28", "39", "30", "31"]) == [(1, 39, 29)]
    assert _out_of_sequence(["28", "", "39", "30"]) == [(2, 39, 29)]
