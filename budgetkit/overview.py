"""The corpus at a glance, readable at 10 units and at 10,000: distributions, rankings, groups by
region, year, level and kind, the same units over the years, the audit's findings by rule and
spending by functional 类 across the corpus. Blocks for ``notebooks/overview.ipynb``.

Built from each unit's digest (:mod:`budgetkit.digest`), read one at a time and kept as columns
and counters, never from every disclosure at once: the overview of 10,000 units holds some
10,000 short rows, not 15 GB of disclosures. Up to :data:`SMALL` units it also shows each unit
side by side, as it always did; above that the unit list is the index's, which pages, sorts and
searches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from . import analysis, charts, overview_charts, present
from .digest import digest, listing
from .report import HTML, _img, _records, env

__all__ = ["Overview", "SMALL", "TOP"]

SMALL = 30  # units: up to this many, each unit is also shown side by side
MIN_SPREAD = 3  # fewer units than this print a measure: its quartiles, no histogram
TOP = 10  # rows of each ranking, top and bottom

# the columns kept of each digest (one short value each)
_COLUMNS = ["key", "unit", "region", "year", "kind", "level", "html", "total", "basic_share", "project_share",
            "reserve_share", "personnel_share", "staff", "per_active", "three_public", "operating_costs",
            "procurement", "errors", "doubts", "warnings", "infos", "score"]
_DECIMALS = ("basic_share", "project_share", "reserve_share", "personnel_share", "score")


def _decimal(value):
    return None if value is None else Decimal(value)


@dataclass
class Overview:
    """The corpus as the overview shows it: each unit's short row (``columns``), the spending
    by functional 类 summed over the corpus (``function_totals``: label → [fen, units]), the
    findings by rule and severity (``rules``: (rule, severity) → [findings, units]), each unit's shares by 类 only
    while the corpus is small (``function_rows``), and the files that could not be read."""

    columns: dict
    function_rows: list
    failures: list = field(default_factory=list)
    function_totals: dict = field(default_factory=dict)
    rules: dict = field(default_factory=dict)

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def load(cls, inputs: list | str | None = None, cache_dir: str | None = None, cache_keys: list[str] | None = None,
             site: str | None = None) -> "Overview":
        """The overview of a rendered site (``site``: its output folder, whose listing names each
        report's digest), or of the disclosures under ``inputs`` (files, folders, or one list of
        files per disclosure; with the renderer's ``cache_dir`` and ``cache_keys``, loaded as
        parsed already), one disclosure at a time."""
        if site:
            return cls.from_digests(listing(site))
        inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs or [])
        if cache_dir and cache_keys and len(cache_keys) == len(inputs):
            return cls.from_digests(_cached(inputs, cache_dir, cache_keys))
        from .corpus import load_corpus

        corpus = load_corpus([p for item in inputs for p in ([item] if isinstance(item, (str, Path)) else item)])
        made = cls.from_digests((digest(d, corpus.findings_of(i)), None) for i, (_, d) in enumerate(corpus.disclosures))
        made.failures = corpus.failures
        return made

    @classmethod
    def from_digests(cls, digests) -> "Overview":
        """From ``(digest, report page or None)`` pairs, read one at a time: their short rows as
        columns, their spending by 类 and their findings by rule summed as they come."""
        columns: dict[str, list] = {c: [] for c in _COLUMNS}
        function_rows, function_totals, rules = [], {}, {}
        for n, (dig, html) in enumerate(digests):
            counts = dig.get("counts") or {}
            row = {"key": dig.get("group"), "unit": present.unit_name(dig.get("unit")), "region": dig.get("region"),
                   "year": dig.get("year"), "kind": present.disclosure_kind(dig.get("level"), dig.get("kind")),
                   "level": dig.get("level"), "html": html, "errors": counts.get("error", 0),
                   "doubts": counts.get("doubts"), "warnings": counts.get("warning", 0), "infos": counts.get("info", 0),
                   **{k: dig.get(k) for k in ("total", "staff", "per_active", "three_public", "operating_costs",
                                              "procurement")},
                   **{k: _decimal(dig.get(k)) for k in _DECIMALS}}
            for c in _COLUMNS:
                columns[c].append(row[c])
            whole = sum(v for _, _, v in dig.get("functions") or [])
            shares = {}
            for code, name, fen in dig.get("functions") or []:
                entry = function_totals.setdefault(f"{code} {name}", [0, 0])
                entry[0] += fen
                entry[1] += 1
                shares[f"{code} {name}"] = analysis.share(fen, whole)
            if n < SMALL:  # the matrix of units × 类 only while it can be read
                function_rows.append({"unit": row["unit"], "year": row["year"], **shares})
            for rule, kinds in (dig.get("rules") or {}).items():
                for kind, count in kinds.items():  # a rule's errors and its warnings counted apart
                    entry = rules.setdefault((rule, kind), [0, 0])
                    entry[0] += count
                    entry[1] += 1
        if len(columns["key"]) > SMALL:
            function_rows = []
        return cls(columns, function_rows, [], function_totals, rules)

    def __post_init__(self):
        self._units = None

    @property
    def unit_rows(self) -> list[dict]:
        """Each unit's short row as a dict (for callers of the earlier overview)."""
        return [dict(zip(self.columns, values)) for values in zip(*self.columns.values())]

    # -- data ----------------------------------------------------------------------------------
    def units(self) -> pd.DataFrame:
        if self._units is None:
            frame = pd.DataFrame(self.columns)
            self._units = frame.sort_values(["region", "unit", "year"], na_position="last").reset_index(drop=True) \
                if len(frame) else frame
        return self._units.copy()

    def function_shares(self) -> pd.DataFrame:
        """Share of spending by functional 类, one row per unit-year, one column per 类 (a small
        corpus only; a large one has :meth:`functions`' sums)."""
        return pd.DataFrame(self.function_rows)

    def panel(self) -> pd.DataFrame:
        """Units present in several years (the same unit, budget documents only), year by year."""
        u = self.units()
        if u.empty:
            return u
        u = u[u["kind"].str.endswith("预算")]
        counts = u.groupby("key")["year"].nunique()
        keep = counts[counts >= 2].index
        p = u[u["key"].isin(keep)].sort_values(["key", "year"]).copy()
        p["change_pct"] = [
            None if prev is None or pd.isna(prev) or not prev or k1 != k0 or pd.isna(cur)
            else analysis.share(int(cur - prev), int(prev))
            for cur, prev, k1, k0 in zip(p["total"], p["total"].shift(1), p["key"], p["key"].shift(1))
        ]
        return p

    @property
    def small(self) -> bool:
        return len(self.columns["key"]) <= SMALL

    # -- blocks --------------------------------------------------------------------------------
    def nav(self) -> HTML:
        """The link back to the index (the overview sits beside it)."""
        return HTML(env.get_template("nav.html.j2").render(key="", year="", root=""))

    def at_a_glance(self) -> HTML:
        u = self.units()
        regions = u.groupby("region").size().sort_values(ascending=False).to_dict() if len(u) else {}
        totals = u["total"].dropna()
        return _render_overview(
            "glance", n=len(u), failures=self.failures, regions=dict(list(regions.items())[:12]),
            more_regions=max(0, len(regions) - 12), years=sorted(u["year"].dropna().unique().tolist()) if len(u) else [],
            kinds=u.groupby("kind").size().to_dict() if len(u) else {},
            total=int(totals.sum()) if len(totals) else None, with_total=len(totals),
            with_errors=int((u["errors"] > 0).sum()) if len(u) else 0, small=self.small)

    def distributions(self) -> HTML:
        """How the units spread on each measure: a histogram each (small multiples) and their
        quartiles, where the documents print the figure."""
        u = self.units()
        measures = _measures(u)
        rows, shown = [], []
        for label, unit, values in measures:
            if not values:
                rows.append({"label": label, "n": 0})
                continue
            q = _quartiles(values)
            fmt = _FORMATS[unit]
            rows.append({"label": label, "n": len(values), **{k: fmt(v) for k, v in q.items()}})
            if len(values) < MIN_SPREAD:  # one or two figures are no distribution: the table gives them
                continue
            shown.append({"chart": _img(overview_charts.histogram([float(v) for v in values], label, unit,
                                                                 float(q["median"]))), "label": label})
        return _render_overview("distributions", rows=rows, charts=shown, n=len(u))

    def rankings(self) -> HTML:
        """The largest and smallest units by spending and by spending per head, the most
        findings, the lowest completeness: each linked to its report."""
        u = self.units()
        tables = []
        for title, column, fmt, how in [("支出合计", "total", present.wan, "both"),
                                        ("在职人均支出", "per_active", present.wan, "both"),
                                        ("公开文件错误", "errors", present.count, "most"),
                                        ("公开完整性得分", "score", present.score, "least")]:
            ranked = u.dropna(subset=[column])
            if column == "errors":
                ranked = ranked[ranked["errors"] > 0]
            if ranked.empty:
                continue
            high = ranked.sort_values([column, "unit"], ascending=[False, True], kind="stable")
            low = ranked.sort_values([column, "unit"], ascending=[True, True], kind="stable")
            if how == "most":
                lists = [(f"最多的{min(TOP, len(high))}份", high.head(TOP))]
            elif how == "least":
                lists = [(f"最低的{min(TOP, len(low))}份", low.head(TOP))]
            elif len(ranked) <= 2 * TOP:
                lists = [("全部，从高到低", high)]
            else:
                lists = [(f"最高的{TOP}份", high.head(TOP)), (f"最低的{TOP}份", low.head(TOP))]
            tables.append({"title": title, "n": len(ranked), "lists": [
                (name, [{"unit": r["unit"], "html": r["html"], "year": r["year"], "kind": r["kind"],
                         "region": r["region"], "value": fmt(r[column])} for r in _records(part)])
                for name, part in lists]})
        return _render_overview("rankings", tables=tables, top=TOP)

    def groups(self) -> HTML:
        """The units grouped by region, year, level and kind: how many, their spending, the
        median shares and score, how many have errors; a chart per grouping (small multiples)."""
        u = self.units()
        out = []
        for title, column in (("地区", "region"), ("年度", "year"), ("层级", "level"), ("类别", "kind")):
            if u.empty:
                break
            groups = []
            for value, g in u.groupby(u[column].fillna("—") if column != "year" else u[column], sort=False):
                basic = _median([v for v in g["basic_share"] if v is not None and not pd.isna(v)])
                groups.append({"name": present.year(value) + "年" if column == "year" else (value or "—"), "n": len(g),
                               "total": int(g["total"].dropna().sum()) if g["total"].notna().any() else None,
                               "basic": basic, "personnel": _median([v for v in g["personnel_share"] if v is not None and not pd.isna(v)]),
                               "score": _median([v for v in g["score"] if v is not None and not pd.isna(v)]),
                               "errors": int((g["errors"] > 0).sum()), "sort": value})
            if column == "year":
                groups.sort(key=lambda g: g["sort"])
            else:
                groups.sort(key=lambda g: (-g["n"], str(g["name"])))
            hidden = max(0, len(groups) - 20)
            chart = None
            if len(groups) > 1:
                items = [(str(g["name"]), float(g["basic"]), f"{present.pct(g['basic'])}（{present.count(g['n'])} 份）")
                         for g in groups[:12] if g["basic"] is not None]
                if items:
                    chart = _img(charts._hbars(items, f"按{title}：基本支出占比中位数", charts.PALETTE[0], unit="%",
                                               note=f"份数最多的12组，另有{len(groups) - 12}组未画出" if len(groups) > 12 else ""))
            out.append({"title": title, "rows": groups[:20], "hidden": hidden, "chart": chart})
        return _render_overview("groups", groupings=out)

    def side_by_side(self) -> HTML:
        u = self.units()
        if not self.small:
            return _render_overview("units_many", n=len(u))
        return _render_overview("units", rows=_records(u), chart=_img(charts.shares_chart(u)))

    def functions(self) -> HTML:
        totals = sorted(self.function_totals.items(), key=lambda kv: -kv[1][0])
        whole = sum(v for _, (v, _) in totals)
        rows = [{"label": label, "total": fen, "share": analysis.share(fen, whole), "units": n} for label, (fen, n) in totals]
        chart = _img(charts._bars(pd.DataFrame(rows), "label", "total", "全部单位按功能分类（类）的支出", charts.PALETTE[0],
                                  limit=12)) if rows else None
        f = self.function_shares()
        columns = [c for c in f.columns if c not in ("unit", "year")]
        return _render_overview("functions", rows=_records(f), columns=columns, totals=rows, chart=chart)

    def years(self) -> HTML:
        p = self.panel()
        if p.empty or self.small:
            return _render_overview("panel", rows=_records(p), chart=_img(charts.panel_chart(p)) if not p.empty else None)
        units = p["key"].nunique()
        by_year = p.groupby("year")["total"].agg(lambda s: int(s.dropna().sum()))
        count_year = p.groupby("year").size()
        year_chart = _img(charts._hbars([(f"{int(y)}年（{present.count(count_year[y])} 份）", v / 1_000_000, present.wan(v))
                                         for y, v in by_year.items()], "这些单位各年支出合计（万元）", charts.PALETTE[0]))
        changes = p.dropna(subset=["change_pct"])
        change_chart = _img(overview_charts.histogram([float(v) for v in changes["change_pct"]], "比上年增减", "signed",
                                                      float(_median(list(changes["change_pct"]))))) if len(changes) else None
        ordered = changes.sort_values(["change_pct", "unit"], kind="stable")
        rises, falls = ordered[ordered["change_pct"] > 0], ordered[ordered["change_pct"] < 0]
        lists = [("增幅最大", rises.iloc[::-1].head(TOP)), ("降幅最大", falls.head(TOP))]
        return _render_overview("panel_many", units=units, rows=len(p), year_chart=year_chart, change_chart=change_chart,
                                lists=[(name, _records(part)) for name, part in lists], changes=len(changes))

    def findings(self) -> HTML:
        from .checks import RULES
        from .checks.registry import rule_names

        names = rule_names()
        n = len(self.columns["key"])
        rows = [{"rule": RULES[r].name if r in RULES else names.get(r, "其他规则"), "kind": kind, "findings": count,
                 "units": units, "share": analysis.share(units, n)}
                for (r, kind), (count, units) in self.rules.items()]
        order = {"error": 0, "warning": 1, "doubt": 2, "info": 3}
        rows.sort(key=lambda r: (order.get(r["kind"], 4), -r["units"], -r["findings"], r["rule"]))
        chart_rows = sorted((r for r in rows if r["kind"] in ("error", "warning")), key=lambda r: -r["units"])[:12]
        said = {"error": "错误", "warning": "警告"}
        chart = _img(charts._hbars([(f"{r['rule']}（{said[r['kind']]}）", float(r["units"]), f"{present.count(r['units'])} 份")
                                    for r in chart_rows], "出现错误或警告最多的规则（份数）", charts.PALETTE[1])) if chart_rows else None
        u = self.units()
        return _render_overview("findings_per_unit", rows=_records(u) if self.small else [], rules=rows, chart=chart,
                                n=n, with_errors=int((u["errors"] > 0).sum()) if len(u) else 0)


