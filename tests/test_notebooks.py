"""Every notebook the project ships runs as it is (its default parameters), like itables does."""

from pathlib import Path

import pytest

from budgetkit.render.execute import NOTEBOOKS, execute

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_notebook_runs_with_its_defaults(name, tmp_path):
    nb = execute(NOTEBOOKS / name, tmp_path / name, parameters={})
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    assert "北京市西城区社会保险基金管理中心" in html


def test_notebooks_are_thin():
    """Logic lives in budgetkit: every code cell of a shipped notebook is a few lines."""
    import nbformat

    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):  # parameters: data, not logic
                lines = [l for l in cell.source.splitlines() if l.strip() and not l.strip().startswith("#")]
                assert len(lines) <= 4, (path.name, cell.source)
            assert not cell.get("outputs"), f"{path.name} is committed with outputs"
