"""Word and Excel versions of the seed, written by the tests, read to the same data."""

import budgetkit
from budgetkit.readers.text import parse_text

TOTALS = {"income": 6835377763, "expenditure": 6835377763, "basic": 5221245106,
          "project": 1614132657, "personnel": 4804358051, "operating": 416887055,
          "income_current": 6835377763, "expenditure_current": 6835377763,  # no carry-over in a budget
          "carryover_begin": None, "carryover_end": None}
KINDS = ["income_expenditure_summary", "income_summary", "expenditure_summary", "project_expenditure",
         "fiscal_appropriation_summary", "general_budget_expenditure", "general_budget_basic_expenditure",
         "government_fund_expenditure", "state_capital_expenditure", "three_public", "government_purchase_services",
         "transfer_payments", "project_performance", "overall_performance"]


def _totals(d):
    return {k: v.fen for k, v in budgetkit.key_totals(d).items()}


def _width(rows):
    return max(len(r) for r in rows)


def test_docx(tmp_path, seed_text):
    import docx

    raw = parse_text(seed_text)
    document = docx.Document()
    for line in raw.narrative:
        if line.strip():
            document.add_paragraph(line.strip())
    for t in raw.tables:
        document.add_paragraph(f"表{t.number}、{t.title}")
        if t.currency_unit:
            document.add_paragraph(f"金额单位：{t.currency_unit}")
        rows = t.rows  # the "金额单位：万元" rows of 表八–表十二 stay inside their tables
        table = document.add_table(rows=len(rows), cols=_width(rows))
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    path = tmp_path / "seed.docx"
    document.save(path)
    d = budgetkit.read(path)
    assert d.format == "docx"
    assert (d.unit.name, d.year, d.kind) == ("北京市西城区社会保险基金管理中心", 2023, "预算")
    assert [t.kind for t in d.tables] == KINDS
    assert [t.unit_used for t in d.tables][7:12] == ["万元"] * 5
    assert _totals(d) == TOTALS


def _write_xlsx(path, raw):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for t in raw.tables:
        sheet = book.create_sheet(f"表{t.number}")
        sheet.append([f"表{t.number}、{t.title}"])
        for row in t.rows:
            sheet.append([_number(c) for c in row])
    book.save(path)


def _number(cell):
    """Amounts as Excel numbers (floats), the way workbooks hold them."""
    text = cell.replace(",", "")
    try:
        return float(text) if "." in text and text.replace(".", "", 1).isdigit() else cell
    except ValueError:
        return cell


def test_xlsx_one_table_per_sheet(tmp_path, seed_text):
    raw = parse_text(seed_text)
    path = tmp_path / "seed.xlsx"
    _write_xlsx(path, raw)
    d = budgetkit.read(path)
    assert d.format == "xlsx"
    assert [t.kind for t in d.tables] == KINDS
    assert _totals(d) == TOTALS  # floats in the workbook, exact fen in budgetkit
    t3 = d.table("expenditure_summary")
    assert t3.items[t3.items["dept_econ_code"] == "30112"]["total"].tolist() == [27552399]


def test_xls_legacy_workbook(tmp_path, seed_text):
    import xlwt

    raw = parse_text(seed_text)
    book = xlwt.Workbook(encoding="utf-8")
    for t in raw.tables[:7]:
        sheet = book.add_sheet(f"表{t.number}")
        sheet.write(0, 0, f"表{t.number}、{t.title}")
        for r, row in enumerate(t.rows, start=1):
            for c, cell in enumerate(row):
                sheet.write(r, c, _number(cell))
    path = tmp_path / "seed.xls"
    book.save(str(path))
    d = budgetkit.read(path)
    assert d.format == "xls"
    assert [t.kind for t in d.tables] == KINDS[:7]
    assert _totals(d) == TOTALS
