"""An embedded web font for HTML pages: the Noto Sans CJK SC glyphs one page uses, as WOFF2.

Readers open reports on machines without any Chinese font (many Linux desktops, CI) and
offline, so a page carries its own glyphs: a subset of the same OFL font the charts use,
typically 60–120 KB for a report.
"""

from __future__ import annotations

import base64
import io
import re
from functools import lru_cache

__all__ = ["WEB_FAMILY", "font_face_css", "embed_font"]

WEB_FAMILY = "BK Noto Sans SC"
_DATA_URI = re.compile(r"data:[^\"')\s]+")
_TAGS = re.compile(r"<[^>]+>")
_FACE_INDEX_SC = 2  # Noto Sans CJK SC in NotoSansCJK-Regular.ttc


@lru_cache(maxsize=64)
def _woff2(chars: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from .fonts import font_path

    font = TTFont(str(font_path()), fontNumber=_FACE_INDEX_SC, lazy=True)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.name_IDs = [1, 2]
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff2"
    font.save(buf)
    return buf.getvalue()


def font_face_css(text: str) -> str:
    """An ``@font-face`` rule embedding the glyphs ``text`` needs beyond ASCII (and ASCII itself)."""
    chars = "".join(sorted({c for c in text if ord(c) > 127 and not c.isspace()}))
    chars += "".join(chr(i) for i in range(32, 127))
    data = base64.b64encode(_woff2(chars)).decode("ascii")
    return (f'@font-face{{font-family:"{WEB_FAMILY}";font-style:normal;font-weight:400 700;'
            f'src:url(data:font/woff2;base64,{data}) format("woff2");}}')


def embed_font(html: str) -> str:
    """``html`` with an embedded font for its own text, inserted before ``</head>``."""
    text = _TAGS.sub(" ", _DATA_URI.sub("", html))
    style = f"<style>{font_face_css(text)}</style>"
    return html.replace("</head>", style + "</head>", 1)
