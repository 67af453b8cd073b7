"""The render's processes import papermill and nbconvert without jsonschema's IRI grammars, and
the render process does not import papermill at all."""

import subprocess
import sys

import pandas as pd


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_papermill_without_the_iri_grammars_and_nothing_else_changed():
    out = _run("import sys, budgetkit.render.engine; print('rfc3987_syntax' in sys.modules, 'papermill' in sys.modules);"
               "import importlib.util; print(importlib.util.find_spec('rfc3987_syntax') is not None or 'absent')")
    skipped, importable = out.splitlines()
    assert skipped == "False True"
    assert importable in ("True", "absent")  # the package itself still imports as before, where installed


def test_the_render_process_does_not_import_papermill():
    assert _run("import sys, budgetkit.render.batch; print('papermill' in sys.modules)") == "False"


def test_xlsx_cells_are_text_numbers_and_blanks_as_openpyxl_reads_them():
    import io

    from openpyxl import load_workbook

    from budgetkit.render.downloads import _Table, _xlsx

    frame = pd.DataFrame({"label": ["=1+1", "a\x01b", None, " x "], "amount_yuan": ["1234.50", None, "0.00", "7"],
                          "line": [1, None, 3, 4], "is_total": [True, False, None, True]})
    wb = load_workbook(io.BytesIO(_xlsx({"line_items": _Table.of_frame(frame)})))
    rows = list(wb["明细"].iter_rows(values_only=True))
    assert rows[0] == ("label", "amount_yuan", "line", "is_total")
    assert rows[1] == ("=1+1", 1234.5, 1, True)  # text stays text, never a formula
    assert rows[2] == ("ab", None, None, False)  # a control character XML cannot carry is dropped
    assert rows[3][1:] == (0, 3, None) and rows[4][0] == " x "
    assert wb["明细"]["B2"].number_format == "#,##0.00" and wb["明细"].freeze_panes == "A2"
