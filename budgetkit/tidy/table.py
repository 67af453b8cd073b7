"""A raw table → a tidy :class:`~budgetkit.model.Table`: the steps in order (unit rows, column-number
rows, header, re-layouts, the layout's reader, provenance)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ReadError
from ..kinds import UNKNOWN, base_kind, kind_of_columns, kind_of_title
from ..model import AMOUNT_DTYPE, Table
from ..readers.raw import Origin, RawTable
from .code_parts import _function_levels
from .context import _Ctx, _python_strings
from .forms import _overall, _performance, _project_card, _self_evaluation, is_project_card, is_self_evaluation
from .grid import _grid
from .header import _drop_column_numbers, _header_split, _split_unit_rows, _stated_unit_in_header
from .layouts import _wide_to_long, stack_halves
from .paired import _paired


PAIRED_KINDS = {"income_expenditure_summary", "fiscal_appropriation_summary"}


def tidy_table(raw: RawTable, path: str, default_unit: str = "元") -> Table:
    """A raw table as a tidy :class:`Table` (see the module doc for the layouts)."""
    kind = kind_of_title(raw.title)
    rows, origins, unit = _split_unit_rows(raw)
    rows, origins = _drop_column_numbers(rows, origins)
    nhead = _header_split(rows)
    if unit is None:
        # a form states its unit in a label ("项目资金（万元）"), not in a header row
        form = kind == "overall_performance" or (base_kind(kind) == "project_performance" and is_self_evaluation(rows))
        unit = _stated_unit_in_header(rows if form else rows[:nhead])
    ctx = _Ctx(path=path, title=raw.title, unit=unit or default_unit)
    warnings: list[str] = []
    try:
        if base_kind(kind) in PAIRED_KINDS:
            header, frame, amount_cols = _paired(raw, rows, origins, ctx, warnings)
        elif base_kind(kind) == "project_performance" and is_self_evaluation(rows):
            header, frame, amount_cols = _self_evaluation(raw, rows, origins, ctx, warnings)
        elif base_kind(kind) == "project_performance" and is_project_card(rows):
            header, frame, amount_cols = _project_card(raw, rows, origins, ctx, warnings)
        elif base_kind(kind) == "project_performance":
            header, frame, amount_cols = _performance(raw, rows, origins, ctx, warnings)
        elif kind == "overall_performance":
            header, frame, amount_cols = _overall(raw, rows, origins, ctx, warnings)
        else:
            if base_kind(kind) == "three_public":
                rows, origins = _wide_to_long(rows, origins)
            rows, origins = stack_halves(rows, origins)
            header, frame, amount_cols = _grid(raw, rows, origins, ctx, warnings)
    except Exception as exc:  # a layout this reader does not expect: name the table
        raise ReadError(path, f"cannot lay out the table ({exc})", table=f"表{raw.number or ''} {raw.title}") from exc
    frame = _finished(frame, amount_cols)
    notes = list(raw.notes)
    if kind == UNKNOWN:
        kind = kind_of_columns(set(amount_cols), {c.removesuffix("_code") for c in frame.columns if c.endswith("_code")},
                               {c for c in frame.columns if not c.isascii()})
        if kind != UNKNOWN:
            notes.append("kind_from_header")
    table = Table(
        kind=kind,
        title=raw.title,
        number=raw.number,
        currency_unit=unit,
        header=[list(h) for h in header],
        frame=frame,
        amount_columns=amount_cols,
        notes=notes,
        source=raw.source,
        assumed_unit=default_unit,
        warnings=warnings,
        file=raw.file,
        raw=raw,
        set_aside=ctx.set_aside,
    )
    return table




def _finished(frame: pd.DataFrame, amount_cols: list[str]) -> pd.DataFrame:
    """The layout's frame as a :class:`Table` keeps it, made in one go (inserted column by
    column, this was a third of tidying a table): its columns in order, amounts as
    ``AMOUNT_DTYPE`` (a missing amount column added), ``is_total`` as bool, where each row was
    printed (:func:`_provenance`), the functional codes' levels (:func:`_function_levels`);
    numbered from 0."""
    n = len(frame)
    columns = {c: frame[c].array for c in frame.columns if c != "_origin"}
    for col in amount_cols:
        columns[col] = (frame[col].astype(AMOUNT_DTYPE).array if col in frame
                        else pd.array([pd.NA] * n, dtype=AMOUNT_DTYPE))
    if "is_total" in columns:
        columns["is_total"] = frame["is_total"].astype(bool).to_numpy()
    columns.update(_provenance(frame["_origin"].tolist() if "_origin" in frame else [Origin()] * n))
    if "func_code" in frame:
        columns.update(_function_levels(frame["func_code"].tolist()))
    with _python_strings():
        return pd.DataFrame(columns, index=pd.RangeIndex(n))



def _provenance(origins: list) -> dict:
    """Where each row was printed: ``page`` and ``box`` (PDF), ``source_line`` (text, sheets)."""
    found = [o if isinstance(o, Origin) else Origin() for o in origins]
    box = np.empty(len(found), dtype=object)  # one object per row, a box being a tuple
    for i, o in enumerate(found):
        box[i] = o.box
    return {"page": pd.array([o.page for o in found], dtype="Int64"), "box": box,
            "source_line": pd.array([o.line for o in found], dtype="Int64")}
