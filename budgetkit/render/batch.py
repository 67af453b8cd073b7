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
* Bounded: each document is read and audited in a child process within its time and memory
  budget (:class:`budgetkit.limits.Limits`); its cells run within the same time each.
* Clean: one render at a time per output folder (``.budgetkit/lock``); workers, their kernels
  and the reading children end with the render process, however it ends.
"""

from __future__ import annotations

import json
import os
import resource
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from ..assemble import group_parts, identity
from ..atomic import write_text
from ..cache import DisclosureCache, code_hash, file_hash, key_of
from ..digest import digest as make_digest, read_digest, write_digest, write_listing
from ..corpus import iter_documents, read_documents, settle
from ..errors import BudgetkitError
from ..heap import settled
from ..limits import Limits, OverBudget
from ..webfont import site_font
from .discover import discover
from .downloads import Downloads
from .execute import as_published, execute, notebook, trust
from .export import site_css, to_html
from .feed import Feed
from .lock import output_lock
from .names import report_stem
from .shared import remove_stale
from .site import write_index

__all__ = ["render", "RenderResult", "render_one", "STATE", "CACHE"]

STATE = ".budgetkit/state.json"
CACHE = ".budgetkit/cache"
READINGS = ".budgetkit/readings"  # this run's readings, from being read to being planned


@dataclass
class RenderResult:
    out: Path
    reports: list[dict] = field(default_factory=list)  # every report the index lists
    failures: list[dict] = field(default_factory=list)
    index: Path | None = None
    rendered: list[str] = field(default_factory=list)  # pages (re)rendered by this run
    stats: list[dict] = field(default_factory=list)  # per rendered page: seconds, memory, CPU by step
    timing: dict = field(default_factory=dict)  # CPU of this process's steps and of the workers' warm-ups

    @property
    def ok(self) -> bool:
        return not self.failures


def _record(files: list[str], dig: dict) -> dict:
    """What the index shows of one disclosure (from its digest, before rendering; the digest's
    shares are Decimals as text, kept exact in the JSON state)."""
    counts = dig["counts"]
    return {
        "file": " + ".join(files), "files": files, **{k: dig[k] for k in _RECORD_KEYS},
        "errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"],
    }


_RECORD_KEYS = ("unit", "unit_code", "region", "year", "kind", "level", "total", "basic_share", "project_share",
                "personnel_share", "score")


def _ensure_digests(out: Path, records: list[dict], cache: DisclosureCache) -> None:
    """A digest for every record (a site rendered before digests were kept has none): made from
    the cached disclosure, one at a time."""
    for r in records:
        key = r.get("data_key")
        if key and read_digest(out, key) is None:
            cached = cache.get(key)
            if cached is not None:
                write_digest(out, key, make_digest(*cached))


def _path_parameter(files: list[str]) -> str | list[str]:
    """The notebook's ``path``: one file, or the files of a disclosure published in parts."""
    paths = [str(Path(f).resolve()) for f in files]
    return paths[0] if len(paths) == 1 else paths


