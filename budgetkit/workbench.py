"""The corpus as pandas in one call, for a researcher's own questions: :func:`load`.

``budgetkit.load(paths)`` reads the disclosures under ``paths`` the way ``budgetkit extract``
does (each file in a child process within its time and memory budget, ``jobs`` at once, the
parts of one disclosure read as one, every disclosure audited), with a progress bar, and gives
a :class:`CorpusFrames`: the tidy frames of ``extract`` (``line_items``, ``units``, ``facts``,
``findings``) and three more made for analysis (``tables``, ``totals``, ``functions``).
docs/data-model.md describes every column.

Money stays exact: amounts are integer fen (``amount_fen``) or ``Decimal`` yuan (``*_yuan``);
the only floats are the columns named ``*_wan_float`` (万元, for charts, never for sums).

Read once: the frames are kept in a cache folder, keyed by the files' content and budgetkit's
own code (:func:`budgetkit.cache.key_of`), so a notebook run again on unchanged files reads
them from there. Each disclosure is kept there too, under the render cache's key and in its
format, for :meth:`CorpusFrames.disclosure`.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import analysis
from .assemble import build_disclosure, group_parts, identity, merge_raw, read, unit_key
from .cache import DisclosureCache, key_of
from .checks import run_checks
from .corpus import LINE_ITEM_COLUMNS, Corpus, facts, findings, line_items, settle, units
from .errors import BudgetkitError
from .identities import three_public_cells, values
from .kinds import KIND_LABELS
from .limits import Limits, OverBudget, iter_bounded
from .model import Disclosure
from .money import CURRENCY_UNITS, yuan_to_fen
from .readers import read_raw
from .totals import KEY_TOTALS, key_totals, total_label

__all__ = ["load", "CorpusFrames", "default_cache_dir", "Chart", "chart", "bars", "FRAMES", "ID_COLUMNS"]

#: the frames a :class:`CorpusFrames` holds, in the order docs/data-model.md describes them
FRAMES = ("line_items", "units", "facts", "findings", "tables", "totals", "functions")
#: the columns that say which disclosure a row belongs to (every frame starts with them)
ID_COLUMNS = ["unit", "region", "year", "kind", "level", "file"]

_FORMAT = "workbench-1"  # the layout of a cached entry: part of its key


def default_cache_dir() -> Path:
    """Where :func:`load` keeps what it read: ``$BUDGETKIT_CACHE``, else budgetkit's folder in
    the user's cache (``$XDG_CACHE_HOME/budgetkit``, ``~/.cache/budgetkit``)."""
    if os.environ.get("BUDGETKIT_CACHE"):
        return Path(os.environ["BUDGETKIT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "budgetkit"


@dataclass
class CorpusFrames:
    """The disclosures :func:`load` read, as tidy pandas frames (see docs/data-model.md), the
    files it could not read (``failures``: file, reason), and how it got them (``from_cache``,
    ``seconds``). ``disclosure(i)`` gives the ``i``-th disclosure itself (the order of
    ``units``), with every table and narrative fact, for questions the frames do not answer."""

    line_items: pd.DataFrame
    units: pd.DataFrame
    facts: pd.DataFrame
    findings: pd.DataFrame
    tables: pd.DataFrame
    totals: pd.DataFrame
    functions: pd.DataFrame
    failures: pd.DataFrame
    groups: list = field(default_factory=list)  # the files of each disclosure, in the order of ``units``
    keys: list = field(default_factory=list)  # each disclosure's key in the cache (None: not cached)
    cache_dir: str | None = None
    from_cache: bool = False
    seconds: float = 0.0

    def __len__(self) -> int:
        return len(self.groups)

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every frame by name (:data:`FRAMES`)."""
        return {name: getattr(self, name) for name in FRAMES}

    def disclosure(self, which: int | str) -> Disclosure:
        """The disclosure at position ``which`` of ``units``, or the first whose unit's name
        contains ``which``: from the cache when it holds it, else read again."""
        if isinstance(which, str):
            hits = [i for i, name in enumerate(self.units["unit"]) if isinstance(name, str) and which in name]
            if not hits:
                raise KeyError(f"no unit named {which!r}")
            which = hits[0]
        return self._loaded(which)[0]

    def findings_of(self, which: int) -> list:
        """The audit of the ``which``-th disclosure (``Finding`` objects, as the reports use)."""
        return self._loaded(which)[1]

    def _loaded(self, i: int) -> tuple:
        kept = self.__dict__.setdefault("_disclosures", {})
        if i not in kept:
            key = self.keys[i] if i < len(self.keys) else None
            got = DisclosureCache(self.cache_dir).get(key) if key and self.cache_dir else None
            if got is None:
                files = self.groups[i]
                d = read(files if len(files) > 1 else files[0])
                got = (d, run_checks(d))
            kept[i] = got
        return kept[i]

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_disclosures"}

    def __repr__(self) -> str:
        from .cards import corpus_text

        return corpus_text(self)

    def _repr_html_(self) -> str:
        from .cards import corpus_card

        return corpus_card(self)


def load(paths, *, cache: bool | str | Path = True, progress: bool = True, limits: Limits | None = None,
         jobs: int | None = None) -> CorpusFrames:
    """The disclosures under ``paths`` (files or folders; one path or a list) as tidy frames,
    for analysis in pandas. Read like ``budgetkit extract`` (``limits``: each file's time and
    memory budget, default the command's; ``jobs`` files at once, default the number of cores),
    with a progress bar (``progress``). ``cache``: ``True`` keeps what was read in
    :func:`default_cache_dir`, a folder keeps it there, ``False`` reads every time."""
    from .render.discover import discover

    start = time.perf_counter()
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    limits = limits or Limits(jobs=jobs or os.cpu_count() or 1)
    folder = None if cache is False else (default_cache_dir() if cache is True else Path(cache))
    hashes: dict = {}
    files, problems = discover(paths, hashes)
    store = DisclosureCache(folder) if folder is not None else None
    cacheable = store is not None and all(hashes.get(p) for p in files)
    key = key_of([hashes[p] for p in files], _FORMAT, *map(str, files), *map(str, (p for p, _ in problems))) if cacheable else None
    if key is not None:
        kept = store.get(key)
        if isinstance(kept, CorpusFrames):
            kept.cache_dir, kept.from_cache, kept.seconds = str(folder), True, time.perf_counter() - start
            return kept
    corpus, errors = _read(files, problems, limits, progress)
    frames = _frames(corpus)
    keys = []
    for group, (files_of, d) in zip(corpus.groups, corpus.disclosures):
        data_key = key_of([hashes[files[j]] for j in group]) if cacheable else None  # the render cache's key
        if data_key is not None and not (Path(folder) / f"{data_key}.pkl").exists():
            store.put(data_key, (d, corpus.audits[len(keys)]))
        keys.append(data_key)
    out = CorpusFrames(**frames, groups=[files_of for files_of, _ in corpus.disclosures], keys=keys,
                       cache_dir=None if folder is None else str(folder))
    if key is not None and not any(isinstance(e, OverBudget) for e in errors):  # over budget: tried again next time
        store.put(key, out)
    out.seconds = time.perf_counter() - start
    out.__dict__["_disclosures"] = dict(enumerate(zip([d for _, d in corpus.disclosures], corpus.audits)))
    return out


@dataclass
class _Read(Corpus):
    groups: list = field(default_factory=list)  # indexes into the files, per disclosure


def _read(files: list[Path], problems: list, limits: Limits, progress: bool) -> tuple[_Read, list]:
    """:func:`budgetkit.corpus.load_corpus` with audit, and a progress bar over the files."""
    from tqdm.auto import tqdm

    bad = [([str(p)], reason) for p, reason in problems]
    parsed = []
    with tqdm(total=len(files), desc="读取", unit="份", disable=not progress or len(files) < 2) as bar:
        for result in iter_bounded(_read_audited, files, limits):
            parsed.append(result)
            bar.update(1)
    groups = group_parts([identity(r[1], r[0]) if isinstance(r, tuple) else None for r in parsed])
    good, audits, kept, errors = [], [], [], [r for r in parsed if isinstance(r, BudgetkitError)]
    for members, outcome in zip(groups, settle([[parsed[j] for j in members] for members in groups], limits)):
        group = [str(files[j]) for j in members]
        if isinstance(outcome, BudgetkitError):
            bad.append((group, getattr(outcome, "reason", str(outcome))))
            errors.append(outcome)
        else:
            good.append((group, outcome[0]))
            audits.append(outcome[1])
            kept.append(members)
    return _Read(good, bad, audits, groups=kept), errors


def _read_audited(path) -> tuple:
    """One file read and audited in a reading child (as ``budgetkit extract`` reads it); an
    audit that fails here is done again, and explained, by :func:`~budgetkit.corpus.settle`."""
    raw = read_raw(path)
    d = build_disclosure(raw)
    try:
        found = run_checks(d)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 — settle audits again and says why
        found = None
    return raw, d, found


# -- the frames ------------------------------------------------------------------------------------

def _frames(corpus: Corpus) -> dict[str, pd.DataFrame]:
    found = corpus.audits
    items = line_items(corpus)
    items["status"] = _line_item_statuses(corpus)
    return {
        "line_items": items, "units": units(corpus, found), "facts": facts(corpus), "findings": findings(corpus, found),
        "tables": tables_frame(corpus), "totals": totals_frame(corpus), "functions": functions_frame(corpus),
        "failures": pd.DataFrame([{"file": " + ".join(f), "reason": r} for f, r in corpus.failures],
                                 columns=["file", "reason"]),
    }


def _ident(d: Disclosure, files: list[str]) -> dict:
    return {"unit": d.unit.name, "region": d.region, "year": d.year, "kind": d.kind, "level": d.level,
            "file": " + ".join(files), "unit_key": unit_key(d.unit.name)}


def _line_item_statuses(corpus: Corpus) -> list[str]:
    """The verification status of every amount of :func:`budgetkit.corpus.line_items`, in its
    order (each table's rows, each row's amount columns, blanks skipped)."""
    out = []
    for _, d in corpus.disclosures:
        for t in d.tables:
            v = values(t)
            blank = [None] * len(t.frame)
            columns = [(col, v.get(col, blank)) for col in t.amount_columns]
            for i in range(len(t.frame)):
                out += [t.cell(i, col) for col, cells in columns if cells[i] is not None]
    return out


TABLE_COLUMNS = [*ID_COLUMNS, "unit_key", "table_index", "table_number", "table_kind", "table_label", "table_title",
                 "table_unit", "table_unit_stated", "table_file", "rows", "empty", "status", "doubts"]


def tables_frame(corpus: Corpus) -> pd.DataFrame:
    """One row per table read: its number, kind, title, currency unit, rows, and how far the
    document's own arithmetic confirms its reading (``status``; ``doubts`` say why not)."""
    rows = []
    for files, d in corpus.disclosures:
        ident = _ident(d, files)
        for i, t in enumerate(d.tables):
            rows.append({**ident, "table_index": i, "table_number": t.number, "table_kind": t.kind,
                         "table_label": KIND_LABELS.get(t.kind, "未识别的表"), "table_title": t.title,
                         "table_unit": t.unit_used, "table_unit_stated": t.currency_unit is not None,
                         "table_file": t.file, "rows": int(len(t.items)), "empty": bool(t.empty),
                         "status": t.status, "doubts": list(t.doubts)})
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


TOTAL_COLUMNS = [*ID_COLUMNS, "unit_key", "item", "label", "amount_fen", "amount_wan_float", "status", "source", "table",
                 "page"]

#: the figures beyond the key totals that :func:`totals_frame` gives, and their names
EXTRA_ITEMS = {"three_public": "“三公”经费", "operating_costs": "机关运行经费"}


def totals_frame(corpus: Corpus) -> pd.DataFrame:
    """One row per disclosure and headline figure: the key totals (:func:`budgetkit.key_totals`),
    “三公”经费 and 机关运行经费 as the tables print them (机关运行经费, where no table states it, as the
    narrative does: ``source`` "text", status "unchecked"), each with the status of its reading,
    the table and the page it is printed on. Figures a document does not give have no row."""
    rows = []
    for files, d in corpus.disclosures:
        ident = _ident(d, files)
        found = [(name, total_label(name, d.kind), k.fen, k.status, k.table, k.page)
                 for name, k in key_totals(d).items()]
        found += _printed_extras(d)
        for item, label, fen, status, table, page in found:
            if fen is None:
                continue
            rows.append({**ident, "item": item, "label": label, "amount_fen": int(fen),
                         "amount_wan_float": fen / 1_000_000, "status": status, "source": "table" if table else "text",
                         "table": table, "page": page})
    frame = pd.DataFrame(rows, columns=TOTAL_COLUMNS)
    frame["page"] = frame["page"].astype("Int64")
    return frame


def _printed_extras(d: Disclosure) -> list[tuple]:
    """“三公”经费 (the first 三公 table that states its total: the reports' choice) and 机关运行经费
    (the first 机关运行经费 table that does, else the narrative's figure), as :func:`totals_frame`
    rows: (item, label, fen, status, table, page)."""
    out = []
    for t in d.tables_of("three_public"):
        i = three_public_cells(t).get("total")
        if i is not None and "total" in t.frame and not pd.isna(t.frame.at[i, "total"]):
            out.append(("three_public", EXTRA_ITEMS["three_public"], int(t.frame.at[i, "total"]), t.cell(i, "total"),
                        t.title, _page(t, i)))
            break
    for t in d.tables_of("operating_costs"):
        i = t.total_row("total")
        if i is not None and not t.empty:
            out.append(("operating_costs", EXTRA_ITEMS["operating_costs"], int(t.frame.at[i, "total"]),
                        t.cell(i, "total"), t.title, _page(t, i)))
            break
    else:  # no table states it: the narrative's figure (“机关运行经费…为X万元”), which no identity checks
        fact = next((f for f in d.facts if f.subject == "operating_costs" and f.kind == "amount" and f.basis != "上年"
                     and f.unit in CURRENCY_UNITS and not isinstance(f.value, bool)), None)
        if fact is not None:
            out.append(("operating_costs", EXTRA_ITEMS["operating_costs"], yuan_to_fen(fact.value * CURRENCY_UNITS[fact.unit]),
                        "unchecked", None, fact.page))
    return out


def _page(t, i) -> int | None:
    page = t.frame.at[i, "page"] if "page" in t.frame else None
    return None if page is None or pd.isna(page) else int(page)


FUNCTION_COLUMNS = [*ID_COLUMNS, "unit_key", "code", "name", "amount_fen", "basic_fen", "project_fen", "share",
                    "amount_wan_float"]


def functions_frame(corpus: Corpus) -> pd.DataFrame:
    """One row per disclosure and functional class (类, three digits): spending in fen, its
    basic and project parts where the table splits them, and its share of the disclosure's
    spending by function (the reports' 按功能分类, :func:`budgetkit.analysis.by_function`)."""
    rows = []
    for files, d in corpus.disclosures:
        ident = _ident(d, files)
        for r in analysis.by_function(d, "类").to_dict("records"):
            fen = None if pd.isna(r["total"]) else int(r["total"])
            rows.append({**ident, "code": r["code"], "name": r["name"], "amount_fen": fen,
                         "basic_fen": None if r["basic"] is None or pd.isna(r["basic"]) else int(r["basic"]),
                         "project_fen": None if r["project"] is None or pd.isna(r["project"]) else int(r["project"]),
                         "share": r["share"], "amount_wan_float": None if fen is None else fen / 1_000_000})
    frame = pd.DataFrame(rows, columns=FUNCTION_COLUMNS)
    for col in ("amount_fen", "basic_fen", "project_fen"):
        frame[col] = frame[col].astype("Int64")
    return frame


# -- charts in the reports' style -------------------------------------------------------------------

class Chart:
    """A matplotlib figure in the reports' style, shown in a notebook as the reports show it
    (inline SVG, its text in the page's font); ``figure`` for whoever wants to change it."""

    def __init__(self, figure):
        self.figure = figure

    def _repr_html_(self) -> str:
        from .charts import image

        img = image(self.figure)
        return "<p>（无数据可绘）</p>" if img is None else f'<div style="max-width:{img["width"]}px">{img["svg"]}</div>'

    def __repr__(self) -> str:
        return "<图表：无数据>" if self.figure is None else f"<图表 {self.figure.get_figwidth():g}×{self.figure.get_figheight():g} 英寸>"

    def savefig(self, *args, **kwargs) -> None:
        self.figure.savefig(*args, **kwargs)


def chart(figure) -> Chart:
    """One of :mod:`budgetkit.charts`' figures (``shares_chart``, ``panel_chart``…) for a notebook."""
    return Chart(figure)


def bars(values: pd.Series, title: str, unit: str = "万元", limit: int = 20) -> Chart:
    """Horizontal bars of ``values`` (a Series: its index labels the bars), largest first, in the
    reports' style. ``unit``: ``"万元"`` when the values are integer fen (labelled in 万元, two
    decimals), ``"%"`` for shares, any other word (``"条"``, ``"人"``) for counts."""
    from .charts import PALETTE, _hbars
    from .present import count, pct, wan

    s = values.dropna()
    s = s[s != 0].sort_values(ascending=False).head(limit)
    if s.empty:
        return Chart(None)
    if unit == "万元":
        items = [(str(k), int(v) / 1_000_000, wan(v)) for k, v in s.items()]
    elif unit == "%":
        items = [(str(k), float(v), pct(v)) for k, v in s.items()]
    else:
        items = [(str(k), float(v), f"{count(v)}{unit}") for k, v in s.items()]
    return Chart(_hbars(items, title, PALETTE[0], unit="%" if unit == "%" else unit))
