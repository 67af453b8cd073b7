"""Report blocks for the unit notebook: each method of :class:`UnitReport` returns one HTML
block (headline, structure, functions, projects, findings, tables, …) for a notebook cell.

Every string that comes from a document is escaped by the templates (jinja2 autoescape);
charts are embedded as inline SVG (text drawn in the page's embedded font), so a report needs
nothing from any other host.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from . import analysis, charts, present
from .assemble import read
from .cache import DisclosureCache
from .checks import RULES, run_checks
from .model import Disclosure, Finding, Table
from .totals import key_totals

__all__ = ["UnitReport", "HTML", "env", "headline_cards", "headline"]

env = Environment(loader=PackageLoader("budgetkit", "templates/report"), autoescape=select_autoescape(default=True),
                  trim_blocks=True, lstrip_blocks=True)
# one number format on every page (budgetkit.present): 24,458.43 in cards, tables and sentences
env.filters["wan"] = present.wan
env.filters["wan_plain"] = present.wan
env.filters["yuan"] = present.yuan
env.filters["pct"] = present.pct
env.filters["signed_pct"] = present.signed_pct
env.filters["count"] = present.count
env.filters["score"] = present.score
env.filters["year"] = present.year
env.filters["text"] = present.text  # audit messages, sentences: figures formatted, no English
env.filters["column"] = present.column_label
env.filters["side"] = present.side_label
env.filters["kind"] = present.kind_label
env.filters["reason"] = present.reason
env.globals["records"] = lambda frame: _records(frame)


class HTML:
    """An HTML block that notebooks display as rich output (no IPython import needed)."""

    def __init__(self, html: str):
        self.html = html

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with every missing value (NaN, <NA>) as ``None``."""
    return [{k: (None if not isinstance(v, (list, tuple)) and pd.isna(v) else v) for k, v in row.items()}
            for row in frame.to_dict("records")]


def _img(fig) -> dict | None:
    """A chart for a template: its inline ``svg``, display ``width`` / ``height`` and ``font_px``."""
    return charts.image(fig)


def _render(template: str, **context) -> HTML:
    return HTML(env.get_template(f"{template}.html.j2").render(**context))


