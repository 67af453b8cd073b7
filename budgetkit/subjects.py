"""The vocabulary of the narrative: what a figure in a sentence is about.

A subject is named by the words in front of its figure ("基本支出15,844.04万元"); a qualifier
says which figure of that subject it is (年初预算 / 调整预算 / 全年预算 / 决算 / 执行数 / 上年);
a kind says how the figure relates to it (the amount itself, a change, a share, a completion
rate, a count). A new region's wording is a new pattern here, not a change in the extractor.
"""

from __future__ import annotations

import re

__all__ = ["SUBJECTS", "SUBJECT_RE", "SUBJECT_LABELS", "QUALIFIERS", "LEGACY_NAMES"]

# (subject id, pattern). Tried at every position; the longest match wins, then the earlier entry.
SUBJECTS: list[tuple[str, str]] = [
    ("fiscal_total", r"财政拨款(?:收入支出|收支|收、支)(?:决算|预算)?总(?:计|预算)|财政拨款收、支总预算"),
    ("income_total", r"收入支出(?:决算|预算)?总计|收、支(?:决算|预算)?总计|收支(?:决算|预算)?总计|收入、支出(?:决算|预算)?总计"
                     r"|收入(?:决算|预算)?总计|收入(?:预算|决算)(?=\d)|收入预算(?=为|共|合计)"),
    ("expenditure_total", r"支出(?:决算|预算)?总计|(?<![款用费本年])支出预算(?=\d|为|共)|部门(?:预算)?支出总额"),  # 国家信访局 2026 p.19
    ("income_current", r"本年收入(?:预算|决算)?合计|本年收入(?=\d)"),
    ("expenditure_current", r"本年支出(?:预算|决算)?合计|本年支出(?=\d)"),
    ("carryover_begin", r"年初(?:财政拨款)?结转和?结余|上年结转(?:结余|资金)?"),
    ("carryover_end", r"年末(?:财政拨款)?结转和?结余|结转下年(?:资金)?"),
    ("fiscal_income", r"财政拨款(?:收入)(?:预算)?(?:总计)?"),
    ("fiscal_expenditure", r"财政拨款(?:预算)?支出(?:预算|决算)?"),
    ("general_budget", r"一般公共预算(?:财政)?(?:拨款)?(?:收入|支出)?(?:预算|决算)?"),
    ("government_fund", r"政府性基金(?:预算)?(?:财政)?(?:拨款)?(?:收入|支出)?(?:预算)?"),
    ("state_capital", r"国有资本经营(?:预算)?(?:财政)?(?:拨款)?(?:收入|支出)?(?:预算)?"),
    ("basic", r"基本支出(?:预算数?|决算数?)?"),
    ("project", r"项目支出(?:预算数?|决算数?)?"),
    ("reserve", r"(?:单位)?预留机动经费(?:预算数?)?"),
    ("personnel", r"人员经费"),
    ("operating", r"(?<!日常)公用经费"),
    ("three_public", r"[“\"]?三公[”\"]?经费(?:财政拨款)?(?:支出)?(?:预算数?|决算数?)?"),
    ("three_public_abroad", r"因公出国[（(]境[）)](?:费用?)?(?:支出)?"),
    ("three_public_reception", r"公务接待费(?:支出)?"),
    ("three_public_vehicles", r"公务用车购置及运行(?:维护)?费(?:支出)?"),
    ("vehicle_purchase", r"公务用车购置(?:费|支出)(?:支出)?(?:为)?"),
    ("vehicle_operation", r"公务用车运行(?:维护)?(?:费|支出)(?:支出)?(?:为)?"),
    ("meeting", r"会议费"),
    ("training", r"培训费(?!收入)"),
    ("operating_costs", r"(?:机关|机构|事业)运行经费(?:支出)?(?:预算)?"),
    ("procurement", r"政府采购(?:项目)?(?:资金|预算|总额|支出)?(?:总额)?"),
    ("procurement_goods", r"(?:政府采购)?货物(?:采购)?(?:预算|金额|类)?"),
    ("procurement_works", r"(?:政府采购)?工程(?:采购)?(?:预算|金额|类)?"),
    ("procurement_services", r"(?:政府采购)?服务(?:采购)?(?:预算|金额|类)(?!对象)|购买服务支出"),
    ("procurement_sme", r"(?:授予|面向)?中小企业(?:合同)?(?:金额|预算)?"),
    ("procurement_small_micro", r"(?:授予)?小微企业(?:合同)?(?:金额)?"),
    ("income_other", r"其他收入|其他资金(?:收入)?(?:预算)?(?:总计)?"),
    ("income_special", r"财政专户管理资金(?:收入)?(?:预算)?(?:总计)?"),
    ("income_service", r"事业收入"),
    ("income_operating", r"(?:事业单位)?经营收入"),
    ("assets_original_value", r"(?:固定)?资产原值"),
    ("assets_vehicles", r"共有车辆|车辆(?=共|\d)"),
    ("assets_vehicles_kind", r"[\u4e00-\u9fff]{2,8}用车"),
    ("assets_equipment", r"(?:以上|以上的)(?:专用)?设备(?:[（(]不含车辆[）)])?"),
    ("org_count", r"内设机构|下属单位|派出机构|预算单位|事业单位(?=\d)|行政单位(?=\d)"),
    ("function_item", r"[（(][类款项][）)][”\"]?(?:支出)?(?:预算数?|决算数?)?(?:为)?"),
]
SUBJECT_RE = re.compile("|".join(f"(?P<{name}>{p})" for name, p in SUBJECTS))

