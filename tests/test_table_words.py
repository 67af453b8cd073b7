"""Small steps of understanding a table from its own words, each on rows the test writes: rows
that number the columns, a kind named by the header, blocks side by side, the lines below a
summary's 本年 total, and who a unit is and where from its name."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetkit.assemble import region_of
from budgetkit.kinds import column_role, kind_of_columns
from budgetkit.readers.printed import segments
from budgetkit.readers.raw import Origin, RawTable
from budgetkit.tidy import is_column_number_row, is_data_row, stack_halves, tidy_table
from budgetkit.tidy.paired import _lines_below_a_total


@pytest.mark.parametrize("row", [["栏次", "1", "2", "3"], ["栏次", "1", "栏次", "2"], ["**", "**", "1", "2", "3"],
                                 ["1", "2", "3", "4"], ["******", "1", "2", "3"], ["项目", "栏次", "1", "2"],
                                 ["**", "1"]])  # 杭州 2026 表9 p.36: one column, numbered beside the asterisks
def test_rows_numbering_the_columns(row):
    assert is_column_number_row(row)


@pytest.mark.parametrize("row", [["2080101", "1.00", "2.00", "3.00"], ["合计", "1", "2", "3"], ["", "3", "4"],
                                 ["栏次", "1", "2", "1,000.00"], ["行政运行", "1", "3"], ["行政运行", "1"], ["", "1"]])
def test_rows_of_amounts_are_not_column_numbers(row):
    assert not is_column_number_row(row)


def test_a_kind_named_by_the_header_words():
    assert kind_of_columns({"total", "basic", "project"}, {"func"}) == "expenditure_summary"
    assert kind_of_columns({"total", "personnel", "operating"}, {"dept_econ"}) == "general_budget_basic_expenditure"
    assert kind_of_columns({"total", "fiscal", "business_income"}, set()) == "income_summary"
    assert kind_of_columns({"total", "basic"}, {"func"}) == "unknown"


def test_three_blocks_side_by_side_and_a_total_spanning_two():
    rows = [["人员经费"] * 3 + ["公用经费"] * 6,
            ["科目代码", "科目名称", "决算数"] * 3,
            ["301", "工资福利支出", "10.00", "302", "商品和服务支出", "4.00", "310", "资本性支出", "1.00"],
            ["", "人员经费合计", "10.00", "", "", "公用经费合计", "", "", "5.00"]]
    out, origins = stack_halves(rows, [Origin()] * len(rows))
    body = out[1:]
    # "人员经费 | 公用经费" titles the blocks, not the stacked column: read as its header, it made every
    # 302 row of 佛山 2019's 基本支出决算表 p.17 a 人员经费
    assert out[:1] == [["科目代码", "科目名称", "决算数"]]
    assert body == [["301", "工资福利支出", "10.00"], ["", "人员经费合计", "10.00"], ["302", "商品和服务支出", "4.00"],
                    ["310", "资本性支出", "1.00"], ["公用经费合计", "", "5.00"]]
    assert len(origins) == len(out)


def test_lines_below_a_summary_total_start_an_outline_of_their_own():
    labels = ["上年结转", "年初财政拨款结转和结余", "一、一般公共预算财政拨款", "二、政府性基金预算财政拨款", "使用非财政拨款结余"]
    assert _lines_below_a_total(labels) == [1, 1, 2, 2, 1]


@pytest.mark.parametrize("name, text, region", [
    ("广州市统计局", "", "广东省广州市"), ("杭州市司法局", "", "浙江省杭州市"), ("西安市公安局（汇总）", "", "陕西省西安市"),
    ("广州市天河区民政局", "", "广东省广州市天河区"), ("北京市西城区社会保险基金管理中心", "", "北京市西城区"),
    ("中共江苏省委办公厅", "", "江苏省"), ("国家信访局", "", "中央"), ("西南大学", "西南大学是教育部直属的全国重点大学", "中央"),
    ("西南大学", "", None)])
def test_region_from_the_units_name_or_its_text(name, text, region):
    assert region_of(name, text) == region


@pytest.mark.parametrize("path, role", [
    (["本级财政拨款", "金额"], "fiscal"),  # 长沙 2025 p.14: 金额 is its parent's amount
    (["财政拨款", "合计"], "fiscal"),  # 广州 2026 p.20
    (["基本支出", "小计"], "basic"),
    (["一般公共预算支出", "小计"], "total"),  # 广州 2026 p.13: the whole of the table
    (["金额"], "total"), (["合计"], "total"),
    (["基本支出", "其中：人员经费"], "personnel"),
    (["本级财政拨款", "其中:经费拨款"], None),  # a part of 本级财政拨款, named by its own words
    (["事业收入", "其中:教育收费"], None),
    (["财政专户管理事业收入"], "special_account"), (["财政专户管理资金"], "special_account"),
    (["单位资金"], "other_funds"), (["其它收入"], "other_income"), (["事业单位经营服务收入"], "operating_income"),
])
def test_a_columns_role_from_its_header_words(path, role):
    assert column_role(path)[0] == role


def test_a_sub_heading_of_which_is_header_not_an_item():
    assert not is_data_row(["", "金额", "其中:经费拨款", ""])
    assert is_data_row(["其中：人员经费"]) and is_data_row(["其中：人员经费", "3.00"])


def test_an_income_table_with_a_column_of_which():
    """长沙 2025 p.14's 收入总表 as the test writes it: 本级财政拨款 over 金额 | 其中:经费拨款."""
    rows = [["类", "款", "项", "功能科目", "合计", "本级财政拨款", "本级财政拨款", "财政专户管理事业收入", "其它收入", "上年结转"],
            ["类", "款", "项", "功能科目", "合计", "金额", "其中:经费拨款", "财政专户管理事业收入", "其它收入", "上年结转"],
            ["**", "**", "**", "**", "1", "2", "3", "4", "5", "6"],
            ["", "", "", "合计", "68,632.12", "68,632.12", "50,370.61", "", "", ""],
            ["204", "", "", "公共安全支出", "68,629.12", "68,629.12", "50,367.61", "", "", ""],
            ["204", "02", "02", "一般行政管理事务", "36,490.02", "36,490.02", "18,228.51", "", "", ""]]
    t = tidy_table(RawTable("3", "2025年部门收入总体情况表", rows, currency_unit="万元"), "t.pdf")
    f = t.frame
    assert [c for c in t.amount_columns] == ["total", "fiscal", "其中:经费拨款", "special_account", "other_income", "carryover"]
    assert f["func_code"].fillna("").tolist() == ["", "204", "2040202"]
    assert f["fiscal"].tolist() == [68_632_120_000, 68_629_120_000, 36_490_020_000]
    assert f["其中:经费拨款"].tolist() == [50_370_610_000, 50_367_610_000, 18_228_510_000]


