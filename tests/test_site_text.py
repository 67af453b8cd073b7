"""Every page of the rendered corpus read as a reader reads it: no identifiers, None, nan or
English words in the Chinese text, and one number format (thousands separators, two decimals
in 万元, integer counts). What a document printed, quoted in 「…」 or “…”, is left as printed
and not judged; neither is code (rule ids in <code>)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from budgetkit import present

pytestmark = [pytest.mark.corpus, pytest.mark.slow]

#: ASCII words a Chinese page may carry: names of formats and of the tool
#: (and acronyms a document prints: PC服务器, LED屏)
ALLOWED_WORDS = {"budgetkit", "PDF", "CSV", "XLSX", "UTF", "Excel", "Word", "UTC", "SHA", "Frictionless"}

LEAKS = {
    "an identifier with _by_": re.compile(r"_by_"),
    "a column placeholder (col2)": re.compile(r"\bcol\d+"),
    "None": re.compile(r"(?<![A-Za-z])None(?![A-Za-z])"),  # "优None" too: a Chinese character is no word break here
    "nan / NA": re.compile(r"(?<![A-Za-z])(?:nan|NaN|NaT|inf)(?![A-Za-z])|<NA>"),
    "snake_case": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),
    "an empty quote or bracket": re.compile(r"「」|“”|（）|\(\)"),
}
NUMBERS = {
    "a figure of four or more digits with decimals and no separators": re.compile(r"(?<![\d,.])\d{4,}\.\d+"),
    "a count with a decimal point": re.compile(r"(?<![\d.])\d+\.0+\s*(?:人|个(?!百分点)|条|份|张|项(?!目)|名)"),  # 个百分点: a rate; 项目: no count
    "万元 without two decimals": re.compile(r"(?<![\d,.])\d[\d,]*(?:\.\d)?(?![\d.,])\s*万元"),
    "a separator in the wrong place": re.compile(r"\d{4,},\d|\d,\d{1,2}(?!\d)|\d,\d{4,}"),
}
QUOTED = re.compile(r"「[^「」]*」|“[^“”]*”")


class _Visible(HTMLParser):
    """The text a reader sees (and image descriptions), without scripts, styles and code. Text
    the document printed, shown as printed (an element of class ``bk-printed``: a project's
    name, goal and targets, a cell of an original table), comes out quoted 「…」."""

    SKIP = {"script", "style", "code"}
    VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source", "col", "area", "base", "embed", "track"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")
        if tag not in self.VOID:
            printed = "bk-printed" in (dict(attrs).get("class") or "").split()
            self.stack.append((tag, printed))

    def handle_endtag(self, tag):
        if any(t == tag for t, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data):
        tags = {t for t, _ in self.stack}
        if not self.SKIP.intersection(tags):
            printed = any(p for _, p in self.stack) and data.strip()
            self.parts.append(f"「{data.strip()}」" if printed else data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(p for p in parser.parts if p.strip())


def problems(text: str) -> list[str]:
    """Every leak and inconsistent figure in a page's visible text, with its context."""
    found = []
    for what, pattern in LEAKS.items():
        found += [f"{what}: …{text[max(0, m.start() - 20):m.end() + 20]}…" for m in pattern.finditer(text)]
    unquoted = QUOTED.sub("「…」", text)
    for what, pattern in NUMBERS.items():
        found += [f"{what}: …{unquoted[max(0, m.start() - 20):m.end() + 20]}…" for m in pattern.finditer(unquoted)]
    for m in re.finditer(r"[A-Za-z][A-Za-z-]*[A-Za-z]", unquoted):
        if m.group(0) not in ALLOWED_WORDS and not re.fullmatch(r"[A-Z]{2,5}", m.group(0)):  # PC服务器, LED
            found.append(f"an English word: …{unquoted[max(0, m.start() - 20):m.end() + 20]}…")
    return [p.replace("\n", " ") for p in found]


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if ".budgetkit" not in p.parts)


def test_the_scanner_finds_what_the_issue_reported():
    """The leaks issue 12 saw on the pages, each caught (so that a clean site means something)."""
    page = ("<p>三、单位预留机动经费 支出_by_use 1,973.86</p><p>row 1 (income) column col2: not an amount</p>"
            "<p>未注明：表None</p><p>「」为空表</p><p>金额单位（）</p><p>在职 164.0 人</p>"
            "<p>支出预算合计 24458.43 万元</p><p>基本支出 nan</p><p>合计 6835 万元</p>")
    found = problems(visible_text(page))
    for leak in ("_by_", "col2", "None", "「」", "（）", "164.0", "24458.43", "nan", "6835 万元", "English word"):
        assert any(leak in p for p in found), (leak, found)
    clean = "<p>支出合计 24,458.43 万元，在职 164 人。文字「比2022年4954.22元增加267.02万元。」</p><code>table.total_row</code>"
    assert problems(visible_text(clean)) == []
    # a target as the document prints it is not judged; budgetkit's nan beside it is
    printed = '<li class="bk-printed">审核标准 ≤ 1595.03 元/个</li><li class="bk-printed">定性 优nan</li>'
    assert [p.split(":")[0] for p in problems(visible_text(printed))] == ["nan / NA"]


