"""The PDF reader on small tables the tests draw themselves (tests/pdfbuild.py), one per layout
that misread real documents: the unit stated beside the title, a table continued on the next
page, a label wrapped in its cell, an amount whose rules sit a few points off its code's, codes
split over 类 | 款 | 项 columns and printed only on a group's first row, a 决算 table printed as
two halves side by side, a summary's subtotal word wrapped onto the next page; and a table whose
合计 no reading can fix is not presented as fact."""

from __future__ import annotations

import pytest

import budgetkit
from budgetkit.totals import key_totals

from pdfbuild import Grid, build

COVER = ["某某市某某局", "2024年部门预算"]


def _read(tmp_path, pages, cover=COVER):
    path = tmp_path / "layout.pdf"
    build(path, pages, cover=cover)
    return budgetkit.read(path)


def _items(t, code_col="func_code"):
    f = t.items
    return {c: int(v) for c, v in zip(f[code_col], f["total"]) if isinstance(c, str)}


BASIC_ROWS = [
    ["科目编码", "科目名称", "金额"],
    ["", "合计", "1,000.00"],
    ["301", "工资福利支出", "600.00"],
    ["30101", "基本工资", "400.00"],
    ["30102", "津贴补贴", "200.00"],
    ["302", "商品和服务支出", "400.00"],
    ["30201", "办公费", "400.00"],
]


def test_unit_stated_on_the_caption_line_beside_the_unit_name(tmp_path):
    g = Grid(BASIC_ROWS, [90, 160, 100], title="一般公共预算基本支出预算表",
             captions=[("部门：某某市某某局", "left"), ("单位：万元", "right")])
    d = _read(tmp_path, [[g]])
    t = d.table("general_budget_basic_expenditure")
    assert t.currency_unit == "万元"
    assert _items(t, "dept_econ_code")["30101"] == 400_000_000  # 400.00万元 in fen
    assert t.status == "verified"


def test_unit_stated_only_in_a_note_under_the_table(tmp_path):
    g = Grid(BASIC_ROWS, [90, 160, 100], title="一般公共预算基本支出预算表", note="注：本表金额单位：万元。")
    t = _read(tmp_path, [[g]]).table("general_budget_basic_expenditure")
    assert t.currency_unit == "万元"


def test_a_table_continued_on_the_next_page_keeps_its_first_row(tmp_path):
    first = Grid(BASIC_ROWS[:4], [90, 160, 100], title="一般公共预算基本支出预算表", captions=[("单位：万元", "right")])
    rest = Grid(BASIC_ROWS[4:], [90, 160, 100])  # no title, no header: the rows go on
    t = _read(tmp_path, [[first], [rest]]).table("general_budget_basic_expenditure")
    codes = _items(t, "dept_econ_code")
    assert codes == {"301": 600_000_000, "30101": 400_000_000, "30102": 200_000_000, "302": 400_000_000,
                     "30201": 400_000_000}
    assert sorted(set(t.items["page"].dropna())) == [2, 3]
    assert t.status == "verified"


def test_a_table_continued_without_its_top_rule_keeps_its_first_row(tmp_path):
    """西南大学 2024 决算 p.11 and p.13 go on without a top rule: the open row ("206 科学技术支出
    1,723.93") was no cell to pdfplumber, and was lost."""
    first = Grid(BASIC_ROWS[:4], [90, 160, 100], title="一般公共预算基本支出预算表", captions=[("单位：万元", "right")])
    rest = Grid(BASIC_ROWS[4:], [90, 160, 100], open_top=True)
    d = _read(tmp_path, [[first], [rest]])
    t = d.table("general_budget_basic_expenditure")
    assert _items(t, "dept_econ_code") == {"301": 600_000_000, "30101": 400_000_000, "30102": 200_000_000,
                                           "302": 400_000_000, "30201": 400_000_000}
    assert d.placement.unplaced == [] and t.status == "verified"


def test_a_label_wrapped_in_its_cell_is_one_label(tmp_path):
    rows = [["项目", "金额", "项目", "金额"],
            ["一、财政拨款", "100.00", "一、基本支出", "60.00"],
            ["1.一般公共预\n算", "100.00", "二、项目支出", "40.00"],
            ["收入合计", "100.00", "支出合计", "100.00"]]
    g = Grid(rows, [110, 70, 110, 70], row_height=30, title="财政拨款收支预算总表", captions=[("单位：万元", "right")])
    t = _read(tmp_path, [[g]]).table("fiscal_appropriation_summary")
    labels = list(t.frame.loc[t.frame["side"] == "income", "label"])
    assert "1.一般公共预算" in labels
    assert t.status == "verified"


