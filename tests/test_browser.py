"""The site as a reader's browser sees it: headless Chromium opens the index and a report from
disk and through a static server on 127.0.0.1, follows every link, and finds no console error
and no request to another host; a screenshot shows the Chinese headings drawn.

The whole corpus, at 1280 and 390 px: every page fits the window (wide tables scroll inside
their box), names are never stacked a character per line, chart text stays legible, the index
sorts and filters, each report links back to the index and to the unit's other years.
Screenshots of every page at both widths are kept in ``test-output/browser/``."""

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from budgetkit.render import render
from budgetkit.render.site import write_index
from test_site_text import problems as text_problems

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps"]


def _install_chromium() -> str | None:
    path = shutil.which("chromium")
    if path:
        return path
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=600)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], env=env, capture_output=True, timeout=900)
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def browser():
    path = _install_chromium()
    if path is None:
        pytest.skip("Debian's chromium is not installed and cannot be installed here (needs root and apt-get)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("site")
    result = render([seed_path], out=out, jobs=1, progress=False)
    assert result.ok
    return out


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.RequestHandlerClass.log_message = lambda *a: None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class Visit:
    """One page load: its console errors, page errors, and every request made."""

    def __init__(self, browser, url, width: int = 1200):
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors, self.requests, self.failed = [], [], []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.response = self.page.goto(url, wait_until="load")

    def other_hosts(self, allowed: str | None):
        out = []
        for url in self.requests:
            u = urlparse(url)
            if u.scheme in ("data", "blob", "about") or (u.scheme == "file" and allowed is None):
                continue
            if allowed is not None and u.netloc == allowed:
                continue
            out.append(url)
        return out

    def links(self):
        return self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")


def _check_site(browser, start: str, allowed_host: str | None):
    index = Visit(browser, start)
    links = index.links()
    pages = [link for link in links if urlparse(link).path.endswith(".html") and not urlparse(link).fragment]
    assert len(pages) == 2  # the report and the overview
    for visit in [index] + [Visit(browser, link) for link in pages]:
        assert visit.response is None or visit.response.ok, visit.page.url
        assert visit.errors == [], (visit.page.url, visit.errors)
        assert visit.failed == [], (visit.page.url, visit.failed)
        assert visit.other_hosts(allowed_host) == [], (visit.page.url, visit.other_hosts(allowed_host))
        assert "北京市西城区社会保险基金管理中心" in visit.page.content()
        visit.page.close()


def test_site_from_disk(browser, site):
    _check_site(browser, (site / "index.html").as_uri(), allowed_host=None)


def test_site_through_a_static_server(browser, server):
    _check_site(browser, server + "index.html", allowed_host=urlparse(server).netloc)


def test_chinese_headings_are_drawn(browser, site, tmp_path):
    """The page with its font (the site's shared font file, linked from disk, and the face of the
    few characters it prints beyond it) against the same page without either: on a machine
    without Chinese fonts the second shows empty boxes, so the headings must differ."""
    from PIL import Image, ImageChops

    report = next(p for p in site.rglob("*.html") if p.parent != site)
    assert '<link rel="stylesheet" href="../fonts/bk-core-' in report.read_text(encoding="utf-8")
    without = report.with_name("no-font.html")  # beside it: the same relative links, the font's left out
    without.write_text(re.sub(r'<style>@font-face\{[^<]*\}</style>|<link rel="stylesheet" href="[^"]*fonts/[^"]*">', "",
                              report.read_text(encoding="utf-8")), encoding="utf-8")
    shots = []
    for page_file, name in ((report, "with-font.png"), (without, "without-font.png")):
        visit = Visit(browser, page_file.as_uri())
        visit.page.screenshot(path=str(tmp_path / name), clip={"x": 0, "y": 0, "width": 1200, "height": 260})
        visit.page.close()
        shots.append(Image.open(tmp_path / name).convert("L"))
    without.unlink()
    diff = ImageChops.difference(*shots)
    changed = sum(1 for v in diff.tobytes() if v > 40) / (diff.width * diff.height)
    assert changed > 0.005, f"headings look the same with and without the font ({changed:.4f} of pixels differ)"
    shutil.copy(tmp_path / "with-font.png", site / "screenshot-header.png")


def test_a_compact_chart_is_drawn_as_matplotlibs_own(browser, seed, tmp_path, monkeypatch):
    """Each of the seed's five charts, as a page shows it (compacted: ``charts._compact``) and as
    matplotlib wrote it, drawn by Chromium in the page's font: the same pixels."""
    from PIL import Image, ImageChops

    from budgetkit import charts
    from budgetkit.webfont import embed_font

    names = ["structure_chart", "function_chart", "economic_chart", "projects_chart", "yoy_chart"]
    compact = [charts.image(getattr(charts, n)(seed))["svg"] for n in names]
    monkeypatch.setattr(charts, "_compact", lambda svg: svg)
    plain = [charts.image(getattr(charts, n)(seed))["svg"] for n in names]
    assert sum(map(len, compact)) < 0.8 * sum(map(len, plain))
    for k, (a, b) in enumerate(zip(compact, plain)):
        shots = []
        for which, svg in (("compact", a), ("plain", b)):
            page = tmp_path / f"{k}-{which}.html"
            page.write_text(embed_font('<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0;'
                                       'font-family:"BK Noto Sans SC"}</style></head><body>' + svg + "</body></html>"),
                            encoding="utf-8")
            visit = Visit(browser, page.as_uri(), width=600)
            visit.page.locator("svg").screenshot(path=str(tmp_path / f"{k}-{which}.png"))
            visit.page.close()
            shots.append(Image.open(tmp_path / f"{k}-{which}.png").convert("RGB"))
        assert shots[0].size == shots[1].size, names[k]
        assert ImageChops.difference(*shots).getbbox() is None, names[k]  # not one pixel differs


_WIDE = re.compile(r"[\u2e80-\uffff]")  # CJK characters and full-width marks


def _glyphs_by_the_page_font(page, selector: str) -> list[tuple[str, int, int]]:
    """For each element matched: its own text (its child text nodes), how many of those characters
    are wide (CJK, full-width marks) and how many glyphs Chromium drew for them with the page's
    embedded font (DevTools' ``CSS.getPlatformFontsForNode``)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    out = []
    for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
        handle = cdp.send("DOM.resolveNode", {"nodeId": node})["object"]["objectId"]
        text = cdp.send("Runtime.callFunctionOn", {
            "objectId": handle, "returnByValue": True,
            "functionDeclaration": "function () { return [...this.childNodes].filter(n => n.nodeType === 3)"
                                   ".map(n => n.textContent).join(''); }"})["result"]["value"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        out.append((text, len(_WIDE.findall(text)), sum(f["glyphCount"] for f in fonts if f["isCustomFont"])))
    return out


def test_the_index_draws_the_units_names_in_the_shared_font(browser, site):
    """The index links the site's shared font (``fonts/bk-core-….css``, from disk) and embeds only
    the glyphs beyond it: every wide character of the unit names its script draws, and of its
    headings, is drawn by the page's fonts, none by the machine's."""
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="fonts/bk-core-' in html
    assert len(html.encode()) < 60_000  # the page with its own few glyphs (it embedded every one, 100 KB more)
    visit = Visit(browser, (site / "index.html").as_uri())
    visit.page.wait_for_selector("#units tbody tr")
    drawn = _glyphs_by_the_page_font(visit.page, "#units td.name a, h1, h2")
    assert visit.errors == [] and visit.failed == []
    assert any(file.startswith("file://") and "/fonts/bk-core-" in file for file in visit.requests)
    visit.page.close()
    assert sum(wide for _, wide, _ in drawn) > 20 and any("社会保险基金管理中心" in text for text, _, _ in drawn)
    missing = [(text, wide, custom) for text, wide, custom in drawn if custom < wide]
    assert missing == [], missing


def test_failure_list_is_drawn_in_the_page_font(browser, tmp_path, seed_path):
    """The index's list of files that made no report: the file's Chinese name, the reason and its
    technical detail (code, in a monospace face that has no CJK glyph) are all drawn by the page's
    embedded font, so no machine shows empty boxes there."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(seed_path, docs / seed_path.name)
    (docs / "坏文件-预算公开.txt").write_text("这不是预算文件，只是一段文字。\n", encoding="utf-8")
    result = render([docs], out=tmp_path / "site", jobs=1, progress=False)
    assert len(result.failures) == 1
    # a failure whose technical detail quotes Chinese (a notebook that met a column it lacked)
    failures = result.failures + [{"file": str(docs / "某局-2024年部门预算.pdf"),
                                   "reason": "notebook failed: KeyError: '项目名称'"}]
    write_index(tmp_path / "site", result.reports, failures)
    visit = Visit(browser, (tmp_path / "site" / "index.html").as_uri())
    drawn = _glyphs_by_the_page_font(visit.page, "tr.failed td, tr.failed td *")
    visit.page.close()
    assert sum(wide for _, wide, _ in drawn) > 40
    assert "notebook failed: KeyError: '项目名称'" in [text for text, _, _ in drawn]  # code with Chinese in it
    missing = [(text, wide, custom) for text, wide, custom in drawn if custom < wide]
    assert missing == [], missing


# -- a report's links to its unit's other years: its own unit's script, a year added later ----------

SEED_UNIT = "北京市西城区社会保险基金管理中心"


def test_a_report_loads_only_its_units_navigation_and_shows_a_year_rendered_later(browser, tmp_path, seed_text):
    """Two units; the seed's 2023 page rendered first, its 2024 report in a later run. The 2023 page
    is not rendered again, yet from disk it links 2024: the later run wrote the unit's script
    (``nav/<hash>.js``) again. The page loads that one script, which holds its own unit only
    (not the other unit's, which has a script of its own)."""
    import json

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "2023.txt").write_text(seed_text, encoding="utf-8")
    (docs / "other.txt").write_text(seed_text.replace(SEED_UNIT, "北京市西城区测试甲中心"), encoding="utf-8")
    out = tmp_path / "site"
    first = render([docs], out=out, jobs=1, progress=False, with_overview=False)
    assert first.ok and len(first.reports) == 2
    page = out / next(r["html"] for r in first.reports if r["unit"] == SEED_UNIT and r["year"] == 2023)
    before = page.read_bytes()
    nav_files = sorted((out / "nav").iterdir())
    assert len(nav_files) == 2 and not (out / "site-nav.js").exists()

    (docs / "2024.txt").write_text(seed_text.replace("2023年部门预算公开", "2024年部门预算公开"), encoding="utf-8")
    second = render([docs], out=out, jobs=1, progress=False, with_overview=False)
    assert second.ok and len(second.reports) == 3
    assert str(page.relative_to(out)) not in second.rendered and page.read_bytes() == before  # not rendered again

    visit = Visit(browser, page.as_uri())
    nav = visit.page.eval_on_selector_all("nav.bk-nav .bk-years a", "as => as.map(a => [a.textContent, a.href])")
    assert [text for text, _ in nav] == ["2024年部门预算"]  # the year rendered later
    assert Path(unquote(urlparse(nav[0][1]).path)).exists()
    assert visit.page.text_content("nav.bk-nav .bk-years strong") == "2023年部门预算"
    scripts = [url for url in visit.requests if url.endswith(".js")]
    visit.page.close()
    assert visit.errors == [] and visit.failed == []
    assert len(scripts) == 1 and "/nav/" in scripts[0], scripts  # its own unit's script, nothing else
    mine = Path(unquote(urlparse(scripts[0]).path))
    data = json.loads(mine.read_text(encoding="utf-8").removeprefix("window.BK_SITE = ").rstrip().rstrip(";"))
    ((group, entries),) = data["units"].items()
    assert SEED_UNIT in group and [e["label"] for e in entries] == ["2023年部门预算", "2024年部门预算"]
    assert "测试甲中心" not in mine.read_text(encoding="utf-8")
    assert len(list((out / "nav").iterdir())) == 2  # a script per unit, not per report
    assert mine.stat().st_size < 2_000


