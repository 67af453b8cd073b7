import json
import subprocess
import sys

import pytest

from budgetkit.cli import main


def test_summary_json(capsys, seed_path):
    assert main(["summary", str(seed_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["unit"] == "北京市西城区社会保险基金管理中心"
    assert out["unit_code"] == "257004"
    assert (out["year"], out["kind"]) == (2023, "预算")
    # a budget without carry-over: 本年 totals are the totals
    assert out["totals"] == {"income": 68353777.63, "expenditure": 68353777.63, "basic": 52212451.06,
                             "project": 16141326.57, "personnel": 48043580.51, "operating": 4168870.55,
                             "income_current": 68353777.63, "expenditure_current": 68353777.63,
                             "carryover_begin": None, "carryover_end": None}
    assert len(out["tables"]) == 14
    assert out["tables"][9] == {"kind": "three_public", "title": "一般公共预算“三公”经费支出情况表", "number": "十",
                                "currency_unit": "万元", "currency_unit_stated": True, "rows": 5, "empty": True}
    facts = {f["name"]: f for f in out["facts"]}
    assert facts["basic_share"]["value"] == 76.39 and facts["basic_share"]["unit"] == "%"
    assert facts["no_three_public"]["value"] is True


def test_summary_json_writes_amounts_with_two_decimals(capsys, seed_path):
    main(["summary", str(seed_path), "--json"])
    raw = capsys.readouterr().out
    assert '"basic": 52212451.06' in raw
    assert '"project_change"' in raw and '"value": 30.40' in raw  # exactly as the text writes it


def test_summary_text(capsys, seed_path):
    assert main(["summary", str(seed_path)]) == 0
    out = capsys.readouterr().out
    assert "北京市西城区社会保险基金管理中心" in out
    assert "5,221.25 万元" in out and "76.39%" in out


@pytest.mark.parametrize(
    "content, reason",
    [(b"", "the file is empty"), (b"\xff\xfe\x00garbage\x81\x82" * 10, "not a budget disclosure"), (b"\x81\x30\xff" * 50, "neither UTF-8 nor GB18030")],
)
def test_unreadable_file_one_line_exit_2(tmp_path, capsys, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert main(["summary", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert str(path) in err and reason in err


def test_missing_and_unsupported_files(tmp_path, capsys):
    assert main(["summary", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    other = tmp_path / "x.doc"
    other.write_text("x")
    assert main(["summary", str(other)]) == 2
    assert "unsupported file type '.doc'" in capsys.readouterr().err


def test_console_script_is_installed(seed_path):
    exe = subprocess.run([sys.executable, "-m", "budgetkit", "summary", "--json", str(seed_path)],
                         capture_output=True, text=True, check=False)
    assert exe.returncode == 0, exe.stderr
    assert json.loads(exe.stdout)["unit_code"] == "257004"
