"""The workbench on ../shared/corpus: ``budgetkit.load`` read twice (the second time from the
cache, equal frames), the cards' figures, and notebooks/explore.ipynb's, against the figures as
printed (pages cited in tests/test_new_templates.py's PRINTED)."""

from __future__ import annotations

import csv
import re
import time

import pandas as pd
import pytest

import budgetkit
from budgetkit.render.execute import NOTEBOOKS, execute
from budgetkit.workbench import FRAMES

from test_workbench import errors, printed, visible

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def first_load(corpus, tmp_path_factory):
    """The corpus loaded once into a fresh cache: (cache folder, frames, seconds)."""
    cache = tmp_path_factory.mktemp("workbench-corpus-cache")
    start = time.perf_counter()
    frames = budgetkit.load([corpus], cache=cache, progress=False)
    return cache, frames, time.perf_counter() - start


def test_load_twice_second_from_cache_equal_frames(corpus, first_load, capsys):
    cache, first, seconds = first_load
    start = time.perf_counter()
    second = budgetkit.load([corpus], cache=cache, progress=False)
    again = time.perf_counter() - start
    with capsys.disabled():
        print(f"\nbudgetkit.load(corpus): {len(first)} disclosures, {len(first.line_items)} line items; "
              f"first {seconds:.2f} s, from the cache {again:.2f} s")
    assert not first.from_cache and second.from_cache
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
    with open(corpus / "manifest.tsv", encoding="utf-8") as f:
        manifest = {row["file"] for row in csv.DictReader(f, delimiter="\t")}
    read = {p.split("/corpus/", 1)[1] for group in first.groups for p in group}
    assert read == manifest and first.failures.empty


def test_totals_as_printed(first_load):
    """长沙市公安局 2025: 收入总计 68,632.12万元 (p.13), “三公”经费 458.50万元 (p.21);
    杭州市司法局 2026: “三公”经费 413.68万元 (p.34), in fen, each with its page."""
    _, first, _ = first_load
    t = first.totals.set_index(["unit", "year", "item"])
    assert t.loc[("长沙市公安局", 2025, "income"), "amount_fen"] == 68_632_120_000
    assert t.loc[("长沙市公安局", 2025, "three_public"), ["amount_fen", "page"]].tolist() == [458_500_000, 21]
    assert t.loc[("杭州市司法局", 2026, "three_public"), ["amount_fen", "page"]].tolist() == [413_680_000, 34]


def test_cards_of_the_corpus_and_of_one_disclosure(first_load):
    _, first, _ = first_load
    text = visible(first._repr_html_())
    assert re.search(r"\d+份公开文件，\d+个单位，2017—2026年", text)
    assert "长沙市公安局 2025 部门预算 68,632.12 41.38%" in text  # p.13 收入总计 = 支出; p.15 基本支出 28,398.17
    card = visible(first.disclosure("长沙市公安局")._repr_html_())
    assert "长沙市公安局 2025年部门预算" in card
    assert re.search(r"收入预算 68,632\.12 已核实 「[^」]+」第13页", card)
    assert re.search(r"“三公”经费 458\.50 已核实 「[^」]+」第21页", card)


@pytest.mark.slow
def test_explore_notebook_on_corpus_prints_the_printed_figures(corpus, first_load, tmp_path):
    cache, _, _ = first_load
    nb = execute(NOTEBOOKS / "explore.ipynb", tmp_path / "explore.ipynb",
                 parameters={"paths": [str(corpus)], "cache": str(cache)})
    assert errors(nb) == []
    out = printed(nb)
    assert "长沙市公安局 2025年预算：“三公”经费 458.50 万元" in out  # p.21
    assert "杭州市司法局 2026年预算：“三公”经费 413.68 万元" in out  # p.34
    assert "重庆市水利局 2026年预算：“三公”经费 308.00 万元" in out  # p.28
    assert "北京市西城区社会保险基金管理中心 2023年预算：基本支出占76.39%" in out
    assert "长沙市公安局 2025年预算：基本支出占41.38%" in out  # 28,398.17 of 68,632.12 (pp.13, 15)
    years = [line for line in out.splitlines() if "本年支出合计" in line]
    assert any(line.startswith("江苏省人民检察院 2018年") and "比上年" in line for line in years)  # Jiangsu 2017-2019