def render_one(job: dict) -> dict:
    """Execute and export one page; ``{"ok": True, …stats}`` or ``{"ok": False, "reason": …}``.

    The stats say where the CPU went: ``kernel_start`` / ``kernel_reset`` and each code cell
    (``cells``: label, this worker, its kernel), ``papermill`` (the rest of the execution in the
    worker), ``export`` (nbconvert), ``font`` (the embedded font) and ``write``.
    """
    import nbformat

    from .engine import last_timing

    start, cpu = time.perf_counter(), _cpu()
    out = Path(job["out"])
    keep = job.get("keep_notebook", True)
    html_path, ipynb_path = out / job["html"], out / job["ipynb"]
    html_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = ipynb_path.with_name(f".{ipynb_path.name}.{os.getpid()}.tmp.ipynb")
    try:
        nb = execute(Path(job["notebook"]), tmp, job["parameters"], warm=job.get("warm", True),
                     timeout=job.get("timeout", 600))
        _steady_ids(nb)
        if keep:
            as_published(nb, Path(job["notebook"]).name, job["ipynb"], job["parameters"], CACHE)
            tmp.write_text(nbformat.writes(nb), encoding="utf-8")  # as published: no path of this machine in it
            trust(nb)
        executed = time.process_time()
        steps = last_timing() if job.get("warm", True) else {}
        timing: dict = {}
        up = "../" * (len(Path(job["html"]).parts) - 1)  # the site's shared font and stylesheet, from the page's folder
        font, css = (up + job[k] if job.get(k) else None for k in ("font", "css"))
        html = to_html(nb, show_code=job["show_code"], title=job["title"], timing=timing, font=font, css=css)
        written = time.process_time()
        write_text(html_path, html)  # atomic: the previous report stays until this one is whole
        if keep:
            os.replace(tmp, ipynb_path)
        else:  # a notebook kept by an earlier run with --keep-notebooks is not this page's any more
            ipynb_path.unlink(missing_ok=True)
        used = [b - a for a, b in zip(cpu, _cpu())]
        inside = sum(c[1] for c in steps.get("cells", [])) + sum(steps.get(k, [0, 0])[0] for k in ("kernel_start", "kernel_reset"))
        timing.update(steps, papermill=executed - cpu[0] - inside, write=time.process_time() - written)
        return {"ok": True, "seconds": time.perf_counter() - start, "started": time.time() - (time.perf_counter() - start),
                "bytes": len(html.encode()), "worker_cpu": used[0], "kernel_cpu": used[1], "timing": timing,
                **_memory()}
    except Exception as exc:  # one document's failure must not stop the batch
        if tmp.exists():
            _keep_failed(tmp, job)
        return {"ok": False, "reason": _reason(exc, job.get("timeout"))}
    finally:
        tmp.unlink(missing_ok=True)  # interrupted: leave no half-written notebook behind


def _steady_ids(nb) -> None:
    """The cell papermill injects the parameters in gets a random id at every execution, which
    the page prints (``id="cell-id=…"``): named for what it is, the same page is the same bytes
    from run to run and from machine to machine (a Dask cluster's as the local pool's)."""
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []) and "id" in cell:
            cell["id"] = "injected-parameters"


def _keep_failed(tmp: Path, job: dict) -> None:
    """A notebook that failed, kept beside its report as ``<name>.failed.ipynb`` with its error
    marked (papermill's own write), and published like one that ran: its parameters name the
    site's files, not this machine's folders."""
    import nbformat

    name = str(Path(job["ipynb"]).with_suffix(".failed.ipynb"))
    try:
        nb = nbformat.read(tmp, as_version=4)
        as_published(nb, Path(job["notebook"]).name, name, job["parameters"], CACHE)
        write_text(Path(job["out"]) / name, nbformat.writes(nb))
    except Exception:  # noqa: BLE001 - a notebook papermill could not write whole: kept as it is
        os.replace(tmp, Path(job["out"]) / name)


def _cpu() -> tuple[float, float]:
    """CPU seconds used so far by this worker and by its warm kernel."""
    from .engine import kernel_cpu  # here, not at import: an unchanged run never loads papermill

    return time.process_time(), kernel_cpu()


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


