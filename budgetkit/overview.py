"""The corpus at a glance: units side by side, spending by functional 类, per capita, a fixed
panel of units over the years, findings per unit. Blocks for ``notebooks/overview.ipynb``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import analysis, charts, present
from .assemble import read, unit_key
from .cache import DisclosureCache
from .checks import run_checks
from .corpus import load_corpus
from .report import HTML, _img, _records, env

__all__ = ["Overview"]


@dataclass
class Overview:
    """The corpus as the overview shows it: each unit's summary and its spending shares by
    functional 类, made while loading (the disclosures are not kept: the overview of a large
    corpus holds one disclosure at a time, not all), and the files that could not be read."""

    unit_rows: list
    function_rows: list
    failures: list = field(default_factory=list)

    @classmethod
    def load(cls, inputs: list | str, cache_dir: str | None = None, cache_keys: list[str] | None = None) -> "Overview":
        """The disclosures under ``inputs`` (files, folders, or one list of files per disclosure);
        with the renderer's ``cache_dir`` and ``cache_keys``, loaded as parsed already."""
        inputs = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
        if cache_dir and cache_keys and len(cache_keys) == len(inputs):
            cache = DisclosureCache(cache_dir)
            units, functions = [], []
            for item, key in zip(inputs, cache_keys):
                cached = cache.get(key)
                files = [str(p) for p in (item if isinstance(item, list) else [item])]
                d = cached[0] if cached else read(files if len(files) > 1 else files[0])
                units.append(_unit_row(d, cached[1] if cached else run_checks(d)))
                functions.append(_function_row(d))
            return cls(units, functions)
        corpus = load_corpus([p for item in inputs for p in ([item] if isinstance(item, (str, Path)) else item)])
        return cls([_unit_row(d, corpus.findings_of(i)) for i, (_, d) in enumerate(corpus.disclosures)],
                   [_function_row(d) for _, d in corpus.disclosures], corpus.failures)

    def __post_init__(self):
        self._units = None

    # -- data ----------------------------------------------------------------------------------
    def units(self) -> pd.DataFrame:
        if self._units is None:
            self._units = self._unit_table()
        return self._units.copy()

    def _unit_table(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.unit_rows)
        return frame.sort_values(["region", "unit", "year"]).reset_index(drop=True) if len(frame) else frame

    def function_shares(self) -> pd.DataFrame:
        """Share of spending by functional 类, one row per unit-year, one column per 类."""
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
            None if prev is None or pd.isna(prev) or not prev or k1 != k0 else analysis.share(int(cur - prev), int(prev))
            for cur, prev, k1, k0 in zip(p["total"], p["total"].shift(1), p["key"], p["key"].shift(1))
        ]
        return p

    # -- blocks --------------------------------------------------------------------------------
    def nav(self) -> HTML:
        """The link back to the index (the overview sits beside it)."""
        return HTML(env.get_template("nav.html.j2").render(key="", year="", root=""))

    def at_a_glance(self) -> HTML:
        u = self.units()
        return _render_overview("glance", n=len(u), failures=self.failures,
                                regions=u.groupby("region").size().to_dict() if len(u) else {},
                                years=sorted(u["year"].dropna().unique().tolist()) if len(u) else [])

    def side_by_side(self) -> HTML:
        u = self.units()
        return _render_overview("units", rows=_records(u), chart=_img(charts.shares_chart(u)))

    def functions(self) -> HTML:
        f = self.function_shares()
        columns = [c for c in f.columns if c not in ("unit", "year")]
        return _render_overview("functions", rows=_records(f), columns=columns)

    def years(self) -> HTML:
        p = self.panel()
        return _render_overview("panel", rows=_records(p), chart=_img(charts.panel_chart(p)))

    def findings(self) -> HTML:
        u = self.units()
        return _render_overview("findings_per_unit", rows=_records(u))


def _render_overview(template: str, **context) -> HTML:
    return HTML(env.get_template(f"overview_{template}.html.j2").render(**context))


def _unit_row(d, found: list) -> dict:
    """One disclosure in the overview's table of units (``found``: its findings)."""
    s = analysis.structure(d)
    per = analysis.per_capita(d)
    counts = present.finding_counts(found)
    return {"key": unit_key(d.unit.name), "unit": present.unit_name(d.unit.name), "region": d.region,
            "year": d.year, "kind": f"{d.level or ''}{d.kind or ''}", "total": s["total"], "basic_share": s["basic_share"],
            "project_share": s["project_share"], "reserve_share": s["reserve_share"],
            "personnel_share": s["personnel_share"], "staff": per["staff_active"],
            "per_active": per["total_per_active"], "errors": counts["error"], "doubts": counts["doubts"],
            "warnings": counts["warning"], "infos": counts["info"],
            "score": analysis.completeness(d)[0], **_extras(d)}


def _function_row(d) -> dict:
    """One disclosure's shares of spending by functional 类."""
    f = analysis.by_function(d, "类")
    row = {"unit": present.unit_name(d.unit.name), "year": d.year}
    row.update({f"{c} {n}": v for c, n, v in zip(f["code"], f["name"], f["share"])})
    return row


def _extras(d) -> dict:
    """“三公”经费, 机关运行经费 and 政府采购 where the document gives them (the headline's cards)."""
    cards = {c["label"].removesuffix("决算"): c["fen"] for c in analysis.headline_extras(d)}
    return {"three_public": cards.get("“三公”经费"), "operating_costs": cards.get("机关运行经费"),
            "procurement": cards.get("政府采购")}
