"""The narrative: sections by heading, and the facts its sentences state.

Every fact keeps the sentence it came from and the unit exactly as written, so that a slip
such as "比2022年4954.22元" (元 where 万元 is meant) survives for the audit to catch.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .model import Fact, Section

__all__ = ["split_sections", "sentences", "extract_facts", "parse_heading"]

NUM = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
MONEY = r"(亿元|万元|元)"
_COUNT_UNITS = r"(亿元|万元|元|万人次|万人|万件|万户|人次|人|家|户|件|份|%|台（套）|台\(套\)|台|套|个|次|辆|项|批|名|车次)"

_H1 = re.compile(r"^\s*(?P<num>第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+)\s*[、.．]\s*(?P<title>.+?)\s*$")
_H2 = re.compile(r"^\s*[（(](?P<num>[一二三四五六七八九十]+)[）)]\s*(?P<title>.+?)\s*$")
_SENTENCE_PUNCT = re.compile(r"[。，；：,;:！？]")


def parse_heading(line: str) -> tuple[str, str, int] | None:
    """(number, title, level) when ``line`` is a section heading, else ``None``."""
    text = line.strip()
    if not text or len(text) > 40:
        return None
    m = _H1.match(text)
    if m and not _SENTENCE_PUNCT.search(m.group("title")):
        return m.group("num"), m.group("title"), 1
    m = _H2.match(text)
    if m and not _SENTENCE_PUNCT.search(m.group("title")):
        return f"（{m.group('num')}）", m.group("title"), 2
    if (
        len(text) <= 24
        and not _SENTENCE_PUNCT.search(text)
        and not re.match(r"^\d", text)
        and re.search(r"(说明|情况|解释|概况|职责|设置|目录|附件|结果)$", text)
    ):
        return "", text, 3
    return None


def split_sections(lines: list[str]) -> tuple[list[str], list[Section]]:
    """The document's heading lines (before the first section) and its sections."""
    head: list[str] = []
    sections: list[Section] = []
    for line in lines:
        heading = parse_heading(line)
        if heading:
            sections.append(Section(number=heading[0], title=heading[1], level=heading[2]))
            continue
        text = line.strip()
        if not text:
            continue
        if sections:
            sections[-1].paragraphs.append(text)
        else:
            head.append(text)
    return head, sections


def sentences(paragraph: str) -> list[str]:
    """A paragraph split after 。；！？ (the punctuation kept)."""
    parts = re.split(r"(?<=[。；！？!?])", paragraph)
    return [p.strip() for p in parts if p.strip()]


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


# subjects of money sentences; the alternation is tried left to right, longest first
_SUBJECTS = [
    ("basic", r"基本支出(?:预算|决算)?"),
    ("project", r"项目支出(?:预算|决算)?"),
    ("income", r"(?<![款金营政业他])收入(?:预算|决算)(?:总计|合计|总额)?|收入总计|本年收入"),
    ("expenditure", r"(?<![款金营政购])支出(?:预算|决算)(?:总计|合计|总额)?|支出总计|本年支出"),
    ("operating_costs", r"(?:机构|机关|事业)运行经费"),
    ("procurement", r"政府采购(?:项目)?(?:资金|预算)?"),
    ("three_public", r"[“\"]?三公[”\"]?经费(?:财政拨款)?(?:预算)?"),
    ("purchase_services", r"政府购买服务(?:预算)?(?:资金)?"),
]
_SUBJECT_RE = re.compile("|".join(f"(?P<{name}>{p})" for name, p in _SUBJECTS))
_AMOUNT = re.compile(NUM + r"\s*" + MONEY)
_COMPARE = re.compile(r"比(?:上年|(?P<year>\d{4})年度?)[^，。；\d增减持上下降]*?" + NUM + r"\s*" + MONEY + "?")
_CHANGE = re.compile(r"(?P<dir>增加|减少|增长|下降|上升|降低)了?\s*" + NUM + r"\s*(?P<unit>亿元|万元|元|%|个百分点)")
_SHARE = re.compile(r"占[^，。；%\d]*?" + NUM + r"\s*%")
_YEAR = re.compile(r"(\d{4})年")
_PART_OF = re.compile(r"中[，,]|其中")
_THREE_PUBLIC_PART = re.compile(r"出国|接待|公务用车|购置|运行维护")

_STATEMENTS = [
    ("no_three_public", r"无[“\"]?三公[”\"]?经费|[“\"]?三公[”\"]?经费[^。；，]*?(?:均为0|均为零|为零|为0)(?!\.\d)"),
    ("no_purchase_services", r"不涉及政府购买服务|无政府购买服务|政府购买服务[^。；]*?(?:为0|为零|无)"),
    ("no_state_capital", r"无国有资本经营预算|不涉及国有资本经营预算|国有资本经营预算[^。；]*?(?:为0|为零)"),
    ("no_government_fund", r"无政府性基金|不涉及政府性基金|政府性基金[^。；]*?(?:为0|为零)"),
    ("no_procurement", r"无政府采购|不涉及政府采购"),
]

