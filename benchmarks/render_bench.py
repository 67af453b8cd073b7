"""Rendering N synthetic disclosures the plain way and with budgetkit, in one run.

    python benchmarks/render_bench.py --units 40

(a) the plain way: for each unit, one after the other, the ``papermill`` command and then the
    ``jupyter nbconvert --to html`` command (a new process, a new kernel, new imports each time);
(b) ``budgetkit render`` (parallel workers, one warm kernel each, parse once).

Prints reports per minute for both and their ratio, peak memory per worker, the HTML size per
report, documents parsed per second (text, and PDF when ../shared/corpus is there), and the time
of a re-render with nothing changed. The last line is ``speedup: X.X``. Figures, never pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import generate  # noqa: E402

BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "unit_report.ipynb"
CHILD = """
import json, sys, time
start = time.perf_counter()
from budgetkit.render import render
result = render([sys.argv[1]], out=sys.argv[2], jobs=int(sys.argv[3]), progress=False)
print(json.dumps({"seconds": time.perf_counter() - start, "reports": len(result.reports),
                  "rendered": len(result.rendered), "failures": result.failures, "stats": result.stats}))
"""


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


def budgetkit_render(folder: Path, out: Path, jobs: int) -> dict:
    run = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(out), str(jobs)], check=True,
                         capture_output=True, text=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def parse_rate(paths: list[Path]) -> float | None:
    import budgetkit

    if not paths:
        return None
    start = time.perf_counter()
    for p in paths:
        budgetkit.read(p)
    return len(paths) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--plain-units", type=int, default=None,
                        help="a shortcut: time the plain way on this many of the units only (its rate is per report)")
    parser.add_argument("--unchanged", type=int, default=0, metavar="M",
                        help="also render M units once, then time a re-render with nothing changed (slow: real renders)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="budgetkit-bench-"))
    try:
        docs = generate(args.units, work / "docs")
        print(f"{args.units} synthetic units, {args.jobs} workers, {os.cpu_count()} cores")

        n_plain = min(args.plain_units or args.units, args.units)
        t_plain = plain(docs[:n_plain], work / "plain")
        plain_rate = n_plain / t_plain * 60
        print(f"plain papermill + nbconvert: {n_plain} reports in {t_plain:.1f} s = {plain_rate:.1f} reports/min "
              f"({t_plain / n_plain:.2f} s each)")

        first = budgetkit_render(work / "docs", work / "site", args.jobs)
        assert not first["failures"], first["failures"]
        bk_rate = first["reports"] / first["seconds"] * 60
        print(f"budgetkit render: {first['reports']} reports in {first['seconds']:.1f} s = {bk_rate:.1f} reports/min")

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
        print(f"parsed per second: text {text_rate:.1f} documents/s"
              + (f", PDF {pdf_rate:.2f} documents/s" if pdf_rate else ", PDF (no ../shared/corpus here)"))
        if args.unchanged:
            many = generate(args.unchanged, work / "many")
            once = budgetkit_render(work / "many", work / "many-site", args.jobs)
            print(f"{len(many)} units rendered once in {once['seconds']:.0f} s ({once['reports'] / once['seconds'] * 60:.0f}/min)")
            again = budgetkit_render(work / "many", work / "many-site", args.jobs)
            print(f"re-render of {again['reports']} unchanged units: {again['seconds']:.2f} s, {again['rendered']} pages written")
        print(f"speedup: {bk_rate / plain_rate:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
