"""Layout variations of the seed, written by the tests: the reader must not depend on the seed's quirks."""

import random
import re
from decimal import Decimal

import pytest

import budgetkit
from budgetkit.readers.text import parse_text

from conftest import split_blocks, write

TOTALS = {"income": 6835377763, "expenditure": 6835377763, "basic": 5221245106,
          "project": 1614132657, "personnel": 4804358051, "operating": 416887055,
          "income_current": 6835377763, "expenditure_current": 6835377763,  # no carry-over in a budget
          "carryover_begin": None, "carryover_end": None}


def _totals(d):
    return {k: v.fen for k, v in budgetkit.key_totals(d).items()}


def _to_wan(block: str) -> str:
    """A table block with every amount in 万元 and a "金额单位：万元" row after the title."""
    def convert(m):
        yuan = Decimal(m.group(1).replace(",", ""))
        return f"\t{yuan / 10000:,.6f}"

    first_cell = block.index("\n\t") + 1
    title, body = block[:first_cell], block[first_cell:]
    body = re.sub(r"^\t([\d,]+\.\d{2})$", convert, body, flags=re.M)
    return f"{title}\t\n\t金额单位：万元\n\n{body}"


def test_amounts_in_wan_read_to_the_same_fen(tmp_path, seed_text):
    narrative, blocks = split_blocks(seed_text)
    blocks = [_to_wan(b) if i < 7 else b for i, b in enumerate(blocks)]
    d = budgetkit.read(write(tmp_path, narrative + "".join(blocks)))
    assert [t.currency_unit for t in d.tables[:7]] == ["万元"] * 7
    assert _totals(d) == TOTALS
    t3 = d.table("expenditure_summary")
    assert t3.items[(t3.items["dept_econ_code"] == "30102") & (t3.items["func_code"] == "2080101")]["basic"].iloc[0] == 1906950200


def test_reordered_and_missing_tables(tmp_path, seed_text):
    narrative, blocks = split_blocks(seed_text)
    keep = [blocks[i] for i in (6, 2, 0, 9, 12)]  # 表七, 表三, 表一, 表十, 表十三
    random.Random(7).shuffle(keep)
    d = budgetkit.read(write(tmp_path, narrative + "".join(keep)))
    kinds = sorted(t.kind for t in d.tables)
    assert kinds == sorted(["general_budget_basic_expenditure", "expenditure_summary",
                            "income_expenditure_summary", "three_public", "project_performance"])
    assert _totals(d) == TOTALS  # every total still found in the tables that remain
    assert d.table("income_summary") is None


def test_only_detail_tables_gives_null_where_the_document_is_silent(tmp_path, seed_text):
    narrative, blocks = split_blocks(seed_text)
    d = budgetkit.read(write(tmp_path, narrative + blocks[3]))  # only 表四 项目支出表
    assert _totals(d) == {"income": None, "expenditure": None, "basic": None,
                          "project": 1614132657, "personnel": None, "operating": None,
                          "income_current": None, "expenditure_current": None,
                          "carryover_begin": None, "carryover_end": None}


def test_arabic_numbers_and_other_title_spacing(tmp_path, seed_text):
    narrative, blocks = split_blocks(seed_text)
    renumbered = []
    for i, b in enumerate(blocks, start=1):
        first, rest = b.split("\n", 1)
        title = re.sub(r"^表[一二三四五六七八九十]+、?\s*", "", first).strip()
        sep = ["、", ".", " ", "：", "．"][i % 5]
        renumbered.append(f"表 {i}{sep}{'  ' * (i % 3)}{title}\n{rest}")
    d = budgetkit.read(write(tmp_path, narrative + "".join(renumbered)))
    assert [t.number for t in d.tables] == [str(i) for i in range(1, 15)]
    assert d.tables[1].title == "部门收入总体情况表"  # 表二's title on its own line
    assert _totals(d) == TOTALS
    assert "unknown" not in {t.kind for t in d.tables}


@pytest.mark.parametrize(
    "encoding, newline, bom",
    [("gb18030", "\n", b""), ("utf-8", "\r\n", b"\xef\xbb\xbf"), ("utf-8", "\r", b""),
     ("gb18030", "\r\n", b""), ("utf-8", "\n", b"\xef\xbb\xbf")],
)
def test_encodings_and_line_endings(tmp_path, seed_text, encoding, newline, bom):
    path = tmp_path / "v.txt"
    path.write_bytes(bom + seed_text.replace("\n", newline).encode(encoding))
    d = budgetkit.read(path)
    assert d.unit.name == "北京市西城区社会保险基金管理中心"
    assert len(d.tables) == 14
    assert _totals(d) == TOTALS
    assert d.fact("basic_share").value == Decimal("76.39")


def test_another_units_rows_and_amounts(tmp_path, seed_text):
    """A project removed and the 合计 changed: the reader follows the document, not the seed."""
    narrative, blocks = split_blocks(seed_text)
    t4 = blocks[3]
    start = t4.index("\t257004-北京市西城区社会保险基金管理中心\n\t电子设备类")
    end = t4.index("\n\n", start) + 2
    t4 = (t4[:start] + t4[end:]).replace("16,141,326.57", "15,768,026.57")
    other = (narrative + t4).replace("北京市西城区社会保险基金管理中心", "北京市西城区某某事务中心")
    d = budgetkit.read(write(tmp_path, other))
    t = d.table("project_expenditure")
    assert d.unit.name == "北京市西城区某某事务中心"
    assert len(t.items) == 6
    assert t.total() == 1576802657 == t.items["total"].sum()


def test_unit_line_under_the_title_and_an_unknown_table():
    text = (
        "某单位\n2024年部门预算公开\n一、部门职责\n职责。\n"
        "表1 部门收支总表\n单位：万元\n"
        "\t收入\n\t支出\n\n\t项目\n\t预算数\n\t项目\n\t预算数\n\n"
        "\t一、一般公共预算拨款收入\n\t12.34\n\t一、一般公共服务支出\n\t12.34\n\n"
        "\t收入总计\n\t12.34\n\t支出总计\n\t12.34\n\n"
        "表2 某某自编统计表\n\t名称\n\t数额\n\n\t甲\n\t1.00\n\n"
    )
    raw = parse_text(text)
    assert raw.tables[0].currency_unit == "万元"
    from budgetkit.assemble import build_disclosure

    d = build_disclosure(raw)
    assert d.year == 2024 and d.unit.name == "某单位"
    assert d.tables[0].total(label="收入总计") == 12340000
    assert d.tables[1].kind == "unknown" and len(d.tables[1].items) == 1


def test_cell_continuation_lines_and_notes():
    text = (
        "表一 项目支出表\n"
        "\t项目名称\n\t合计\n\n"
        "\t很长的项目\n名称续行\n\t1,000.00\n\n"
        "\t合计\n\t1,000.00\n\n"
        "注：本表为示例。\n"
    )
    raw = parse_text(text)
    t = raw.tables[0]
    assert t.rows[1] == ["很长的项目\n名称续行", "1,000.00"]
    assert t.notes == ["注：本表为示例。"]
