"""pdfium's page objects stand in for pdfminer's (budgetkit/readers/pdf_objects.py): the same
characters at the same places, the same ruling, and so the same tables and narrative; and where
pdfium would lose a character, the page is read by pdfminer."""

from __future__ import annotations

import dataclasses
import pdfplumber
import pypdfium2 as pdfium
import pytest

from budgetkit.readers.pdf import read_pdf
from budgetkit.readers.pdf_objects import UnreadText, fonts_pdfium_stands_in_for, page_objects
from pdfbuild import Grid, build


def _unpaired(theirs, ours, kind_key, tolerance):
    """The objects of ``theirs`` with no object of ``ours`` of the same kind within
    ``tolerance`` points on every side (each of ours pairs once)."""
    left = list(ours)
    missing = []
    for o in theirs:
        best = min((p for p in left if kind_key(p) == kind_key(o)),
                   key=lambda p: max(abs(p[k] - o[k]) for k in ("x0", "top", "x1", "bottom")), default=None)
        if best is None or max(abs(best[k] - o[k]) for k in ("x0", "top", "x1", "bottom")) > tolerance:
            missing.append((kind_key(o), round(o["x0"], 2), round(o["top"], 2)))
        else:
            left.remove(best)
    return missing


@pytest.mark.corpus
@pytest.mark.parametrize("name, page", [
    ("shanghai-putuo/2025-commerce-dept-budget.pdf", 4),  # narrative: the unit's functions
    ("shanghai-putuo/2024-finance-dept-final.pdf", 6),  # 收入支出决算总表, digits in a second font
    ("jiangsu/2019-npc-office-budget-tables.pdf", 2),  # 收入预算总表, page turned by /Rotate 90
    ("jiangsu/2017-npc-office-budget.pdf", 12),  # 财政拨款收支预算总表
    # 基本支出 continued (30103 奖金 180.14 … 30309 奖励金 1.05): digits in a Times New Roman
    # the Word-made PDF does not embed, and Word's spaces in it, boxes of no width
    ("jiangsu/2019-procuratorate-budget.pdf", 19),
])
def test_pdfium_gives_pdfminers_characters_and_ruling(corpus, name, page):
    path = corpus / name
    with pdfplumber.open(path) as pdf:
        mine = pdf.pages[page - 1]
        theirs = mine.objects
        doc = pdfium.PdfDocument(path)
        try:
            ours = page_objects(doc[page - 1], mine)
        finally:
            doc.close()
        chars = [c for c in theirs["char"] if c["text"] != " "]
        assert len(chars) > 150 and len(ours["char"]) == len(chars)
        # the same characters at the same places: to a tenth of a point (pdfium's 32-bit floats;
        # a font's widths may disagree by a fraction of a point on a glyph's advance)
        assert _unpaired(chars, ours["char"], lambda c: c["text"], 0.5) == []
        close = len(chars) - len(_unpaired(chars, ours["char"], lambda c: c["text"], 0.1))
        assert close >= 0.95 * len(chars)
        for kind in ("rect", "line", "curve"):
            assert len(ours.get(kind, [])) == len(theirs.get(kind, [])), kind
        # the same ruling, so the same table cells
        twin = _with(mine, ours)
        assert len(twin.edges) == len(mine.edges)
        assert _unpaired(mine.edges, twin.edges, lambda e: e["orientation"], 0.02) == []


def _with(page, objects):
    """A copy of the page whose objects are ``objects``."""
    twin = pdfplumber.page.Page(page.pdf, page.page_obj, page.page_number, page.initial_doctop)
    twin._objects = objects
    return twin


@pytest.mark.corpus
@pytest.mark.parametrize("name", [
    "shanghai-putuo/2024-finance-dept-final.pdf",
    "jiangsu/2019-npc-office-budget-tables.pdf",
    "jiangsu/2017-procuratorate-budget.pdf",
    "jiangsu/2019-procuratorate-budget.pdf",
    "jiangsu/2018-party-office-budget-text.pdf",
])
def test_both_readings_give_the_same_tables_and_narrative(corpus, name):
    fast, slow = read_pdf(corpus / name), read_pdf(corpus / name, objects="pdfminer")
    assert fast.narrative == slow.narrative and (len(fast.narrative) > 50 or fast.tables)
    assert len(fast.tables) == len(slow.tables)
    for a, b in zip(fast.tables, slow.tables):
        for field in dataclasses.fields(a):
            if field.name != "origins":  # boxes agree to a fraction of a point, not to the bit
                assert getattr(a, field.name) == getattr(b, field.name), (a.title, field.name)


