"""A PDF page's characters and ruling, read by pdfium, in pdfplumber's object format.

pdfplumber finds tables and words well but gets its objects from pdfminer, which interprets
every content stream in pure Python: about 85% of the time budgetkit spends reading a PDF.
pdfium (C++, through pypdfium2, which pdfplumber already installs) reads the same page objects
about four times faster. :func:`page_objects` returns them as the dicts pdfplumber builds
(``char``, ``rect``, ``line``, ``curve``), placed in pdfplumber's page coordinates (top-down,
rotation applied as pdfminer applies it), so pdfplumber's table finder and word extractor run
on them unchanged: :func:`use_pdfium_objects` installs them on a pdfplumber page.

What follows pdfminer on purpose, so that both give the same rows:

* a character's box is the font's box, not the glyph's ink: from the baseline's descent up by
  the font size, and as wide as the glyph's advance;
* a path is split into its subpaths; a straight two-point subpath is a ``line``, a closed
  axis-aligned four-sided one a ``rect``, anything else a ``curve`` through its points;
* clipping paths and invisible (neither filled nor stroked) paths are not objects.

What it leaves out, being unused by budgetkit and costly to ask of pdfium per character: font
names and colours (``fontname`` is absent; colours are None).

Characters pdfium adds itself (spaces and line ends it infers) are left out, and so are the
space characters a PDF prints (pdfium keeps none; budgetkit finds word gaps from positions).
A page whose fonts map some glyph to no Unicode raises :class:`NoUnicode`: the reader then
reads that page with pdfminer, which writes such glyphs as ``(cid:N)``, so its check for PDFs
without a usable text layer sees them. pdfium also leaves out a text object whose box has no
width; where that may be a glyph rather than a blank (a font the PDF does not embed, and not
one of the simple Latin fonts pdfium stands in for: :func:`fonts_pdfium_stands_in_for`), the
page raises :class:`UnreadText` and is read by pdfminer too.
"""

from __future__ import annotations

import ctypes

from pdfminer.utils import apply_matrix_pt, mult_matrix  # pdfminer's convention: both readings place alike

__all__ = ["page_objects", "use_pdfium_objects", "open_pdfium", "fonts_pdfium_stands_in_for", "NoUnicode", "UnreadText"]


class NoUnicode(Exception):
    """A character on the page has no Unicode mapping."""


class UnreadText(Exception):
    """A text object on the page that pdfium's text page left out."""

_ROUND = 3  # pdfium works in 32-bit floats: 100.25 comes back as 100.24999…


def open_pdfium(path):
    """The document, opened by pdfium."""
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(str(path))


def _page_ctm(mediabox, rotate: int) -> tuple:
    """pdfminer's device matrix for a page (``PDFPageInterpreter.process_page``)."""
    x0, y0, x1, y1 = mediabox
    if rotate == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


class _Place:
    """From device space (pdfminer's, y up) to pdfplumber's page coordinates (y down)."""

    def __init__(self, plumber_page):
        self.height = plumber_page.height
        self.mb_x0, self.mb_top = plumber_page.mediabox[:2]
        self.doctop = plumber_page.initial_doctop
        self.page_number = plumber_page.page_number

    def box(self, x0: float, y0: float, x1: float, y1: float) -> dict:
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        x0, x1, y0, y1 = (round(v, _ROUND) for v in (x0, x1, y0, y1))
        top = round(self.height - y1 + self.mb_top, _ROUND)
        bottom = round(self.height - y0 + self.mb_top, _ROUND)
        return {"page_number": self.page_number, "x0": x0 + self.mb_x0, "x1": x1 + self.mb_x0, "y0": y0, "y1": y1,
                "top": top, "bottom": bottom, "doctop": self.doctop + top,
                "width": round(x1 - x0, _ROUND), "height": round(bottom - top, _ROUND)}

    def point(self, x: float, y: float) -> tuple[float, float]:
        return (round(x, _ROUND) + self.mb_x0, round(self.height - round(y, _ROUND) + self.mb_top, _ROUND))


