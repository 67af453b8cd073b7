"""The batch: discover documents, decide what changed, render the rest in parallel, write the
index and the overview.

* Incremental, by content: a report is re-rendered only when its files' bytes, budgetkit's code
  or notebooks, or the render options changed (``.budgetkit/state.json`` in the output folder
  keeps the keys); an unchanged run parses nothing and renders nothing.
* Parsed once: each disclosure is parsed (and audited) once and cached
  (``.budgetkit/cache``); the notebook loads it from there.
* Any ``concurrent.futures``-style executor runs the reports (a process pool by default, a Dask
  cluster's executor with ``--scheduler``); each worker keeps one warm kernel.
* One document that fails is listed in the index with its reason; the others still render,
  and a report that rendered before is only replaced by a complete new one.
"""

from __future__ import annotations

import json
import os
import resource
import time
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from .. import analysis
from ..assemble import build_disclosure, group_parts, identity, read
from ..atomic import write_text
from ..cache import DisclosureCache, code_hash, file_hash, key_of
from ..checks import count_by_severity, run_checks
from ..errors import BudgetkitError, ReadError
from ..readers import read_raw
from .discover import discover
from .downloads import write_downloads
from .execute import execute, notebook
from .export import to_html
from .names import report_stem
from .site import write_index

__all__ = ["render", "RenderResult", "render_one", "STATE", "CACHE"]

STATE = ".budgetkit/state.json"
CACHE = ".budgetkit/cache"


@dataclass
class RenderResult:
    out: Path
    reports: list[dict] = field(default_factory=list)  # every report the index lists
    failures: list[dict] = field(default_factory=list)
    index: Path | None = None
    rendered: list[str] = field(default_factory=list)  # pages (re)rendered by this run
    stats: list[dict] = field(default_factory=list)  # per rendered page: seconds, memory

    @property
    def ok(self) -> bool:
        return not self.failures


def _record(files: list[str], d, findings) -> dict:
    """What the index shows of one disclosure (from the data, before rendering)."""
    s = analysis.structure(d)
    score, _ = analysis.completeness(d)
    counts = count_by_severity(findings)
    return {
        "file": " + ".join(files), "files": files, "unit": d.unit.name, "unit_code": d.unit.code, "region": d.region,
        "year": d.year, "kind": d.kind, "level": d.level, "total": s["total"],
        "basic_share": _num(s["basic_share"]), "project_share": _num(s["project_share"]),
        "personnel_share": _num(s["personnel_share"]), "errors": counts["error"], "warnings": counts["warning"],
        "infos": counts["info"], "score": _num(score),
    }


def _num(value):
    return None if value is None else str(value)  # Decimal shares kept exact in the JSON state


def _path_parameter(files: list[str]) -> str | list[str]:
    """The notebook's ``path``: one file, or the files of a disclosure published in parts."""
    paths = [str(Path(f).resolve()) for f in files]
    return paths[0] if len(paths) == 1 else paths


def render_one(job: dict) -> dict:
    """Execute and export one page; ``{"ok": True, …stats}`` or ``{"ok": False, "reason": …}``."""
    start, cpu = time.perf_counter(), _cpu()
    out = Path(job["out"])
    html_path, ipynb_path = out / job["html"], out / job["ipynb"]
    html_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = ipynb_path.with_name(f".{ipynb_path.name}.{os.getpid()}.tmp.ipynb")
    try:
        nb = execute(Path(job["notebook"]), tmp, job["parameters"], warm=job.get("warm", True))
        html = to_html(nb, show_code=job["show_code"], title=job["title"])
        write_text(html_path, html)  # atomic: the previous report stays until this one is whole
        os.replace(tmp, ipynb_path)
        used = [b - a for a, b in zip(cpu, _cpu())]
        return {"ok": True, "seconds": time.perf_counter() - start, "started": time.time() - (time.perf_counter() - start),
                "bytes": len(html.encode()), "worker_cpu": used[0], "kernel_cpu": used[1], **_memory()}
    except Exception as exc:  # one document's failure must not stop the batch
        if tmp.exists():
            os.replace(tmp, ipynb_path.with_suffix(".failed.ipynb"))
        return {"ok": False, "reason": _reason(exc)}
    finally:
        tmp.unlink(missing_ok=True)  # interrupted: leave no half-written notebook behind