_SIMPLE = [
    ("staff_authorized", r"编制(?:数)?(?:为|共)?\s*" + NUM + r"\s*(个|人|名)"),
    ("staff_active", r"在职(?:人员)?(?:为|共|有)?\s*" + NUM + r"\s*(人|名)"),
    ("staff_retired", r"退休(?:人员)?(?:为|共|有)?\s*" + NUM + r"\s*(人|名)"),
    ("assets_original", r"固定资产原值(?:为|共)?\s*" + NUM + r"\s*" + MONEY),
    ("assets_depreciation", r"累计折旧(?:为|共)?\s*" + NUM + r"\s*" + MONEY),
    ("assets_net", r"固定资产净值(?:为|共)?\s*" + NUM + r"\s*" + MONEY),
]
_ASSET_PART = re.compile(r"(?P<label>[\u4e00-\u9fff]{2,8}?)净值(?:为)?\s*" + NUM + r"\s*" + MONEY)
_EQUIPMENT = re.compile(r"单位价值\s*" + NUM + r"\s*万元以上的(?P<label>[\u4e00-\u9fff]{2,8}?)\s*" + NUM + r"\s*(台（套）|台\(套\)|台|套|辆)")
_VEHICLES = re.compile(r"(?P<label>[\u4e00-\u9fff]{0,6}车辆?)\s*" + NUM + r"\s*辆")
_FIGURE = re.compile(NUM + r"\s*(?P<q>多|余)?\s*" + _COUNT_UNITS)


def extract_facts(sections: list[Section], year: int | None = None) -> list[Fact]:
    """Every fact the narrative states (see the module doc)."""
    facts: list[Fact] = []
    for section in sections:
        for paragraph in section.paragraphs:
            subject = None
            for sentence in sentences(paragraph):
                subject = _money_facts(sentence, section.title, year, subject, facts)
                _simple_facts(sentence, section.title, facts)
                if "绩效" in section.title:
                    _performance_figures(sentence, section.title, facts)
    return facts


def _money_facts(sentence: str, title: str, year: int | None, subject: str | None, out: list[Fact]) -> str | None:
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    shares = [m.span() for m in _SHARE.finditer(sentence)]  # "占总支出预算的…%" names the whole
    subjects = [
        (m.start(), m.lastgroup, m.end())
        for m in _SUBJECT_RE.finditer(sentence)
        if not any(a <= m.start() < b for a, b in shares)
    ]
    if subjects:
        subject = subjects[0][1]
    if subject is None:
        return None
    sentence_year = _YEAR.search(sentence)

    def subject_at(pos: int, carried: bool = True) -> str | None:
        before = [(s, end) for p, s, end in subjects if p <= pos]
        if not before:
            return subject if carried else None
        name, end = before[-1]
        # "“三公”经费预算支出中，因公出国（境）费支出80万元": the amount is a part's, not the subject's
        if not carried and _PART_OF.search(sentence[end:pos]) or (name == "three_public" and not carried
                                                                   and _THREE_PUBLIC_PART.search(sentence[end:pos])):
            return None
        return name

    for m in _COMPARE.finditer(sentence):
        name = subject_at(m.start())
        value, unit = m.group(2), m.group(3)
        out.append(Fact(f"{name}_prev", _dec(value), unit or None, sentence, title,
                        year=int(m.group("year")) if m.group("year") else (year - 1 if year else None)))
        taken.append(m.span())
    for m in _CHANGE.finditer(sentence):
        name = subject_at(m.start())
        value = _dec(m.group(2))
        if m.group("dir") in ("减少", "下降", "降低"):
            value = -value
        unit = m.group("unit")
        out.append(Fact(f"{name}_change" if unit not in ("%", "个百分点") else f"{name}_change_rate",
                        value, unit, sentence, title, year=year))
        taken.append(m.span())
    for m in _SHARE.finditer(sentence):
        out.append(Fact(f"{subject_at(m.start())}_share", _dec(m.group(1)), "%", sentence, title, year=year))
        taken.append(m.span())
    for m in _AMOUNT.finditer(sentence):
        if not free(m.span()):
            continue
        name = subject_at(m.start(), carried=False)  # a main amount needs its subject before it
        if name is None:
            continue
        fact_year = int(sentence_year.group(1)) if sentence_year and sentence_year.start() < m.start() else year
        if any(f.name == name and f.source == sentence for f in out):
            continue  # one main amount per subject and sentence
        out.append(Fact(name, _dec(m.group(1)), m.group(2), sentence, title, year=fact_year))
        taken.append(m.span())
    return subject


def _simple_facts(sentence: str, title: str, out: list[Fact]) -> None:
    for name, pattern in _STATEMENTS:
        if re.search(pattern, sentence):
            out.append(Fact(name, True, None, sentence, title))
    asset_year = None
    m = re.search(r"(?:截[止至])\s*(\d{4})年", sentence)
    if m:
        asset_year = int(m.group(1))
    for name, pattern in _SIMPLE:
        for m in re.finditer(pattern, sentence):
            out.append(Fact(name, _dec(m.group(1)), m.group(2), sentence, title,
                            year=asset_year if name.startswith("assets") else None))
    if "净值" in sentence:
        for m in _ASSET_PART.finditer(sentence):
            label = re.sub(r"^(其中|固定资产)", "", m.group("label").lstrip("：:，、"))
            if label and label != "固定资产" and "资产" not in label:
                out.append(Fact("assets_net_part", _dec(m.group(2)), m.group(3), sentence, title,
                                year=asset_year, label=label))
    for m in _EQUIPMENT.finditer(sentence):
        out.append(Fact("equipment_over_threshold", _dec(m.group(3)), m.group(4), sentence, title,
                        year=asset_year, label=f"单位价值{m.group(1)}万元以上的{m.group('label')}"))
    for m in _VEHICLES.finditer(sentence):
        out.append(Fact("vehicles", _dec(m.group(2)), "辆", sentence, title, label=m.group("label") or None))


def _performance_figures(sentence: str, title: str, out: list[Fact]) -> None:
    for m in _FIGURE.finditer(sentence):
        if _YEAR.match(sentence, m.start()) or sentence[m.end():m.end() + 1] == "年":
            continue
        clause_start = max(sentence.rfind(p, 0, m.start()) for p in "，。；、：,;:") + 1
        label = sentence[clause_start:m.start()].strip() or None
        out.append(Fact("performance", _dec(m.group(1)), m.group(3), sentence, title,
                        qualifier=m.group("q"), label=label))
