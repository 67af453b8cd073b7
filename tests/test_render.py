"""Rendering reports with papermill + nbconvert, and the index page."""

import re
from pathlib import Path

import pytest

from budgetkit.render import render
from budgetkit.render.names import report_stem, safe_part, unique_stems

pytestmark = pytest.mark.slow

SEED_UNIT = "北京市西城区社会保险基金管理中心"
EXTERNAL = re.compile(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", re.I)
PROJECTS = {
    "区县离休干部生活补贴支出(2023年）": "1,120.14",
    "困难人员参加城乡居民基本养老保险代缴保费（2023年）": "173.80",
    "社保业务档案加工服务费（2023年）": "129.00",
    "公告邮寄专审费（2023年）": "77.86",
    "预留机动费（社保中心2023年）": "38.21",
    "对外窗口业务费(2023年）": "37.80",
    "电子设备类（2023年）": "37.33",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_text):
    inputs = tmp_path_factory.mktemp("inputs")
    (inputs / "seed.txt").write_text(seed_text, encoding="utf-8")
    (inputs / "copy-a.txt").write_text(seed_text.replace(SEED_UNIT, "北京市西城区测试甲中心"), encoding="utf-8")
    (inputs / "copy-b.txt").write_text(
        seed_text.replace(SEED_UNIT, "北京市西城区测试乙中心").replace("2023年部门预算公开", "2024年部门预算公开"),
        encoding="gb18030")
    (inputs / "broken.txt").write_bytes(b"")
    out = tmp_path_factory.mktemp("reports")
    result = render([inputs], out=out, jobs=2, progress=False, keep_notebooks=True)
    return out, result


def test_three_reports_an_index_and_the_broken_file_listed(site):
    out, result = site
    assert len(result.reports) == 3
    assert [f["file"].rsplit("/", 1)[-1] for f in result.failures] == ["broken.txt"]
    assert "the file is empty" in result.failures[0]["reason"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "broken.txt" in index and "文件是空的" in index  # the reader's reason, in the page's language
    for r in result.reports:
        assert (out / r["html"]).exists() and (out / r["ipynb"]).exists()  # executed notebook beside
        assert r["html"].replace("%", "") in index or r["html"] in _unquote_links(index)
    assert sorted(r["html"] for r in result.reports) == [
        "北京市西城区/北京市西城区测试乙中心-2024-部门预算.html",
        "北京市西城区/北京市西城区测试甲中心-2023-部门预算.html",
        f"北京市西城区/{SEED_UNIT}-2023-部门预算.html",
    ]


def _unquote_links(html):
    from urllib.parse import unquote

    return [unquote(h) for h in re.findall(r'<a [^>]*href="([^"]+)"', html)]


def test_the_report_shows_the_key_figures(site):
    out, _ = site
    html = (out / "北京市西城区" / f"{SEED_UNIT}-2023-部门预算.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    assert "6,835.38万元" in text  # one number format on the page: separators, two decimals
    assert "76.39%" in text and "23.61%" in text
    assert "基本支出5,221.25万元，占76.39%" in text
    for name, amount in PROJECTS.items():
        assert name in text, name
        assert amount in text, amount
    assert "审核发现" in text and "公开完整性" in text and "人均支出" in text
    assert "原文写作4,954.22元，按万元计" in text
    assert "from budgetkit.report import" not in text  # code hidden
    # a finding names its rule in Chinese; the id stays in the page's data
    assert 'class="bk-rule" data-rule="plausibility.unit_slip"' in html and "金额单位写错" in text
    assert "plausibility.unit_slip" not in text


def test_reports_refer_to_no_other_host(site):
    out, _ = site
    for page in [out / "index.html", out / "overview.html", *out.glob("*/*.html")]:
        html = page.read_text(encoding="utf-8")
        assert not EXTERNAL.search(html), f"{page.name}: {EXTERNAL.search(html).group(0)}"
        # the only scripts a page loads are the site's own: a report its unit's navigation data,
        # the index its unit list, by a relative path
        scripts = re.findall(r'<script src="([^"]*)"', html)
        if page.name == "index.html":
            assert scripts == ["units.js"]
        elif page.name == "overview.html":
            assert scripts == []
        else:
            assert len(scripts) == 1 and re.fullmatch(r"\.\./nav/[0-9a-f]{16}\.js", scripts[0]), scripts
            assert (page.parent / scripts[0]).is_file()


def test_report_size_is_guarded(site):
    out, _ = site
    for page in out.glob("*/*.html"):
        assert page.stat().st_size <= 400_000, page


def test_index_links_resolve_and_include_the_overview(site):
    out, _ = site
    links = [link for link in _unquote_links((out / "index.html").read_text(encoding="utf-8")) if not link.startswith("#")]
    reports = [link for link in links if link.endswith(".html")]
    assert len(reports) == 4 and all((out / link).exists() for link in links)  # three reports and the overview
    assert "overview.html" in links and (out / "overview.ipynb").exists()
    overview = (out / "overview.html").read_text(encoding="utf-8")
    assert "北京市西城区测试甲中心" in overview and "各单位并列" in overview


def test_show_code_keeps_the_code(tmp_path, seed_path):
    result = render([seed_path], out=tmp_path, jobs=1, show_code=True, progress=False)
    html = (tmp_path / result.reports[0]["html"]).read_text(encoding="utf-8")
    assert "UnitReport" in html


@pytest.mark.parametrize(
    "text, expected",
    [("../../etc/passwd", "etc_passwd"), ("<script>alert(1)</script>", "script_alert(1)_script"),
     ("a/b\\c", "a_b_c"), ("", "未命名"), ("  ..  ", "未命名"), ("北京市 西城区", "北京市_西城区")],
)
def test_safe_file_names(text, expected):
    assert safe_part(text) == expected


def test_stems_are_unique_and_inside_the_output():
    stems = unique_stems([report_stem("北京市", "单位", 2023, "预算")] * 3)
    assert stems == ["北京市/单位-2023-预算", "北京市/单位-2023-预算-2", "北京市/单位-2023-预算-3"]
    assert report_stem("../..", "../x", None, None) == "其他地区/x"


def test_the_published_site_names_no_folder_of_this_machine_and_its_notebooks_run_from_it(site):
    """Every file of the site (pages, notebooks, scripts, data) names documents by their names or
    by the site's own copies: no folder of the machine that rendered it (the notebooks carried
    papermill's absolute parameters). A unit's notebook, run again from the site, reads the copy
    beside it and shows the same 支出总计 68,353,777.63 元 = 6,835.38万元 (line 224 of the seed)."""
    import json

    import papermill

    out, _ = site
    inputs = str(Path(out).parent)  # the pytest folders the inputs and the site were made in
    for path in out.rglob("*"):
        if path.is_file() and ".budgetkit" not in path.parts and path.suffix in (".html", ".ipynb", ".js", ".json", ".csv"):
            assert inputs not in path.read_text(encoding="utf-8-sig"), path
    (notebook,) = [p for p in out.rglob("*.ipynb") if SEED_UNIT in p.name]
    injected = next(c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
                    if "injected-parameters" in c["metadata"].get("tags", []))
    source = re.search(r'path = "(\.\./sources/[^"]+)"', "".join(injected["source"])).group(1)
    assert (notebook.parent / source).is_file()
    again = papermill.execute_notebook(str(notebook), str(notebook.parent / "again.ipynb"), cwd=str(notebook.parent),
                                       progress_bar=False)
    (notebook.parent / "again.ipynb").unlink()
    shown = "".join(str(o) for c in again.cells for o in c.get("outputs", []))
    assert "6,835.38" in shown and "<svg" in shown


def test_a_failed_notebook_is_kept_without_this_machines_folders(tmp_path, seed_path):
    """The notebook of a report that failed stays beside it, error marked, as a site keeps a
    good one: its parameters name the site's copy of the document, not the folder it came from."""
    import nbformat

    from budgetkit.render.batch import render_one

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    nb.cells = [nbformat.v4.new_code_cell('path = ""\ncache_dir = None', metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell('raise ValueError("预算表缺失")')]
    template = tmp_path / "failing.ipynb"
    nbformat.write(nb, template)
    out = tmp_path / "site"
    outcome = render_one({"out": str(out), "html": "甲/a.html", "ipynb": "甲/a.ipynb", "notebook": str(template),
                          "show_code": False, "title": "a", "warm": False, "timeout": 120,
                          "parameters": {"path": str(seed_path), "cache_dir": str(out / ".budgetkit" / "cache")}})
    assert not outcome["ok"] and "预算表缺失" in outcome["reason"]
    failed = (out / "甲" / "a.failed.ipynb").read_text(encoding="utf-8")
    assert "预算表缺失" in failed and "../sources/" in failed
    assert str(tmp_path) not in failed and str(seed_path.parent) not in failed
    assert not list(out.glob("甲/.*.tmp.ipynb"))


def test_a_failure_is_published_by_its_files_names_and_without_the_sites_folder(tmp_path):
    """A folder whose name holds " + " (the join of a disclosure's parts) is no part boundary, and
    the output folder a reason quotes (a cache file, a notebook) is the site's own, left out."""
    from budgetkit.render.site import published_failures

    files = ["/data/预算 + 决算/甲.pdf", "/data/乙.pdf"]
    failure = {"file": " + ".join(files), "files": files,
               "reason": f"cannot read {tmp_path}/.budgetkit/cache/k.pkl for /data/乙.pdf"}
    assert published_failures([failure], tmp_path) == [
        {"file": "甲.pdf + 乙.pdf", "reason": "cannot read .budgetkit/cache/k.pkl for 乙.pdf"}]


def test_a_site_shares_its_font_and_keeps_notebooks_only_when_asked(tmp_path, seed_path):
    """By default a page links the site's shared font (``fonts/``) and stylesheet (``style/``),
    and no executed notebook is kept: a unit costs its page and downloads. ``keep_notebooks``
    keeps them, ``self_contained`` embeds each page's whole font and stylesheet; either
    re-renders the pages (the options are in their keys)."""
    from concurrent.futures import ThreadPoolExecutor

    out = tmp_path / "site"
    first = render([seed_path], out=out, executor=ThreadPoolExecutor(1), progress=False, with_overview=False)
    (record,) = first.reports
    page = (out / record["html"]).read_text(encoding="utf-8")
    (font,) = re.findall(r'<link rel="stylesheet" href="\.\./(fonts/bk-core-[0-9a-f]+\.css)">', page)
    (style,) = re.findall(r'<link rel="stylesheet" href="\.\./(style/report-[0-9a-f]+\.css)">', page)
    assert (out / font).is_file() and (out / style).is_file() and not list(out.rglob("*.ipynb"))
    assert len(page.encode()) < 200_000  # the shared font is not in it (with its own font: 250 KB)
    assert not (out / ".budgetkit" / "readings").exists()  # the run's readings, put away while planning, are gone

    kept = render([seed_path], out=out, executor=ThreadPoolExecutor(1), progress=False, with_overview=False,
                  keep_notebooks=True)
    assert record["html"] in kept.rendered and (out / record["ipynb"]).is_file()
    alone = render([seed_path], out=out, executor=ThreadPoolExecutor(1), progress=False, with_overview=False,
                   self_contained=True)
    assert record["html"] in alone.rendered and not (out / record["ipynb"]).exists()
    page = (out / record["html"]).read_text(encoding="utf-8")
    assert "fonts/bk-core-" not in page and "style/report-" not in page and len(re.findall(r"@font-face", page)) == 1


def test_an_older_renders_shared_font_and_stylesheet_go_once_no_page_links_them(tmp_path, seed_path):
    """A site rendered by a budgetkit whose shared font and stylesheet had other names: a render
    removes those files (budgetkit's: the font's first line, the stylesheet's content hashing to
    its name) once no page links them; a page an older render left keeps the ones it links, and
    a user's files stay, whatever their names."""
    import hashlib

    from budgetkit.webfont import CORE_HEADER

    out = tmp_path / "site"
    old_css = "body { color: #123; }\n"
    planted = {
        "fonts/bk-core-000000000000.css": CORE_HEADER + "@font-face{}\n",  # an older budgetkit's: removed
        f"style/report-{hashlib.sha1(old_css.encode()).hexdigest()[:12]}.css": old_css,  # removed
        "fonts/bk-core-333333333333.css": CORE_HEADER + "@font-face{}\n",  # budgetkit's, linked by a page: kept
        "fonts/bk-core-111111111111.css": "/* the user's own */\n",  # not budgetkit's first line: kept
        "style/report-222222222222.css": "p { margin: 0; }\n",  # its content is not its name: kept
        "fonts/mine.css": CORE_HEADER,  # another name: kept
        "extra/old.html": '<html><head><link rel="stylesheet" href="../fonts/bk-core-333333333333.css"></head></html>',
    }
    for rel, text in planted.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    result = render([seed_path], out=out, jobs=1, progress=False, with_overview=False)
    assert result.ok
    fonts = sorted(p.name for p in (out / "fonts").iterdir())
    styles = sorted(p.name for p in (out / "style").iterdir())
    page = (out / result.reports[0]["html"]).read_text(encoding="utf-8")
    (current_font,) = re.findall(r'href="\.\./fonts/(bk-core-[0-9a-f]{12}\.css)"', page)
    (current_css,) = re.findall(r'href="\.\./style/(report-[0-9a-f]{12}\.css)"', page)
    assert fonts == sorted([current_font, "bk-core-111111111111.css", "bk-core-333333333333.css", "mine.css"])
    assert styles == sorted([current_css, "report-222222222222.css"])
    # the page that linked the older font gone, its font goes at the next render; nothing else does
    (out / "extra" / "old.html").unlink()
    assert render([seed_path], out=out, jobs=1, progress=False, with_overview=False).ok
    assert sorted(p.name for p in (out / "fonts").iterdir()) == sorted([current_font, "bk-core-111111111111.css", "mine.css"])
    assert sorted(p.name for p in (out / "style").iterdir()) == styles
