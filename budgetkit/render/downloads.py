"""Downloads beside the reports: each unit's tidy tables as CSV and XLSX, and the whole corpus as
a Frictionless Data Package (``data/datapackage.json``, a schema for each CSV).

* ``<region>/<report>.csv.gz``: the unit's line items, one row per amount (``corpus.line_items``),
  UTF-8 with a BOM so that Excel opens it in the right encoding, gzipped: the rows repeat the
  unit, its file and its tables' names, and the plain CSV was a unit's largest download (68 KB
  for the seed, 4 KB gzipped); pandas and R read it as it is, any system's archive tool opens it,
  and the XLSX beside it holds the same rows for a spreadsheet.
* ``<region>/<report>.xlsx``: the same line items, the narrative's figures, the audit's
  findings, and a sheet naming every column in Chinese.
* ``data/``: ``line_items``, ``units``, ``facts`` and ``findings`` of every unit as gzipped CSV
  (``line_items.csv.gz`` …: the rows repeat each unit's names as a unit's CSV does, 85 KB a
  unit plain, under 10 gzipped), and ``datapackage.json`` describing them (the convention
  OpenSpending's Fiscal Data Package builds on): field names, types and Chinese titles, each
  resource's ``compression`` ``gz``; frictionless-py, pandas and R read them as they are.

The tables come from :mod:`budgetkit.corpus`'s extract functions; this module only writes them.
Incremental like the reports: ``.budgetkit/downloads.json`` remembers what was written for
which content key, so an unchanged run writes nothing.

Memory flat in the number of units: as each unit's downloads are written, its part of the
corpus's four tables is written too (``.budgetkit/parts/<key>.<table>.csv``: a header and its
rows; beside it ``<key>.<table>.rows.gz``, its rows gzipped), and the disclosure is let go; the
package is then those parts streamed one after the other (:func:`_stream_package`), never every
unit's tables or disclosure in memory at once. A package file is a gzip stream of several
members (RFC 1952 allows it; Python's ``gzip``, pandas, R and ``gunzip`` read them as one): the
header, then each unit's rows as compressed when its part was written, copied as they are, so
that a re-render with one document changed compresses that unit's rows only.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import warnings
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .. import corpus as extract
from ..atomic import write_bytes, write_text
from ..cache import key_of
from ..present import finding_counts

__all__ = ["write_downloads", "Downloads", "write_unit", "FIELDS", "schema", "MANIFEST", "PACKAGE_DIR"]

MANIFEST = ".budgetkit/downloads.json"
PACKAGE_DIR = "data"
PARTS = ".budgetkit/parts"  # each unit's rows of the package's tables
_PACKAGE_TABLES = ("line_items", "units", "facts", "findings")

# name: (Frictionless type, Chinese title, description)
FIELDS: dict[str, tuple[str, str, str]] = {
    "unit": ("string", "单位", "预算单位名称，按公开文件"),
    "region": ("string", "地区", ""),
    "year": ("integer", "年度", "公开文件所属年度"),
    "kind": ("string", "类别", "预算或决算"),
    "level": ("string", "层级", "部门或单位"),
    "file": ("string", "来源文件", "读取的文件（多个文件以“ + ”相连）"),
    "table_kind": ("string", "表格类型", "budgetkit 识别的标准表格类型"),
    "table_title": ("string", "表格标题", "原表标题"),
    "table_unit": ("string", "原表金额单位", "读取时所用的金额单位"),
    "line": ("integer", "行次", "在原表中的行次"),
    "side": ("string", "收/支", "收支总表中的收入方（income）或支出方（expenditure）"),
    "label": ("string", "项目", "原表中的行名称"),
    "is_total": ("boolean", "合计行", "是否为合计、小计行"),
    "func_code": ("string", "功能分类科目编码", ""),
    "func_name": ("string", "功能分类科目名称", ""),
    "gov_econ_code": ("string", "政府经济分类编码", ""),
    "gov_econ_name": ("string", "政府经济分类名称", ""),
    "dept_econ_code": ("string", "部门经济分类编码", ""),
    "dept_econ_name": ("string", "部门经济分类名称", ""),
    "project_code": ("string", "项目编码", ""),
    "project_name": ("string", "项目名称", ""),
    "unit_code": ("string", "单位代码", ""),
    "column": ("string", "金额列", "金额所在列的角色（total、basic、project …）"),
    "column_label": ("string", "金额列名称", ""),
    "amount_fen": ("integer", "金额（分）", "精确金额，以分计"),
    "amount_yuan": ("number", "金额（元）", "精确金额，以元计，两位小数"),
    "parent": ("string", "上级部门", ""),
    "tables": ("integer", "表格数", ""),
    "income_yuan": ("number", "收入合计（元）", ""),
    "expenditure_yuan": ("number", "支出合计（元）", ""),
    "basic_yuan": ("number", "基本支出（元）", ""),
    "project_yuan": ("number", "项目支出（元）", ""),
    "personnel_yuan": ("number", "人员经费（元）", ""),
    "operating_yuan": ("number", "公用经费（元）", ""),
    "reserve_yuan": ("number", "预留机动经费（元）", ""),
    "basic_share": ("number", "基本支出占比（%）", ""),
    "project_share": ("number", "项目支出占比（%）", ""),
    "personnel_share": ("number", "人员经费占基本支出（%）", ""),
    "operating_share": ("number", "公用经费占基本支出（%）", ""),
    "staff_authorized": ("integer", "编制数", ""),
    "staff_active": ("integer", "在职人数", ""),
    "staff_retired": ("integer", "退休人数", ""),
    "total_per_active_yuan": ("number", "在职人均支出（元）", ""),
    "errors": ("integer", "错误", "审核发现：错误条数"),
    "warnings": ("integer", "警告", "审核发现：警告条数"),
    "infos": ("integer", "提示", "审核发现：提示条数"),
    "completeness": ("number", "公开完整性得分", "0–100"),
    "name": ("string", "数据名称", "文字数据的标识（如 staff_active 在职人数）"),
    "value": ("string", "数值", "按原文"),
    "value_unit": ("string", "单位", "原文所写的单位"),
    "value_year": ("integer", "数值所属年度", "文字所述年度（如上年数）"),
    "value_kind": ("string", "数据类型", "amount 金额、change 增减、share 占比、completion_rate 完成率、count 人数等、statement 陈述"),
    "subject": ("string", "所指项目", "文字数据所指的表中项目（如 income_total 收入合计）"),
    "basis": ("string", "口径", "年初预算、调整预算、决算等"),
    "page": ("integer", "页码", "所在页（PDF）"),
    "table_ref": ("object", "对应表格位置", "JSON：表、行、列、页、文件名"),
    "source": ("string", "原文", "数据所在的句子"),
    "section": ("string", "所在章节", ""),
    "qualifier": ("string", "限定", "多、余等"),
    "rule": ("string", "规则", "审核规则编号（budgetkit rules）"),
    "severity": ("string", "级别", "error 错误 / warning 警告 / info 提示"),
    "message": ("string", "说明", ""),
    "where": ("string", "位置", ""),
    "table": ("string", "表格", ""),
    "row": ("string", "行", ""),
    "sentence": ("string", "文字", ""),
    "expected": ("string", "应为", ""),
    "actual": ("string", "实为", ""),
    "doubt": ("boolean", "读取存疑", "true：budgetkit 自身读取存疑，不是原文有误"),
    "gap": ("number", "差额", "应为与实为之差"),
    "pages": ("array", "所引页码", "JSON 数组"),
    "evidence": ("array", "所引原文", "JSON：文件名、页、句"),
    "places": ("array", "同一原因的其他位置", "JSON"),
}

_TITLES = {"line_items": "金额明细（每行一个金额）", "units": "单位概况", "facts": "文字数据", "findings": "审核发现"}
_SHEETS = {"line_items": "明细", "facts": "文字数据", "findings": "审核发现"}


def schema(columns: list[str]) -> dict:
    """The Table Schema of a table written by :func:`_csv`, from its column names."""
    fields = []
    for name in columns:
        kind, title, description = FIELDS.get(name, ("string", name, ""))
        field = {"name": name, "type": kind, "title": title}
        if description:
            field["description"] = description
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


@dataclass
class _Table:
    """A download table: its column names and its rows, each cell typed for the schema
    (``_TYPERS``) once, for both writers (no pandas between the disclosure and the files: a
    frame's boxing and its arrow strings were most of the downloads' time)."""

    columns: list[str]
    rows: list[list]

    @classmethod
    def of(cls, records: list[dict], columns: list[str] | None = None) -> "_Table":
        if columns is None:  # every key, in the order first met
            columns = list(dict.fromkeys(k for r in records for k in r))
        typers = [_TYPERS[FIELDS.get(c, ("string",))[0]] for c in columns]
        return cls(list(columns), [[None if _blank(v := r.get(c)) else typed(v) for c, typed in zip(columns, typers)]
                                   for r in records])

    @classmethod
    def of_frame(cls, frame: pd.DataFrame) -> "_Table":
        return cls.of(frame.to_dict("records"), [str(c) for c in frame.columns])

    @classmethod
    def joined(cls, tables: list["_Table"]) -> "_Table":
        """The tables one under the other, their columns united (in the order first met)."""
        columns = list(dict.fromkeys(c for t in tables for c in t.columns))
        rows = []
        for t in tables:
            if t.columns == columns:
                rows += t.rows
            else:
                where = [t.columns.index(c) if c in t.columns else None for c in columns]
                rows += [[None if i is None else row[i] for i in where] for row in t.rows]
        return cls(columns, rows)


def _number(v) -> str:
    """An exact decimal as written (a float through its shortest repr, never its binary value)."""
    return str(v if isinstance(v, (Decimal, int)) else Decimal(str(v)))


def _json(v) -> str:
    """A list or mapping as JSON, each source file by its name only (:func:`corpus.json_cell`)."""
    return extract.json_cell(v, names_only=True)


# each schema type's cell: integers without ``.0``, exact decimals as text, booleans true / false,
# lists and mappings as JSON
_TYPERS = {"integer": int, "number": _number, "boolean": lambda v: "true" if bool(v) else "false", "string": str,
           "object": _json, "array": _json}


def _blank(v) -> bool:
    if v is None:
        return True
    if isinstance(v, (str, int, list, tuple, dict)):  # bool too: never blank (the common cells, without pandas)
        return False
    if isinstance(v, float):
        return v != v  # NaN
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _csv(table: _Table) -> bytes:
    """UTF-8 with a BOM: Excel opens it in the right encoding. (The csv module's dialect is the
    one pandas writes with: the same bytes as ``to_csv`` gave.)"""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([["" if v is None else v for v in row] for row in table.rows])
    return buf.getvalue().encode("utf-8-sig")


# the control characters a worksheet's XML cannot hold (a PDF's label may carry one)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx(tables: dict[str, _Table]) -> bytes:
    """One sheet per table (amounts as numbers Excel can add, shown with separators; text always
    text, never a formula) and a sheet that names every column. Written with XlsxWriter, row by
    row: 1.5–2× faster than openpyxl's write-only mode for the same cells."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                   "strings_to_urls": False})
    money = wb.add_format({"num_format": "#,##0.00"})
    used: list[str] = []
    for name, table in tables.items():
        ws = wb.add_worksheet(_SHEETS.get(name, name)[:31])
        ws.freeze_panes(1, 0)
        kinds = [FIELDS.get(col, ("string",))[0] for col in table.columns]
        for i, kind in enumerate(kinds):
            ws.set_column(i, i, 14 if kind in ("number", "integer") else 18)
        for c, col in enumerate(table.columns):
            ws.write_string(0, c, col)
        for r, row in enumerate(table.rows, start=1):
            for c, (value, kind) in enumerate(zip(row, kinds)):
                if value is None:
                    continue
                if kind == "number":  # Excel has no decimals: a number it can add, shown 52,212,451.06
                    ws.write_number(r, c, float(value), money)
                elif kind == "integer":
                    ws.write_number(r, c, value)
                elif kind == "boolean":
                    ws.write_boolean(r, c, value == "true")
                elif text := _CONTROL.sub("", value):  # an empty text is a blank cell, as in the CSV
                    ws.write_string(r, c, text)
        used += [c for c in table.columns if c not in used]
    ws = wb.add_worksheet("字段说明")
    for r, c in enumerate(["字段", *used]):
        _, title, description = ("string", "名称", "说明") if r == 0 else FIELDS.get(c, ("string", c, ""))
        for k, text in enumerate((c, title, description)):
            if text:
                ws.write_string(r, k, text)
    wb.close()
    return buf.getvalue()


