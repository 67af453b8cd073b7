"""The narrative: sections by heading, and the facts its sentences state.

Every fact keeps the sentence it came from and the unit exactly as written, so that a slip
such as "比2022年4954.22元" (元 where 万元 is meant) survives for the audit to catch.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .model import Fact, Section
from .subjects import LEGACY_NAMES, QUALIFIERS, SUBJECT_RE

__all__ = ["split_sections", "sentences", "sentence_spans", "extract_facts", "parse_heading"]

NUM = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
MONEY = r"(亿元|万元|元)"
_COUNT_UNITS = r"(亿元|万元|元|万人次|万人|万件|万户|人次|人|家|户|件|份|%|台（套）|台\(套\)|台|套|个|次|辆|项|批|名|车次|分)"

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


def split_sections(lines: list[str], pages: list[list[tuple[int, int]]] | None = None) -> tuple[list[str], list[Section]]:
    """The document's heading lines (before the first section) and its sections; ``pages`` (PDF)
    says where each line's pages begin, and every paragraph keeps it."""
    head: list[str] = []
    sections: list[Section] = []
    for i, line in enumerate(lines):
        page_map = pages[i] if pages and i < len(pages) else []
        heading = parse_heading(line)
        if heading:
            sections.append(Section(number=heading[0], title=heading[1], level=heading[2],
                                    page=page_map[0][1] if page_map else None))
            continue
        text = line.strip()
        if not text:
            continue
        if sections:
            shift = len(line) - len(line.lstrip())
            sections[-1].paragraphs.append(text)
            sections[-1].pages.append([(max(0, o - shift), p) for o, p in page_map])
        else:
            head.append(text)
    return head, sections


def sentences(paragraph: str) -> list[str]:
    """A paragraph split after 。；！？ (the punctuation kept)."""
    return [s for _, s in sentence_spans(paragraph)]


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


_SHARE = re.compile(r"占[^，。；%\d]*?" + NUM + r"\s*%")
_YEAR = re.compile(r"(\d{4})年")

