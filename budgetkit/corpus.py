"""Many disclosures as tidy tables: line items, units, facts and findings, written as Parquet,
CSV (UTF-8 with BOM, so Excel opens it) and optionally one XLSX workbook.

Amounts are exact: ``amount_fen`` (int64) and ``amount_yuan`` (decimal with two places).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator
from pathlib import Path

import pandas as pd

from . import analysis
from .assemble import build_disclosure, group_parts, identity, merge_raw
from .atomic import write_bytes
from .checks import count_by_severity, run_checks
from .errors import BudgetkitError
from .identities import values
from .kinds import COLUMN_LABELS
from .limits import Limits, iter_bounded, run_bounded
from .model import Disclosure
from .money import fen_to_yuan
from .readers import read_raw
from .totals import key_totals

__all__ = ["Corpus", "load_corpus", "read_documents", "settle", "line_items", "line_item_rows", "LINE_ITEM_COLUMNS",
           "units", "facts", "findings", "json_cell", "write_tables"]

_ID = ["unit", "region", "year", "kind", "level"]
_CODES = ["func_code", "func_name", "gov_econ_code", "gov_econ_name", "dept_econ_code", "dept_econ_name",
          "project_code", "project_name", "unit_code"]


@dataclass
class Corpus:
    """The disclosures read from many files, and the files that could not be read."""

    disclosures: list[tuple[list[str], Disclosure]]
    failures: list[tuple[list[str], str]]
    audits: list | None = None  # ``run_checks`` of each disclosure, in order, when loaded with them

    def findings_of(self, i: int) -> list:
        """The audit of the ``i``-th disclosure (computed once)."""
        if self.audits is None or len(self.audits) != len(self.disclosures):
            self.audits = [None] * len(self.disclosures)
        if self.audits[i] is None:
            self.audits[i] = run_checks(self.disclosures[i][1])
        return self.audits[i]


def load_corpus(paths: list[str | Path], limits: Limits | None = None, audit: bool = False) -> Corpus:
    """The disclosures under ``paths`` (files that are parts of one disclosure read as one), each
    read within ``limits`` (default: :class:`Limits`); with ``audit``, audited there too."""
    from .render.discover import discover

    limits = limits or Limits()
    files, problems = discover(paths)
    bad = [([str(p)], reason) for p, reason in problems]
    parsed = read_documents(files, limits, audit=audit)
    groups = group_parts([identity(r[1], r[0]) if isinstance(r, tuple) else None for r in parsed])
    settled = settle([[parsed[j] for j in members] for members in groups], limits, audit=audit)
    good, audits = [], []
    for members, outcome in zip(groups, settled):
        group = [str(files[j]) for j in members]
        if isinstance(outcome, BudgetkitError):
            bad.append((group, getattr(outcome, "reason", str(outcome))))
        else:
            good.append((group, outcome[0]))
            audits.append(outcome[1])
    return Corpus(good, bad, audits if audit else None)


def _read_one(path) -> tuple:
    raw = read_raw(path)
    return raw, build_disclosure(raw)


def _read_audited(path) -> tuple:
    """:func:`_read_one` and the disclosure's audit, in the same child: the common case, a file
    that is a disclosure on its own, needs no second child, and its verification's identities
    serve the audit where they were computed. An audit that fails here is left to
    :func:`settle`, which audits again and says why."""
    raw, d = _read_one(path)
    try:
        findings = run_checks(d)
    except MemoryError:  # over the memory budget: the reader says so, and ends
        raise
    except Exception:  # noqa: BLE001 — settle's audit reports it, with the file's name
        findings = None
    return raw, d, findings


def read_documents(files: list[str | Path], limits: Limits, audit: bool = False) -> list:
    """Each file as ``(raw, disclosure)`` (with ``audit``: ``(raw, disclosure, findings or
    None)``, audited within the same budget), or the :class:`ReadError` saying why not (over its
    budget included); ``limits.jobs`` files at once."""
    return run_bounded(_read_audited if audit else _read_one, files, limits)


def iter_documents(files: list[str | Path], limits: Limits, audit: bool = False) -> Iterator:
    """:func:`read_documents`, each result yielded (in order) as soon as it and those before it
    are read: a caller can put each away before the next arrives, instead of holding them all."""
    return iter_bounded(_read_audited if audit else _read_one, files, limits)


def _settle_one(parts: list) -> tuple:
    parts, audit = parts
    if len(parts) == 1:
        d = parts[0][1]
        return None, (run_checks(d) if audit else None)  # the disclosure is the caller's already
    d = build_disclosure(merge_raw([part[0] for part in parts]))
    return d, (run_checks(d) if audit else None)


def _audited_when_read(group: list) -> list | None:
    """The findings of a one-file group audited where it was read (:func:`read_documents` with
    ``audit``), or ``None``."""
    return group[0][2] if len(group) == 1 and len(group[0]) > 2 else None


def settle(groups: list[list], limits: Limits, audit: bool = True) -> Iterator:
    """For each group of :func:`read_documents` results (the files of one disclosure), in order
    and as soon as it is ready: ``(disclosure, findings or None)``, parts merged, audited (with
    ``audit``) within ``limits``; or the error of its unreadable file, of the merge or the audit.
    A file audited where it was read is not audited again. (A file that turns out to be a part
    of a disclosure, Jiangsu's narrative and tables PDFs, was audited alone where it was read:
    that audit is dropped, and the merged disclosure audited here; about 0.1 CPU-s a pair, for
    not knowing the pairs until every file is read.)

    Each group is let go of once its result is yielded (the list given is not kept): a batch of
    thousands holds only the documents not yet taken, not every one it read."""
    groups = list(groups)
    work, ready = [], {}
    for i, group in enumerate(groups):
        error = next((r for r in group if not isinstance(r, tuple)), None)
        found = _audited_when_read(group) if audit and error is None else None
        if error is not None:
            ready[i] = error
        elif found is not None:
            ready[i] = (group[0][1], found)
        elif len(group) > 1 or audit:
            work.append((group, audit))
        else:
            ready[i] = (group[0][1], None)
    done = iter_bounded(_settle_one, work, limits, name=lambda job: " + ".join(str(r[0].path) for r in job[0]))
    for i in range(len(groups)):
        group, groups[i] = groups[i], None
        if i in ready:
            yield ready.pop(i)
            continue
        result = next(done)
        if isinstance(result, BudgetkitError):
            yield result
        else:
            d, findings = result
            yield (d if d is not None else group[0][1], findings)


def _ident(d: Disclosure, files: list[str]) -> dict:
    return {"unit": d.unit.name, "region": d.region, "year": d.year, "kind": d.kind, "level": d.level,
            "file": " + ".join(files)}


LINE_ITEM_COLUMNS = [*_ID, "file", "table_kind", "table_title", "table_unit", "line", "side", "label", "is_total", *_CODES,
                     "column", "column_label", "amount_fen", "amount_yuan"]


def line_item_rows(corpus: Corpus) -> list[dict]:
    """:func:`line_items` as plain dicts, one per amount (for writers that need no frame)."""
    rows = []
    for files, d in corpus.disclosures:
        ident = _ident(d, files)
        for t in d.tables:
            v = values(t)  # the table's cell lists, amounts as int or None, as the audit reads them
            blank = [None] * len(t.frame)
            lines, sides, labels, totals = (v.get(c, blank) for c in ("line", "side", "label", "is_total"))
            codes = [v.get(c, blank) for c in _CODES]
            amounts = [(col, COLUMN_LABELS.get(col, col), v.get(col, blank)) for col in t.amount_columns]
            head = {**ident, "table_kind": t.kind, "table_title": t.title, "table_unit": t.unit_used}
            for i in range(len(t.frame)):
                base = {**head, "line": lines[i], "side": sides[i], "label": labels[i], "is_total": bool(totals[i])}
                for c, column in zip(_CODES, codes):
                    base[c] = column[i] if isinstance(column[i], str) else None
                for col, col_label, column in amounts:
                    if column[i] is not None:
                        rows.append({**base, "column": col, "column_label": col_label,
                                     "amount_fen": column[i], "amount_yuan": fen_to_yuan(column[i])})
    return rows


def line_items(corpus: Corpus) -> pd.DataFrame:
    """One row per amount: unit, table, codes, names, column, amount (fen and yuan)."""
    return pd.DataFrame(line_item_rows(corpus), columns=LINE_ITEM_COLUMNS)


def _audited(corpus: Corpus, found: list | None):
    """Each disclosure with its findings: the ones given (the renderer's, in the corpus's order)
    or a fresh audit."""
    found = found if found is not None and len(found) == len(corpus.disclosures) else [None] * len(corpus.disclosures)
    for i, ((files, d), f) in enumerate(zip(corpus.disclosures, found)):
        yield files, d, (corpus.findings_of(i) if f is None else f)


def units(corpus: Corpus, found: list | None = None) -> pd.DataFrame:
    """One row per disclosure: totals (yuan), shares, staffing, findings and completeness."""
    return pd.DataFrame(unit_rows(corpus, found))


def unit_rows(corpus: Corpus, found: list | None = None) -> list[dict]:
    """:func:`units` as plain rows (for writers that need no frame: the site's data package)."""
    rows = []
    for files, d, audit in _audited(corpus, found):
        s = analysis.structure(d)
        totals = key_totals(d)
        counts = count_by_severity(audit)
        per = analysis.per_capita(d)
        score, _ = analysis.completeness(d)
        rows.append({
            **_ident(d, files), "unit_code": d.unit.code, "parent": d.unit.parent_name, "tables": len(d.tables),
            **{f"{k}_yuan": fen_to_yuan(v.fen) for k, v in totals.items()},
            "reserve_yuan": fen_to_yuan(s["reserve"]),
            "basic_share": s["basic_share"], "project_share": s["project_share"],
            "personnel_share": s["personnel_share"], "operating_share": s["operating_share"],
            "staff_authorized": per["staff_authorized"], "staff_active": per["staff_active"],
            "staff_retired": per["staff_retired"],
            "total_per_active_yuan": fen_to_yuan(per["total_per_active"]),
            "errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"],
            "completeness": score,
        })
    return rows