def _load(record: dict, cache):
    """The disclosure and its findings: from the renderer's cache, else read again."""
    cached = cache.get(record["data_key"]) if cache is not None and record.get("data_key") else None
    if cached is None:
        from ..assemble import read
        from ..checks import run_checks

        files = record["files"]
        d = read(files if len(files) > 1 else files[0])
        cached = (d, run_checks(d))
    return cached


def _names(record: dict) -> list[str]:
    """The source files by name: a published site shows no path of the machine that made it."""
    return [Path(f).name for f in record["files"]]


def _unit_files(record: dict) -> tuple[str, str]:
    stem = record["html"][: -len(".html")]
    return f"{stem}.csv.gz", f"{stem}.xlsx"


def _gzip(data: bytes) -> bytes:
    """``data`` gzipped, the same bytes on every run (no time, no file name in the header)."""
    import gzip

    return gzip.compress(data, compresslevel=9, mtime=0)


def _unit_tables(one: extract.Corpus, findings) -> dict[str, _Table]:
    return {"line_items": _Table.of(extract.line_item_rows(one), extract.LINE_ITEM_COLUMNS),
            "facts": _Table.of(extract.fact_rows(one)), "findings": _Table.of(extract.finding_rows(one, [findings]))}


def write_unit(out: Path, record: dict, d, findings) -> dict[str, _Table]:
    """One unit's CSV and XLSX beside its report (``record["html"]``); returns its tables.
    (Callable from a render worker: it needs only the disclosure and its findings.)"""
    csv_name, xlsx_name = _unit_files(record)
    tables = _unit_tables(extract.Corpus([(_names(record), d)], []), findings)
    write_bytes(Path(out) / csv_name, _gzip(_csv(tables["line_items"])))
    write_bytes(Path(out) / xlsx_name, _xlsx(tables))
    (Path(out) / csv_name).with_suffix("").unlink(missing_ok=True)  # the plain CSV an earlier budgetkit wrote
    return tables


