"""Rules between the narrative and the tables: every figure the text states and the tables
can recompute is recomputed (after 元 / 万元 / 亿元 conversion, within rounding)."""

from __future__ import annotations

import re
from decimal import Decimal

from ..identities import amount_text
from ..lookup import LINKED_SUBJECTS, cells_for
from ..model import Disclosure, Fact, Finding
from ..money import CURRENCY_UNITS
from ..subjects import SUBJECT_LABELS, SUBJECT_RE
from ..totals import key_totals, total_label
from .common import both, text_evidence, value
from .corroboration import GUESSED_WHOLE_GAP, NAMED_WHOLE_GAP, cell_confirmed, far_and_precise, printed_elsewhere
from .registry import rule
from .tolerance import decimals_of, half_digit_fen, half_digit_pct, rounding_fen

#: the narrative's figures whose stated change is checked; the key totals among them are named by
#: :func:`~budgetkit.totals.total_label`, in the disclosure's words, the others here
_CHANGES = ("income", "expenditure", "basic", "project", "operating_costs", "procurement", "three_public",
            "purchase_services")
_LABELS = {"operating_costs": "机构运行经费", "procurement": "政府采购", "three_public": "“三公”经费",
           "purchase_services": "政府购买服务"}


def _label(name: str, d: Disclosure) -> str:
    """How a finding names the narrative's figure ``name``, in the words of ``d``'s kind."""
    base = name.removesuffix("_prev").removesuffix("_change")
    suffix = "上年数" if name.endswith("_prev") else "增减额" if name.endswith("_change") else ""
    return (total_label(base, d.kind) or _LABELS.get(base, base)) + suffix


def _fen(f: Fact) -> Decimal:
    return f.value * CURRENCY_UNITS[f.unit] * 100


def _written(f: Fact) -> str:
    return f"{f.value}{f.unit or ''}"


def _slip_reading(f: Fact, expected_fen: Decimal, extra_tol: Decimal = Decimal(0)) -> str | None:
    """The unit the figure was meant in, when writing it in another unit makes it fit. A figure
    of one or two digits ("0.3万元") fits too many amounts to say which unit was meant."""
    if len(f.value.normalize().as_tuple().digits) < 3:
        return None
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


def _is_amount(f: Fact) -> bool:
    """A money amount the sentence states (not a change, share, count or statement)."""
    return f.kind == "amount" and f.yuan is not None


def _this_years(f: Fact) -> bool:
    """A money amount of the document's year, not last year's."""
    return _is_amount(f) and f.basis != "上年"


def _money_facts(d: Disclosure, name: str) -> list[Fact]:
    return [f for f in d.facts_named(name) if f.unit in CURRENCY_UNITS]


def _table_fen(d: Disclosure) -> dict[str, int]:
    return {k: t.fen for k, t in key_totals(d).items() if t.fen is not None}


def compared_with_tables(d: Disclosure, f: Fact) -> bool:
    """Like with like: a 预算's tables hold the budget (年初预算), a 决算's what was spent (决算);
    a 年初预算 figure in a 决算, an 执行数 or last year's figure is not compared with them."""
    if not _is_amount(f):
        return False
    wanted = ("决算", None) if d.kind == "决算" else ("年初预算", None)
    return f.basis in wanted


#: subjects whose amount a table states (see budgetkit.lookup)
#: (机关运行经费 is only near the tables' 公用经费: its own rule, narrative.operating_costs)
COMPARED_SUBJECTS = tuple(s for s in LINKED_SUBJECTS if s != "operating_costs")


