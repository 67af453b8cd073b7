"""The audit on the seed and on broken variants of it: each break fires exactly its rule."""

from decimal import Decimal

import pytest

import budgetkit
from budgetkit.checks import RULES, run_checks
from budgetkit.cli import main

from conftest import split_blocks, write


def _audit(tmp_path, text):
    return run_checks(budgetkit.read(write(tmp_path, text)))


def _rules(findings, severity="error"):
    return {f.rule for f in findings if f.severity == severity}


def _replace(text, old, new, count=1):
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def _in_table(text, number, old, new):
    """Replace ``old`` inside 表``number`` only."""
    narrative, blocks = split_blocks(text)
    i = [b.split("、")[0] for b in blocks].index(f"表{number}")
    blocks[i] = _replace(blocks[i], old, new)
    return narrative + "".join(blocks)


@pytest.fixture(scope="module")
def seed_findings(seed):
    return run_checks(seed)


def test_every_rule_runs_on_the_seed_without_error_findings(seed_findings):
    assert "audit.rule_failed" not in {f.rule for f in seed_findings}
    assert _rules(seed_findings) == set()
    assert len(RULES) >= 25


def test_the_real_slips_in_the_seed_narrative_are_reported(seed_findings):
    warnings = [f for f in seed_findings if f.severity == "warning"]
    slip = next(f for f in warnings if f.rule == "plausibility.unit_slip")
    assert "比2022年4954.22元增加267.02万元" in slip.sentence
    assert slip.expected == "4954.22万元" and slip.actual == "4954.22元"
    procurement = next(f for f in warnings if f.rule == "plausibility.part_exceeds_whole")
    assert "499130万元" in procurement.sentence and procurement.actual == Decimal("4991300000")
    # section 三 is there as the unnumbered heading "主要支出情况" (checked in the seed text): its number is
    # missing, not the section, so it is info, not a warning
    sections = next(f for f in seed_findings if f.rule == "narrative.sections")
    assert (sections.severity, sections.expected, sections.sentence) == ("info", "三", "主要支出情况")
    assert {f.rule for f in warnings} == {"plausibility.unit_slip", "plausibility.part_exceeds_whole",
                                          "completeness.currency_unit"}


def test_identities_that_hold_stay_silent(seed_findings):
    quiet = {"table.total_row", "row.basic_plus_project", "row.personnel_plus_operating", "row.income_sources",
             "cross.income_equals_spending", "cross.summary_tables", "cross.functions", "cross.basic_table",
             "cross.project_table", "narrative.amount", "narrative.share", "narrative.change", "narrative.assets",
             "narrative.prev_parts", "three_public.parts", "table.function_levels", "narrative.operating_costs"}
    assert quiet.isdisjoint({f.rule for f in seed_findings})


def test_empty_tables_and_statements_agree(seed_findings):
    about = [f for f in seed_findings if f.rule == "cross.empty_tables_vs_narrative"]
    # 三公, 国有资本经营, 政府购买服务 are stated as absent and their tables are empty: silent;
    # 政府性基金's table is empty and the text says nothing: one info
    assert [(f.severity, f.table) for f in about] == [("info", "表八「政府性基金预算支出情况表」")]


def test_changed_cell(tmp_path, seed_text):
    text = _in_table(seed_text, "三", "\t19,069,502.00\n\t19,069,502.00", "\t19,069,503.00\n\t19,069,502.00")
    findings = _audit(tmp_path, text)
    # one root cause, one finding: named on the row, the 合计 row it throws off listed as another place
    assert _rules(findings) == {"row.basic_plus_project"}
    bad = next(f for f in findings if f.rule == "row.basic_plus_project")
    assert bad.row == "2080101 50501 30102 行政运行"
    assert (bad.expected, bad.actual) == (Decimal("19069502.00"), Decimal("19069503.00"))
    assert bad.places == ["表三「部门支出总体情况表」，行「合计」，列「合计」"]
    assert "合计为19,069,503元，基本支出 + 项目支出为19,069,502元，相差1元" in bad.message


