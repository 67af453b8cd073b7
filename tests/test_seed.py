"""Golden numbers from the Beijing Xicheng 2023 seed document."""

from decimal import Decimal

import pytest

import budgetkit
from budgetkit.summary import summary_dict

EXPECTED_TABLES = [
    ("一", "income_expenditure_summary", "元"),
    ("二", "income_summary", "元"),
    ("三", "expenditure_summary", "元"),
    ("四", "project_expenditure", "元"),
    ("五", "fiscal_appropriation_summary", "元"),
    ("六", "general_budget_expenditure", "元"),
    ("七", "general_budget_basic_expenditure", "元"),
    ("八", "government_fund_expenditure", "万元"),
    ("九", "state_capital_expenditure", "万元"),
    ("十", "three_public", "万元"),
    ("十一", "government_purchase_services", "万元"),
    ("十二", "transfer_payments", "万元"),
    ("十三", "project_performance", "元"),
    ("十四", "overall_performance", "元"),
]


def test_unit_year_kind(seed):
    assert seed.unit.name == "北京市西城区社会保险基金管理中心"
    assert seed.unit.code == "257004"
    assert (seed.unit.parent_code, seed.unit.parent_name) == ("257", "北京市西城区人力资源和社会保障局")
    assert (seed.year, seed.kind) == (2023, "预算")


def test_all_fourteen_tables_with_kind_and_unit(seed):
    got = [(t.number, t.kind, t.unit_used) for t in seed.tables]
    assert got == EXPECTED_TABLES
    stated = [t.number for t in seed.tables if t.currency_unit]
    assert stated == ["八", "九", "十", "十一", "十二", "十四"]  # 表十四 says "总体资金情况（元）"


def test_empty_tables_are_present_but_empty(seed):
    empty = [t.number for t in seed.tables if t.empty]
    assert empty == ["八", "九", "十", "十一", "十二"]
    three = seed.table("three_public")
    assert len(three.items) == 5 and three.items["total"].isna().all()  # blank, not zero


def test_key_totals(seed):
    fen = {k: v.fen for k, v in budgetkit.key_totals(seed).items()}
    assert fen == {
        "income": 6835377763,
        "expenditure": 6835377763,
        "basic": 5221245106,
        "project": 1614132657,
        "personnel": 4804358051,
        "operating": 416887055,
        "income_current": 6835377763,  # a budget without carry-over: 本年 = 总计
        "expenditure_current": 6835377763,
        "carryover_begin": None,
        "carryover_end": None,
    }


def _cell(table, column, **match):
    f = table.frame
    for key, value in match.items():
        f = f[f[key] == value]
    assert len(f) == 1, f"{match} matched {len(f)} rows"
    return f.iloc[0][column]


def test_single_cells(seed):
    t3 = seed.table("expenditure_summary")
    assert _cell(t3, "basic", func_code="2080101", dept_econ_code="30102") == 1906950200
    assert _cell(t3, "dept_econ_name", func_code="2080101", dept_econ_code="30102") == "津贴补贴"
    t4 = seed.table("project_expenditure")
    assert _cell(t4, "total", project_name="区县离休干部生活补贴支出(2023年）") == 1120137000
    assert _cell(t4, "func_code", project_name="电子设备类（2023年）") == "2080109"
    t6 = seed.table("general_budget_expenditure")
    assert _cell(t6, "personnel", func_code="2080101") == 3105027299
    assert _cell(t6, "operating", func_code="2080101") == 393902355
    assert _cell(t6, "project_excl_capital", func_code="2080109") == 320195657
    t7 = seed.table("general_budget_basic_expenditure")
    assert _cell(t7, "personnel", dept_econ_code="30239") == 116352000  # Beijing: 其他交通费用 is personnel
    assert pd_isna(_cell(t7, "operating", dept_econ_code="30239"))
    t1 = seed.table("income_expenditure_summary")
    assert _cell(t1, "total", side="expenditure", label="八、社会保障和就业支出") == 5771520887
    assert _cell(t1, "total", side="expenditure", label="二十、住房保障支出") == 678833388
    t2 = seed.table("income_summary")
    assert _cell(t2, "general_budget", unit_code="257004") == 6835377763
    t13 = seed.table("project_performance")
    assert _cell(t13, "target", project_name="电子设备类（2023年）", indicator="更新电子设备") == "76"
    assert _cell(t13, "target_unit", project_name="电子设备类（2023年）", indicator="更新电子设备") == "台/套"
    t14 = seed.table("overall_performance")
    assert _cell(t14, "amount", label="预算支出总额") == 6835377763


