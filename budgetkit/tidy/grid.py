"""The grid layout: header rows, then one row per item; each row's amounts in fen, codes and names
split, its label and whether it is a total."""

from __future__ import annotations

import pandas as pd

from ..codes import split_code
from ..readers.raw import Origin, RawTable
from .code_parts import _join_code_parts, _malformed_code
from .columns import _column_plan
from .context import _Ctx, _python_strings
from .header import _body, _header_split, _paths
from .words import _ordinal, compact, indent_levels, is_total_label, outline_levels


def _grid(raw: RawTable, rows: list[list[str]], origins: list[Origin], ctx: _Ctx, warnings: list[str]):
    rows = _join_code_parts(rows)
    nhead = _header_split(rows)
    header = rows[:nhead]
    data, where = _body(rows, origins, nhead)
    width = max([len(h) for h in header] + [0])
    if width and len({len(r) for r in data if len(r) > width}) and len(data) > 1:
        data = [_fit(r, width, n, warnings) if len(r) > width else r for n, r in enumerate(data, start=1)]
    ncols = max([len(r) for r in data] + [len(h) for h in header] + [0])
    paths = _paths(header, ncols)
    plan = _column_plan(paths, data)
    seen: dict[str, int] = {}
    names = []
    for kind, name in plan:  # make output names unique: total, total_2, …
        key = f"{kind}:{name}"
        seen[key] = seen.get(key, 0) + 1
        names.append(name if seen[key] == 1 else f"{name}_{seen[key]}")

    records = []
    amount_cols: list[str] = []
    for (kind, _), name in zip(plan, names):
        if kind == "amount" and name not in amount_cols:
            amount_cols.append(name)
    for n, row in enumerate(data, start=1):
        if len(row) < ncols and row and is_total_label(row[0]):
            # a total whose label spans several columns: its amounts are the right-most cells
            row = [row[0]] + [""] * (ncols - len(row)) + row[1:]
        rec: dict = {"line": n, "_origin": where[n - 1]}
        texts = []
        for i, ((kind, _), name) in enumerate(zip(plan, names)):
            cell = row[i] if i < len(row) else ""
            if kind == "amount":
                rec[name] = ctx.fen(cell, f"row {n} column {name}", warnings)
            elif kind == "code":
                code, label = split_code(cell) if not is_total_label(cell) else (None, cell.strip() or None)
                rec[f"{name}_code"] = code
                rec.setdefault(f"{name}_name", label)
                if label:
                    texts.append(label)
            elif kind == "name":
                if cell.strip():
                    rec[f"{name}_name"] = cell.strip()
                    texts.append(cell.strip())
                else:
                    rec.setdefault(f"{name}_name", None)
            else:
                rec[name] = cell.strip() or None
                if cell.strip():
                    texts.append(cell.strip())
        rec["is_total"] = any(is_total_label(t) for t in texts)
        rec["label"] = _row_label(rec, texts)
        reason = _malformed_code(rec, plan, names)
        if reason:
            _set_aside(ctx, rec, row, reason, amount_cols)
            continue
        records.append(rec)

    with _python_strings():
        frame = pd.DataFrame.from_records(records) if records else pd.DataFrame({"line": [], "is_total": [], "label": []})
    if len(frame) and not any(c.endswith("_code") and frame[c].notna().any() for c in frame.columns):
        labels = frame.loc[~frame["is_total"], "label"]
        if any(_ordinal(lab or "") or compact(lab).startswith("其中") for lab in labels):  # an outline (三公 table)
            frame["level"] = 0
            frame.loc[labels.index, "level"] = outline_levels(list(labels))
        elif "_origin" in frame:
            _levels_by_indent(frame)
    elif len(frame) and "func_code" in frame and frame["func_code"].isna().all() and "_origin" in frame:
        # a classification's names printed without its codes and without numbering (杭州 2026's 功能分类
        # 科目名称): the 类, 款 and 项 are told by how far each name is set in
        _levels_by_indent(frame)
    return header, frame, amount_cols


def _levels_by_indent(frame: pd.DataFrame) -> None:
    """Outline levels of rows that print no code and no numbering, from how far each label is set
    in (``level`` 1 the outermost, 0 for totals), when the indents step evenly: 杭州 2026's 类 / 款 / 项,
    珠海 2026 p.21-22's unit ("珠海市商务局" at 5.4 pt) over its items (at 15.4 or 25.4 pt)."""
    labels = frame.loc[~frame["is_total"], "label"]
    levels = indent_levels([getattr(o, "indent", None) for o in frame.loc[labels.index, "_origin"]])
    if levels is not None:
        frame["level"] = 0
        frame.loc[labels.index, "level"] = levels



def _set_aside(ctx: "_Ctx", rec: dict, row: list[str], reason: str, amount_cols: list[str]) -> None:
    """A printed row kept out of the tidy frame, with the reason and what it held: rows are
    conserved, and the audit names each one instead of the totals it throws off."""
    origin = rec.get("_origin") or Origin()
    ctx.set_aside.append({
        "line": rec["line"], "text": " ".join(c for c in row if c.strip()), "reason": reason,
        "label": rec.get("label"), "amounts": {c: rec[c] for c in amount_cols if rec.get(c) is not None},
        "page": origin.page, "box": origin.box, "source_line": origin.line,
    })


def _fit(row: list[str], width: int, n: int, warnings: list[str]) -> list[str]:
    """A row with more cells than its header: the amounts stay under the header's right-hand
    columns; the surplus text is joined into the first cell, and a warning says so."""
    surplus = len(row) - width
    warnings.append(f"row {n}: {len(row)} cells under a header of {width}; amounts kept right-aligned, "
                    f"the first {surplus + 1} cells joined")
    return [" ".join(c for c in row[: surplus + 1] if c)] + row[surplus + 1:]


def _row_label(rec: dict, texts: list[str]) -> str | None:
    if rec.get("label"):
        return compact(rec["label"]) if is_total_label(rec["label"]) else rec["label"]
    for t in texts:
        if is_total_label(t):
            return compact(t)
    for key in ("project_name", "func_name", "dept_econ_name", "gov_econ_name", "econ_name", "code_name", "unit_name"):
        if rec.get(key):
            return rec[key]
    return texts[0] if texts else None