def test_total_off_by_one_fen(tmp_path, seed_text):
    text = _in_table(seed_text, "四", "\t16,141,326.57", "\t16,141,326.58")
    findings = _audit(tmp_path, text)
    assert _rules(findings) == {"table.total_row"}  # one cause; the 项目支出 claims that differ by it are its places
    total = next(f for f in findings if f.rule == "table.total_row")
    assert total.expected == Decimal("16141326.57") and total.actual == Decimal("16141326.58")
    assert "相差0.01元" in total.message
    assert total.places == ["表四「项目支出表」，行「合计行“合计”」"]  # where 表三 and 表六 state 项目支出 otherwise


def test_unit_slip_in_the_narrative(tmp_path, seed_text):
    text = _replace(seed_text, "2023年收入预算6835.38万元", "2023年收入预算6835.38元")
    findings = _audit(tmp_path, text)
    assert _rules(findings) == set()
    slips = [f for f in findings if f.rule == "plausibility.unit_slip"]
    assert any("6835.38元" in f.sentence and f.expected == "6835.38万元" for f in slips)


def test_unit_slip_in_a_table(tmp_path, seed_text):
    narrative, blocks = split_blocks(seed_text)
    first_cell = blocks[6].index("\n\t") + 1
    blocks[6] = blocks[6][:first_cell] + "\t金额单位：万元\n\n" + blocks[6][first_cell:]  # 表七 says 万元 but is in 元
    findings = _audit(tmp_path, narrative + "".join(blocks))
    assert _rules(findings) == set()
    slips = [f for f in findings if f.rule == "plausibility.unit_slip"]
    assert {f.table for f in slips if f.table} == {"表七「一般公共预算基本支出情况表」", "表六「一般公共预算支出情况表」"}


def test_deleted_row(tmp_path, seed_text):
    row = "\t2080101-行政运行\n\t50502-商品和服务支出\n\t30201-办公费\n\t322,000.00\n\t\n\t322,000.00\n\n"
    text = _in_table(seed_text, "七", row, "")
    findings = _audit(tmp_path, text)
    assert _rules(findings) == {"table.total_row"}  # one cause: the missing row; the detail mismatch is a place of it
    total = next(f for f in findings if f.rule == "table.total_row")
    assert total.gap == Decimal("322000.00")
    assert any("2080101 / 30201" in p for p in total.places)


def test_sentence_contradicting_a_table(tmp_path, seed_text):
    text = _replace(seed_text, "项目支出预算1614.13万元", "项目支出预算1714.13万元")
    findings = _audit(tmp_path, text)
    assert _rules(findings) == {"narrative.amount"}
    f = next(f for f in findings if f.rule == "narrative.amount")
    assert f.expected == Decimal("16141326.57") and f.actual == Decimal("17141300.00")


def test_wrong_share(tmp_path, seed_text):
    findings = _audit(tmp_path, _replace(seed_text, "76.39%", "76.93%"))
    assert _rules(findings) == {"narrative.share"}


def test_change_that_does_not_add_up(tmp_path, seed_text):
    findings = _audit(tmp_path, _replace(seed_text, "增加了297.43万元", "增加了279.43万元"))
    assert _rules(findings) == {"narrative.change"}
    f = next(f for f in findings if f.rule == "narrative.change")
    assert f.expected == Decimal("297.43") and f.actual == Decimal("279.43")


def test_filled_three_public_table_contradicts_no_three_public(tmp_path, seed_text):
    narrative, blocks = split_blocks(seed_text)
    block = blocks[9]
    for label, amount in (("1、因公出国（境）费", "0.50"), ("2、公务接待费", "0.30"),
                          ("3、公务用车购置及运行维护费", "1.20"), ("      公务用车运行维护费", "1.20"), ("总计", "2.00")):
        block = _replace(block, f"\t{label}\n\t\n", f"\t{label}\n\t{amount}\n")
    findings = _audit(tmp_path, narrative + "".join(blocks[:9] + [block] + blocks[10:]))
    assert _rules(findings) == {"cross.empty_tables_vs_narrative"}
    broken = block.replace("\t总计\n\t2.00", "\t总计\n\t2.10")
    findings = _audit(tmp_path, narrative + "".join(blocks[:9] + [broken] + blocks[10:]))
    assert _rules(findings) == {"cross.empty_tables_vs_narrative", "three_public.parts"}
    broken = _replace(block, "公务用车运行维护费\n\t1.20", "公务用车运行维护费\n\t1.10")
    findings = _audit(tmp_path, narrative + "".join(blocks[:9] + [broken] + blocks[10:]))
    assert _rules(findings) == {"cross.empty_tables_vs_narrative", "three_public.parts"}