# -- the whole corpus at a desktop's and a phone's width -------------------------------------------

WIDTHS = (1280, 390)

LAYOUT = """() => {
  const doc = document.documentElement;
  const overflow = Math.max(doc.scrollWidth, document.body.scrollWidth) - window.innerWidth;
  const stacked = [];
  for (const cell of document.querySelectorAll("td, th")) {
    const text = cell.textContent.trim();
    if (text.length < 4 || !cell.offsetParent) continue;
    const em = parseFloat(getComputedStyle(cell).fontSize);
    const lines = cell.getBoundingClientRect().height / (em * 1.2);
    if (cell.clientWidth < 2.6 * em && lines >= 3) stacked.push(text.slice(0, 20));
  }
  const charts = [...document.querySelectorAll(".bk-chart")].map(box => ({
    alt: box.getAttribute("aria-label").slice(0, 20), shown: box.querySelector("svg").getBoundingClientRect().width,
    drawn: parseFloat(box.dataset.width), fontPx: parseFloat(box.dataset.fontPx)}));
  return {overflow, stacked, charts};
}"""


#: the text a reader sees at this width: visible elements only, without scripts, styles and code,
#: images by their description; what the document printed (class ``bk-printed``) quoted 「…」, as
#: tests/test_site_text.py reads the HTML
VISIBLE_TEXT = """() => {
  const parts = [];
  const walk = (node, printed) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const t = node.textContent;
      if (t.trim()) parts.push(printed ? "「" + t.trim() + "」" : t);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const tag = node.tagName.toLowerCase();
    if (["script", "style", "code", "template", "noscript"].includes(tag)) return;
    if (node.checkVisibility && !node.checkVisibility()) return;
    if (tag === "img") { parts.push(node.alt || ""); return; }
    const mine = printed || node.classList.contains("bk-printed");
    for (const child of node.childNodes) walk(child, mine);
    parts.push("\\n");
  };
  walk(document.body, false);
  return parts.join("");
}"""


