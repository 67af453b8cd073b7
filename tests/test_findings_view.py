"""The report's 审核发现 grouped by cause (issue #25): the publisher's errors first, then warnings,
notes and budgetkit's reading doubts, each under a Chinese heading with its count; findings of
one rule on one table collapse into one line with their count, opened on demand (<details>);
errors are never collapsed; every finding keeps its message, place and the rule's Chinese name.
The same markup is a row on a wide screen and a card on a phone (report.css)."""

import re
from html.parser import HTMLParser

import pytest

from budgetkit.report import UnitReport
from budgetkit.render import render

from conftest import split_blocks, write

SEED_UNIT = "北京市西城区社会保险基金管理中心"
VARIANT_UNIT = "北京市西城区测试丙中心"
#: three cells of 表四 that are no amounts (one warning each, one cause) ...
NOT_AMOUNTS = (("373,300.00", "1,2,3"), ("1,290,000.00", "1.2e5"), ("382,056.57", "12..5"))
#: ... and a row of 表三 whose 合计 is one yuan off 基本 + 项目 (an error)
OFF_BY_ONE = ("\t19,069,502.00\n\t19,069,502.00", "\t19,069,503.00\n\t19,069,502.00")


def many_findings_text(seed_text: str, unit: str = SEED_UNIT) -> str:
    """The seed with three cells of 表四 that are no amounts and a row of 表三 off by one yuan:
    two errors (表四's 合计 no longer adds up, 表三's row), three warnings of one rule on one table."""
    narrative, blocks = split_blocks(seed_text)
    four = blocks[3]
    for old, new in NOT_AMOUNTS:
        assert f"\t{old}\n" in four, old
        four = four.replace(f"\t{old}\n", f"\t{new}\n", 1)
    blocks[3] = four
    assert blocks[2].count(OFF_BY_ONE[0]) == 1
    blocks[2] = blocks[2].replace(*OFF_BY_ONE)
    return (narrative + "".join(blocks)).replace(SEED_UNIT, unit)


