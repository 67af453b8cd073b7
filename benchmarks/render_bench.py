"""Rendering N synthetic disclosures three ways, in one run, and where budgetkit's CPU goes.

    python benchmarks/render_bench.py --units 40

(a) the plain way: for each unit, one after the other, the ``papermill`` command and then the
    ``jupyter nbconvert --to html`` command (a new process, a new kernel, new imports each time);
(b) the pool a researcher would write in fifteen lines: papermill's Python API and nbconvert's
    ``HTMLExporter`` in a ``ProcessPoolExecutor`` of ``--jobs`` workers, a fresh kernel per
    notebook (papermill's default), the same notebook and the same documents;
(c) ``budgetkit render`` (``--jobs`` workers, one warm kernel each, parse and audit once).

``--scale 200,2000`` instead renders each size with the ``budgetkit render`` command and prints
reports a minute, the peak memory of the whole run (every process), bytes per unit by part, the
index's and the overview's bytes, and for the largest a re-render with one document changed.

Prints reports per minute for each; per report, where (c)'s CPU goes (parse and audit, kernel
start and reset, each notebook cell, charts, nbconvert export, font subset, writes); peak memory
per worker, HTML size, documents parsed per second (text, and PDF when ../shared/corpus is
there) and a re-render with nothing changed. The last two lines are ``vs_pool: X.X`` (c over b)
and ``speedup: Y.Y`` (c over a). Figures, never pass/fail: on a loaded machine they move.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402

BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "unit_report.ipynb"
CHILD = """
import json, resource, sys, time
start, cpu = time.perf_counter(), time.process_time()
import concurrent.futures.process as cfp
_init = cfp.ProcessPoolExecutor.__init__
def _reaping(self, *args, initializer=None, initargs=(), **kwargs):
    # every version of budgetkit measured alike: a worker shuts its kernel down (and waits for it)
    # when it ends, so that the kernel's CPU is counted with the worker's
    def init(*values):
        from multiprocessing import util
        from budgetkit.render.engine import shutdown_warm_kernel
        util.Finalize(None, shutdown_warm_kernel, exitpriority=100)
        if initializer is not None:
            initializer(*values)
    _init(self, *args, initializer=init, initargs=initargs, **kwargs)
cfp.ProcessPoolExecutor.__init__ = _reaping
from budgetkit.render import render
result = render([sys.argv[1]], out=sys.argv[2], jobs=int(sys.argv[3]), progress=False)
print(json.dumps({"seconds": time.perf_counter() - start, "reports": len(result.reports), "parent_cpu": time.process_time() - cpu,
                  "rendered": len(result.rendered), "failures": result.failures, "stats": result.stats,
                  "timing": getattr(result, "timing", {})}, default=str))
"""


def children_cpu() -> float:
    """CPU seconds of this process's ended children and everything they waited for (a render's
    workers and their kernels, the pool's workers and theirs): the work, whatever the load."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def plain(docs: list[Path], out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for doc in docs:
        executed = out / f"{doc.stem}.ipynb"
        subprocess.run([str(BIN / "papermill"), str(NOTEBOOK), str(executed), "-p", "path", str(doc.resolve()),
                        "--cwd", str(NOTEBOOK.parent), "--no-progress-bar"], check=True, capture_output=True)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)], check=True,
                       capture_output=True)
    return time.perf_counter() - start


def _pool_one(doc: str, out: str) -> None:
    """What a researcher writes: papermill's API, then nbconvert's HTMLExporter."""
    import papermill
    from nbconvert import HTMLExporter

    executed = Path(out) / f"{Path(doc).stem}.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(executed), parameters={"path": doc}, cwd=str(NOTEBOOK.parent),
                               progress_bar=False)
    body, _ = HTMLExporter().from_filename(str(executed))
    executed.with_suffix(".html").write_text(body, encoding="utf-8")