def _amount_findings(d: Disclosure):
    for f in d.facts:
        if not compared_with_tables(d, f) or f.subject not in COMPARED_SUBJECTS or f.table_ref is not None:
            continue
        cells = cells_for(d, f.subject, f.label)
        if not cells:
            continue
        fen = _fen(f)
        cell = min(cells, key=lambda c: abs(c.fen - fen))
        meant = _slip_reading(f, Decimal(cell.fen))
        what = SUBJECT_LABELS.get(f.subject, f.subject) + (f"“{f.label}”" if f.subject == "function_item" and f.label else "")
        stated = f"「{cell.table}」“{cell.row}”" if cell.row else f"「{cell.table}」"
        if meant:
            yield _unit_slip(f, meant, f"{stated}为{amount_text(cell.fen, cell.unit)}")
            continue
        gap = abs(int(fen) - cell.fen)
        # a slip in the last printed digits ("12323.46" for 12,323.48) is a warning; a wrong figure an error
        last_digits = Decimal(gap) <= 2 * 2 * half_digit_fen(f.value, f.unit) and len(f.value.as_tuple().digits) >= 4
        message = (f"文字称{what}{_written(f)}，而{stated}为{amount_text(cell.fen, cell.unit)}，"
                   f"相差{amount_text(gap, f.unit)}。")
        evidence = text_evidence(d, f.page, f.source) + [
            {"file": cell.file, "page": cell.page, "box": cell.box, "table": cell.table,
             "row": cell.row, "column": cell.column, "amount": value(cell.fen)}]
        doubt = None if last_digits else _uncorroborated(d, f, int(fen), cell)
        if doubt:
            yield Finding("reading.doubtful", "info", f"budgetkit 无法确认这处文字与表格的差异是公开文件的错误（{doubt}），"
                          f"请对照原文核实：{message}", sentence=f.source, expected=value(cell.fen), actual=f.yuan,
                          gap=value(gap), evidence=evidence, cause="narrative.amount")
            continue
        yield Finding("narrative.amount", "warning" if last_digits else "error", message,
                      sentence=f.source, expected=value(cell.fen), actual=f.yuan, gap=value(gap), evidence=evidence)


#: funds narrower than a whole disclosure: a figure of one of them is compared only with its tables
_FUNDS = re.compile(r"政府性基金|国有资本经营|财政专户|社会保险基金")
#: 政府采购 of one kind of funds ("其中一般公共预算拨款政府采购11307.34万元", 重庆 2026 p.8)
_PART_OF_FUNDS = re.compile(r"其中|一般公共预算|财政拨款")
_UNCONFIRMED = "所比对的表格数额未能由本文件的勾稽关系确认"
_EVALUATION = re.compile(r"绩效(自评|评价)|重点评价|评价结果")


def _lead(f: Fact) -> str:
    """The words of a figure's sentence before it, from the clause that opens the sentence."""
    return f.source[:f.at] if f.at is not None else f.source


def _uncorroborated(d: Disclosure, f: Fact, fen: int, cell) -> str | None:
    """Why a sentence's figure that differs from its table cell may not be called wrong, or
    ``None`` (see :mod:`budgetkit.checks.corroboration`)."""
    lead = _lead(f)
    if _EVALUATION.search(lead):
        return "句中所说的是绩效评价涉及的资金，不是表中的这一数额"
    other_fund = _FUNDS.search(lead)
    if other_fund and other_fund.group(0) not in (cell.table or ""):
        return f"句中所说的是{other_fund.group(0)}的数额，与所比对的表格口径不同"
    if f.subject == "procurement" and _PART_OF_FUNDS.search(lead):
        return "句中所说的是部分资金的政府采购，与表中合计口径不同"
    precise = len(f.value.as_tuple().digits) >= 4  # as written: "120.00" is five digits
    if precise and printed_elsewhere(d, fen, int(2 * half_digit_fen(f.value, f.unit)), (id(cell.source), cell.index)):
        return "文字中的数额见于表格的另一处，文字所说的可能是另一口径的数"
    if not cell_confirmed(d, cell.source, cell.index, cell.column):
        return _UNCONFIRMED
    if far_and_precise(f.value, fen, cell.fen):
        return "两数相差较大，文字所说的可能与该表口径不同"
    return None


@rule("narrative.amount", "error", "文字中的金额（收支总计、本年收支、基本/项目支出、人员/公用经费、财政拨款、功能科目……）与表格一致，"
      "预算比预算、决算比决算，按所写位数四舍五入；例：文字称财政拨款收入支出总计0.3万元，表中为2,961.68万元")
def amount(d: Disclosure):
    # a difference from a table cell nothing confirms is shown as a reading doubt; one of another
    # scope (another fund, a part, a figure printed elsewhere) was never a comparison, and is not
    return (f for f in _amount_findings(d)
            if f.rule == "narrative.amount" or (f.rule == "reading.doubtful" and _UNCONFIRMED in f.message))