def test_audit_and_reader_messages_are_mapped_to_chinese():
    """The English the reader and the audit produce, as a page shows it (present.text)."""
    assert present.text("「收支预算总表」row 22 (expenditure) column total: not an amount: '结转下年资金'，已按空白处理。") == \
        "「收支预算总表」第22行（支出方）「合计」列的「结转下年资金」不是金额，已按空白处理。"
    assert present.text("「收支预算总表」，行「row 1 (income) column col2」") == "「收支预算总表」，第1行（收入方）第2列"
    assert present.text("「“三公”经费支出预算表」“total”为833.60万元") == "「“三公”经费支出预算表」“合计”为833.60万元"
    assert present.text("文字称收入预算17981.68万元，文字「收入预算17981.68万元」") == \
        "文字称收入预算17,981.68万元，文字「收入预算17981.68万元」"
    assert present.text("未注明：表None") == "未注明：表（未编号）"
    assert present.text("2张表未注明金额单位（），按“元”读取。") == "2张表未注明金额单位（无标题的表），按“元”读取。"
    assert present.text("比2022年增加，科目30239") == "比2022年增加，科目30239"  # years and codes keep no separators


def test_every_page_of_the_corpus_reads_clean(corpus_site):
    pages = _pages(corpus_site)
    assert len(pages) >= 17 + 2  # the reports, the overview and the index
    report = {str(p.relative_to(corpus_site)): problems(visible_text(p.read_text(encoding="utf-8"))) for p in pages}
    bad = {page: found[:8] for page, found in report.items() if found}
    assert bad == {}


def test_cards_and_tables_print_a_figure_alike(corpus_site):
    """The card and the tables show 24,458.43, as the document prints it: 中共江苏省委办公厅 2018,
    jiangsu/2018-party-office-budget-tables.pdf page 3, 收支预算总表 支出合计 24,458.43 (单位：万元)."""
    page = next(corpus_site.rglob("中共江苏省委办公厅-2018-*.html")).read_text(encoding="utf-8")
    text = visible_text(page)
    assert "24,458.43" in text and "24458.43" not in QUOTED.sub("", text)


def test_the_whole_corpus_renders_one_report_per_disclosure_with_its_overview(corpus_site):
    """Every disclosure of the corpus has its report (the fixture asserts none failed), the site its
    overview, and a disclosure published as two files is one report: 北京市重大项目建设指挥部办公室
    2026 (情况说明 + 报表), as 江苏's 文件 + 表格."""
    reports = [p for p in _pages(corpus_site) if p.parent != corpus_site]
    assert (corpus_site / "overview.html").exists()
    beijing = [p for p in reports if "北京市重大项目建设指挥部办公室" in p.name]
    assert len(beijing) == 1 and "2026" in beijing[0].name
    assert not any("未命名" in p.name or "注：" in p.name for p in reports)


def test_a_disclosures_kind_is_spelled_once(corpus_site):
    """What each disclosure is (部门预算, 单位预算, 部门决算 …), as its title states it, spelled the same
    in the index's 类别, its report's title and kicker, and the data package's units.csv.gz; and no
    department above it made of a sentence's words. 江苏省人大常委会办公厅 2018 (jiangsu/
    2018-npc-office-budget.pdf p.1) breaks its cover title across lines: "…2018年度部门" / "预算公开",
    a 部门预算 (it showed as 预算 in the index and 部门预算 on its page); 国家信访局 2024 p.17's
    "为国家信访局及所属单位当年…" is no 上级部门 (its page read "上级部门 国家信访局及")."""
    import csv
    import gzip
    from urllib.parse import unquote

    index = (corpus_site / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r'data-kind="([^"]*)"[^>]*>\s*<td class="name"[^>]*><a class="unit" href="([^"]+)"', index)
    assert len(rows) >= 30
    data = {(r["unit"], r["year"]): present.disclosure_kind(r["level"], r["kind"])
            for r in csv.DictReader(gzip.open(corpus_site / "data" / "units.csv.gz", "rt", encoding="utf-8-sig"))}
    for kind, href in rows:
        text = visible_text((corpus_site / unquote(href)).read_text(encoding="utf-8"))
        assert kind in ("部门预算", "单位预算", "部门决算", "单位决算"), href
        assert f"{kind}公开分析报告" in text and f"年{kind}公开 · 分析报告" in text, href
        assert not re.search(r"上级部门 \S*[及和与]\s", text), href
        if kind.endswith("决算"):
            assert "支出预算合计" not in QUOTED.sub("", text), href
    assert sorted(set(data.values())) == sorted({kind for kind, _ in rows})
    assert data[("江苏省人大常委会办公厅", "2018")] == "部门预算"
