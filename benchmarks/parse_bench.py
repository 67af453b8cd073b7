"""How fast budgetkit reads the corpus PDFs: documents per CPU-second (read, tidy, verify).

    python benchmarks/parse_bench.py                 # this checkout
    python benchmarks/parse_bench.py --code OTHER    # another checkout of budgetkit (e.g. a worktree
                                                     # of an earlier commit), for a before/after figure
    python benchmarks/parse_bench.py --objects pdfminer   # page content read by pdfminer throughout

The last line is the same reading spread over ``--jobs`` warm worker processes (the machine's
cores), in wall-clock time. (`budgetkit check` adds a bounded child per document and the audit:
``render_bench.py`` times that command as a user runs it.)

Figures, never pass/fail. CPU time, not wall time: other work on the machine moves it less;
each document is read ``--repeat`` times (3) and its best time counted, as timeit does, since
the same run on this kind of shared machine varies by up to a third from one go to the next.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "corpus"))
    parser.add_argument("--code", default=None, help="a checkout of budgetkit to measure instead of this one")
    parser.add_argument("--objects", choices=["pdfium", "pdfminer"], default=None,
                        help="who reads the page content (this checkout's default if not given)")
    parser.add_argument("--repeat", type=int, default=3, help="readings per document; the best counts")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes for the wall-clock figure")
    args = parser.parse_args()
    _setup(args.code, args.objects)
    from budgetkit.assemble import build_disclosure
    from budgetkit.readers import read_raw

    files = sorted(glob.glob(f"{args.corpus}/*/*.pdf"))
    if not files:
        sys.exit(f"no PDFs under {args.corpus}")
    build_disclosure(read_raw(files[0]))  # imports and caches warmed, as in a batch
    per_file = []
    reading = 0.0
    for f in files:
        best = best_read = float("inf")
        for _ in range(max(1, args.repeat)):
            t0 = time.process_time()
            raw = read_raw(f)
            t1 = time.process_time()
            build_disclosure(raw)
            best, best_read = min(best, time.process_time() - t0), min(best_read, t1 - t0)
        per_file.append((best, Path(f).name))
        reading += best_read
    cpu = sum(t for t, _ in per_file)
    slowest = max(per_file)
    print(f"code: {sys.modules['budgetkit'].__file__}  objects: {args.objects or 'default'}")
    print(f"{len(files)} PDFs in {cpu:.1f} CPU-s (best of {max(1, args.repeat)} per document); "
          f"slowest {slowest[1]} {slowest[0]:.2f} s")
    print(f"reading alone (read_raw): {reading:.1f} CPU-s; tidying, verifying and linking: {cpu - reading:.1f} CPU-s")
    print(f"pdf_documents_per_cpu_second: {len(files) / cpu:.2f}")
    wall = _wall_clock(files, args)
    print(f"pdf_documents_per_second ({args.jobs} worker processes, wall clock, one pass): {len(files) / wall:.2f}")


def _setup(code: str | None, objects: str | None) -> None:
    """budgetkit from ``code`` (else this checkout), its PDFs' content read by ``objects``; in this
    process and in each worker of the wall-clock figure alike."""
    if code:
        sys.path.insert(0, code)
    if objects:
        import budgetkit.readers.pdf as pdf_reader

        pdf_reader.OBJECTS = objects
    import budgetkit.assemble  # noqa: F401  (imports paid before the clock starts)


def _parse(path: str) -> str:
    from budgetkit.assemble import build_disclosure
    from budgetkit.readers import read_raw

    build_disclosure(read_raw(path))
    return path


def _wall_clock(files: list[str], args) -> float:
    """Seconds to read, tidy and verify every file once with ``--jobs`` processes, warmed up."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=args.jobs, initializer=_setup, initargs=(args.code, args.objects)) as pool:
        list(pool.map(_parse, files[:args.jobs]))  # each worker started and warm
        start = time.perf_counter()
        list(pool.map(_parse, sorted(files, key=os.path.getsize, reverse=True)))  # longest first
        return time.perf_counter() - start


if __name__ == "__main__":
    main()