def test_income_not_equal_to_spending(tmp_path, seed_text):
    text = _in_table(seed_text, "一", "\t支出总计\n\t68,353,777.63", "\t支出总计\n\t68,353,777.73")
    findings = _audit(tmp_path, text)
    assert _rules(findings) == {"table.total_row"}  # one cause, 0.10元; the unbalanced 总计 is a place of it
    total = next(f for f in findings if f.rule == "table.total_row")
    assert total.gap == Decimal("0.10") and any("总计" in p for p in total.places)


def test_assets_that_do_not_add_up(tmp_path, seed_text):
    findings = _audit(tmp_path, _replace(seed_text, "固定资产净值79.2万元", "固定资产净值97.2万元"))
    assert _rules(findings) == {"narrative.assets"}


def test_code_named_two_ways_and_duplicate_row(tmp_path, seed_text):
    text = _in_table(seed_text, "七", "\t30205-水费", "\t30205-水电费")
    findings = _audit(tmp_path, text)
    assert _rules(findings) == set()
    named = [f for f in findings if f.rule == "plausibility.code_name"]
    assert [(f.expected, f.actual) for f in named] == [("水费", "水电费")]
    row = "\t2080101-行政运行\n\t50502-商品和服务支出\n\t30206-电费\n\t434,700.00\n\t434,700.00\n\t\n\n"
    text = _in_table(seed_text, "三", row, row + row)
    findings = _audit(tmp_path, text)
    assert "plausibility.duplicate_rows" in _rules(findings, "warning")


def test_operating_item_counted_as_personnel(tmp_path, seed_text):
    text = _in_table(seed_text, "七", "\t30201-办公费\n\t322,000.00\n\t\n\t322,000.00", "\t30201-办公费\n\t322,000.00\n\t322,000.00\n\t")
    findings = _audit(tmp_path, text)
    classes = [f for f in findings if f.rule == "plausibility.economic_class"]
    assert {f.row for f in classes} == {"2080101 50502 30201 行政运行", "2080101 50502 30239 行政运行"}


def test_missing_required_table_and_negative_amount(tmp_path, seed_text):
    narrative, blocks = split_blocks(seed_text)
    findings = _audit(tmp_path, narrative + "".join(blocks[:9] + blocks[10:]))  # no 三公 table
    missing = [f for f in findings if f.rule == "completeness.required_tables"]
    assert [f.expected for f in missing] == ["“三公”经费支出表"]
    text = _in_table(seed_text, "四", "\t373,300.00", "\t-373,300.00")
    assert "plausibility.negative" in _rules(_audit(tmp_path, text), "warning")


def test_function_levels_when_listed():
    from budgetkit.assemble import build_disclosure
    from budgetkit.readers.text import parse_text

    text = ("某单位\n2024年部门预算公开\n表一 一般公共预算支出情况表\n"
            "\t科目编码\n\t科目名称\n\t合计\n\n"
            "\t208\n\t社会保障和就业支出\n\t300.00\n\n"
            "\t20801\n\t人力资源和社会保障管理事务\n\t300.00\n\n"
            "\t2080101\n\t行政运行\n\t200.00\n\n"
            "\t2080109\n\t社会保险经办机构\n\t90.00\n\n"
            "\t合计\n\t\n\t300.00\n\n")
    findings = run_checks(build_disclosure(parse_text(text)))
    levels = [f for f in findings if f.rule == "table.function_levels"]
    assert [(f.row, f.expected, f.actual) for f in levels] == [("20801 人力资源和社会保障管理事务", Decimal("290.00"), Decimal("300.00"))]
    # the 合计 adds the deepest level: 290 ≠ 300, the same 10.00 gap: a place of the same finding
    assert "table.total_row" not in {f.rule for f in findings} and any("合计" in p for p in levels[0].places)


def test_check_command_exit_codes(tmp_path, capsys, seed_path, seed_text):
    assert main(["check", str(seed_path)]) == 0
    out = capsys.readouterr().out
    assert "0 errors, 3 warnings, 8 info" in out and "警告 warning (3)" in out
    broken = write(tmp_path, _replace(seed_text, "76.39%", "76.93%"), "broken.txt")
    assert main(["check", str(seed_path), str(broken)]) == 1
    assert "[narrative.share]" in capsys.readouterr().out
    assert main(["check", str(broken), str(tmp_path / "missing.txt")]) == 2


