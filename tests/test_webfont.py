"""The font subset embedded in every page (budgetkit/webfont.py)."""

import io

import fontTools.ttLib.tables._h_e_a_d as head

from budgetkit import webfont


def test_the_same_characters_give_the_same_font_bytes_at_any_time(monkeypatch):
    # fontTools stamps a font with the time it is saved unless told not to: a page re-rendered a
    # second later was different bytes, so unchanged reports could not be told from changed ones
    webfont._woff.cache_clear()
    first = webfont._woff("一般公共预算支出合计123")
    webfont._woff.cache_clear()
    monkeypatch.setattr(head, "timestampNow", lambda: 3_900_000_000)  # some other second
    again = webfont._woff("一般公共预算支出合计123")
    webfont._woff.cache_clear()
    assert again == first and len(first) > 1000


def test_budgetkits_own_marks_keep_a_page_on_the_fast_subset_path():
    """Every character budgetkit's templates print is in the cut-down base font (GB2312 and the
    marks beside it): a page that carried the index's ↕ or a headline card's ⚠ was subset from
    the whole CJK face, 0.6–1.1 s of CPU instead of a few hundredths."""
    from pathlib import Path

    templates = Path(webfont.__file__).parent / "templates"
    printed = {c for p in templates.rglob("*") if p.is_file() for c in p.read_text(encoding="utf-8")
               if ord(c) > 127 and not c.isspace()}
    assert printed and "↕" in printed and "⚠" in printed
    assert printed - webfont._gb2312() == set()


def test_the_base_font_is_the_faces_glyphs_in_truetype_outlines():
    """Pages are subset from a TrueType copy of the face's GB2312 glyphs (a glyph's bytes are
    copied, not its CFF charstring run and compiled again): each glyph keeps the face's advance,
    so a page lays out as before, and its outline's box within a unit or two of the face's."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    from budgetkit.fonts import font_path

    base = TTFont(str(webfont._base_font()))
    face = TTFont(str(font_path()), fontNumber=webfont._FACE_INDEX_SC, lazy=True)
    assert "glyf" in base and "CFF " not in base and "CFF " in face
    base_cmap, face_cmap = base.getBestCmap(), face.getBestCmap()
    base_glyphs, face_glyphs = base.getGlyphSet(), face.getGlyphSet()
    for char in "预算支出合计一般公共万元（）、。0123456789%":
        mine, theirs = base_cmap[ord(char)], face_cmap[ord(char)]
        assert base["hmtx"][mine][0] == face["hmtx"][theirs][0], char
        boxes = []
        for glyphs, name in ((base_glyphs, mine), (face_glyphs, theirs)):
            pen = BoundsPen(glyphs)
            glyphs[name].draw(pen)
            boxes.append(pen.bounds)
        assert all(abs(a - b) <= 2 for a, b in zip(*boxes)), (char, boxes)
    webfont._woff.cache_clear()
    page = TTFont(io.BytesIO(webfont._woff("一般公共预算支出合计123")))
    assert page.flavor == "woff" and "glyf" in page and ord("预") in page.getBestCmap()
