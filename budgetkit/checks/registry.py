"""The catalogue of audit rules: each has a stable id, a severity and a one-line description."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..model import Disclosure, Finding

__all__ = ["Rule", "RULES", "rule", "rule_names"]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # the usual severity; a rule may report a finding at another one
    description: str
    check: Callable[[Disclosure], Iterable[Finding]]
    family: str

    def run(self, d: Disclosure) -> list[Finding]:
        return list(self.check(d))

    @property
    def example(self) -> str:
        """A one-line example of what the rule finds."""
        if "例：" in self.description:
            return self.description.split("例：", 1)[1]
        return EXAMPLES.get(self.id, "")

    @property
    def name(self) -> str:
        """The rule's short Chinese name, as a finding shows it (``budgetkit/data/rule_names.json``)."""
        return rule_names().get(self.id, self.summary[:12])

    @property
    def summary(self) -> str:
        """What the rule checks, without its example."""
        return self.description.split("；例：", 1)[0].split("例：", 1)[0].rstrip("；，")


RULES: dict[str, Rule] = {}


@functools.cache
def rule_names() -> dict[str, str]:
    """Each rule's short Chinese name: the words a reader sees on a finding (the id stays in the data)."""
    return json.loads((Path(__file__).resolve().parents[1] / "data" / "rule_names.json").read_text(encoding="utf-8"))


def rule(id: str, severity: str, description: str):
    """Register a check function under ``id``."""

    def register(fn):
        if id in RULES:
            raise ValueError(f"duplicate rule id {id}")
        RULES[id] = Rule(id=id, severity=severity, description=description, check=fn, family=id.split(".")[0])
        return fn

    return register


#: one example per rule whose description gives none (``budgetkit rules`` prints them)
EXAMPLES = {
    "completeness.required_tables": "没有“国有资本经营预算支出表”，也没有说明本单位无此项预算",
    "completeness.empty_tables": "表九「国有资本经营预算财政拨款支出表」为空表",
    "completeness.currency_unit": "表三未注明“单位：元”还是“万元”",
    "completeness.code_depth": "功能分类只列到“款”（20801），没有“项”（2080101）",
    "completeness.narrative_topics": "文字部分没有说明机关运行经费",
    "table.unreadable_cells": "金额格写成“1,2,3”，按空白处理",
    "table.total_row": "合计行“合计”为16,141,326.58元，7个明细行之和为16,141,326.57元",
    "performance.total": "项目支出绩效目标表合计行为40,233.95万元，但14个项目的资金总额之和为39,052.86万元",
    "row.basic_plus_project": "21201 城乡社区管理事务 合计94,995,790元，基本支出 + 项目支出为94,995,789元",
    "row.personnel_plus_operating": "基本支出1,000.00万元，人员经费600.00 + 公用经费300.00 = 900.00万元",
    "row.income_sources": "本年收入6,835.38万元，一般公共预算6,535.38万元，无其他资金",
    "row.fiscal_sources": "财政拨款合计8,401.67万元，一般公共预算8,400.67 + 政府性基金0.00 = 8,400.67万元",
    "row.income_parts": "合计154,369,326元，财政拨款收入 + 其他收入为154,369,327元",
    "table.function_levels": "212 城乡社区支出 合计154,369,326元，其下各款之和154,369,327元",
    "table.economic_levels": "301 工资福利支出2,082.85万元，其下各款之和2,082.86万元",
    "three_public.parts": "“三公”经费484.30万元，出国 + 接待 + 公务用车 = 484.40万元",
    "table.set_aside_rows": "“7 11 02 事业单位医疗”编码无效，未计入明细",
    "cross.income_equals_spending": "收入总计68,353,777.63元，支出总计68,353,777.73元",
    "cross.summary_tables": "支出总表合计与收支总表本年支出合计相差0.10元",
    "cross.functions": "一般公共预算支出表204类之和与收支总表“四、公共安全支出”不同",
    "cross.basic_table": "基本支出表合计12,308.48万元，支出总表基本支出12,323.48万元（同一口径时）",
    "cross.project_table": "项目支出表合计与支出总表项目支出相差0.01元",
    "cross.empty_tables_vs_narrative": "文字称无“三公”经费，“三公”经费表却填有47.91万元",
    "narrative.prev_parts": "上年基本支出4954.22万元 + 项目支出1583.73万元，不等于上年支出预算",
    "narrative.assets": "固定资产原值488.95万元 − 累计折旧409.75万元 ≠ 净值97.2万元",
    "narrative.operating_costs": "机构运行经费393.90万元，表中公用经费416.89万元（口径不同，仅供对照）",
    "plausibility.part_exceeds_whole": "政府采购499130万元，大于预算总额6,835.38万元",
    "plausibility.negative": "表中金额为“（12.50）”",
    "plausibility.duplicate_rows": "同一行“2080101 30206 电费 434,700.00”列了两次",
    "plausibility.code_name": "30205 在一张表中叫“水费”，在另一张表中叫“水电费”",
    "plausibility.economic_class": "30239 其他交通费用计入人员经费（北京口径）",
    "narrative.sections": "一级标题一、二、四：缺少“三”",
    "plausibility.line_number": "支出行次28、39、30：“二、外交支出”的行次应为29",
    "completeness.contents_order": "目录第七项为“三公”经费表，正文中它印在第九张",
    "performance.copied_goal": "“春节慰问金-珠海边检总站”的目标写“对拱北海关一线工作人员的关怀”",
    "performance.goal_vs_indicator": "目标写“满意度不低于80%”，指标表中为≥90%",
    "performance.evaluated_projects": "称82个项目参加自评，其后列出87个项目的自评综述",
    "narrative.subordinate_units": "构成一节称没有下属单位，另一处写“机关及下属1个单位”",
    "narrative.copied_explanation": "“政府性基金预算财政拨款收入”一项的说明写的是“上级补助收入”",
    "narrative.procurement_shares": "称占货物、服务支出的9.16%、90.84%，实为占中小企业合同总额的构成",
    "performance.overall_vs_tables": "整体自评表任务“公立医院”财政拨款122,020.60万元，决算表为116,790.60万元",
    "narrative.level": "单位预算的标题写作“部门预算”",
    "reading.doubtful": "某行合计与明细不符，而该行读数在其他核对中也对不上：请对照原文",
}