def contained(part: str):
    """A report block that fails gives a short note in its place ("「按功能分类」这一部分未能生成…",
    the technical cause folded away) and is listed in ``UnitReport.failed_blocks``; the page's
    other blocks are made as usual."""
    def wrap(method):
        @functools.wraps(method)
        def block(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - one block never costs the page
                detail = f"{type(exc).__name__}: {exc}"
                self.failed_blocks.append((part, detail))
                return _render("block_failed", part=part, detail=detail)
        return block
    return wrap


#: the findings section's groups, in the order a reader meets them
FINDING_GROUPS = (("error", "公开文件的错误"), ("warning", "警告"), ("info", "提示"),
                  ("doubt", "budgetkit 读取存疑（不计为公开文件的错误）"))
_BADGES = {"error": "错误", "warning": "警告", "info": "提示"}
#: how one line says "n findings of this rule on this table"; other rules: "n 条同类发现：rule name"
_CAUSE_LINES = {
    "table.unreadable_cells": "{n} 个单元格不是金额",
    "reading.doubtful": "{n} 处数字读取存疑",
    "plausibility.economic_class": "{n} 项支出的经济分类归属与通常不同",
    "plausibility.duplicate_rows": "{n} 处重复的行",
    "plausibility.negative": "{n} 个负数金额",
    "plausibility.code_name": "{n} 处编码与名称前后不一",
    "completeness.code_depth": "{n} 处科目未列到规定层级",
    "completeness.empty_tables": "{n} 张空表",
    "narrative.punctuation": "{n} 处标点问题",
    "completeness.required_tables": "缺少 {n} 张必备表格",
    "completeness.narrative_topics": "文字部分缺少 {n} 节必备内容",
    "narrative.share": "{n} 处占比与数额不符",
    "narrative.change_rate": "{n} 处增减幅度与数额不符",
    "narrative.amount": "{n} 处金额与表格不一致",
    "narrative.year": "{n} 处年份前后不一",
    "narrative.placeholder": "{n} 处模板占位符",
    "narrative.leftover": "{n} 处模板遗留字样",
    "plausibility.class_name_year": "{n} 个科目名称与年度不符",
    "reading.unreadable": "{n} 处未能读取",
    "reading.rows_not_placed": "{n} 处印刷行未读入表格",
}


def _group_of(f: Finding) -> str:
    """error / warning / info for the publisher's findings; doubt for budgetkit's reading (rule reading.*)."""
    if f.doubt:
        return "doubt"
    return f.severity if f.severity in ("error", "warning") else "info"


def _badge(f: Finding) -> str:
    if f.rule == "reading.doubtful":
        return "读取存疑"
    if f.doubt:  # a part not read, printed rows not placed
        return "未能读取"
    return _BADGES.get(f.severity, "提示")


def _by_cause(views: list[dict]) -> list[dict]:
    """Findings of one rule on one table (or, without a table, at one place) as one collapsed
    line, at the place of the first of them; a finding alone stays as it is."""
    causes: dict[tuple, list[dict]] = {}
    for v in views:
        causes.setdefault((v["rule"], v["table"] or v["where"]), []).append(v)
    items, seen = [], set()
    for v in views:
        cause = (v["rule"], v["table"] or v["where"])
        if cause in seen:
            continue
        seen.add(cause)
        same = causes[cause]
        if len(same) == 1:
            items.append({"finding": v})
            continue
        n = len(same)
        line = _CAUSE_LINES.get(v["rule"], "{n} 条同类发现：{name}").format(n=n, name=v["rule_name"] or "同类发现")
        place = v["table"] or (v["where"] if all(s["where"] == v["where"] for s in same) else "")
        pages = {p["href"]: p for s in same for p in s["pages"]}
        items.append({"many": same, "count": n, "line": f"{place}{line}" if place else line, "place": place,
                      "pages": sorted(pages.values(), key=lambda p: (p["page"], p["href"])), "rule": v["rule"],
                      "rule_name": v["rule_name"], "rule_about": v["rule_about"], "badge": v["badge"],
                      "severity": v["severity"], "doubt": v["doubt"]})
    return items


@dataclass
class UnitReport:
    """One unit's report, block by block."""

    disclosure: Disclosure
    findings: list[Finding] = field(default_factory=list)
    max_table_rows: int = 60
    previous: Disclosure | None = None  # the same unit's disclosure of the year before, when the corpus has it
    sources: list[str] = field(default_factory=list)  # the files as the renderer named them (absolute paths)
    failed_blocks: list[tuple[str, str]] = field(default_factory=list)  # (block, technical cause) of blocks that failed

    @classmethod
    def load(cls, path: str | Path | list, max_table_rows: int = 60, cache_dir: str | None = None,
             cache_key: str | None = None, previous_key: str | None = None) -> "UnitReport":
        """Read (or, when the renderer parsed it already, load from its cache) one disclosure, and
        the same unit's previous year when the renderer found it in the corpus."""
        cache = DisclosureCache(cache_dir) if cache_dir else None
        cached = cache.get(cache_key) if cache and cache_key else None
        if cached is None:
            d = read(path)
            cached = (d, run_checks(d))
        previous = cache.get(previous_key) if cache and previous_key else None
        sources = [str(p) for p in (path if isinstance(path, (list, tuple)) else [path])]
        return cls(cached[0], cached[1], max_table_rows=max_table_rows, previous=previous[0] if previous else None,
                   sources=sources)

    # -- blocks ------------------------------------------------------------------------------
    @contained("要点")
    def headline(self) -> HTML:
        d = self.disclosure
        s = analysis.structure(d)
        score, _ = analysis.completeness(d)
        return _render("headline", d=d, cards=headline_cards(d), s=s, counts=present.finding_counts(self.findings),
                       score=score, per=analysis.per_capita(d), final=d.kind == "决算",
                       kind_text=present.disclosure_kind(d.level, d.kind))

    @contained("导航")
    def nav(self) -> HTML:
        """Links back to the index and to this unit's other years (filled in from the site's
        script of this unit's reports, ``nav/<hash>.js``, so a year added later shows on pages
        rendered before it)."""
        d = self.disclosure
        group = present.unit_group(d.region, d.unit.name)
        return _render("nav", key=group, script=present.nav_script(group), year=d.year, root="../")

    @contained("支出结构")
    def structure(self) -> HTML:
        d = self.disclosure
        return _render("structure", sentences=[present.text(x) for x in analysis.structure_sentences(d)],
                       s=analysis.structure(d), chart=_img(charts.structure_chart(d)))

    @contained("按功能分类")
    def by_function(self) -> HTML:
        d = self.disclosure
        top = analysis.by_function(d, "类")  # once for the chart and the table
        return _render("breakdown", title="按功能分类", chart=_img(charts.function_chart(d, "类", top)),
                       levels=[("类", top), ("项", analysis.by_function(d, "项"))],
                       empty="本文件没有按功能分类列示的支出。")

    @contained("按经济分类")
    def by_economic_class(self) -> HTML:
        d = self.disclosure
        top = analysis.by_economic_class(d, "类")  # once for the chart and the table
        return _render("breakdown", title="按经济分类", chart=_img(charts.economic_chart(d, "类", top)),
                       levels=[("类", top), ("款", analysis.by_economic_class(d, "款"))],
                       empty="本文件没有按经济分类列示的支出。")

    @contained("项目支出与绩效目标")
    def projects(self) -> HTML:
        d = self.disclosure
        frame = analysis.projects(d)  # once for the chart and the list
        return _render("projects", projects=_records(frame), chart=_img(charts.projects_chart(d, frame)))

    @contained("与上年比较")
    def year_on_year(self) -> HTML:
        d = self.disclosure
        return _render("yoy", rows=_records(analysis.year_on_year(d, self.previous)),
                       chart=_img(charts.yoy_chart(d, self.previous)), year=d.year,
                       previous=self.previous.year if self.previous else None)

    @contained("预算与决算")
    def budget_vs_final(self) -> HTML:
        """决算 only: 年初预算 → 决算 per item and overall, with the completion rate (empty for a 预算)."""
        d = self.disclosure
        frame = analysis.budget_vs_final(d)
        if frame.empty:
            return HTML("")
        return _render("budget_final", rows=_records(frame))

    @contained("人均数")
    def per_capita(self) -> HTML:
        return _render("per_capita", per=analysis.per_capita(self.disclosure))

    @contained("审核发现")
    def audit(self) -> HTML:
        """The findings grouped by cause: the publisher's errors first, then warnings, notes and
        budgetkit's own reading doubts, each group under its heading with its count. An error is
        always its own item; in the other groups the findings of one rule on one table make one
        line with their count ("表一「…」3 个单元格不是金额"), opened on demand (<details>). Each
        finding says where it was printed (links to the source's pages) and, for the ones that
        accuse or doubt, shows a crop of the printed page around the cited figures."""
        from .evidence import Pages

        order = {key: i for i, (key, _) in enumerate(FINDING_GROUPS)}
        ranked = sorted(self.findings, key=lambda f: order[_group_of(f)])  # stable: the audit's order within a group
        with Pages() as printed:  # each source opened once, however many findings cite it
            views = [self._finding_view(f, k, printed) for k, f in enumerate(ranked)]
        groups = []
        for key, title in FINDING_GROUPS:
            members = [v for v in views if v["group"] == key]
            if members:
                groups.append({"key": key, "title": title, "count": len(members),
                               "items": [{"finding": v} for v in members] if key == "error" else _by_cause(members)})
        counts = {key: sum(g["count"] for g in groups if g["key"] == key) for key, _ in FINDING_GROUPS}
        return _render("findings", groups=groups, total=len(views), counts=counts)

    def _finding_view(self, f: Finding, k: int, printed) -> dict:
        from .evidence import source_href

        pages: dict[tuple, dict] = {}
        for e in f.evidence:
            if e.get("page") and e.get("file"):
                pages.setdefault((e["file"], e["page"]), {"page": e["page"], "href": source_href(e["file"], e["page"]),
                                                          "boxes": [], "sentence": e.get("sentence")})
                if e.get("box"):
                    pages[(e["file"], e["page"])]["boxes"].append(tuple(e["box"]))
        images = []
        if (f.severity in ("error", "warning") or f.doubt) and k < 40:
            for (file, page), p in pages.items():
                boxes = p["boxes"] or [b for b in [printed.find_text_box(file, page, p["sentence"] or "")] if b]
                image = printed.crop(file, page, boxes)
                if image:
                    images.append({"src": image, "page": page})
                if len(images) == 2:  # the sentence and the table cell it contradicts, at most
                    break
        rule = RULES.get(f.rule)
        return {"severity": f.severity, "message": f.message, "where": f.where, "rule": f.rule, "doubt": f.doubt,
                "group": _group_of(f), "table": f.table, "badge": _badge(f),
                "rule_name": rule.name if rule else "", "rule_about": rule.summary if rule else "",
                "pages": list(pages.values()), "images": images, "places": f.places}

    @contained("公开完整性")
    def completeness(self) -> HTML:
        score, items = analysis.completeness(self.disclosure)
        return _render("completeness", score=score, items=items)

    @contained("原表")
    def tables(self) -> HTML:
        return _render("tables", tables=[self._table_view(t) for t in self.disclosure.tables])

    @contained("来源")
    def source(self) -> HTML:
        d = self.disclosure
        paths = [Path(p) for p in (self.sources or d.path.split(" + "))]
        digests = [hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in paths if p.exists()]
        from . import __version__

        from .evidence import source_href

        return _render("source", name=" + ".join(p.name for p in paths), digest=" / ".join(digests) or None,
                       version=__version__, made=present.timestamp(), fmt=present.format_label(d.format), d=d,
                       links=[{"name": p.name, "href": source_href(p)} for p in paths if p.exists()])

    @contained("标题")
    def title(self) -> HTML:
        """The report's title in the document's words: 部门预算 / 单位预算 / 部门决算 …"""
        d = self.disclosure
        return _render("title", d=d, kind_text=present.disclosure_kind(d.level, d.kind), kind=d.kind)

    # -- helpers -----------------------------------------------------------------------------
    def _table_view(self, t: Table) -> dict:
        """A table as display rows: label columns as text, amounts in 万元 with separators."""
        f = t.frame
        text_cols = [c for c in ("side", "func_code", "func_name", "gov_econ_code", "gov_econ_name", "dept_econ_code",
                                 "dept_econ_name", "unit_name", "project_name", "indicator", "operator", "target",
                                 "target_unit") if c in f]
        if not any(c in text_cols for c in ("func_name", "project_name", "unit_name", "dept_econ_name")):
            text_cols = ["label"] + text_cols
        header = [present.column_label(c) for c in text_cols] + [present.column_label(c) for c in t.amount_columns]
        shown = f.head(self.max_table_rows)  # column by column, as lists: a row Series each (iterrows) was most of the block
        texts = [[present.side_label(v) if c == "side" else "" if present.is_blank(v) else str(v) for v in shown[c].tolist()]
                 for c in text_cols]
        amounts = [[present.wan(v, blank="") for v in shown[c].tolist()] for c in t.amount_columns]
        totals = [bool(v) for v in shown["is_total"].tolist()] if "is_total" in shown else [False] * len(shown)
        rows = [{"cells": [col[i] for col in texts], "amounts": [col[i] for col in amounts], "total": totals[i]}
                for i in range(len(shown))]
        return {"t": t, "header": header, "n_text": len(text_cols), "rows": rows,
                "hidden": max(0, len(f) - self.max_table_rows)}



_CARDS_BUDGET = [("expenditure", "支出预算合计", True), ("basic", "基本支出", False), ("project", "项目支出", False),
                 ("personnel", "人员经费", False), ("operating", "公用经费", False), ("income", "收入预算合计", False)]
_CARDS_FINAL = [("expenditure_current", "本年支出合计", True), ("income_current", "本年收入合计", False),
                ("basic", "基本支出", False), ("project", "项目支出", False), ("personnel", "人员经费", False),
                ("operating", "公用经费", False), ("carryover_begin", "年初结转和结余", False),
                ("carryover_end", "年末结转和结余", False), ("income", "收入总计", False), ("expenditure", "支出总计", False)]


def headline_cards(d: Disclosure) -> list[dict]:
    """The headline figures, in the document's words (预算 or 决算), each with where it is printed
    and how far the reading is confirmed: a doubtful or contradicted figure says so on its card."""
    totals = key_totals(d)
    s = analysis.structure(d)
    shares = {"basic": s.get("basic_share"), "project": s.get("project_share"),
              "personnel": s.get("personnel_share"), "operating": s.get("operating_share")}
    base = {"basic": "占本年支出" if d.kind == "决算" else "", "project": "占本年支出" if d.kind == "决算" else "",
            "personnel": "占基本支出", "operating": "占基本支出"}
    cards = []
    for name, label, main in (_CARDS_FINAL if d.kind == "决算" else _CARDS_BUDGET):
        t = totals[name]
        if t.fen is None and name in ("carryover_begin", "carryover_end", "income", "expenditure", "personnel", "operating"):
            if name in ("personnel", "operating") and s.get(name) is not None:  # from the economic classes
                cards.append({"label": label, "fen": s[name], "main": False, "note": f"{base[name]} {present.pct(shares[name])}",
                              "source": "按经济分类301、303类推算", "status": None})
            continue
        source = f"「{t.table}」" + (f"第{t.page}页" if t.page else "") if t.table else None
        cards.append({"label": label, "fen": t.fen, "main": main, "status": present.status_note(t.status),
                      "note": f"{base.get(name, '')} {present.pct(shares[name])}".strip() if name in shares and shares[name] is not None else None,
                      "source": source})
    for extra in analysis.headline_extras(d):
        cards.append(extra)
    return cards


def headline(d: Disclosure, findings: list[Finding] | None = None) -> str:
    """The headline block of ``d`` as HTML (for tests and other callers than the notebook)."""
    return str(UnitReport(d, findings or []).headline())