# a report's page, linked from the overview beside the index (the same folder): percent-encoded
env.filters.setdefault("href", lambda relative: quote(relative, safe="/"))

_FORMATS = {"%": present.pct, "wan": present.wan, "score": present.score, "signed": present.signed_pct}


def _measures(u: pd.DataFrame) -> list[tuple[str, str, list]]:
    """Each measure the distributions show: its label, its unit, its values (exact) where printed."""
    def present_values(column):
        return [v for v in u[column] if v is not None and not pd.isna(v)]

    def per_head(column):
        return [(Decimal(int(v)) / int(s)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                for v, s in zip(u[column], u["staff"]) if _number(v) and _number(s) and int(s) > 0]

    return [("基本支出占支出合计", "%", present_values("basic_share")),
            ("人员经费占基本支出", "%", present_values("personnel_share")),
            ("在职人均“三公”经费（万元）", "wan", per_head("three_public")),
            ("在职人均机关运行经费（万元）", "wan", per_head("operating_costs")),
            ("公开完整性得分", "score", present_values("score"))]


def _number(v) -> bool:
    return v is not None and not pd.isna(v)


def _quantile(ordered: list, q: Decimal):
    """The ``q`` quantile of exact values, linear between the two nearest (as pandas' default)."""
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    frac = pos - low
    return Decimal(ordered[low]) + (Decimal(ordered[high]) - Decimal(ordered[low])) * frac


def _quartiles(values: list) -> dict:
    ordered = sorted(values)
    return {"min": ordered[0], "q1": _quantile(ordered, Decimal("0.25")), "median": _quantile(ordered, Decimal("0.5")),
            "q3": _quantile(ordered, Decimal("0.75")), "max": ordered[-1]}


def _median(values: list):
    return _quantile(sorted(values), Decimal("0.5")) if values else None


def _cached(inputs, cache_dir, cache_keys):
    """The digest of each disclosure in the renderer's cache (read again when not cached)."""
    from .assemble import read
    from .cache import DisclosureCache
    from .checks import run_checks

    cache = DisclosureCache(cache_dir)
    for item, key in zip(inputs, cache_keys):
        cached = cache.get(key)
        if cached is None:
            files = [str(p) for p in (item if isinstance(item, list) else [item])]
            d = read(files if len(files) > 1 else files[0])
            cached = (d, run_checks(d))
        yield digest(*cached), None


def _render_overview(template: str, **context) -> HTML:
    return HTML(env.get_template(f"overview_{template}.html.j2").render(**context))
