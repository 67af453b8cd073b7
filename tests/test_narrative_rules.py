"""The narrative rule families, each on a variant of the seed that the test writes itself: the
rule stays silent on the seed and fires on the break it is about (so each test fails without
its rule)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import budgetkit
from budgetkit.checks import RULES, run_checks

from conftest import write

BASIC = "1、基本支出预算5221.25万元，占总支出预算的76.39%，比2022年4954.22元增加267.02万元。"
PROJECT = "2、项目支出预算1614.13万元，占总支出预算的23.61%，比2022年1583.73万元增加30.40万元。"
INCOME = "比2022年收入预算6537.95万元增加了297.43万元。"


def _findings(tmp_path, text, rule):
    return [f for f in run_checks(budgetkit.read(write(tmp_path, text))) if f.rule == rule]


@pytest.fixture(scope="module")
def seed_rules(seed):
    return {f.rule for f in run_checks(seed)}


@pytest.mark.parametrize("rule", ["narrative.change_rate", "narrative.comparison", "narrative.placeholder",
                                  "narrative.reason_missing", "narrative.punctuation", "narrative.year",
                                  "narrative.level", "plausibility.class_name_year", "narrative.contradiction"])
def test_new_rules_are_catalogued_and_silent_on_the_seed(rule, seed_rules):
    assert rule in RULES
    assert rule not in seed_rules


def test_change_rate_that_does_not_follow_from_the_amounts(tmp_path, seed_text):
    # 297.43 on 6537.95 is 4.55%; a document writing 5.45% has swapped digits
    text = seed_text.replace(INCOME, "比2022年收入预算6537.95万元增加了297.43万元，增长5.45%。")
    [f] = _findings(tmp_path, text, "narrative.change_rate")
    assert (f.severity, f.expected, f.actual) == ("error", Decimal("4.55"), Decimal("5.45"))


def test_change_rate_in_the_wrong_direction(tmp_path, seed_text):
    text = seed_text.replace(INCOME, "比2022年收入预算6537.95万元增加了297.43万元，下降4.55%。")
    [f] = _findings(tmp_path, text, "narrative.change_rate")
    assert f.severity == "error" and "方向相反" in f.message


def test_change_rate_that_rounds_right_is_silent(tmp_path, seed_text):
    text = seed_text.replace(INCOME, "比2022年收入预算6537.95万元增加了297.43万元，增长4.55%。")
    assert _findings(tmp_path, text, "narrative.change_rate") == []


def test_a_share_of_the_wrong_size(tmp_path, seed_text):
    text = seed_text.replace("占总支出预算的23.61%", "占总支出预算的23.16%")
    [f] = _findings(tmp_path, text, "narrative.share")
    assert (f.severity, f.expected, f.actual) == ("error", Decimal("23.61"), Decimal("23.16"))


def test_a_share_one_hundredth_off_is_info(tmp_path, seed_text):
    text = seed_text.replace("占总支出预算的23.61%", "占总支出预算的23.62%")
    [f] = _findings(tmp_path, text, "narrative.share")
    assert f.severity == "info"


def test_completion_rate_and_comparison_words(tmp_path, seed_text):
    final = (seed_text.replace("2023年部门预算公开", "2023年部门决算公开")
             .replace(PROJECT, "2、项目支出年初预算为1700.00万元，支出决算为1614.13万元，完成年初预算的98.20%，决算数大于预算数。"))
    found = _findings(tmp_path, final, "narrative.comparison")
    rates = [f for f in found if "完成" in f.message]
    words = [f for f in found if "大于" in f.message]
    assert [(f.expected, f.actual) for f in rates] == [(Decimal("94.95"), Decimal("98.20"))]
    assert [(f.expected, f.actual) for f in words] == [("小于", "大于")]


def test_template_leftovers(tmp_path, seed_text):
    text = seed_text.replace("主要原因：预算项目的调整，档案加工经费预算增加。", "主要原因：XXXXXXXX。主要原因是。")
    assert [f.actual for f in _findings(tmp_path, text, "narrative.placeholder")] == ["XXXXXXXX"]
    assert len(_findings(tmp_path, text, "narrative.reason_missing")) == 1
    assert all(f.severity == "warning" for f in _findings(tmp_path, text, "narrative.placeholder"))


def test_doubled_punctuation_is_info(tmp_path, seed_text):
    text = seed_text.replace("档案加工经费预算增加。", "档案加工经费预算增加。。", 1)
    [f] = _findings(tmp_path, text, "narrative.punctuation")
    assert f.severity == "info"


def test_a_comparison_with_the_wrong_year(tmp_path, seed_text):
    text = seed_text.replace(PROJECT, PROJECT.replace("比2022年", "比2020年"))
    [f] = _findings(tmp_path, text, "narrative.year")
    assert (f.expected, f.actual) == (2022, 2020)


def test_a_unit_budget_calling_itself_a_department_budget(tmp_path, seed_text):
    # the seed is a 单位 budget ("单位预算" on its cover); a heading that says 部门预算 is worded for another level
    text = seed_text.replace("2023年部门预算公开", "2023年单位预算公开").replace(
        "一、部门主要职责及机构设置情况", "一、部门预算主要职责及机构设置情况")
    d = budgetkit.read(write(tmp_path, text))
    assert d.level == "单位"
    found = [f for f in run_checks(d) if f.rule == "narrative.level"]
    assert "一、部门预算主要职责" not in seed_text and any("部门预算主要职责" in f.sentence for f in found)
    assert all(f.actual == "部门预算" and f.severity == "info" for f in found)


def test_a_class_named_as_in_another_year(tmp_path, seed_text):
    # 2023: 210 is 卫生健康支出; the name of 2018 and before is flagged
    text = seed_text.replace("卫生健康支出", "医疗卫生与计划生育支出")
    found = _findings(tmp_path, text, "plausibility.class_name_year")
    assert found and all(f.expected == "卫生健康支出" for f in found)


def test_a_table_in_the_contents_that_the_body_lacks(tmp_path, seed_text):
    # the seed's narrative has no contents; one that lists a table the body lacks is told
    text = seed_text.replace("2023年部门预算公开\n", "2023年部门预算公开\n目录\n一、部门收支总体情况表\n二、政府采购预算表\n", 1)
    found = _findings(tmp_path, text, "completeness.contents")
    assert [f.expected for f in found] == ["政府采购预算表"]


def test_every_rule_is_listed_with_its_family_severity_and_an_example(capsys):
    from budgetkit.cli import main

    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for r in RULES.values():
        assert r.example, r.id
        assert r.id in out and f"例：{r.example}" in out


def test_one_subject_given_two_amounts_in_one_paragraph(tmp_path, seed_text):
    text = seed_text.replace(BASIC, BASIC + "其中基本支出预算5212.25万元用于人员和公用经费。")
    [f] = _findings(tmp_path, text, "narrative.contradiction")
    assert (f.expected, f.actual) == ("5221.25万元", "5212.25万元")


@pytest.mark.parametrize("rule", ["narrative.leftover", "narrative.part_count", "narrative.rate_from_nothing",
                                  "narrative.completion_rate"])
def test_slip_rules_are_catalogued_and_silent_on_the_seed(rule, seed_rules):
    assert rule in RULES and rule not in seed_rules


@pytest.mark.parametrize("sentence, left", [
    ("与上年相比增加（减少）0万元，增长（减少）0%。", "增加（减少）"),  # 江苏人大 2018 p.19
    ("局（部、委、办）机关及下属 1 个单位共接待国外来访团组 0个。", "局（部、委、办）"),  # 佛山 2019 决算 p.27
    ("本部门预算包括：。", "：。"),  # 烟台 2026 p.6
    ("（一）收入预算：2026年。", "：2026年。"),  # 烟台 2026 p.40
])
def test_a_template_leftover(tmp_path, seed_text, sentence, left):
    found = _findings(tmp_path, seed_text.replace(INCOME, INCOME + sentence), "narrative.leftover")
    assert left in [f.actual for f in found] and {f.severity for f in found} == {"warning"}


def test_a_part_of_which_exceeds_its_whole(tmp_path, seed_text):
    # 长沙市公安局 2025 p.10
    text = seed_text.replace(INCOME, INCOME + "单位价值 50 万元以上设备 8 台，其中，单位价值 100 万元以上设备 15 台。"
                                               "现有专任教师3,265人，其中正高级职称772人。")
    [f] = _findings(tmp_path, text, "narrative.part_count")
    assert (f.expected, f.actual) == ("≤ 8", 15)


def test_a_rate_from_nothing_and_a_completion_rate_its_amounts_do_not_give(tmp_path, seed_text):
    # 佛山 2019 决算 p.26; 西安卫健委 2022 决算 p.46 (and p.41, whose 141.2% its own figures do give)
    text = seed_text.replace(INCOME, INCOME + "机关运行经费支出97.19万元，比预算数增加97.19万元，增长0%。"
                             "全年预算数21143.98万元，执行数21143.98万元，完成预算的35%。"
                             "全年预算数2277万元，执行数3215.02万元，完成预算的141.2%。"
                             "公务接待费支出决算为0.16万元，完成预算0万元的0%。")
    zeros = _findings(tmp_path, text, "narrative.rate_from_nothing")
    assert [z.actual for z in zeros] == ["0%", "0%"] and "完成预算的0%" in zeros[1].message
    [done] = _findings(tmp_path, text, "narrative.completion_rate")
    assert (done.expected, done.actual) == (Decimal("100"), Decimal("35"))


def test_one_items_change_stated_twice_two_ways(tmp_path, seed_text):
    # 国家信访局 2026 p.19 ("2014099其他信访事务支出 … 比2025年执行减少21,519.26万元") and p.21 ("…其他信访事务支出
    # （项）… 比2025年执行数增加2,022.94万元"), written with an item of the seed's tables
    head = "(二)支出预算说明\n\n"
    text = seed_text.replace(head, head + "按照支出功能分类，2023年预算数比2022年执行数减少较为明显的项级支出科目为"
                             "2080109社会保险经办机构，2023年预算数为900.00万元，比2022年执行减少100.00万元，减少10.00%。\n\n"
                             "6.社会保障和就业支出（类）人力资源和社会保障管理事务（款）社会保险经办机构（项）2023年预算数为"
                             "900.00万元，比2022年执行数增加50.00万元，增幅5.88%。\n\n")
    [f] = _findings(tmp_path, text, "narrative.change_conflict")
    assert (f.expected, f.actual) == ("减少100.00万元", "增加50.00万元")


def test_an_amount_said_to_be_all_of_one_fund_exceeds_that_fund(tmp_path, seed_text):
    """国家信访局 2026 p.26 writes "涉及预算拨款39,560.87万元，均为一般公共预算拨款" where its 财政拨款收支总表
    (p.9) gives all fiscal funds 18,728.94: here the seed (收支 6,835.38 万元) says the same of 9,000 万元."""
    text = seed_text.replace(PROJECT, PROJECT + "项目支出全面实施绩效目标管理，涉及预算拨款9,000.00万元，均为一般公共预算拨款。")
    found = [f.message for f in _findings(tmp_path, text, "plausibility.part_exceeds_whole") if "均为" in f.message]
    assert found == ["文字称9,000.00万元“均为一般公共预算”，但本文件各表中一般公共预算（连同全部财政拨款）最多为"
                     "68,353,777.63元（「一般公共预算支出情况表」“合计”）。"]
    fine = seed_text.replace(PROJECT, PROJECT + "涉及预算拨款1,614.13万元，均为一般公共预算拨款。")
    assert [f for f in _findings(tmp_path, fine, "plausibility.part_exceeds_whole") if "均为" in f.message] == []


def test_a_share_whose_clause_names_a_part_it_does_not_state_is_left_alone(tmp_path, seed_text):
    """国家信访局 2024 决算 p.26: "授予中小企业合同金额1820.69万元，…；货物采购授予中小企业合同金额占货物支出金额
    的9.16%": the 9.16% is of a part the sentence does not state, not of the 1,820.69 before it; the
    seed's "1、基本支出预算5221.25万元，占总支出预算的76.39%" is still recomputed (here broken to 76.93%)."""
    text = seed_text.replace(INCOME, INCOME + "授予中小企业合同金额5221.25万元；货物采购授予中小企业合同金额占总支出预算的9.16%。")
    assert [f.actual for f in _findings(tmp_path, text, "narrative.share")] == []
    assert [f for f in _findings(tmp_path, text, "reading.doubtful") if "9.16" in f.message] == []
    text = text.replace("占总支出预算的76.39%", "占总支出预算的76.93%")
    assert [f.actual for f in _findings(tmp_path, text, "narrative.share")] == [Decimal("76.93")]