def _corpus_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if ".budgetkit" not in p.parts)


@pytest.fixture(scope="module")
def shots(test_output):
    folder = test_output / "browser"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


@pytest.mark.corpus
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_and_loads_nothing_from_elsewhere(browser, corpus_site, shots, width):
    pages = _corpus_pages(corpus_site)
    assert len(pages) >= 19
    problems = {}
    for path in pages:
        visit = Visit(browser, path.as_uri(), width=width)
        rel = str(path.relative_to(corpus_site))
        layout = visit.page.evaluate(LAYOUT)
        found = []
        if visit.errors:
            found.append(f"console: {visit.errors[:3]}")
        if visit.failed:
            found.append(f"failed requests: {visit.failed[:3]}")
        if visit.other_hosts(None):
            found.append(f"other hosts: {visit.other_hosts(None)[:3]}")
        found += text_problems(visit.page.evaluate(VISIBLE_TEXT))  # no identifier, nan, None or English
        if layout["overflow"] > 1:
            found.append(f"the page is {layout['overflow']} px wider than the window")
        if layout["stacked"]:
            found.append(f"names stacked a character per line: {layout['stacked'][:3]}")
        for chart in layout["charts"]:
            text_px = chart["fontPx"] * chart["shown"] / chart["drawn"]
            if chart["shown"] > chart["drawn"] + 0.5 or text_px < 9.5:
                found.append(f"chart {chart['alt']!r}: shown {chart['shown']:.0f} px of {chart['drawn']:.0f}, text {text_px:.1f} px")
        name = rel.replace("/", "__").removesuffix(".html")
        visit.page.screenshot(path=str(shots / f"{width}-{name}.jpg"), full_page=True, type="jpeg", quality=75)
        visit.page.close()
        if found:
            problems[rel] = found
    assert problems == {}


