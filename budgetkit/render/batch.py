"""The batch: discover documents, name their reports, render them in parallel, write the index.

One document that fails (unreadable, or its notebook raises) is listed in the index with its
reason; the others still render, and a report that rendered before is only replaced by a
complete new one.
"""

from __future__ import annotations

import os
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ..assemble import read_many
from ..atomic import write_text
from ..checks import count_by_severity, run_checks
from ..errors import BudgetkitError
from .. import analysis
from .discover import discover
from .execute import execute, notebook
from .export import to_html
from .names import report_stem, unique_stems
from .site import write_index

__all__ = ["render", "RenderResult", "render_one"]


@dataclass
class RenderResult:
    out: Path
    reports: list[dict] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    index: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.failures


def _record(path: Path, d) -> dict:
    """What the index shows of one document (computed before rendering, from the data)."""
    s = analysis.structure(d)
    score, _ = analysis.completeness(d)
    counts = count_by_severity(run_checks(d))
    return {
        "file": str(path), "unit": d.unit.name, "unit_code": d.unit.code, "region": d.region, "year": d.year,
        "kind": d.kind, "level": d.level, "total": s["total"], "basic_share": s["basic_share"], "project_share": s["project_share"],
        "personnel_share": s["personnel_share"], "errors": counts["error"], "warnings": counts["warning"],
        "infos": counts["info"], "score": score,
    }


def _path_parameter(files: list[str]) -> str | list[str]:
    """The notebook's ``path``: one file, or the files of a disclosure published in parts."""
    paths = [str(Path(f).resolve()) for f in files]
    return paths[0] if len(paths) == 1 else paths


def render_one(job: dict) -> dict:
    """Execute and export one report; returns ``{"ok": True}`` or ``{"ok": False, "reason": …}``."""
    out = Path(job["out"])
    html_path, ipynb_path = out / job["html"], out / job["ipynb"]
    html_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = ipynb_path.with_name(f".{ipynb_path.name}.{os.getpid()}.tmp.ipynb")
    try:
        nb = execute(Path(job["notebook"]), tmp, job["parameters"])
        html = to_html(nb, show_code=job["show_code"], title=job["title"])
        write_text(html_path, html)  # atomic: the previous report stays until this one is whole
        os.replace(tmp, ipynb_path)
        return {"ok": True}
    except Exception as exc:  # one document's failure must not stop the batch
        if tmp.exists():
            os.replace(tmp, ipynb_path.with_suffix(".failed.ipynb"))
        return {"ok": False, "reason": _reason(exc)}
    finally:
        tmp.unlink(missing_ok=True)  # interrupted: leave no half-written notebook behind


def _reason(exc: Exception) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"notebook failed: {ename}: {evalue}"
    return f"{type(exc).__name__}: {exc}"


def render(
    inputs: list[str | Path],
    out: str | Path = "reports",
    jobs: int | None = None,
    show_code: bool = False,
    executor: Executor | None = None,
    progress: bool = True,
    with_overview: bool = True,
) -> RenderResult:
    """Render one report per document under ``inputs`` into ``out`` and write ``out/index.html``.

    ``executor``: any ``concurrent.futures``-style executor; by default a process pool of
    ``jobs`` workers (the number of cores).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    result = RenderResult(out=out)
    docs, problems = discover(inputs)
    result.failures += [{"file": str(p), "reason": r} for p, r in problems]

    records = []
    for files, d in read_many(docs):
        if isinstance(d, BudgetkitError):
            result.failures.append({"file": " + ".join(files), "reason": getattr(d, "reason", str(d))})
            continue
        record = _record(Path(files[0]), d)
        record["files"] = files
        record["file"] = " + ".join(files)
        records.append(record)
    stems = unique_stems([report_stem(r["region"], r["unit"], r["year"], (r["level"] or "") + (r["kind"] or ""))
                          for r in records])
    template = notebook("unit_report.ipynb")
    work = []
    for record, stem in zip(records, stems):
        record["html"], record["ipynb"] = f"{stem}.html", f"{stem}.ipynb"
        work.append({
            "out": str(out), "html": record["html"], "ipynb": record["ipynb"], "notebook": str(template),
            "show_code": show_code, "title": f"{record['unit'] or ''} {record['year'] or ''}年{record['kind'] or ''}",
            "parameters": {"path": _path_parameter(record["files"])},
        })

    own_pool = executor is None and work
    if own_pool:
        executor = ProcessPoolExecutor(max_workers=max(1, min(jobs or os.cpu_count() or 1, len(work))))
    try:
        futures = {executor.submit(render_one, job): record for job, record in zip(work, records)} if work else {}
        with tqdm(total=len(futures), desc="render", unit="report", disable=not progress) as bar:
            for future in as_completed(futures):
                record = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # the worker itself died
                    outcome = {"ok": False, "reason": _reason(exc)}
                if outcome["ok"]:
                    result.reports.append(record)
                else:
                    result.failures.append({"file": record["file"], "reason": outcome["reason"]})
                bar.update()
    finally:
        if own_pool:
            executor.shutdown()
    result.reports.sort(key=lambda r: r["html"])
    overview = None
    if result.reports and with_overview:
        files = [str(Path(f).resolve()) for r in result.reports for f in r["files"]]
        outcome = render_one({
            "out": str(out), "html": "overview.html", "ipynb": "overview.ipynb", "show_code": show_code,
            "notebook": str(notebook("overview.ipynb")), "title": "预算公开总览", "parameters": {"inputs": files},
        })
        if outcome["ok"]:
            overview = "overview.html"
        else:
            result.failures.append({"file": "overview.ipynb", "reason": outcome["reason"]})
    result.index = write_index(out, result.reports, result.failures, overview=overview)
    return result
