"""The site as a reader's browser sees it: headless Chromium opens the index and a report from
disk and through a static server on 127.0.0.1, follows every link, and finds no console error
and no request to another host; a screenshot shows the Chinese headings drawn."""

import functools
import http.server
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from budgetkit.render import render

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

    def __init__(self, browser, url):
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
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
    assert len(links) == 2  # the report and the overview
    for visit in [index] + [Visit(browser, link) for link in links]:
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
    """The page with its embedded font against the same page without it: on a machine without
    Chinese fonts the second shows empty boxes, so the headings must differ."""
    from PIL import Image, ImageChops

    report = next(p for p in site.rglob("*.html") if p.parent != site)
    without = tmp_path / "no-font.html"
    without.write_text(re.sub(r"<style>@font-face\{[^<]*\}</style>", "", report.read_text(encoding="utf-8")),
                       encoding="utf-8")
    shots = []
    for page_file, name in ((report, "with-font.png"), (without, "without-font.png")):
        visit = Visit(browser, page_file.as_uri())
        visit.page.screenshot(path=str(tmp_path / name), clip={"x": 0, "y": 0, "width": 1200, "height": 260})
        visit.page.close()
        shots.append(Image.open(tmp_path / name).convert("L"))
    diff = ImageChops.difference(*shots)
    changed = sum(1 for v in diff.tobytes() if v > 40) / (diff.width * diff.height)
    assert changed > 0.005, f"headings look the same with and without the font ({changed:.4f} of pixels differ)"
    shutil.copy(tmp_path / "with-font.png", site / "screenshot-header.png")