def facts(corpus: Corpus) -> pd.DataFrame:
    """One row per figure from the narrative; the fact's own unit, year and kind are
    ``value_unit``, ``value_year`` and ``value_kind`` (they used to overwrite the disclosure's
    ``unit``, ``year`` and ``kind``: a fact's "amount" stood where 预算 or 决算 belongs)."""
    return pd.DataFrame(fact_rows(corpus))


def fact_rows(corpus: Corpus) -> list[dict]:
    """:func:`facts` as plain rows (for writers that need no frame: the site's downloads)."""
    rename = {"unit": "value_unit", "year": "value_year", "kind": "value_kind"}
    rows = []
    for files, d in corpus.disclosures:
        ident = _ident(d, files)
        for f in d.facts:
            row = {**ident, **{rename.get(k, k): v for k, v in f.as_dict().items()}}
            row["value"] = str(row["value"])  # Decimal or bool, as written
            rows.append(row)
    return rows


def findings(corpus: Corpus, found: list | None = None) -> pd.DataFrame:
    return pd.DataFrame(finding_rows(corpus, found))


def finding_rows(corpus: Corpus, found: list | None = None) -> list[dict]:
    """:func:`findings` as plain rows (for writers that need no frame: the site's downloads)."""
    rows = []
    for files, d, audit in _audited(corpus, found):
        ident = _ident(d, files)
        for f in audit:
            row = {**ident, **f.as_dict()}
            row["expected"], row["actual"] = (None if v is None else str(v) for v in (row["expected"], row["actual"]))
            rows.append(row)
    return rows


