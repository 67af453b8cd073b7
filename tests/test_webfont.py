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


def test_a_site_page_links_the_shared_font_and_embeds_only_what_it_lacks(tmp_path):
    """In a site, pages link one font file of the characters most pages print and embed a face
    for the few beyond it, each face for its own characters (``unicode-range``): the same
    glyphs as a page's own font, a few KB a page instead of 120."""
    import re

    rel = webfont.site_font(tmp_path)
    css = (tmp_path / rel).read_text(encoding="utf-8")
    assert rel.startswith("fonts/bk-core-") and rel.endswith(".css")
    assert css.count("@font-face") == 1 and "url(data:font/woff;base64," in css and "unicode-range:U+20-7E" in css
    assert webfont.site_font(tmp_path) == rel and (tmp_path / rel).read_text(encoding="utf-8") == css  # written once
    core = set(webfont.core_chars())
    assert set("预算支出合计一般公共万元基本项目人员经费公用审核发现完整性") <= core

    plain = webfont.link_font("<html><head></head><body><h1>预算支出合计 123</h1></body></html>", "../" + rel)
    assert f'<link rel="stylesheet" href="../{rel}"></head>' in plain and "@font-face" not in plain
    rare = next(c for c in sorted(webfont._gb2312()) if "\u4e00" <= c <= "\u9fa5" and c not in core)
    page = webfont.link_font(f"<html><head></head><body><h1>预算{rare}中心</h1></body></html>", "../" + rel)
    (face,) = re.findall(r"<style>(@font-face\{[^<]*\})</style>", page)
    assert f"unicode-range:U+{ord(rare):X};" in face
    embedded = webfont.embed_font(f"<html><head></head><body><h1>预算{rare}中心</h1></body></html>")
    assert "<link" not in embedded and "unicode-range" not in embedded  # standing alone: every glyph in the page
