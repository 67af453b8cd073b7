"""The audit on every document of ../shared/corpus: every rule runs without raising, and the
error findings are exactly the publisher's slips, each one checked on the printed page (the
page and the printed figures are in the comment beside it). An error that is not listed here is
a false accusation; one listed here that goes missing is a slip no longer found."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

import budgetkit
from budgetkit.checks import INTERNAL, run_checks

from held import hold

pytestmark = pytest.mark.corpus

D = Decimal

EXPECTED_ERRORS = {
    # p12, p17, p23: 21201 城乡社区管理事务 合计 94,995,790 while 基本 + 项目 = 94,995,789 (and its 项 add to
    # 94,995,789); the same cell is printed in the 收入总表, 支出总表 and 一般公共预算支出表: one finding
    "shanghai-putuo/2025-wanli-street-dept-budget.pdf": [
        ("row.basic_plus_project", D("94995790.00"), D("94995789.00"))],
    # p21: "财政拨款收入支出总计0.3万元"; p13 财政拨款收入支出决算总表 总计 2,961.68 on both sides
    "shanghai-putuo/2024-finance-dept-final.pdf": [
        ("narrative.amount", D("3000.0"), D("29616800.00"))],
    # p28: "因公出国（境）费支出222.5万元，占“三公”经费的8.75%" (also 183.6 → 7.22%, 427.5 → 16.81%); the 三公
    # 经费 of p20 is 833.60, so 26.69% / 22.02% / 51.28%: the shares were taken of 2,542.60 (with 会议费, 培训费)
    "jiangsu/2017-npc-office-budget.pdf": [
        ("narrative.share", D("8.75"), D("26.69")), ("narrative.share", D("7.22"), D("22.02")),
        ("narrative.share", D("16.81"), D("51.28"))],
    # p21: 单位预留机动经费 1,685.72, "增加1557.29万元，增长1312.56%": 1,557.29 ÷ 128.43 = 1212.56%
    "jiangsu/2018-npc-office-budget.pdf": [("narrative.change_rate", D("1312.56"), D("1212.56"))],
    # p22: 机关运行经费 6,032.55, "增加3401.59万元，增长129.97%": 3,401.59 ÷ 2,630.96 = 129.29%
    "jiangsu/2017-procuratorate-budget.pdf": [("narrative.change_rate", D("129.97"), D("129.29"))],
    # p26: 一般行政管理事务 3,666 "增加21.8万元，增幅0.06%" (21.8 ÷ 3,644.2 = 0.60%); 检察监督 1,895
    # "减少134万元，降幅0.66%" (134 ÷ 2,029 = 6.60%)
    "jiangsu/2018-procuratorate-budget.pdf": [
        ("narrative.change_rate", D("0.06"), D("0.60")), ("narrative.change_rate", D("0.66"), D("6.60"))],
    # p26: 项目支出 4,335.3 "减少了1237.7万元，减少13.22%": 1,237.7 ÷ 5,573.0 = 22.21% (5,573.00 is the 2018
    # 项目支出 of jiangsu/2018-procuratorate-budget.pdf p15); 13.22% is the 基本支出 line's rate
    "jiangsu/2019-procuratorate-budget.pdf": [("narrative.change_rate", D("13.22"), D("22.21"))],
    # p19: "授予小微企业合同金额7,295.12万元，占授予中小企业合同金额的60.02%": 7,295.12 ÷ 12,127.08 = 60.16%
    "central/2024-southwest-university-dept-final.pdf": [("narrative.share", D("60.02"), D("60.16"))],
    # p17: 收入总计22,066.59万元 "比上年增加5,834.37万元，增长35.74%": 5,834.37 ÷ 16,232.22 = 35.94%
    "central/2024-state-bureau-letters-calls-dept-final.pdf": [("narrative.change_rate", D("35.74"), D("35.94"))],
    # p18: "财政拨款收支总预算18,728.91万元"; p9 财政拨款收支总表 收入总计 18,728.94. p25: 委托业务费 1,391.68
    # "增加333.83万元，增长31.35%": 333.83 ÷ 1,057.85 = 31.56%. p19: 2014099 其他信访事务支出 3,623.98
    # "占部门支出总额的22.00%": 部门支出总额 50,616.94 (p5 部门收支总表) gives 7.16%; 22.00% is of 16,474.82
    "central/2026-state-bureau-letters-calls-dept-budget.pdf": [
        ("narrative.amount", D("187289100.00"), D("187289400.00")), ("narrative.share", D("22.00"), D("7.16")),
        ("narrative.change_rate", D("31.35"), D("31.56"))],
    # 表12 部门预算项目支出及其他支出预算表 against the 重点项目 list printed in the text (项目 | 预算数（单位：万元）|
    # 绩效目标, pp.32-34): 拱北口岸和青茂口岸设施设备维保费 234.48 (p.25) but 175 (p.34); 辅助人员补助经费-拱北海关
    # 7,672.50 (p.24) but 7672.25 (p.33)
    "guangdong-zhuhai/2026-commerce-bureau-dept-budget.pdf": [
        ("cross.project_table", D("1750000.00"), D("2344800.00")),
        ("cross.project_table", D("76722500.00"), D("76725000.00"))],
}


@pytest.fixture(scope="module")
def audits(corpus):
    with open(corpus / "manifest.tsv", encoding="utf-8") as f:
        files = [corpus / row["file"] for row in csv.DictReader(f, delimiter="\t")]
    out = {}
    for group, d in budgetkit.read_many(files):
        assert not isinstance(d, Exception), group
        key = " + ".join(str(p.relative_to(corpus)) if hasattr(p, "relative_to") else p.split("/corpus/", 1)[1]
                         for p in map(_path, group))
        out[key] = (d, run_checks(d))
    return out


def _path(p):
    from pathlib import Path

    return Path(p)


def test_every_rule_runs_on_every_document(audits):
    failed = {key: [f.message for f in findings if f.severity == INTERNAL] for key, (_, findings) in audits.items()}
    assert {k: v for k, v in failed.items() if v} == {}


def test_the_errors_are_the_verified_slips(audits, capsys):
    got = {key: [(f.rule, f.actual, f.expected) for f in findings if f.severity == "error"]
           for key, (_, findings) in audits.items()}
    with capsys.disabled():
        print("\nerror findings per document:")
        for key, errors in got.items():
            print(f"  {len(errors)}  {key}")

    def check(files, errors):
        key = " + ".join(files)
        assert errors == EXPECTED_ERRORS.get(key, []), errors[:6]

    hold("the exact error findings", [(key.split(" + "), got[key]) for key in got], check, capsys)
    assert set(EXPECTED_ERRORS) <= set(got)  # every listed slip belongs to a document of the corpus


def test_reading_doubts_are_never_errors(audits):
    for key, (_, findings) in audits.items():
        assert all(f.severity == "info" for f in findings if f.rule == "reading.doubtful"), key