_STATEMENTS = [
    # "无…", "没有…" (杭州 2026 p.35-36, under the empty table: "本部门没有国有资本经营预算拨款安排的支出，故本表无数据")
    ("no_three_public", r"(?:无|没有)[“\"]?三公[”\"]?经费|[“\"]?三公[”\"]?经费[^。；，]*?(?:均为0|均为零|为零|为0)(?!\.\d)"),
    ("no_purchase_services", r"不涉及政府购买服务|(?:无|没有)政府购买服务|政府购买服务[^。；]*?(?:为0|为零|无)"),
    ("no_state_capital", r"(?:无|没有)国有资本经营预算|不涉及国有资本经营预算|国有资本经营预算[^。；]*?(?:为0|为零)"),
    ("no_government_fund", r"(?:无|没有)政府性基金|不涉及政府性基金|政府性基金[^。；]*?(?:为0|为零)"),
    ("no_procurement", r"(?:无|没有)政府采购|不涉及政府采购"),
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
_FIGURE = re.compile(NUM + r"\s*(?P<q>多|余)?\s*" + _COUNT_UNITS)


def extract_facts(sections: list[Section], year: int | None = None, kind: str | None = None,
                  function_names: list[str] | None = None) -> list[Fact]:
    """Every fact the narrative states: each figure with its subject, kind and basis (see
    :mod:`budgetkit.subjects`), the statements ("无“三公”经费"), staffing and assets.
    ``function_names`` are the 类/款/项 names of the document's tables (a sentence that names one
    states a functional item)."""
    facts: list[Fact] = []
    names = _function_names(function_names)
    parent = ""  # the heading above numbered sections: a project's name on its own page
    for section in sections:
        if section.level == 3:
            parent = section.title
        # a heading that states a figure ("（一）收入预算总计24,169.74万元") is a sentence too
        texts = ([(None, [(0, section.title)])] if _ANY_FIGURE.search(section.title) else []) + \
                [(k, sentence_spans(p)) for k, p in enumerate(section.paragraphs)]
        item = None  # the functional item the section's last paragraph that named one was about
        for k, spans in texts:
            carried, context = None, _Context(item)
            if _ITEM_TITLE.search(section.title):  # "一般公共服务支出（类）财政事务（款）行政运行（项）" as a heading
                context.head = ("function_item", section.title)
            for start, sentence in spans:
                page = section.page if k is None else section.page_at(k, start)
                taken = _simple_facts(sentence, section.title, facts, page)
                if "绩效" in section.title:
                    _performance_figures(sentence, section.title, facts, page)
                    continue
                def page_of(offset: int, k=k, start=start) -> int | None:  # figures keep their own page
                    return section.page if k is None else section.page_at(k, start + offset)

                carried = _figure_facts(sentence, section, parent, page_of, year, kind, names, carried, taken, facts,
                                        context)
            item = context.item
    return facts


class _Context:
    """What a paragraph has said so far: after "主要原因" its amounts explain, they state nothing."""

    def __init__(self, item=None):
        self.reasons = False
        self.head = None  # the subject the paragraph opens with, and its label
        self.item = item  # the last functional item a sentence of the section opened with


def sentence_spans(paragraph: str) -> list[tuple[int, str]]:
    """(offset, sentence) for each sentence of a paragraph (split after 。；！？)."""
    out, pos = [], 0
    for part in re.split(r"(?<=[。；！？!?])", paragraph):
        stripped = part.strip()
        if stripped:
            out.append((pos + part.index(stripped[0]), stripped))
        pos += len(part)
    return out


_ANY_FIGURE = re.compile(r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
                     r"(?P<unit>亿元|万元|元|万(?![人件户个次])|%|％|个百分点|台（套）|台\(套\)|个|家|辆|项|名|人次|人|次|分)")
#: the words before a change: "增长0%", "增幅4.88%", "增长率为0%" (佛山 2019 p.26)
_CHANGE_WORD = re.compile(r"(增加|减少|增长|下降|上升|降低|增幅|降幅|减幅|增|减)(率)?(了|为)?\s*$")
_RATE_WORD = re.compile(r"完成[^，。；%\d]{0,12}$|完成率(为)?$|执行率(为)?$")
_PREV_WORD = re.compile(r"(比|较|与)(上年|上年度|(?P<year>\d{4})年度?)(?P<what>[^，。；\d]{0,12})$")
_THRESHOLD = re.compile(r"单[价位](?:价值)?\s*$")
_REASON_INNER = re.compile(r"划转|分流|调整|纳入|减少|增加|收入")
_BASIS_WORD = re.compile(r"(年初预算|调整(后)?预算|全年预算|决算|执行数|预算数)(为|是)?\s*$")
_ORG_AFTER = re.compile(r"(内设机构|下属单位|派出机构|预算单位|事业单位|行政单位|处室|直属单位)")
_PLANNED = re.compile(r"(安排|拟|计划)购置")
_CHANGE_BEFORE = re.compile(r"^[^，。；\d]{0,6}(增加|减少)了?[\u4e00-\u9fff“”\"（）]{2,20}$")
_ITEM_TITLE = re.compile(r"[（(][类款项][）)]")
_MONEY_UNITS = ("亿元", "万元", "元", "万")


def _function_names(extra: list[str] | None) -> re.Pattern | None:
    from .codes import FUNCTION_CLASSES

    names = {n for n in FUNCTION_CLASSES.values()} | {n for n in (extra or []) if n and len(n) >= 4}
    names = sorted((re.escape(n) for n in names), key=len, reverse=True)
    return re.compile("|".join(names)) if names else None


def _subjects_in(sentence: str, names: re.Pattern | None) -> list[tuple[int, int, str, str]]:
    """(start, end, subject, words) of every subject named in the sentence, left to right; where
    two overlap the longer one stands."""
    found = [(m.start(), m.end(), m.lastgroup, m.group()) for m in SUBJECT_RE.finditer(sentence)]
    if names is not None:
        found += [(m.start(), m.end(), "function_item", m.group()) for m in names.finditer(sentence)]
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out: list[tuple[int, int, str, str]] = []
    for item in found:
        if out and item[0] < out[-1][1]:
            if item[1] - item[0] > out[-1][1] - out[-1][0]:
                out[-1] = item
            continue
        out.append(item)
    return out


def _figure_facts(sentence: str, section: Section, parent: str, page_of, year: int | None,
                  doc_kind: str | None, names: re.Pattern | None, carried: str | None,
                  taken: list[tuple[int, int]], out: list[Fact], context: "_Context | None" = None) -> str | None:
    """One fact per figure of the sentence (amounts, shares, changes, rates, counts) not taken by
    the simpler patterns; returns the subject the next sentence carries on with."""
    context = context or _Context()
    reason_at = sentence.find("原因") if "原因" in sentence else (0 if context.reasons else -1)
    if re.match(r"^[一二三四五六七八九十]是", sentence) and context.reasons:
        reason_at = 0
    subjects = _subjects_in(sentence, names)
    shares = [m.span() for m in _SHARE.finditer(sentence)]
    subjects = [s for s in subjects if not any(a <= s[0] < b for a, b in shares)]  # "占本年支出合计的" names the whole
    for m in _ANY_FIGURE.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken):
            continue
        after = sentence[m.end():m.end() + 1]
        if after in "年月日号" and after:
            continue
        before = sentence[:m.start()]
        unit = m.group("unit").replace("％", "%")
        value = _dec(m.group("num"))
        clause_start = max(before.rfind(p) for p in "，。；：,;:（(") + 1
        fig_kind, subject, basis, label = _classify(before, unit, clause_start)
        named = [s for s in subjects if s[1] <= m.start()]
        here = named[-1] if named else None
        counted = _ORG_AFTER.match(sentence, m.end()) if unit in ("个", "家") else None
        if subject is None:
            if counted:
                subject = "org_count"
            elif here is not None:
                subject, label = here[2], _item_label(sentence, here, named)
            elif (context.head or context.item) and _BASIS_WORD.search(before[-12:]):
                # "年初预算为1560.05万元" after the sentence naming the item
                subject, label = context.item if context.item else context.head
            elif carried and fig_kind in ("change", "share", "completion_rate"):
                subject = carried
            elif unit in _MONEY_UNITS and ("项目" in parent or "专项" in parent or "预算安排" in section.title):
                subject, label = "project_item", parent
            else:
                subject = "other"
        if fig_kind == "amount" and unit in _MONEY_UNITS and 0 <= reason_at < m.start() \
                and not (here is not None and here[0] > reason_at and not _REASON_INNER.search(before[here[1]:])):
            subject = "reason"
        if subject in ("assets_vehicles", "assets_equipment") and _PLANNED.search(before):
            subject += "_planned"
        if subject.startswith("procurement") and fig_kind == "amount":  # the more specific part of a clause wins
            clause = before[clause_start:] if "企业" in before[clause_start:] else before
            if "小微企业" in clause[-40:]:
                subject = "procurement_small_micro"
            elif "中小企业" in clause[-40:]:
                subject = "procurement_sme"
        if fig_kind == "amount" and unit not in _MONEY_UNITS and unit not in ("%", "个百分点"):
            fig_kind = "count"
        if basis is None and fig_kind == "amount":
            basis = _basis(before, here, year, doc_kind)
        fact_year = _figure_year(before, year) if fig_kind in ("amount", "count") else None
        if basis == "上年" and fact_year == year:
            fact_year = (year - 1) if year else None
        if fig_kind == "change" and re.search(r"(减少|下降|降低|降幅|减幅|减)(了|为)?\s*$", before[-8:]):
            value = -value
        name = _legacy_name(subject, fig_kind, basis, unit)
        out.append(Fact(name, value, unit, sentence, section.title, year=fact_year, label=label,
                        subject=subject, kind=fig_kind, basis=basis, page=page_of(m.start()), at=m.start()))
        taken.append(m.span())
    if "原因" in sentence:
        context.reasons = True
    items = [x for x in subjects if x[2] == "function_item"]
    if items and (not subjects or subjects[0][2] == "function_item"):  # a sentence opening with an item names it
        context.item = ("function_item", _item_label(sentence, items[-1], items))
    if context.head is None and subjects:
        first = subjects[0]
        context.head = (first[2], _item_label(sentence, first, [s for s in subjects if s[2] == first[2]]))
    return (subjects[-1][2] if subjects else carried)


