"""The web font of HTML pages: the Noto Sans CJK SC glyphs a page uses, as WOFF.

Readers open reports on machines without any Chinese font (many Linux desktops, CI) and
offline, so pages carry their glyphs: subsets of the same OFL font the charts use. Two ways:

* **embedded** (:func:`embed_font`): a page carries every glyph it prints, 60–120 KB of its
  bytes; it is whole on its own (the self-contained way, ``budgetkit render --self-contained``).
* **shared** (:func:`site_font`, :func:`link_font`): pages in a site link one font file of the
  characters most pages print (``fonts/bk-core-….css``: budgetkit's own words and the corpus's
  most frequent, ``data/webfont_core.json``), cached once by the browser, and embed only the few
  characters they print beyond it (a unit's rare name, a narrative's word): a few KB a page
  instead of 120. The file is a stylesheet whose ``@font-face`` holds the font as a ``data:``
  URL: Chromium refuses a font file loaded from ``file://`` (CORS: the page's origin is null), a
  stylesheet from there it loads, and a ``data:`` font is the page's own; so pages open from
  disk as from any host, and look the same (the same glyphs, one family of two faces split by
  ``unicode-range``).
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

__all__ = ["WEB_FAMILY", "font_face_css", "embed_font", "core_chars", "site_font", "link_font", "FONT_DIR"]

WEB_FAMILY = "BK Noto Sans SC"
_DATA_URI = re.compile(r"data:[^\"')\s]+")
_TAGS = re.compile(r"<[^>]+>")
_SHOWN_ATTRS = re.compile(r'\s(?:title|placeholder|aria-label|alt|value)="([^"]*)"')
_FACE_INDEX_SC = 2  # Noto Sans CJK SC in NotoSansCJK-Regular.ttc


def _options(flavor: str | None):
    from fontTools import subset

    options = subset.Options()
    options.flavor = flavor
    options.layout_features = []
    options.name_IDs = [1, 2]
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    return options


@lru_cache(maxsize=1)
def _gb2312() -> frozenset[str]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    # and the marks reports print beside GB2312's (✓ ✗ in every audit, the Latin middle dot, the
    # ¶ of nbconvert's heading anchors, the index's ↕, a headline card's ⚠, the 〇 of years
    # written in characters): without them every such page took the slow path through the
    # whole face (0.55 s of CPU a page instead of 0.12 s)
    return frozenset(chars | {chr(i) for i in range(32, 127)} | set(_EXTRA))


_EXTRA = "¶·✓✗✔✘–—‘’“”…•→←↑↓↕×÷±−≤≥‰°℃№⚠〇"


def _extra_key() -> str:
    """Names the marks beside GB2312 in the cached base font's file name: a new mark, a new file."""
    import hashlib

    return hashlib.sha1(_EXTRA.encode("utf-8")).hexdigest()[:8]