def test_summary_json_has_findings(capsys, seed_path):
    import json

    main(["summary", "--json", str(seed_path)])
    out = json.loads(capsys.readouterr().out)
    assert {"rule", "severity", "message"} <= set(out["findings"][0])
    assert sum(f["severity"] == "error" for f in out["findings"]) == 0


def test_a_row_with_a_malformed_code_is_one_finding(tmp_path, seed_text):
    # 表三 prints "7101101" where 2101101 is meant: the row is kept aside and named, and the 合计 row and the
    # other tables that it throws off by its 3,654,047.88 are not reported again
    text = _in_table(seed_text, "三", "\t2101101-行政单位医疗", "\t7101101-行政单位医疗")
    d = budgetkit.read(write(tmp_path, text))
    t = d.table("expenditure_summary")
    assert [(r["text"].split()[0], r["amounts"]["total"]) for r in t.set_aside] == [("7101101-行政单位医疗", 365404788)]
    findings = run_checks(d)
    assert _rules(findings) == set()
    [row] = [f for f in findings if f.rule == "table.set_aside_rows"]
    assert "7101101" in row.message and "365" not in row.message.split("金额")[0]
    assert "3,654,047.88元" in row.message
    assert not [f for f in findings if f.rule.startswith(("table.total_row", "cross.")) and f.severity != "info"]


def test_a_change_may_be_negative_an_amount_may_not():
    """西安公安 2026 p.50 prints 上年 | 当年 | 增减变化情况: "-8,007,000.00" under 增减 is a fall, no slip;
    国家信访局 2026's 增减额 columns the same. A negative amount elsewhere is still a warning."""
    from budgetkit.model import Disclosure, Unit
    from budgetkit.readers.raw import RawTable
    from budgetkit.tidy import tidy_table

    rows = [["科目编码", "科目名称", "2026年预算数", "增减额"], ["", "合计", "100.00", "-20.00"],
            ["201", "一般公共服务支出", "-100.00", "-20.00"]]
    t = tidy_table(RawTable("5", "一般公共预算支出表", rows, currency_unit="万元"), "t.pdf")
    d = Disclosure("t.pdf", Unit("某局"), 2026, "预算", "", [], [], [t], format="pdf")
    negatives = [(f.row, f.column) for f in run_checks(d) if f.rule == "plausibility.negative"]
    assert negatives == [("201 一般公共服务支出", "total")]


def test_a_unit_code_printed_with_two_names():
    """西安公安 2026 p.23: 153002 is 交通管理支队 on one row and 交通警察支队 on the next."""
    from budgetkit.model import Disclosure, Unit
    from budgetkit.readers.raw import RawTable
    from budgetkit.tidy import tidy_table

    rows = [["单位编码", "单位名称", "合计"], ["", "合计", "300.00"], ["153002", "西安市公安局交通管理支队", "200.00"],
            ["153002", "西安市公安局交通警察支队", "50.00"], ["153001", "西安市公安局（本级）", "50.00"]]
    t = tidy_table(RawTable("2", "部门综合预算收入总表", rows, currency_unit="万元"), "t.pdf")
    t2 = tidy_table(RawTable("3", "部门综合预算支出总表", [rows[0], rows[1], rows[4][:2] + ["50.00"]], currency_unit="万元"), "t.pdf")
    t2.frame.loc[1, "unit_name"] = "西安市公安局"  # the same unit with and without 本级 is no slip
    d = Disclosure("t.pdf", Unit("西安市公安局"), 2026, "预算", "", [], [], [t, t2], format="pdf")
    found = [(f.row, f.expected, f.actual) for f in run_checks(d) if f.rule == "plausibility.code_name"]
    assert found == [("153002", "西安市公安局交通管理支队", "西安市公安局交通警察支队")]


