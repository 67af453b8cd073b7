"""budgetkit extract and the overview: the corpus as tidy files, units side by side."""

import csv
import json
from decimal import Decimal

import pandas as pd
import pytest

from budgetkit.cli import main
from budgetkit.overview import Overview

SEED_UNIT = "北京市西城区社会保险基金管理中心"


@pytest.fixture(scope="module")
def two_years(tmp_path_factory, seed_text):
    folder = tmp_path_factory.mktemp("docs")
    (folder / "2023.txt").write_text(seed_text, encoding="utf-8")
    later = seed_text.replace("2023年部门预算公开", "2024年部门预算公开").replace("68,353,777.63", "70,000,000.00")
    (folder / "2024.txt").write_text(later, encoding="utf-8")
    (folder / "copy-of-2023.txt").write_text(seed_text, encoding="utf-8")  # the same document twice
    return folder


def test_extract_writes_tidy_files(tmp_path, seed_path):
    out = tmp_path / "out"
    assert main(["extract", str(seed_path), "--out", str(out), "--xlsx"]) == 0
    for name in ("line_items", "units", "facts", "findings"):
        assert (out / f"{name}.parquet").exists() and (out / f"{name}.csv").exists()
        assert (out / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    assert (out / "corpus.xlsx").exists()
    items = pd.read_parquet(out / "line_items.parquet")
    basic = items[(items["table_kind"] == "expenditure_summary") & items["is_total"] & (items["column"] == "basic")]
    assert basic["amount_fen"].tolist() == [5221245106]
    assert basic["amount_yuan"].tolist() == [Decimal("52212451.06")]  # exact decimal, not a float
    with open(out / "units.csv", encoding="utf-8-sig") as f:
        unit = next(csv.DictReader(f))
    assert unit["unit"] == SEED_UNIT and unit["expenditure_yuan"] == "68353777.63" and unit["basic_share"] == "76.39"
    findings = pd.read_csv(out / "findings.csv", encoding="utf-8-sig")
    assert set(findings["severity"]) == {"warning", "info"}
    # lists and mappings are JSON, not Python's repr: the seed's line 18 "2023年收入预算6835.38万元"
    # points at 表一's 收入总计
    with open(out / "facts.csv", encoding="utf-8-sig") as f:
        facts = list(csv.DictReader(f))
    income = [json.loads(r["table_ref"]) for r in facts if r["subject"] == "income_total" and r["value_year"] == "2023"]
    assert [(ref["table"], ref["row"]) for ref in income] == [("部门收支总体情况表", "收入总计")]
    assert all(isinstance(json.loads(r["evidence"]), list) for r in findings.to_dict("records"))


def test_overview_compares_a_fixed_panel(two_years):
    o = Overview.load([two_years])
    units = o.units()
    assert len(units) == 2  # the identical copy is read once
    panel = o.panel()
    assert panel["year"].tolist() == [2023, 2024]
    assert panel["change_pct"].tolist()[1] == Decimal("2.41")  # 7000.00 / 6835.38 − 1
    html = str(o.side_by_side()) + str(o.years()) + str(o.functions()) + str(o.findings())
    assert SEED_UNIT in html and "76.39%" in html


def test_the_renderers_overview_keeps_summaries_not_disclosures(two_years, tmp_path):
    """Loaded from the renderer's cache, the overview keeps each unit's summary and lets the
    disclosure go (its kernel held all of them: 250 MB for 40 units), and shows the same."""
    from budgetkit import Disclosure, read
    from budgetkit.cache import DisclosureCache
    from budgetkit.checks import run_checks

    files = [str(two_years / "2023.txt"), str(two_years / "2024.txt")]
    cache = DisclosureCache(tmp_path)
    for i, f in enumerate(files):
        d = read(f)
        cache.put(f"k{i}", (d, run_checks(d)))
    cached = Overview.load(files, str(tmp_path), ["k0", "k1"])
    kept = list(vars(cached).values()) + [v for row in cached.unit_rows + cached.function_rows for v in row.values()]
    assert not any(isinstance(v, Disclosure) for v in kept) and len(cached.unit_rows) == 2
    whole = Overview.load(files)
    pd.testing.assert_frame_equal(cached.units(), whole.units())
    pd.testing.assert_frame_equal(cached.function_shares(), whole.function_shares())
    # 支出总计 68,353,777.63 元 (line 224 of the seed; the 2024 copy prints 70,000,000.00), in fen
    assert cached.units()["total"].tolist() == [6835377763, 7000000000]