def test_a_growth_rate_is_a_change_not_a_share(tmp_path, seed_text):
    """佛山 2019 决算 p.26: "主要是因为我局去年预算数为0，因此增长率为0%": a change (from nothing), never a
    share of a whole."""
    text = seed_text.replace(INCOME, INCOME + "我局去年预算数为0，因此增长率为0%。")
    d = budgetkit.read(write(tmp_path, text))
    [fact] = [f for f in d.facts if "增长率为0%" in f.source]
    assert fact.kind == "change"


@pytest.mark.parametrize("sentence, fact", [
    # zhejiang-hangzhou/2026-justice-bureau-dept-budget.pdf p.36, under 表9 (printed page 35)
    ("备注：本部门没有国有资本经营预算拨款安排的支出，故本表无数据。", "no_state_capital"),
    # central/2024-state-bureau-letters-calls-dept-final.pdf p.13, under 公开07表
    ("说明：国家信访局没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。", "no_government_fund"),
])
def test_a_note_that_says_there_is_none_is_the_explanation_of_an_empty_table(tmp_path, seed_text, sentence, fact):
    d = budgetkit.read(write(tmp_path, seed_text.replace(INCOME, INCOME + sentence)))
    assert fact in {f.name for f in d.facts if sentence[:12] in f.source}


def test_a_change_of_nothing_where_the_year_before_had_nothing(tmp_path, seed_text):
    """佛山 2019 决算 p.25: "一般公共预算财政拨款收入1668.14万元，比上年决算数相比变化0万元，增长0%；主要是因为我局为
    2019年新成立单位，无2018年决算数": from nothing, the change is the 1668.14 itself; its 政府性基金 sentence
    (0万元, 变化0万元) is right."""
    text = seed_text.replace(INCOME, INCOME + "其中：一般公共预算财政拨款收入1668.14万元，比上年决算数相比变化0万元，增长0%；"
                             "主要是因为我局为2019年新成立单位，无2018年决算数；政府性基金预算财政拨款收入0万元，比上年决算数相比变化0万元，"
                             "主要是因为我局是2019年新成立单位，当年无发生额，同时无2018年决算数。")
    found = [f for f in _findings(tmp_path, text, "narrative.rate_from_nothing") if f.actual == "0万元"]
    assert [(f.expected, f.actual) for f in found] == [("1668.14万元", "0万元")]