def pd_isna(value):
    import pandas as pd

    return pd.isna(value)


def test_codes_and_functional_hierarchy(seed):
    f = seed.table("expenditure_summary").items
    row = f[(f["func_code"] == "2080505")].iloc[0]
    assert row["func_name"] == "机关事业单位基本养老保险缴费支出"
    assert (row["func_level"], row["func_class"], row["func_section"]) == ("项", "208", "20805")
    assert row["func_class_name"] == "社会保障和就业支出"
    assert row["gov_econ_code"] == "50501" and row["dept_econ_code"] == "30108"
    assert set(f["func_class"]) == {"205", "208", "210", "221"}


def test_text_columns_are_str_held_as_python_strings(seed):
    """Text columns are pandas' ``str``; kept as Python strings, which the audit's cell-by-cell
    look-ups read a fifth faster than Arrow's (tidy._python_strings)."""
    f = seed.table("expenditure_summary").frame
    assert f["func_name"].dtype == "str" and f["func_code"].dtype == "str"
    assert {f[c].dtype.storage for c in ("func_code", "func_name", "func_class", "label")} == {"python"}
    assert f["func_name"].isna().sum() < len(f) and f.loc[f["func_code"] == "2080505", "func_name"].item() == "机关事业单位基本养老保险缴费支出"


@pytest.mark.parametrize("kind", ["expenditure_summary", "project_expenditure", "general_budget_expenditure",
                                  "general_budget_basic_expenditure", "income_summary"])
def test_items_add_up_to_the_total_row(seed, kind):
    t = seed.table(kind)
    assert len(t.totals) == 1
    items = t.items
    if kind == "income_summary":  # the department row repeats its unit: sum the units under it
        items = items[items["unit_code"].str.len() > 3]
    for col in t.amount_columns:
        total = t.totals[col].iloc[0]
        if total is not None and not pd_isna(total):
            assert items[col].sum() == total, col


@pytest.mark.parametrize("kind", ["income_expenditure_summary", "fiscal_appropriation_summary"])
def test_paired_summary_top_level_items_add_up(seed, kind):
    t = seed.table(kind)
    f = t.frame
    for side in ("income", "expenditure"):
        top = f[(f["side"] == side) & (f["level"] == 1)]["total"].sum()
        grand = f[(f["side"] == side) & f["is_total"] & f["label"].str.endswith("总计")]["total"].iloc[0]
        assert top == grand == 6835377763


def test_project_performance_is_one_row_per_indicator(seed):
    t = seed.table("project_performance")
    assert len(t.items) == 22
    assert t.items["project_name"].nunique() == 7
    assert t.items["total"].sum() == 1614132657  # amounts only on a project's first row
    assert set(t.items["indicator_l1"]) == {"产出指标", "效益指标", "满意度指标"}


def test_multi_paragraph_cell_is_kept_whole(seed):
    t = seed.table("overall_performance")
    text = "\n".join(t.frame["text"].dropna())
    assert "社会保障卡发放。发放社保卡18000份。" in text
    assert "\n\n社会保险转移。" in text  # paragraphs inside one cell


def _facts(seed):
    return {(f.name, f.label): f for f in seed.facts}


def test_narrative_staffing_and_budget_facts(seed):
    got = {f.name: (f.value, f.unit) for f in seed.facts if f.label is None}
    assert got["staff_authorized"] == (Decimal(180), "个")
    assert got["staff_active"] == (Decimal(164), "人")
    assert got["staff_retired"] == (Decimal(68), "人")
    assert got["income"] == (Decimal("6835.38"), "万元")
    assert got["income_prev"] == (Decimal("6537.95"), "万元")
    assert got["income_change"] == (Decimal("297.43"), "万元")
    assert got["basic"] == (Decimal("5221.25"), "万元")
    assert got["basic_share"] == (Decimal("76.39"), "%")
    assert got["basic_prev"] == (Decimal("4954.22"), "元")  # as written: a unit slip for the audit
    assert got["basic_change"] == (Decimal("267.02"), "万元")
    assert got["project"] == (Decimal("1614.13"), "万元")
    assert got["project_share"] == (Decimal("23.61"), "%")
    assert got["project_prev"] == (Decimal("1583.73"), "万元")
    assert got["project_change"] == (Decimal("30.40"), "万元")
    assert got["operating_costs"] == (Decimal("393.90"), "万元")
    assert got["procurement"] == (Decimal("499130"), "万元")  # as written
    assert got["assets_original"] == (Decimal("488.95"), "万元")
    assert got["assets_depreciation"] == (Decimal("409.75"), "万元")
    assert got["assets_net"] == (Decimal("79.2"), "万元")
    assert seed.fact("income_prev").year == 2022
    assert "比2022年收入预算6537.95万元" in seed.fact("income_prev").source


