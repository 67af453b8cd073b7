"""Rules on the 政府采购 paragraph: the shares it gives of the contracts awarded to small and
medium-sized enterprises (中小企业), recomputed from its own figures."""

from __future__ import annotations

import re
from decimal import Decimal

from ..model import Disclosure, Finding
from ..money import format_amount
from .common import FIGURE, figure, text_evidence
from .registry import rule

_KINDS = ("货物", "工程", "服务")
_SPENT = {k: re.compile(rf"政府采购{k}(?:支出|合同)(?:金额)?(?:为)?\s*{FIGURE}\s*万元") for k in _KINDS}
_SMALL = re.compile(rf"授予中小企业合同金额(?:为)?\s*{FIGURE}\s*万元")
#: "货物采购授予中小企业合同金额占货物支出金额的9.16%" (国家信访局 2024 p.26), "…占政府采购货物支出合同的4.07%"
#: how far the 中小企业 total may exceed what the shares allow before they cannot be of the wholes
#: named: beyond the shares' rounding, 1% for a basis slightly other than the figures printed
#: (西安卫健委 2022 p.22 is 0.07% over: no finding)
_BASIS = Decimal("1.01")
_SHARE = re.compile(rf"(?P<kind>货物|工程|服务)采购授予中小企业合同金额占(?:政府采购)?(?P<of>货物|工程|服务)支出(?:合同)?(?:金额)?的\s*{FIGURE}\s*%")



@rule("narrative.procurement_shares", "warning", "政府采购一节中，货物、工程、服务各自授予中小企业的比例，按其所称的分母（货物、工程、服务支出）"
      "折算后之和应不小于授予中小企业合同金额；例：9.16%、90.84%之和为100%，是占中小企业合同总额的构成，不是占货物、服务支出的比例")
def procurement_shares(d: Disclosure):
    """The shares a 政府采购 paragraph gives, "货物采购授予中小企业合同金额占货物支出金额的9.16%", taken
    of the wholes it names (货物, 工程, 服务 支出 as it prints them) give parts that add to no more than
    Σ share × whole (and the whole of a kind it gives no share for); when the 中小企业 total it
    prints is more than that, the shares cannot be of those wholes (国家信访局 2024 决算 p.26: 货物
    171.7, 工程 3, 服务 1,792.72, 中小企业 1,820.69; 9.16% and 90.84% of 货物 and 服务 give at most
    1,647.24 with 工程; the two add to 100%: they are shares of the 中小企业 total)."""
    for s in d.sections:
        text = "".join(s.paragraphs)
        shares = list(_SHARE.finditer(text))
        small = _SMALL.search(text)
        spent = {k: m for k, m in ((k, p.search(text)) for k, p in _SPENT.items()) if m}
        if not shares or small is None or len(spent) < len(_KINDS) or any(m["kind"] != m["of"] for m in shares):
            continue
        given = {m["kind"]: figure(m.group(3)) for m in shares}
        wholes = {k: figure(m.group(1)) for k, m in spent.items()}
        slack = sum(wholes[k] * Decimal("0.00005") for k in given) + Decimal("0.005") * len(_KINDS)
        most = sum(given[k] / 100 * wholes[k] for k in given) + sum(wholes[k] for k in _KINDS if k not in given)
        total = figure(small.group(1))
        if total <= max(most + slack, most * _BASIS):
            continue
        kinds = "、".join(f"{k}采购" for k in given)
        shares_of = "、".join(f"{k}支出的{given[k]}%" for k in given)
        printed = "、".join(f"{k}{wholes[k]}万元" for k in _KINDS)
        whole_sum = sum(given.values())
        why = (f"；{'与'.join(f'{v}%' for v in given.values())}之和为100%，应是占授予中小企业合同金额的构成"
               if abs(whole_sum - 100) <= Decimal("0.01") else "")
        sentence = "；".join(m.group() for m in shares)
        yield Finding("narrative.procurement_shares", "warning",
                      f"文字称{kinds}授予中小企业的合同金额分别占{shares_of}；按所印的{printed}折算，授予中小企业的合同金额"
                      f"至多{format_amount(int(most * 1_000_000), '万元')}万元，而文中为{small.group(1)}万元{why}。",
                      sentence=sentence, expected=most.quantize(Decimal("0.01")), actual=total,
                      evidence=text_evidence(d, s.page_at(0, 0), sentence))
