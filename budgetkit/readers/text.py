"""Reader for the tab-separated text layout of the Beijing disclosures.

The layout:

* narrative lines come first, as plain lines;
* a table starts at a title line "表X、 title" (X in Chinese or Arabic numerals); the title may
  continue on the following lines before the first cell;
* a cell is a line that begins with a tab; consecutive cell lines form one row;
* a blank line ends a row; a line without a tab continues the previous cell, and a blank line
  followed by such a line is a paragraph break inside that cell;
* a line "注：…" right after a table is a note to it; a numbered heading ("五、…") after a
  table returns to narrative.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import ReadError
from ..money import parse_currency_unit
from .raw import Origin, RawDocument, RawTable

__all__ = ["decode", "read_text", "parse_text", "TITLE_RE"]

TITLE_RE = re.compile(
    r"^\s*表\s*(?P<number>[一二三四五六七八九十百零〇两]+|\d{1,3})(?![\d年])\s*[、.．:：,，\-—]?\s*(?P<title>.*?)\s*$"
)
_HEADING_AFTER_TABLE = re.compile(r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_NOTE = re.compile(r"^\s*(注|说明)\s*[:：]")


def decode(data: bytes, path: str | Path = "<bytes>") -> str:
    """Bytes of a text disclosure → str: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReadError(path, f"broken UTF-16 text ({exc.reason} at byte {exc.start})") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ReadError(
            path, f"text is neither UTF-8 nor GB18030 (undecodable byte at offset {exc.start})"
        ) from exc
    if not _CHINESE_BUDGET.search(text):  # GB18030 decodes most bytes: check it made sense
        other = _other_encoding(data)
        raise ReadError(path, "text is neither UTF-8 nor GB18030" + (f" (it reads as {other})" if other else ""))
    return text


_CHINESE_BUDGET = re.compile(r"预算|决算|表|单位|支出|收入")


def _other_encoding(data: bytes) -> str | None:
    for name, label in (("big5", "Big5, traditional Chinese"), ("shift_jis", "Shift-JIS")):
        try:
            if re.search(r"預算|決算|支出|收入", data.decode(name)):
                return label
        except UnicodeDecodeError:
            continue
    return None


def read_text(path: str | Path) -> RawDocument:
    """Read a text disclosure file into narrative lines and raw tables."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from exc
    if not data.strip():
        raise ReadError(path, "the file is empty")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        for name in ("utf-16-le", "utf-16-be"):  # UTF-16 without its BOM has NULs too
            try:
                text = data.decode(name)
            except UnicodeDecodeError:
                continue
            if _CHINESE_BUDGET.search(text[:20000]):
                return parse_text(text, str(path))
        raise ReadError(path, "binary data, not a text disclosure")
    return parse_text(decode(data, path), str(path))


def parse_text(text: str, path: str = "<text>") -> RawDocument:
    """Split decoded text into narrative lines and raw tables (see the module doc)."""
    lines = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))
    narrative: list[str] = []
    tables: list[RawTable] = []
    table: RawTable | None = None
    row: list[str] | None = None
    in_title = False  # between a title line and the table's first cell
    after_blank = False  # a blank line has ended the current row

    for lineno, line in enumerate(lines, start=1):
        m = None if line.startswith("\t") else TITLE_RE.match(line)
        if m:
            table = RawTable(number=m.group("number"), title=m.group("title"), source=f"line {lineno}")
            tables.append(table)
            row, in_title, after_blank = None, True, False
            continue
        if table is None:
            narrative.append(line)
            continue
        if line.startswith("\t"):
            if row is None or after_blank:
                row = []
                table.rows.append(row)
                table.origins.append(Origin(line=lineno))
            row.append(line[1:].strip())
            in_title = after_blank = False
            continue
        if not line.strip():
            if row is not None:
                after_blank = True
            continue
        stripped = line.strip()
        if in_title:
            unit = parse_currency_unit(stripped)
            if unit and re.fullmatch(r"(金额)?单位\s*[:：]?\s*(亿元|万元|元)", stripped.replace(" ", "")):
                table.currency_unit = unit
            else:
                table.title = f"{table.title}{stripped}" if table.title else stripped
            continue
        if row is None or _NOTE.match(stripped):
            table.notes.append(stripped)
            continue
        if after_blank and _HEADING_AFTER_TABLE.match(stripped):
            table, row = None, None
            narrative.append(line)
            continue
        joiner = "\n\n" if after_blank else "\n"
        row[-1] = f"{row[-1]}{joiner}{stripped}" if row[-1] else stripped
        after_blank = False

    for t in tables:
        t.title = re.sub(r"\s+", "", t.title)
        if t.currency_unit is None:
            unit = parse_currency_unit(t.title)
            if unit:
                t.currency_unit = unit
                t.title = re.sub(r"[（(]?(金额)?单位[:：]?(亿元|万元|元)[）)]?", "", t.title)
    return RawDocument(path=path, narrative=narrative, tables=tables, format="text")