def _quiet() -> None:
    """The pool's kernels inherit its stderr: their start-up warnings are not the benchmark's output."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


def pool(docs: list[Path], out: Path, jobs: int) -> float:
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_quiet) as executor:
        for future in [executor.submit(_pool_one, str(doc.resolve()), str(out)) for doc in docs]:
            future.result()
    return time.perf_counter() - start


def budgetkit_render(folder: Path, out: Path, jobs: int) -> dict:
    run = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(out), str(jobs)], check=True,
                         capture_output=True, text=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def parse_rate(paths: list[Path]) -> float | None:
    """Documents read (and verified) per second, one after the other in this process, once its
    reader is loaded: the first document is read once before the clock starts (its format's
    imports; ``budgetkit check``, timed below, counts them as a user meets them)."""
    import budgetkit

    if not paths:
        return None
    budgetkit.read(paths[0])
    start = time.perf_counter()
    for p in paths:
        budgetkit.read(p)
    return len(paths) / (time.perf_counter() - start)


def chart_share(docs: list[Path]) -> tuple[float, float]:
    """CPU of the report's blocks and of the charts drawn in them, per report, measured in this
    process on ``docs`` (the kernel runs the same code)."""
    import budgetkit
    from budgetkit import charts
    from budgetkit.checks import run_checks
    from budgetkit.report import UnitReport

    spent = [0.0]
    original = charts.svg_markup
    makers = ("structure_chart", "function_chart", "economic_chart", "projects_chart", "yoy_chart")
    saved = {name: getattr(charts, name) for name in makers}

    def timed(fn):
        def wrapper(*args, **kwargs):
            t = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[0] += time.process_time() - t
        return wrapper

    charts.svg_markup = timed(original)
    for name in makers:
        setattr(charts, name, timed(saved[name]))
    blocks = 0.0
    try:
        reports = [UnitReport(d, run_checks(d)) for d in map(budgetkit.read, docs)]
        reports[0].structure()  # the first chart loads the font: a worker's warm-up does that
        spent[0] = 0.0
        for report in reports:
            t = time.process_time()
            for block in ("headline", "structure", "by_function", "by_economic_class", "projects", "year_on_year",
                          "per_capita", "audit", "completeness", "tables", "source"):
                getattr(report, block)()
            blocks += time.process_time() - t
    finally:
        charts.svg_markup = original
        for name in makers:
            setattr(charts, name, saved[name])
    return blocks / len(docs), spent[0] / len(docs)


def breakdown(run: dict, docs: list[Path]) -> None:
    """Where budgetkit's CPU went, per report (CPU seconds, mean over the reports)."""
    stats = [s for s in run["stats"] if s["html"] != "overview.html" and "timing" in s]
    if not stats:
        print("(no per-step timing in this version of budgetkit)")
        return
    n = len(stats)
    timing = run.get("timing", {})
    rows: list[tuple[str, float, float]] = []  # label, render process / worker, kernel
    warm = timing.get("warm_up") or []
    rows.append(("parse + audit (bounded children of the render process)", timing.get("parse_audit_cpu", 0.0) / n, 0.0))
    rows.append(("kernel start + warm-up (once per worker, spread over its reports)",
                 sum(w.get("worker", 0) for w in warm) / n, sum(w.get("kernel", 0) for w in warm) / n))
    first = [s["timing"].get("kernel_start") for s in stats if s["timing"].get("kernel_start")]
    if first:
        rows.append(("kernel start in a report (no warm-up)", sum(f[0] for f in first) / n, sum(f[1] for f in first) / n))
    rows.append(("kernel reset (%reset -f)", *(sum(s["timing"].get("kernel_reset", [0, 0])[k] for s in stats) / n for k in (0, 1))))
    cells: dict = defaultdict(lambda: [0.0, 0.0])
    order: list[str] = []
    for s in stats:
        for label, worker, kernel in s["timing"].get("cells", []):
            if label not in cells:
                order.append(label)
            cells[label][0] += worker / n
            cells[label][1] += kernel / n
    for label in order:
        rows.append((f"cell: {label}", *cells[label]))
    for key, label in (("papermill", "papermill outside the cells (load, parameters, write the notebook)"),
                       ("export", "nbconvert export"), ("font", "font subset (embedded WOFF)"), ("write", "writes")):
        rows.append((label, sum(s["timing"].get(key, 0.0) for s in stats) / n, 0.0))
    rows.append(("render process: imports, plan, cache, downloads, index", run["parent_cpu"] / n, 0.0))
    overview = [s for s in run["stats"] if s["html"] == "overview.html"]
    if overview:  # one page for the corpus, spread over the reports like the warm-up
        rows.append(("the overview page (its notebook, export and font)", overview[0]["worker_cpu"] / n,
                     overview[0]["kernel_cpu"] / n))
    print(f"where budgetkit's CPU goes, per report (mean of {n}; CPU seconds: worker or render process | kernel):")
    for label, a, b in rows:
        print(f"  {label:<72} {a:6.3f} | {b:6.3f}")
    total = sum(a + b for _, a, b in rows)
    print(f"  {'total':<72} {total:6.3f}   (wall per report x workers: "
          f"{run['seconds'] / run['reports'] * len({s['pid'] for s in stats}):.2f})")
    if not docs:
        return
    blocks, drawn = chart_share(docs[: min(5, len(docs))])
    print(f"  of the cells' kernel CPU: report blocks {blocks:.3f} per report, of which charts {drawn:.3f} "
          f"(measured in this process on {min(5, len(docs))} of the documents)")