@rule("narrative.change", "error", "上年数 + 增减额 = 本年数（增加/减少与正负号一致），位数四舍五入范围内；例：上年6537.95万元增加297.43万元应为6835.38万元")
def change(d: Disclosure):
    return (f for f in _change_findings(d) if f.rule == "narrative.change")


@rule("plausibility.unit_slip", "warning",
      "金额单位错误：文字中的数字换成另一单位（元/万元/亿元）才与表格或增减关系相符；表与表之间相差一万倍；例：“4954.22元”应为万元")
def unit_slip(d: Disclosure):
    for producer in (_amount_findings, _change_findings):
        yield from (f for f in producer(d) if f.rule == "plausibility.unit_slip")


def _severity(gap_pp: Decimal, stated: Decimal | None = None) -> str:
    """A percentage off by rounding's width (0.01–0.02 points) is info; by up to a tenth of a
    point a warning; a whole-number percentage ("增长30%" for 29.15%) within a point of the
    exact rate a warning; else an error (13.22% written for 22.21%)."""
    if gap_pp <= Decimal("0.021"):
        return "info"
    if gap_pp <= Decimal("0.1") or (stated is not None and decimals_of(abs(stated)) == 0 and gap_pp <= 1):
        return "warning"
    return "error"


def _in_order(d: Disclosure) -> dict[int, int]:
    return {id(f): i for i, f in enumerate(d.facts)}


def _percentages(d: Disclosure, kind: str):
    """(position among the facts, fact) of each figure of ``kind`` written in per cent."""
    return ((i, f) for i, f in enumerate(d.facts) if f.kind == kind and f.unit == "%")


_WHOLES = ("income_total", "expenditure_total", "income_current", "expenditure_current", "general_budget",
           "fiscal_expenditure", "fiscal_income", "fiscal_total", "three_public", "procurement", "basic")


@rule("narrative.share", "error", "文字中的占比可由所说的两个数额重算（部分 ÷ 整体），按所写位数四舍五入；"
      "例：一般公共服务支出2106.66万元占71.73%（按2940.05万元应为71.65%）")
def share(d: Disclosure):
    order = _in_order(d)
    tables = _table_fen(d)
    wholes = {int(_fen(f)) for f in d.facts if _is_amount(f) and f.subject in _WHOLES}
    wholes |= {tables[k] for k in ("expenditure_current", "income_current", "expenditure", "income") if k in tables}
    for t in d.tables_of("three_public"):  # Jiangsu's 三公 table totals 三公 with 会议费 and 培训费
        first = t.total("total")
        if first:
            wholes.add(first)
    wholes = {w for w in wholes if w > 0}
    for f in d.facts:
        if f.kind != "share" or f.unit != "%" or not wholes:
            continue
        part = _amount_before(d, f, order)
        if part is None or _part_unstated(f):
            continue
        pfen = _fen(part)
        named = _named_whole(d, f)  # "占“三公”经费的8.75%": only that whole counts
        # the part as the sentence states it, or as the tables do (a wrong amount is its own finding)
        parts = {pfen} | ({Decimal(c.fen) for c in cells_for(d, part.subject, part.label)}
                          if compared_with_tables(d, part) else set())
        tol = half_digit_pct(f.value)
        if any(abs(p / w * 100 - f.value) <= tol + _part_rounding(part, w) for p in parts for w in (named or wholes)):
            continue
        rates = [(pfen / w * 100, w) for w in (named or wholes)]
        best, whole = min(rates, key=lambda rw: abs(rw[0] - f.value))
        other = next((w for w in wholes - named if abs(pfen / w * 100 - f.value) <= tol + _part_rounding(part, w)), None) \
            if named else None
        if other is not None:  # the share of another whole than the one it names
            yield Finding("narrative.share", _severity(abs(best - f.value), f.value),
                          f"文字称{_what(part)}{_written(part)}占其所说整体的{f.value}%，但按该整体"
                          f"{_in_unit(Decimal(whole), part.unit)}{part.unit}应为{best:.2f}%；{f.value}%是以"
                          f"{_in_unit(Decimal(other), part.unit)}{part.unit}为整体算得的。",
                          sentence=f.source, expected=best.quantize(Decimal("0.01")), actual=f.value,
                          gap=abs(best - f.value).quantize(Decimal("0.01")), evidence=text_evidence(d, f.page, f.source))
            continue
        gap = abs(best - f.value)
        message = (f"文字称{_what(part)}{_written(part)}占{f.value}%，"
                   f"以{_in_unit(Decimal(whole), part.unit)}{part.unit}为整体计算为{best:.2f}%，相差{gap:.2f}个百分点。")
        severity = _severity(gap, f.value)
        doubt = None
        if severity == "error" and part.source != f.source:
            doubt = "句中没有写出这一部分的数额，按上文的数额推算"
        elif severity == "error" and gap > (NAMED_WHOLE_GAP if named else GUESSED_WHOLE_GAP):
            doubt = "相差较大，句中所说的整体可能另有所指" if named else "句中没有点明整体，按文件中的总数推算，相差较大"
        if doubt:
            yield Finding("reading.doubtful", "info", f"budgetkit 无法确认这处占比有误（{doubt}），"
                          f"请对照原文核实：{message}", sentence=f.source,
                          expected=best.quantize(Decimal("0.01")), actual=f.value, gap=gap.quantize(Decimal("0.01")),
                          evidence=text_evidence(d, f.page, f.source), cause="narrative.share")
            continue
        yield Finding("narrative.share", severity, message,
                      sentence=f.source, expected=best.quantize(Decimal("0.01")), actual=f.value,
                      gap=gap.quantize(Decimal("0.01")), evidence=text_evidence(d, f.page, f.source))


