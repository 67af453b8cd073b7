"""Beyond one machine, proven: the same documents rendered by the local pool and through
``budgetkit render --scheduler`` on a Dask cluster (a ``LocalCluster`` of worker processes)
make the same site, file for file and byte for byte where the content is the same: the
pages but for their time of generation, the downloads, the data package, the shared font."""

import gzip
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SEED_UNIT = "北京市西城区社会保险基金管理中心"
#: what differs between two renders of the same documents: when they were made
_TIME = re.compile(r"生成时间[^<]*|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?(?:\s*UTC)?")


@pytest.fixture(scope="module")
def docs(tmp_path_factory, seed_text):
    """Four disclosures: the seed, the same unit's next year (its report reads the seed's tables
    for year on year, whichever worker holds which), and two other units."""
    folder = tmp_path_factory.mktemp("docs")
    (folder / "seed.txt").write_text(seed_text, encoding="utf-8")
    (folder / "next-year.txt").write_text(seed_text.replace("2023年部门预算公开", "2024年部门预算公开"), encoding="utf-8")
    (folder / "a.txt").write_text(seed_text.replace(SEED_UNIT, "北京市西城区甲测试中心"), encoding="utf-8")
    (folder / "b.txt").write_text(seed_text.replace(SEED_UNIT, "北京市西城区乙测试中心")
                                  .replace("16,141,326.57", "16,141,326.58"), encoding="utf-8")
    return folder


def _render(docs: Path, out: Path, *options: str) -> None:
    run = subprocess.run([sys.executable, "-m", "budgetkit", "render", str(docs), "--out", str(out), "--quiet",
                          *options], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr


def _content(path: Path) -> bytes | dict:
    """What a file says, without when it was made: a page without its time of generation, an
    XLSX's parts but its creation time (docProps/core.xml), a gzipped CSV uncompressed."""
    if path.suffix in (".html", ".js"):
        return _TIME.sub("", path.read_text(encoding="utf-8")).encode()
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes())
    return path.read_bytes()


def _site(out: Path) -> dict[str, bytes | dict]:
    return {str(p.relative_to(out)): _content(p) for p in sorted(out.rglob("*"))
            if p.is_file() and ".budgetkit" not in p.relative_to(out).parts}


def test_a_dask_cluster_renders_the_same_site_as_the_local_pool(tmp_path, docs):
    distributed = pytest.importorskip("distributed")
    _render(docs, tmp_path / "local", "--jobs", "2")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        _render(docs, tmp_path / "dask", "--scheduler", cluster.scheduler_address)
        with distributed.Client(cluster) as client:  # the cluster's workers did the rendering
            assert sum(client.run(lambda: __import__("budgetkit.render.engine").render.engine.kernel_process()
                                  is not None).values()) >= 1

    local, dask = _site(tmp_path / "local"), _site(tmp_path / "dask")
    pages = [name for name in local if name.endswith(".html")]
    assert len(pages) == 6  # four reports, the overview, the index
    assert any(name.startswith("fonts/") for name in local) and any(name.endswith(".csv.gz") for name in local)
    assert sorted(dask) == sorted(local)
    different = [name for name in local if dask[name] != local[name]]
    assert different == []
