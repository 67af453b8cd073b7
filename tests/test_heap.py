"""The garbage collector's settings for budgetkit's own processes (budgetkit.heap)."""

from __future__ import annotations

import gc
import subprocess
import sys

from budgetkit.heap import YOUNG, settled


def test_settled_gives_the_caller_its_collector_back():
    before = gc.get_threshold()
    gc.unfreeze()
    with settled():
        assert gc.get_threshold()[0] == max(before[0], YOUNG)
        assert gc.get_freeze_count() > 1000  # what was alive is out of the collections' way
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_settle_freezes_and_collects_the_young_less_often():
    code = ("import gc; from budgetkit.heap import settle, YOUNG; settle(); "
            "print(gc.get_threshold()[0] == YOUNG, gc.get_freeze_count() > 1000)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]


def test_a_collector_switched_off_stays_off():
    code = "import gc; gc.disable(); gc.set_threshold(0); from budgetkit.heap import settle; settle(); print(gc.get_threshold()[0])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "0"
