"""Broken and odd input: every case gets one clear message naming the file and the cause (or a
warning and an honest partial result); never a traceback, never the end of a batch."""

import os
import subprocess
import sys
from decimal import Decimal

import matplotlib
import pytest

import budgetkit
import budgetkit.checks
from budgetkit.cli import main
from budgetkit.errors import ReadError

from conftest import split_blocks, write


def _pdf(path, text=None, image=False):
    """A small PDF written with matplotlib: with a text layer, or only an image (a scan)."""
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig = Figure(figsize=(4, 3))
        ax = fig.add_axes([0, 0, 1, 1])
        ax.axis("off")
        if image:
            ax.imshow([[0, 1], [1, 0]], cmap="gray")
        if text:
            fig.text(0.1, 0.5, text)
        fig.savefig(path, format="pdf")
    return path


@pytest.fixture(scope="module")
def bad(tmp_path_factory, seed_text):
    """A folder of bad inputs beside one good document."""
    folder = tmp_path_factory.mktemp("bad")
    (folder / "good.txt").write_text(seed_text, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "garbage.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "garbage.pdf").write_bytes(os.urandom(4096))
    _pdf(folder / "scan.pdf", image=True)
    _pdf(folder / "not-a-budget.pdf", text="Quarterly newsletter of a football club")
    whole = _pdf(folder / "whole.pdf", text="Some text").read_bytes()
    (folder / "whole.pdf").unlink()
    (folder / "truncated.pdf").write_bytes(whole[: len(whole) // 3])
    (folder / "big5.txt").write_bytes("北京市西城區社會保險基金管理中心 2023年部門預算公開 預算 支出 收入".encode("big5"))
    with open(folder / "huge.txt", "wb") as f:
        f.truncate(50 * 2**20)  # 50 MB
    os.mkfifo(folder / "pipe.txt")
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    os.symlink(folder, folder / "folder-loop")  # a folder that contains itself
    return folder


CASES = {
    "empty.txt": "the file is empty",
    "garbage.txt": "binary data",
    "garbage.pdf": "not a readable PDF",
    "scan.pdf": "no text layer",
    "not-a-budget.pdf": "not a budget disclosure",
    "truncated.pdf": "",  # pdfminer either fails or finds nothing: any clear reason
    "big5.txt": "Big5",
    "huge.txt": "larger than budgetkit's limit",
    "pipe.txt": "not a regular file",
    "dangling.txt": "symbolic link to nothing",
    "loop-a.txt": "loop of symbolic links",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_input_has_one_clear_reason(bad, name):
    with pytest.raises(ReadError) as info:
        budgetkit.read(bad / name)
    message = str(info.value)
    assert message.startswith(str(bad / name)), message
    assert CASES[name] in message
    assert "\n" not in message and "Traceback" not in message


def test_utf16_without_bom_is_read(tmp_path, seed_text):
    d = budgetkit.read(write(tmp_path, seed_text, "utf16.txt", encoding="utf-16-le"))
    assert d.table("expenditure_summary").total("basic") == 5221245106


def test_a_batch_goes_on_past_every_bad_file(bad):
    run = subprocess.run([sys.executable, "-m", "budgetkit", "check", str(bad)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 2  # some files unreadable
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if line.startswith("budgetkit: cannot read")]
    assert len(lines) == len(CASES) + 1  # and loop-b.txt, the other half of the loop
    assert "北京市西城区社会保险基金管理中心" in run.stdout  # the good document was audited
    assert "folder-loop" not in run.stdout + run.stderr  # the folder loop is not walked into


def test_ragged_rows_are_read(tmp_path, seed_text):
    narrative, blocks = split_blocks(seed_text)
    block = blocks[3].replace("\t电子设备类（2023年）\n", "\t电子设备类（2023年）\n\t多出的一格\n", 1)
    d = budgetkit.read(write(tmp_path, narrative + block))
    t = d.table("project_expenditure")
    assert t.total() == 1614132657 and len(t.items) == 7


def test_odd_amounts_give_warnings_and_an_honest_result(tmp_path, seed_text):
    narrative, blocks = split_blocks(seed_text)
    block = blocks[3]
    for old, new in (("373,300.00", "1,2,3"), ("378,000.00", "—"), ("778,600.00", "（12.5）"),
                     ("1,290,000.00", "1.2e5"), ("382,056.57", "-0")):
        block = block.replace(f"\t{old}\n", f"\t{new}\n", 1)
    d = budgetkit.read(write(tmp_path, narrative + block))
    t = d.table("project_expenditure")
    values = dict(zip(t.items["project_name"], t.items["total"]))
    assert values["电子设备类（2023年）"] is pd_na()
    assert values["对外窗口业务费(2023年）"] is pd_na()  # a dash is nothing
    assert values["公告邮寄专审费（2023年）"] == -1250  # accounting parentheses: negative
    assert values["社保业务档案加工服务费（2023年）"] is pd_na()
    assert values["预留机动费（社保中心2023年）"] == 0
    assert len(t.warnings) == 2 and all("not an amount" in w for w in t.warnings)
    findings = budgetkit.checks.run_checks(d)
    unreadable = [f for f in findings if f.rule == "table.unreadable_cells"]
    assert {f.actual.split("'")[1] for f in unreadable} == {"1,2,3", "1.2e5"}
    assert "plausibility.negative" in {f.rule for f in findings}


def pd_na():
    import pandas as pd

    return pd.NA


def test_glyph_codes_instead_of_text_are_refused(tmp_path):
    """A PDF whose fonts map no characters: pdfplumber reads "(cid:1234)" runs; budgetkit refuses it by name."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "glyphs.pdf"
    c = canvas.Canvas(str(path))
    for k in range(30):
        c.drawString(50, 800 - 20 * k, "".join(f"(cid:{1000 + k * 7 + j})" for j in range(12)))
    c.save()
    assert main(["check", str(path)]) == 2


def test_a_report_that_is_no_budget_disclosure_is_refused(tmp_path, capsys):
    """Text that names no 部门预算/决算 and holds no table of one (a Taiwan 總預算 page, a random report)."""
    path = tmp_path / "report.txt"
    path.write_text("中華民國113年度總預算\n\n歲入歲出簡明比較分析表\n\n本年度歲出總額為新臺幣2兆8,813億元。\n", encoding="utf-8")
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a budget disclosure" in err