def test_a_target_or_a_scoring_rule_is_no_coded_row():
    """长沙 2025 p.26 "380万元≤5" and p.48 "500 完成目标得满分…": 380 and 500 are no 类 of any classification."""
    assert segments(["380万元≤", "5"]) == []
    assert segments(["500", "完成目标得满分", "4"]) == []
    assert segments(["2040202", "一般行政管理事务", "36,490.02"])[0][0] == "2040202"


def test_class_and_part_pairs_in_a_row_are_codes_and_a_count_is_no_amount():
    """西安公安 2026 p.44's 政府采购预算表: "204 | 02 | 01 | … | 1 | 302 | 31 | 502 | 08 | 6,500,000.00"
    (数量 1, 部门经济分类 30231, 政府经济分类 50208) and a unit's code after the parts."""
    assert segments(["204", "02", "01", "车辆运行维护费", "C23120301车辆维修和保养服务", "车辆维修服务", "1",
                     "302", "31", "502", "08", "6,500,000.00"]) == [("50208", [Decimal("6500000.00")])]
    assert segments(["204", "02", "01", "153001", "西安市公安局", "5", "7,838,000.00"]) == \
        [("2040201", [Decimal("7838000.00")])]
    # a lone class and part before an amount stays a class; its bare "05" is no amount beside 1,000.00
    assert segments(["208", "05", "1,000.00"]) == [("208", [Decimal("1000.00")])]