# --- scale mode: the same render at several sizes, what grows with the corpus -------------------

class TreeMemory:
    """The resident memory of a process and of every process below it (workers, their kernels,
    reading children), sampled every ``every`` seconds: the peak of the sum over the tree.

    Summed as PSS (each page shared by n processes counted 1/n in each: a kernel forked from its
    worker shares most of its pages with it, and RSS would count them twice) and, for comparison,
    as RSS; one process's own peak (``ru_maxrss``) misses the others, and the sum of the peaks
    misses when they were."""

    def __init__(self, pid: int, every: float = 0.2):
        import threading

        import psutil

        self.root, self.every = psutil.Process(pid), every
        self.peak_pss = self.peak_rss = 0
        self.processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="tree-memory")
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                tree = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            pss = rss = 0
            for p in tree:
                try:
                    info = p.memory_full_info()
                except psutil.Error:  # ended between the listing and the reading
                    continue
                pss += getattr(info, "pss", info.rss)
                rss += info.rss
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            self.processes = max(self.processes, len(tree))
            self._stop.wait(self.every)

    def stop(self) -> "TreeMemory":
        self._stop.set()
        self._thread.join()
        return self


def run_render(folder: Path, out: Path, jobs: int, extra: list[str] = ()) -> dict:
    """``budgetkit render`` as a user runs it (the command, its progress bar off), timed, with the
    memory of its whole process tree sampled."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "budgetkit", "render", str(folder), "--out", str(out), "--quiet",
                             "--jobs", str(jobs), *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(proc.pid)
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    memory.stop()
    if proc.returncode != 0:
        raise SystemExit(f"budgetkit render failed ({proc.returncode}):\n{stdout}\n{stderr}")
    return {"seconds": seconds, "pss_mb": memory.peak_pss / 2**20, "rss_mb": memory.peak_rss / 2**20,
            "processes": memory.processes, "said": stdout.strip().splitlines()[-1:] }


def site_bytes(out: Path) -> dict[str, int]:
    """The published site's bytes by part (``.budgetkit/``, the render's own state and cache, is
    never published): the units' pages, notebooks, CSV and XLSX; the shared font and stylesheet;
    the index (its page and its unit list), the reports' navigation, the overview; the data
    package; the copied source documents; anything else by name."""
    parts: dict[str, int] = defaultdict(int)
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(out)
        top, size = rel.parts[0], path.stat().st_size
        if top == ".budgetkit":
            continue
        if top in ("sources", "data", "fonts", "style", "nav"):
            key = {"sources": "source documents (sources/)", "data": "data package (data/)",
                   "fonts": "shared font (fonts/)", "style": "shared stylesheet (style/)",
                   "nav": "reports' navigation (nav/)"}[top]
        elif len(rel.parts) == 1 or top.startswith(("index", "overview")):
            key = ("index" if top.startswith(("index", "units.")) else "overview" if top.startswith("overview")
                   else "reports' navigation (nav/)" if top.startswith("site-nav") else f"other: {top}")
        else:  # a region's folder: the units' own files, by kind
            name = path.name
            suffix = next((s for s in (".failed.ipynb", ".csv.gz", ".html", ".ipynb", ".csv", ".xlsx") if name.endswith(s)),
                          path.suffix or name)
            key = {".html": "unit pages", ".ipynb": "unit notebooks", ".csv": "unit CSV", ".csv.gz": "unit CSV (gzip)",
                   ".xlsx": "unit XLSX"}.get(suffix, f"unit other ({suffix})")
        parts[key] += size
    return dict(parts)


NAV_PART = "reports' navigation (nav/)"


def change_one(folder: Path) -> Path:
    """One document edited as a publisher's correction would: a word of its narrative."""
    doc = sorted(folder.glob("*.txt"))[0]
    text = doc.read_text(encoding="utf-8")
    changed = text.replace("预留机动费", "预留机动经费", 1)
    assert changed != text
    doc.write_text(changed, encoding="utf-8")
    return doc