def _column(page, index: int) -> list[str]:
    return page.eval_on_selector_all(
        "#units tbody tr:not([hidden])", f"rows => rows.map(r => r.cells[{index}].getAttribute('data-sort') ?? r.cells[{index}].textContent.trim())")


@pytest.mark.corpus
@pytest.mark.parametrize("width", WIDTHS)
def test_the_index_sorts_filters_and_searches(browser, corpus_site, width):
    visit = Visit(browser, (corpus_site / "index.html").as_uri(), width=width)
    page = visit.page
    heads = page.eval_on_selector_all("#units thead th", "ths => ths.map(t => t.textContent.trim())")
    total = heads.index("支出合计")
    before = _column(page, total)
    figures = [float(x) for x in before if x]  # a unit whose total is not printed has none: listed last
    blanks = [""] * (len(before) - len(figures))
    page.click("#units thead th:nth-child(%d) button" % (total + 1))
    ascending = _column(page, total)
    assert ascending != before and [float(x) for x in ascending[:len(figures)]] == sorted(figures)
    assert ascending[len(figures):] == blanks
    assert page.get_attribute("#units thead th:nth-child(%d)" % (total + 1), "aria-sort") == "ascending"
    page.click("#units thead th:nth-child(%d) button" % (total + 1))
    descending = _column(page, total)
    assert [float(x) for x in descending[:len(figures)]] == sorted(figures, reverse=True)
    assert descending[len(figures):] == blanks

    rows = len(before)
    page.select_option("#f-year", "2019")
    years = _column(page, heads.index("年度"))
    assert years and set(years) == {"2019"} and len(years) < rows
    assert page.text_content("#shown") == f"显示 {len(years)} / {rows} 份"
    page.click("#f-reset")
    page.fill("#q", "检察院")
    names = _column(page, 0)
    assert len(names) == 3 and all("检察院" in n for n in names)  # 江苏省人民检察院 2017, 2018, 2019
    page.fill("#q", "")
    page.check("#f-errors")
    errors = _column(page, heads.index("公开文件错误"))
    assert errors and all(int(e) > 0 for e in errors)
    assert visit.errors == []
    visit.page.close()