def test_a_lone_glyph_of_a_font_not_embedded_sends_the_page_to_pdfminer(tmp_path):
    # STSong-Light is not embedded; pdfium's text page drops a text object holding one glyph
    # of it ("算", wrapped onto its own line), pdfminer keeps it.
    rows = [["项目", "金额"], ["1.一般公共预\n算", "100.00"], ["合计", "100.00"]]
    path = tmp_path / "lone.pdf"
    build(path, [[Grid(rows, [110, 70], row_height=30, title="财政拨款收支预算总表")]])
    with pdfplumber.open(path) as pdf:
        doc = pdfium.PdfDocument(path)
        with pytest.raises(UnreadText):
            page_objects(doc[0], pdf.pages[0])
        doc.close()
    grid = read_pdf(path).tables[0].rows
    assert ["1.一般公共预算", "100.00"] in grid


@pytest.mark.corpus
@pytest.mark.parametrize("name, pages", [
    ("jiangsu/2019-procuratorate-budget.pdf", 33),
    ("jiangsu/2018-party-office-budget-text.pdf", 13),
])
def test_blanks_of_a_font_pdfium_stands_in_for_keep_the_page_with_pdfium(corpus, name, pages):
    # Word writes its spaces in a Times New Roman it does not embed (simple TrueType,
    # WinAnsiEncoding): boxes of no width on every page. They print nothing, so no page needs
    # pdfminer; all of these pages went to pdfminer before.
    path = corpus / name
    with pdfplumber.open(path) as pdf:
        doc = pdfium.PdfDocument(path)
        try:
            assert len(pdf.pages) == pages
            for i, page in enumerate(pdf.pages):
                assert b"Times New Roman" in fonts_pdfium_stands_in_for(page) or b"TimesNewRomanPSMT" in fonts_pdfium_stands_in_for(page)
                pdfium_page = doc[i]
                page_objects(pdfium_page, page)  # raises UnreadText if the page went to pdfminer
                pdfium_page.close()
        finally:
            doc.close()


@pytest.mark.corpus
def test_what_lies_beyond_the_page_is_dropped_even_from_ruling_read_before(corpus):
    """江苏省人大常委会办公厅 2017 p.11 carries text and ruling below its bottom edge (copies of
    later pages' tables): ``visible`` keeps what pdfplumber's own ``within_bbox`` keeps, also
    when the page's edges were derived before (pdfplumber caches them), but for the paths that
    draw nothing (``_invisible``: white on white)."""
    from budgetkit.readers.pdf import _invisible, visible

    path = corpus / "jiangsu" / "2017-npc-office-budget.pdf"
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[10]
        assert any(e["bottom"] > page.height for e in page.edges)  # derived, and cached, first
        kept = visible(page)
        with pdfplumber.open(path) as again:
            fresh = again.pages[10]
            expected = fresh.within_bbox(fresh.bbox, relative=False, strict=False)
            drawn = [e for e in expected.edges if not _invisible(e)]
            assert len(kept.edges) == len(drawn) and len(kept.chars) == len(expected.chars) > 0
    assert all(e["bottom"] <= kept.height for e in kept.edges)


@pytest.mark.corpus
@pytest.mark.parametrize("objects", ["pdfium", "pdfminer"])
def test_white_boxes_behind_text_are_no_ruling(corpus, objects):
    """长沙市公安局 2025 sets each line of its text on a white box (filled white, not stroked):
    p.2 is the table of contents ("1、部门收支总表" … "10、部门整体支出绩效目标表"), p.6 narrative.
    Those boxes draw nothing, so they are no table: the pages are narrative, and the first table
    is the 收支总表 of p.13 (收入总计 68,632.12 万元)."""
    from budgetkit.readers.pdf import _invisible

    path = corpus / "hunan-changsha" / "2025-public-security-bureau-dept-budget.pdf"
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[1]
        assert page.rects and all(_invisible(r) for r in page.rects)  # pdfminer's colours: white fill, no stroke
    raw = read_pdf(path, objects=objects)
    assert raw.tables[0].origins[0].page == 13 and "收支总体情况表" in raw.tables[0].title
    assert any("部门预算单位构成" in line for line in raw.narrative)  # p.6, once read as a table
