"""Rules on counts and rates stated beside their own figures: a part ("其中") larger than its whole,
a growth rate from nothing, a completion rate its two amounts do not give (in a sentence, or in a
项目绩效自评表's 项目资金 block). The figures are the sentence's or the form's own, so no other
table's reading is involved."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ..model import Disclosure, Finding
from ..money import format_amount
from .common import FIGURE, figure, page_of, paragraphs, table_evidence, text_evidence
from .identity_rules import identity_findings
from .registry import rule

_MEASURE = "台|辆|个|人|套|件|处|项|家|名|所|栋|幢|架|艘|部"
#: "设备 8 台，其中，单位价值 100 万元以上设备 15 台" (长沙市公安局 2025 p.10)
_OF_WHICH = re.compile(rf"(?<![\d,.])(?P<whole>\d[\d,]*)\s*(?P<m>{_MEASURE})(?P<between>[，,]?\s*其中[，,：:]?[^。；，]{{0,40}}?)"
                       rf"(?<![\d,.])(?P<part>\d[\d,]*)\s*(?P=m)")
#: "比年初预算数增加1668.14万元，增长0%" beside "支出1668.14万元" (佛山 2019 决算 p.26)
_FROM_NOTHING = re.compile(rf"{FIGURE}\s*万元[^。；]{{0,30}}?(?:增加|增长){FIGURE}\s*万元[，,]\s*(?:增长|增幅|上升)\s*0(?:\.0+)?\s*%")
#: "一般公共预算财政拨款收入1668.14万元，比上年决算数相比变化0万元，增长0%；主要是因为我局为2019年新成立单位，
#: 无2018年决算数" (佛山 2019 决算 p.25): a change of nothing from nothing
_NO_CHANGE_FROM_NOTHING = re.compile(
    rf"{FIGURE}\s*万元[，,]\s*比上年(?:决算|预算)?数?(?:相比)?(?:变化|增加|增长)了?\s*0(?:\.0+)?\s*万元"
    rf"[^。]{{0,60}}?(?:新成立|无(?:上年|\d{{4}}年)[^。，；]{{0,8}}?(?:决算|预算)数)")
#: "决算为0.16万元，完成预算0万元的0%" (佛山 2019 决算 p.26)
_DONE_FROM_NOTHING = re.compile(rf"{FIGURE}\s*万元[，,]\s*完成(?:年初|全年)?预算(?:数)?\s*0(?:\.0+)?\s*万元的\s*0(?:\.0+)?\s*%")
#: "全年预算数21143.98万元，执行数21143.98万元，完成预算的35%" (西安卫健委 2022 决算 p.46)
_COMPLETED = re.compile(rf"(?:全年)?预算数?(?:为)?\s*{FIGURE}\s*万元[，,]\s*(?:全年)?执行数?(?:为)?\s*{FIGURE}\s*万元[，,]\s*"
                        rf"(?:完成(?:全年)?预算的?|预算执行率为?|执行率为?)\s*{FIGURE}\s*%")



@rule("narrative.part_count", "warning", "“其中”所说的部分不应多于总数；例：“设备8台，其中，100万元以上设备15台”")
def part_count(d: Disclosure):
    for s, k, p in paragraphs(d):
        for m in _OF_WHICH.finditer(p):
            whole, part = int(m.group("whole").replace(",", "")), int(m.group("part").replace(",", ""))
            if part > whole:
                sentence = p[max(0, m.start() - 30):m.end() + 5]
                yield Finding("narrative.part_count", "warning",
                              f"文字称共{whole}{m.group('m')}，“其中”却有{part}{m.group('m')}，部分多于总数。",
                              sentence=sentence, expected=f"≤ {whole}", actual=part,
                              evidence=text_evidence(d, s.page_at(k, m.start()), sentence))


@rule("narrative.rate_from_nothing", "warning", "上年（或预算）为零时增幅无从计算，不应写作“增长0%”，变化也不是“0万元”；"
      "例：“支出1668.14万元，比年初预算数增加1668.14万元，增长0%”")
def rate_from_nothing(d: Disclosure):
    for s, k, p in paragraphs(d):
        for m in _FROM_NOTHING.finditer(p):
            now, added = figure(m.group(1)), figure(m.group(2))
            if added > 0 and added == now:
                sentence = p[max(0, m.start() - 20):m.end() + 5]
                yield Finding("narrative.rate_from_nothing", "warning",
                              f"本年{now}万元比上年（预算）增加{added}万元，即上年（预算）为零，增幅无从计算，文中却写“增长0%”。",
                              sentence=sentence, actual="0%", evidence=text_evidence(d, s.page_at(k, m.start()), sentence))
        for m in _NO_CHANGE_FROM_NOTHING.finditer(p):
            if figure(m.group(1)) > 0:
                sentence = p[max(0, m.start() - 20):m.end() + 5]
                yield Finding("narrative.rate_from_nothing", "warning",
                              f"本年{m.group(1)}万元，文中说上年没有此数，则比上年增加{m.group(1)}万元，文中却写“变化0万元”。",
                              sentence=sentence, expected=f"{m.group(1)}万元", actual="0万元",
                              evidence=text_evidence(d, s.page_at(k, m.start()), sentence))
        for m in _DONE_FROM_NOTHING.finditer(p):
            if figure(m.group(1)) > 0:
                sentence = p[max(0, m.start() - 20):m.end() + 5]
                yield Finding("narrative.rate_from_nothing", "warning",
                              f"支出{m.group(1)}万元而预算为0万元，完成率无从计算（已超出预算），文中却写“完成预算的0%”。",
                              sentence=sentence, actual="0%", evidence=text_evidence(d, s.page_at(k, m.start()), sentence))


@rule("narrative.completion_rate", "warning", "文字中的完成（执行）率可由同句的预算数与执行数重算；"
      "例：“全年预算数21143.98万元，执行数21143.98万元，完成预算的35%”应为100%")
def completion_rate(d: Disclosure):
    for s, k, p in paragraphs(d):
        for m in _COMPLETED.finditer(p):
            budget, done, stated = figure(m.group(1)), figure(m.group(2)), figure(m.group(3))
            if budget <= 0:
                continue
            decimals = max(0, -stated.as_tuple().exponent)
            got = (done / budget * 100).quantize(Decimal(1).scaleb(-decimals))
            # the stated rate stands for half its last digit either way; the amounts' rounding adds a hair
            if abs(done / budget * 100 - stated) > Decimal("0.5") * Decimal(1).scaleb(-decimals) + Decimal("0.01"):
                sentence = p[max(0, m.start() - 20):m.end() + 5]
                yield Finding("narrative.completion_rate", "warning",
                              f"预算数{m.group(1)}万元、执行数{m.group(2)}万元，完成率应为{got}%，文中写作{m.group(3)}%。",
                              sentence=sentence, expected=got, actual=stated,
                              evidence=text_evidence(d, s.page_at(k, m.start()), sentence))


@rule("performance.total", "warning", "项目支出绩效目标表的合计等于各项目资金总额之和（跨页续表的项目只计一次）；"
      "按单位列示的，合计等于各单位行之和")
def performance_total(d: Disclosure):
    """A warning, not an error: a project's amount is read from a merged cell repeated over page
    breaks, and no other table need print it, so the sum is less corroborated than a grid's."""
    yield from identity_findings(d, "performance.total", "warning")


