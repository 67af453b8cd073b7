"""Small steps of understanding a table from its own words, each on rows the test writes: rows
that number the columns, a kind named by the header, blocks side by side, the lines below a
summary's 本年 total, and who a unit is and where from its name."""

from __future__ import annotations

import pytest

from budgetkit.assemble import region_of
from budgetkit.kinds import kind_of_columns
from budgetkit.readers.raw import Origin
from budgetkit.tidy import _lines_below_a_total, is_column_number_row, stack_halves


@pytest.mark.parametrize("row", [["栏次", "1", "2", "3"], ["栏次", "1", "栏次", "2"], ["**", "**", "1", "2", "3"],
                                 ["1", "2", "3", "4"], ["******", "1", "2", "3"], ["项目", "栏次", "1", "2"]])
def test_rows_numbering_the_columns(row):
    assert is_column_number_row(row)


@pytest.mark.parametrize("row", [["2080101", "1.00", "2.00", "3.00"], ["合计", "1", "2", "3"], ["", "3", "4"],
                                 ["栏次", "1", "2", "1,000.00"], ["行政运行", "1", "3"]])
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
    body = out[2:]
    assert out[:2] == [["人员经费"] * 3, ["科目代码", "科目名称", "决算数"]]
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
