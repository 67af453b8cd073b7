"""Every row a corpus PDF prints with a classification code and amounts is among budgetkit's
tidy line items, on the same page, with those exact amounts (issue: every printed amount read
exactly). The yardstick (tests/printed.py) reads the page's words without budgetkit's reader.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

import budgetkit

from held import is_held
from printed import printed_rows

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def documents(corpus):
    with open(corpus / "manifest.tsv", encoding="utf-8") as f:
        files = [corpus / row["file"] for row in csv.DictReader(f, delimiter="\t") if row["file"].endswith(".pdf")]
    return budgetkit.read_many(files)


def _line_items(d) -> dict[tuple[str, str, int], list[set[int]]]:
    """(file, code, page) → the amount sets of the line items with that code on that page."""
    items: dict[tuple[str, str, int], list[set[int]]] = defaultdict(list)
    for t in d.tables:
        f = t.frame
        codes = [c for c in f.columns if c.endswith("_code")]
        for _, r in f.iterrows():
            if pd.isna(r.get("page")):
                continue
            amounts = {int(r[c]) for c in t.amount_columns if c in f and not pd.isna(r[c])}
            for c in codes:
                if isinstance(r[c], str):
                    items[(Path(t.file or d.path).name, r[c], int(r["page"]))].append(amounts)
    return items


def test_every_printed_coded_row_is_read_exactly(documents, capsys):
    report, missing, not_held = [], [], []
    for files, d in documents:
        assert not isinstance(d, Exception), files
        items = _line_items(d)
        found = total = 0
        for file in files:
            for row in printed_rows(file):
                total += 1
                if any(row.fen() <= amounts for amounts in items.get((Path(file).name, row.code, row.page), [])):
                    found += 1
                else:
                    (missing if is_held(files) else not_held).append(f"{Path(file).name} p.{row.page} {row.code} {[str(a) for a in row.amounts]} "
                                   f"{row.unit}: {row.text}")
        name = " + ".join(Path(f).name for f in files)
        report.append(f"{found:4}/{total:<4} {100 * found / max(total, 1):6.1f}%  {name}"
                      + ("" if is_held(files) else "  (not held yet)"))
    with capsys.disabled():
        print("\nprinted rows with a code, found with their exact amounts on their page:")
        print("\n".join(report))
        if not_held:
            print(f"rows not placed in documents not held yet ({len(not_held)}), the first 20:")
            print("\n".join(not_held[:20]))
    assert missing == []