@rule("performance.execution_rate", "warning", "项目绩效自评表的执行率可由同表的全年执行数 ÷ 全年预算数重算；"
      "例：全年预算数840万元、全年执行数701.17万元，执行率应为83.47%，表中印作83.50%")
def execution_rate(d: Disclosure):
    for t in d.tables_of("project_performance"):
        f = t.frame
        if "rate" not in f or "budget_full" not in f or "actual" not in f:
            continue
        for k, (_, r) in enumerate(f.iterrows()):
            m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", str(r["rate"] or ""))
            if m is None or pd.isna(r["budget_full"]) or pd.isna(r["actual"]) or int(r["budget_full"]) <= 0:
                continue
            stated = Decimal(m.group(1))
            if stated == 0 and k > 0:
                continue  # 国家信访局 2024's forms print "0.0%" in every row below 年度资金总额: the template's filler
            exact = Decimal(int(r["actual"])) / Decimal(int(r["budget_full"])) * 100
            decimals = max(0, -stated.as_tuple().exponent)
            if abs(exact - stated) <= Decimal("0.5") * Decimal(1).scaleb(-decimals) + Decimal("0.005"):
                continue
            got = exact.quantize(Decimal("0.01"))
            yield Finding("performance.execution_rate", "warning",
                          f"{t.where}“{r['label']}”的执行率印作{r['rate']}，而全年执行数{format_amount(int(r['actual']), '万元')}万元 ÷ "
                          f"全年预算数{format_amount(int(r['budget_full']), '万元')}万元 = {got}%。",
                          table=t.where, row=r["label"], expected=got, actual=stated,
                          evidence=table_evidence(d, t, page_of(r)))


