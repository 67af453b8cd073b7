"""The ``budgetkit`` command: summary, check, render, extract."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .assemble import read
from .checks import RULES, count_by_severity, rule_failures, run_checks
from .errors import BudgetkitError
from .heap import settled
from .limits import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, Limits
from .model import SEVERITIES
from .summary import dumps, summary_dict, summary_text

__all__ = ["main"]


def _fail(path, exc: Exception) -> int:
    reason = exc.reason if hasattr(exc, "reason") else str(exc)
    table = f", {exc.table}" if getattr(exc, "table", None) else ""
    print(f"budgetkit: cannot read {path}{table}: {reason}", file=sys.stderr)
    return 2


def cmd_summary(args) -> int:
    """One disclosure: one file, or the files of one disclosure published in parts (Jiangsu's
    文件 + 表格 PDFs)."""
    paths = args.paths
    try:
        d = read(paths if len(paths) > 1 else paths[0])
    except BudgetkitError as exc:
        return _fail(" + ".join(str(p) for p in paths), exc)
    findings = run_checks(d)
    if args.json:
        print(dumps(summary_dict(d, findings)))
    else:
        print(summary_text(d, findings))
    return 0


_SEVERITY_LABELS = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}


def cmd_check(args) -> int:
    """Findings for each document, grouped by severity; exit 0 / 1 (an error) / 2 (unreadable)."""
    from .corpus import load_corpus

    status = 0
    reports = []
    corpus = load_corpus(args.paths, _limits(args), audit=True)
    for group, reason in corpus.failures:
        path = " + ".join(group)
        print(f"budgetkit: cannot read {path}: {reason}", file=sys.stderr)
        status = 2
        reports.append({"file": path, "error": reason})
    for i, (group, d) in enumerate(corpus.disclosures):
        path = " + ".join(group)
        findings = corpus.findings_of(i)
        counts = count_by_severity(findings)
        if counts["error"] and status == 0:
            status = 1
        if args.json:
            reports.append({"file": str(path), "unit": d.unit.name, "year": d.year, "kind": d.kind,
                            "counts": counts, "findings": [f.as_dict() for f in findings]})
            continue
        print(f"== {path}  {d.unit.name or ''} {d.year or ''}{d.kind or ''}")
        for severity in SEVERITIES:
            same = [f for f in findings if f.severity == severity]
            if not same:
                continue
            print(f"-- {_SEVERITY_LABELS[severity]} ({len(same)})")
            for f in same:
                print(f"  [{f.rule}] {f.message}")
                if f.where and f.where not in f.message:
                    print(f"      位置: {f.where}")
        print(f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} info")
        for f in rule_failures(findings):  # budgetkit's own failure: said apart, on stderr
            print(f"budgetkit: internal error in {path}: {f.message}", file=sys.stderr)
        print()
    if args.json:
        print(dumps(reports if len(reports) != 1 else reports[0]))
    return status


def _limits(args) -> Limits:
    return Limits(timeout=args.timeout, memory_mb=args.max_memory, jobs=args.jobs or os.cpu_count() or 1)


def _say_waiting(message: str) -> None:
    print(f"budgetkit: {message}", file=sys.stderr, flush=True)


def cmd_render(args) -> int:
    from .render import OutputBusy, render

    inputs = args.inputs or [Path("data")]
    client = executor = None
    if args.scheduler:
        try:
            from distributed import Client
        except ImportError:
            print("budgetkit: --scheduler needs Dask: pip install 'budgetkit[dask]'", file=sys.stderr)
            return 2
        client = Client(args.scheduler)
        executor = client.get_executor()
    try:
        result = render(inputs, out=args.out, jobs=args.jobs, show_code=args.show_code, progress=not args.quiet,
                        executor=executor, force=args.force, limits=_limits(args), wait=not args.no_wait,
                        on_wait=_say_waiting, keep_notebooks=args.keep_notebooks,
                        self_contained=args.self_contained)
    except OutputBusy as exc:
        print(f"budgetkit: {exc}", file=sys.stderr)
        return 2
    finally:
        if client is not None:
            client.close()
    print(f"{len(result.reports)} reports ({len(result.rendered)} pages written), {len(result.failures)} failed "
          f"→ {result.index}")
    for f in result.failures:
        print(f"budgetkit: failed {f['file']}: {f['reason']}", file=sys.stderr)
    return 0 if result.ok else 1


def cmd_extract(args) -> int:
    from . import corpus as c

    corpus = c.load_corpus(args.inputs, _limits(args), audit=True)
    tables = {"line_items": c.line_items(corpus), "units": c.units(corpus), "facts": c.facts(corpus),
              "findings": c.findings(corpus)}
    written = c.write_tables(tables, args.out, xlsx=args.xlsx)
    print(f"{len(corpus.disclosures)} disclosures, {len(tables['line_items'])} line items → {args.out} "
          f"({len(written)} files)")
    for files, reason in corpus.failures:
        print(f"budgetkit: cannot read {' + '.join(files)}: {reason}", file=sys.stderr)
    return 2 if corpus.failures else 0


def cmd_rules(args) -> int:
    """The catalogue: rule, family, severity, what it checks (with an example)."""
    for r in RULES.values():
        print(f"{r.id:<34} {r.family:<13} {r.severity:<8} {r.summary}")
        if r.example:
            print(f"{'':<34} {'':<13} {'':<8} 例：{r.example}")
    return 0


def _budget_options(p: argparse.ArgumentParser, jobs: bool = True) -> None:
    """Each document's time and memory budget (and, for check / extract, how many at once)."""
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"give up on a document that takes longer to read or audit"
                        f"{', or a report cell that runs longer' if not jobs else ''} (default {DEFAULT_TIMEOUT}; 0: no limit)")
    p.add_argument("--max-memory", type=int, default=DEFAULT_MEMORY_MB, metavar="MB",
                   help=f"give up on a document that needs more memory (default {DEFAULT_MEMORY_MB}; 0: no limit)")
    if jobs:
        p.add_argument("--jobs", type=int, default=None, help="documents read at once (default: the number of cores)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="budgetkit", description="Read, audit and report Chinese budget disclosures.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("summary", help="unit, totals, tables and narrative facts of one disclosure (one file, or its parts)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_summary)
    p = sub.add_parser("check", help="audit documents: findings by severity; exit 1 on an error finding")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    _budget_options(p)
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("render", help="one HTML report per document, and reports/index.html")
    p.add_argument("inputs", nargs="*", type=Path, metavar="INPUT", help="documents or folders (default: data)")
    p.add_argument("--out", type=Path, default=Path("reports"), help="output folder (default: reports)")
    p.add_argument("--jobs", type=int, default=None, help="parallel workers (default: the number of cores)")
    p.add_argument("--show-code", action="store_true", help="keep the notebook code in the HTML")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--force", action="store_true", help="render everything, changed or not")
    p.add_argument("--keep-notebooks", action="store_true",
                   help="keep each executed notebook beside its report (<report>.ipynb, to open in Jupyter)")
    p.add_argument("--self-contained", action="store_true",
                   help="each page embeds its whole font instead of sharing the site's (fonts/): pages to send alone")
    p.add_argument("--scheduler", metavar="ADDRESS", help="run on a Dask cluster (tcp://host:8786)")
    p.add_argument("--no-wait", action="store_true",
                   help="if another render is writing into the same output folder, stop at once instead of waiting")
    _budget_options(p, jobs=False)
    p.set_defaults(func=cmd_render)
    p = sub.add_parser("extract", help="the corpus as tidy files: line items, units, facts, findings")
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--xlsx", action="store_true", help="also write corpus.xlsx")
    _budget_options(p)
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("rules", help="list the audit rules")
    p.set_defaults(func=cmd_rules)
    return parser


def main(argv: list[str] | None = None) -> int:
    if not logging.getLogger().handlers:
        # the readers' libraries log what they repair ("Data-loss while decompressing corrupted
        # data"); unconfigured, Python prints that on stderr, where a batch has one line per file
        logging.getLogger().addHandler(logging.NullHandler())
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with settled():  # budgetkit.heap: the disclosures from the reading children unpickle twice as fast
            return args.func(args)
    except KeyboardInterrupt:
        print("budgetkit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `budgetkit rules | head`: the reader stopped listening
        sys.stdout = open(__import__("os").devnull, "w")
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
