"""Numbers and words as the Chinese pages show them: one number format everywhere, and no
identifier, ``None``, ``nan`` or English phrase reaching a reader.

* Amounts: 万元 with thousands separators and two decimals (``24,458.43``), the same in cards,
  tables, sentences and chart labels; ``—`` where there is no figure.
* Shares: two decimals and a per cent sign; counts (staff, findings): integers with separators.
* Text made elsewhere (audit messages, analysis sentences, reader warnings) passes through
  :func:`text`, which writes its figures in the same format and maps the few English
  fragments the reader and the audit produce to Chinese. What a document printed, quoted in
  「…」 or “…”, is left exactly as printed.

Display only: stored amounts stay integer fen / Decimal; nothing here feeds a calculation.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .kinds import COLUMN_LABELS, KIND_LABELS
from .money import format_amount
from .verify import CONTRADICTED, DOUBTFUL, STATUS_LABELS

__all__ = ["wan", "yuan", "pct", "signed_pct", "count", "year", "score", "text", "column_label", "side_label",
           "kind_label", "format_label", "timestamp", "is_blank", "FIELD_LABELS", "is_doubt", "finding_counts", "unit_group", "nav_script", "reason", "disclosure_kind",
           "status_note"]

DASH = "—"

#: tidy-frame columns that are not amounts, as a report heads them
FIELD_LABELS: dict[str, str] = {
    "label": "项目", "side": "收/支", "func_code": "功能科目", "func_name": "科目名称", "gov_econ_code": "政府经济分类",
    "gov_econ_name": "名称", "dept_econ_code": "部门经济分类", "dept_econ_name": "名称", "econ_code": "经济分类",
    "econ_name": "名称", "unit_code": "单位代码", "unit_name": "单位", "project_code": "项目代码",
    "project_name": "项目名称", "indicator": "指标", "operator": "性质", "target": "指标值", "target_unit": "单位",
    "line": "行次", "level": "层级", "seq": "编号",
}

_SIDES = {"income": "收入", "expenditure": "支出", "expenditure_by_use": "支出（按用途）"}
_FORMATS = {"pdf": "PDF", "text": "文本", "txt": "文本", "docx": "Word", "doc": "Word", "xlsx": "Excel",
            "xls": "Excel", "sheets": "Excel"}


def is_blank(value) -> bool:
    """``None``, NaN, pandas' NA: no figure."""
    if value is None:
        return True
    try:
        return bool(value != value) or (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):  # pandas.NA refuses bool()
        return True


def _decimal(value) -> Decimal | None:
    if is_blank(value) or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def wan(fen, blank: str = DASH) -> str:
    """Integer fen as 万元: ``2,445,843,000`` fen → ``"24,458.43"``."""
    return blank if is_blank(fen) else format_amount(int(fen), "万元")


def yuan(fen, blank: str = DASH) -> str:
    return blank if is_blank(fen) else format_amount(int(fen), "元")


def pct(value, blank: str = DASH) -> str:
    """A share in per cent, two decimals: ``76.39%``."""
    d = _decimal(value)
    return blank if d is None else f"{d.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}%"


def signed_pct(value, blank: str = DASH) -> str:
    d = _decimal(value)
    if d is None:
        return blank
    return ("+" if d > 0 else "-" if d < 0 else "") + pct(abs(d))


def count(value, blank: str = DASH) -> str:
    """A count (staff, findings): an integer with separators, never ``164.0``."""
    d = _decimal(value)
    return blank if d is None else f"{int(d.to_integral_value(rounding=ROUND_HALF_UP)):,}"


def year(value, blank: str = DASH) -> str:
    """A year: ``2023``, never ``2023.0`` or ``2,023``."""
    d = _decimal(value)
    return blank if d is None else str(int(d))


def score(value, blank: str = DASH) -> str:
    """The completeness score, one decimal."""
    d = _decimal(value)
    return blank if d is None else f"{d.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}"


def column_label(column: str | None) -> str:
    """A tidy column as a reader knows it: ``total`` → 合计, ``col2`` → 第2列, ``决算数_2`` → 决算数（2）."""
    if column is None:
        return ""
    column = str(column)
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    if column in FIELD_LABELS:
        return FIELD_LABELS[column]
    m = re.fullmatch(r"col(\d+)", column)
    if m:
        return f"第{m.group(1)}列"
    m = re.fullmatch(r"(.*?)_(\d+)", column)
    if m and not m.group(1).isascii():
        return f"{m.group(1)}（{m.group(2)}）"
    if re.fullmatch(r"[a-z0-9_]+", column):  # an identifier without a label: say so in Chinese
        return "未命名列"
    return column


def side_label(side) -> str:
    """A summary table's side in Chinese: 收入, 支出; a further spending side (the same spending
    classified another way, 西安 2026) 支出（二）, 支出（三）."""
    if is_blank(side):
        return ""
    m = re.fullmatch(r"expenditure_(\d)", str(side))
    if m:
        return f"支出（{'一二三四五六七八九'[int(m.group(1)) - 1]}）"
    return _SIDES.get(str(side), "")