@rule("performance.execution_score", "warning", "项目绩效自评表中预算执行率的得分不超过分值 × 执行率（按所印位数）；"
      "例：执行率73%，分值10分，得分却为10分")
def execution_score(d: Disclosure):
    """The national template scores budget execution as 分值 × 执行率 (the rate capped at 100%); a
    score above it gives the project marks its spending did not earn (西安卫健委 2022 p.136: 360
    budgeted, 263 spent, 73%, 10 of 10)."""
    for t in d.tables_of("project_performance"):
        f = t.frame
        if not {"rate", "weight", "points"} <= set(f.columns) or not len(f):
            continue
        r = f.iloc[0]
        m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", str(r["rate"] or ""))
        if m is None or not isinstance(r["weight"], str) or not isinstance(r["points"], str):
            continue
        rate, weight, points = Decimal(m.group(1)), Decimal(r["weight"]), Decimal(r["points"])
        earned = weight * min(rate, Decimal(100)) / 100
        slack = Decimal("0.5") * Decimal(1).scaleb(min(points.as_tuple().exponent, 0)) + Decimal("0.005")
        if points <= earned + slack:
            continue
        yield Finding("performance.execution_score", "warning",
                      f"{t.where}预算执行率为{r['rate']}，分值{r['weight']}分，得分应不超过{earned.quantize(Decimal('0.01'))}分，"
                      f"而表中得分为{r['points']}分。",
                      table=t.where, row=r["label"], expected=earned.quantize(Decimal("0.01")), actual=points,
                      evidence=table_evidence(d, t, page_of(r)))


@rule("performance.copied_form", "warning", "不同项目的绩效自评表，项目资金（年初预算数、全年预算数、执行数）不应完全相同"
      "（带角分的数额相同，多为照抄）；例：三个项目的自评表都印全年预算数、执行数7,614.74万元")
def copied_form(d: Disclosure):
    """Forms of different projects that print the same 年初预算数, 全年预算数 and 执行数, a figure
    with decimals in 万元 (a round 400 or 500 may well be shared), were most likely copied one from
    another (西安卫健委 2022 pp.138, 140, 141: 7,614.74 / 7,614.74 / 7,614.74, the 迁建项目's)."""
    groups: dict[tuple, list] = {}
    for t in d.tables_of("project_performance"):
        f = t.frame
        if not {"budget_full", "actual", "project_name"} <= set(f.columns) or not len(f):
            continue
        r = f.iloc[0]
        if pd.isna(r["budget_full"]) or pd.isna(r["actual"]) or int(r["budget_full"]) % 1_000_000 == 0:
            continue
        key = (None if pd.isna(r.get("budget_initial")) else int(r["budget_initial"]), int(r["budget_full"]), int(r["actual"]))
        groups.setdefault(key, []).append(t)
    for (_, full, actual), tables in groups.items():
        names = {t.frame["project_name"].iat[0] for t in tables}
        if len(names) < 2:
            continue
        where = "、".join(t.where for t in tables)
        yield Finding("performance.copied_form", "warning",
                      f"{where}是{len(names)}个不同项目的自评表，项目资金却完全相同（全年预算数{format_amount(full, '万元')}万元，"
                      f"执行数{format_amount(actual, '万元')}万元），可能是照抄其他项目的数额。",
                      table=tables[0].where, expected=None, actual=format_amount(full, "万元"),
                      evidence=[e for t in tables for e in table_evidence(d, t, page_of(t.frame["page"].iat[0]))])


#: a project's 绩效自评综述 in the text and its figures, in either order and wording:
#: "35.西安市疾病预防控制中心疾控新址实验设备采购项目绩效自评综述：全年预算数2277万元，执行数3215.02万元" (西安卫健委
#: 2022 p.41); "3.信息化运行维护项目绩效自评综述：根据年初设定的绩效目标，项目自评得分为88.5分。全年预算数为
#: 1639.34万元，执行数为1032.99万元" (国家信访局 2024 p.28)
_SUMMARY = re.compile(r"(?:^|[。；\s])\d+[.．、]\s*(?P<name>[^：:。；]{2,80}?)绩效自评综述[：:]")
_SUMMARY_FIGURES = {
    "score": re.compile(r"自评得分(?:为|是)?\s*(?P<v>\d+(?:\.\d+)?)\s*分"),
    "budget_full": re.compile(rf"全年预算数(?:为|是)?\s*{FIGURE}\s*万元"),
    "actual": re.compile(rf"(?:全年)?执行数(?:为|是)?\s*{FIGURE}\s*万元"),
}
_SUMMARY_REACH = 200  # the figures follow the heading within its first sentences


