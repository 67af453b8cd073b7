"""The ``budgetkit`` command: summary, check, render, extract."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .assemble import read
from .errors import BudgetkitError
from .summary import dumps, summary_dict, summary_text

__all__ = ["main"]


def _fail(path, exc: Exception) -> int:
    reason = exc.reason if hasattr(exc, "reason") else str(exc)
    table = f", {exc.table}" if getattr(exc, "table", None) else ""
    print(f"budgetkit: cannot read {path}{table}: {reason}", file=sys.stderr)
    return 2


def cmd_summary(args) -> int:
    try:
        d = read(args.path)
    except BudgetkitError as exc:
        return _fail(args.path, exc)
    findings = _findings(d)
    if args.json:
        print(dumps(summary_dict(d, findings)))
    else:
        print(summary_text(d, findings))
    return 0


def _findings(d):
    try:
        from .checks import run_checks
    except ImportError:  # the audit is optional while it is being built
        return None
    return run_checks(d)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="budgetkit", description="Read, audit and report Chinese budget disclosures.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("summary", help="unit, totals, tables and narrative facts of one document")
    p.add_argument("path", type=Path)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_summary)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("budgetkit: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
