"""The static site's index page: every unit with its key figures and a link, every failure
with its reason. Relative links only, inline CSS: it works from disk and from any host."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..atomic import write_text
from ..webfont import embed_font
from .names import href

__all__ = ["write_index"]

_env = Environment(loader=PackageLoader("budgetkit", "templates/site"), autoescape=select_autoescape(default=True),
                   trim_blocks=True, lstrip_blocks=True)
_env.filters["href"] = href


def write_index(out: Path, reports: list[dict], failures: list[dict], overview: str | None = None) -> Path:
    """Write ``out/index.html`` atomically; links only to reports whose file exists."""
    present = [r for r in reports if (out / r["html"]).exists()]
    present.sort(key=lambda r: (r.get("region") or "", r.get("unit") or "", r.get("year") or 0))
    html = _env.get_template("index.html.j2").render(
        reports=present, failures=failures, overview=overview,
        made=_dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    )
    path = out / "index.html"
    write_text(path, embed_font(html))
    return path