def test_an_amount_whose_rules_sit_off_its_codes_stays_on_its_row(tmp_path):
    rows = [["功能科目代码", "功能科目名称", "金额"],
            ["", "合计", "300.00"],
            ["204", "公共安全支出", "300.00"],
            ["20404", "检察", "300.00"],
            ["2040401", "行政运行", "300.00"]]
    g = Grid(rows, [100, 160, 100], title="一般公共预算支出预算表", captions=[("单位：万元", "right")],
             shifted={2: 3.4})  # the amount column's rules drawn 3.4 pt above the others (江苏 2018)
    t = _read(tmp_path, [[g]]).table("general_budget_expenditure")
    assert _items(t) == {"204": 300_000_000, "20404": 300_000_000, "2040401": 300_000_000}
    assert list(t.totals["label"]) == ["合计"]


def test_codes_split_over_columns_and_printed_once_per_group(tmp_path):
    rows = [["类", "款", "项", "科目名称", "合计"],
            ["", "", "", "合计", "90.00"],
            ["208", "", "", "社会保障和就业支出", "90.00"],
            ["", "5", "", "行政事业单位养老支出", "90.00"],  # 款 without its zero, 类 only on the group's first row
            ["", "", "05", "机关事业单位基本养老保险缴费支出", "60.00"],
            ["", "", "06", "机关事业单位职业年金缴费支出", "30.00"]]
    g = Grid(rows, [40, 40, 40, 200, 80], title="一般公共预算支出预算表", captions=[("单位：万元", "right")])
    t = _read(tmp_path, [[g]]).table("general_budget_expenditure")
    assert _items(t) == {"208": 90_000_000, "20805": 90_000_000, "2080505": 60_000_000, "2080506": 30_000_000}
    assert t.status == "verified"


def test_a_final_accounts_table_in_two_halves(tmp_path):
    rows = [["经济分类科目编码", "科目名称", "决算数", "经济分类科目编码", "科目名称", "决算数"],
            ["301", "工资福利支出", "50.00", "302", "商品和服务支出", "30.00"],
            ["30101", "基本工资", "50.00", "30201", "办公费", "20.00"],
            ["303", "对个人和家庭的补助", "10.00", "30202", "印刷费", "10.00"],
            ["30302", "退休费", "10.00", "", "", ""],
            ["人员经费合计", "", "60.00", "公用经费合计", "", "30.00"]]
    g = Grid(rows, [70, 110, 50, 70, 110, 50], title="一般公共预算财政拨款基本支出决算表", captions=[("单位：万元", "right")],
             spans={(5, 0): 2, (5, 3): 2})
    d = _read(tmp_path, [[g]], cover=["某某市某某局", "2024年度部门决算"])
    t = d.table("general_budget_basic_expenditure")
    assert t.kind == "final_general_budget_basic_expenditure"
    assert _items(t, "dept_econ_code") == {"301": 50_000_000, "30101": 50_000_000, "303": 10_000_000,
                                            "30302": 10_000_000, "302": 30_000_000, "30201": 20_000_000,
                                            "30202": 10_000_000}
    totals = key_totals(d)
    assert (totals["personnel"].fen, totals["operating"].fen) == (60_000_000, 30_000_000)


def test_a_broken_total_is_not_presented_as_fact(tmp_path):
    rows = [r[:] for r in BASIC_ROWS]
    rows[1][2] = "1,100.00"  # 合计 100.00 more than its items, and nothing else states it
    g = Grid(rows, [90, 160, 100], title="一般公共预算基本支出预算表", captions=[("单位：万元", "right")])
    d = _read(tmp_path, [[g]])
    t = d.table("general_budget_basic_expenditure")
    total_row = t.totals.index[0]
    assert t.cell(total_row, "total") in ("doubtful", "contradicted")
    assert t.status in ("doubtful", "contradicted")
    from budgetkit.report import headline

    html = headline(d)
    card = html[html.index("<span>基本支出</span>"):]
    card = card[:card.index("</div>")]
    assert "1,100.00" in card and ("与本文件其他数据不符" in card or "读数存疑" in card)
    assert "第2页" in card  # and where it is printed