def test_a_self_evaluation_forms_execution_rate():
    """西安卫健委 2022 决算: p.77 prints 83.50% for 701.17 ÷ 840 (83.47%), p.98 1000% for 400 ÷ 400 (its
    分值 cell blank); 国家信访局 2024 p.35 prints the template's 0.0% below 年度资金总额, no slip."""
    from budgetkit.model import Disclosure, Unit
    from budgetkit.readers.raw import RawTable
    from budgetkit.tidy import tidy_table

    def form(title, rows):
        head = [["项目名称", "项目名称", "某项目", "某项目", "某项目", "某项目", "某项目", "某项目", "某项目"],
                ["项目资金（万元）", "项目资金（万元）", "", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值",
                 "执行率（B/A）", "得分"]]
        tail = [["年度总体目标完成情况", "预期目标", "预期目标", "预期目标", "预期目标", "实际完成情况", "", "", ""]]
        return tidy_table(RawTable(None, title, head + rows + tail), "t.pdf")

    t77 = form("医疗耗材和试剂项目绩效自评表", [["", "", "年度资金总额", "840", "840", "701.17", "10", "83.50%", "8.6"],
                                               ["", "", "其中：当年财政拨款", "840", "840", "701.17", "—", "83.50%", "8.6"]])
    t98 = form("公共卫生事业发展资金项目绩效自评表", [["", "", "年度资金总额", "0", "400", "400", "1000%", "", "10"]])
    t35 = form("信息化运行维护项目绩效自评表", [["", "", "年度资金总额：", "1638.67", "1639.34", "1032.99", "10.0", "63.01%", "6.3"],
                                             ["", "", "其中：财政拨款", "1357.67", "1357.67", "751.32", "--", "0.0%", "--"]])
    assert t77.kind == "project_performance" and t77.currency_unit == "万元"
    assert t77.frame[["label", "budget_full", "actual", "rate"]].values.tolist()[0] == \
        ["年度资金总额", 840_000_000, 701_170_000, "83.50%"]
    d = Disclosure("t.pdf", Unit("某局"), 2022, "决算", "", [], [], [t77, t98, t35], format="pdf")
    found = [(f.row, f.actual, f.expected) for f in run_checks(d) if f.rule == "performance.execution_rate"]
    assert found == [("年度资金总额", Decimal("83.50"), Decimal("83.47")), ("其中：当年财政拨款", Decimal("83.50"), Decimal("83.47")),
                     ("年度资金总额", Decimal("1000"), Decimal("100.00"))]


