"""Short Chinese cards that say what a disclosure, a table or a loaded corpus holds: shown by
Jupyter (``_repr_html_``) and, as text, by a terminal (``repr``).

A card serves whoever opens a notebook and asks "what is this?": the unit, year and kind; the
key totals as budget documents write them (万元, two decimals, thousands separators) with the
status of their reading; the tables and how far the document's own arithmetic confirms them;
the audit's findings by severity. Display only: nothing here feeds a calculation.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from . import present
from .totals import KEY_TOTALS, key_totals, total_label
from .verify import STATUS_LABELS

__all__ = ["disclosure_card", "disclosure_text", "table_card", "table_text", "corpus_card", "corpus_text",
           "status_label", "SEVERITY_LABELS"]

#: the audit's severities, and budgetkit's own reading doubts, as a card names them
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示", "doubts": "读数存疑"}
_COLOURS = {"verified": "#2e7d32", "doubtful": "#d9822b", "contradicted": "#c62828", "unchecked": "#777777"}
_CARD = ('<div style="font-family:\'Noto Sans CJK SC\',\'Noto Sans SC\',\'PingFang SC\',\'Microsoft YaHei\',sans-serif;'
         'border:1px solid #ddd;border-radius:6px;padding:10px 14px;max-width:760px;line-height:1.5">')
_TABLE = '<table style="border-collapse:collapse;margin:4px 0 8px 0;font-size:13px">'
_TH = '<th style="text-align:left;padding:2px 10px 2px 0;border-bottom:1px solid #ccc;font-weight:600">'
_TD = '<td style="text-align:left;padding:2px 10px 2px 0">'
_TDR = '<td style="text-align:right;padding:2px 10px 2px 0;font-variant-numeric:tabular-nums">'
_SMALL = '<div style="color:#666;font-size:12px">'


def status_label(status: str | None) -> str:
    """A reading's status in Chinese: 已核实, 读数存疑, 与本文件其他数据不符, 未能核对."""
    return STATUS_LABELS.get(status or "unchecked", STATUS_LABELS["unchecked"])


def _status_html(status: str | None) -> str:
    s = status or "unchecked"
    return f'<span style="color:{_COLOURS.get(s, "#777")}">{escape(status_label(s))}</span>'


def _kind(level, kind) -> str:
    return f"{'' if present.is_blank(level) else level}{'' if present.is_blank(kind) else kind}" or "类型不明"


def _title(d) -> str:
    return f"{present.unit_name(d.unit.name)} {present.year(d.year, '年度不明')}年{_kind(d.level, d.kind)}"


def _rows(head: list[str], rows: list[list[tuple[str, bool]]]) -> str:
    """A small table: ``rows`` of (already escaped html, right-aligned) cells."""
    out = [_TABLE, "<tr>", *(f"{_TH}{escape(h)}</th>" for h in head), "</tr>"]
    for row in rows:
        out.append("<tr>" + "".join(f"{_TDR if right else _TD}{cell}</td>" for cell, right in row) + "</tr>")
    out.append("</table>")
    return "".join(out)


def _figures(d) -> list[tuple[str, int, str, str | None, int | None]]:
    """The key totals a disclosure states, then its “三公”经费 and 机关运行经费: (label, fen,
    status, table, page)."""
    from .workbench import _printed_extras

    out = [(total_label(name, d.kind), k.fen, k.status, k.table, k.page)
           for name, k in key_totals(d).items() if k.fen is not None and name in KEY_TOTALS]
    out += [(label, fen, status, table, page) for _, label, fen, status, table, page in _printed_extras(d)]
    return out


def _source(table, page) -> str:
    return (f"「{table}」" if table else "") + (f"第{page}页" if page else "")


def _counts_html(counts: dict) -> str:
    parts = [f"{SEVERITY_LABELS[k]} {present.count(counts[k])}" for k in ("error", "warning", "info", "doubts")
             if counts.get(k) is not None]
    return "，".join(parts)


_MAX_TABLES = 20