class _Findings(HTMLParser):
    """The findings section as a reader meets it: each group (key, heading, count) and its items
    in order, each item a finding or a collapsed line (<details>) with its members."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.groups: list[dict] = []
        self.stack: list[tuple[str, set, dict]] = []
        self.capture: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = set((a.get("class") or "").split())
        if tag in ("br", "img", "meta", "link", "input", "hr", "wbr"):
            return
        self.stack.append((tag, cls, a))
        if "bk-fgroup" in cls:
            self.groups.append({"key": a["data-group"], "count": int(a["data-count"]), "title": "", "items": []})
        elif tag == "h3" and self.groups:
            self.capture.append([])
        elif tag == "details" and "bk-fcause" in cls:
            self.groups[-1]["items"].append({"kind": "collapsed", "rule": a["data-rule"], "count": int(a["data-count"]),
                                             "classes": cls, "line": "", "members": []})
        elif "bk-fline" in cls:
            self.capture.append([])
        elif "bk-finding" in cls:
            item = {"kind": "finding", "classes": cls, "rule": None, "rule_name": ""}
            inside = self.groups[-1]["items"][-1] if self._in("details") else None
            (inside["members"] if inside else self.groups[-1]["items"]).append(item)
        elif "bk-rule" in cls and self._current_finding() is not None:
            self._current_finding()["rule"] = a["data-rule"]
            self.capture.append([])

    def _in(self, tag) -> bool:
        return any(t == tag for t, _, _ in self.stack[:-1])

    def _current_finding(self):
        if not any("bk-finding" in c for _, c, _ in self.stack):
            return None
        items = self.groups[-1]["items"]
        last = items[-1]
        return last["members"][-1] if last["kind"] == "collapsed" and self._in("details") else last

    def handle_endtag(self, tag):
        if not self.stack:
            return
        t, cls, _ = self.stack.pop()
        if tag == "h3" and self.capture:
            self.groups[-1]["title"] = "".join(self.capture.pop())
        elif "bk-fline" in cls and self.capture:
            self.groups[-1]["items"][-1]["line"] = "".join(self.capture.pop())
        elif "bk-rule" in cls and self.capture and self._current_finding() is not None:
            self._current_finding()["rule_name"] = "".join(self.capture.pop())

    def handle_data(self, data):
        for part in self.capture:
            part.append(data)


def _parse(html: str) -> list[dict]:
    parser = _Findings()
    parser.feed(html)
    return parser.groups


def _visible(html: str) -> str:
    """The text a reader sees, without what the document printed (quoted 「…」 / “…”)."""
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"「[^「」]*」|“[^“”]*”", "", text)


LEAKS = re.compile(r"(?<![A-Za-z])(?:None|nan|NaN|<NA>)(?![A-Za-z])|\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)+\b|[A-Za-z]{2,}")


def _leaks(html: str) -> list[str]:
    return [w for w in LEAKS.findall(_visible(html)) if w != "budgetkit"]


def _section(page: str) -> str:
    start = page.index('<section class="bk-section bk-findings-view">')
    return page[start:page.index("<h2", start) if "<h2" in page[start:] else len(page)]


# -- the block, without rendering the notebook ------------------------------------------------------

@pytest.fixture(scope="module")
def variant_block(tmp_path_factory, seed_text):
    path = write(tmp_path_factory.mktemp("variant"), many_findings_text(seed_text))
    report = UnitReport.load(path)
    html = str(report.audit())
    assert report.failed_blocks == []
    return report, html


def test_the_seeds_findings_in_groups(seed_path):
    report = UnitReport.load(seed_path)
    html = str(report.audit())
    groups = _parse(html)
    assert [(g["key"], g["count"]) for g in groups] == [("warning", 3), ("info", 8)]  # no error, no doubt
    assert [g["title"] for g in groups] == ["警告3 条", "提示8 条"]
    assert "共 11 条：公开文件的错误 0 条，警告 3 条，提示 8 条。" in html
    # nothing on the seed repeats a rule on one table: every finding its own item, none collapsed
    assert "<details" not in html and all(i["kind"] == "finding" for g in groups for i in g["items"])
    unit_slip = next(i for i in groups[0]["items"] if i["rule"] == "plausibility.unit_slip")
    assert unit_slip["rule_name"] == "规则：金额单位写错"
    assert _leaks(html) == []


def test_errors_first_then_warnings_then_notes(variant_block):
    report, html = variant_block
    groups = _parse(html)
    assert [(g["key"], g["count"]) for g in groups] == [("error", 2), ("warning", 6), ("info", 8)]
    assert [g["title"] for g in groups] == ["公开文件的错误2 条", "警告6 条", "提示8 条"]
    assert sum(g["count"] for g in groups) == len(report.findings)
    assert "共 16 条：公开文件的错误 2 条，警告 6 条，提示 8 条。" in html
    assert html.index("公开文件的错误") < html.index(">警告<") < html.index(">提示<")


def test_errors_are_never_collapsed(variant_block):
    _, html = variant_block
    errors = _parse(html)[0]
    assert errors["key"] == "error"
    assert [i["kind"] for i in errors["items"]] == ["finding", "finding"]
    assert {i["rule"] for i in errors["items"]} == {"table.total_row", "row.basic_plus_project"}
    assert all("bk-error" in i["classes"] for i in errors["items"])
    assert "合计为19,069,503元，基本支出 + 项目支出为19,069,502元，相差1元" in html  # the message, in full
    assert "表三「部门支出总体情况表」，行「2080101 50501 30102 行政运行」，列「合计」" in html  # its place


def test_one_rule_on_one_table_is_one_line_opened_on_demand(variant_block):
    _, html = variant_block
    warnings = _parse(html)[1]
    collapsed = [i for i in warnings["items"] if i["kind"] == "collapsed"]
    assert len(collapsed) == 1
    line = collapsed[0]
    assert line["rule"] == "table.unreadable_cells" and line["count"] == 3
    assert line["line"] == "表四「项目支出表」3 个单元格不是金额"
    assert "bk-warning" in line["classes"]
    # the three findings are inside the <details>, each with its message, place and rule's name
    assert len(line["members"]) == 3 and all(m["rule"] == "table.unreadable_cells" for m in line["members"])
    assert all(m["rule_name"] == "规则：不是金额的单元格" for m in line["members"])
    details = html[html.index('<details class="bk-fcause'):html.index("</details>")]
    assert "<summary" in details and "逐条查看" in details
    for cell in ("1,2,3", "1.2e5", "12..5"):
        assert f"的「{cell}」不是金额，已按空白处理。" in details
    assert "表四「项目支出表」，第2行「合计」列" in details
    # the summary names the rule too, in Chinese, its id only in attributes
    summary = details[:details.index("</summary>")]
    assert 'data-rule="table.unreadable_cells"' in summary and "不是金额的单元格" in summary
    # the other warnings, one each, stay as they are
    assert sum(i["kind"] == "finding" for i in warnings["items"]) == 3


def test_no_english_none_nan_or_identifiers_shown(variant_block):
    _, html = variant_block
    assert _leaks(html) == []
    assert "not an amount" not in html and "row 2 column" not in html


def test_reading_doubts_come_last(tmp_path, seed_text):
    """A finding of budgetkit's own reading (rule reading.*) is listed after the publisher's notes."""
    from budgetkit.model import Finding

    report = UnitReport.load(write(tmp_path, seed_text))
    doubt = Finding("reading.doubtful", "warning", "表三「部门支出总体情况表」的合计读取存疑。", table="表三「部门支出总体情况表」")
    unreadable = Finding("reading.unreadable", "info", "表十：版式未能识别。")
    report.findings = [doubt, *report.findings, unreadable]
    html = str(report.audit())
    groups = _parse(html)
    assert [(g["key"], g["count"]) for g in groups] == [("warning", 3), ("info", 8), ("doubt", 2)]
    assert groups[-1]["title"].startswith("budgetkit 读取存疑")
    assert [i["rule"] for i in groups[-1]["items"]] == ["reading.doubtful", "reading.unreadable"]
    assert "budgetkit 读取存疑 2 处（不计为公开文件的错误）" in html
    assert ">读取存疑</span>" in html and ">未能读取</span>" in html


# -- the rendered page ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_text):
    inputs = tmp_path_factory.mktemp("inputs")
    (inputs / "seed.txt").write_text(seed_text, encoding="utf-8")
    (inputs / "variant.txt").write_text(many_findings_text(seed_text, VARIANT_UNIT), encoding="utf-8")
    out = tmp_path_factory.mktemp("site")
    result = render([inputs], out=out, jobs=2, progress=False)
    assert result.ok and len(result.reports) == 2, result.failures
    return out


@pytest.mark.slow
def test_the_rendered_pages_group_and_collapse(site):
    seed = (site / "北京市西城区" / f"{SEED_UNIT}-2023-部门预算.html").read_text(encoding="utf-8")
    variant = (site / "北京市西城区" / f"{VARIANT_UNIT}-2023-部门预算.html").read_text(encoding="utf-8")
    assert [(g["key"], g["count"]) for g in _parse(_section(seed))] == [("warning", 3), ("info", 8)]
    groups = _parse(_section(variant))
    assert [(g["key"], g["count"]) for g in groups] == [("error", 2), ("warning", 6), ("info", 8)]
    assert [i["kind"] for i in groups[0]["items"]] == ["finding", "finding"]
    line = next(i for i in groups[1]["items"] if i["kind"] == "collapsed")
    assert (line["line"], line["count"], len(line["members"])) == ("表四「项目支出表」3 个单元格不是金额", 3, 3)
    for page in (seed, variant):
        section = _section(page)
        assert _leaks(section) == [], _leaks(section)
        assert "<script" not in section  # <details> opens without JavaScript
    assert "金额单位写错" in _visible(_section(seed))
    style = "".join((site / "style" / name).read_text(encoding="utf-8")  # the site's stylesheet the page links
                    for name in re.findall(r'href="\.\./style/([^"]+\.css)"', seed))
    assert "@media (max-width: 600px)" in style and ".bk-findings .bk-evidence img { width: 100%" in style


def test_a_cause_without_a_table_is_one_line_too(tmp_path, seed_text):
    """Findings of one rule at one place that is no table (the document as a whole) collapse as
    well, in words of their own; a rule without such words says its name."""
    from budgetkit.model import Finding

    report = UnitReport.load(write(tmp_path, seed_text))
    report.findings = [Finding("completeness.required_tables", "warning", f"缺少必备表格：{name}。")
                       for name in ("财政拨款收支总表", "政府性基金预算支出表")]
    report.findings += [Finding("plausibility.negative", "info", "负数。", table="表七「一般公共预算基本支出情况表」", row=r)
                        for r in ("甲", "乙")]
    report.findings += [Finding("narrative.reason_missing", "info", "缺少原因说明。", sentence="增加主要原因是") for _ in range(2)]
    groups = _parse(str(report.audit()))
    assert [(i["line"], i["count"]) for g in groups for i in g["items"]] == [
        ("缺少 2 张必备表格", 2), ("表七「一般公共预算基本支出情况表」2 个负数金额", 2),
        ("文字「增加主要原因是」2 条同类发现：缺少原因说明", 2)]