def _self_evaluation(title, project, funds):
    from budgetkit.readers.raw import RawTable
    from budgetkit.tidy import tidy_table

    rows = [["项目名称", project, project, project, project, project, project, project],
            ["项目资金（万元）", "", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"],
            ["项目资金（万元）", "年度资金总额"] + funds,
            ["年度总体目标完成情况", "预期目标", "", "", "实际完成情况", "", "", ""]]
    return tidy_table(RawTable(None, title, rows), "t.pdf")


def test_an_execution_rate_scored_above_its_share_of_the_marks():
    """西安卫健委 2022 决算 p.136: 年度资金总额 360 | 360 | 263 | 分值 10 | 73% | 得分 10; 国家信访局 2024 p.35:
    63.01% of 10 scored 6.3, as the template computes it."""
    from budgetkit.model import Disclosure, Unit

    c_arm = _self_evaluation("西安市级移动式C型臂X光机购置项目绩效自评表", "移动式C型臂X光机购置", ["360", "360", "263", "10", "73%", "10"])
    it = _self_evaluation("信息化运行维护项目绩效自评表", "信息化运行维护", ["1638.67", "1639.34", "1032.99", "10.0", "63.01%", "6.3"])
    assert c_arm.frame[["weight", "points"]].values.tolist()[0] == ["10", "10"]
    d = Disclosure("t.pdf", Unit("某委"), 2022, "决算", "", [], [], [c_arm, it], format="pdf")
    found = [(f.table, f.expected, f.actual) for f in run_checks(d) if f.rule == "performance.execution_score"]
    assert found == [("「西安市级移动式C型臂X光机购置项目绩效自评表」", Decimal("7.30"), Decimal("10"))]


def test_forms_of_different_projects_with_the_same_figures_to_the_fen():
    """西安卫健委 2022 决算 pp.138, 140, 141: three projects' forms print 7,614.74 | 7,614.74 | 7,614.74 (the
    迁建项目's); two forms of 400 万元 each (pp.117, 122) are a round sum, no copy."""
    from budgetkit.model import Disclosure, Unit

    copied = [_self_evaluation(f"西安市级{name}项目绩效自评表", name, ["7614.74", "7614.74", "7614.74", "10", "100%", "10"])
              for name in ("医用光学仪器", "公共卫生事业发展资金", "第一医院迁建项目（设备购置）")]
    round_sums = [_self_evaluation(f"西安市级{name}项目绩效自评表", name, ["", "400", "400", "10", "100%", "10"])
                  for name in ("医用内窥镜", "市九院沿线卫生所补助")]
    d = Disclosure("t.pdf", Unit("某委"), 2022, "决算", "", [], [], copied + round_sums, format="pdf")
    found = [f.message for f in run_checks(d) if f.rule == "performance.copied_form"]
    assert len(found) == 1 and found[0].startswith("「西安市级医用光学仪器项目绩效自评表」、「西安市级公共卫生事业发展资金项目绩效自评表」、")
    assert "3个不同项目的自评表" in found[0] and "7,614.74" in found[0]


def test_an_items_name_in_the_text_against_the_tables():
    """西南大学 2024 决算 p.20: "9.重点实验室及相关设施（2060204）：反映…" where every table prints 2060204
    实验室及相关设施; 国家信访局 2024 决算 p.22: "7.社会保障和就业（类）行政事业单位离退休（款）归口管理的
    行政单位离退休（项）" where the tables' 款 20805 is 行政事业单位养老支出. A name the tables print
    (with or without 支出) says nothing."""
    from budgetkit.model import Disclosure, Section, Unit
    from budgetkit.readers.raw import RawTable
    from budgetkit.tidy import tidy_table

    t = tidy_table(RawTable("4", "财政拨款支出决算表", [
        ["科目编码", "科目名称", "合计"],
        ["", "合计", "1,165.07"],
        ["206", "科学技术支出", "1,165.07"], ["20602", "基础研究", "1,165.07"], ["2060204", "实验室及相关设施", "1,165.07"],
        ["208", "社会保障和就业支出", "1,028.48"], ["20805", "行政事业单位养老支出", "1,028.48"],
        ["2080501", "行政单位离退休", "1,028.48"]], currency_unit="万元"), "t.pdf")
    text = Section("五", "名词解释", 20, [
        "9.重点实验室及相关设施（2060204）：反映国家（重点）实验室、部门开放实验室及野外台站的支出。",
        "7.社会保障和就业（类）行政事业单位离退休（款）归口管理的行政单位离退休（项）。年初预算为1017.2万元。",
        "8.科学技术（类）基础研究（款）实验室及相关设施（项）。年初预算为1165.07万元。",
        # 国家信访局 2026 p.33's 名词解释 files 信访事务's items under a 款 the tables do not print (20140 信访事务
        # there): the 款's name holds "（室）", the 类 follows the list's "四、"
        "四、科学技术（类）政府办公厅（室）及相关机构事务（款）：指国家信访局用于保障机构正常运行的支出。"])
    d = Disclosure("t.pdf", Unit("某单位"), 2024, "决算", "", [text], [], [t], format="pdf")
    found = [(f.actual, f.expected) for f in run_checks(d) if f.rule == "narrative.code_name"]
    assert found == [("重点实验室及相关设施", "实验室及相关设施"), ("行政事业单位离退休", "行政事业单位养老支出"),
                     ("政府办公厅（室）及相关机构事务", "基础研究")]


def test_every_rule_has_a_short_chinese_name():
    """A finding shows its rule by a name a reader understands; the id stays in the data and in
    ``budgetkit rules``."""
    import re

    names = {rule_id: r.name for rule_id, r in RULES.items()}
    assert all(names.values()) and not [n for n in names.values() if re.search(r"[a-z_]{3,}\.", n)]
    assert names["narrative.share"] == "文字中的占比" and names["row.basic_plus_project"] == "合计 = 基本 + 项目"
    from budgetkit.checks.registry import rule_names
    assert set(rule_names()) == set(RULES)  # no name for a rule that is gone


def test_a_projects_self_evaluation_summary_against_its_form():
    """西安卫健委 2022 决算 p.41 says 执行数3215.02万元 for the project whose 自评表 (p.89) prints 2,174.20;
    a summary that agrees with its form, or names two forms, says nothing."""
    from budgetkit.model import Disclosure, Section, Unit
    from budgetkit.readers.raw import RawTable
    from budgetkit.tidy import tidy_table

    def form(name, budget, spent):
        rows = [["项目名称", "项目名称", name, name, name, name, name, name, name],
                ["项目资金（万元）", "项目资金（万元）", "", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值",
                 "执行率（B/A）", "得分"],
                ["", "", "年度资金总额", budget, budget, spent, "10", "", "10"],
                ["年度总体目标完成情况", "预期目标", "", "", "", "实际完成情况", "", "", ""]]
        return tidy_table(RawTable(None, f"西安市级{name}项目绩效自评表", rows), "t.pdf")

    text = Section("一", "绩效自评结果", 1, [
        "35.西安市疾病预防控制中心疾控新址实验设备采购项目绩效自评综述：全年预算数2277万元，执行数3215.02万元，完成预算的141.2%。",
        "36.西安市中心血站采供血专用材料费项目绩效自评综述：全年预算数500万元，执行数480.5万元，完成预算的96.1%。"])
    tables = [form("疾控新址实验设备采购项目", "2277", "2174.20"), form("采供血专用材料费项目", "500", "480.50")]
    d = Disclosure("t.pdf", Unit("某委"), 2022, "决算", "", [text], [], tables, format="pdf")
    found = [(f.actual, f.expected) for f in run_checks(d) if f.rule == "performance.summary_vs_form"]
    assert found == [("3215.02", "2,174.20")]


def test_a_summarys_score_against_its_forms_total():
    """国家信访局 2024 决算 p.28: "3.信息化运行维护项目绩效自评综述：根据年初设定的绩效目标，项目自评得分为88.5分。
    全年预算数为1639.34万元，执行数为1032.99万元"; its 自评表 (pp.35-36) ends "总分 | 100 | 90.5"."""
    from budgetkit.model import Disclosure, Section, Unit
    from budgetkit.readers.raw import RawTable
    from budgetkit.tidy import tidy_table

    name = "信息化运行维护"
    rows = [["项目名称", name, name, name, name, name, name, name],
            ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
            ["", "年度资金总额：", "1638.67", "1639.34", "1032.99", "10.0", "63.01%", "6.3"],
            ["年度总体目标", "预期目标", "", "", "实际完成情况", "", "", ""],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["总分", "", "", "", "", "", "100", "90.5"]]
    form = tidy_table(RawTable(None, "信息化运行维护项目绩效自评表（2024年度）", rows), "t.pdf")
    assert form.frame["score"].iat[0] == "90.5"

    def summary(score):
        return Section("一", "项目绩效自评结果", 1, [
            f"3.信息化运行维护项目绩效自评综述：根据年初设定的绩效目标，项目自评得分为{score}分。全年预算数为1639.34万元，"
            "执行数为1032.99万元，完成预算的63.0%。"])

    for score, expected in (("88.5", [("88.5", "90.5")]), ("90.5", [])):
        d = Disclosure("t.pdf", Unit("国家信访局"), 2024, "决算", "", [summary(score)], [], [form], format="pdf")
        found = [(f.actual, f.expected) for f in run_checks(d) if f.rule == "performance.summary_vs_form"]
        assert found == expected


def test_a_topic_headed_inside_its_paragraph_is_there_a_glossary_word_is_not():
    """长沙 2025 p.10 heads its topics inside the paragraph ("（四）政府采购情况：2025年…"), 重庆 2026 with a
    full stop ("（二）政府采购情况。"); 杭州 2026's glossary "11.机关运行经费：指…" defines the word."""
    from budgetkit.model import Disclosure, Section, Unit

    text = Section("三", "其他重要事项", 1, [
        "（四）政府采购情况：2025年本单位政府采购预算总额16476.85万元。",
        "（二）国有资产占有使用情况。截至2025年12月，共有车辆43辆。",
        "11.机关运行经费：指保障行政单位运行用于购买货物和服务的各项资金。"])
    d = Disclosure("t.pdf", Unit("某局"), 2025, "预算", "", [text], [], [], format="pdf")
    missing = {f.expected for f in run_checks(d) if f.rule == "completeness.narrative_topics"}
    assert "政府采购" not in missing and "国有资产占用" not in missing
    assert "机关（机构）运行经费" in missing
