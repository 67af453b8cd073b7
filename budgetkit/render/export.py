"""Executed notebook → one self-contained HTML page (images embedded, nothing fetched from any
other host, code hidden unless asked for)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..webfont import embed_font

__all__ = ["to_html"]

_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _strip_css_comments(html: str) -> str:
    """JupyterLab's CSS credits its sources in comments with URLs; a report names no other host."""
    return _STYLE.sub(lambda m: m.group(1) + _CSS_COMMENT.sub("", m.group(2)) + m.group(3), html)

_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@lru_cache(maxsize=2)
def _exporter(show_code: bool):
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="budgetkit",
        extra_template_basedirs=[str(_TEMPLATES / "nbconvert")],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=False,  # charts are embedded by budgetkit already; this pass re-parses the page
    )
    exporter.language_code = "zh-CN"
    return exporter


def to_html(notebook, show_code: bool = False, title: str | None = None) -> str:
    """HTML for an executed notebook (an ``nbformat`` node)."""
    resources = {"budgetkit_css": (_TEMPLATES / "report.css").read_text(encoding="utf-8"),
                 "budgetkit_show_code": show_code}
    if title:
        notebook.metadata["title"] = title
    body, _ = _exporter(show_code).from_notebook_node(notebook, resources=resources)
    return embed_font(_strip_css_comments(body))
