"""Downloads beside the reports: each unit's CSV (Excel's encoding) and XLSX, and the corpus as a
Frictionless Data Package that validates."""

import csv
import io
import json
from pathlib import Path

import pytest

from budgetkit.render import render
from budgetkit.render.downloads import MANIFEST, write_downloads

pytestmark = pytest.mark.slow

SEED_CSV = "北京市西城区/北京市西城区社会保险基金管理中心-2023-部门预算.csv.gz"
SEED_XLSX = "北京市西城区/北京市西城区社会保险基金管理中心-2023-部门预算.xlsx"


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("site")
    result = render([seed_path], out=out, jobs=1, progress=False)
    assert result.ok, result.failures
    return out


def _rows(path: Path) -> list[dict]:
    data = _bytes(path)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _bytes(path: Path) -> bytes:
    """A download's bytes, a gzipped one's uncompressed."""
    import gzip

    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


def test_the_unit_csv_opens_in_excels_encoding_with_exact_amounts(site):
    """The seed's 表三 部门支出总体情况表 prints 合计 基本支出 52,212,451.06 (元), line 527 of
    data/beijing-xicheng-2023-social-insurance-fund-center.txt."""
    rows = _rows(site / SEED_CSV)
    total = [r for r in rows if r["table_kind"] == "expenditure_summary" and r["is_total"] == "true" and r["column"] == "basic"]
    assert [(r["amount_fen"], r["amount_yuan"]) for r in total] == [("5221245106", "52212451.06")]
    assert {r["unit"] for r in rows} == {"北京市西城区社会保险基金管理中心"}
    assert {r["file"] for r in rows} == {"beijing-xicheng-2023-social-insurance-fund-center.txt"}  # a name, no local path


def test_the_unit_xlsx_opens_with_openpyxl(site):
    from openpyxl import load_workbook

    wb = load_workbook(site / SEED_XLSX, read_only=True)
    assert wb.sheetnames == ["明细", "文字数据", "审核发现", "字段说明"]
    head = [c.value for c in next(wb["明细"].iter_rows(max_row=1))]
    col = {name: i for i, name in enumerate(head)}
    basic = [r for r in wb["明细"].iter_rows(min_row=2, values_only=True)
             if r[col["table_kind"]] == "expenditure_summary" and r[col["is_total"]] is True and r[col["column"]] == "basic"]
    assert [(r[col["amount_fen"]], r[col["amount_yuan"]]) for r in basic] == [(5221245106, 52212451.06)]
    fields = {r[0]: r[1] for r in wb["字段说明"].iter_rows(min_row=2, values_only=True)}
    assert fields["amount_fen"] == "金额（分）" and fields["func_code"] == "功能分类科目编码"


def test_counts_are_integers_in_the_package(site):
    """在职 164 人 (line 12 of the seed: "实有在职人员为164人"), never "164.0"."""
    (unit,) = _rows(site / "data" / "units.csv.gz")
    assert unit["staff_active"] == "164" and unit["staff_retired"] == "68"