_SHARE_OF = re.compile(r"占[^，。；%\d]{0,24}?(?:的|之)?\s*$")


def _clause_start(f: Fact) -> int:
    """Where the clause of a share begins in its sentence: after the last comma, semicolon or
    colon before its "占"."""
    m = _SHARE_OF.search(f.source, 0, f.at) if f.at is not None else None
    pos = m.start() if m else (f.at or 0)
    return max(f.source.rfind(c, 0, pos) for c in "，,；;。：:") + 1


def _part_unstated(f: Fact) -> bool:
    """A share whose clause names its part in words and states no amount for it: "货物采购授予中小企业合同
    金额占货物支出金额的9.16%" (国家信访局 2024 p.26). Its part is not the amount said before (授予中小企业
    1,820.69): the share cannot be recomputed, and is left alone."""
    m = _SHARE_OF.search(f.source, 0, f.at) if f.at is not None else None
    if m is None:
        return False
    words = f.source[_clause_start(f):m.start()]
    return bool(re.search(r"[\u4e00-\u9fff]{2}", words)) and not re.search(r"\d", words)


_FUND_SUBJECTS = ("general_budget", "government_fund", "state_capital", "fiscal_income", "fiscal_expenditure")
_NAMED_WHOLE = re.compile(r"占(?P<words>[^，。；%\d]{2,24}?)(?:的|之)?\s*$")


def _named_whole(d: Disclosure, f: Fact) -> set[int]:
    """The amounts of the whole a share names ("占“三公”经费的", "占本年支出合计的"): the
    narrative's own figures for it and the tables' cells."""
    m = _NAMED_WHOLE.search(f.source, 0, f.at) if f.at is not None else None  # the words right before the figure
    hits = list(SUBJECT_RE.finditer(m.group("words"))) if m else []
    if not hits:
        return set()
    # "一般公共预算项目支出总额" (佛山 2019 p.28): a fund's word before a part of spending names that part
    hit = hits[-1] if len(hits) > 1 and hits[0].lastgroup in _FUND_SUBJECTS else hits[0]
    subject = hit.lastgroup
    found = {int(_fen(g)) for g in d.facts if g.subject == subject and _this_years(g)}
    found |= {c.fen for c in cells_for(d, subject)}
    return {w for w in found if w > 0}


