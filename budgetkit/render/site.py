"""The static site's index page, its unit list and its navigation data.

* ``index.html``: the site's page of every unit. Its rows are data the page loads
  (``units.js``, a script that assigns them: a ``fetch`` of JSON is refused from ``file://``),
  drawn a page of 100 at a time by a small inline script that sorts (click a column head),
  filters (region, year, kind, "errors only") and searches, each within a few milliseconds at
  10,000 rows: the index of a province's output stays a small page. Nothing is fetched from any
  other host. A site of up to :data:`PLAIN_ROWS` units also has its rows in the page itself, so
  that without JavaScript the table is still all there; a larger one says in a ``<noscript>``
  note that its list needs JavaScript and links the data package's 单位概况 instead.
  The unit's name opens its report; its CSV / XLSX sit beside it; the corpus's data package is
  linked. Findings are counted apart: the publisher's errors, and budgetkit's own reading doubts.
* ``nav/<hash>.js``: one small script per unit (its reports across years and renamings,
  :func:`present.nav_script` names it), so that each report links to the unit's other years
  and loads only its own unit's (a script tag, not a fetch: it works from disk too). Only a
  unit whose reports changed has its script written again; a year rendered later shows on the
  pages rendered before it. (One ``site-nav.js`` of every unit, 1 MB at 2,000 units, was
  loaded and parsed by every report.)

Relative links only, inline CSS: the site works from disk and from any host. The page links
the site's shared font (``fonts/bk-core-….css``, as the reports do) and embeds a face for the
characters beyond it of its own text and of every name ``units.js`` holds (a few KB; it was
every glyph, 450 KB at 200 synthetic units); a site rendered ``--self-contained`` embeds them all.
"""

from __future__ import annotations

import json
import os
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from .. import present
from ..atomic import write_text
from ..webfont import font_face_css, link_font
from .names import href

__all__ = ["write_index", "site_nav", "published_failures", "NAV_DIR", "UNITS_SCRIPT", "PLAIN_ROWS", "unit_row"]

NAV_DIR = "nav"  # a unit's reports, one script per unit (present.nav_script)
_NAV_NAME = re.compile(r"[0-9a-f]{16}\.js")  # the names budgetkit gives them
_OLD_NAV = "site-nav.js"  # every unit's, written by an earlier budgetkit
UNITS_SCRIPT = "units.js"
PLAIN_ROWS = 200  # units: up to this many, the rows are in the page too (read without JavaScript)

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


def write_nav(out: Path, reports: list[dict]) -> list[Path]:
    """Each unit's script of its reports (``nav/<hash>.js``: ``window.BK_SITE = {"units": {group:
    [...]}}``, the one unit), written only where it changed; the scripts of units no longer in
    the site, and the one ``site-nav.js`` of an earlier budgetkit, removed. Returns those written."""
    folder = out / NAV_DIR
    wanted, written = set(), []
    for group, entries in site_nav(reports)["units"].items():
        path = out / present.nav_script(group)
        text = "window.BK_SITE = " + json.dumps({"units": {group: entries}}, ensure_ascii=False, sort_keys=True) + ";\n"
        wanted.add(path.name)
        try:
            same = path.read_text(encoding="utf-8") == text
        except OSError:
            same = False
        if not same:
            write_text(path, text)
            written.append(path)
    if folder.is_dir():
        for path in folder.iterdir():
            if _NAV_NAME.fullmatch(path.name) and path.name not in wanted:
                path.unlink(missing_ok=True)
    (out / _OLD_NAV).unlink(missing_ok=True)
    return written


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


def _share(value, places: str = "0.01"):
    """A share or score rounded as the page shows it (half up), as a JSON number; ``None`` blank."""
    if present.is_blank(value):
        return None
    d = Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)
    return float(d)  # the shortest repr of a 2-decimal figure is that figure: "76.39"


