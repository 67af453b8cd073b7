"""The 中小企业 shares of a 政府采购 paragraph taken of the wholes they name (rule
``narrative.procurement_shares``), in the words 国家信访局 2024 决算 prints
(central/2024-state-bureau-letters-calls-dept-final.pdf p.26): 货物 171.7, 工程 3, 服务 1792.72, 中小企业
1820.69, "货物采购授予中小企业合同金额占货物支出金额的9.16%，服务采购授予中小企业合同金额占服务支出金额的
90.84%" — of 货物 and 服务 they give at most 1,647.23 with 工程; they add to 100%."""

from __future__ import annotations

from budgetkit.checks import run_checks
from budgetkit.model import Disclosure, Section, Unit


def _found(goods="9.16", services="90.84"):
    section = Section("九", "政府采购支出说明", 1, [
        "2024年度国家信访局政府采购支出总额1967.42万元，全部为财政资金，其中：政府采购货物支出171.7万元、政府采购工程支出3万元、"
        "政府采购服务支出1792.72万元。授予中小企业合同金额1820.69万元，占政府采购支出总额的92.54%，其中：",
        f"授予小微企业合同金额1015.5万元，占授予中小企业合同金额的55.78%；货物采购授予中小企业合同金额占货物支出金额的{goods}%，"
        f"服务采购授予中小企业合同金额占服务支出金额的{services}%。"])
    d = Disclosure("t.pdf", Unit("国家信访局"), 2024, "决算", "", [section], [], [], format="pdf")
    return [f.message for f in run_checks(d) if f.rule == "narrative.procurement_shares"]


def test_shares_that_cannot_be_of_the_wholes_they_name_are_reported():
    assert _found() == ["文字称货物采购、服务采购授予中小企业的合同金额分别占货物支出的9.16%、服务支出的90.84%；按所印的货物171.7万元、"
                        "工程3万元、服务1792.72万元折算，授予中小企业的合同金额至多1,647.23万元，而文中为1820.69万元；"
                        "9.16%与90.84%之和为100%，应是占授予中小企业合同金额的构成。"]


def test_shares_the_wholes_allow_are_no_finding():
    # 中小企业 1820.69 of 货物 171.7 and 服务 1792.72: 100% and 100% allow up to 1,967.42
    assert _found("100", "100") == []