def _classify(before: str, unit: str, clause_start: int) -> tuple[str, str | None, str | None, str | None]:
    """(kind, subject when the words right before settle it, basis, label)."""
    tail = before[-14:]
    if unit in ("%", "个百分点"):
        if _CHANGE_WORD.search(tail):
            return "change", None, None, None
        if _RATE_WORD.search(before[clause_start:]) or _RATE_WORD.search(tail):
            return "completion_rate", None, None, None
        return "share", None, None, None
    if _CHANGE_WORD.search(tail) or (unit in _MONEY_UNITS and _CHANGE_BEFORE.search(before[clause_start:])):
        return "change", None, None, None  # "增加2214.39万元"; "增加基本支出844.15万元"
    if unit in _MONEY_UNITS and _THRESHOLD.search(before[-6:]):
        return "amount", "equipment_threshold", None, None
    m = _PREV_WORD.search(before[clause_start:] if clause_start else before)
    if unit in _MONEY_UNITS and m:
        return "amount", None, "上年", None
    return "amount", None, None, None


#: a bare 预算 right before a 决算's figure: what was budgeted, not what was spent
_BUDGETED = re.compile(r"(?<![初整年后决])预算(?:数)?(?:为|是)?\s*$")


def _basis(before: str, here, year: int | None, doc_kind: str | None) -> str | None:
    """Which figure of its subject an amount is: the words between the subject and the figure
    (年初预算 / 决算 / 执行数 …), an earlier year named before it (上年), else the document's own."""
    span = before[here[1]:] if here else before[-12:]
    words = (here[3] if here else "") + span
    hits = [(m.end(), basis) for basis, pattern in QUALIFIERS for m in re.finditer(pattern, span)]
    if hits:
        return max(hits)[1]  # the word nearest the figure: "年初预算为…，支出决算为1614.13万元"
    if doc_kind == "决算" and _BUDGETED.search(words):  # its subject's words may end so: "…支出预算"
        return "年初预算"  # a 决算's "支出预算为76.43万元，…支出决算为46.21万元" (国家信访局 2024 p.24)
    years = [int(y) for y in re.findall(r"(\d{4})年", before)]
    if year and years and years[-1] < year:
        return "上年"
    for basis, pattern in QUALIFIERS:
        if re.search(pattern, words):
            return basis
    return "决算" if doc_kind == "决算" else "年初预算" if doc_kind == "预算" else None