def _chars(textpage, ctm, place: _Place) -> list[dict]:
    """The page's characters (a hot loop: four C calls and one dict per character; what a text
    object's characters share, their matrix, size and font descent, is asked once per object)."""
    import pypdfium2.raw as r

    tp = textpage.raw
    count = r.FPDFText_CountChars(tp)
    if count <= 0:
        return []
    buf = ctypes.create_string_buffer((count + 1) * 2)
    written = r.FPDFText_GetText(tp, 0, count, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    if written - 1 == count:  # one UTF-16 unit per character
        units = memoryview(buf.raw[:count * 2]).cast("H")
    else:  # a character beyond the BMP takes two units: ask for each one
        units = [r.FPDFText_GetUnicode(tp, i) for i in range(count)]
    rect = r.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    rect_at, ox_at, oy_at = ctypes.addressof(rect), ctypes.addressof(ox), ctypes.addressof(oy)
    loose, no_unicode, get_origin, text_object = (_plain(n) for n in (
        "FPDFText_GetLooseCharBox", "FPDFText_HasUnicodeMapError", "FPDFText_GetCharOrigin", "FPDFText_GetTextObject"))
    tp_address = ctypes.cast(tp, ctypes.c_void_p).value
    shared: dict[int | None, tuple] = {}  # by text object
    descents: dict[int, float] = {}  # by font: its descent at size 1
    matrix = r.FS_MATRIX()
    ca, cb, cc, cd, ce, cf = ctm
    plain = (ca, cb, cc, cd) == (1, 0, 0, 1)
    height, mb_x0, mb_top, doctop, number = place.height, place.mb_x0, place.mb_top, place.doctop, place.page_number
    out = []
    for i in range(count):
        code = units[i]
        if code in _SKIP:
            continue
        if no_unicode(tp_address, i) == 1:
            raise NoUnicode(i)
        if not loose(tp_address, i, rect_at):
            continue
        key = text_object(tp_address, i)
        known = shared.get(key) if key else None
        if known is None:
            known = _object_shared(r, tp, i, ctm, key, descents, matrix)
            if key:
                shared[key] = known
        device_matrix, upright, straight, descent, rise = known
        left, right, low, high = rect.left, rect.right, rect.bottom, rect.top
        if straight:
            # set straight on the page: pdfminer's box, from the font's descent below the
            # baseline up by the font size (pdfium's "loose" box follows some glyphs' own ink)
            get_origin(tp_address, i, ox_at, oy_at)
            low = oy.value + descent
            high = low + rise
        if plain:
            x0, x1, y0, y1 = left + ce, right + ce, low + cf, high + cf
        else:
            xs = (ca * left + cc * low + ce, ca * right + cc * high + ce)
            ys = (cb * left + cd * low + cf, cb * right + cd * high + cf)
            x0, x1 = min(xs), max(xs)
            y0, y1 = min(ys), max(ys)
        top = height - y1 + mb_top
        bottom = height - y0 + mb_top
        w, h = x1 - x0, bottom - top
        out.append({"object_type": "char", "page_number": number, "text": chr(code),
                    "x0": x0 + mb_x0, "x1": x1 + mb_x0, "y0": y0, "y1": y1, "top": top, "bottom": bottom,
                    "doctop": doctop + top, "width": w, "height": h, "upright": upright,
                    "size": h if upright else w, "adv": w if upright else h,
                    "matrix": device_matrix, "stroking_color": None, "non_stroking_color": None})
    return out


def _object_shared(r, tp, i: int, ctm, address: int | None, descents: dict[int, float], matrix) -> tuple:
    """What every character of character ``i``'s text object (at ``address``) shares: its
    matrix on the device (its own, then the page's rotation), whether it stands upright, whether
    it is set straight (no rotation or skew), and for one set straight, its descent below the
    baseline and its height (the font size), in page units. ``descents``: by font, at size 1;
    ``matrix``: an FS_MATRIX to read into."""
    r.FPDFText_GetMatrix(tp, i, matrix)
    a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
    ma, mb, mc, md = mult_matrix((a, b, c, d, 0.0, 0.0), ctm)[:4]
    straight = b == 0 and c == 0 and a > 0 and d > 0
    descent = rise = 0.0
    if straight:
        size = r.FPDFText_GetFontSize(tp, i)
        font = _plain("FPDFTextObj_GetFont")(address) if address else None
        unit = descents.get(font) if font else 0.0
        if unit is None:
            out = ctypes.c_float()
            found = _plain("FPDFFont_GetDescent")(font, 1.0, ctypes.addressof(out))
            unit = descents[font] = out.value if found else 0.0
        descent, rise = size * unit * d, size * d
    return (ma, mb, mc, md, 0.0, 0.0), ma * md > 0 and mb * mc <= 0, straight, descent, rise


_PLAIN: dict = {}


def _plain(name: str):
    """pdfium's function ``name`` as pypdfium2 declares it, but with every pointer, argument or
    result, a plain address (an int). pypdfium2's typed pointers are checked and converted on
    every call, which costs more than many of these calls; an int result can also key a cache.
    Out-arguments are passed as ``ctypes.addressof(value)``."""
    found = _PLAIN.get(name)
    if found is None:
        import pypdfium2.raw as r

        typed = getattr(r, name)

        def plain(kind):
            return ctypes.c_void_p if kind is not None and issubclass(kind, ctypes._Pointer) else kind

        address = ctypes.cast(typed, ctypes.c_void_p).value
        found = _PLAIN[name] = ctypes.CFUNCTYPE(plain(typed.restype), *map(plain, typed.argtypes))(address)
    return found


_SKIP = frozenset((0, 0x20, 0x0D, 0x0A, 0xFFFE, 0xFFFF))  # spaces and line ends (pdfium infers them), no character


def _drawn(page_raw) -> tuple[list, list]:
    """The page's text objects, and its path objects each with its matrix to page space; Form
    XObjects opened. One walk over the page for both; objects as addresses (:func:`_plain`)."""
    import pypdfium2.raw as r

    texts: list = []
    paths: list = []
    text, path, form = r.FPDF_PAGEOBJ_TEXT, r.FPDF_PAGEOBJ_PATH, r.FPDF_PAGEOBJ_FORM
    get_type, page_object, form_object = _plain("FPDFPageObj_GetType"), _plain("FPDFPage_GetObject"), _plain("FPDFFormObj_GetObject")
    m = r.FS_MATRIX()

    def walk(count, owner, get, outer):
        for k in range(count):
            obj = get(owner, k)
            kind = get_type(obj)
            if kind == text:
                texts.append(obj)
            elif kind == path:
                paths.append((obj, outer))
            elif kind == form:
                _plain("FPDFPageObj_GetMatrix")(obj, ctypes.addressof(m))
                inner = mult_matrix((m.a, m.b, m.c, m.d, m.e, m.f), outer)
                walk(_plain("FPDFFormObj_CountObjects")(obj), obj, form_object, inner)

    page = ctypes.cast(page_raw, ctypes.c_void_p).value
    walk(_plain("FPDFPage_CountObjects")(page), page, page_object, (1, 0, 0, 1, 0, 0))
    return texts, paths


def _paths(drawn: list, ctm, place: _Place) -> dict[str, list[dict]]:
    import pypdfium2.raw as r

    out: dict[str, list[dict]] = {"rect": [], "line": [], "curve": []}
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    m = r.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    fill_at, stroke_at, m_at, x_at, y_at = (ctypes.addressof(v) for v in (fill, stroke, m, x, y))
    draw_mode, get_matrix, stroke_width, count_segments, segment, point_of, type_of, closes = (
        _plain(n) for n in ("FPDFPath_GetDrawMode", "FPDFPageObj_GetMatrix", "FPDFPageObj_GetStrokeWidth",
                            "FPDFPath_CountSegments", "FPDFPath_GetPathSegment", "FPDFPathSegment_GetPoint",
                            "FPDFPathSegment_GetType", "FPDFPathSegment_GetClose"))
    fill_color, stroke_color = _plain("FPDFPageObj_GetFillColor"), _plain("FPDFPageObj_GetStrokeColor")
    rgba = [ctypes.c_uint() for _ in range(4)]
    rgba_at = [ctypes.addressof(v) for v in rgba]

    def color(get, obj) -> tuple | None:
        """The colour as pdfminer gives an RGB one, in 0–1; a transparent one as ``None`` drawn nothing."""
        if not get(obj, *rgba_at):
            return None
        red, green, blue, alpha = (v.value for v in rgba)
        return (red / 255, green / 255, blue / 255) if alpha else (1.0, 1.0, 1.0)

    move_to = r.FPDF_SEGMENT_MOVETO
    for obj, outer in drawn:
        if not draw_mode(obj, fill_at, stroke_at) or (fill.value == 0 and not stroke.value):
            continue
        get_matrix(obj, m_at)
        to_device = mult_matrix(mult_matrix((m.a, m.b, m.c, m.d, m.e, m.f), outer), ctm)
        width = stroke_width(obj, x_at) and x.value
        subpaths: list[list] = []
        for k in range(count_segments(obj)):
            seg = segment(obj, k)
            point_of(seg, x_at, y_at)
            point = apply_matrix_pt(to_device, (x.value, y.value))
            if type_of(seg) == move_to or not subpaths:
                subpaths.append([point])
            else:
                subpaths[-1].append(point)
            if closes(seg) and subpaths[-1][-1] != subpaths[-1][0]:
                subpaths[-1].append(subpaths[-1][0])
        attrs = {"linewidth": width or 0, "stroke": bool(stroke.value), "fill": fill.value != 0,
                 "stroking_color": color(stroke_color, obj) if stroke.value else None,
                 "non_stroking_color": color(fill_color, obj) if fill.value else None, "dash": None}
        for pts in subpaths:
            _add_path(out, [(round(px, _ROUND), round(py, _ROUND)) for px, py in pts], attrs, place)
    return out


def _add_path(out: dict, pts: list, attrs: dict, place: _Place) -> None:
    """One subpath as pdfminer classifies it (``PDFLayoutAnalyzer.paint_path``)."""
    if len(pts) < 2:
        return
    if len(pts) == 3 and pts[-1] == pts[0]:  # "mlh": a line closed back on itself
        pts = pts[:2]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    obj = place.box(min(xs), min(ys), max(xs), max(ys))
    obj.update(attrs)
    obj["pts"] = [place.point(px, py) for px, py in pts]
    if len(pts) == 2:
        obj["object_type"] = "line"
        out["line"].append(obj)
        return
    if len(pts) == 5 and pts[0] == pts[4]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        if (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0):
            obj["object_type"] = "rect"
            out["rect"].append(obj)
            return
    obj["object_type"] = "curve"
    out["curve"].append(obj)


def _check_every_text_object_read(texts: list, blank_ok=frozenset) -> None:
    """Raise :class:`UnreadText` when the page has a text object pdfium's text page may leave out.

    pdfium skips a text object whose box has no width. A glyph of an embedded font has a box,
    unless it prints nothing (a space); a glyph of a font that is not embedded may have none
    (a lone "算" in STSong-Light, a CJK font PDF writers often leave out). A page with an empty
    box in a font that is not embedded is read by pdfminer instead: more slowly, never wrongly.
    Fonts named in ``blank_ok()`` (:func:`fonts_pdfium_stands_in_for`; asked only when the page
    has such a box) are exempt: their empty boxes are blanks."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    at = [ctypes.addressof(v) for v in (left, bottom, right, top)]
    bounds, font_of, embedded = _plain("FPDFPageObj_GetBounds"), _plain("FPDFTextObj_GetFont"), _plain("FPDFFont_GetIsEmbedded")
    exempt = None
    for obj in texts:
        if not bounds(obj, *at):
            continue
        if abs(right.value - left.value) >= 0.01:
            continue
        font = font_of(obj)
        if embedded(font):
            continue
        if exempt is None:
            exempt = blank_ok()
        if _font_name(font) not in exempt:
            raise UnreadText((left.value, bottom.value))


def _font_name(font: int) -> bytes:
    """The base name of the font at address ``font``."""
    name_of = _plain("FPDFFont_GetBaseFontName")
    size = name_of(font, None, 0)
    buf = ctypes.create_string_buffer(max(size, 1))
    name_of(font, ctypes.addressof(buf), size)
    return buf.value


_SIMPLE_FONTS = frozenset((b"Type1", b"TrueType", b"MMType1"))  # as the PDF names them (bytes)
_STANDARD_ENCODINGS = frozenset((b"WinAnsiEncoding", b"MacRomanEncoding", b"StandardEncoding"))


def fonts_pdfium_stands_in_for(plumber_page) -> frozenset[bytes]:
    """Names of the page's fonts (its forms' included) whose glyphs all have a box in pdfium,
    so that an empty box in one of them is a blank (Word's spaces in a Times New Roman it does
    not embed: every page of Jiangsu's Word-made PDFs has hundreds).

    Such a font is a simple font (Type1, TrueType) that is not embedded, with a standard
    encoding and no ToUnicode map: its codes name Latin glyphs only, and pdfium stands in its
    own font (which has every one of them) for it. A name another font of the page that is not
    embedded also bears is left out, as is everything when the page's resources cannot be read."""
    from pdfminer.psparser import PSLiteral
    from pdfminer.pdftypes import PDFStream, resolve1

    def name(value) -> bytes | None:
        value = resolve1(value)
        if not isinstance(value, PSLiteral):
            return None
        return value.name if isinstance(value.name, bytes) else value.name.encode("utf-8")

    def embedded(font: dict) -> bool:
        descendants = resolve1(font.get("DescendantFonts"))
        if isinstance(descendants, list) and descendants:  # Type0: the CID font holds the file
            font = resolve1(descendants[0])
            if not isinstance(font, dict):
                return False
        descriptor = resolve1(font.get("FontDescriptor"))
        return isinstance(descriptor, dict) and any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))

    def stands_in(font: dict) -> bool:
        if name(font.get("Subtype")) not in _SIMPLE_FONTS or "ToUnicode" in font:
            return False
        encoding = font.get("Encoding")
        return encoding is None or name(encoding) in _STANDARD_ENCODINGS

    good: set[bytes] = set()
    other: set[bytes] = set()
    seen: set[int] = set()

    def walk(resources) -> None:
        resources = resolve1(resources)
        if not isinstance(resources, dict):
            return
        for ref in (resolve1(resources.get("Font")) or {}).values():
            font = resolve1(ref)
            if isinstance(font, dict) and not embedded(font):  # an embedded font's own glyphs decide
                base = name(font.get("BaseFont")) or b""
                (good if stands_in(font) else other).add(base)
        for ref in (resolve1(resources.get("XObject")) or {}).values():
            key = getattr(ref, "objid", None) or id(ref)
            if key in seen:
                continue
            seen.add(key)
            xobject = resolve1(ref)
            if isinstance(xobject, PDFStream) and name(xobject.attrs.get("Subtype")) == b"Form":
                walk(xobject.attrs.get("Resources"))

    try:
        walk(plumber_page.page_obj.resources)
    except Exception:  # a broken resource dictionary: trust no font
        return frozenset()
    return frozenset(good - other)


def page_objects(pdfium_page, plumber_page) -> dict[str, list[dict]]:
    """The page's ``char``, ``rect``, ``line`` and ``curve`` objects as pdfplumber would give them."""
    texts, paths = _drawn(pdfium_page.raw)
    _check_every_text_object_read(texts, lambda: fonts_pdfium_stands_in_for(plumber_page))
    ctm = _page_ctm(plumber_page.page_obj.mediabox, plumber_page.rotation)
    place = _Place(plumber_page)
    textpage = pdfium_page.get_textpage()
    try:
        objects = {"char": _chars(textpage, ctm, place)}
    finally:
        textpage.close()
    objects.update(_paths(paths, ctm, place))
    return {k: v for k, v in objects.items() if v}


def use_pdfium_objects(plumber_page, pdfium_page) -> None:
    """Give a pdfplumber page pdfium's objects, so pdfminer never interprets its content."""
    plumber_page._objects = page_objects(pdfium_page, plumber_page)