# -- a disclosure --------------------------------------------------------------------------------

def disclosure_card(d, findings: list | None = None) -> str:
    """A disclosure as a notebook shows it: who, when, what kind; its key totals with their
    status and source; its tables with their reading status; the audit's findings by severity
    (``findings``: its audit, done here when not given)."""
    if findings is None:
        from .checks import run_checks

        try:
            findings = run_checks(d)
        except Exception:  # noqa: BLE001 — a card is never the reason a notebook fails
            findings = None
    head = [f"<div style=\"font-size:16px;font-weight:600\">{escape(_title(d))}</div>"]
    where = [present.text(d.region) if d.region else "", f"格式：{present.format_label(d.format)}",
             f"{len(d.tables)}张表", f"文字中{len(d.facts)}项数据"]
    head.append(f"{_SMALL}{escape('　'.join(w for w in where if w))}</div>")
    figures = _figures(d)
    body = []
    if figures:
        body.append('<div style="margin-top:6px;font-weight:600">主要数据（万元）</div>')
        body.append(_rows(["项目", "金额", "读取状态", "出处"], [
            [(escape(label), False), (escape(present.wan(fen)), True), (_status_html(status), False),
             (escape(_source(table, page)), False)] for label, fen, status, table, page in figures]))
    else:
        body.append(f"{_SMALL}未读到收支总额。</div>")
    if d.tables:
        # a short card: the tables with figures (at most _MAX_TABLES), the empty ones counted
        full = [t for t in d.tables if not t.empty]
        empty = len(d.tables) - len(full)
        body.append(f'<div style="font-weight:600">表格（{len(d.tables)}张'
                    f'{f"，其中空表{empty}张" if empty else ""}）</div>')
        body.append(_rows(["表号", "表名", "金额单位", "行数", "读取状态"], [
            [(escape(f"表{t.number}" if t.number else "—"), False), (escape(t.title or present.kind_label(t.kind)), False),
             (escape(t.unit_used + ("" if t.currency_unit else "（推定）")), False),
             (escape(present.count(len(t.items))), True), (_status_html(t.status), False)]
            for t in full[:_MAX_TABLES]]))
        if len(full) > _MAX_TABLES:
            body.append(f"{_SMALL}另有{len(full) - _MAX_TABLES}张有数据的表未列出（见 tables 属性）。</div>")
    if findings is not None:
        body.append(f'<div><span style="font-weight:600">审核发现</span>：'
                    f"{escape(_counts_html(present.finding_counts(findings)) or '无')}</div>")
    else:
        body.append(f"{_SMALL}未能完成审核。</div>")
    if d.problems:
        body.append(f"{_SMALL}未能读取的部分：{escape('；'.join(f'{p.part}（{p.reason}）' for p in d.problems[:5]))}"
                    f"{'等' if len(d.problems) > 5 else ''}</div>")
    return _CARD + "".join(head + body) + "</div>"


def disclosure_text(d) -> str:
    """A disclosure as a terminal shows it (``repr``): the card's lines, without the audit
    (which a ``repr`` does not run)."""
    lines = [f"<Disclosure {_title(d)}：{len(d.tables)}张表，文字中{len(d.facts)}项数据>"]
    figures = _figures(d)
    width = max((len(label) for label, *_ in figures), default=0)
    for label, fen, status, table, page in figures:
        lines.append(f"  {label}{'　' * (width - len(label))}  {present.wan(fen):>14} 万元  {status_label(status)}")
    if d.tables:
        by = pd.Series([t.status for t in d.tables]).value_counts()
        lines.append("  表格读取：" + "，".join(f"{status_label(s)} {n}张" for s, n in by.items()))
    if d.problems:
        lines.append(f"  未能读取的部分：{len(d.problems)}处")
    return "\n".join(lines)


# -- a table -------------------------------------------------------------------------------------

_PREVIEW = 8
_HIDDEN = {"is_total", "status", "doubt", "page", "box", "source_line", "line", "side"}