def kind_label(kind: str | None) -> str:
    if not kind or kind == "unknown":
        return "未识别的表"
    return KIND_LABELS.get(kind, "未识别的表")


def format_label(fmt: str | None) -> str:
    return _FORMATS.get((fmt or "").lower(), fmt or DASH)


def timestamp(when: _dt.datetime | None = None) -> str:
    """``2025-03-01 14:05（北京时间）``, or with the UTC offset elsewhere."""
    when = (when or _dt.datetime.now()).astimezone()
    offset = when.utcoffset() or _dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    zone = "北京时间" if minutes == 480 else f"UTC{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{when:%Y-%m-%d %H:%M}（{zone}）"


# -- text made elsewhere -------------------------------------------------------------------------

_QUOTED = re.compile(r"(「[^「」]*」|“[^“”]*”)")
# the reader's note on a cell that is no amount, and its place (tidy.py)
_CELL = r"row (\d+)(?: \((\w+)\))? column (\S+?)"
_NOT_AMOUNT = re.compile(_CELL + r": not an amount: '(.*?)'(?:; left blank)?(?=，|。|$|\s)")
_PLACE = re.compile(_CELL + r"(?=」|，|。|$|\s)")
_IDENT_IN_QUOTES = re.compile(r"([“「])([a-z][a-z0-9]*(?:_[a-z0-9]+)*)([”」])")
_BARE_NUMBER = re.compile(r"(?<![\d,.A-Za-z_])(\d+)(\.\d+)?(?![\d,.])")
_AMOUNT_UNIT = re.compile(r"\s*(万元|亿元|元)")


def _place(n: str, side: str | None, column: str) -> str:
    side_text = f"（{side_label(side)}方）" if side else ""
    label = column_label(column)
    return f"第{n}行{side_text}" + (label if re.fullmatch(r"第\d+列", label) else f"「{label}」列")


def _english(s: str) -> str:
    s = re.sub("行「" + _CELL + "」", lambda m: _place(m.group(1), m.group(2), m.group(3)), s)
    s = _NOT_AMOUNT.sub(lambda m: f"{_place(m.group(1), m.group(2), m.group(3))}的「{m.group(4)}」不是金额", s)
    s = _PLACE.sub(lambda m: _place(m.group(1), m.group(2), m.group(3)), s)
    s = _IDENT_IN_QUOTES.sub(lambda m: m.group(1) + column_label(m.group(2)) + m.group(3), s)
    s = s.replace("表None", "表（未编号）").replace("「」", "「（无标题）」")
    s = re.sub(r"（(?:、)*）", "（无标题的表）", s)
    return s


def _numbers(s: str) -> str:
    """Figures outside quotes in the page's format: separators on amounts and on any figure with
    decimals (``24458.43万元`` → ``24,458.43万元``), two decimals in 万元 (``6835万元`` →
    ``6,835.00万元``); years, codes and row numbers stay as they are."""
    def fix(m: re.Match) -> str:
        whole, decimals = m.group(1), m.group(2) or ""
        unit = _AMOUNT_UNIT.match(m.string, m.end())
        if unit and unit.group(1) == "万元" and len(decimals) < 3:
            decimals = (decimals or ".").ljust(3, "0")  # never rounds: only adds zeros
        if not decimals and not unit:
            return m.group(0)  # a year, a code, a row number
        return f"{int(whole):,}{decimals}" if len(whole) >= 4 else whole + decimals

    return "".join(part if _QUOTED.fullmatch(part) else _BARE_NUMBER.sub(fix, part) for part in _QUOTED.split(s))


def text(value) -> str:
    """Text from the audit, the analysis or the reader as a Chinese page shows it."""
    if is_blank(value):
        return ""
    return _numbers(_english(str(value)))


#: what a page calls a unit whose name budgetkit could not find in its document
UNNAMED = "（未识别单位名称）"


def disclosure_kind(level: str | None, kind: str | None) -> str:
    """What a disclosure is, in its title's words and spelled once for the index, the report and
    its navigation: 部门预算, 单位决算 …; only the words the title states (江苏省人大常委会办公厅 2018
    names no level on some covers: 预算)."""
    return f"{level or ''}{kind or ''}"


def unit_name(name: str | None) -> str:
    """A unit's name as pages show it: :data:`UNNAMED` when the document gave none."""
    return name if isinstance(name, str) and name.strip() else UNNAMED


def unit_group(region: str | None, unit: str | None) -> str:
    """The same unit across years (and renamings such as 中国共产党…委员会 → 中共…委), for the links
    between its reports."""
    from .assemble import unit_key

    return f"{region or ''}/{unit_key(unit)}"


