"""The 决算 of the corpus (上海市普陀区财政局 2024) reported in 决算 words, with its figures as the
pages print them: p6 本年收入合计 2,946.25 / 本年支出合计 2,940.05; p7 年初结转和结余 49.14, 年末结转和结余
55.34, 总计 2,995.39 on both sides; p17 人员经费合计 2,152.26, 公用经费合计 184.65; p21 一般公共预算
财政拨款支出 年初预算 2,993.92, 决算 2,940.05, 完成年初预算的 98.20%."""

from __future__ import annotations

import re

import pytest

import budgetkit
from budgetkit.checks import run_checks
from budgetkit.report import UnitReport

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def report(corpus):
    d = budgetkit.read(corpus / "shanghai-putuo/2024-finance-dept-final.pdf")
    return UnitReport(d, run_checks(d))


def _card(html: str, label: str) -> str:
    at = html.index(f"<span>{label}</span>")
    return re.sub(r"<[^>]+>", " ", html[at:html.index("</div>", at)])


def test_the_final_accounts_are_reported_in_their_words(report):
    assert "部门决算公开分析报告" in str(report.title())
    html = str(report.headline())
    assert "支出预算" not in html and "预算合计" not in html
    expected = {"本年支出合计": "2,940.05", "本年收入合计": "2,946.25", "年初结转和结余": "49.14",
                "年末结转和结余": "55.34", "收入总计": "2,995.39", "支出总计": "2,995.39",
                "基本支出": "2,336.91", "项目支出": "603.14", "人员经费": "2,152.26", "公用经费": "184.65"}
    for label, figure in expected.items():
        card = _card(html, label)
        assert figure in card, label
        assert "第" in card and "页" in card, label  # each card says where it is printed


def test_budget_versus_final(report):
    html = str(report.budget_vs_final())
    row = html[html.index("一般公共预算财政拨款支出"):]
    row = row[:row.index("</tr>")]
    assert [x for x in re.findall(r"[\d,]+\.\d\d%?", row)][:4] == ["2,993.92", "2,940.05", "98.20%", "98.20%"]


def test_a_budget_has_no_budget_versus_final(seed):
    assert str(UnitReport(seed, []).budget_vs_final()) == ""


def test_year_on_year_in_final_accounts_words(report):
    """p21: "收入支出总计2995.39万元。与2023年度相比，收入支出总计减少56.95万元，下降1.87%": the
    决算's 总计 (as its headline names it), not a 收入预算, in the table and in the chart. 2023's
    3,052.34 is not printed: it is 2,995.39 + 56.95, as the row's note says."""
    html = str(report.year_on_year())
    assert "收入预算" not in html and "支出预算" not in html
    assert ">收入总计</text>" in html  # the chart's label
    row = html[html.index('<td class="bk-name">收入总计</td>'):]
    row = row[:row.index("</tr>")]
    assert re.findall(r"-?[\d,]+\.\d\d%?", row)[:4] == ["3,052.34", "2,995.39", "-56.95", "-1.87%"]


def test_findings_name_a_final_accounts_totals_in_its_words(report, seed):
    """A finding on a 决算's narrative names its 总计 as the 决算 does (收入总计), a budget's as the
    budget does (收入预算)."""
    from budgetkit.checks.narrative import _label

    assert _label("income_prev", report.disclosure) == "收入总计上年数"
    assert _label("expenditure_change", report.disclosure) == "支出总计增减额"
    assert _label("basic", report.disclosure) == "基本支出"
    assert _label("income_prev", seed) == "收入预算上年数"
