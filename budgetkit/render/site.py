"""The static site's index page and its navigation data.

* ``index.html``: every unit with its key figures, sortable (click a column head), filterable
  (region, year, kind, "errors only") and searchable, by a small inline script: nothing is
  fetched from any other host, and without JavaScript the table is still all there. The unit's
  name opens its report; its CSV / XLSX sit beside it; the corpus's data package is linked.
  Findings are counted apart: the publisher's errors, and budgetkit's own reading doubts.
* ``site-nav.js``: which reports belong to the same unit, so that each report links to the
  unit's other years (a script tag, not a fetch: it works from disk too).

Relative links only, inline CSS: the site works from disk and from any host.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from .. import present
from ..atomic import write_text
from ..webfont import embed_font
from .names import href

__all__ = ["write_index", "site_nav", "published_failures", "NAV_SCRIPT"]

NAV_SCRIPT = "site-nav.js"

_env = Environment(loader=PackageLoader("budgetkit", "templates/site"), autoescape=select_autoescape(default=True),
                   trim_blocks=True, lstrip_blocks=True)
_env.filters["href"] = href
for _name in ("wan", "pct", "count", "score", "year", "text", "reason", "unit_name"):
    _env.filters[_name] = getattr(present, _name)


def _kind(r: dict) -> str:
    return present.disclosure_kind(r.get("level"), r.get("kind"))


def _counts(r: dict) -> dict:
    """The findings counted apart (from the downloads step), else the batch's plain counts."""
    c = r.get("counts")
    if c:
        return c
    return {"error": r.get("errors", 0), "warning": r.get("warnings", 0), "info": r.get("infos", 0), "doubts": None}


def site_nav(reports: list[dict]) -> dict:
    """Reports grouped by unit (across years and renamings), each with its label and downloads."""
    units: dict[str, list[dict]] = {}
    for r in sorted(reports, key=lambda r: (r.get("year") or 0, _kind(r))):
        group = present.unit_group(r.get("region"), r.get("unit"))
        units.setdefault(group, []).append({
            "html": r["html"], "label": f"{present.year(r.get('year'), '')}年{_kind(r)}",
            "downloads": r.get("downloads", []),
        })
    return {"units": units}


def published_failures(failures: list[dict], site: Path | None = None) -> list[dict]:
    """The files that could not be rendered as the index lists them: each by its name, and its
    path in the reason (an error may quote it) by its name too, and the site's own folder
    (``site``) left out of the reason; a published site shows no folder of the machine that
    made it. A failure names its files in ``files`` (a disclosure in parts), else in ``file``."""
    out = []
    home = f"{Path(site).resolve()}{os.sep}" if site is not None else None
    for f in failures:
        paths = [str(p) for p in f.get("files") or [f.get("file")] if p]
        reason = str(f.get("reason") or "")
        for path in sorted(paths, key=len, reverse=True):
            reason = reason.replace(path, Path(path).name).replace(str(Path(path).resolve()), Path(path).name)
        if home:
            reason = reason.replace(home, "")
        out.append({k: v for k, v in f.items() if k != "files"} |
                   {"file": " + ".join(Path(p).name for p in paths), "reason": reason})
    return out


def write_index(out: Path, reports: list[dict], failures: list[dict], overview: str | None = None) -> Path:
    """Write ``out/index.html`` and ``out/site-nav.js`` atomically; links only to reports whose
    file exists."""
    present_reports = [r for r in reports if (out / r["html"]).exists()]
    present_reports.sort(key=lambda r: (r.get("region") or "", r.get("unit") or "", r.get("year") or 0))
    rows = [{**r, "kind_text": _kind(r), "c": _counts(r)} for r in present_reports]
    package = "data/datapackage.json" if (out / "data" / "datapackage.json").exists() else None
    html = _env.get_template("index.html.j2").render(
        reports=rows, failures=published_failures(failures, out), overview=overview, package=package, made=present.timestamp(),
        regions=sorted({r.get("region") or "" for r in rows} - {""}),
        years=sorted({r.get("year") for r in rows if r.get("year")}),
        kinds=sorted({r["kind_text"] for r in rows} - {""}),
        doubts_known=any(r["c"].get("doubts") is not None for r in rows),
    )
    nav = "window.BK_SITE = " + json.dumps(site_nav(present_reports), ensure_ascii=False, sort_keys=True) + ";\n"
    write_text(out / NAV_SCRIPT, nav)
    path = out / "index.html"
    write_text(path, embed_font(html))
    return path
