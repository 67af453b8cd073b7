"""The data model: a disclosure, its unit, narrative sections, facts and tidy tables.

Amount columns of ``Table.frame`` hold integer fen (pandas ``Int64``; ``<NA>`` is a blank cell,
distinct from 0). ``Fact.value`` is a ``Decimal`` in ``Fact.unit`` exactly as the text wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal

import numpy as np
import pandas as pd

from .kinds import KIND_LABELS
from .money import CURRENCY_UNITS, fen_to_yuan

__all__ = ["Unit", "Section", "Fact", "Table", "Disclosure", "Finding", "Problem", "SEVERITIES", "AMOUNT_DTYPE",
           "PROVENANCE_COLUMNS"]

AMOUNT_DTYPE = "Int64"

#: columns of ``Table.frame`` that say where a row was printed, not what it states
PROVENANCE_COLUMNS = ("line", "page", "box", "source_line")

#: the total row of one part of a table, not of the whole ("人员经费合计", "公用经费合计")
PART_TOTAL = r"^(人员经费|公用经费|工资福利支出|商品和服务支出)(合计|小计)$"


@dataclass
class Unit:
    """The budget unit a disclosure is about, and the department above it."""

    name: str | None
    code: str | None = None
    parent_code: str | None = None
    parent_name: str | None = None


@dataclass
class Section:
    """A narrative section: its number as printed ("二", "（一）" or ""), title and paragraphs."""

    number: str
    title: str
    level: int  # 1: "一、…", 2: "（一）…", 3: an unnumbered heading
    paragraphs: list[str] = field(default_factory=list)
    pages: list[list[tuple[int, int]]] = field(default_factory=list)  # per paragraph: [(offset, page), …] (PDF)
    page: int | None = None  # where the heading is printed

    def page_at(self, paragraph: int, offset: int = 0) -> int | None:
        """The page a paragraph's character ``offset`` is printed on (``None`` for text files)."""
        found = None
        for start, page in (self.pages[paragraph] if paragraph < len(self.pages) else []):
            if start <= offset:
                found = page
        return found

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class Fact:
    """One figure or statement from the narrative, with the sentence it came from."""

    name: str  # e.g. "income", "income_prev", "basic_share", "staff_active", "no_three_public"
    value: Decimal | bool
    unit: str | None  # "万元", "元", "%", "人", … as written; None for statements
    source: str  # the sentence
    section: str = ""  # the section title
    year: int | None = None  # the year the figure refers to, where the sentence says
    qualifier: str | None = None  # "多", "余", "约" … where the text hedges the figure
    label: str | None = None  # for listed figures: the words that say what the number counts
    subject: str | None = None  # what the figure is about (budgetkit.subjects): "basic", "function_item", …
    kind: str | None = None  # "amount", "change", "share", "completion_rate", "count", "statement"
    basis: str | None = None  # which figure of the subject: 年初预算 / 调整预算 / 全年预算 / 决算 / 执行数 / 上年
    page: int | None = None  # where the sentence is printed (PDF)
    table_ref: dict | None = None  # the table cell the figure matches: table, row, column, page
    at: int | None = None  # where the figure starts in its sentence

    @property
    def yuan(self) -> Decimal | None:
        """The value in yuan when the unit is a currency unit, else ``None``."""
        if isinstance(self.value, bool) or self.unit not in CURRENCY_UNITS:
            return None
        return self.value * CURRENCY_UNITS[self.unit]

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "source": self.source,
            "section": self.section,
            "year": self.year,
            "qualifier": self.qualifier,
            "label": self.label,
            "subject": self.subject,
            "kind": self.kind,
            "basis": self.basis,
            "page": self.page,
            "table_ref": self.table_ref,
        }


@dataclass
class Problem:
    """A part of a document budgetkit could not read or process: the rest was read without it.

    ``part`` names the part for a reader ("表5「一般公共预算基本支出表」", "文字部分"), ``reason``
    says in Chinese what was not done, ``detail`` keeps the technical cause (for the log and
    ``--json``), ``page`` where the part is printed, ``kind`` the table kind when it is a table.
    """

    stage: str  # "table", "narrative", "levels", "verify", "link", "report"
    part: str
    reason: str
    detail: str = ""
    page: int | None = None
    kind: str | None = None
    file: str | None = None  # the file the part is printed in (a disclosure may come in several)

    def as_dict(self) -> dict:
        return {"stage": self.stage, "part": self.part, "reason": self.reason, "detail": self.detail,
                "page": self.page, "kind": self.kind, "file": self.file}


#: what a Table keeps of its frame besides ``empty``: dropped when the frame changes, not pickled
_KEPT_FRAMES = ("items", "totals", "_values")