def _preview(t) -> pd.DataFrame:
    """The first rows of a table with Chinese headings and amounts in 万元 (display only)."""
    frame = t.frame.head(_PREVIEW)
    columns = [c for c in frame.columns if c not in _HIDDEN and present.column_label(c) != "未命名列"
               and (c in t.amount_columns or frame[c].notna().any())]
    columns.sort(key=lambda c: c != "label")  # the row's words first, as the table prints them
    out = pd.DataFrame(index=frame.index)
    for c in columns:
        if c in t.amount_columns:
            out[present.column_label(c)] = [present.wan(v, "") for v in frame[c]]
        else:
            out[present.column_label(c)] = ["" if present.is_blank(v) else str(v) for v in frame[c]]
    return out


def table_card(t) -> str:
    """A table as a notebook shows it: number, title, kind, currency unit, rows, the status of
    its reading and why it is doubted, and its first rows in 万元."""
    name = (f"表{t.number} " if t.number else "") + (t.title or present.kind_label(t.kind))
    about = [present.kind_label(t.kind), f"金额单位：{t.unit_used}" + ("" if t.currency_unit else "（原表未注明，推定）"),
             "空表" if t.empty else f"{present.count(len(t.items))}行", f"读取状态：{status_label(t.status)}"]
    html = [f'<div style="font-size:15px;font-weight:600">{escape(name)}</div>',
            f"{_SMALL}{escape('　'.join(about))}</div>"]
    if t.doubts:
        html.append(f'{_SMALL}存疑之处：{escape("；".join(present.text(x) for x in t.doubts[:3]))}'
                    f'{"等" if len(t.doubts) > 3 else ""}</div>')
    if not t.frame.empty:
        preview = _preview(t)
        html.append(f'<div style="margin-top:6px;font-weight:600">前{min(_PREVIEW, len(t.frame))}行'
                    f'（共{present.count(len(t.frame))}行，金额单位：万元）</div>')
        html.append(_rows(list(preview.columns), [
            [(escape(v), col in {present.column_label(c) for c in t.amount_columns}) for col, v in zip(preview.columns, row)]
            for row in preview.itertuples(index=False)]))
    return _CARD + "".join(html) + "</div>"


def table_text(t) -> str:
    """A table as a terminal shows it (``repr``): one line."""
    name = (f"表{t.number} " if t.number else "") + (t.title or present.kind_label(t.kind))
    total = t.total() if "total" in t.frame else None
    sums = f"，合计{present.wan(total)}万元" if total is not None else ""
    rows = "空表" if t.empty else f"{len(t.items)}行"
    return f"<Table {name}（{present.kind_label(t.kind)}）：{rows}{sums}，金额单位{t.unit_used}，{status_label(t.status)}>"


# -- a loaded corpus -----------------------------------------------------------------------------

_MAX_UNITS = 40


def _corpus_rows(cf) -> pd.DataFrame:
    """One row per disclosure: who, when, spending and its basic share, findings."""
    u = cf.units
    if u.empty:
        return u
    spend = cf.totals[cf.totals["item"].isin(["expenditure_current", "expenditure"])]
    spend = spend.sort_values("item", key=lambda s: s.eq("expenditure")).drop_duplicates("file")  # 本年支出合计 first
    f = cf.findings
    doubts = f[f["doubt"].fillna(False).astype(bool)].groupby("file").size() if len(f) else pd.Series(dtype=int)
    rows = u[["unit", "region", "year", "kind", "level", "file", "basic_share", "errors", "warnings"]].copy()
    rows["spending"] = rows["file"].map(dict(zip(spend["file"], spend["amount_fen"])))
    rows["doubts"] = rows["file"].map(doubts).fillna(0).astype(int)
    doubtful = cf.tables[cf.tables["status"] == "doubtful"].groupby("file").size() if len(cf.tables) else pd.Series(dtype=int)
    rows["doubtful_tables"] = rows["file"].map(doubtful).fillna(0).astype(int)
    return rows


