"""Rules between the narrative and the tables: every figure the text states and the tables
can recompute is recomputed (after 元 / 万元 / 亿元 conversion, within rounding)."""

from __future__ import annotations

from decimal import Decimal

from ..model import Disclosure, Fact, Finding
from ..money import CURRENCY_UNITS
from ..totals import key_totals
from .common import both, value
from .registry import rule
from .tolerance import decimals_of, half_digit_fen

_LABELS = {"income": "收入预算", "expenditure": "支出预算", "basic": "基本支出", "project": "项目支出",
           "operating_costs": "机构运行经费", "procurement": "政府采购", "three_public": "“三公”经费",
           "purchase_services": "政府购买服务"}
_TABLE_SUBJECTS = ("income", "expenditure", "basic", "project")


def _label(name: str) -> str:
    base = name.removesuffix("_prev").removesuffix("_change")
    suffix = "上年数" if name.endswith("_prev") else "增减额" if name.endswith("_change") else ""
    return _LABELS.get(base, base) + suffix


def _fen(f: Fact) -> Decimal:
    return f.value * CURRENCY_UNITS[f.unit] * 100


def _written(f: Fact) -> str:
    return f"{f.value}{f.unit or ''}"


def _slip_reading(f: Fact, expected_fen: Decimal, extra_tol: Decimal = Decimal(0)) -> str | None:
    """The unit the figure was meant in, when writing it in another unit makes it fit."""
    for unit in CURRENCY_UNITS:
        if unit == f.unit:
            continue
        fen = f.value * CURRENCY_UNITS[unit] * 100
        if abs(fen - expected_fen) <= half_digit_fen(f.value, unit) + extra_tol:
            return unit
    return None


def _unit_slip(f: Fact, meant: str, why: str) -> Finding:
    return Finding("plausibility.unit_slip", "warning",
                   f"文字“{_written(f)}”的金额单位疑有误：应为{f.value}{meant}（{why}）。",
                   sentence=f.source, expected=f"{f.value}{meant}", actual=_written(f))


def _money_facts(d: Disclosure, name: str) -> list[Fact]:
    return [f for f in d.facts_named(name) if f.unit in CURRENCY_UNITS]


def _table_fen(d: Disclosure) -> dict[str, int]:
    return {k: t.fen for k, t in key_totals(d).items() if t.fen is not None}


def _amount_findings(d: Disclosure):
    tables = _table_fen(d)
    for name in _TABLE_SUBJECTS:
        if name not in tables:
            continue
        for f in _money_facts(d, name):
            expected = Decimal(tables[name])
            if abs(_fen(f) - expected) <= half_digit_fen(f.value, f.unit):
                continue
            meant = _slip_reading(f, expected)
            if meant:
                yield _unit_slip(f, meant, f"表格为{both(tables[name])}")
                continue
            yield Finding("narrative.amount", "error",
                          f"文字称{_LABELS[name]}{_written(f)}，表格为{both(tables[name])}。",
                          sentence=f.source, expected=value(tables[name]), actual=f.yuan)


@rule("narrative.amount", "error", "文字中的收入、支出、基本支出、项目支出金额与表格一致（按所写位数四舍五入）")
def amount(d: Disclosure):
    return (f for f in _amount_findings(d) if f.rule == "narrative.amount")


@rule("narrative.change", "error", "上年数 + 增减额 = 本年数（增加/减少与正负号一致），位数四舍五入范围内")
def change(d: Disclosure):
    return (f for f in _change_findings(d) if f.rule == "narrative.change")


@rule("plausibility.unit_slip", "warning",
      "金额单位错误：文字中的数字换成另一单位（元/万元/亿元）才与表格或增减关系相符；表与表之间相差一万倍")
def unit_slip(d: Disclosure):
    for producer in (_amount_findings, _change_findings):
        yield from (f for f in producer(d) if f.rule == "plausibility.unit_slip")