def _base_font() -> Path:
    """The SC face cut down to the GB2312 repertoire (7,500 glyphs, 2 MB) with TrueType outlines
    (:func:`_truetype`): made once, kept in the user's cache; subsetting a page from it is
    several times faster than from the full collection."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from .atomic import write_bytes
    from .fonts import font_path

    source = font_path()
    stamp = f"{source.stat().st_size}-{int(source.stat().st_mtime)}"
    path = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "budgetkit" / f"NotoSansCJKsc-GB2312+{_extra_key()}-{stamp}-glyf.ttf"
    if path.exists():
        return path
    with _one_builder(path):  # a render's workers all ask at once on a new machine: one builds
        if path.exists():
            return path
        font = TTFont(str(source), fontNumber=_FACE_INDEX_SC, lazy=True, recalcTimestamp=False)
        subsetter = subset.Subsetter(_options(None))
        subsetter.populate(text="".join(sorted(_gb2312())))
        subsetter.subset(font)
        buf = io.BytesIO()
        _truetype(font).save(buf)
        write_bytes(path, buf.getvalue())
    return path


@contextmanager
def _one_builder(path: Path):
    """Held while ``path`` is built: another process asking for it meanwhile waits, then finds
    it made (``flock`` on ``<path>.lock``; where there is no ``flock``, each builds its own)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _truetype(font):
    """``font`` (CFF outlines) with the same glyphs as TrueType outlines, converted with cu2qu
    within one unit of the 1,000-unit em (fontmake's default): the same advances, so a page
    lays out as before. Subsetting a page from TrueType outlines copies each glyph's bytes; from
    CFF, fontTools ran every charstring twice (glyph closure, unused subroutines) and compiled
    it again: a corpus report's page 0.12–0.22 CPU-s then, 0.04–0.08 now, the WOFF 2–4% larger.
    The vertical-writing tables go (no report is set vertically; their origins were CFF's)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    outlines = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(outlines)
        outlines[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))  # TrueType runs clockwise
        glyphs[name] = pen.glyph()
    for tag in ("CFF ", "VORG", "vhea", "vmtx"):
        if tag in font:
            del font[tag]
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    glyf.compile(font)  # each glyph's bounds, for its left side bearing
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        hmtx[name] = (hmtx[name][0], getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth", "maxPoints", "maxContours",
                  "maxCompositePoints", "maxCompositeContours"):
        setattr(maxp, field, 0)  # the outline counts are computed when the font is saved
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order  # names kept: read faster than made
    font.sfntVersion = "\x00\x01\x00\x00"
    return font


@lru_cache(maxsize=64)
def _woff(chars: str) -> bytes:
    """The glyphs of ``chars`` as a WOFF font (zlib: a tenth of WOFF2's Brotli time, 10% larger).
    The font keeps its source's timestamp (fontTools would stamp the time of saving), so the same
    page is the same bytes on every run."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from .fonts import font_path

    options = _options("woff")
    if set(chars) <= _gb2312():
        # the base font has TrueType outlines and no hints: its glyphs are copied as they are, and
        # the bounding boxes are not computed again (the whole base's are as good)
        font = TTFont(str(_base_font()), lazy=True, recalcBBoxes=False, recalcTimestamp=False)
        options.hinting = True  # nothing to strip: no glyph is opened to strip it
    else:  # a rare character: from the whole face
        font = TTFont(str(font_path()), fontNumber=_FACE_INDEX_SC, lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff"
    font.save(buf)
    return buf.getvalue()


def font_face_css(text: str) -> str:
    """An ``@font-face`` rule embedding the glyphs ``text`` needs beyond ASCII (and ASCII itself)."""
    chars = "".join(sorted(c for c in set(text) if ord(c) > 127 and not c.isspace()))  # the distinct ones first
    chars += "".join(chr(i) for i in range(32, 127))
    data = base64.b64encode(_woff(chars)).decode("ascii")
    return (f'@font-face{{font-family:"{WEB_FAMILY}";font-style:normal;font-weight:400 700;'
            f'src:url(data:font/woff;base64,{data}) format("woff");}}')


def _page_text(html: str) -> str:
    """What a page shows: its text and the attributes a reader sees (placeholders, tooltips)."""
    html_text = _DATA_URI.sub("", html)
    return _TAGS.sub(" ", html_text) + " ".join(_SHOWN_ATTRS.findall(html_text))


def embed_font(html: str) -> str:
    """``html`` with an embedded font for its own text, inserted before ``</head>``."""
    style = f"<style>{font_face_css(_page_text(html))}</style>"
    return html.replace("</head>", style + "</head>", 1)


FONT_DIR = "fonts"
_CORE = Path(__file__).resolve().parent / "data" / "webfont_core.json"


@lru_cache(maxsize=1)
def core_chars() -> str:
    """The shared font's characters: ASCII, budgetkit's marks and ``data/webfont_core.json``'s
    (made by ``benchmarks/font_core.py``), each one the base font has, sorted."""
    listed = json.loads(_CORE.read_text(encoding="utf-8"))["chars"]
    return "".join(sorted((set(listed) | set(_EXTRA) | {chr(i) for i in range(32, 127)}) & _gb2312()))


def _unicode_range(chars: str) -> str:
    """``chars`` as a CSS ``unicode-range``, consecutive code points as one span."""
    codes, spans = sorted({ord(c) for c in chars}), []
    for code in codes:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return ",".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)


def _face(chars: str) -> str:
    """An ``@font-face`` of the glyphs of ``chars`` alone, as a ``data:`` URL, for those
    characters only (``unicode-range``: the faces of one family split the characters)."""
    data = base64.b64encode(_woff(chars)).decode("ascii")
    return (f'@font-face{{font-family:"{WEB_FAMILY}";font-style:normal;font-weight:400 700;'
            f'src:url(data:font/woff;base64,{data}) format("woff");unicode-range:{_unicode_range(chars)};}}')


@lru_cache(maxsize=1)
def _core_name() -> str:
    """The shared font file's name, from its characters and the base font it is cut from: a new
    budgetkit with other characters, or another face, writes a file of another name (a browser's
    cached copy of the old one is never taken for it)."""
    import hashlib

    from .fonts import font_path

    source = font_path()
    made_of = f"{core_chars()}\n{source.name}-{source.stat().st_size}-{_extra_key()}"
    return f"bk-core-{hashlib.sha1(made_of.encode('utf-8')).hexdigest()[:12]}.css"


def site_font(out: str | Path) -> str:
    """Write the site's shared font file into ``out/fonts/`` unless it is there; its path from
    the site's root (``fonts/bk-core-….css``), for :func:`link_font`."""
    from .atomic import write_text

    rel = f"{FONT_DIR}/{_core_name()}"
    path = Path(out) / rel
    if not path.exists():
        write_text(path, CORE_HEADER + _face(core_chars()) + "\n")
    return rel


#: the first line of every shared font file budgetkit writes (how it knows its own from a user's)
CORE_HEADER = "/* Noto Sans CJK SC (SIL Open Font License 1.1), the glyphs most pages of this site print */\n"


def link_font(html: str, href: str, shown: str = "") -> str:
    """``html`` linking the site's shared font at ``href`` (relative to the page: "../fonts/…")
    and embedding a face for the characters it prints beyond it, if any, before ``</head>``;
    ``shown``: text its scripts draw besides (the index's unit names)."""
    core = set(core_chars())
    rest = "".join(sorted(c for c in set(_page_text(html)) | set(shown)
                          if ord(c) > 127 and not c.isspace() and c not in core))
    head = f'<link rel="stylesheet" href="{href}">'
    if rest:
        head += f"<style>{_face(rest)}</style>"
    return html.replace("</head>", head + "</head>", 1)