def _summary_figures(text: str) -> dict[str, tuple[str, int, int]]:
    """The figures a summary states (as printed, with where they are in ``text``)."""
    out = {}
    for name, pattern in _SUMMARY_FIGURES.items():
        m = pattern.search(text, 0, _SUMMARY_REACH)
        if m:
            out[name] = (m.group(1), m.start(), m.end())
    return out


def _unqualified(name: str) -> str:
    """A name without the words in brackets that qualify it."""
    return re.sub(r"[（(][^（）()]*[）)]", "", name)


def _form_of(forms: dict[str, list], name: str):
    """The one 自评表 whose project the summary names (its name inside the summary's, which adds
    the unit and "项目"); ``None`` when none or several match. Words in brackets qualify the name
    and are no part of it: "西安市儿童医院…财政补偿资金（卫生健康事业发展专项资金）项目" (西安卫健委 2022
    p.142) is not the form of 卫生健康事业发展专项资金 (p.143)."""
    name = _unqualified(name)
    hits = [t for key, ts in forms.items() if key and key.removesuffix("项目") in name for t in ts]
    return hits[0] if len(hits) == 1 else None


@dataclass
class Summary:
    """A project's 绩效自评综述 in the text: its number and name, the figures it states (as printed,
    with where they are in ``words``), and where it is printed."""

    number: int
    name: str
    heading: str  # "11.西安市中心血站无偿献血者宣传资金项目绩效自评综述："
    words: str  # what follows the heading, its figures among them
    figures: dict[str, tuple[str, int, int]]
    page: int | None
    at: int = 0  # the paragraph's place in the text (the order of :func:`~.common.paragraphs`)

    def through(self, end: int) -> str:
        """The heading and the words up to ``end`` (the end of one of its figures)."""
        return self.heading + self.words[:end]


def project_summaries(d: Disclosure) -> list[Summary]:
    """Every 绩效自评综述 of the text, in order. Its figures follow its heading in the same paragraph,
    or, when the heading ends its paragraph, in the next one (西安卫健委 2022 p.35: "11.西安市中心血站
    无偿献血者宣传资金项目绩效自评综述：" and its 全年预算数 in the paragraph below)."""
    found = []
    items = list(paragraphs(d))
    for i, (s, k, p) in enumerate(items):
        heads = list(_SUMMARY.finditer(p))
        for n, m in enumerate(heads):
            end = heads[n + 1].start() if n + 1 < len(heads) else len(p)
            words = p[m.end():end]
            if not words.strip() and i + 1 < len(items) and not _SUMMARY.search(items[i + 1][2]):
                words = items[i + 1][2]
            heading = p[m.start():m.end()].lstrip("。； \n")
            found.append(Summary(int(re.match(r"\d+", heading).group()), m.group("name"), heading, words,
                                 _summary_figures(words), s.page_at(k, m.start()), i))
    return found


@rule("performance.summary_vs_form", "warning", "文字中项目绩效自评综述的自评得分、全年预算数、执行数与该项目的自评表一致；"
      "例：综述称执行数3215.02万元，自评表为2,174.20万元")
def summary_vs_form(d: Disclosure):
    forms: dict[str, list] = {}
    for t in d.tables_of("project_performance"):
        f = t.frame
        if "actual" in f and "project_name" in f and len(f) and isinstance(f["project_name"].iloc[0], str):
            forms.setdefault(f["project_name"].iloc[0], []).append(t)
    if not forms:
        return
    for summary in project_summaries(d):
        t = _form_of(forms, summary.name)
        if t is None:
            continue
        row = t.frame.iloc[0]
        for name, (said, _, b) in summary.figures.items():
            found = _differs(row, name, said)
            if found is None:
                continue
            what, printed = found
            unit = "分" if name == "score" else "万元"
            sentence = summary.through(b)
            yield Finding("performance.summary_vs_form", "warning",
                          f"文字综述称“{summary.name}”{what}{said}{unit}，而其{t.where}为{printed}{unit}。",
                          sentence=sentence, table=t.where, expected=printed, actual=said,
                          evidence=text_evidence(d, summary.page, sentence)
                          + table_evidence(d, t, page_of(row)))