def test_the_data_package_validates(site):
    frictionless = pytest.importorskip("frictionless")
    package = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]] == ["line_items", "units", "facts", "findings"]
    for resource in package["resources"]:
        assert resource["path"] == f"{resource['name']}.csv.gz" and resource["compression"] == "gz"
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert names == list(_rows(site / "data" / resource["path"])[0])  # a schema for each file, column by column
    report = frictionless.validate(site / "data" / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    # frictionless reads the gzipped rows through the descriptor: the seed's one unit, its 164 staff
    (unit,) = frictionless.Package(site / "data" / "datapackage.json").get_resource("units").read_rows()
    assert unit["unit"] == "北京市西城区社会保险基金管理中心" and unit["staff_active"] == 164


def test_the_data_package_is_gzipped_and_read_by_pandas(site):
    """Every table of the package is a gzip file (no plain CSV beside it) that pandas reads as it
    is, with the rows the unit's own CSV has: the seed's 224 amounts, 52,212,451.06 among them."""
    import gzip

    import pandas as pd

    folder = site / "data"
    assert sorted(p.name for p in folder.iterdir()) == ["datapackage.json", "facts.csv.gz", "findings.csv.gz",
                                                       "line_items.csv.gz", "units.csv.gz"]
    for path in folder.glob("*.csv.gz"):
        assert path.read_bytes()[:2] == b"\x1f\x8b", path  # gzip's magic
        assert gzip.decompress(path.read_bytes()).startswith("\ufeff".encode("utf-8")), path  # Excel's BOM once opened
    items = pd.read_csv(folder / "line_items.csv.gz", encoding="utf-8-sig", dtype={"amount_yuan": str})
    unit_rows = _rows(site / SEED_CSV)
    assert len(items) == len(unit_rows) == 224
    assert list(items.columns) == list(unit_rows[0])
    basic = items[(items["table_kind"] == "expenditure_summary") & items["is_total"] & (items["column"] == "basic")]
    assert basic["amount_yuan"].tolist() == ["52212451.06"]
    assert len(pd.read_csv(folder / "units.csv.gz", encoding="utf-8-sig")) == 1
    # the same bytes on every run: no time and no file name in a gzip header
    for path in folder.glob("*.csv.gz"):
        data = path.read_bytes()
        assert data[4:8] == b"\0\0\0\0" and not data[3] & 0x08, path


def test_a_wrong_type_fails_validation(site, tmp_path):
    """The validation can fail: a count written as "164.0" is no integer."""
    frictionless = pytest.importorskip("frictionless")
    import gzip
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(site / "data", copy)
    text = gzip.decompress((copy / "units.csv.gz").read_bytes()).decode("utf-8-sig").replace(",164,", ",164.0,")
    (copy / "units.csv.gz").write_bytes(gzip.compress(text.encode("utf-8-sig")))
    assert not frictionless.validate(copy / "datapackage.json").valid


def test_the_index_and_the_report_link_the_downloads(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="data/datapackage.json"' in index
    assert "CSV</a>" in index and "XLSX</a>" in index
    (nav_file,) = (site / "nav").iterdir()  # the one unit's script of its reports
    nav = nav_file.read_text(encoding="utf-8")
    data = json.loads(nav.removeprefix("window.BK_SITE = ").rstrip().rstrip(";"))
    (entries,) = data["units"].values()
    hrefs = [d["href"] for d in entries[0]["downloads"]]
    assert hrefs[:2] == [SEED_CSV, SEED_XLSX]
    # and the source document itself, copied into the site for the reports' page links
    assert [d["label"] for d in entries[0]["downloads"][2:]] == ["原文"] and hrefs[2].startswith("sources/")
    for d in entries[0]["downloads"]:
        assert (site / d["href"]).exists()


def test_an_unchanged_run_writes_nothing(site):
    state = json.loads((site / ".budgetkit" / "state.json").read_text(encoding="utf-8"))
    reports = [{**r, "files": [str(Path(__file__).parents[1] / "data" / "beijing-xicheng-2023-social-insurance-fund-center.txt")],
                "file": "x"} for r in state["reports"].values()]
    before = (site / MANIFEST).read_text(encoding="utf-8")
    assert write_downloads(site, reports) == []
    assert reports[0]["downloads"] and reports[0]["counts"]["error"] == 0
    assert (site / MANIFEST).read_text(encoding="utf-8") == before


@pytest.mark.corpus
def test_the_corpus_package_validates(corpus_site):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(corpus_site / "data" / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    units = _rows(corpus_site / "data" / "units.csv.gz")
    reports = [p for p in corpus_site.rglob("*.html") if p.parent != corpus_site and ".budgetkit" not in p.parts]
    assert len(units) == len(reports) >= 17  # a row per report: the 17 disclosures of the first corpus and those since
    for page in corpus_site.rglob("*.html"):
        if page.parent != corpus_site:  # every report has its CSV and XLSX beside it
            assert page.with_suffix(".csv.gz").exists() and page.with_suffix(".xlsx").exists(), page


def test_downloads_name_no_path_of_this_machine_and_hold_json_not_python(site, seed_path):
    """A published site shows no folder of the machine that made it, and a list or mapping in a
    cell is JSON a program can read back (it was Python's repr, "{'file': '/home/…/x.txt'}"). The
    seed's "2023年收入预算6835.38万元" (line 18 of the seed) points at 表一's 收入总计 row."""
    folder = str(seed_path.resolve().parent)
    for path in [*site.rglob("*.csv"), *site.rglob("*.csv.gz"), *site.rglob("*.json")]:
        text = _bytes(path).decode("utf-8-sig")
        assert folder not in text, path
        assert "{'" not in text and "': " not in text, path  # no Python repr
    facts = _rows(site / "data" / "facts.csv.gz")
    assert {r["kind"] for r in facts} == {"预算"}  # the disclosure's kind, not the fact's
    assert {r["value_kind"] for r in facts} >= {"amount", "count"}
    refs = [json.loads(r["table_ref"]) for r in facts if r["table_ref"]]
    assert refs and {ref["file"] for ref in refs} == {seed_path.name}
    income = [(r["value"], json.loads(r["table_ref"])) for r in facts if r["subject"] == "income_total" and r["value_year"] == "2023"]
    assert income == [("6835.38", {"table": "部门收支总体情况表", "row": "收入总计", "column": "total", "page": None,
                                  "file": seed_path.name})]