@dataclass(eq=False)
class Table:
    """One table of a disclosure, recognised as a standard kind (or ``"unknown"``). Two tables
    are equal only when they are the same object (a disclosure may print two tables alike).

    ``frame`` is tidy: one row per line item, ``is_total`` marking 合计/总计 rows, codes split
    into ``*_code`` / ``*_name``, amounts as integer fen in role-named columns (``total``,
    ``basic``, ``project``, ``personnel``, ``operating``, …).
    """

    kind: str
    title: str
    number: str | None
    currency_unit: str | None  # as stated in the document; None when the table states none
    header: list[list[str]]
    frame: pd.DataFrame
    amount_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    source: str = ""
    assumed_unit: str = "元"  # the unit amounts were read in when none was stated
    warnings: list[str] = field(default_factory=list)  # cells that could not be read
    file: str | None = None  # the file it was printed in (a disclosure may come in several)
    # set by verification (budgetkit.verify): how far the document's own arithmetic confirms the reading
    status: str = "unchecked"  # "verified" | "doubtful" | "unchecked"
    doubts: list[str] = field(default_factory=list)  # why, in Chinese, for the report
    readings: list[str] = field(default_factory=list)  # other readings taken, in Chinese ("单位按万元推定…")
    cell_status: dict = field(default_factory=dict, repr=False)  # (frame row, column) → status
    raw: object = field(default=None, repr=False)  # the RawTable it was read from
    set_aside: list = field(default_factory=list)  # printed rows kept out of the frame: line, text, reason, amounts, page

    def forget(self) -> None:
        """Drop what was computed from ``frame`` and kept (its items, totals, emptiness, the
        identities' plain columns): for whoever changes the frame after reading (verification
        adds ``status`` and ``doubt``, a table named again gets its classes' names anew)."""
        for name in (*_KEPT_FRAMES, "empty"):
            self.__dict__.pop(name, None)

    def __getstate__(self) -> dict:
        """Pickled without what was kept of its frame (its items, totals and the identities'
        plain columns), which are made again from ``frame`` where they are asked for. Frames of
        extension columns unpickle a block per column: those copies were half the time of
        loading a disclosure, which a render does three times (from its reading child, in its
        report's kernel, in the overview's), and twice as many bytes to pickle."""
        return {k: v for k, v in self.__dict__.items() if k not in _KEPT_FRAMES}

    def cell(self, row: int, column: str) -> str:
        """The verification status of one amount: verified, doubtful or unchecked."""
        return self.cell_status.get((row, column), "unchecked")

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def unit_used(self) -> str:
        """The currency unit the amounts were converted from."""
        return self.currency_unit or self.assumed_unit

    # items, totals and empty are computed once: a table's frame is not changed after reading

    @cached_property
    def items(self) -> pd.DataFrame:
        """The line items: every row that is not a total."""
        return self._rows(False) if "is_total" in self.frame else self.frame

    @cached_property
    def totals(self) -> pd.DataFrame:
        return self._rows(True) if "is_total" in self.frame else self.frame.iloc[0:0]

    def _rows(self, total: bool) -> pd.DataFrame:
        """The frame's rows whose ``is_total`` is ``total``, by position (half the time of a
        boolean mask over a frame of extension columns), with their index."""
        flags = self.frame["is_total"].to_numpy(dtype=bool)
        return self.frame.iloc[np.flatnonzero(flags if total else ~flags)]

    @cached_property
    def empty(self) -> bool:
        """Present but empty: no amount anywhere in the table."""
        if not self.amount_columns:
            return self.frame.empty
        return not any(self.frame[c].count() for c in self.amount_columns)  # count: the cells not blank

    @property
    def where(self) -> str:
        """How a finding names the table: 表N「title」, or the page of one printed without a title."""
        if self.title:
            return f"表{self.number}「{self.title}」" if self.number else f"「{self.title}」"
        pages = self.frame["page"].dropna() if "page" in self.frame else []
        return f"第{int(pages.iloc[0])}页未印标题的表" if len(pages) else "一张未印标题的表"

    def total_row(self, column: str = "total", label: str | None = None) -> int | None:
        """The frame row of the (first) total row stating ``column``; ``label`` picks among
        several totals."""
        if column not in self.frame:
            return None
        rows = self.totals
        if rows.empty and label is None and len(self.items) == 1:
            rows = self.items  # a one-row table (Jiangsu's 支出预算总表) is its own total
        for i, name, amount in zip(rows.index, rows["label"].tolist(), rows[column].tolist()):
            if pd.isna(amount):
                continue
            if label is not None:
                if isinstance(name, str) and label in name:
                    return int(i)
            elif not (isinstance(name, str) and re.match(PART_TOTAL, name)):
                return int(i)  # a part's subtotal ("人员经费合计" of a two-half 决算 table) is not the table's total
        return None

    def total(self, column: str = "total", label: str | None = None) -> int | None:
        """The fen of the (first) total row's ``column``; ``label`` picks among several totals."""
        i = self.total_row(column, label)
        return None if i is None else int(self.frame.at[i, column])

    def in_yuan(self) -> pd.DataFrame:
        """A copy of ``frame`` with amount columns as ``Decimal`` yuan (for display and export)."""
        out = self.frame.copy()
        for col in self.amount_columns:
            out[col] = [None if pd.isna(v) else fen_to_yuan(int(v)) for v in out[col]]
        return out

    def __repr__(self) -> str:  # one line in a terminal, not the whole frame (budgetkit.cards)
        from .cards import table_text

        return table_text(self)

    def _repr_html_(self) -> str:  # a short Chinese card in a notebook (budgetkit.cards)
        from .cards import table_card

        return table_card(self)

    def summary(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "number": self.number,
            "currency_unit": self.unit_used,
            "currency_unit_stated": self.currency_unit is not None,
            "rows": int(len(self.items)),
            "empty": self.empty,
        }