def test_narrative_statements_and_asset_parts(seed):
    names = {f.name for f in seed.facts}
    assert {"no_three_public", "no_purchase_services", "no_state_capital"} <= names
    assert seed.fact("no_three_public").source == "北京市西城区社会保险基金管理中心2023年无“三公”经费收支。"
    parts = {f.label: f.value for f in seed.facts_named("assets_net_part")}
    assert parts == {"通用设备": Decimal("62.93"), "家具用具": Decimal("16.27")}
    assert sum(parts.values()) == seed.fact("assets_net").value


def test_narrative_performance_figures(seed):
    perf = [(f.value, f.unit, f.qualifier) for f in seed.facts_named("performance")]
    assert (Decimal("5900"), "家", "多") in perf
    assert (Decimal("42.7"), "万人", None) in perf
    assert (Decimal("5.3"), "亿元", None) in perf
    assert (Decimal("4.1"), "%", None) in perf
    assert (Decimal("70"), "万元", "余") in perf
    assert (Decimal("887"), "元", None) in perf
    assert len(perf) == 13


def test_sections(seed):
    titles = [s.title for s in seed.sections]
    assert titles[:3] == ["部门主要职责及机构设置情况", "部门机构设置、职责", "人员构成情况"]
    assert "名称解释" in titles
    numbers = [s.number for s in seed.sections if s.level == 1]
    assert numbers == ["一", "二", "四", "五"]  # the document skips 三


def test_summary_dict_has_the_documented_fields(seed):
    s = summary_dict(seed)
    assert s["unit"] == "北京市西城区社会保险基金管理中心" and s["unit_code"] == "257004"
    assert s["totals"]["basic"] == Decimal("52212451.06")
    assert s["totals"]["operating"] == Decimal("4168870.55")
    assert len(s["tables"]) == 14
    assert {"kind", "title", "currency_unit", "rows", "empty"} <= set(s["tables"][0])
    assert {"name", "value", "unit", "source"} <= set(s["facts"][0])


def test_seed_copy_in_data_matches_the_corpus(corpus, seed_path):
    original = corpus / "beijing-xicheng" / "2023-social-insurance-fund-center-unit-budget.txt"
    assert original.read_bytes() == seed_path.read_bytes()


def test_completeness_counts_what_the_seed_lacks(seed):
    """25 of 27 items: 表一–七 and 表十三 state no 金额单位 (表八–十二 do, seed lines 1162, 1196,
    1228, 1262, 1325), and the 政府采购 section (lines 43–45) names no 货物/工程/服务 split."""
    from budgetkit.analysis import completeness

    score, items = completeness(seed)
    assert score == Decimal("92.6")
    missing = [(i.item, i.note) for i in items if i.present is False]
    assert missing == [("每张表注明金额单位", "未注明：表一、表二、表三、表四、表五、表六、表七、表十三"),
                       ("政府采购按货物、工程、服务分列", "")]
    assert [i.item for i in items if i.note == "空表"] == [
        "政府性基金预算支出表", "国有资本经营预算支出表", "“三公”经费支出表", "政府购买服务预算表"]


def test_completeness_is_computed_once_kept_in_the_pickle_and_dropped_with_a_replaced_table(seed, monkeypatch):
    import pickle

    from budgetkit import analysis, verify

    d = pickle.loads(pickle.dumps(seed))
    d.forget("_completeness")
    calls = []
    real = analysis._completeness
    monkeypatch.setattr(analysis, "_completeness", lambda x: calls.append(x) or real(x))
    first = analysis.completeness(d)
    first[1].clear()  # a caller's list is its own
    again = pickle.loads(pickle.dumps(d))
    assert analysis.completeness(d) == analysis.completeness(again) == real(seed) and len(calls) == 1
    verify._replace(d, 0, d.tables[0])
    analysis.completeness(d)
    assert len(calls) == 2