#: Chinese names, for messages and reports
SUBJECT_LABELS = {
    "fiscal_total": "财政拨款收支总计", "income_total": "收入总计", "expenditure_total": "支出总计",
    "income_current": "本年收入合计", "expenditure_current": "本年支出合计", "carryover_begin": "年初结转和结余",
    "carryover_end": "年末结转和结余", "fiscal_income": "财政拨款收入", "fiscal_expenditure": "财政拨款支出",
    "general_budget": "一般公共预算财政拨款", "government_fund": "政府性基金预算财政拨款",
    "state_capital": "国有资本经营预算财政拨款", "basic": "基本支出", "project": "项目支出",
    "reserve": "单位预留机动经费", "personnel": "人员经费", "operating": "公用经费", "three_public": "“三公”经费",
    "three_public_abroad": "因公出国（境）费", "three_public_reception": "公务接待费",
    "three_public_vehicles": "公务用车购置及运行费", "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行费", "meeting": "会议费", "training": "培训费",
    "operating_costs": "机关运行经费", "procurement": "政府采购", "procurement_goods": "政府采购货物",
    "procurement_works": "政府采购工程", "procurement_services": "政府采购服务",
    "procurement_sme": "授予中小企业", "procurement_small_micro": "授予小微企业", "income_other": "其他收入",
    "income_service": "事业收入", "income_special": "财政专户管理资金", "income_operating": "经营收入", "assets_original_value": "资产原值",
    "assets_vehicles": "车辆", "assets_vehicles_kind": "车辆（分类）", "assets_equipment": "大型设备",
    "org_count": "机构数", "function_item": "功能分类科目", "project_item": "项目", "reason": "原因中的数额",
    "equipment_threshold": "设备单价标准", "assets_vehicles_planned": "拟购车辆",
    "assets_equipment_planned": "拟购设备", "performance": "绩效", "change": "增减", "share": "占比",
    "completion_rate": "完成率",
}

# (qualifier, pattern): the words that say which figure of a subject is meant
QUALIFIERS: list[tuple[str, str]] = [
    ("年初预算", r"年初预算"),
    ("调整预算", r"调整(?:后)?预算"),
    ("全年预算", r"全年预算"),
    ("执行数", r"执行数"),
    ("决算", r"决算"),
]

#: the names the audit and the reports used before subjects existed: (subject, kind) → name
LEGACY_NAMES = {
    "income_total": "income", "expenditure_total": "expenditure", "three_public": "three_public",
    "operating_costs": "operating_costs", "procurement": "procurement", "basic": "basic", "project": "project",
}

