"""The table-kind vocabulary: which standard table a title names, and what a header means.

A new region's wording is a new pattern here, not a change in a reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["base_kind", "COLUMN_LABELS", "TABLE_KINDS", "KIND_LABELS", "REQUIRED_KINDS", "kind_of_title", "column_role", "UNKNOWN"]

UNKNOWN = "unknown"

# (kind, pattern on the title with all white space removed). Order matters: first match wins.
_TITLE_PATTERNS: list[tuple[str, str]] = [
    # 决算: 项目绩效自评表 (西安卫健委 2022); 重庆 2026 表十一: 市级重点专项资金绩效目标表
    ("project_performance", r"(项目(支出)?|专项(资金)?)绩效(目标|自评)"),
    ("overall_performance", r"整体(支出)?绩效"),
    ("three_public", r"三公"),
    # before the fiscal summary: "政府性基金预算财政拨款收入支出决算表" is the fund's table
    ("government_fund_expenditure", r"政府性基金"),
    ("state_capital_expenditure", r"国有资本经营"),
    ("fiscal_appropriation_summary", r"财政拨款收[入]?支(出)?"),
    ("income_expenditure_summary", r"收支总|收支预算总表|收入支出(决算|预算)?总表|收支.*总体情况"),
    ("income_summary", r"收入(总体情况|预算总|决算)?表|收入总体"),
    ("general_budget_basic_expenditure", r"基本支出"),
    ("operating_costs", r"(机关|机构)运行经费"),
    ("general_budget_expenditure", r"一般公共预算.*支出|财政拨款支出"),
    ("government_purchase_services", r"政府购买服务"),
    ("transfer_payments", r"转移支付"),
    ("project_expenditure", r"项目支出|专项业务经费支出"),  # 西安 2026: 部门综合预算专项业务经费支出表
    ("expenditure_summary", r"支出(总体情况|预算总|决算)?表|支出总体"),
    ("government_procurement", r"政府采购"),
]
_COMPILED = [(kind, re.compile(p)) for kind, p in _TITLE_PATTERNS]

#: a short Chinese label per kind, for reports
KIND_LABELS: dict[str, str] = {
    "income_expenditure_summary": "收支总表",
    "income_summary": "收入总表",
    "expenditure_summary": "支出总表",
    "fiscal_appropriation_summary": "财政拨款收支总表",
    "general_budget_expenditure": "一般公共预算支出表",
    "general_budget_basic_expenditure": "一般公共预算基本支出表",
    "government_fund_expenditure": "政府性基金预算支出表",
    "state_capital_expenditure": "国有资本经营预算支出表",
    "three_public": "“三公”经费支出表",
    "project_expenditure": "项目支出表",
    "government_purchase_services": "政府购买服务预算表",
    "transfer_payments": "上级转移支付细化明细表",
    "project_performance": "项目支出绩效目标表",
    "overall_performance": "部门整体支出绩效目标表",
    "operating_costs": "机关运行经费表",
    "government_procurement": "政府采购表",
    UNKNOWN: "未识别的表",
}
for _kind, _label in list(KIND_LABELS.items()):
    if _kind != UNKNOWN:
        KIND_LABELS[f"final_{_kind}"] = _label.replace("预算表", "决算表").replace("总表", "决算总表").replace("支出表", "支出决算表") if "决算" not in _label else _label
TABLE_KINDS = tuple(KIND_LABELS)

#: the tables the national rule (and practice since about 2019) requires of a budget disclosure
REQUIRED_KINDS = (
    "income_expenditure_summary",
    "income_summary",
    "expenditure_summary",
    "fiscal_appropriation_summary",
    "general_budget_expenditure",
    "general_budget_basic_expenditure",
    "government_fund_expenditure",
    "state_capital_expenditure",
    "three_public",
)


#: Chinese names of the value columns, for messages and reports
COLUMN_LABELS: dict[str, str] = {
    "total": "合计", "basic": "基本支出", "project": "项目支出", "personnel": "人员经费", "operating": "公用经费",
    "project_excl_capital": "扣除基建项目后预算数", "reserve": "单位预留机动经费", "general_budget": "一般公共预算",
    "government_fund": "政府性基金预算", "state_capital": "国有资本经营预算", "fiscal": "财政拨款",
    "other_funds": "其他资金", "special_account": "财政专户管理资金", "carryover": "上年结转", "income_current": "本年收入", "amount": "金额",
    "budget_initial": "年初预算数", "budget_adjusted": "调整预算数", "budget_full": "全年预算数",
    "carryover_begin": "年初结转和结余", "carryover_end": "年末结转和结余", "carry_forward": "结转下年",
    "superior_subsidy": "上级补助收入", "business_income": "事业收入", "operating_income": "经营收入",
    "affiliated_income": "附属单位上缴收入", "other_income": "其他收入", "to_superior": "上缴上级支出",
    "operating_expenditure": "经营支出", "to_affiliated": "对附属单位补助支出",
    # a 项目/部门整体绩效自评表's money (西安卫健委 2022 决算 p.30, p.77)
    "actual": "全年执行数", "budget_fiscal": "全年预算数（财政拨款）", "budget_other": "全年预算数（其他资金）",
    "actual_fiscal": "全年执行数（财政拨款）", "actual_other": "全年执行数（其他资金）",
    "seq": "行次",
}


def kind_of_title(title: str) -> str:
    """The standard kind a table title names, or ``"unknown"``.

    Final accounts have their own kinds: "收入支出决算总表" is ``final_income_expenditure_summary``.
    """
    compact = re.sub(r"\s+", "", title or "")
    final = "决算" in compact
    if final:
        compact = compact.replace("决算", "")
    for kind, pattern in _COMPILED:
        if pattern.search(compact):
            return f"final_{kind}" if final else kind
    return UNKNOWN


def base_kind(kind: str) -> str:
    """The budget kind a final-accounts kind parallels: final_three_public → three_public."""
    return kind.removeprefix("final_")


@dataclass(frozen=True)
class _Role:
    role: str
    pattern: re.Pattern
    value: bool  # True: an amount column; False: a label / code column


def _r(role: str, pattern: str, value: bool) -> _Role:
    return _Role(role, re.compile(pattern), value)


# Header text (white space removed) → column role. Checked against the most specific header
# cell first, then its parents. First match wins.
_ROLES: list[_Role] = [
    _r("project_excl_capital", r"扣除基建", True),
    _r("personnel", r"^人员(经费|支出|类)", True),  # 长沙: 人员类 | 公用经费
    _r("operating", r"^(日常)?公用(经费|支出|类)", True),  # 杭州: 人员支出 | 日常公用支出 under 基本支出
    _r("basic", r"^基本支出", True),
    _r("project", r"^项目支出(总数|合计)?$|^专项业务经费(支出)?$", True),  # 西安 2026: 专项业务经费支出
    _r("reserve", r"机动经费", True),
    _r("general_budget", r"一般公共预算(财政)?(资金|拨款)?(收入)?$", True),
    _r("government_fund", r"政府性基金(预算)?(财政)?(资金|拨款)?(收入)?$", True),
    _r("state_capital", r"国有资本经营(预算)?(财政)?(资金|拨款)?(收入)?$", True),
    _r("special_account", r"^财政专户", True),  # 财政专户管理资金（收入）, 长沙: 财政专户管理事业收入
    _r("fiscal", r"^(本级)?财政(资金|拨款)", True),  # 长沙: 本级财政拨款
    _r("other_funds", r"^(其他|单位)资金", True),  # 杭州 2026: 单位资金 (事业收入 and the other funds of its own)
    _r("superior_subsidy", r"^上级补助收入$", True),
    _r("business_income", r"^事业收入([（(][^）)]*[）)])?$", True),  # 烟台 2026: 事业收入（不含教育收费）
    _r("operating_income", r"^(事业单位)?经营(服务)?收入$", True),  # 长沙: 事业单位经营服务收入
    _r("affiliated_income", r"^附属单位上缴收入$", True),
    _r("other_income", r"^其[他它]收入$", True),
    _r("to_superior", r"^上缴上级支出$", True),
    _r("operating_expenditure", r"^(事业单位)?经营支出$", True),
    _r("to_affiliated", r"^对附属单位补助支出$", True),
    _r("carryover", r"上年结转", True),
    _r("carry_forward", r"结转下年", True),
    _r("total", r"^本年(收入|支出)合计$", True),  # 决算: the table's total beside carry-overs
    _r("income_current", r"^本年收入", True),
    _r("budget_initial", r"^年初预算(数)?$", True),
    _r("budget_adjusted", r"^调整(后)?预算(数)?$", True),
    _r("budget_full", r"^全年预算(数)?$", True),
    _r("carryover_begin", r"^年初结转和?结余", True),
    _r("carryover_end", r"^年末结转和?结余", True),
    # 珠海 / 广州 2026 一般公共预算支出表: a single column headed 预算; 西安 2026: 预算金额, 项目金额
    _r("total", r"^(合计|总计|预算数?|决算数?|本年预算数?|本年预算金额|预算金额|项目(总额|金额)|细化金额|金额|.*年预算数|预算支出总额|本年.*支出)$", True),
    _r("func", r"功能(分类)?科目|功能分类", False),
    _r("gov_econ", r"政府(支出|预算)?经济分类", False),
    _r("dept_econ", r"部门(支出|预算)?经济分类", False),
    _r("econ", r"经济分类", False),
    _r("code", r"科目(编码|代码)|^编码$|^代码$|^科目$", False),
    _r("name", r"科目名称", False),
    _r("project_name", r"项目[）)]?名称|项目或指标名称|^支出项目类别", False),  # 西安 2026: 单位（项目）名称; 珠海 2026 表12: 支出项目类别（资金使用单位）
    _r("unit", r"单位名称|项目单位|单位[）)]?(?:代码|编码)|^单位信息$|细化单位", False),  # 西安公安 2026: 单位编码
    _r("unit_name", r"部门（单位）名称|部门\(单位\)名称", False),
    _r("item", r"^项目$", False),
    _r("seq", r"^(序号|编号|行次|栏次)$", False),  # a list's numbering: 1, 2, 3 are no amounts
    _r("quantity", r"^(数量|采购数量)$", False),  # 西安公安 2026 政府采购预算表: 882 items, not 882 元
]


#: header words that name no role of their own: the column is its parent's ("本级财政拨款 | 金额",
#: "财政拨款 | 合计", "基本支出 | 小计"), or the table's total under a heading without a role
_GENERIC_LEAVES = ("小计", "合计", "金额", "其中：")


#: the lines of a 收支总表 between its items and its 总计, by the words they are printed with: this
#: year's subtotals and what is carried in and out (one vocabulary for the key totals, the
#: narrative's look-up of table cells and the identities)
SUMMARY_LINES: dict[str, tuple[str, ...]] = {
    "income_current": ("本年收入合计", "本年收入小计", "当年收入小计"),
    "expenditure_current": ("本年支出合计", "本年支出小计", "当年支出小计"),
    "carryover_begin": ("年初结转和结余", "上年结转", "年初结转"),
    "carryover_end": ("年末结转和结余", "结转下年", "年终结转"),
}

#: a unit noted at the end of a header cell: "预算数（单位：万元）", "金额（万元）"
UNIT_NOTE = re.compile(r"[（(](?:单位|金额单位)?[:：]?(?:万元|元)[)）]$")


def column_role(path: list[str]) -> tuple[str | None, bool | None]:
    """The role of a column from its header path (top → bottom), and whether it holds amounts.

    "小计" under "基本支出" is ``basic``; "合计" is ``total``; "一般公共预算资金" is ``general_budget``.
    Returns ``(None, None)`` when no header cell is recognised.
    """
    # a unit noted in the header cell is no part of its words: "预算数（单位：万元）" (珠海 2026 p.31)
    cells = [UNIT_NOTE.sub("", re.sub(r"\s+", "", c)) or re.sub(r"\s+", "", c) for c in path if c and c.strip()]
    for depth, cell in enumerate(reversed(cells)):
        if cell in _GENERIC_LEAVES and (depth == 0 or cell != "合计"):  # "合计" over its parts is the total
            continue
        if depth == 0 and re.match(r"^其中[:：]", cell):  # a part of its parent, named by its own words
            return column_role([cell[3:]]) if cell[3:] else (None, None)
        for role in _ROLES:
            if role.pattern.search(cell):
                return role.role, role.value
    if cells and cells[-1] in _GENERIC_LEAVES[:3]:  # the whole of what its parent heads, or of the table
        return "total", True
    return None, None


#: the income sources an income table lists beside its total
INCOME_SOURCES = frozenset({"fiscal", "special_account", "general_budget", "government_fund", "state_capital", "business_income",
                            "operating_income", "other_income", "superior_subsidy", "affiliated_income", "carryover",
                            "income_current"})


def kind_of_columns(roles: set[str], codes: set[str], headings: set[str] = frozenset()) -> str:
    """The kind a table's own header words name when its title does not (a title lost, or none
    printed: 西南大学 2024 and 国家信访局 2026 print their 收入表 and 支出表 without one): 基本支出 and
    项目支出 over functional codes are a 支出总表, 人员经费 and 公用经费 over economic codes a 基本支出表,
    a total beside several income sources a 收入总表, projects with one amount and a column of
    their 绩效目标 (``headings``: the columns named by their own header words) a 绩效目标表;
    ``"unknown"`` otherwise."""
    if {"basic", "project"} <= roles and "func" in codes:
        return "expenditure_summary"
    if {"personnel", "operating"} <= roles and codes & {"dept_econ", "gov_econ", "econ"}:
        return "general_budget_basic_expenditure"
    if "total" in roles and len(roles & INCOME_SOURCES) >= 2:
        return "income_summary"
    if roles == {"total"} and "绩效目标" in headings:  # 珠海 2026 pp.32-34: 项目 | 预算数 | 绩效目标
        return "project_performance"
    return UNKNOWN
