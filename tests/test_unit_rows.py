"""Units over their items, told by how far each name is set in, and header words that name the
table's one amount column; each case pinned to the printed page.

珠海市商务局 2026 (guangdong-zhuhai/2026-commerce-bureau-dept-budget.pdf) and 广州市统计局 2026
print their 部门预算基本支出预算表 and 项目支出表 with no codes: a unit's name at the cell's left
rule, its items set in one step (p.21: 5.4 pt and 15.4 pt), a long name wrapped in its cell running
on from the left rule below its first line (p.22: "市特色会展产业链党委" / "党建工作经费"). Before,
the units and their items were added together ("类、款、项各级可能被重复相加", four tables in doubt)."""

from __future__ import annotations

from pathlib import Path

import pytest

import budgetkit
from budgetkit.checks import run_checks
from budgetkit.kinds import column_role, kind_of_title

pytestmark = pytest.mark.corpus

ZH = "guangdong-zhuhai/2026-commerce-bureau-dept-budget.pdf"
GZ = "guangdong-guangzhou/2026-statistics-bureau-dept-budget.pdf"


@pytest.fixture(scope="module")
def zhuhai(corpus: Path):
    return budgetkit.read(corpus / ZH)


def _table(d, title):
    return next(t for t in d.tables if t.title == title)


def test_units_are_the_first_level_and_add_to_the_total(zhuhai):
    """p.21 (表11): 合计 7,519.44 = 珠海市商务局 6,258.73 + 珠海市贸易服务中心 1,069.53 + 珠海市会议展览局
    191.17; under 珠海市商务局 工资和福利支出 4,250.28, 商品和服务支出 445.41, 对个人和家庭的补助 1,507.04,
    其他资本性等支出 56.00."""
    f = _table(zhuhai, "部门预算基本支出预算表").frame
    units = f[f["level"] == 1]
    assert units["label"].tolist() == ["珠海市商务局", "珠海市贸易服务中心", "珠海市会议展览局"]
    assert units["total"].tolist() == [6_258_730_000, 1_069_530_000, 191_170_000]
    first = f.iloc[2:6]
    assert first["level"].tolist() == [2, 2, 2, 2]
    assert first["total"].tolist() == [4_250_280_000, 445_410_000, 1_507_040_000, 56_000_000]
    assert f["total"].iat[0] == 7_519_440_000 and f["level"].iat[0] == 0


def test_a_wrapped_name_is_set_in_where_its_first_line_starts(zhuhai):
    """p.22 (表12): 珠海市商务局 58,446.21 heads 市特色会展产业链党委党建工作经费 0.84 (wrapped in its
    cell), 东西部协作资金-2025年 0.80, 口岸现场水电费 6,905.22 …"""
    f = _table(zhuhai, "部门预算项目支出及其他支出预算表").frame
    rows = f.iloc[1:5]
    assert rows["total"].tolist() == [58_446_210_000, 840_000, 800_000, 6_905_220_000]
    assert rows["level"].tolist() == [1, 2, 2, 2]


def test_the_tables_are_read_without_doubt(zhuhai, corpus: Path):
    for d in (zhuhai, budgetkit.read(corpus / GZ)):
        doubts = [f.message for f in run_checks(d) if f.rule == "reading.doubtful" and "部门预算" in f.message
                  and ("基本支出预算表" in f.message or "项目支出及其他支出预算表" in f.message)]
        assert doubts == []


def test_one_amount_column_headed_by_its_own_word(zhuhai):
    """p.15 (表6, 一般公共预算基本支出情况表): 部门预算支出经济科目 | 预算, 合计 7,517.32: the column is the
    table's total (it was a column named 预算)."""
    t = _table(zhuhai, "一般公共预算基本支出情况表（按经济分类科目）")
    assert t.amount_columns == ["total"] and t.frame["total"].iat[0] == 7_517_320_000


def test_header_words():
    assert column_role(["预算"]) == ("total", True)
    assert column_role(["预算数（单位：万元）"]) == ("total", True)  # 珠海 2026 p.31
    assert column_role(["项目金额"]) == ("total", True)  # 西安市公安局 2026 p.33
    assert column_role(["单位（项目）名称"])[0] == "project_name"
    assert kind_of_title("部门综合预算专项业务经费支出表") == "project_expenditure"


