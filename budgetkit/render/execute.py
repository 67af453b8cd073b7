"""Run a parameterised notebook with papermill."""

from __future__ import annotations

from pathlib import Path

__all__ = ["NOTEBOOKS", "notebook", "execute", "trust", "as_published"]

#: the notebooks the project ships (``notebooks/`` beside the package)
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def notebook(name: str) -> Path:
    path = NOTEBOOKS / name
    if not path.exists():
        raise FileNotFoundError(f"the report notebook {path} is missing (budgetkit renders from its source tree)")
    return path


def execute(template: Path, output: Path, parameters: dict, kernel_name: str = "python3", timeout: float | None = 600,
            warm: bool = True):
    """Execute ``template`` with ``parameters`` into ``output``; returns the executed notebook.

    ``warm``: on this process's warm kernel (see :mod:`.engine`) rather than a new one.
    ``timeout``: seconds one cell may run (``None``: no limit).

    The executed notebook is written once, when it is complete: papermill's default rewrites
    (and re-validates) the whole notebook before and after every cell, which cost more CPU than
    some of the cells (``request_save_on_cell_execute``; the notebook is papermill's all the same).
    """
    from .engine import ENGINE_NAME  # first: it imports papermill for less (see .imports)

    import papermill

    return papermill.execute_notebook(
        str(template), str(output), parameters=parameters, kernel_name=kernel_name,
        progress_bar=False, log_output=False, cwd=str(template.parent), execution_timeout=timeout or None,
        engine_name=ENGINE_NAME if warm else None, request_save_on_cell_execute=False,
    )


_notary: list = []  # this process's NotebookNotary, made at the first notebook


def trust(nb) -> bool:
    """Mark an executed report notebook as trusted by this user, as Jupyter marks a notebook the
    user ran: opened in JupyterLab, its HTML output (the charts are inline SVG) shows whole
    instead of sanitized, which drops every ``<svg>`` and leaves the labels as loose text.
    Jupyter keeps the mark in the user's ``nbsignatures.db``; a notebook edited afterwards, or
    opened by someone else, is untrusted again. ``False`` when it cannot be marked (a read-only
    home): the notebook is the same, only shown sanitized until run."""
    try:
        if not _notary:
            from nbformat.sign import NotebookNotary

            _notary.append(NotebookNotary())
        _notary[0].sign(nb)
        return True
    except Exception:  # a mark for the user's convenience, never a reason to fail a report
        return False


def as_published(nb, template: str, name: str, parameters: dict, cache: str) -> None:
    """The executed notebook ``nb`` (to be kept at ``name`` in the site, e.g. "北京市/x.ipynb") as
    the site publishes it. Its injected parameters, and papermill's record of them, name the
    site's own files relative to the notebook: the copies of the source documents in
    ``sources/`` and the cache folder ``cache`` (as ``.budgetkit/cache``). Its template and
    itself are named by file name. So the site shows no path of the machine that made it, and the
    notebook, opened from the site, reads the documents beside it.

    The notebook ran with the absolute paths; the relative ones name the same bytes."""
    from papermill.translators import translate_parameters

    from ..evidence import site_path

    depth = len(Path(name).parts) - 1

    def site(value):
        if isinstance(value, (list, tuple)):
            return [site(v) for v in value]
        return site_path(value, depth) if isinstance(value, str) else value

    local = {k: site(v) if k in ("path", "inputs") else ("../" * depth + cache if k == "cache_dir" and v
                                                         else ("../" * depth or "./") if k == "site" and v else v)
             for k, v in parameters.items()}
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell.source = translate_parameters("python3", "python", local, "Parameters")
    record = nb.metadata.get("papermill")
    if record is not None:
        record.update(parameters=local, input_path=template, output_path=Path(name).name)