@pytest.mark.corpus
def test_a_report_links_back_and_to_the_units_other_years(browser, corpus_site):
    """中共江苏省委办公厅 2018 links its 2017 page (published as 中国共产党江苏省委员会办公厅) and its
    2019 page, the index, and its own CSV and XLSX; every one of those links opens."""
    path = next(corpus_site.rglob("中共江苏省委办公厅-2018-*.html"))
    visit = Visit(browser, path.as_uri())
    nav = visit.page.eval_on_selector_all("nav.bk-nav a", "as => as.map(a => [a.textContent, a.href])")
    texts = [t for t, _ in nav]
    assert texts[0] == "← 全部报告"
    assert "2017年部门预算" in texts and "2019年部门预算" in texts and "CSV" in texts and "XLSX" in texts
    assert visit.page.text_content("nav.bk-nav strong") == "2018年部门预算"  # this page, not a link
    for _, href in nav:
        target = Path(unquote(urlparse(href).path))
        assert target.exists(), href
    assert "中国共产党江苏省委员会办公厅-2017" in unquote(dict(nav)["2017年部门预算"])
    assert visit.errors == []
    visit.page.close()


@pytest.mark.corpus
def test_an_error_shows_the_printed_page_and_links_to_it(browser, corpus_site):
    """上海市普陀区财政局 2024 决算: the finding on "财政拨款收入支出总计0.3万元" shows crops of p21 (the sentence)
    and p13 (the table's 总计 2,961.68), drawn in the browser, and its page links open the copied PDF."""
    path = next(corpus_site.rglob("上海市普陀区财政局-2024-*.html"))
    visit = Visit(browser, path.as_uri())
    row = visit.page.locator(".bk-finding.bk-error", has_text="0.3万元").first
    images = row.locator("figure.bk-evidence img")
    assert images.count() == 2
    for k in range(images.count()):
        assert images.nth(k).evaluate("img => img.complete && img.naturalWidth > 50")
    links = row.locator("a.bk-page").evaluate_all("as => as.map(a => a.href)")
    assert any(link.endswith("#page=21") for link in links) and any(link.endswith("#page=13") for link in links)
    for link in links:
        target = Path(unquote(urlparse(link).path))
        assert target.exists() and target.read_bytes()[:5] == b"%PDF-", link
    assert visit.errors == []
    visit.page.close()