@rule("narrative.share", "error", "文字中的占比（占总支出的百分比）可由表格重算")
def share(d: Disclosure):
    tables = _table_fen(d)
    whole = tables.get("expenditure") or tables.get("income")
    if not whole:
        return
    for name in ("basic", "project"):
        if name not in tables:
            continue
        for f in d.facts_named(f"{name}_share"):
            exact = Decimal(tables[name]) / Decimal(whole) * 100
            if abs(exact - f.value) <= Decimal("0.5") * Decimal(10) ** -decimals_of(f.value):
                continue
            yield Finding("narrative.share", "error",
                          f"文字称{_LABELS[name]}占{f.value}%，按表格计算为{exact:.{max(2, decimals_of(f.value))}f}%。",
                          sentence=f.source, expected=exact.quantize(Decimal("0.01")), actual=f.value)


def _change_findings(d: Disclosure):
    tables = _table_fen(d)
    for name in _LABELS:
        prevs = _money_facts(d, f"{name}_prev")
        changes = _money_facts(d, f"{name}_change")
        currents = _money_facts(d, name)
        for prev, delta in zip(prevs, changes):
            if name in tables:
                current, cur_tol, cur_text = Decimal(tables[name]), Decimal(0), both(tables[name])
            elif currents:
                c = currents[0]
                current, cur_tol, cur_text = _fen(c), half_digit_fen(c.value, c.unit), _written(c)
            else:
                continue
            tol = half_digit_fen(prev.value, prev.unit) + half_digit_fen(delta.value, delta.unit) + cur_tol
            if abs(_fen(prev) + _fen(delta) - current) <= tol:
                continue
            meant = _slip_reading(prev, current - _fen(delta), half_digit_fen(delta.value, delta.unit) + cur_tol)
            if meant:
                yield _unit_slip(prev, meant, f"本年{cur_text}减去增加额{_written(delta)}")
                continue
            meant = _slip_reading(delta, current - _fen(prev), half_digit_fen(prev.value, prev.unit) + cur_tol)
            if meant:
                yield _unit_slip(delta, meant, f"本年{cur_text}与上年{_written(prev)}之差")
                continue
            word = "增加" if delta.value >= 0 else "减少"
            yield Finding("narrative.change", "error",
                          f"{_LABELS[name]}：上年{_written(prev)}{word}{abs(delta.value)}{delta.unit}，与本年{cur_text}不符"
                          f"（差额应为{_in_unit(current - _fen(prev), delta.unit)}{delta.unit}）。",
                          sentence=delta.source, expected=_in_unit(current - _fen(prev), delta.unit), actual=delta.value)


def _in_unit(fen: Decimal, unit: str) -> Decimal:
    return (fen / (CURRENCY_UNITS[unit] * 100)).quantize(Decimal("0.01"))


@rule("narrative.prev_parts", "warning", "上年的基本支出与项目支出之和等于上年收入（支出）预算")
def prev_parts(d: Disclosure):
    parts = [f for name in ("basic_prev", "project_prev") for f in _money_facts(d, name)[:1]]
    wholes = _money_facts(d, "expenditure_prev") or _money_facts(d, "income_prev")
    if len(parts) != 2 or not wholes:
        return
    whole = wholes[0]
    tol = sum(half_digit_fen(f.value, f.unit) for f in (*parts, whole))
    if abs(sum(_fen(f) for f in parts) - _fen(whole)) <= tol:
        return
    for i, f in enumerate(parts):
        other = parts[1 - i]
        if _slip_reading(f, _fen(whole) - _fen(other), tol):
            return  # a unit slip in one part: reported by narrative.change / plausibility.unit_slip
    yield Finding("narrative.prev_parts", "warning",
                  f"上年基本支出{_written(parts[0])}与项目支出{_written(parts[1])}之和，不等于上年预算{_written(whole)}。",
                  sentence=parts[0].source, expected=whole.value, actual=sum(f.yuan for f in parts))


