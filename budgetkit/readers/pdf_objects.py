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
without a usable text layer sees them.
"""

from __future__ import annotations

import ctypes

__all__ = ["page_objects", "use_pdfium_objects", "open_pdfium", "NoUnicode", "UnreadText"]


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
    """The page's characters (a hot loop: a few C calls and one dict per character)."""
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
    rect, matrix = r.FS_RECTF(), r.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    loose, get_matrix, font_size, no_unicode, get_origin = (
        r.FPDFText_GetLooseCharBox, r.FPDFText_GetMatrix, r.FPDFText_GetFontSize, r.FPDFText_HasUnicodeMapError,
        r.FPDFText_GetCharOrigin)
    descents: dict[int, float] = {}  # by font: its descent at size 1
    ca, cb, cc, cd, ce, cf = ctm
    plain = (ca, cb, cc, cd) == (1, 0, 0, 1)
    height, mb_x0, mb_top, doctop, number = place.height, place.mb_x0, place.mb_top, place.doctop, place.page_number
    out = []
    for i in range(count):
        code = units[i]
        if code in _SKIP:
            continue
        if no_unicode(tp, i) == 1:
            raise NoUnicode(i)
        if not loose(tp, i, rect):
            continue
        get_matrix(tp, i, matrix)
        a, b, c, d = matrix.a, matrix.b, matrix.c, matrix.d
        # the character's matrix on the device: its own, then the page's rotation
        ma, mb, mc, md = a * ca + b * cc, a * cb + b * cd, c * ca + d * cc, c * cb + d * cd
        upright = ma * md > 0 and mb * mc <= 0
        left, right, low, high = rect.left, rect.right, rect.bottom, rect.top
        if b == 0 and c == 0 and a > 0 and d > 0:
            # set straight on the page: pdfminer's box, from the font's descent below the
            # baseline up by the font size (pdfium's "loose" box follows some glyphs' own ink)
            size = font_size(tp, i)
            descent = size * _unit_descent(r, tp, i, descents)
            get_origin(tp, i, ox, oy)
            low = oy.value + descent * d
            high = low + size * d
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
                    "matrix": (ma, mb, mc, md, 0.0, 0.0), "stroking_color": None, "non_stroking_color": None})
    return out


def _unit_descent(r, tp, i: int, known: dict[int, float]) -> float:
    """The descent (negative, in text space, at font size 1) of character ``i``'s font."""
    font = r.FPDFTextObj_GetFont(r.FPDFText_GetTextObject(tp, i))
    key = ctypes.cast(font, ctypes.c_void_p).value or 0
    value = known.get(key)
    if value is None:
        out = ctypes.c_float()
        value = known[key] = out.value if font and r.FPDFFont_GetDescent(font, 1.0, out) else 0.0
    return value


_SKIP = frozenset((0, 0x20, 0x0D, 0x0A, 0xFFFE, 0xFFFF))  # spaces and line ends (pdfium infers them), no character


def _drawn(page_raw, wanted: int):
    """Every page object of one type (path or text) with its matrix to page space, Form XObjects
    opened."""
    import pypdfium2.raw as r
    from pdfminer.utils import mult_matrix  # pdfminer's convention, so both readings place paths alike

    def walk(count, get, outer):
        for k in range(count):
            obj = get(k)
            kind = r.FPDFPageObj_GetType(obj)
            if kind == wanted:
                yield obj, outer
            elif kind == r.FPDF_PAGEOBJ_FORM:
                m = r.FS_MATRIX()
                r.FPDFPageObj_GetMatrix(obj, m)
                inner = mult_matrix((m.a, m.b, m.c, m.d, m.e, m.f), outer)
                yield from walk(r.FPDFFormObj_CountObjects(obj), lambda j, o=obj: r.FPDFFormObj_GetObject(o, j), inner)

    yield from walk(r.FPDFPage_CountObjects(page_raw), lambda k: r.FPDFPage_GetObject(page_raw, k), (1, 0, 0, 1, 0, 0))


def _paths(page_raw, ctm, place: _Place) -> dict[str, list[dict]]:
    import pypdfium2.raw as r
    from pdfminer.utils import apply_matrix_pt, mult_matrix

    out: dict[str, list[dict]] = {"rect": [], "line": [], "curve": []}
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    m = r.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj, outer in _drawn(page_raw, r.FPDF_PAGEOBJ_PATH):
        if not r.FPDFPath_GetDrawMode(obj, fill, stroke) or (fill.value == 0 and not stroke.value):
            continue
        r.FPDFPageObj_GetMatrix(obj, m)
        to_device = mult_matrix(mult_matrix((m.a, m.b, m.c, m.d, m.e, m.f), outer), ctm)
        width = r.FPDFPageObj_GetStrokeWidth(obj, ctypes.byref(x)) and x.value
        subpaths: list[list] = []
        for k in range(r.FPDFPath_CountSegments(obj)):
            seg = r.FPDFPath_GetPathSegment(obj, k)
            r.FPDFPathSegment_GetPoint(seg, x, y)
            kind = r.FPDFPathSegment_GetType(seg)
            point = apply_matrix_pt(to_device, (x.value, y.value))
            if kind == r.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append([point])
            else:
                subpaths[-1].append(point)
            if r.FPDFPathSegment_GetClose(seg) and subpaths[-1][-1] != subpaths[-1][0]:
                subpaths[-1].append(subpaths[-1][0])
        attrs = {"linewidth": width or 0, "stroke": bool(stroke.value), "fill": fill.value != 0,
                 "stroking_color": None, "non_stroking_color": None, "dash": None}
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


def _check_every_text_object_read(page_raw) -> None:
    """Raise :class:`UnreadText` when the page has a text object pdfium's text page may leave out.

    pdfium skips a text object whose box has no width. A glyph of an embedded font has a box,
    unless it prints nothing (a space); a glyph of a font that is not embedded may have none
    (a lone "算" in STSong-Light, a CJK font PDF writers often leave out). A page with an empty
    box in a font that is not embedded is read by pdfminer instead: more slowly, never wrongly."""
    import pypdfium2.raw as r

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for obj, _ in _drawn(page_raw, r.FPDF_PAGEOBJ_TEXT):
        if not r.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        if abs(right.value - left.value) < 0.01 and not r.FPDFFont_GetIsEmbedded(r.FPDFTextObj_GetFont(obj)):
            raise UnreadText((left.value, bottom.value))


def page_objects(pdfium_page, plumber_page) -> dict[str, list[dict]]:
    """The page's ``char``, ``rect``, ``line`` and ``curve`` objects as pdfplumber would give them."""
    _check_every_text_object_read(pdfium_page.raw)
    ctm = _page_ctm(plumber_page.page_obj.mediabox, plumber_page.rotation)
    place = _Place(plumber_page)
    textpage = pdfium_page.get_textpage()
    try:
        objects = {"char": _chars(textpage, ctm, place)}
    finally:
        textpage.close()
    objects.update(_paths(pdfium_page.raw, ctm, place))
    return {k: v for k, v in objects.items() if v}


def use_pdfium_objects(plumber_page, pdfium_page) -> None:
    """Give a pdfplumber page pdfium's objects, so pdfminer never interprets its content."""
    plumber_page._objects = page_objects(pdfium_page, plumber_page)