def unit_row(r: dict, regions: dict, kinds: dict) -> list:
    """One unit as ``units.js`` holds it (the inline script names the positions): page, name,
    code, year, kind and region (as positions in their lists), total (fen), errors, doubts,
    warnings, score, basic / project / personnel shares, downloads as [label, link] (a link
    that starts with the page's own stem written "~": "~.csv")."""
    c = _counts(r)
    stem = r["html"][: -len(".html")]
    downloads = [[d["label"], "~" + d["href"][len(stem):] if d["href"].startswith(stem) else d["href"]]
                 for d in r.get("downloads") or []]
    return [r["html"], present.unit_name(r.get("unit")), r.get("unit_code") or "", r.get("year"),
            kinds.setdefault(_kind(r), len(kinds)), regions.setdefault(r.get("region") or "", len(regions)),
            r.get("total"), c.get("error") or 0, c.get("doubts"), c.get("warning") or 0, _share(r.get("score"), "0.1"),
            _share(r.get("basic_share")), _share(r.get("project_share")), _share(r.get("personnel_share")), downloads]


def _write_units(out: Path, rows) -> tuple[set, dict, dict, bool]:
    """``units.js``, written a row at a time; the characters its rows show (for the page's
    font), the regions and kinds (name → position) and whether any row knows its doubts."""
    regions: dict[str, int] = {}
    kinds: dict[str, int] = {}
    chars: set[str] = set()
    doubts = False
    path = out / UNITS_SCRIPT
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("window.BK_UNITS = {\"rows\": [\n")
        for n, r in enumerate(rows):
            row = unit_row(r, regions, kinds)
            doubts = doubts or row[8] is not None
            chars.update(row[1], row[2], *(label for label, _ in row[14]))
            f.write(("," if n else "") + json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        f.write("], \"regions\": " + json.dumps(list(regions), ensure_ascii=False) +
                ", \"kinds\": " + json.dumps(list(kinds), ensure_ascii=False) + "};\n")
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    chars.update(*regions, *kinds)
    return chars, regions, kinds, doubts


def write_index(out: Path, reports: list[dict], failures: list[dict], overview: str | None = None,
                font: str | None = None) -> Path:
    """Write ``out/index.html``, ``out/units.js`` and each unit's ``out/nav/<hash>.js``
    atomically; links only to reports whose file exists. ``font``: the site's shared font
    (``webfont.site_font``, from the site's root), linked, the page embedding only the glyphs
    beyond it; without it the page embeds every glyph it and its rows show."""
    present_reports = [r for r in reports if (out / r["html"]).exists()]
    present_reports.sort(key=lambda r: (r.get("region") or "", r.get("unit") or "", r.get("year") or 0))
    chars, regions, kinds, doubts_known = _write_units(out, present_reports)
    plain = len(present_reports) <= PLAIN_ROWS
    rows = [{**r, "kind_text": _kind(r), "c": _counts(r)} for r in present_reports] if plain else []
    package = "data/datapackage.json" if (out / "data" / "datapackage.json").exists() else None
    html = _env.get_template("index.html.j2").render(
        reports=rows, n=len(present_reports), plain=plain, units_script=UNITS_SCRIPT,
        failures=published_failures(failures, out), overview=overview, package=package, made=present.timestamp(),
        regions=sorted(set(regions) - {""}), years=sorted({r.get("year") for r in present_reports if r.get("year")}),
        kinds=sorted(set(kinds) - {""}), doubts_known=doubts_known,
    )
    write_nav(out, present_reports)
    path = out / "index.html"
    write_text(path, link_font(html, font, "".join(chars)) if font else _with_font(html, "".join(chars)))
    return path


def _with_font(html: str, shown: str) -> str:
    """``html`` with an embedded font for its own text and the rows its script draws (``shown``)."""
    from ..webfont import _DATA_URI, _SHOWN_ATTRS, _TAGS

    html_text = _DATA_URI.sub("", html)
    text = _TAGS.sub(" ", html_text) + " ".join(_SHOWN_ATTRS.findall(html_text)) + shown
    return html.replace("</head>", f"<style>{font_face_css(text)}</style></head>", 1)