def _corpus_head(cf) -> str:
    u = cf.units
    years = sorted(int(y) for y in u["year"].dropna().unique()) if len(u) else []
    span = "" if not years else (f"{years[0]}年" if years[0] == years[-1] else f"{years[0]}—{years[-1]}年")
    kinds = u["kind"].value_counts() if len(u) else pd.Series(dtype=int)
    parts = [f"{len(u)}份公开文件", f"{u['unit'].nunique() if len(u) else 0}个单位"]
    parts += [span] if span else []
    parts += [f"{k}{n}份" for k, n in kinds.items()]
    if len(cf.failures):
        parts.append(f"未能读取{len(cf.failures)}份")
    return "，".join(parts)


def _how(cf) -> str:
    return f"{'取自缓存' if cf.from_cache else '读取'}用时{cf.seconds:.1f}秒"


def corpus_card(cf) -> str:
    """A loaded corpus as a notebook shows it: how many disclosures, units, years and kinds;
    each disclosure's spending, basic share and findings; the audit's findings by severity; the
    frames it offers, and the files it could not read."""
    f = cf.findings
    counts = {s: int((f["severity"].eq(s) & ~f["doubt"].fillna(False).astype(bool)).sum()) if len(f) else 0
              for s in ("error", "warning", "info")}
    counts["doubts"] = int(f["doubt"].fillna(False).astype(bool).sum()) if len(f) else 0
    html = [f'<div style="font-size:16px;font-weight:600">{escape(_corpus_head(cf))}</div>',
            f"{_SMALL}{escape(_how(cf))}；数据表："
            f"{escape('、'.join(f'{n}（{len(getattr(cf, n)):,}行）' for n in ('line_items', 'units', 'facts', 'findings', 'tables', 'totals', 'functions')))}</div>",
            f'<div><span style="font-weight:600">审核发现</span>：{escape(_counts_html(counts))}</div>']
    rows = _corpus_rows(cf)
    if len(rows):
        shown = rows.head(_MAX_UNITS)
        html.append(_rows(["单位", "年度", "类型", "支出（万元）", "基本支出占比", "错误", "警告", "读数存疑", "存疑的表"], [
            [(escape(present.unit_name(r.unit)), False), (escape(present.year(r.year)), False),
             (escape(_kind(r.level, r.kind)), False), (escape(present.wan(r.spending)), True),
             (escape(present.pct(r.basic_share)), True), (escape(present.count(r.errors)), True),
             (escape(present.count(r.warnings)), True), (escape(present.count(r.doubts)), True),
             (escape(present.count(r.doubtful_tables)), True)] for r in shown.itertuples()]))
        if len(rows) > _MAX_UNITS:
            html.append(f"{_SMALL}另有{len(rows) - _MAX_UNITS}份未列出（见 units 表）。</div>")
    for r in cf.failures.head(10).itertuples():
        html.append(f"{_SMALL}未能读取：{escape(r.file)}（{escape(present.reason(r.reason)[0])}）</div>")
    return _CARD + "".join(html) + "</div>"


def corpus_text(cf) -> str:
    """A loaded corpus as a terminal shows it (``repr``)."""
    lines = [f"<CorpusFrames {_corpus_head(cf)}；{_how(cf)}>"]
    rows = _corpus_rows(cf)
    for r in rows.head(_MAX_UNITS).itertuples():
        lines.append(f"  {present.unit_name(r.unit)} {present.year(r.year)}年{_kind(r.level, r.kind)}：支出"
                     f"{present.wan(r.spending)}万元，基本支出占{present.pct(r.basic_share)}，错误{r.errors}，警告{r.warnings}")
    if len(rows) > _MAX_UNITS:
        lines.append(f"  …另有{len(rows) - _MAX_UNITS}份")
    lines.append("  数据表：" + "、".join(f"{n}（{len(getattr(cf, n)):,}行）" for n in
                                     ("line_items", "units", "facts", "findings", "tables", "totals", "functions")))
    return "\n".join(lines)