@dataclass
class Disclosure:
    """One unit's disclosure for one year: unit, year, kind, narrative, facts and tables."""

    path: str
    unit: Unit
    year: int | None
    kind: str | None  # "预算" or "决算"
    title: str
    sections: list[Section]
    facts: list[Fact]
    tables: list[Table]
    format: str = "text"
    region: str | None = None
    level: str | None = None  # "部门" (a department's consolidated budget) or "单位" (one unit's)
    problems: list[Problem] = field(default_factory=list)  # parts not read, each with its reason
    placement: object = None  # budgetkit.placement.Placement: the printed coded rows and those not placed

    def table(self, kind: str) -> Table | None:
        """The first table of ``kind`` (a final-accounts document's ``final_<kind>`` counts)."""
        return next(iter(self.tables_of(kind)), None)

    def tables_of(self, kind: str) -> list[Table]:
        return [t for t in self.tables if t.kind == kind or t.kind == f"final_{kind}"]

    def fact(self, name: str) -> Fact | None:
        """The first fact named ``name``, or ``None``."""
        return next((f for f in self.facts if f.name == name), None)

    def facts_named(self, name: str) -> list[Fact]:
        return [f for f in self.facts if f.name == name]

    def section(self, keyword: str) -> Section | None:
        return next((s for s in self.sections if keyword in s.title), None)

    #: what is computed once from the tables and kept on the disclosure (:meth:`derived`)
    DERIVED = ("_identities", "_funds", "_key_totals", "_completeness", "_readings")

    def derived(self, name: str, compute):
        """``compute(self)``, computed once and kept under ``name`` (one of :data:`DERIVED`): the
        verification's identities, income by scope, key totals, the transparency score. Pickled
        with the disclosure, but for the identities; verification :meth:`forget`-s them when it
        changes a table."""
        cached = self.__dict__.get(name)
        if cached is None:
            cached = self.__dict__[name] = compute(self)
        return cached

    def forget(self, *names: str) -> None:
        """Drop what :meth:`derived` kept (``names``, or all of it): the tables changed."""
        for name in names or self.DERIVED:
            self.__dict__.pop(name, None)

    def __getstate__(self) -> dict:
        """Pickled without the verification's identities (``identities.identities`` keeps them
        on the disclosure): a third of a pickled disclosure, needed only to verify and audit,
        which happen where it is read; computed again, the same, should anything ask."""
        state = dict(self.__dict__)
        state.pop("_identities", None)
        state.pop("_readings", None)  # made of identities
        return state

    @property
    def narrative(self) -> str:
        return "\n".join(f"{s.title}\n{s.text}" for s in self.sections)

    def __repr__(self) -> str:  # a short Chinese card in a terminal (budgetkit.cards)
        from .cards import disclosure_text

        return disclosure_text(self)

    def _repr_html_(self) -> str:  # a short Chinese card in a notebook (budgetkit.cards)
        from .cards import disclosure_card

        return disclosure_card(self)


SEVERITIES = ("error", "warning", "info")


@dataclass
class Finding:
    """One result of an audit rule: what is wrong (in Chinese), where, and the two values."""

    rule: str  # a stable id, e.g. "table.total_row"
    severity: str  # "error" | "warning" | "info"
    message: str  # for a budget officer, in Chinese
    table: str | None = None  # "表三 部门支出总体情况表"
    row: str | None = None  # the row's label or codes
    column: str | None = None
    sentence: str | None = None  # the narrative sentence, when the finding is about one
    expected: object = None  # Decimal yuan, a percentage, or text
    actual: object = None
    evidence: list = field(default_factory=list)  # where the cited amounts were printed (file, page, box, …)
    gap: object = None  # the size of the difference, Decimal yuan, where there is one
    cause: str | None = None  # for a reading doubt: the rule whose identity failed
    places: list = field(default_factory=list)  # the other places one root cause shows

    @property
    def doubt(self) -> bool:
        """A finding about budgetkit's own reading (a doubt, a part not read, printed rows not placed),
        never the publisher's slip: counted apart from the publisher's findings on every page."""
        return self.rule.startswith("reading.")

    @property
    def where(self) -> str:
        from .kinds import COLUMN_LABELS

        column = self.column and COLUMN_LABELS.get(self.column, self.column)
        parts = [p for p in (self.table, self.row and f"行「{self.row}」", column and f"列「{column}」") if p]
        if self.sentence:
            parts.append(f"文字「{self.sentence}」")
        return "，".join(parts)

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "where": self.where,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "sentence": self.sentence,
            "expected": self.expected,
            "actual": self.actual,
            "doubt": self.doubt,
            "gap": self.gap,
            "pages": sorted({e["page"] for e in self.evidence if e.get("page")}),
            "evidence": self.evidence,
            "places": self.places,
        }