def _reason(exc: Exception, timeout: float | None = None) -> str:
    if type(exc).__name__ == "CellTimeoutError" and timeout:
        return f"超出时间限制：报告的一个单元格 {timeout:g} 秒内未能算完，已中止这一报告（可用 --timeout 放宽）"
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
    limits: Limits | None = None,
    wait: bool = True,
    on_wait=None,
    keep_notebooks: bool = False,
    self_contained: bool = False,
) -> RenderResult:
    """Render one report per disclosure under ``inputs`` into ``out``, the overview and
    ``out/index.html``; only what changed since the last run (``force``: everything).

    ``keep_notebooks``: keep each executed notebook beside its page (``<report>.ipynb``, to open
    and go on with in Jupyter; 150 KB a unit, more than its page). ``self_contained``: each page
    embeds every glyph it prints (about 120 KB) instead of linking the site's shared font
    (``fonts/``) and embedding only what that lacks: for pages meant to be sent one by one.

    ``limits``: each document's time and memory budget (default :class:`Limits`, documents read
    ``jobs`` at a time). Another render writing into ``out``: wait for it (``on_wait`` is told
    once, with a line to show), or with ``wait=False`` raise :class:`~.lock.OutputBusy`.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    workers = jobs or os.cpu_count() or 1
    limits = limits or Limits(jobs=workers)
    with output_lock(out, wait=wait, on_wait=on_wait), settled():  # budgetkit.heap: pickling disclosures at half the CPU
        result = RenderResult(out=out)
        pool = _LazyPool(executor, workers)
        try:
            return _render(inputs, out, result, pool, show_code, progress, with_overview, force, limits,
                           keep_notebooks, self_contained)
        finally:
            result.timing["warm_up"] = pool.shutdown()


class _LazyPool:
    """The executor, started at the first sign of work (an unknown file, a report to render), so
    that its workers warm their kernels while this process still parses and plans, and a run
    with nothing to do starts nothing."""

    def __init__(self, given: Executor | None, workers: int):
        self.given, self.workers, self.pool, self.warming = given, workers, None, []
        self.closing: threading.Thread | None = None

    def start(self) -> Executor:
        if self.given is not None:
            return self.given
        if self.pool is None:
            self.pool, self.warming = _warm_pool(self.workers)
        return self.pool

    def release(self) -> None:
        """No more jobs: the workers and their kernels end now, beside what this process still
        writes (the downloads, the index), instead of after it."""
        if self.pool is not None and self.closing is None:
            self.closing = threading.Thread(target=self.pool.shutdown, kwargs={"cancel_futures": True},
                                            name="budgetkit-pool-shutdown", daemon=True)
            self.closing.start()

    def shutdown(self) -> list:
        """Stop the pool and wait for its workers; the warm-ups' CPU (worker, kernel) of those
        that finished."""
        warm = [f.result() for f in self.warming if f.done() and not f.cancelled() and f.exception() is None]
        if self.pool is not None:
            if self.closing is None:
                self.pool.shutdown(cancel_futures=True)
            else:
                self.closing.join()
        return warm


def _guard_worker(parent: int) -> None:
    from .engine import guard_worker

    guard_worker(parent)


def _warm_up(cwd: str) -> dict:
    from .engine import warm_up

    return warm_up(cwd)


def _warm_pool(workers: int) -> tuple[ProcessPoolExecutor, list]:
    # papermill is imported by the workers only (engine), not by this process: 2 CPU-s saved here
    # each worker ends (with its kernel) when this process ends, however it ends
    pool = ProcessPoolExecutor(max_workers=max(1, workers), initializer=_guard_worker, initargs=(os.getpid(),))
    cwd = str(notebook("unit_report.ipynb").parent)
    return pool, [pool.submit(_warm_up, cwd) for _ in range(max(1, workers))]


def _render(inputs, out: Path, result: RenderResult, pool: _LazyPool, show_code: bool, progress: bool,
            with_overview: bool, force: bool, limits: Limits, keep_notebooks: bool = False,
            self_contained: bool = False) -> RenderResult:
    state = {} if force else _load_state(out)
    known_files, known_reports = state.get("files", {}), state.get("reports", {})
    cache = DisclosureCache(out / CACHE)
    options = ("show_code" if show_code else "plain") + ("+notebooks" if keep_notebooks else "") + \
        ("+embedded-font" if self_contained else "")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)

    content: dict = {}
    docs, problems = discover(inputs, content)  # each file read and hashed once, there
    result.failures += [{"file": str(p), "reason": r} for p, r in problems]
    hashes = [content[p] or f"unhashed:{p}" for p in docs]  # a pipe is never read: its reader refuses it
    unknown = [i for i, digest in enumerate(hashes) if digest not in known_files]
    if unknown:
        pool.start()  # new documents: there will be work, and the workers warm up meanwhile
    # each reading put away on disk as it arrives (``_Readings``), its identity kept: the parts of
    # a disclosure are paired, and the reports planned, once every file is read, and holding them
    # all meanwhile (about 0.8 MB a document) made the run's memory grow with the corpus
    readings = _Readings(out / READINGS)
    parsed = readings.read(unknown, docs, limits)  # bounded, jobs at once
    files_state: dict[str, dict] = {}
    identities: list[dict | None] = []
    for i, (path, digest) in enumerate(zip(docs, hashes)):
        if i in parsed:
            outcome = parsed[i]
            if isinstance(outcome, BudgetkitError):
                ident = {"error": getattr(outcome, "reason", str(outcome))}
                if isinstance(outcome, OverBudget):  # tried again next time (the budget may be larger)
                    result.failures.append({"file": str(path), "reason": ident["error"]})
                    identities.append(None)
                    del parsed[i]
                    continue
            else:
                ident = readings.identities[i]
        else:
            ident = known_files[digest]
        files_state[digest] = ident
        if "error" in ident:
            result.failures.append({"file": str(path), "reason": ident["error"]})
            identities.append(None)
        else:
            identities.append(ident)

    kept, plan = [], []
    groups = [m for m in group_parts(identities) if identities[m[0]] is not None]
    previous = previous_years(groups, identities, hashes)
    keys = [key_of([hashes[j] for j in members] + [previous.get(k) or ""], options) for k, members in enumerate(groups)]
    used = {known_reports[k]["html"] for k in keys  # the names of reports kept as they are
            if k in known_reports and (out / known_reports[k]["html"]).exists()
            and (not keep_notebooks or (out / known_reports[k]["ipynb"]).exists())}
    for k, (members, render_key) in enumerate(zip(groups, keys)):
        files = [str(docs[j]) for j in members]
        known = known_reports.get(render_key)
        if known and known["html"] in used:
            kept.append({**known, "files": files, "file": " + ".join(files)})
            continue
        data_key = key_of([hashes[j] for j in members])
        # whether its data is cached; loaded when its job is made, one at a time (all at once, a
        # re-render of thousands held every disclosure)
        plan.append((members, files, render_key, data_key, cache.has(data_key), previous.get(k)))

    # the reports whose data is not cached: their files read (those known by hash only), merged
    # and audited in bounded children, each submitted for rendering as soon as it is ready
    missing = sorted({j for members, *_, cached, _prev in plan if not cached for j in members} - set(parsed))
    if missing:
        pool.start()
        parsed.update(readings.read(missing, docs, limits))
    # a disclosure of one file audited where it was read is taken from disk when its job is made;
    # the others (parts to merge, an audit to do again) are settled in bounded children, in order
    alone = {j for members, *_, cached, _prev in plan if not cached and len(members) == 1
             for j in members if parsed.get(j) is _READ}
    audited = settle([[readings.take(j) if parsed.get(j) is _READ else parsed[j] for j in members]
                      for members, *_, cached, _prev in plan if not cached and not set(members) & alone], limits)
    parsed_count = len(unknown) + len(missing)
    template = notebook("unit_report.ipynb")
    cache_dir = str((out / CACHE).resolve())
    # the site's shared font and stylesheet, written once (a page rendered before links them as
    # well: written again if they went missing); pages then embed only the glyphs the font lacks
    font = None if self_contained or not (plan or kept) else site_font(out)
    css = site_css(out) if font else None
    downloads = Downloads(out, cache)
    # a few jobs ahead of the workers, not all at once: the overview, put first once every unit's
    # data is cached, starts after the jobs already handed to the pool (at most twice as many as
    # workers) instead of after the last report
    feed = Feed(lambda job: pool.start().submit(render_one, job), ahead=2 * pool.workers)
    pending = []
    for members, files, render_key, data_key, was_cached, previous_key in plan:
        fresh = not was_cached
        if fresh and members[0] in alone:
            cached = readings.take_audited(members[0], limits)
        else:
            cached = next(audited) if fresh else cache.get(data_key)
        if cached is None:  # its cache file unreadable since it was planned: read again
            fresh = True
            cached = next(settle([read_documents(files, limits, audit=True)], limits))
        if isinstance(cached, BudgetkitError):
            result.failures.append({"file": " + ".join(files), "files": files,
                                    "reason": getattr(cached, "reason", str(cached))})
            continue
        dig = make_digest(*cached)  # first: the key totals it computes are kept on the disclosure
        write_digest(out, data_key, dig)  # the index and the overview read it from disk, not the disclosure
        record = _record(files, dig)
        if fresh:
            cache.put(data_key, cached)  # pickled with them: its report and the overview do not compute them again
        record.update(key=render_key, data_key=data_key)
        stem = report_stem(record["region"], record["unit"], record["year"], (record["level"] or "") + (record["kind"] or ""))
        name, n = stem, 2
        while f"{name}.html" in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(f"{name}.html")
        record["html"], record["ipynb"] = f"{name}.html", f"{name}.ipynb"
        if fresh:  # its CSV and XLSX from the disclosure at hand, now, beside the reports rendering:
            downloads.have(data_key, cached)  # held until its report was done, thousands were held at once
            downloads.unit(record)
        del cached
        job = {
            "out": str(out), "html": record["html"], "ipynb": record["ipynb"], "notebook": str(template),
            "show_code": show_code, "title": f"{record['unit'] or ''} {record['year'] or ''}年{record['kind'] or ''}",
            "keep_notebook": keep_notebooks, "font": font, "css": css,
            "parameters": {"path": _path_parameter(files), "cache_dir": cache_dir, "cache_key": data_key,
                           "previous_key": previous_key},
            "timeout": limits.timeout or None,
        }
        feed.put(job, record)  # rendering starts while the rest is planned
        pending.append(record)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the reading children, all ended by now
    result.timing.update(parse_audit_cpu=(after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime),
                         parsed=parsed_count, audited=sum(1 for *_, c, _p in plan if not c))

    # the overview needs the data only: it renders beside the last reports, not after them
    planned = sorted(kept + pending, key=lambda r: r["html"])
    overview = "overview.html" if (out / "overview.html").exists() else None
    overview_key = key_of(sorted(r["key"] for r in planned), "overview", options)
    if with_overview and planned and (overview_key != state.get("overview") or overview is None or pending):
        for r in kept:
            r.setdefault("data_key", key_of([file_hash(f) for f in r["files"]]))
        _ensure_digests(out, kept, cache)
        write_listing(out, planned)  # the overview reads the units' digests it names, one at a time
        job = {
            "out": str(out), "html": "overview.html", "ipynb": "overview.ipynb", "show_code": show_code,
            "keep_notebook": keep_notebooks, "font": font, "css": css,
            "notebook": str(notebook("overview.ipynb")), "title": "预算公开总览",
            "parameters": {"site": str(out.resolve())},
            "timeout": limits.timeout or None,
        }
        feed.put(job, _OVERVIEW, first=True)

    # each unit's CSV and XLSX written here as its report is done, beside the reports still
    # rendering rather than all after them
    readings.clear()
    done, overview_outcome = _collect(feed, len(pending), result, progress, downloads.unit)
    pool.release()  # every job is done: the workers end while the rest is written
    result.reports = sorted(kept + done, key=lambda r: r["html"])
    reports_state = {r["key"]: {k: v for k, v in r.items() if k not in ("files", "file")} for r in result.reports}
    if overview_outcome is not None:  # it was in the feed, which gives every job put its outcome
        outcome = overview_outcome
        if outcome["ok"]:
            overview = "overview.html"
            result.rendered.append("overview.html")
            result.stats.append({"html": "overview.html", **{k: v for k, v in outcome.items() if k != "ok"}})
        else:
            result.failures.append({"file": "overview.ipynb", "reason": outcome["reason"]})
            overview_key = None
    downloads.finish(result.reports)  # the units' CSV / XLSX not written yet, and the corpus data package
    site_key = key_of(sorted(reports_state), json.dumps(result.failures, ensure_ascii=False, sort_keys=True), str(overview), str(font))
    if site_key != state.get("site") or not (out / "index.html").exists():
        result.index = write_index(out, result.reports, result.failures, overview=overview, font=font)
        result.rendered.append("index.html")
    else:
        result.index = out / "index.html"
    remove_stale(out, {font, css} - {None})  # an older render's shared font and stylesheet, once no page links them
    write_text(out / STATE, json.dumps({"version": 1, "code": code_hash(), "files": files_state, "reports": reports_state,
                                        "overview": overview_key, "site": site_key}, ensure_ascii=False, indent=1))
    return result


def previous_years(groups: list[list[int]], identities: list[dict | None], hashes: list[str]) -> dict[int, str]:
    """For each disclosure, the data key of the same unit's disclosure of the year before (same
    unit name once normalised, same kind), when the corpus holds it: its report compares the
    two years from their tables."""
    by_unit = {}
    for k, members in enumerate(groups):
        ident = identities[members[0]]
        if ident and ident.get("year"):
            by_unit[(ident["unit"], ident["kind"], ident["year"])] = key_of([hashes[j] for j in members])
    out = {}
    for k, members in enumerate(groups):
        ident = identities[members[0]]
        if ident and ident.get("year"):
            found = by_unit.get((ident["unit"], ident["kind"], ident["year"] - 1))
            if found:
                out[k] = found
    return out


_OVERVIEW = "overview"  # the overview's tag in the feed (a unit's tag is its record)

_READ = "read"  # a document read and put away (``_Readings``), in ``parsed`` in place of its reading


class _Readings:
    """This run's readings of documents, ``(raw, disclosure, findings)``, pickled as they arrive
    from the reading children and taken back one at a time when their reports are planned: the
    render process holds each only while it is handled (``.budgetkit/readings/``, removed when
    the reports are planned). Their identities stay in memory (``identities``)."""

    def __init__(self, folder: Path):
        import shutil

        shutil.rmtree(folder, ignore_errors=True)  # what a run that was killed left
        self.store = DisclosureCache(folder)
        self.folder = folder
        self.identities: dict[int, dict] = {}

    def read(self, indices: list[int], docs: list, limits: Limits) -> dict:
        """Read ``docs[i]`` for each of ``indices`` (bounded, ``limits.jobs`` at once): ``{i:
        _READ}`` for a document read and put away, ``{i: error}`` for one that was not."""
        out = {}
        for i, outcome in zip(indices, iter_documents([docs[i] for i in indices], limits, audit=True)):
            if isinstance(outcome, tuple):
                self.identities[i] = identity(outcome[1], outcome[0])
                self.store.put(str(i), outcome)
                out[i] = _READ
            else:
                out[i] = outcome
        return out

    def take(self, i: int):
        """The reading of document ``i``, back from disk (and gone from there)."""
        outcome = self.store.get(str(i))
        self.store._path(str(i)).unlink(missing_ok=True)
        if outcome is None:  # pragma: no cover - the folder was emptied under this run
            from ..errors import ReadError

            return ReadError(f"document {i}", "这次运行读取的结果丢失了，请重新运行")
        return outcome

    def take_audited(self, i: int, limits: Limits):
        """``(disclosure, findings)`` of a one-file disclosure read (and audited) earlier; its
        audit done again, bounded, when the one where it was read failed."""
        outcome = self.take(i)
        if isinstance(outcome, tuple) and len(outcome) > 2 and outcome[2] is not None:
            return outcome[1], outcome[2]
        return next(settle([[outcome]], limits))

    def clear(self) -> None:
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


def _collect(feed: Feed, reports: int, result: RenderResult, progress: bool,
             on_done=None) -> tuple[list[dict], dict | None]:
    """Wait for every job of ``feed``, with a progress bar over its ``reports``;
    ``on_done(record)`` for each report rendered. Returns the records rendered and the
    overview's outcome (``None`` if it was not in the feed)."""
    done, overview = [], None
    with tqdm(total=reports, desc="render", unit="report", disable=not progress or not reports) as bar:
        for record, future in feed.finished():
            try:
                outcome = future.result()
            except Exception as exc:  # the worker itself died
                outcome = {"ok": False, "reason": _reason(exc)}
            if record is _OVERVIEW:
                overview = outcome
                continue
            if outcome["ok"]:
                done.append(record)
                result.rendered.append(record["html"])
                result.stats.append({"html": record["html"], **{k: v for k, v in outcome.items() if k != "ok"}})
                if on_done is not None:
                    on_done(record)
            else:
                result.failures.append({"file": record["file"], "files": record["files"], "reason": outcome["reason"]})
            bar.update()
    return done, overview