def write_downloads(out: str | Path, reports: list[dict], cache=None) -> list[Path]:
    """Write every unit's CSV and XLSX beside its report and the corpus package under
    ``out/data/``; set ``downloads`` (links) and ``counts`` (findings counted apart) on each
    record for the index. Returns the files written by this call."""
    return Downloads(out, cache).finish(reports)


class Downloads:
    """:func:`write_downloads` in two steps, so that a render writes each unit's files as soon as
    its report is done (:meth:`unit`, beside the reports still rendering) and the rest once all
    are (:meth:`finish`: the units not written yet, links, the corpus package, the manifest)."""

    def __init__(self, out: str | Path, cache=None):
        self.out, self.cache = Path(out), cache
        try:
            self.manifest = json.loads((self.out / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.manifest = {}
        self.units = self.manifest.get("units", {})
        self.written: list[Path] = []
        self.loaded: dict[str, tuple] = {}  # key → (disclosure, findings) given, until its files are written
        self.failed: set[str] = set()  # keys whose files could not be written (warned once)

    def have(self, key: str, loaded: tuple) -> None:
        """``(disclosure, findings)`` of the unit cached under ``key``, at hand already."""
        self.loaded[key] = loaded

    def unit(self, r: dict) -> dict | None:
        """Write ``r``'s CSV and XLSX unless they are there for its content already; its
        manifest entry, or ``None`` when they could not be written."""
        out, units = self.out, self.units
        csv_name, xlsx_name = _unit_files(r)
        key = r.get("data_key") or key_of([r["file"]])
        known = units.get(key)
        if key in self.failed:
            return None
        if not (known and known.get("csv") == csv_name and (out / csv_name).exists() and (out / xlsx_name).exists()):
            try:
                d, findings = self.loaded.pop(key, None) or _load(r, self.cache)
                tables = write_unit(out, r, d, findings)
                _write_parts(out, key, r, d, findings, tables)
            except Exception as exc:  # a download that fails must not take the site with it
                warnings.warn(f"{r['html']}: no downloads ({type(exc).__name__}: {exc})", stacklevel=2)
                self.failed.add(key)
                return None
            self.written += [out / csv_name, out / xlsx_name]
            known = units[key] = {"csv": csv_name, "xlsx": xlsx_name, "counts": finding_counts(findings)}
        self.loaded.pop(key, None)  # written: the disclosure is not needed again here
        return known

    def finish(self, reports: list[dict]) -> list[Path]:
        """Every report's downloads (the units not written yet), its links and counts on its
        record, the corpus package and the manifest; the files written by this object."""
        out, cache, manifest, units = self.out, self.cache, self.manifest, self.units
        written, loaded = self.written, self.loaded
        for r in reports:
            csv_name, xlsx_name = _unit_files(r)
            known = self.unit(r)
            if known is None:
                continue
            r["downloads"] = [{"href": csv_name, "label": "CSV"}, {"href": xlsx_name, "label": "XLSX"}]
            r["downloads"] += [{"href": href, "label": "原文"} for href in copy_sources(out, r.get("files") or [])]
            r["counts"] = known["counts"]

        package_key = key_of(sorted(r.get("data_key") or r["file"] for r in reports), "package")
        package = out / PACKAGE_DIR / "datapackage.json"
        if reports and (manifest.get("package") != package_key or not package.exists()):
            keys = []
            for r in reports:
                key = r.get("data_key") or key_of([r["file"]])
                if not all(_part(out, key, name).exists() for name in _PACKAGE_TABLES):  # a site made before parts
                    d, found = loaded.pop(key, None) or _load(r, cache)
                    _write_parts(out, key, r, d, found, None)
                keys.append(key)
            written += _stream_package(out, keys)
            manifest["package"] = package_key
        keep = {r.get("data_key") or key_of([r["file"]]) for r in reports}
        manifest["units"] = {k: v for k, v in units.items() if k in keep}
        text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
        if not (out / MANIFEST).exists() or (out / MANIFEST).read_text(encoding="utf-8") != text:
            write_text(out / MANIFEST, text)
        return written


def _part(out: Path, key: str, name: str) -> Path:
    return out / PARTS / f"{key}.{name}.csv"


def _packed(out: Path, key: str, name: str) -> Path:
    """The part's rows (without its header) as one gzip member: copied into the package as it is."""
    return out / PARTS / f"{key}.{name}.rows.gz"


def _write_parts(out: Path, key: str, record: dict, d, findings, tables: dict | None) -> None:
    """The unit's rows of the package's four tables (``tables``: its download tables, made
    already), each as a small CSV with its header: the package is made from these."""
    one = extract.Corpus([(_names(record), d)], [])
    tables = dict(tables or _unit_tables(one, findings))
    tables["units"] = _Table.of(extract.unit_rows(one, [findings]))
    for name in _PACKAGE_TABLES:
        head, rows = io.StringIO(), io.StringIO()
        csv.writer(head, lineterminator="\r\n").writerow(tables[name].columns)
        csv.writer(rows, lineterminator="\r\n").writerows([["" if v is None else v for v in row] for row in tables[name].rows])
        write_bytes(_packed(out, key, name), _gzip(rows.getvalue().encode("utf-8")))
        write_text(_part(out, key, name), head.getvalue() + rows.getvalue())


def _stream_package(out: Path, keys: list[str]) -> list[Path]:
    """The corpus's tables as gzipped CSV (UTF-8 with a BOM once uncompressed) and their
    ``datapackage.json``, from the units' parts in ``keys``' order, a unit at a time: first the
    columns (united in the order first met, over the units that have rows; a table no unit has
    rows in keeps the first unit's), then the rows. Uncompressed, the same bytes as joining every
    unit's tables in memory gave (and as the plain CSV an earlier budgetkit wrote here).

    Each file is a gzip stream of members: the header's, then each unit's rows. A unit whose
    columns are the united ones gives the member its part was packed into when written (a copy
    of bytes); one whose columns differ (a table whose columns vary by unit) has its rows put in
    the united order and compressed here."""
    folder = out / PACKAGE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    resources, written = [], []
    for name in _PACKAGE_TABLES:
        columns: dict[str, None] = {}
        first = None
        for key in keys:
            with open(_part(out, key, name), encoding="utf-8", newline="") as f:
                reader = csv.reader(f)
                head = next(reader, [])
                if first is None:
                    first = head
                if next(reader, None) is not None:
                    columns.update(dict.fromkeys(head))
        united = list(columns) if columns else list(first or [])
        path = folder / f"{name}.csv.gz"
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as target:
            header = io.StringIO()
            csv.writer(header, lineterminator="\r\n").writerow(united)
            target.write(_gzip(header.getvalue().encode("utf-8-sig")))
            for key in keys:
                target.write(_unit_member(out, key, name, united))
        tmp.chmod(0o644)
        os.replace(tmp, path)
        (folder / f"{name}.csv").unlink(missing_ok=True)  # the plain CSV an earlier budgetkit wrote
        written.append(path)
        resources.append({"name": name, "title": _TITLES[name], "path": path.name, "profile": "tabular-data-resource",
                          "format": "csv", "compression": "gz", "mediatype": "text/csv", "encoding": "utf-8",
                          "schema": schema(united)})
    package = {
        "profile": "tabular-data-package",
        "name": "budgetkit-corpus",
        "title": "预算公开数据（budgetkit 从公开文件读出）",
        "description": "各单位部门预算、决算公开文件中的表格金额（精确到分）、单位概况、文字数据与审核发现。"
                       "每个表格是 gzip 压缩的 CSV（UTF-8）。数据来自政府公开文件，引用时请注明来源文件（file 字段）。",
        "resources": resources,
    }
    write_text(folder / "datapackage.json", json.dumps(package, ensure_ascii=False, indent=1))
    written.append(folder / "datapackage.json")
    return written


def _unit_member(out: Path, key: str, name: str, united: list[str]) -> bytes:
    """A unit's rows of table ``name`` in the ``united`` columns, as one gzip member (empty when
    it has no rows): the member packed with its part when the columns agree, else its rows put
    in order and compressed (so too for a part written before parts were packed)."""
    with open(_part(out, key, name), encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        head = next(reader, [])
        if head == united:
            try:
                return _packed(out, key, name).read_bytes()
            except OSError:
                pass
        where = None if head == united else [head.index(c) if c in head else None for c in united]
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        for row in reader:
            writer.writerow(row if where is None else ["" if i is None else row[i] for i in where])
    return _gzip(buf.getvalue().encode("utf-8")) if buf.tell() else b""


def copy_sources(out: Path, files: list[str]) -> list[str]:
    """Each source document copied into the site (``sources/``), so that reports can link to its
    pages (``#page=N``) and the site carries what it cites; returns the links from the index."""
    from ..atomic import write_bytes
    from ..evidence import site_path

    links = []
    for f in files:
        path = Path(f)
        if not path.is_file():
            continue
        target = out / site_path(path)
        try:
            if not target.exists() or target.stat().st_size != path.stat().st_size:
                write_bytes(target, path.read_bytes())
        except OSError as exc:
            warnings.warn(f"{path}: not copied into the site ({exc})", stacklevel=2)
            continue
        links.append(site_path(path))
    return links