@rule("narrative.assets", "error", "国有资产：原值 − 累计折旧 = 净值；净值各组成部分之和 = 净值")
def assets(d: Disclosure):
    original, depreciation, net = (d.fact(n) for n in ("assets_original", "assets_depreciation", "assets_net"))
    if original and depreciation and net and original.unit in CURRENCY_UNITS and net.unit in CURRENCY_UNITS:
        tol = sum(half_digit_fen(f.value, f.unit) for f in (original, depreciation, net))
        if abs(_fen(original) - _fen(depreciation) - _fen(net)) > tol:
            yield Finding("narrative.assets", "error",
                          f"固定资产原值{_written(original)}减累计折旧{_written(depreciation)}，不等于净值{_written(net)}。",
                          sentence=net.source, expected=(original.yuan - depreciation.yuan), actual=net.yuan)
    parts = [f for f in d.facts_named("assets_net_part") if f.unit in CURRENCY_UNITS]
    if net and parts and net.unit in CURRENCY_UNITS:
        tol = sum(half_digit_fen(f.value, f.unit) for f in (*parts, net))
        if sum(_fen(f) for f in parts) - _fen(net) > tol:
            yield Finding("narrative.assets", "error",
                          f"固定资产净值各组成部分之和{sum(f.value for f in parts)}大于净值{_written(net)}。",
                          sentence=parts[0].source, expected=net.yuan, actual=sum(f.yuan for f in parts))


@rule("narrative.operating_costs", "info", "机构（机关）运行经费与表中公用经费对照（相近而不必相等）")
def operating_costs(d: Disclosure):
    fact = next(iter(_money_facts(d, "operating_costs")), None)
    if fact is None:
        return
    tables = _table_fen(d)
    candidates = {}
    if "operating" in tables:
        candidates["公用经费合计"] = tables["operating"]
    t6 = d.table("general_budget_expenditure")
    if t6 is not None and "operating" in t6.frame and "func_name" in t6.frame:
        rows = t6.items[t6.items["func_name"].isin(["行政运行", "事业运行", "机关服务", "一般行政管理事务"])]
        if rows["operating"].notna().any():
            candidates["“行政运行/事业运行”公用经费"] = int(rows["operating"].sum())
    tol = half_digit_fen(fact.value, fact.unit)
    if any(abs(_fen(fact) - v) <= tol for v in candidates.values()):
        return
    if "basic" in tables and _fen(fact) > tables["basic"]:
        yield Finding("narrative.operating_costs", "warning",
                      f"文字称机构运行经费{_written(fact)}，大于基本支出{both(tables['basic'])}。",
                      sentence=fact.source, expected=value(tables["basic"]), actual=fact.yuan)
    elif candidates:
        text = "；".join(f"{k}{both(v)}" for k, v in candidates.items())
        yield Finding("narrative.operating_costs", "info",
                      f"文字称机构运行经费{_written(fact)}，表中{text}，二者口径不同，未能核对。",
                      sentence=fact.source, actual=fact.yuan)


_PARTS_OF_BUDGET = ("basic", "project", "operating_costs", "procurement", "three_public", "purchase_services",
                    "basic_prev", "project_prev", "basic_change", "project_change", "income_change", "expenditure_change")


@rule("plausibility.part_exceeds_whole", "warning", "文字中的部分金额（基本、项目、运行经费、政府采购、三公……）不应大于预算总额")
def part_exceeds_whole(d: Disclosure):
    tables = _table_fen(d)
    whole = tables.get("expenditure") or tables.get("income")
    if whole is None:
        income = next(iter(_money_facts(d, "income")), None)
        whole = int(_fen(income)) if income else None
    if not whole:
        return
    for name in _PARTS_OF_BUDGET:
        for f in _money_facts(d, name):
            if abs(_fen(f)) <= whole:
                continue
            meant = next((u for u in ("元", "万元") if u != f.unit and f.value * CURRENCY_UNITS[u] * 100 <= whole), None)
            hint = f"，疑为{f.value}{meant}之误" if meant else ""
            yield Finding("plausibility.part_exceeds_whole", "warning",
                          f"文字称{_label(name)}{_written(f)}，大于本单位预算总额{both(whole)}{hint}。",
                          sentence=f.source, expected=f"≤ {value(whole)}", actual=f.yuan)
