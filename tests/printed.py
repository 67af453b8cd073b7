"""What a PDF page prints, read without budgetkit's table reader: the rows that carry a
classification code and amounts.

This is the yardstick of the reader: pdfplumber opens the file and reads each page's words and
ruling itself (pdfminer, not the objects budgetkit's reader takes from pdfium), and the rows are
cut by the same simple rules budgetkit's own run-time check uses (``budgetkit.readers.printed``:
words grouped by the page's horizontal rules, cut at every classification code, the unit the last
"单位：万元 / 元" above). Text set beyond the page box is not printed
(shanghai-putuo/2025-commerce-dept-budget.pdf p.4 repeats p.3's text above the page).
"""

from __future__ import annotations

import pdfplumber

from budgetkit.readers.printed import PrintedRow, horizontal_rules, page_rows

__all__ = ["PrintedRow", "printed_rows"]


def printed_rows(path) -> list[PrintedRow]:
    out: list[PrintedRow] = []
    unit = None
    with pdfplumber.open(path) as pdf:
        for pageno, page in enumerate(pdf.pages, start=1):
            page = page.within_bbox(page.bbox)  # text set beyond the page's edges is not printed
            words = page.extract_words(x_tolerance=1.5, y_tolerance=2)
            rows, unit = page_rows(pageno, words, horizontal_rules(page.edges), unit)
            out.extend(rows)
    return out
