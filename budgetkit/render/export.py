"""Executed notebook → one HTML page (images embedded, nothing fetched from any other host, code
hidden unless asked for), its font embedded whole or, in a site, the site's shared font linked
and only the glyphs beyond it embedded (:mod:`budgetkit.webfont`)."""

from __future__ import annotations

import re
import time
from functools import lru_cache
from pathlib import Path

from ..webfont import embed_font, link_font

__all__ = ["to_html"]

_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _strip_css_comments(html: str) -> str:
    """JupyterLab's CSS credits its sources in comments with URLs; a report names no other host."""
    return _STYLE.sub(lambda m: m.group(1) + _CSS_COMMENT.sub("", m.group(2)) + m.group(3), html)

_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
_FOCUSABLE = re.compile(r'<div class="(?=[^"]*\b(?:jp-OutputArea-output|jp-Cell-inputWrapper)\b)')
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)")


def _exporter_class():
    from .imports import without_iri_grammars

    with without_iri_grammars():
        import nbconvert  # noqa: F401
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class Exporter(HTMLExporter):
        """nbconvert's HTMLExporter without its last step, which parses the whole page with
        BeautifulSoup (html.parser) to make outputs focusable and give images an ``alt``: on a
        report of 250 KB that parse was a third of the export's CPU. The same two changes are
        made here with regular expressions on the template's own markup, and, as that parse
        did, the characters that nbconvert's markdown writes as references (``&#25903;``, every
        Chinese heading) are written as themselves: the page's font subset is made from its text."""

        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight_code = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            filter_data_type = WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self,
                                                     resources=resources)
            self.register_filter("highlight_code", highlight_code)
            self.register_filter("filter_data_type", filter_data_type)
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            html = _FOCUSABLE.sub('<div tabindex="0" class="', _CHAR_REF.sub(_char, html))
            return _IMG_WITHOUT_ALT.sub('<img alt="图"', html), resources

    return Exporter


def _char(m: re.Match) -> str:
    """A character reference as the character, when that cannot be markup (beyond ASCII)."""
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if code <= 127 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return m.group(0)
    return chr(code)


@lru_cache(maxsize=2)
def _exporter(show_code: bool):
    from traitlets.config import Config

    # the code's syntax colours (pygments' 3.6 KB of CSS in every page) only where code is shown
    config = Config({"CSSHTMLHeaderPreprocessor": {"enabled": show_code}})
    exporter = _exporter_class()(
        config=config,
        template_name="budgetkit",
        extra_template_basedirs=[str(_TEMPLATES / "nbconvert")],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=False,  # charts are embedded by budgetkit already; this pass re-parses the page
        optimistic_validation=True,  # the notebook validated once, after the preprocessors, not after each of 12
    )
    exporter.language_code = "zh-CN"
    return exporter


@lru_cache(maxsize=1)
def _css() -> str:
    return (_TEMPLATES / "report.css").read_text(encoding="utf-8")


STYLE_DIR = "style"


def site_css(out: str | Path) -> str:
    """Write the pages' stylesheet into ``out/style/`` unless it is there (named by its content:
    a new budgetkit's is another file, never a browser's cached old one); its path from the
    site's root. Linked by every page of a site instead of 9 KB of it in each."""
    import hashlib

    from ..atomic import write_text

    css = _CSS_COMMENT.sub("", _css())
    rel = f"{STYLE_DIR}/report-{hashlib.sha1(css.encode('utf-8')).hexdigest()[:12]}.css"
    if not (Path(out) / rel).exists():
        write_text(Path(out) / rel, css)
    return rel


def to_html(notebook, show_code: bool = False, title: str | None = None, timing: dict | None = None,
            font: str | None = None, css: str | None = None) -> str:
    """HTML for an executed notebook (an ``nbformat`` node); ``timing`` receives the CPU seconds
    of the export (``export``) and of the embedded font (``font``). ``font`` and ``css``: the
    site's shared font file and stylesheet relative to the page (``webfont.site_font``,
    :func:`site_css`), linked; without them the page embeds every glyph it prints and its
    stylesheet, and stands alone."""
    start = time.process_time()
    resources = {"budgetkit_css": _css(), "budgetkit_css_href": css, "budgetkit_show_code": show_code}
    if title:
        notebook.metadata["title"] = title
    body, _ = _exporter(show_code).from_notebook_node(notebook, resources=resources)
    body = _strip_css_comments(body)
    middle = time.process_time()
    html = link_font(body, font) if font else embed_font(body)
    if timing is not None:
        timing.update(export=middle - start, font=time.process_time() - middle)
    return html