def _figure_year(before: str, year: int | None) -> int | None:
    years = re.findall(r"(\d{4})年", before)
    return int(years[-1]) if years else year


def _item_label(sentence: str, here, named) -> str | None:
    label = _item_label_raw(sentence, here, named)
    return re.sub(r"^[“\"]?[\d一二三四五六七八九十]+[、.．]\s*", "", label) if label else label


def _item_label_raw(sentence: str, here, named) -> str | None:
    """The item a function_item or vehicle figure names: "一般公共服务支出（类）商贸事务（款）…"."""
    if here[2] == "function_item":
        start = here[0]
        run = [s for s in named if s[2] == "function_item"]
        first = run[0][0] if run else start
        words = sentence[:here[0]]
        m = re.search(r"[“\"]?([\u4e00-\u9fff（）()、]+)$", words[:first] + words[first:])
        text = sentence[max(0, first - 40):here[1]]
        text = re.sub(r"^.*?[，。；：:“\"]", "", text) if re.search(r"[，。；：:“\"]", text[:-len(here[3])] or "") else text
        return text.strip("“”\"") or (m.group(1) if m else None)
    if here[2] == "assets_vehicles_kind":
        return here[3]
    return None


def _legacy_name(subject: str, kind: str, basis: str | None, unit: str) -> str:
    base = LEGACY_NAMES.get(subject, subject)
    if kind == "change":
        return f"{base}_change_rate" if unit in ("%", "个百分点") else f"{base}_change"
    if kind == "share":
        return f"{base}_share"
    if kind == "completion_rate":
        return f"{base}_completion_rate"
    if kind == "amount" and basis == "上年":
        return f"{base}_prev"
    return base


def _simple_facts(sentence: str, title: str, out: list[Fact], page: int | None = None) -> list[tuple[int, int]]:
    """Statements, staffing and assets; returns the spans of the figures they took."""
    taken: list[tuple[int, int]] = []
    start = len(out)
    for name, pattern in _STATEMENTS:
        if re.search(pattern, sentence):
            out.append(Fact(name, True, None, sentence, title, kind="statement", page=page))
    asset_year = None
    m = re.search(r"(?:截[止至])\s*(\d{4})年", sentence)
    if m:
        asset_year = int(m.group(1))
    for name, pattern in _SIMPLE:
        for m in re.finditer(pattern, sentence):
            out.append(Fact(name, _dec(m.group(1)), m.group(2), sentence, title,
                            year=asset_year if name.startswith("assets") else None,
                            subject=name, kind="count" if name.startswith("staff") else "amount"))
            taken.append(m.span(1))
    if "净值" in sentence:
        for m in _ASSET_PART.finditer(sentence):
            label = re.sub(r"^(其中|固定资产)", "", m.group("label").lstrip("：:，、"))
            if label and label != "固定资产" and "资产" not in label:
                out.append(Fact("assets_net_part", _dec(m.group(2)), m.group(3), sentence, title,
                                year=asset_year, label=label, subject="assets_net_part", kind="amount"))
                taken.append(m.span(2))
    for m in _EQUIPMENT.finditer(sentence):
        out.append(Fact("equipment_over_threshold", _dec(m.group(3)), m.group(4), sentence, title,
                        year=asset_year, label=f"单位价值{m.group(1)}万元以上的{m.group('label')}",
                        subject="assets_equipment", kind="count"))
        taken.append(m.span(3))
    for f in out[start:]:
        f.page = page
    return taken


def _performance_figures(sentence: str, title: str, out: list[Fact], page: int | None = None) -> None:
    for m in _FIGURE.finditer(sentence):
        if _YEAR.match(sentence, m.start()) or sentence[m.end():m.end() + 1] == "年":
            continue
        clause_start = max(sentence.rfind(p, 0, m.start()) for p in "，。；、：,;:") + 1
        label = sentence[clause_start:m.start()].strip() or None
        out.append(Fact("performance", _dec(m.group(1)), m.group(3), sentence, title,
                        qualifier=m.group("q"), label=label, subject="performance",
                        kind="count" if m.group(3) not in ("亿元", "万元", "元") else "amount", page=page))