def nav_script(group: str) -> str:
    """The site's script of one unit's reports (:func:`unit_group`), from the site's root:
    ``nav/<hash>.js``, a name any file system and URL take whatever the unit is called. Each
    report loads its own unit's; the index step writes them, so a year rendered later shows on
    the pages rendered before it."""
    import hashlib

    return f"nav/{hashlib.sha1(group.encode('utf-8')).hexdigest()[:16]}.js"


def status_note(status) -> str | None:
    """What a headline card says of a figure whose reading is doubtful or contradicted
    (``budgetkit.verify``'s status and label); ``None`` for one verified or unchecked."""
    if status == DOUBTFUL:
        return f"{STATUS_LABELS[DOUBTFUL]}，请核对原文"
    return STATUS_LABELS[CONTRADICTED] if status == CONTRADICTED else None


# -- findings ------------------------------------------------------------------------------------

def is_doubt(finding) -> bool:
    """A finding about budgetkit's own reading (a figure it may have misread), not the publisher's
    slip. The audit marks these with ``doubt`` (or ``reading``) once it can tell them apart;
    until then no finding is one."""
    get = finding.get if isinstance(finding, dict) else lambda k, d=None: getattr(finding, k, d)
    return bool(get("doubt", False) or get("reading", False))


def finding_counts(findings) -> dict:
    """Findings counted apart: the publisher's errors, warnings and notes, and budgetkit's
    reading doubts (``doubts`` is ``None`` while the audit does not mark them)."""
    findings = list(findings or [])
    marked = any(hasattr(f, "doubt") or hasattr(f, "reading") or (isinstance(f, dict) and ("doubt" in f or "reading" in f))
                 for f in findings)
    out = {"error": 0, "warning": 0, "info": 0, "doubts": 0 if marked else None}
    for f in findings:
        severity = f["severity"] if isinstance(f, dict) else f.severity
        if is_doubt(f):
            out["doubts"] += 1
        elif severity in out:
            out[severity] += 1
    return out


# -- why a file has no report ---------------------------------------------------------------------

# the reasons the readers and the renderer give (readers/, assemble.py, render/batch.py), in Chinese;
# the English original stays beside it as a technical detail where it carries one
_REASONS: list[tuple[re.Pattern, str]] = [(re.compile(p, re.S), zh) for p, zh in [
    (r"the file is empty", "文件是空的"),
    (r"a loop of symbolic links", "符号链接构成循环"),
    (r"a symbolic link to nothing", "符号链接指向不存在的文件"),
    (r"no such file", "文件不存在"),
    (r"is a folder, not a document", "这是文件夹，不是文件"),
    (r"not a regular file \(a pipe, socket or device\)", "不是普通文件（管道、套接字或设备）"),
    (r"unsupported file type '?([^';]*)'?;.*", r"不支持的文件类型 \1"),
    (r"([\d.]+) MB is larger than budgetkit's limit of (\d+) MB.*", r"文件有 \1 MB，超过 \2 MB 的上限"),
    (r"permission denied", "没有读取权限"),
    (r"the file nests too deeply to read", "文件嵌套过深，无法读取"),
    (r"the file needs more memory than this machine has", "文件过大，本机内存不足以读取"),
    (r"not a readable \.docx file.*", "不是可读的 Word（.docx）文件"),
    (r"not a readable \.xlsx workbook.*", "不是可读的 Excel（.xlsx）文件"),
    (r"not a readable \.xls workbook.*", "不是可读的 Excel（.xls）文件"),
    (r"PDF support needs pdfplumber.*", "读取 PDF 需要安装 pdfplumber"),
    (r"not a readable PDF.*", "不是可读的 PDF 文件"),
    (r"the PDF has no text layer.*", "PDF 没有文字层（可能是扫描件）：budgetkit 读取文字，不识别图像"),
    (r"broken UTF-16 text.*", "UTF-16 文本已损坏"),
    (r"text is neither UTF-8 nor GB18030 \(it reads as (\w[\w-]*)\)", r"文本编码既不是 UTF-8 也不是 GB18030（看来是 \1）"),
    (r"text is neither UTF-8 nor GB18030.*", "文本编码既不是 UTF-8 也不是 GB18030"),
    (r"binary data, not a text disclosure", "是二进制数据，不是文本格式的公开文件"),
    (r"no text and no tables found", "没有读到文字，也没有读到表格"),
    (r"not a budget disclosure: no tables and no budget year found", "不是预算公开文件：没有表格，也没有预算年度"),
    (r"notebook failed: .*", "生成报告时出错"),
    (r"[A-Z]\w*(?:Error|Exception|Interrupt|Exit): .*", "生成报告时出错"),
    (r"could not be read.*", "无法读取"),
]]


def reason(value) -> tuple[str, str | None]:
    """Why a file has no report, in Chinese, and the original as a technical detail when the
    Chinese leaves something out (``None`` when it says it all)."""
    original = "" if is_blank(value) else str(value).strip()
    for pattern, zh in _REASONS:
        m = pattern.fullmatch(original)
        if m:
            said = m.expand(zh)
            return said, (None if "(" not in original and ":" not in original else original)
    return "未能读取", original or None
