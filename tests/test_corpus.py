"""Every document of ../shared/corpus is read: a table per document, and the identities that
must hold in each (income = spending; the parts of spending add up to the total)."""

import csv
from decimal import Decimal

import pytest

import budgetkit
from budgetkit.analysis import structure
from budgetkit.money import format_wan

from held import hold, is_held

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus_docs(corpus):
    with open(corpus / "manifest.tsv", encoding="utf-8") as f:
        manifest = list(csv.DictReader(f, delimiter="\t"))
    paths = [corpus / row["file"] for row in manifest]
    return manifest, budgetkit.read_many(paths)


def test_every_manifest_document_is_read(corpus_docs, capsys):
    manifest, results = corpus_docs
    read_files = {f.split("/corpus/", 1)[1] for files, d in results for f in files}
    assert read_files == {row["file"] for row in manifest}
    failures = [(files, d) for files, d in results if isinstance(d, Exception)]
    assert failures == []
    lines = [f"{'file':58} {'unit':22} {'year':4} {'kind':2} {'tables':>6} {'total':>10} {'basic':>10} {'project':>10} reconciles"]
    for files, d in results:
        s = structure(d)
        totals = budgetkit.key_totals(d)
        ok = totals["income"].fen == totals["expenditure"].fen and _parts(s) == s["total"]
        name = " + ".join(f.split("/corpus/", 1)[1] for f in files)
        lines.append(f"{name[:58]:58} {(d.unit.name or '-')[:22]:22} {d.year} {d.kind} {len(d.tables):6} "
                     f"{format_wan(s['total']):>10} {format_wan(s['basic']):>10} {format_wan(s['project']):>10} {'yes' if ok else 'NO'}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))


def _parts(s):
    return sum(v for v in (s["basic"], s["project"], s["reserve"]) if v is not None)


def _by_file(results):
    out = {}
    for files, d in results:
        for f in files:
            out[f.split("/corpus/", 1)[1]] = d
    return out


#: where the printed parts miss the printed whole by their rounding, the sum of the parts as printed
#: (checked on the page): the test asserts that figure, not the whole
PRINTED_PARTS = {
    # p.18 表三: 基本支出 41,418.94 + 项目支出 145,130.37 = 186,549.31, 合计 186,549.30; p.12 表一's note:
    # "由于四舍五入因素，部分分项加和与合计可能略有差异"
    "chongqing/2026-water-resources-bureau-dept-budget.pdf": 186_549_310_000,
}


def test_income_equals_spending_and_parts_add_up(corpus_docs, capsys):
    _, results = corpus_docs

    def check(files, d):
        s = structure(d)
        totals = budgetkit.key_totals(d)
        assert totals["income"].fen is not None, files
        assert totals["income"].fen == totals["expenditure"].fen, files
        assert s["basic"] is not None and s["project"] is not None, files
        name = " + ".join(f.split("/corpus/", 1)[1] for f in files)
        assert _parts(s) == PRINTED_PARTS.get(name, s["total"]), files

    hold("income = spending, parts add up", results, check, capsys)


def test_unit_year_and_kind_come_from_the_documents(corpus_docs, capsys):
    manifest, results = corpus_docs
    rows = {row["file"]: row for row in manifest}

    def check(files, d):
        for f in files:
            row = rows[f.split("/corpus/", 1)[1]]
            assert d.year == int(row["year"]), (row["file"], d.year)
            assert d.kind == row["kind"], (row["file"], d.kind)
            assert budgetkit.assemble.unit_key(d.unit.name) == budgetkit.assemble.unit_key(row["unit"]), \
                (row["file"], d.unit.name)

    hold("unit, year and kind", results, check, capsys)


def test_two_file_disclosures_are_one(corpus_docs):
    _, results = corpus_docs
    pairs = [sorted(f.rsplit("/", 1)[1] for f in files) for files, _ in results if len(files) > 1 and is_held(files)]
    assert sorted(pairs) == [
        ["2017-party-office-budget-tables.pdf", "2017-party-office-budget-text.pdf"],
        ["2018-party-office-budget-tables.pdf", "2018-party-office-budget-text.pdf"],
        ["2019-npc-office-budget-tables.pdf", "2019-npc-office-budget.pdf"],
        ["2019-party-office-budget-tables.pdf", "2019-party-office-budget-text.pdf"],
        # 北京 2026: the 情况说明 (text) and the 报表 (tables, whose unit is named only in 预算13表's 部门名称 row)
        ["2026-major-projects-office-dept-budget-tables.pdf", "2026-major-projects-office-dept-budget-text.pdf"],
    ]


# figures compared with the PDFs by eye (page given)
GOLDEN = {
    # 上海普陀 区政府办公室 2025 单位预算, p.8 财务收支预算总表 (元): 收入总计 91,016,775.35,
    # 人员经费 22,473,997.81, 公用经费 2,132,777.54, 项目支出 66,410,000.00; p.12 支出预算总表
    # 合计: 基本支出 24,606,775.35
    "shanghai-putuo/2025-district-office-unit-budget.pdf": {
        "income": "91016775.35", "basic": "24606775.35", "project": "66410000.00",
        "personnel": "22473997.81", "operating": "2132777.54"},
    # 江苏省人民检察院 2019, p.14 收支预算总表 and p.16 财政拨款收支预算总表 (万元):
    # 24,169.74 = 15,844.04 + 4,335.30 + 3,990.4 (单位预留机动经费)
    "jiangsu/2019-procuratorate-budget.pdf": {
        "income": "241697400.00", "basic": "158440400.00", "project": "43353000.00", "reserve": "39904000.00"},
    # 上海普陀 财政局 2024 决算 (万元): 收入支出决算总表 p.6-7, 总计 2,995.39 printed on p.7 (本年支出合计
    # 2,940.05 on p.6); 2,940.05 = 基本 2,336.91 + 项目 603.14: 支出决算表 p.10 合计 (also p.15)
    "shanghai-putuo/2024-finance-dept-final.pdf": {
        "income": "29953900.00", "basic": "23369100.00", "project": "6031400.00"},
}


@pytest.mark.parametrize("file", sorted(GOLDEN))
def test_figures_checked_against_the_pdf(corpus_docs, file):
    _, results = corpus_docs
    d = _by_file(results)[file]
    s = structure(d)
    got = {k: budgetkit.money.fen_to_yuan(v.fen) for k, v in budgetkit.key_totals(d).items()}
    got["reserve"] = budgetkit.money.fen_to_yuan(s["reserve"])
    for key, value in GOLDEN[file].items():
        assert got[key] == Decimal(value), key


def test_shanghai_three_public_in_wan_beside_tables_in_yuan(corpus_docs):
    _, results = corpus_docs
    d = _by_file(results)["shanghai-putuo/2025-district-office-unit-budget.pdf"]
    units = {t.kind: t.unit_used for t in d.tables}
    # p.20 三公 "单位:万元"; p.11 支出预算总表 "单位：元"
    assert units["three_public"] == "万元" and units["expenditure_summary"] == "元"
    three = d.table("three_public")
    assert three.total() == 867500000  # 867.50万元 (p.20 合计)
    codes = set(d.table("expenditure_summary").items["func_code"].dropna())
    assert {"201", "20103", "2010301"} <= codes  # 201 | 03 | 01 joined (p.11, 类 | 款 | 项 columns)


def test_final_accounts_have_their_own_kinds(corpus_docs):
    _, results = corpus_docs
    d = _by_file(results)["shanghai-putuo/2024-finance-dept-final.pdf"]
    kinds = {t.kind for t in d.tables}
    # printed titles: 收入支出决算总表 p.6-7, 收入决算表 p.8, 支出决算表 p.10, 财政拨款收入支出决算总表 p.12,
    # 一般公共预算财政拨款支出决算表 p.15, …基本支出决算表 p.16, 财政拨款“三公”经费支出决算表 p.18
    assert {"final_income_expenditure_summary", "final_income_summary", "final_expenditure_summary",
            "final_fiscal_appropriation_summary", "final_general_budget_expenditure",
            "final_general_budget_basic_expenditure", "final_three_public"} <= kinds
