"""The researcher's workbench on the seed (data/): ``budgetkit.load`` gives extract's frames,
exact and cached; disclosures, tables and the loaded corpus show Chinese cards with the seed's
figures; notebooks/explore.ipynb runs on data/ and prints them."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from html import unescape

import pandas as pd
import pytest

import budgetkit
from budgetkit import corpus as extract
from budgetkit.checks import run_checks
from budgetkit.present import finding_counts
from budgetkit.render.execute import NOTEBOOKS, execute
from budgetkit.workbench import FRAMES

from conftest import ROOT

DATA = ROOT / "data"
SEED_NAME = "北京市西城区社会保险基金管理中心"


def visible(html: str) -> str:
    """The text a reader sees on a card."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def printed(nb) -> str:
    """What the notebook's cells printed."""
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if o.output_type == "stream")


def errors(nb) -> list:
    return [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    cache = tmp_path_factory.mktemp("workbench-cache")
    start = time.perf_counter()
    first = budgetkit.load([DATA], cache=cache, progress=False)
    return cache, first, time.perf_counter() - start


def test_load_gives_extracts_frames_exactly(loaded):
    """The frames are ``budgetkit extract``'s (line items with each amount's status beside them),
    the seed's figures in integer fen and Decimal yuan."""
    _, first, _ = loaded
    c = extract.load_corpus([DATA], audit=True)
    assert list(first.line_items.columns) == extract.LINE_ITEM_COLUMNS + ["status"]
    pd.testing.assert_frame_equal(first.line_items.drop(columns="status"), extract.line_items(c))
    pd.testing.assert_frame_equal(first.units, extract.units(c))
    pd.testing.assert_frame_equal(first.facts, extract.facts(c))
    pd.testing.assert_frame_equal(first.findings, extract.findings(c))
    assert first.line_items["amount_fen"].dtype == "int64"
    assert set(first.line_items["status"]) <= {"verified", "doubtful", "contradicted", "unchecked"}
    unit = first.units.iloc[0]
    assert (unit["unit"], unit["year"], unit["kind"]) == (SEED_NAME, 2023, "预算")
    assert unit["basic_share"] == Decimal("76.39") and unit["basic_yuan"] == Decimal("52212451.06")
    totals = dict(zip(first.totals["item"], first.totals["amount_fen"]))
    assert totals["income"] == 6835377763 and totals["basic"] == 5221245106 and totals["operating"] == 416887055
    social = first.functions.set_index("code").loc["208"]
    assert (social["name"], social["amount_fen"], social["share"]) == ("社会保障和就业支出", 5771520887, Decimal("84.44"))
    tables = first.tables.set_index("table_number")
    assert tables.loc["三", "table_title"] == "部门支出总体情况表" and tables.loc["十", "empty"]


def test_second_load_reads_the_cache_and_gives_equal_frames(loaded, capsys):
    cache, first, seconds = loaded
    start = time.perf_counter()
    second = budgetkit.load([DATA], cache=cache, progress=False)
    again = time.perf_counter() - start
    with capsys.disabled():
        print(f"\nbudgetkit.load(data/): first {seconds:.3f} s, from the cache {again:.3f} s")
    assert not first.from_cache and second.from_cache
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))
    assert second.disclosure(SEED_NAME).table("expenditure_summary").total("basic") == 5221245106  # from the cache too


def test_disclosure_card_shows_the_seeds_totals_in_chinese(seed):
    html = seed._repr_html_()
    text = visible(html)
    assert f"{SEED_NAME} 2023年部门预算" in text
    for label, amount in [("收入预算", "6,835.38"), ("支出预算", "6,835.38"), ("基本支出", "5,221.25"),
                          ("项目支出", "1,614.13"), ("人员经费", "4,804.36"), ("公用经费", "416.89")]:
        assert re.search(f"{label} {amount} 已核实 「", text), label
    assert "表格（14张，其中空表5张）" in text and "表三 部门支出总体情况表 元（推定） 34 已核实" in text
    counts = finding_counts(run_checks(seed))
    assert f"审核发现 ：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}" in text
    assert not re.findall(r"[A-Za-z]{2,}", text)  # no English on the card
    terminal = repr(seed)
    assert terminal.startswith(f"<Disclosure {SEED_NAME} 2023年部门预算：14张表")
    assert re.search(r"基本支出\W+5,221\.25 万元  已核实", terminal)


def test_table_card_shows_its_rows_in_wan(seed):
    t = seed.table("expenditure_summary")
    assert repr(t) == "<Table 表三 部门支出总体情况表（支出总表）：34行，合计6,835.38万元，金额单位元，已核实>"
    text = visible(t._repr_html_())
    assert "读取状态：已核实" in text and "（共35行，金额单位：万元）" in text
    assert "津贴补贴 30102 1,906.95 1,906.95" in text  # 1906950200 fen on the 津贴补贴 row
    assert not re.findall(r"[A-Za-z]{2,}", text)


def test_corpus_card_shows_each_disclosure(loaded):
    _, first, _ = loaded
    text = visible(first._repr_html_())
    assert "1份公开文件，1个单位，2023年，预算1份" in text
    assert f"{SEED_NAME} 2023 部门预算 6,835.38 76.39%" in text
    assert f"{SEED_NAME} 2023年部门预算：支出6,835.38万元，基本支出占76.39%" in repr(first)


@pytest.mark.slow
def test_explore_notebook_on_data_prints_the_seeds_figures(tmp_path):
    nb = execute(NOTEBOOKS / "explore.ipynb", tmp_path / "explore.ipynb",
                 parameters={"paths": [str(DATA)], "cache": str(tmp_path / "cache")})
    assert errors(nb) == []
    out = printed(nb)
    assert f"{SEED_NAME} 2023年预算：基本支出占76.39%，项目支出占23.61%；人员经费占基本支出92.02%，公用经费占7.98%" in out
    assert f"{SEED_NAME} 2023年预算：208 社会保障和就业支出 5,771.52 万元，占84.44%" in out
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    assert "<svg" in html and "6,835.38" in html  # the charts, and the corpus card's spending