def test_a_list_of_key_projects_in_the_text_is_a_table_of_its_own(zhuhai):
    """pp.32-34: under "七、重点项目预算绩效目标情况" a table headed 项目 | 预算数（单位：万元） | 绩效目标 (its
    unit in a column heading, no title) follows 表12, which ended on p.29: a table of its own (it
    was glued to 表12, or read without its header as col1), a list of projects with their targets:
    珠海市内外经贸发展专项资金（稳外贸事项） 750 first (p.32), 拱北口岸旧联检楼边检快捷通道和相关配套设施设备安装
    应急工程尾款 465 last (p.34)."""
    t = next(t for t in zhuhai.tables if not t.title and 32 in set(t.frame["page"].dropna()))
    assert t.kind == "project_performance" and t.unit_used == "万元"
    assert sorted(set(t.frame["page"].dropna())) == [32, 33, 34] and len(t.frame) == 6 + 6 + 10
    assert t.frame["total"].iat[0] == 750_000_000 and t.frame["total"].iat[-1] == 465_000_000
    assert t.frame["label"].iat[0] == "珠海市内外经贸发展专项资金（稳外贸事项）"
    assert t.frame["label"].iat[-1] == "拱北口岸旧联检楼边检快捷通道和相关配套设施设备安装应急工程尾款"


YT = "shandong-yantai/2026-education-bureau-dept-budget.pdf"


def test_a_class_printed_twice_heads_its_own_items_and_a_qualified_source_is_a_source(corpus: Path):
    """烟台市教育局 2026 (shandong-yantai/2026-education-bureau-dept-budget.pdf): p.18 (公开表6) lists 301
    工资福利支出 1,014.57 under 501 机关工资福利支出, its items 236.54 … 83.32, then 301 工资福利支出 165,157.74
    again under 505 对事业单位经常性补助 with its own items; each 301 sums the rows below it (they were
    summed together: 166,172.32 against each). p.10 (公开表2) heads a column 事业收入（不含教育收费）, 4,828.50
    on its 合计 row: a 事业收入 (left out, its 合计 315,441.72 missed 4,828.50). p.9's 收支总表 lists 上级补助收入
    205.89 below 本年收入合计 315,235.83, and 收入总表 holds it in its 合计 315,441.72 = 收入总计: no error
    between the two (there was a false one, 205.89)."""
    d = budgetkit.read(corpus / YT)
    income = next(t for t in d.tables if t.title == "收入总体情况表")
    assert "business_income" in income.amount_columns and income.total("business_income") == 4_828_500_000
    found = run_checks(d)
    assert not [f for f in found if f.severity == "error"]
    assert not [f.message for f in found if f.rule == "reading.doubtful" and ("基本支出" in f.message or "收入总体情况表" in f.message)]


def test_header_words_with_a_qualifier():
    assert column_role(["事业收入（不含教育收费）"]) == ("business_income", True)


HZ = "zhejiang-hangzhou/2026-justice-bureau-dept-budget.pdf"


def test_both_sides_of_a_summary_have_their_own_outline(corpus: Path):
    """杭州市司法局 2026 p.23 (表1 收支预算总表): on the income side 一、财政拨款 91,495.48 heads 一般公共预算
    91,495.48 (unnumbered lines under a numbered one); on the spending side, which prints no codes,
    一般公共服务支出 12,868.19 (set in 5.4 pt) heads 社会工作事务 0.19 (15.4) and its 其他社会工作事务支出 0.19
    (25.4). Both sides were read flat, their levels added together (表1 and 表4 in doubt)."""
    d = budgetkit.read(corpus / HZ)
    f = next(t for t in d.tables if t.number == "1").frame
    income = f[f["side"] == "income"]
    assert income[["label", "total", "level"]].values.tolist()[:2] == [["一、财政拨款", 91_495_480_000, 1],
                                                                      ["一般公共预算", 91_495_480_000, 2]]
    spending = f[f["side"] == "expenditure"]
    assert spending[["label", "total", "level"]].values.tolist()[:3] == [
        ["一般公共服务支出", 12_868_190_000, 1], ["社会工作事务", 190_000, 2], ["其他社会工作事务支出", 190_000, 3]]
    doubts = [x.message for x in run_checks(d) if x.rule == "reading.doubtful" and ("表1：" in x.message or "表4：" in x.message)]
    assert doubts == []