#: "本部门在部门决算中反映机场入境人员核酸检测费用等82个一级项目的绩效自评结果，涉及预算资金597650.29万元"
#: (西安卫健委 2022 p.23); "组织对…卫生健康事业发展专项资金等1个专项资金项目进行自评，涉及预算金额51552.9万元" (p.142)
_EVALUATED = re.compile(rf"(?:反映|对)(?P<name>[^，。；]{{2,40}}?)等?(?P<n>\d+)个[^，。；]{{0,10}}?项目"
                        rf"[^。；]{{0,20}}?(?:自评|评价)[^。；]{{0,20}}?涉及(?:预算)?(?:资金|金额)(?:为)?\s*{FIGURE}\s*万元")


def _runs(summaries: list[Summary]) -> list[list[Summary]]:
    """The summaries as the lists they are printed in: each list numbered from 1."""
    runs: list[list[Summary]] = []
    for x in summaries:
        if x.number == 1 or not runs:
            runs.append([])
        runs[-1].append(x)
    return runs


def _names_one(said: str, summary: str) -> bool:
    """Whether a sentence's words for a project ("机场入境人员核酸检测费用", "本部门2022年度主管的的卫生健康事业
    发展专项资金") and a summary's name (its unit before, "项目" after, words in brackets aside) name
    one project: either holds the other."""
    name = _unqualified(summary).removesuffix("项目")
    return len(name) >= 4 and len(said) >= 4 and (said in name or name in said)


def _sum(run: list[Summary], name: str) -> Decimal | None:
    """The run's figure ``name`` added up, when every summary of it states one."""
    if not all(name in x.figures for x in run):
        return None
    return sum((figure(x.figures[name][0]) for x in run), Decimal(0))


@rule("performance.evaluated_projects", "warning", "文字所称参加绩效自评的项目个数和涉及金额，与其后逐项列出的自评综述一致；"
      "例：称“82个一级项目…涉及预算资金597650.29万元”，其后列出87个项目的综述，全年预算数合计604,738.45万元")
def evaluated_projects(d: Disclosure):
    """A sentence that counts the projects evaluated and their funds, against the list of
    summaries printed after it that names its project ("…等82个一级项目"): the list's count, and
    the sum of its 全年预算数 (when every summary states one; a sum that is their 执行数 is said so)."""
    runs = _runs(project_summaries(d))
    if not runs:
        return
    for i, (s, k, p) in enumerate(paragraphs(d)):
        for m in _EVALUATED.finditer(p):
            name = re.sub(r"\s+", "", m.group("name"))
            run = next((r for r in runs if r[0].at >= i and any(_names_one(name, x.name) for x in r)), None)
            if run is None:
                continue
            said_n, said = int(m.group("n")), figure(m.group(3))
            budget, actual = _sum(run, "budget_full"), _sum(run, "actual")
            pages = ("" if run[0].page is None else f"（第{run[0].page}页）" if run[0].page == run[-1].page
                     else f"（第{run[0].page}–{run[-1].page}页）")
            sentence = p[m.start():m.end()]
            if said_n != len(run):
                listed = f"其后列出的绩效自评综述{pages}为{len(run)}个项目" + (
                    f"，全年预算数合计{format_amount(int(budget * 1_000_000), '万元')}万元" if budget is not None else "")
            elif budget is not None and said != budget:
                listed = f"其后的{len(run)}个项目{pages}全年预算数合计{format_amount(int(budget * 1_000_000), '万元')}万元" + (
                    f"，{m.group(3)}万元是其执行数" if actual is not None and said == actual else "")
            else:
                continue
            yield Finding("performance.evaluated_projects", "warning", f"文字称“{sentence}”，{listed}。",
                          sentence=sentence, expected=len(run) if said_n != len(run) else budget, actual=said_n if said_n != len(run) else said,
                          evidence=text_evidence(d, s.page_at(k, m.start()), sentence) + text_evidence(d, run[0].page, run[0].heading))


def _differs(row, name: str, said: str) -> tuple[str, str] | None:
    """What a project's 自评表 prints for ``name`` and what that figure is called, when the
    summary's figure is another (beyond its own rounding); ``None`` when they agree or the form
    prints none."""
    value = figure(said)
    half = Decimal("0.5") * Decimal(1).scaleb(value.as_tuple().exponent)
    if name == "score":
        printed = row.get("score")
        if not isinstance(printed, str) or abs(value - Decimal(printed)) <= half:
            return None
        return "自评得分", printed
    if name not in row or pd.isna(row[name]):
        return None
    if abs(value * 1_000_000 - int(row[name])) <= half * 1_000_000:
        return None
    return {"budget_full": "全年预算数", "actual": "全年执行数"}[name], format_amount(int(row[name]), "万元")
