"""Hostile documents and interrupted renders: pages stay harmless, files stay inside the output
folder, and a failed or interrupted re-render leaves the previous good outputs intact."""

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote

import pytest

from budgetkit.render import batch, render

pytestmark = pytest.mark.slow

SEED_UNIT = "北京市西城区社会保险基金管理中心"
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, seed_text):
    inputs = tmp_path_factory.mktemp("hostile-in")
    (inputs / "script.txt").write_text(seed_text.replace(SEED_UNIT, SCRIPT), encoding="utf-8")
    (inputs / "traversal.txt").write_text(
        seed_text.replace(SEED_UNIT, "../../etc/passwd").replace("257004-", "257005-"), encoding="utf-8")
    project = seed_text.replace("电子设备类（2023年）", "电子设备<img src=x onerror=alert(2)>").replace(SEED_UNIT, "项目名称测试单位")
    (inputs / "project.txt").write_text(project, encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-out")
    return out, render([inputs], out=out, jobs=2, progress=False, with_overview=False)


def test_hostile_names_are_escaped_everywhere(hostile):
    out, result = hostile
    assert not result.failures
    pages = [out / "index.html", *out.rglob("*.html")]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert SCRIPT not in html, page
        assert "<img src=x" not in html, page
        # the only scripts are budgetkit's own: the index's unit list and its sorting, a report's
        # links to its other years
        scripts = re.findall(r"<script[^>]*>", html.lower().replace("<script type=\"text/x-mathjax-config\"", ""))
        if page.name == "index.html":
            assert scripts == ['<script src="units.js">', "<script>"], page
        else:  # the unit's own script of its reports, by a name of hexadecimal digits whatever the unit is called
            assert len(scripts) == 2 and scripts[1] == "<script>", page
            assert re.fullmatch(r'<script src="\.\./nav/[0-9a-f]{16}\.js">', scripts[0]), page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index


def test_file_names_are_safe_and_inside_the_output(hostile):
    out, result = hostile
    root = out.resolve()
    for r in result.reports:
        path = (out / r["html"]).resolve()
        assert root in path.parents, r["html"]
        assert "<" not in r["html"] and ".." not in r["html"]
    links = [unquote(h) for h in re.findall(r'<a [^>]*href="([^"]+)"', (out / "index.html").read_text(encoding="utf-8"))
             if not h.startswith("#")]
    assert all((out / link).resolve().is_file() and root in (out / link).resolve().parents for link in links)


def _snapshot(out: Path) -> dict:
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".budgetkit" not in p.parts}


def test_failed_and_interrupted_rerenders_keep_the_good_outputs(tmp_path, seed_path, monkeypatch):
    out = tmp_path / "site"
    first = render([seed_path], out=out, jobs=1, progress=False, with_overview=False)
    assert first.ok
    before = _snapshot(out)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # the user presses Ctrl-C while a report is converted

    monkeypatch.setattr(batch, "to_html", interrupted)
    with pytest.raises(KeyboardInterrupt):
        render([seed_path], out=out, progress=False, with_overview=False, executor=ThreadPoolExecutor(1), force=True)
    assert _snapshot(out) == before  # report, notebook and index untouched, no temporary files

    def broken(*args, **kwargs):
        raise RuntimeError("nbconvert failed")

    monkeypatch.setattr(batch, "to_html", broken)
    again = render([seed_path], out=out, progress=False, with_overview=False, executor=ThreadPoolExecutor(1), force=True)
    assert [f["reason"] for f in again.failures] == ["RuntimeError: nbconvert failed"]
    report = next(p for p in before if p.suffix == ".html" and p.name != "index.html")
    assert (out / report).read_bytes() == before[report]  # the previous good report is still there
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "生成报告时出错" in index and "nbconvert failed" in index  # in Chinese, the original as a detail
    links = [unquote(h) for h in re.findall(r'<a [^>]*href="([^"]+)"', index) if not h.startswith("#")]
    assert all((out / link).is_file() for link in links)  # the index never links to a missing file


def test_render_skips_a_pipe_instead_of_waiting_on_it(tmp_path, seed_text):
    """A FIFO among the documents is refused by name, never read (reading it would block)."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text(seed_text, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    run = subprocess.run([sys.executable, "-m", "budgetkit", "render", str(folder), "--out", str(tmp_path / "out"),
                          "--jobs", "1", "--quiet"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert "pipe.txt: not a regular file" in run.stderr
    assert "1 reports" in run.stdout
