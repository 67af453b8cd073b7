"""A list item's explanation copied from another item's (rule ``narrative.copied_explanation``), in the
words 佛山市轨道交通局 2019 决算 prints (guangdong-foshan/2019-rail-transit-bureau-dept-final.pdf p.24):
"2．政府性基金预算财政拨款收入0万元，我局为2019年新成立单位，不存在2018年上级补助收入数，同时今年也无上级
补助收入。", word for word item 3's explanation of 上级补助收入."""

from __future__ import annotations

from budgetkit.checks import run_checks
from budgetkit.model import Disclosure, Section, Unit

WHY = "我局为2019年新成立单位，不存在2018年{}收入数，同时今年也无{}收入。"


def _found(fund="上级补助"):
    section = Section("（一）", "年度收入总体情况", 2, [
        "佛山市轨道交通局2019年度总收入1668.14万元，其中本年收入1668.14万元。具体情况如下：",
        "1．一般公共预算财政拨款收入1668.14万元，我局为2019年新成立单位，不存在2018年一般公共预算财政拨款收入。",
        "2．政府性基金预算财政拨款收入0万元，" + WHY.format(fund, fund),
        "3.上级补助收入0万元，" + WHY.format("上级补助", "上级补助"),
        "4．事业收入0万元，我局为2019年新成立单位，不存在2018年事业收入数，同时今年也无事业收入数。"])
    d = Disclosure("t.pdf", Unit("佛山市轨道交通局"), 2019, "决算", "", [section], [], [], format="pdf")
    return [f.message for f in run_checks(d) if f.rule == "narrative.copied_explanation"]


def test_an_explanation_copied_with_the_other_items_name_is_reported_once():
    assert _found() == ["“政府性基金预算财政拨款收入”一项的说明与“上级补助收入”一项的一字不差，写的是“上级补助”，"
                        "没有写“政府性基金预算财政拨款”：可能照抄了另一项的说明。"]


def test_explanations_that_name_their_own_item_are_no_finding():
    assert _found("政府性基金预算财政拨款") == []