def _what(f: Fact) -> str:
    """What a figure is about, in the document's words where it names an item."""
    if f.subject == "function_item" and f.label:  # the item by its name, not the clause that leads to it
        from .consistency import item_name

        return f"“{item_name(f) or f.label}”"
    if f.subject in ("project_item", "assets_vehicles_kind") and f.label:
        return f"“{f.label}”"
    return SUBJECT_LABELS.get(f.subject, "")


def _part_rounding(part: Fact, whole: int) -> Decimal:
    """How far a share of a rounded part may move: half its last digit, relative to the whole."""
    return half_digit_fen(part.value, part.unit) / whole * 100


def _amount_before(d: Disclosure, f: Fact, order: dict[int, int]) -> Fact | None:
    """The amount a share or change speaks of: the last amount before it in its sentence, else
    the last amount of the same subject before it in its section."""
    i = order[id(f)]
    same = [g for g in d.facts[:i] if g.source == f.source and _this_years(g)]
    if same:
        return _head_of_list(f, same) or same[-1]
    for g in reversed(d.facts[max(0, i - 12):i]):
        if g.section == f.section and g.subject == f.subject and _this_years(g):
            return g
    return None


_NO_SUBJECT = re.compile(r"^\s*(较|比|同比|与)")


def _head_of_list(f: Fact, before: list[Fact]) -> Fact | None:
    """A change whose clause names no subject of its own ("…，其中：一般公共预算拨款324,638.50万元、
    …其他收入3,444.00万元，较上年减少129,422.00万元"): it speaks of the sentence's head figure, the
    last amount before "其中", not of the list's last part (西安市公安局 2026, p.5)."""
    if f.kind != "change" or f.at is None:
        return None
    text = f.source
    k = text.rfind("其中", 0, f.at)
    if k < 0:
        return None
    start = max(text.rfind(c, 0, f.at) for c in "，,；;")
    if start < k or not _NO_SUBJECT.match(text[start + 1:f.at]):
        return None
    head = [g for g in before if g.at is not None and g.at < k]
    return head[-1] if head else None


def _rate_of(delta: Fact, rate: Fact) -> bool:
    """The percentage states the change just before it ("增加2214.39万元，增长10.06%"), not another
    one of the same sentence ("…增加164.48万元，主要原因按规定…统一压减10%")."""
    if delta.at is None or rate.at is None or rate.at < delta.at:
        return False
    between = rate.source[delta.at:rate.at]
    between = re.sub(r"^[\d,.]+\s*(亿元|万元|元|万)", "", between)
    return len(between) <= 12 and not re.search(r"原因|其中|主要|[。；]", between)


def _signed(f: Fact) -> str:
    word = "减少" if f.value < 0 else "增加"
    return f"{word}{abs(f.value)}{f.unit or ''}"


@rule("narrative.change_rate", "error", "增减百分比可由增减额与本年数重算（增减额 ÷ 上年数），增加/减少与数额一致；"
      "例：项目支出4335.3万元，减少1237.7万元，写作减少13.22%（应为22.21%）")
def change_rate(d: Disclosure):
    order = _in_order(d)
    for i, f in _percentages(d, "change"):
        delta = next((g for g in reversed(d.facts[:i]) if g.source == f.source and g.kind == "change"
                      and g.unit in CURRENCY_UNITS), None)
        if delta is None or not _rate_of(delta, f):
            continue
        if delta.value and f.value and (delta.value < 0) != (f.value < 0):
            yield Finding("narrative.change_rate", "error",
                          f"同一句中增减额“{_signed(delta)}”与增减幅度“{_signed(f)}”方向相反。",
                          sentence=f.source, expected=_signed(delta), actual=_signed(f), evidence=text_evidence(d, f.page, f.source))
            continue
        now = _amount_before(d, delta, order)
        if now is None:
            continue
        base = _fen(now) - _fen(delta)
        if base <= 0:
            continue
        rate = abs(_fen(delta)) / base * 100
        tol = half_digit_pct(f.value) + rounding_fen(now, delta) / base * 100
        gap = abs(rate - abs(f.value))
        if gap <= tol:
            continue
        yield Finding("narrative.change_rate", _severity(gap, f.value),
                      f"文字称{_what(now)}{_written(now)}，比上年{_signed(delta)}，幅度为{abs(f.value)}%；"
                      f"按上年{_in_unit(base, now.unit)}{now.unit}计算应为{rate:.2f}%，相差{gap:.2f}个百分点。",
                      sentence=f.source, expected=rate.quantize(Decimal("0.01")), actual=abs(f.value),
                      gap=gap.quantize(Decimal("0.01")), evidence=text_evidence(d, f.page, f.source))


