"""What a PDF page prints, read apart from the table reader: the rows that carry a classification
code and amounts. budgetkit compares them with the tables it read (``budgetkit.placement``), so
that a layout nobody has seen fails visibly (rows printed, not placed) and not silently.

The reading is deliberately simple and independent of the table reader: the page's words, grouped
into rows by the page's own horizontal rules (a row is the space between two rules, so an amount
set at the top of its cell and a code set in the middle are one row); on a page without rules, by
text line. A row's tokens, left to right, are cut at every classification code (functional 2xx…,
economic 3xx… / 5xx…, 3, 5 or 7 digits, or printed as 类 | 款 | 项 parts "208 | 05 | 01", where
a part printed without its zero — "301 | 2" — is "02"); the amounts after a code are that code's.
A table printed in two halves side by side gives two codes per row, each with its own amounts.
The currency unit is the last "单位：万元 / 元" printed above the row. ``tests/printed.py`` reads
pages with pdfplumber alone and cuts rows with :func:`segments`; the test holds the reader to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..codes import class_name

__all__ = ["PrintedRow", "page_rows", "segments", "rows_of_words", "CODED_LINE", "UNIT"]

AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,6})?$")
# a code, then its name; a name holds no sentence's punctuation ("260项，获得授权专利1,524项，…" is prose)
CODE = re.compile(r"^(?P<code>[235]\d{2}(?:\d{2}){0,2})(?P<name>[-－—]?[\u4e00-\u9fff（(][^，。；]*)?$")
PART = re.compile(r"^\d{1,2}$")
UNIT = re.compile(r"单位\s*[:：]?\s*(万元|元)")
ORDINAL = re.compile(r"^(\d{1,2}[.、．]?|[（(]?[一二三四五六七八九十]+[）)、]?)$")
#: a line of text that may be a coded row of amounts (a page without ruled tables is read only then)
CODED_LINE = re.compile(r"(?<!\d)[235]\d{2}(?:\d{2}){0,2}(?!\d).*\d\.\d{2}")
MAX_ROW_HEIGHT = 60  # points: a taller space between two rules is no table row


@dataclass(frozen=True)
class PrintedRow:
    """A coded row as printed: page, code, amounts (as written), the unit stated above it."""

    page: int
    code: str
    amounts: tuple[Decimal, ...]
    unit: str | None
    text: str
    file: str | None = None  # the file it is printed in (set by read_raw)

    def fen(self, unit: str | None = None) -> set[int]:
        """The amounts in fen, read in the unit stated above them (or ``unit``, or 元)."""
        factor = 1_000_000 if (self.unit or unit) == "万元" else 100
        return {int(a * factor) for a in self.amounts}


def page_rows(pageno: int, words: list[dict], rules: list[float], unit: str | None) -> tuple[list[PrintedRow], str | None]:
    """The coded rows of one page from its words (pdfplumber's, ``x_tolerance=1.5, y_tolerance=2``)
    and the tops of its horizontal rules; ``unit`` is the unit stated on the pages before. Returns
    the rows and the unit stated last."""
    out: list[PrintedRow] = []
    for _, row in rows_of_words(words, rules):
        text = "".join(w["text"] for w in row)
        for stated in UNIT.findall(text):
            unit = stated
        for code, amounts in segments([w["text"].replace(" ", "") for w in row]):
            out.append(PrintedRow(pageno, code, tuple(amounts), unit, text[:80]))
    return out, unit


def horizontal_rules(edges: list[dict]) -> list[float]:
    """The tops of a page's horizontal rules, rules a few points apart taken as one."""
    ys = sorted(e["top"] for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 15)
    rules: list[float] = []
    for y in ys:
        if not rules or y - rules[-1] > 4:
            rules.append(y)
    return rules


def rows_of_words(words: list[dict], rules: list[float]):
    """Words by row, top to bottom: between two rules when they are a row apart, else by line."""
    rows: dict[tuple, list] = {}
    for w in words:
        mid = (w["top"] + w["bottom"]) / 2
        k = next((i for i in range(len(rules) - 1) if rules[i] <= mid <= rules[i + 1]), None)
        if k is not None and rules[k + 1] - rules[k] <= MAX_ROW_HEIGHT:
            key = (rules[k], 0.0)
        else:
            key = (mid, 1.0)
        rows.setdefault(key, []).append(w)
    lines: list[tuple[float | None, list]] = []
    for (y, by_line), ws in sorted(rows.items()):
        if by_line and lines and lines[-1][0] is not None and abs(lines[-1][0] - y) <= 3:
            lines[-1][1].extend(ws)
            continue
        lines.append((y if by_line else None, ws))
    return [(y, sorted(ws, key=lambda w: (w["x0"], w["top"]))) for y, ws in lines]


def segments(tokens: list[str]) -> list[tuple[str, list[Decimal]]]:
    """A row's tokens cut at each classification code: (code, the amounts after it)."""
    if tokens and ORDINAL.match(tokens[0]) and len(tokens) > 1 and _code(tokens[1]):
        tokens = tokens[1:]
    if not tokens or not _code(tokens[0]):
        return []
    out: list[list] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        m = _code(t)
        numeric = t.isdigit()
        if _in_pair_run(tokens, i):  # "302 | 31 | 502 | 08": 部门 and 政府经济分类 as 类 | 款, no amounts
            out.append([t + tokens[i + 1].zfill(2), []])
            i += 2
            continue
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
            out[-1][1].append(t)
        i += 1
    # in a row whose amounts are written with decimals, a bare whole number is a count (数量), not money
    decimal = any("." in a for _, amounts in out for a in amounts)
    return [(c, [Decimal(a.replace(",", "")) for a in amounts if "." in a or not decimal]) for c, amounts in out
            if any("." in a or not decimal for a in amounts)]


def _class_part(tokens: list[str], i: int) -> bool:
    """Tokens ``i`` and ``i + 1`` are a 3-digit 类 and a 款 part ("302 | 31")."""
    return (i + 1 < len(tokens) and len(tokens[i]) == 3 and tokens[i].isdigit() and _code(tokens[i]) is not None
            and PART.match(tokens[i + 1]) is not None)


def _in_pair_run(tokens: list[str], i: int) -> bool:
    """Whether tokens ``i``, ``i + 1`` are a 类 | 款 pair beside another such pair (西安公安 2026's
    政府采购预算表 p.44: "…| 1 | 302 | 31 | 502 | 08 | 6,500,000.00": 部门经济分类 30231 and 政府经济分类
    50208 as printed in 类 | 款 columns): two pairs in a row are codes, and what follows them the
    amounts of the last; a lone "208 | 05" before an amount stays ambiguous and is read as before."""
    return i > 0 and _class_part(tokens, i) and (_class_part(tokens, i + 2) or (i >= 2 and _class_part(tokens, i - 2)))


def _code(token: str) -> re.Match | None:
    """A classification code (with its name) when its 类 is one the national classifications name
    (:func:`budgetkit.codes.class_name`): a performance target's "380万元≤5" or a scoring rule's
    "500 完成目标得满分" (长沙 2025 p.26, p.48) is no coded row."""
    m = CODE.match(token)
    return m if m and class_name(m.group("code")[:3]) else None


def _name_follows(tokens: list[str], j: int) -> bool:
    """A 款/项 part is followed by more parts and then a name, never directly by an amount
    (which would make "208 | 05" the code 208 with amounts 5 …)."""
    k = j
    while k < len(tokens) and PART.match(tokens[k]):
        k += 1
    # a unit's code after the parts ("204 | 02 | 01 | 153001 | 西安市公安局", 西安公安 2026 p.44) is no amount
    return k < len(tokens) and (not AMOUNT.match(tokens[k]) or (tokens[k].isdigit() and len(tokens[k]) >= 6))
