"""What a PDF page prints, read without budgetkit's table reader: the rows that carry a
classification code and amounts.

This is the yardstick of the reader, so it is deliberately simple and independent of it:
pdfplumber's words, grouped into rows by the page's own horizontal rules (a row is the space
between two rules, so an amount set at the top of its cell and a code set in the middle are one
row: shanghai-putuo/2024-finance-dept-final.pdf p.10, 1,503.52 and 603.14 beside 201 | 06); on a
page without rules, by text line. A row's tokens, left to right, are cut at every
classification code (functional 2xx…, economic 3xx…/5xx…, 3, 5 or 7 digits, or printed as
类 | 款 | 项 parts "208 | 05 | 01", where a part printed without its zero — "301 | 2" 津贴补贴,
"301 | 7" 绩效工资 in shanghai-putuo/2024-wanli-street-dept-budget.pdf p.29 — is "02");
the amounts after a code are that code's. A table printed in two halves side by side
(决算 基本支出表, 2024-finance-dept-final.pdf p.16-17: 301 … | 302 …) gives two codes per row,
each with its own amounts. The currency unit is the last "单位：万元 / 元" printed above the row
(on this page or an earlier one). Text set beyond the page box is not printed
(shanghai-putuo/2025-commerce-dept-budget.pdf p.4 repeats p.3's text above the page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pdfplumber

AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")
CODE = re.compile(r"^(?P<code>[235]\d{2}(?:\d{2}){0,2})(?P<name>[-－—]?[\u4e00-\u9fff（(].*)?$")
PART = re.compile(r"^\d{1,2}$")
UNIT = re.compile(r"单位\s*[:：]?\s*(万元|元)")
ORDINAL = re.compile(r"^(\d{1,2}[.、．]?|[（(]?[一二三四五六七八九十]+[）)、]?)$")
MAX_ROW_HEIGHT = 60  # points: a taller space between two rules is no table row


@dataclass(frozen=True)
class PrintedRow:
    page: int
    code: str
    amounts: tuple[Decimal, ...]
    unit: str | None
    text: str

    def fen(self) -> set[int]:
        factor = 1_000_000 if self.unit == "万元" else 100
        return {int(a * factor) for a in self.amounts}


def printed_rows(path) -> list[PrintedRow]:
    out: list[PrintedRow] = []
    unit = None
    with pdfplumber.open(path) as pdf:
        for pageno, page in enumerate(pdf.pages, start=1):
            page = page.within_bbox(page.bbox)  # text set beyond the page's edges is not printed
            words = page.extract_words(x_tolerance=1.5, y_tolerance=2)
            for top, row in _rows(page, words):
                text = "".join(w["text"] for w in row)
                for segment_unit in UNIT.findall(text):
                    unit = segment_unit
                for code, amounts in _segments([w["text"].replace(" ", "") for w in row]):
                    out.append(PrintedRow(pageno, code, tuple(amounts), unit, text[:80]))
    return out


def _rules(page) -> list[float]:
    ys = sorted(e["top"] for e in page.edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 15)
    rules: list[float] = []
    for y in ys:
        if not rules or y - rules[-1] > 4:
            rules.append(y)
    return rules


def _rows(page, words):
    """Words by row, top to bottom: between two rules when they are a row apart, else by line."""
    rules = _rules(page)
    rows: dict[tuple, list] = {}
    for w in words:
        mid = (w["top"] + w["bottom"]) / 2
        k = next((i for i in range(len(rules) - 1) if rules[i] <= mid <= rules[i + 1]), None)
        if k is not None and rules[k + 1] - rules[k] <= MAX_ROW_HEIGHT:
            key = (rules[k], 0.0)
        else:
            key = (mid, 1.0)
        rows.setdefault(key, []).append(w)
    lines: list[tuple[float, list]] = []
    for (y, by_line), ws in sorted(rows.items()):
        if by_line and lines and lines[-1][0] is not None and abs(lines[-1][0] - y) <= 3:
            lines[-1][1].extend(ws)
            continue
        lines.append((y if by_line else None, ws))
    return [(y, sorted(ws, key=lambda w: (w["x0"], w["top"]))) for y, ws in lines]


def _segments(tokens: list[str]) -> list[tuple[str, list[Decimal]]]:
    if tokens and ORDINAL.match(tokens[0]) and len(tokens) > 1 and CODE.match(tokens[1]):
        tokens = tokens[1:]
    if not tokens or not CODE.match(tokens[0]):
        return []
    out: list[list] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        m = CODE.match(t)
        numeric = t.isdigit()
        if m and (not numeric or i == 0 or (nxt and not AMOUNT.match(nxt))
                  or (len(t) == 3 and PART.match(nxt) and _name_follows(tokens, i + 1))):
            code = m.group("code")
            j = i + 1
            if len(code) == 3 and not m.group("name"):
                while j < len(tokens) and PART.match(tokens[j]) and len(code) < 7 and _name_follows(tokens, j):
                    code += tokens[j].zfill(2)
                    j += 1
            out.append([code, []])
            i = j
            continue
        if out and AMOUNT.match(t):
            out[-1][1].append(Decimal(t.replace(",", "")))
        i += 1
    return [(c, a) for c, a in out if a]


def _name_follows(tokens: list[str], j: int) -> bool:
    """A 款/项 part is followed by more parts and then a name, never directly by an amount
    (which would make "208 | 05" the code 208 with amounts 5 …)."""
    k = j
    while k < len(tokens) and PART.match(tokens[k]):
        k += 1
    return k < len(tokens) and not AMOUNT.match(tokens[k])