_WORDS = re.compile(r"决算数?(?P<word>大于|小于|高于|低于|超过|等于|持平|一致)(?:年初)?预算数?")


@rule("narrative.comparison", "error", "比较的说法与数额一致：完成年初预算的百分比 = 决算 ÷ 年初预算；大于/小于/持平与两个数一致；"
      "例：年初预算2993.92万元，决算2940.05万元，完成98.20%，决算数小于预算数")
def comparison(d: Disclosure):
    order = _in_order(d)
    for i, f in _percentages(d, "completion_rate"):
        budget, spent = _budget_and_final(d, i, f.section)
        if budget is None or spent is None or not budget.value or budget.subject != spent.subject:
            continue  # the rate of one subject: 三公's 年初预算 with 三公's 决算, not a part's
        rate = _fen(spent) / _fen(budget) * 100
        tol = half_digit_pct(f.value) + 2 * half_digit_fen(spent.value, spent.unit) / _fen(budget) * 100
        gap = abs(rate - f.value)
        if gap > tol:
            yield Finding("narrative.comparison", _severity(gap, f.value),
                          f"文字称完成{budget.basis}的{f.value}%，按{budget.basis}{_written(budget)}、决算{_written(spent)}计算为{rate:.2f}%。",
                          sentence=f.source, expected=rate.quantize(Decimal("0.01")), actual=f.value,
                          gap=gap.quantize(Decimal("0.01")), evidence=text_evidence(d, f.page, f.source))
    for section in d.sections:
        for k, paragraph in enumerate(section.paragraphs):
            for m in _WORDS.finditer(paragraph):
                before = [g for g in d.facts if g.section == section.title and g.source and g.source in paragraph
                          and paragraph.find(g.source) < m.start()]
                if not before:
                    continue
                budget, spent = _budget_and_final(d, order[id(before[-1])] + 1, section.title)
                if budget is None or spent is None or budget.subject != spent.subject:
                    continue
                diff = _fen(spent) - _fen(budget)
                tol = rounding_fen(spent, budget)
                word = m.group("word")
                said = "equal" if word in ("持平", "等于", "一致") else "more" if word in ("大于", "高于", "超过") else "less"
                actual = "equal" if abs(diff) <= tol else "more" if diff > 0 else "less"
                if said != actual:
                    yield Finding("narrative.comparison", "error",
                                  f"文字称决算数{word}预算数，但年初预算为{_written(budget)}、决算为{_written(spent)}。",
                                  sentence=paragraph[max(0, m.start() - 60):m.end() + 10],
                                  expected={"equal": "持平", "more": "大于", "less": "小于"}[actual], actual=word,
                                  evidence=text_evidence(d, section.page_at(k, m.start())))


def _budget_and_final(d: Disclosure, i: int, section: str) -> tuple[Fact | None, Fact | None]:
    """The 年初预算 and 决算 amounts stated just before fact ``i`` in its section."""
    near = [g for g in d.facts[max(0, i - 6):i] if g.section == section and _is_amount(g)]
    budget = next((g for g in reversed(near) if g.basis in ("年初预算", "调整预算", "全年预算")), None)
    spent = next((g for g in reversed(near) if g.basis == "决算"), None)
    return budget, spent