def _arrow_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Decimal columns stay exact in Parquet (decimal128); anything else mixed becomes text."""
    import pyarrow as pa

    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            values = [v for v in out[col] if v is not None and not (isinstance(v, float) and pd.isna(v))]
            if values and not all(isinstance(v, type(values[0])) for v in values):
                out[col] = [None if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in out[col]]
    return out


def json_cell(value, names_only: bool = False) -> str:
    """A list or mapping (a finding's evidence, a fact's table reference) as JSON text, which any
    program reads back, instead of Python's repr; a value JSON has no type for (a Decimal) as
    text. ``names_only``: each ``"file"`` by its name, for a published site, which shows no
    folder of the machine that made it."""
    import json

    def named(x):
        if isinstance(x, dict):
            return {k: (Path(str(y)).name if k == "file" and y else named(y)) for k, y in x.items()}
        if isinstance(x, (list, tuple)):
            return [named(y) for y in x]
        return x

    return json.dumps(named(value) if names_only else value, ensure_ascii=False, default=str)


def _json_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy as text files show it: lists and mappings (a finding's evidence, a fact's table
    reference) as JSON, which any program reads back, instead of Python's repr; whole numbers
    that pandas made floats because some are missing (a fact's year, a page) without ".0"."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype.kind == "f" and all(v.is_integer() for v in out[col].dropna()):
            out[col] = out[col].astype("Int64")
        elif out[col].dtype == object and any(isinstance(v, (list, tuple, dict)) for v in out[col]):
            out[col] = [json_cell(v) if isinstance(v, (list, tuple, dict)) else v for v in out[col]]
    return out


def write_tables(tables: dict[str, pd.DataFrame], out: str | Path, xlsx: bool = False) -> list[Path]:
    """Write each table as ``<name>.parquet`` and ``<name>.csv`` (and all in ``corpus.xlsx``)."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written, cells = [], {}
    for name, frame in tables.items():
        safe = _arrow_safe(frame)
        buf = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_pandas(safe, preserve_index=False), buf)
        write_bytes(out / f"{name}.parquet", buf.getvalue().to_pybytes())
        cells[name] = _json_cells(frame)  # lists and mappings as JSON, for the CSV and the workbook
        write_bytes(out / f"{name}.csv", cells[name].to_csv(index=False).encode("utf-8-sig"))
        written += [out / f"{name}.parquet", out / f"{name}.csv"]
    if xlsx:
        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as writer:
            for name, sheet in cells.items():
                for col in sheet.columns:
                    if sheet[col].dtype == object:
                        sheet[col] = [str(v) if v is not None and not isinstance(v, (str, bool, int)) else v for v in sheet[col]]
                sheet.to_excel(writer, sheet_name=name[:31], index=False)
        write_bytes(out / "corpus.xlsx", buf.getvalue())
        written.append(out / "corpus.xlsx")
    return written