def _cpu() -> tuple[float, float]:
    """CPU seconds used so far by this worker and by its warm kernel."""
    from .engine import kernel_process  # here, not at import: an unchanged run never loads papermill

    mine = resource.getrusage(resource.RUSAGE_SELF)
    kernel = kernel_process()
    try:
        times = kernel.cpu_times() if kernel else None
    except Exception:  # the kernel went away: a figure, never a failure
        times = None
    return mine.ru_utime + mine.ru_stime, (times.user + times.system) if times else 0.0


def _memory() -> dict:
    """Peak memory of this worker process and the current memory of its warm kernel (MB)."""
    from .engine import kernel_process

    worker = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kernel = kernel_process()
    try:
        kernel_mb = kernel.memory_info().rss / 2**20 if kernel else None
    except Exception:  # memory is a figure for the benchmark, never a reason to fail
        kernel_mb = None
    return {"worker_mb": worker, "kernel_mb": kernel_mb, "pid": os.getpid()}


def _reason(exc: Exception) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"notebook failed: {ename}: {evalue}"
    return f"{type(exc).__name__}: {exc}"


def _load_state(out: Path) -> dict:
    try:
        state = json.loads((out / STATE).read_text(encoding="utf-8"))
        return state if state.get("version") == 1 else {}
    except (OSError, ValueError):
        return {}