def _change_findings(d: Disclosure):
    tables = _table_fen(d)
    for name in _CHANGES:
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
            tol = rounding_fen(prev, delta) + cur_tol
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
                          f"{_label(name, d)}：上年{_written(prev)}{word}{abs(delta.value)}{delta.unit}，与本年{cur_text}不符"
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
    tol = rounding_fen(*parts, whole)
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
        tol = rounding_fen(original, depreciation, net)
        if abs(_fen(original) - _fen(depreciation) - _fen(net)) > tol:
            yield Finding("narrative.assets", "error",
                          f"固定资产原值{_written(original)}减累计折旧{_written(depreciation)}，不等于净值{_written(net)}。",
                          sentence=net.source, expected=(original.yuan - depreciation.yuan), actual=net.yuan)
    parts = [f for f in d.facts_named("assets_net_part") if f.unit in CURRENCY_UNITS]
    if net and parts and net.unit in CURRENCY_UNITS:
        tol = rounding_fen(*parts, net)
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
    if "basic" in tables and _fen(fact) > tables["basic"] and (d.year or 0) >= 2018:
        # before 2018 some provinces' 机关运行经费 included project money (江苏 2017): not comparable
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
            hint = f"（若单位为{meant}则合理，请核对）" if meant else ""
            yield Finding("plausibility.part_exceeds_whole", "warning",
                          f"文字称{_label(name, d)}{_written(f)}，大于本单位{'收支总计' if d.kind == '决算' else '预算总额'}{both(whole)}{hint}。",
                          sentence=f.source, expected=f"≤ {value(whole)}", actual=f.yuan)
    yield from _all_of_one_fund(d)


#: "…涉及预算拨款39,560.87万元，均为一般公共预算拨款" (国家信访局 2026 p.26): the amount is all of one fund
_ALL_OF_FUND = re.compile(r"(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)[，,]?\s*(?:均|全部|全额)(?:为|是|来源于|来自)"
                          r"(?P<fund>一般公共预算|政府性基金|国有资本经营)")
_FUND_SUBJECT = {"一般公共预算": "general_budget", "政府性基金": "government_fund", "国有资本经营": "state_capital"}


def _all_of_one_fund(d: Disclosure):
    """An amount the sentence says is all of one fund cannot exceed what the tables give that fund
    (nor all fiscal funds together, 财政拨款收入总计, the largest figure that could hold it)."""
    seen = set()
    for f in d.facts:
        if (f.source, f.page) in seen:
            continue
        seen.add((f.source, f.page))
        for m in _ALL_OF_FUND.finditer(f.source):
            fund = m.group("fund")
            cells = cells_for(d, _FUND_SUBJECT[fund]) + cells_for(d, "fiscal_total")
            if not cells:
                continue
            stated = Decimal(m.group("amount").replace(",", ""))
            fen = stated * CURRENCY_UNITS[m.group("unit")] * 100
            bound = max(cells, key=lambda c: c.fen)
            if fen <= bound.fen + 2 * half_digit_fen(stated, m.group("unit")):
                continue
            yield Finding("plausibility.part_exceeds_whole", "warning",
                          f"文字称{m.group('amount')}{m.group('unit')}“均为{fund}”，但本文件各表中{fund}（连同全部财政拨款）"
                          f"最多为{amount_text(bound.fen, bound.unit)}（「{bound.table}」“{bound.row}”）。",
                          sentence=f.source, expected=f"≤ {value(bound.fen)}", actual=fen / 100,
                          evidence=text_evidence(d, f.page, f.source))


@rule("narrative.contradiction", "warning", "同一段文字中，同一项目（同一口径）只有一个金额；"
      "例：“基本支出预算数为12323.46万元……基本支出12,323.48万元”")
def contradiction(d: Disclosure):
    # a paragraph on 政府采购 states the whole and its parts (货物, 中小企业 …) under one subject
    subjects = set(COMPARED_SUBJECTS) - {"function_item", "procurement"}
    for s in d.sections:
        for paragraph in s.paragraphs:
            seen: dict[tuple, Fact] = {}
            for f in d.facts:
                if f.section != s.title or f.source not in paragraph or f.subject not in subjects \
                        or not _is_amount(f):
                    continue
                key = (f.subject, f.basis, f.year)
                first = seen.setdefault(key, f)
                if first is f:
                    continue
                tol = rounding_fen(first, f)
                if abs(_fen(first) - _fen(f)) > tol:
                    yield Finding("narrative.contradiction", "warning",
                                  f"同一段中{SUBJECT_LABELS.get(f.subject, f.subject)}先写作{_written(first)}，"
                                  f"后写作{_written(f)}。",
                                  sentence=f.source, expected=_written(first), actual=_written(f),
                                  evidence=text_evidence(d, f.page, f.source))