def test_the_unit_name_is_read_whole_from_a_cover_over_two_lines(tmp_path):
    g = Grid(BASIC_ROWS, [90, 160, 100], title="一般公共预算基本支出预算表", captions=[("单位：万元", "right")])
    d = _read(tmp_path, [[g]], cover=["上海市普陀区规划和", "自然资源局", "2024年部门预算"])
    assert d.unit.name == "上海市普陀区规划和自然资源局"


def test_a_number_in_the_units_name_on_the_cover_is_no_year(tmp_path):
    """benchmarks/synth.py names its units "北京市西城区【合成样例1900】桅中心": the cover line above "2023年部门
    预算公开" was passed over for its 1900, and the unit named after its department in the text."""
    g = Grid(BASIC_ROWS, [90, 160, 100], title="一般公共预算基本支出预算表", captions=[("单位：万元", "right")])
    d = _read(tmp_path, [[g]], cover=["北京市西城区【合成样例1900】桅中心", "2023年部门预算公开"])
    assert (d.unit.name, d.year) == ("北京市西城区【合成样例1900】桅中心", 2023)


def test_the_unit_name_of_a_caption_split_by_a_gap_is_one_name(tmp_path):
    g = Grid(BASIC_ROWS, [90, 160, 100], title="一般公共预算基本支出预算表",
             captions=[("编制部门：中共上海市普陀区委    社会工作部", "left"), ("单位：万元", "right")])
    d = _read(tmp_path, [[g]], cover=["2025年部门预算"])
    assert d.unit.name == "中共上海市普陀区委社会工作部"


def test_a_summary_whose_subtotal_word_and_carry_over_row_fall_on_the_next_page(tmp_path):
    # 江苏省人大常委会办公厅 2017 收支预算总表 (p.8–9): "当年收入" ends p.8 with its amount, its "小计"
    # opens p.9 on a row of its own; "结转下年资金" is drawn across the expenditure side's amount cells
    first = Grid([["项目", "金额", "项目", "金额"],
                  ["一、财政拨款", "100.00", "一、基本支出", "60.00"],
                  ["", "", "二、项目支出", "40.00"],
                  ["当年收入", "100.00", "当年支出小计", "100.00"]],
                 [110, 70, 110, 70], title="收支预算总表", captions=[("单位：万元", "right")])
    rest = Grid([["小计", "", "", ""],
                 ["上年结转资金", "", "结转下年资金", ""],
                 ["收入合计", "100.00", "支出合计", "100.00"]],
                [110, 70, 110, 70], spans={(1, 2): 2})
    t = _read(tmp_path, [[first], [rest]]).table("income_expenditure_summary")
    income = t.frame[t.frame["side"] == "income"]
    subtotal = income[income["label"] == "当年收入小计"]
    assert list(subtotal["is_total"]) == [True] and list(subtotal["total"]) == [100_000_000]
    assert "小计" not in list(income["label"])
    carried = t.frame[t.frame["label"] == "结转下年资金"]
    assert len(carried) == 1 and carried["total"].isna().all()
    assert not [w for w in t.warnings if "结转下年资金" in w]


def test_a_classification_printed_by_name_and_indentation_only(tmp_path):
    """杭州 2026 表5: 功能分类科目名称 without codes, 类 / 款 / 项 set in one step each; the 合计 adds the
    类 rows only (counted over all three levels it was three times the total)."""
    rows = [["功能分类科目名称", "合计"], ["合计", "300.00"], ["一般公共服务支出", "100.00"], ["\u3000社会工作事务", "100.00"],
            ["\u3000\u3000其他社会工作事务支出", "100.00"], ["公共安全支出", "200.00"], ["\u3000司法", "200.00"],
            ["\u3000\u3000行政运行", "150.00"], ["\u3000\u3000一般行政管理事务", "50.00"]]
    g = Grid(rows, [200, 100], title="一般公共预算支出预算表", captions=[("单位：万元", "right")])
    t = _read(tmp_path, [[g]]).table("general_budget_expenditure")
    assert t.frame["level"].tolist() == [0, 1, 2, 3, 1, 2, 3, 3]
    assert t.status == "verified"