def render(
    inputs: list[str | Path],
    out: str | Path = "reports",
    jobs: int | None = None,
    show_code: bool = False,
    executor: Executor | None = None,
    progress: bool = True,
    with_overview: bool = True,
    force: bool = False,
) -> RenderResult:
    """Render one report per disclosure under ``inputs`` into ``out``, the overview and
    ``out/index.html``; only what changed since the last run (``force``: everything)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    result = RenderResult(out=out)
    pool = _LazyPool(executor, jobs or os.cpu_count() or 1)
    try:
        return _render(inputs, out, result, pool, show_code, progress, with_overview, force)
    finally:
        pool.shutdown()


class _LazyPool:
    """The executor, started at the first sign of work (an unknown file, a report to render), so
    that its workers warm their kernels while this process still parses and plans, and a run
    with nothing to do starts nothing."""

    def __init__(self, given: Executor | None, workers: int):
        self.given, self.workers, self.pool = given, workers, None

    def start(self) -> Executor:
        if self.given is not None:
            return self.given
        if self.pool is None:
            self.pool = _warm_pool(self.workers)
        return self.pool

    def shutdown(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _warm_pool(workers: int) -> ProcessPoolExecutor:
    from .engine import warm_up

    pool = ProcessPoolExecutor(max_workers=max(1, workers))
    cwd = str(notebook("unit_report.ipynb").parent)
    for _ in range(max(1, workers)):
        pool.submit(warm_up, cwd)
    return pool


def _render(inputs, out: Path, result: RenderResult, pool: _LazyPool, show_code: bool, progress: bool,
            with_overview: bool, force: bool) -> RenderResult:
    state = {} if force else _load_state(out)
    known_files, known_reports = state.get("files", {}), state.get("reports", {})
    cache = DisclosureCache(out / CACHE)
    options = "show_code" if show_code else "plain"

    content: dict = {}
    docs, problems = discover(inputs, content)  # each file read and hashed once, there
    result.failures += [{"file": str(p), "reason": r} for p, r in problems]
    hashes = [content[p] or f"unhashed:{p}" for p in docs]  # a pipe is never read: its reader refuses it
    files_state: dict[str, dict] = {}
    parsed: dict[int, tuple] = {}
    identities: list[dict | None] = []
    for i, (path, digest) in enumerate(zip(docs, hashes)):
        ident = known_files.get(digest)
        if ident is None:
            pool.start()  # a new document: there will be work
            try:
                raw = read_raw(path)
                d = build_disclosure(raw)
                ident = identity(d, raw)
                parsed[i] = (raw, d)
            except BudgetkitError as exc:
                ident = {"error": getattr(exc, "reason", str(exc))}
        files_state[digest] = ident
        if "error" in ident:
            result.failures.append({"file": str(path), "reason": ident["error"]})
            identities.append(None)
        else:
            identities.append(ident)

    kept, pending = [], []
    groups = [m for m in group_parts(identities) if identities[m[0]] is not None]
    keys = [key_of([hashes[j] for j in members], options) for members in groups]
    used = {known_reports[k]["html"] for k in keys  # the names of reports kept as they are
            if k in known_reports and (out / known_reports[k]["html"]).exists() and (out / known_reports[k]["ipynb"]).exists()}
    template = notebook("unit_report.ipynb")
    cache_dir = str((out / CACHE).resolve())
    submitted: dict = {}
    for members, render_key in zip(groups, keys):
        files = [str(docs[j]) for j in members]
        member_hashes = [hashes[j] for j in members]
        previous = known_reports.get(render_key)
        if previous and previous["html"] in used:
            kept.append({**previous, "files": files, "file": " + ".join(files)})
            continue
        data_key = key_of(member_hashes)
        cached = cache.get(data_key)
        if cached is None:
            try:
                d = parsed[members[0]][1] if len(members) == 1 and members[0] in parsed else read(files if len(files) > 1 else files[0])
            except BudgetkitError as exc:
                result.failures.append({"file": " + ".join(files), "reason": getattr(exc, "reason", str(exc))})
                continue
            cached = (d, run_checks(d))
            cache.put(data_key, cached)
        record = _record(files, *cached)
        record.update(key=render_key, data_key=data_key)
        stem = report_stem(record["region"], record["unit"], record["year"], (record["level"] or "") + (record["kind"] or ""))
        name, n = stem, 2
        while f"{name}.html" in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(f"{name}.html")
        record["html"], record["ipynb"] = f"{name}.html", f"{name}.ipynb"
        job = {
            "out": str(out), "html": record["html"], "ipynb": record["ipynb"], "notebook": str(template),
            "show_code": show_code, "title": f"{record['unit'] or ''} {record['year'] or ''}年{record['kind'] or ''}",
            "parameters": {"path": _path_parameter(files), "cache_dir": cache_dir, "cache_key": data_key},
        }
        submitted[pool.start().submit(render_one, job)] = record  # rendering starts while the rest is planned
        pending.append(record)

    # the overview needs the data only: it renders beside the last reports, not after them
    planned = sorted(kept + pending, key=lambda r: r["html"])
    overview = "overview.html" if (out / "overview.html").exists() else None
    overview_key = key_of(sorted(r["key"] for r in planned), "overview", options)
    overview_future = None
    if with_overview and planned and (overview_key != state.get("overview") or overview is None or pending):
        job = {
            "out": str(out), "html": "overview.html", "ipynb": "overview.ipynb", "show_code": show_code,
            "notebook": str(notebook("overview.ipynb")), "title": "预算公开总览",
            "parameters": {"inputs": [_path_parameter(r["files"]) for r in planned], "cache_dir": cache_dir,
                           "cache_keys": [r.get("data_key") or key_of([file_hash(f) for f in r["files"]]) for r in planned]},
        }
        overview_future = pool.start().submit(render_one, job)

    done = _collect(submitted, result, progress)
    result.reports = sorted(kept + done, key=lambda r: r["html"])
    reports_state = {r["key"]: {k: v for k, v in r.items() if k not in ("files", "file")} for r in result.reports}
    if overview_future is not None:
        try:
            outcome = overview_future.result()
        except Exception as exc:
            outcome = {"ok": False, "reason": _reason(exc)}
        if outcome["ok"]:
            overview = "overview.html"
            result.rendered.append("overview.html")
        else:
            result.failures.append({"file": "overview.ipynb", "reason": outcome["reason"]})
            overview_key = None
    write_downloads(out, result.reports, cache)  # each unit's CSV / XLSX and the corpus data package
    site_key = key_of(sorted(reports_state), json.dumps(result.failures, ensure_ascii=False, sort_keys=True), str(overview))
    if site_key != state.get("site") or not (out / "index.html").exists():
        result.index = write_index(out, result.reports, result.failures, overview=overview)
        result.rendered.append("index.html")
    else:
        result.index = out / "index.html"
    write_text(out / STATE, json.dumps({"version": 1, "code": code_hash(), "files": files_state, "reports": reports_state,
                                        "overview": overview_key, "site": site_key}, ensure_ascii=False, indent=1))
    return result


def _collect(futures: dict, result: RenderResult, progress: bool) -> list[dict]:
    """Wait for the submitted reports, with a progress bar."""
    done = []
    with tqdm(total=len(futures), desc="render", unit="report", disable=not progress or not futures) as bar:
        for future in as_completed(futures):
            record = futures[future]
            try:
                outcome = future.result()
            except Exception as exc:  # the worker itself died
                outcome = {"ok": False, "reason": _reason(exc)}
            if outcome["ok"]:
                done.append(record)
                result.rendered.append(record["html"])
                result.stats.append({"html": record["html"], **{k: v for k, v in outcome.items() if k != "ok"}})
            else:
                result.failures.append({"file": record["file"], "reason": outcome["reason"]})
            bar.update()
    return done