def test_words_cut_at_the_rule_between_two_amounts():
    from budgetkit.readers.pdf_table import split_at_rules

    def chars(text, x0):
        return [{"text": ch, "x0": x0 + 5 * k, "x1": x0 + 5 * (k + 1)} for k, ch in enumerate(text)]

    glued = "57,232,550.0039,358,500.00"  # 西安公安 2026 p.50: 合计 and 小计 touch the rule between them
    word = {"text": glued, "x0": 100, "x1": 100 + 5 * len(glued), "top": 10, "bottom": 20, "chars": chars(glued, 100)}
    rule = {"orientation": "v", "x0": 165, "x1": 165, "top": 0, "bottom": 30}
    assert [w["text"] for w in split_at_rules([word], [rule])] == ["57,232,550.00", "39,358,500.00"]
    date = "2022年5月1日-2022年12月31日"  # 西安卫健委 2022 p.114: text run past its cell stays whole
    word = {"text": date, "x0": 100, "x1": 100 + 5 * len(date), "top": 10, "bottom": 20, "chars": chars(date, 100)}
    assert [w["text"] for w in split_at_rules([word], [rule])] == [date]


def test_a_three_public_table_across_in_year_blocks():
    """西安公安 2026 p.50 (元): 上年 | 当年 | 增减变化情况, each over 合计 and the 三公 items; this
    year's 三公 is the 当年 block's 31,351,500.00."""
    from budgetkit.identities import three_public_cells

    top = ["单位名称"] + ["上年"] * 3 + ["当年"] * 3 + ["增减变化情况"] * 3
    mid = ["单位名称"] + ["合计", "“三公”经费", "“三公”经费"] * 3
    low = [""] + ["", "小计", "公务接待费"] * 3  # a cell merged down gives its text to its first row
    row = ["合计", "57,232,550.00", "39,358,500.00", "183,500.00", "39,969,215.00", "31,351,500.00", "193,500.00",
           "-17,263,335.00", "-8,007,000.00", "10,000.00"]
    t = tidy_table(RawTable("13", "部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表", [top, mid, low, row]), "t.pdf")
    labels = t.frame["label"].tolist()
    assert labels == ["合计（上年）", "“三公”经费（上年）", "其中：公务接待费（上年）", "合计（当年）", "“三公”经费（当年）",
                      "其中：公务接待费（当年）", "合计（增减）", "“三公”经费（增减）", "其中：公务接待费（增减）"]
    cells = three_public_cells(t)
    assert t.frame.at[cells["total"], "total"] == 3_135_150_000 and t.frame.at[cells["reception"], "total"] == 19_350_000


def test_unit_codes_are_codes_not_money():
    """西安公安 2026 p.23 prints 单位编码 | 单位名称 before the amounts: "153001" was read as 1,530.01 元."""
    rows = [["单位编码", "单位名称", "合计", "一般公共预算拨款"], ["", "合计", "3,444,476,979.18", "3,246,385,029.74"],
            ["153001", "西安市公安局", "1,103,327,251.62", "1,019,540,273.93"]]
    t = tidy_table(RawTable("2", "部门综合预算收入总表", rows, currency_unit="元"), "t.pdf")
    assert t.amount_columns == ["total", "general_budget"]
    assert t.frame["unit_code"].tolist()[1:] == ["153001"] and t.frame["unit_name"].tolist()[1:] == ["西安市公安局"]
    assert column_role(["部门（单位）代码"])[0] == "unit" and column_role(["单位编码"])[0] == "unit"


def test_levels_from_how_far_a_name_is_set_in():
    """杭州 2026 表3 prints 功能分类科目名称 without codes: 类 at 5.4 pt, 款 at 15.4, 项 at 25.4; centred
    labels (set in by their length) give no levels."""
    from budgetkit.tidy.words import indent_levels

    assert indent_levels([5.4, 15.4, 25.4, 15.4, 25.4, 5.4, 15.4, 25.4]) == [1, 2, 3, 2, 3, 1, 2, 3]
    assert indent_levels([5.4, None, 15.4, 5.4]) == [1, 1, 2, 1]
    assert indent_levels([30.2, 41.7, 27.9, 35.0]) is None  # centred
    assert indent_levels([5.4, 7.1, 5.4, 6.0]) is None  # no step of a character
    assert indent_levels([5.4, 5.4, 5.4]) is None