# -- the findings as cards on a phone, rows on a wide screen (#25) -----------------------------------

FINDINGS_LAYOUT = """() => {
  const section = document.querySelector(".bk-findings-view");
  const doc = document.documentElement;
  const box = section.getBoundingClientRect();
  const wider = [...section.querySelectorAll("*")].filter(e => e.checkVisibility() && e.getBoundingClientRect().right > box.right + 1)
    .map(e => e.className || e.tagName);
  const findings = [...section.querySelectorAll(".bk-finding")].filter(e => e.checkVisibility());
  return {
    page: Math.max(doc.scrollWidth, document.body.scrollWidth) - window.innerWidth,
    section: section.scrollWidth - section.clientWidth, wider: wider.slice(0, 5),
    displays: [...new Set(findings.map(e => getComputedStyle(e).display))],
    head: [...section.querySelectorAll(".bk-fhead")].some(e => e.checkVisibility()),
    shown: findings.length,
  };
}"""


@pytest.fixture(scope="module")
def findings_site(tmp_path_factory, seed_text):
    from test_findings_view import VARIANT_UNIT, many_findings_text

    inputs = tmp_path_factory.mktemp("findings-inputs")
    (inputs / "variant.txt").write_text(many_findings_text(seed_text, VARIANT_UNIT), encoding="utf-8")
    out = tmp_path_factory.mktemp("findings-site")
    result = render([inputs], out=out, jobs=1, progress=False)
    assert result.ok
    return next(p for p in out.rglob(f"{VARIANT_UNIT}-*.html"))


@pytest.mark.parametrize("width", WIDTHS)
def test_findings_are_cards_on_a_phone_and_rows_on_a_wide_screen(browser, findings_site, test_output, width):
    visit = Visit(browser, findings_site.as_uri(), width=width)
    page = visit.page
    closed = page.evaluate(FINDINGS_LAYOUT)
    page.click("details.bk-fcause > summary")  # opened on demand, no script
    assert page.locator("details.bk-fcause").evaluate("d => d.open")
    opened = page.evaluate(FINDINGS_LAYOUT)
    assert opened["shown"] == closed["shown"] + 3  # the three cells that are no amounts
    for layout in (closed, opened):
        assert layout["page"] <= 1 and layout["section"] <= 1 and layout["wider"] == [], layout
        if width <= 600:
            assert layout["displays"] == ["block"] and not layout["head"], layout  # cards, no column heads
        else:
            assert layout["displays"] == ["grid"] and layout["head"], layout  # rows under 级别 说明 位置 规则
    if width <= 600:
        labels = page.locator(".bk-finding .bk-flabel").first
        assert labels.is_visible() and labels.text_content() == "位置："
    folder = test_output / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    page.locator(".bk-findings-view").screenshot(path=str(folder / f"findings-{width}.png"))
    assert visit.errors == []
    page.close()


@pytest.mark.corpus
def test_an_errors_printed_page_is_shown_at_full_width_on_a_phone(browser, corpus_site):
    """上海市普陀区财政局 2024 决算 at 390 px: the error's card shows its crops as wide as the card."""
    path = next(corpus_site.rglob("上海市普陀区财政局-2024-*.html"))
    visit = Visit(browser, path.as_uri(), width=390)
    card = visit.page.locator(".bk-finding.bk-error", has_text="0.3万元").first
    assert card.evaluate("e => getComputedStyle(e).display") == "block"
    message = card.locator(".bk-fmsg")
    inner = message.evaluate("e => e.clientWidth")
    for k in range(card.locator("figure.bk-evidence img").count()):
        img = card.locator("figure.bk-evidence img").nth(k)
        assert img.evaluate("img => img.complete && img.naturalWidth > 50")
        shown = img.evaluate("img => img.getBoundingClientRect().width")
        assert shown >= inner - 4 and shown <= inner + 1, (shown, inner)
    layout = visit.page.evaluate(FINDINGS_LAYOUT)
    assert layout["page"] <= 1 and layout["section"] <= 1 and layout["wider"] == [], layout
    assert visit.errors == []
    visit.page.close()
