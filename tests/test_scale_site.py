"""The site at a province's scale (#24): an index and an overview made for 10,000 units, opened in
Chromium, and the index / overview / data package step's memory at 200 and at 2,000 units.

The units are not rendered: each is a digest (what the renderer writes for a unit, made here
from the seed's own digest with its name, region, year, kind and figures varied) and, for the
package, the seed's parts under the unit's key, so 10,000 of them take seconds. The index and
the package are written by the site's own code; the overview is the notebook executed and
exported as ``budgetkit render`` does it.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from budgetkit import present
from budgetkit.digest import DIGESTS, LISTING
from test_browser import browser  # noqa: F401 - the Chromium fixture

REGIONS = [f"{p}{c}" for p in ("江苏省", "浙江省", "湖南省", "广东省") for c in ("省本级", "南京市", "杭州市", "长沙市", "广州市",
                                                                              "苏州市", "宁波市", "株洲市", "佛山市", "无锡市")]
KINDS = [("部门", "预算"), ("单位", "预算"), ("部门", "决算"), ("单位", "决算")]
YEARS = [2021, 2022, 2023, 2024, 2025]


@pytest.fixture(scope="module")
def seed_digest(seed_path):
    from budgetkit import read
    from budgetkit.checks import run_checks
    from budgetkit.digest import digest

    d = read(seed_path)
    return digest(d, run_checks(d))


def make_digests(out: Path, n: int, base: dict, parts_from: Path | None = None) -> list[dict]:
    """``n`` units' digests, listing and stub pages in ``out``; returns the index's records.
    (With ``parts_from``, a rendered site's folder: each unit also gets that site's one unit's
    package parts, so that the package can be made for ``n`` units.)"""
    rng = random.Random(24)
    (out / DIGESTS).mkdir(parents=True, exist_ok=True)
    source_parts = sorted((parts_from / ".budgetkit" / "parts").iterdir()) if parts_from else []  # CSV and packed rows
    records, lines = [], []
    for i in range(n):
        level, kind = KINDS[i % 7 % 4]
        region = REGIONS[i % len(REGIONS)]
        unit = f"{region}合成样例{i:05d}中心"
        year = YEARS[(i // len(REGIONS)) % len(YEARS)]
        total = rng.randrange(10_000_000, 50_000_000_000)
        basic = rng.randrange(2000, 9800)
        staff = rng.randrange(5, 400) if i % 5 else None
        errors = rng.choice([0, 0, 0, 1, 2]) if i % 3 == 0 else 0
        dig = {**base, "unit": unit, "unit_code": f"{100000 + i}", "region": region, "year": year, "kind": kind,
               "level": level, "group": unit, "total": total, "basic_share": f"{basic / 100:.2f}",
               "project_share": f"{(10000 - basic) / 100:.2f}", "personnel_share": f"{rng.randrange(3000, 9900) / 100:.2f}",
               "staff": staff, "per_active": total // staff if staff else None,
               "three_public": rng.randrange(0, 200_000_000) if staff else None,
               "operating_costs": rng.randrange(0, 900_000_000) if staff else None,
               "counts": {"error": errors, "warning": rng.randrange(0, 6), "info": rng.randrange(0, 9), "doubts": 0},
               "score": f"{rng.randrange(600, 1001) / 10:.1f}",
               "rules": {**base["rules"], **({"table.total_row": {"error": errors}} if errors else {})}}
        key = f"k{i:05d}"
        (out / DIGESTS / f"{key}.json").write_text(json.dumps(dig, ensure_ascii=False), encoding="utf-8")
        html = f"{region}/{unit}-{year}-{level}{kind}.html"
        page = out / html
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<!DOCTYPE html><title>报告</title>", encoding="utf-8")
        for part in source_parts:
            name = part.name.split(".", 1)[1]
            target = out / ".budgetkit" / "parts" / f"{key}.{name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(part.read_bytes())
        lines.append(json.dumps({"key": key, "html": html}, ensure_ascii=False))
        stem = html[:-5]
        records.append({"html": html, "data_key": key, "file": f"{i}.pdf", "files": [f"{i}.pdf"], "unit": unit,
                        "unit_code": dig["unit_code"], "region": region, "year": year, "kind": kind, "level": level,
                        "total": total, "basic_share": dig["basic_share"], "project_share": dig["project_share"],
                        "personnel_share": dig["personnel_share"], "score": dig["score"], "errors": errors,
                        "warnings": dig["counts"]["warning"], "infos": dig["counts"]["info"], "counts": dig["counts"],
                        "downloads": [{"href": f"{stem}.csv", "label": "CSV"}, {"href": f"{stem}.xlsx", "label": "XLSX"}]})
    (out / LISTING).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return records


def render_overview(out: Path) -> Path:
    """The overview notebook executed on the digests and exported, as the renderer does."""
    from budgetkit.render.execute import execute, notebook
    from budgetkit.render.export import to_html

    nb = execute(notebook("overview.ipynb"), out / ".overview.ipynb", {"site": str(out)}, warm=False, timeout=600)
    path = out / "overview.html"
    path.write_text(to_html(nb, show_code=False, title="预算公开总览"), encoding="utf-8")
    return path


# -- 10,000 units in a browser ---------------------------------------------------------------------

N = 10_000


@pytest.fixture(scope="module")
def big_site(tmp_path_factory, seed_digest):
    from budgetkit.render.site import write_index

    from budgetkit.webfont import site_font

    out = tmp_path_factory.mktemp("big-site")
    records = make_digests(out, N, seed_digest)
    start = time.perf_counter()
    write_index(out, records, [], overview="overview.html", font=site_font(out))  # as a render writes it
    index_seconds = time.perf_counter() - start
    render_overview(out)
    return out, records, index_seconds


def test_the_index_of_10000_units_is_small_and_written_quickly(big_site):
    out, records, seconds = big_site
    index = (out / "index.html").read_text(encoding="utf-8")
    units = (out / "units.js").read_bytes()
    assert "<tbody id=\"units-body\">" in index and "<noscript>" in index  # no rows in the page: units.js has them
    assert index.count("<tr") < 10  # the header row and the failure list's, not 10,000 units
    assert len(units) < 250 * N  # about 200 bytes a unit
    assert len(index.encode()) < 100_000  # the shared font linked: a face of the few characters beyond it
    assert seconds < 30
    data = json.loads(units.decode().removeprefix("window.BK_UNITS = ").rstrip().removesuffix(";"))
    assert len(data["rows"]) == N and len(data["regions"]) == len(REGIONS)


def test_the_index_links_the_shared_font_and_embeds_only_the_characters_beyond_it(tmp_path, seed_digest):
    """The index links the site's shared font as the reports do, and embeds a face of the
    characters beyond it that the page and its rows show (a rare character in one unit's name
    among them), not a face of every name: here a face of 2 KB where the page embedded 40 KB (the
    names of these units share their characters; 200 benchmark units, each with a character of its
    own, made 450 KB)."""
    import re

    from budgetkit.render.site import write_index
    from budgetkit.webfont import core_chars, site_font

    rare = next(c for c in "亍丌兀丐廿卅丕亘丞鬲孬噩" if c not in core_chars())
    out = tmp_path / "site"
    records = make_digests(out, 300, seed_digest)
    records[7]["unit"] = f"{records[7]['region']}{rare}测试中心"
    font = site_font(out)
    write_index(out, records, [], font=font)
    linked = (out / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="stylesheet" href="{font}">' in linked and (out / font).is_file()
    faces = re.findall(r"@font-face\{[^}]*\}", linked)
    assert len(faces) == 1 and f"U+{ord(rare):X}" in faces[0]  # the rare character, in a face for it
    ranges = re.search(r"unicode-range:([^;}]*)", faces[0]).group(1).split(",")
    assert all(int(r.removeprefix("U+").split("-")[0], 16) > 127 for r in ranges)  # nothing the shared font has
    assert not set(core_chars()) & {chr(int(r.removeprefix("U+").split("-")[0], 16)) for r in ranges}
    write_index(out, records, [])  # without the shared font: every glyph embedded, as --self-contained
    whole = (out / "index.html").read_text(encoding="utf-8")
    assert "bk-core-" not in whole
    assert len(faces[0]) < 6_000 and len(whole) - len(linked) > 30_000, (len(faces[0]), len(linked), len(whole))


@pytest.mark.browser
@pytest.mark.slow
def test_the_index_of_10000_units_loads_searches_sorts_and_filters_quickly(browser, big_site):
    from test_browser import Visit

    out, records, _ = big_site
    started = time.perf_counter()
    visit = Visit(browser, (out / "index.html").as_uri(), width=1280)
    page = visit.page
    page.wait_for_selector("#units tbody tr")
    loaded = time.perf_counter() - started
    assert loaded < 2.0, f"the index took {loaded:.2f} s to open"
    assert page.text_content("#shown") == f"显示 {N} / {N} 份"
    assert page.text_content("#page-no") == f"第 1 / {N // 100} 页"
    assert page.eval_on_selector_all("#units tbody tr", "rs => rs.length") == 100

    def timed(script: str, runs: int = 3) -> float:
        """Milliseconds for ``script`` (an event handler's whole work, layout included): the best of
        ``runs`` (odd, so that a click that toggles ends where one click would), as a shared
        machine's pauses are no cost of the page's."""
        return min(page.evaluate(f"() => {{ const t = performance.now(); {script}; document.body.offsetHeight; "
                                 f"return performance.now() - t; }}") for _ in range(runs))

    def column(i: int) -> list[str]:
        return page.eval_on_selector_all("#units tbody tr", f"rs => rs.map(r => r.cells[{i}].getAttribute('data-sort') ?? "
                                                            f"r.cells[{i}].textContent.trim())")

    # a search: one unit among 10,000, under 100 ms
    ms = timed("const q = document.getElementById('q'); q.value = '样例04321'; q.dispatchEvent(new Event('input'))")
    assert ms < 100, f"a search took {ms:.0f} ms"
    assert page.text_content("#shown") == f"显示 1 / {N} 份"
    assert column(0) == [records[4321]["unit"]]
    shown = page.eval_on_selector("#units tbody tr", "r => Array.from(r.cells).map(c => c.textContent.trim())")
    assert shown[3] == present.wan(records[4321]["total"]) and shown[8] == present.pct(records[4321]["basic_share"])
    page.fill("#q", "")

    # sorting by 支出合计: the smallest of all first, under 100 ms; the next page goes on from it
    heads = page.eval_on_selector_all("#units thead th", "ths => ths.map(t => t.textContent.trim())")
    total = heads.index("支出合计") + 1
    ms = timed(f"document.querySelector('#units thead th:nth-child({total}) button').click()")
    assert ms < 100, f"sorting took {ms:.0f} ms"
    ordered = sorted(r["total"] for r in records)
    assert [int(x) for x in column(total - 1)] == ordered[:100]
    page.click("#next")
    assert [int(x) for x in column(total - 1)] == ordered[100:200]
    assert page.text_content("#page-no") == f"第 2 / {N // 100} 页"
    ms = timed(f"document.querySelector('#units thead th:nth-child({total}) button').click()")
    assert ms < 100 and [int(x) for x in column(total - 1)] == ordered[::-1][:100]
    # by name (the zh-CN collator's order, ranked once when the page is idle)
    page.wait_for_timeout(400)
    ms = timed("document.querySelector('#units thead th:nth-child(1) button').click()")
    assert ms < 100, f"sorting by name took {ms:.0f} ms"
    expected = page.evaluate("names => names.slice().sort(new Intl.Collator('zh-CN', {numeric: true}).compare).slice(0, 100)",
                             [r["unit"] for r in records])
    assert column(0) == expected

    # the filters: a region, a year, errors only; each under 100 ms, the counts those of the data
    region = REGIONS[3]
    ms = timed(f"const s = document.getElementById('f-region'); s.value = '{region}'; s.dispatchEvent(new Event('change'))")
    assert ms < 100, f"filtering took {ms:.0f} ms"
    expected = [r for r in records if r["region"] == region]
    assert page.text_content("#shown") == f"显示 {len(expected)} / {N} 份"
    page.select_option("#f-year", "2024")
    expected = [r for r in expected if r["year"] == 2024]
    assert page.text_content("#shown") == f"显示 {len(expected)} / {N} 份" and expected
    assert set(column(heads.index("年度"))) == {"2024"} and set(column(heads.index("地区"))) == {region}
    page.click("#f-reset")
    page.wait_for_timeout(50)
    ms = timed("const e = document.getElementById('f-errors'); e.checked = true; e.dispatchEvent(new Event('change'))")
    assert ms < 100
    with_errors = [r for r in records if r["counts"]["error"]]
    assert page.text_content("#shown") == f"显示 {len(with_errors)} / {N} 份"
    assert all(int(e) > 0 for e in column(heads.index("公开文件错误")))

    assert visit.errors == [] and visit.failed == [] and visit.other_hosts(None) == []
    visit.page.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("width", [390, 1280])
def test_the_overview_of_10000_units_reads_on_a_phone(browser, big_site, width):
    from test_browser import LAYOUT, VISIBLE_TEXT, Visit
    from test_site_text import problems

    out, records, _ = big_site
    size = (out / "overview.html").stat().st_size
    assert size < 1_500_000, f"the overview is {size:,} bytes"
    started = time.perf_counter()
    visit = Visit(browser, (out / "overview.html").as_uri(), width=width)
    loaded = time.perf_counter() - started
    page = visit.page
    assert loaded < 2.0, f"the overview took {loaded:.2f} s to open"
    layout = page.evaluate(LAYOUT)
    assert layout["overflow"] <= 1, f"the page is {layout['overflow']} px wider than the window"
    for chart in layout["charts"]:
        assert chart["fontPx"] * chart["shown"] / chart["drawn"] >= 9.5, chart
    assert problems(page.evaluate(VISIBLE_TEXT)) == []
    text = page.inner_text("body")
    assert f"共 {N:,} 份公开文件" in text
    # the rankings link to the reports: the largest unit first
    largest = max(records, key=lambda r: r["total"])
    first = page.eval_on_selector(".bk-ranking a", "a => [a.textContent, decodeURIComponent(a.getAttribute('href'))]")
    assert first == [largest["unit"], largest["html"]]
    links = page.eval_on_selector_all(".bk-ranking a", "as => as.map(a => decodeURIComponent(a.getAttribute('href')))")
    assert len(links) >= 40 and all((out / link).exists() for link in links)
    assert page.eval_on_selector_all(".bk-chart", "cs => cs.length") >= 8
    assert visit.errors == [] and visit.failed == [] and visit.other_hosts(None) == []
    visit.page.close()


# -- memory flat in the number of units ------------------------------------------------------------

_STEP = r"""
import json, sys, time
from pathlib import Path
def peak_mb():  # this process's own high-water mark (ru_maxrss keeps the forking parent's across exec)
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024
out = Path(sys.argv[1])
records = json.loads((out / "records.json").read_text(encoding="utf-8"))
from budgetkit.overview import Overview
from budgetkit.render.downloads import _stream_package
from budgetkit.render.site import write_index
base = peak_mb()
start = time.perf_counter()
write_index(out, records, [], overview="overview.html")
del records
o = Overview.load(site=str(out))
html = "".join(str(getattr(o, b)()) for b in ("at_a_glance", "distributions", "rankings", "groups", "years",
                                               "findings", "functions", "side_by_side"))
keys = [json.loads(line)["key"] for line in (out / ".budgetkit/listing.jsonl").read_text(encoding="utf-8").splitlines()]
_stream_package(out, keys)
print(json.dumps({"peak_mb": peak_mb(), "imports_mb": base,
                  "seconds": time.perf_counter() - start, "overview_bytes": len(html.encode())}))
"""


@pytest.fixture(scope="module")
def rendered_seed(tmp_path_factory, seed_path):
    from budgetkit.render import render

    out = tmp_path_factory.mktemp("seed-site")
    assert render([seed_path], out=out, jobs=1, progress=False, with_overview=False).ok
    return out


def step_memory(tmp_path: Path, n: int, base: dict, rendered: Path) -> dict:
    out = tmp_path / f"site-{n}"
    records = make_digests(out, n, base, parts_from=rendered)
    (out / "records.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _STEP, str(out)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    import pandas as pd

    lines = len(pd.read_csv(out / "data" / "line_items.csv.gz", encoding="utf-8-sig", usecols=["unit"]))
    one = len(pd.read_csv(rendered / "data" / "line_items.csv.gz", encoding="utf-8-sig", usecols=["unit"]))
    assert one > 200 and lines == n * one  # every unit's rows in the package, streamed
    figures["package_bytes"] = sum(p.stat().st_size for p in (out / "data").iterdir())
    return figures


@pytest.mark.slow
def test_the_site_steps_memory_does_not_grow_with_the_units(tmp_path, seed_digest, rendered_seed):
    """The index, the overview's data and blocks and the data package from 200 and from 2,000
    units' digests and parts: the peak memory of the process barely moves (each unit's rows are
    streamed; what grows is a short row per unit)."""
    small = step_memory(tmp_path, 200, seed_digest, rendered_seed)
    large = step_memory(tmp_path, 2000, seed_digest, rendered_seed)
    print(f"\nsite step: 200 units {small}\n           2000 units {large}")
    assert large["peak_mb"] < small["peak_mb"] * 1.2, (small, large)
    assert large["peak_mb"] - small["peak_mb"] < 40, (small, large)
    # the package gzipped: the seed's four tables are 97 KB a unit plain, about 8 KB gzipped
    assert large["package_bytes"] < 2000 * 12_000, large


def test_a_rules_findings_are_counted_by_the_severity_each_was_found_with():
    """A rule whose failures are errors where corroborated and warnings or reading doubts elsewhere
    (narrative.change_rate) is listed once per severity: the overview's 错误 rows add up to the
    index's error counts (one row per rule said 错误 18 where the corpus had 5 such errors)."""
    from budgetkit.overview import Overview

    digests = [({"unit": "甲", "rules": {"narrative.change_rate": {"error": 1, "warning": 2}}}, None),
               ({"unit": "乙", "rules": {"narrative.change_rate": {"warning": 1}, "reading.doubtful": {"doubt": 1}}}, None)]
    assert Overview.from_digests(digests).rules == {
        ("narrative.change_rate", "error"): [1, 1], ("narrative.change_rate", "warning"): [3, 2],
        ("reading.doubtful", "doubt"): [1, 1]}