def scale(sizes: list[int], jobs: int, work: Path, extra: list[str]) -> None:
    """For each size: reports a minute, peak memory of the whole run, bytes per unit with and
    without the copied source documents, the index's and the overview's bytes; for the largest, a
    re-render with one document changed. Then the largest against the smallest, beside the
    issue's targets (rate within 10%, memory within 20%, ≤ 150 KB a unit without sources,
    one change re-rendered under 10 s)."""
    rows = []
    for n in sizes:
        docs = work / f"docs-{n}"
        generate(n, docs)
        out = work / f"site-{n}"
        run = run_render(docs, out, jobs, extra)
        parts = site_bytes(out)
        total = sum(parts.values())
        sources = parts.get("source documents (sources/)", 0)
        row = {"n": n, "rate": n / run["seconds"] * 60, **run, "parts": parts, "per_unit": total / n,
               "per_unit_without_sources": (total - sources) / n}
        print(f"\n{n} units, {jobs} workers: {run['seconds']:.1f} s = {row['rate']:.1f} reports/min; "
              f"peak memory of the whole run {run['pss_mb']:.0f} MB PSS ({run['rss_mb']:.0f} MB RSS summed, "
              f"up to {run['processes']} processes)")
        own = sum(size for key, size in parts.items() if key.startswith("unit "))
        row["own"] = own / n
        print(f"  bytes per unit: {row['per_unit'] / 1024:.1f} KB with the copied sources, "
              f"{row['per_unit_without_sources'] / 1024:.1f} KB without (of which its own page, downloads and "
              f"notebook {row['own'] / 1024:.1f} KB, the rest shared: data package, font, index, overview); "
              f"site {total / 2**20:.1f} MB")
        for key, size in sorted(parts.items(), key=lambda kv: -kv[1]):
            print(f"    {key:<32} {size / 2**20:9.2f} MB  {size / n / 1024:8.1f} KB a unit")
        nav = sorted(f.stat().st_size for f in (out / "nav").glob("*.js")) if (out / "nav").is_dir() else []
        page = (out / "index.html").stat().st_size
        print(f"  index {parts.get('index', 0) / 1024:.0f} KB (the page {page / 1024:.0f} KB, units.js the rest), "
              f"overview {parts.get('overview', 0) / 1024:.0f} KB, reports' navigation "
              f"{parts.get(NAV_PART, 0) / 1024:.0f} KB"
              + (f" in {len(nav)} files (a report loads one: median {nav[len(nav) // 2]} bytes, largest {nav[-1]})" if nav else ""))
        row.update(index_page=page, nav_files=len(nav), nav_largest=nav[-1] if nav else 0)
        if n == max(sizes):
            changed = change_one(docs)
            again = run_render(docs, out, jobs, extra)
            row["one_change"] = again["seconds"]
            print(f"  re-render with one document changed ({changed.name}): {again['seconds']:.1f} s, "
                  f"peak memory {again['pss_mb']:.0f} MB PSS")
        rows.append(row)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(docs, ignore_errors=True)
    if len(rows) > 1:
        small, large = rows[0], rows[-1]
        print(f"\n{large['n']} units against {small['n']} (targets: rate within 10%, memory within 20%, "
              f"≤ 150 KB a unit without sources, one change under 10 s):")
        print(f"  reports a minute: {large['rate']:.1f} / {small['rate']:.1f} = {large['rate'] / small['rate']:.2f}")
        print(f"  peak memory: {large['pss_mb']:.0f} / {small['pss_mb']:.0f} MB = {large['pss_mb'] / small['pss_mb']:.2f}")
        print(f"  bytes per unit without sources: {large['per_unit_without_sources'] / 1024:.1f} KB "
              f"({small['per_unit_without_sources'] / 1024:.1f} KB at {small['n']}); a unit's own files "
              f"{large['own'] / 1024:.1f} KB")
        print(f"  one document changed: {large.get('one_change', float('nan')):.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--plain-units", type=int, default=None,
                        help="a shortcut: time the plain way on this many of the units only (its rate is per report)")
    parser.add_argument("--pool-units", type=int, default=None,
                        help="a shortcut: time the pool on this many of the units only (its rate is per report)")
    parser.add_argument("--unchanged", type=int, default=0, metavar="M",
                        help="also render M units once, then time a re-render with nothing changed (slow: real renders)")
    parser.add_argument("--scale", metavar="N,M,…", default=None,
                        help="instead: render N, M … synthetic units with `budgetkit render` and print, for each, "
                             "reports a minute, peak memory of every process, bytes per unit, the index's and the "
                             "overview's bytes, and for the largest a re-render with one document changed")
    parser.add_argument("--render-args", default="", metavar="ARGS",
                        help="with --scale: more options for `budgetkit render` (e.g. \"--keep-notebooks\")")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="budgetkit-bench-"))
    try:
        if args.scale:
            sizes = sorted(int(s) for s in args.scale.split(",") if s.strip())
            print(f"scale: {sizes} synthetic units, {args.jobs} workers, {os.cpu_count()} cores")
            scale(sizes, args.jobs, work, args.render_args.split())
            return
        docs = generate(args.units, work / "docs")
        print(f"{args.units} synthetic units, {args.jobs} workers, {os.cpu_count()} cores")

        n_plain = min(args.plain_units or args.units, args.units)
        cpu = children_cpu()
        t_plain = plain(docs[:n_plain], work / "plain")
        plain_rate, plain_cpu = n_plain / t_plain * 60, (children_cpu() - cpu) / n_plain
        print(f"plain papermill + nbconvert: {n_plain} reports in {t_plain:.1f} s = {plain_rate:.1f} reports/min "
              f"({t_plain / n_plain:.2f} s each; {plain_cpu:.2f} CPU-s per report)")

        n_pool = min(args.pool_units or args.units, args.units)
        cpu = children_cpu()
        t_pool = pool(docs[:n_pool], work / "pool", args.jobs)
        pool_rate, pool_cpu = n_pool / t_pool * 60, (children_cpu() - cpu) / n_pool
        print(f"pool of {args.jobs} (papermill API + HTMLExporter, a fresh kernel each): {n_pool} reports in "
              f"{t_pool:.1f} s = {pool_rate:.1f} reports/min ({pool_cpu:.2f} CPU-s per report)")

        cpu = children_cpu()
        first = budgetkit_render(work / "docs", work / "site", args.jobs)
        bk_cpu = (children_cpu() - cpu) / first["reports"]
        assert not first["failures"], first["failures"]
        bk_rate = first["reports"] / first["seconds"] * 60
        print(f"budgetkit render: {first['reports']} reports in {first['seconds']:.1f} s = {bk_rate:.1f} reports/min "
              f"(overview and index included; {bk_cpu:.2f} CPU-s per report, all its processes)")
        breakdown(first, docs)

        stats = first["stats"]
        sizes = [s["bytes"] for s in stats if s["html"] != "overview.html"]
        workers = {}
        for s in stats:
            workers[s["pid"]] = max(workers.get(s["pid"], 0), s["worker_mb"])
        kernels = [s["kernel_mb"] for s in stats if s.get("kernel_mb")]
        print(f"peak memory per worker: {max(workers.values()):.0f} MB (worker process), "
              f"{max(kernels):.0f} MB (its warm kernel)" if kernels else "")
        print(f"HTML per report: mean {statistics.mean(sizes) / 1024:.0f} KB, max {max(sizes) / 1024:.0f} KB")

        again = budgetkit_render(work / "docs", work / "site", args.jobs)
        print(f"re-render, nothing changed: {again['seconds']:.2f} s for {again['reports']} units, "
              f"{again['rendered']} pages written")

        text_rate = parse_rate(docs[:20])
        corpus = ROOT.parent / "shared" / "corpus"
        pdf_rate = parse_rate(sorted(corpus.glob("*/*.pdf"))) if corpus.exists() else None
        print(f"parsed per second (one process, reader loaded): text {text_rate:.1f} documents/s"
              + (f", PDF {pdf_rate:.2f} documents/s" if pdf_rate else ", PDF (no ../shared/corpus here)"))
        if corpus.exists():  # the command, as a user runs it: read and audit, documents in bounded children
            pdfs = sorted(corpus.glob("*/*.pdf"))
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "budgetkit", "check", *map(str, pdfs)], capture_output=True)
            print(f"budgetkit check on the {len(pdfs)} corpus PDFs: {time.perf_counter() - start:.1f} s = "
                  f"{len(pdfs) / (time.perf_counter() - start):.2f} documents/s (read and audited, start-up included)")
        if args.unchanged:
            many = generate(args.unchanged, work / "many")
            once = budgetkit_render(work / "many", work / "many-site", args.jobs)
            print(f"{len(many)} units rendered once in {once['seconds']:.0f} s ({once['reports'] / once['seconds'] * 60:.0f}/min)")
            again = budgetkit_render(work / "many", work / "many-site", args.jobs)
            print(f"re-render of {again['reports']} unchanged units: {again['seconds']:.2f} s, {again['rendered']} pages written")
        print(f"CPU per report: plain {plain_cpu:.2f} s, pool {pool_cpu:.2f} s, budgetkit {bk_cpu:.2f} s "
              f"(pool / budgetkit: {pool_cpu / bk_cpu:.1f}; figures that a loaded machine does not move)")
        print(f"vs_pool: {bk_rate / pool_rate:.1f}")
        print(f"speedup: {bk_rate / plain_rate:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
