"""How many units the text says the department has below it (rule ``narrative.subordinate_units``),
in the words 佛山市轨道交通局 2019 决算 prints (guangdong-foshan/2019-rail-transit-bureau-dept-final.pdf):
p.4 （二）部门决算单位构成 "我部门没有下属单位，按照部门决算编报要求，单独编制本部门决算。"; p.27
"2019年，局（部、委、办）机关及下属1个单位共接待国外来访团组0个，来访外宾0人次；" beside p.26-27's
"机关及下属0个单位"."""

from __future__ import annotations

from budgetkit.checks import run_checks
from budgetkit.model import Disclosure, Section, Unit


def _found(reception="1"):
    sections = [
        Section("（二）", "部门决算单位构成", 2, ["我部门没有下属单位，按照部门决算编报要求，单独编制本部门决算。"]),
        Section("（三）", "“三公”经费财政拨款支出决算具体情况说明", 2, [
            "1.全年使用财政拨款安排局（部、委、办）机关及下属0个单位出国团组0个、累计0人次。",
            f"3.公务接待费支出0.16万元。2019年，局（部、委、办）机关及下属{reception}个单位共接待国外来访团组0个，来访外宾0人次；"
            "发生国内接待1次。"]),
    ]
    d = Disclosure("t.pdf", Unit("佛山市轨道交通局"), 2019, "决算", "", sections, [], [], format="pdf")
    return [f.message for f in run_checks(d) if f.rule == "narrative.subordinate_units"]


def test_a_count_of_units_the_make_up_does_not_give_is_reported():
    assert _found("1") == ["文字称“2019年，局（部、委、办）机关及下属1个单位共接待国外来访团组0个，来访外宾0人次”（下属1个单位），"
                           "而单位构成一节称“我部门没有下属单位，按照部门决算编报要求，单独编制本部门决算”。"]


def test_counts_in_step_with_the_make_up_are_no_finding():
    assert _found("0") == []
