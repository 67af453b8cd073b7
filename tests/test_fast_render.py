"""Fast rendering: reports independent of what a warm kernel ran before, incremental re-renders
by content, and the same work on a Dask cluster."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

import budgetkit.cache
from budgetkit.render import render
from budgetkit.render.engine import shutdown_warm_kernel

pytestmark = pytest.mark.slow

SEED_UNIT = "北京市西城区社会保险基金管理中心"


def _page(path):
    """A page without its generation time and papermill's random cell ids (the only things that
    may differ between runs)."""
    return re.sub(r"cell-id=[0-9a-f-]+|生成时间[^<]*", "", path.read_text(encoding="utf-8"))


@pytest.fixture()
def docs(tmp_path, seed_text):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(seed_text.replace(SEED_UNIT, "北京市西城区甲测试中心"), encoding="utf-8")
    (folder / "b.txt").write_text(seed_text.replace(SEED_UNIT, "北京市西城区乙测试中心")
                                  .replace("16,141,326.57", "16,141,326.58"), encoding="utf-8")
    return folder


def test_a_report_does_not_depend_on_what_ran_before_it(tmp_path, docs):
    shutdown_warm_kernel()
    both = render([docs / "a.txt", docs / "b.txt"], out=tmp_path / "ab", executor=ThreadPoolExecutor(1),
                  progress=False, with_overview=False)
    shutdown_warm_kernel()  # B alone, in a fresh kernel
    alone = render([docs / "b.txt"], out=tmp_path / "b", executor=ThreadPoolExecutor(1), progress=False,
                   with_overview=False)
    name = next(r["html"] for r in alone.reports)
    assert name in [r["html"] for r in both.reports]
    assert _page(tmp_path / "ab" / name) == _page(tmp_path / "b" / name)


def test_incremental_rerender(tmp_path, docs, monkeypatch):
    out = tmp_path / "site"
    first = render([docs], out=out, jobs=1, progress=False)
    assert len(first.rendered) == 4  # two reports, the overview, the index
    again = render([docs], out=out, jobs=1, progress=False)
    assert again.rendered == [] and len(again.reports) == 2  # nothing changed: nothing rendered

    (docs / "b.txt").write_text((docs / "b.txt").read_text(encoding="utf-8").replace("预留机动费", "预留机动经费"),
                                encoding="utf-8")
    changed = render([docs], out=out, jobs=1, progress=False)
    assert sorted(changed.rendered) == sorted(
        ["北京市西城区/北京市西城区乙测试中心-2023-部门预算.html", "overview.html", "index.html"])

    monkeypatch.setattr(budgetkit.cache, "code_hash", lambda: "a new budgetkit or notebook")
    everything = render([docs], out=out, jobs=1, progress=False)
    assert len(everything.rendered) == 4


def test_render_on_a_dask_cluster(tmp_path, docs):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        result = render([docs], out=tmp_path / "dask", executor=client.get_executor(), progress=False)
    assert result.ok and len(result.reports) == 2
    assert all(s["pid"] != __import__("os").getpid() for s in result.stats)  # rendered by the cluster's worker
    assert "北京市西城区甲测试中心" in (tmp_path / "dask" / "index.html").read_text(encoding="utf-8")


def test_a_render_writes_nothing_into_the_users_ipython_history(tmp_path, docs, monkeypatch):
    """A batch's cells are not the user's: the warm kernel keeps no IPython history (it wrote
    about 20 lines a report into ~/.ipython/profile_default/history.sqlite)."""
    ipython_dir = tmp_path / "ipython"
    monkeypatch.setenv("IPYTHONDIR", str(ipython_dir))
    shutdown_warm_kernel()  # a kernel started with this environment
    try:
        result = render([docs / "a.txt"], out=tmp_path / "site", executor=ThreadPoolExecutor(1), progress=False,
                        with_overview=False)
    finally:
        shutdown_warm_kernel()
    assert result.ok, result.failures
    assert not list(ipython_dir.rglob("history.sqlite*"))


def test_the_executed_notebook_is_trusted_so_jupyterlab_shows_its_charts(tmp_path, docs, monkeypatch):
    """Charts are inline SVG in the notebook's HTML output, which JupyterLab shows only in a
    trusted notebook (sanitized, the <svg> goes and its labels stay as loose text): the render
    marks the notebook it executed as this user's, as Jupyter does with one the user ran."""
    import nbformat
    from nbformat.sign import NotebookNotary

    import budgetkit.render.execute as execute

    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter"))
    execute._notary.clear()  # a notary for this data folder
    try:
        result = render([docs / "a.txt"], out=tmp_path / "site", executor=ThreadPoolExecutor(1), progress=False,
                        with_overview=False, keep_notebooks=True)
    finally:
        execute._notary.clear()
    assert result.ok, result.failures
    (record,) = result.reports
    nb = nbformat.read(tmp_path / "site" / record["ipynb"], as_version=4)
    assert "<svg" in str(nb)  # the charts it shows once trusted
    notary = NotebookNotary()
    assert notary.check_signature(nb)
    nb.cells[0].source += "\n# edited"
    assert not notary.check_signature(nb)  # a notebook changed since is untrusted again


def test_a_render_started_from_a_jupyter_kernel(tmp_path, docs):
    """``render()`` called in a notebook: its workers are forks of the user's kernel, holding that
    kernel's IPython. Their own kernels are then started as new processes (a kernel forked from
    such a worker took over the user's kernel's sockets: the notebook got messages it could not
    read). The report is written and the user's kernel still answers."""
    import os

    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="python3")
    km.start_kernel(stderr=open(os.devnull, "w"))
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        said: list[str] = []

        def hear(message):
            if message["msg_type"] == "stream" and message["content"]["name"] == "stdout":
                said.append(message["content"]["text"])

        code = (f"from budgetkit.render import render\n"
                f"r = render([{str(docs / 'a.txt')!r}], out={str(tmp_path / 'site')!r}, jobs=1, progress=False)\n"
                f"print(r.ok, len(r.reports))")
        reply = kc.execute_interactive(code, timeout=300, output_hook=hear)
        assert reply["content"]["status"] == "ok"
        assert "".join(said).strip() == "True 1"
        assert len(list((tmp_path / "site").rglob("*甲测试中心*.html"))) == 1
        said.clear()
        again = kc.execute_interactive("print(6 * 7)", timeout=30, output_hook=hear)
        assert again["content"]["status"] == "ok" and "".join(said).strip() == "42"
    finally:
        km.shutdown_kernel(now=True)
