"""Every figure the narrative of three corpus PDFs prints (tests/data/narrative_figures, read
off the page images, one row per printed figure with its page and subject) is read with the
right subject and value: at least 90% per document."""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

import budgetkit

pytestmark = pytest.mark.corpus

DATA = Path(__file__).parent / "data" / "narrative_figures"
DOCUMENTS = {
    "2024-finance-dept-final": ["shanghai-putuo/2024-finance-dept-final.pdf"],
    "2019-procuratorate-budget": ["jiangsu/2019-procuratorate-budget.pdf"],
    "2025-commerce-dept-budget": ["shanghai-putuo/2025-commerce-dept-budget.pdf"],
}


def vocabulary_id(fact) -> str | None:
    """The ground truth's id for a fact: its kind for changes, shares and rates, else its subject."""
    return fact.kind if fact.kind in ("change", "share", "completion_rate") else fact.subject


def _unit(u: str | None) -> str:
    return (u or "").replace("(", "（").replace(")", "）").replace("％", "%")


def _key(page, value, unit, subject):
    return int(page), Decimal(value).normalize(), _unit(unit), subject


@pytest.fixture(scope="module")
def readings(corpus):
    return {stem: budgetkit.read([corpus / f for f in files] if len(files) > 1 else corpus / files[0])
            for stem, files in DOCUMENTS.items()}


@pytest.mark.parametrize("stem", sorted(DOCUMENTS))
def test_narrative_figures_are_read_with_their_subject(readings, stem, capsys):
    with open(DATA / f"{stem}.tsv", encoding="utf-8") as f:
        truth = list(csv.DictReader(f, delimiter="\t"))
    d = readings[stem]
    # a change keeps its direction in its sign (减少 → negative); the page prints the digits
    got = Counter(_key(f.page, abs(f.value), f.unit, vocabulary_id(f)) for f in d.facts
                  if f.page is not None and not isinstance(f.value, bool))
    missed = []
    for row in truth:
        key = _key(row["page"], row["value"], row["unit"], row["subject"])
        if got[key] > 0:
            got[key] -= 1
        else:
            missed.append(f"p.{row['page']} {row['value']}{row['unit']} {row['subject']}: {row['sentence']}")
    share = 1 - len(missed) / len(truth)
    with capsys.disabled():
        print(f"\n{stem}: {len(truth) - len(missed)}/{len(truth)} figures with subject and value ({share:.1%})")
        for m in missed:
            print("   missed", m)
    assert share >= 0.9
