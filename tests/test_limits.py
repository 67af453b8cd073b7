"""Bounded work per document: a document over its time or memory budget is listed as failed with
that reason, and the batch goes on with the others (check, extract, render)."""

from __future__ import annotations

import os
import signal
import time

import pytest

import budgetkit.corpus
from budgetkit.cli import main
from budgetkit.errors import ReadError
from budgetkit.limits import Limits, OverBudget, run_bounded

SEED_UNIT = "北京市西城区社会保险基金管理中心"
SLOW = "slow"  # a file whose name holds this is read slowly, by the hook below


@pytest.fixture()
def docs(tmp_path, seed_text):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.txt").write_text(seed_text.replace(SEED_UNIT, "北京市西城区甲测试中心"), encoding="utf-8")
    (folder / f"{SLOW}.txt").write_text(seed_text.replace(SEED_UNIT, "北京市西城区乙测试中心"), encoding="utf-8")
    return folder


@pytest.fixture()
def slow_reader(monkeypatch):
    """Reading a file named "slow…" takes an hour (the children are forked: they inherit this)."""
    read = budgetkit.corpus._read_one

    def hook(path):
        if SLOW in os.path.basename(str(path)):
            time.sleep(3600)
        return read(path)

    monkeypatch.setattr(budgetkit.corpus, "_read_one", hook)


def _sleep(seconds):
    time.sleep(seconds)
    return seconds


def _allocate(mb):
    return len(bytearray(mb * 2**20))


def _crash(_):
    return 1 / 0


def _die(_):
    os.kill(os.getpid(), signal.SIGSEGV)


def test_the_time_budget_ends_a_call_and_the_others_finish():
    start = time.monotonic()
    results = run_bounded(_sleep, [0.1, 3600, 0.2], Limits(timeout=2, memory_mb=0, jobs=2))
    assert time.monotonic() - start < 15
    assert results[0] == 0.1 and results[2] == 0.2
    assert isinstance(results[1], OverBudget) and "超出时间限制" in results[1].reason and "2 秒" in results[1].reason


def test_the_memory_budget_ends_a_call():
    results = run_bounded(_allocate, [1, 4096], Limits(timeout=60, memory_mb=256))
    assert results[0] == 2**20
    assert isinstance(results[1], OverBudget) and "超出内存限制" in results[1].reason and "256 MB" in results[1].reason


def test_budgetkit_own_failure_and_a_dead_child_are_one_line_each():
    crashed, died = run_bounded(_crash, ["a.pdf"], Limits()) + run_bounded(_die, ["b.pdf"], Limits())
    assert crashed.path == "a.pdf" and "budgetkit 自身出错" in crashed.reason and "ZeroDivisionError" in crashed.reason
    assert died.path == "b.pdf" and "进程意外结束" in died.reason and "\n" not in died.reason


def test_without_limits_the_work_runs_here():
    assert run_bounded(_pid, [None], Limits(timeout=0, memory_mb=0)) == [os.getpid()]
    assert run_bounded(_pid, [None], Limits())[0] != os.getpid()


def _pid(_):
    return os.getpid()


def _pid_after(action):
    """(this process, what ``action`` gave): which reader served the call."""
    return os.getpid(), action()


_KEPT = []  # what a call left behind in its reader


def test_a_reader_serves_call_after_call_and_a_fresh_one_follows_a_failure():
    """Each child reads document after document (forking per document cost more CPU than a
    small document's reading); after a call that ran out of memory, crashed or ran over its time,
    the next call gets a new child, and every other call its answer."""
    ok = lambda: 1  # noqa: E731
    calls = [ok, ok, lambda: len(bytearray(4096 * 2**20)), ok, lambda: os.kill(os.getpid(), signal.SIGSEGV), ok,
             lambda: time.sleep(3600), ok]
    results = run_bounded(_pid_after, calls, Limits(timeout=3, memory_mb=256, jobs=1))
    first, second, _, after_memory, _, after_crash, _, after_time = results
    assert first[0] == second[0] != os.getpid()  # one child, two calls
    assert isinstance(results[2], OverBudget) and "超出内存限制" in results[2].reason
    assert "进程意外结束" in results[4].reason
    assert isinstance(results[6], OverBudget) and "超出时间限制" in results[6].reason
    assert len({first[0], after_memory[0], after_crash[0], after_time[0]}) == 4
    assert [r[1] for r in (first, second, after_memory, after_crash, after_time)] == [1] * 5


def test_a_reader_that_has_grown_by_its_memory_budget_ends_after_its_answer():
    keep = lambda: _KEPT.append(bytearray(150 * 2**20)) or len(_KEPT)  # noqa: E731
    (p1, n1), (p2, n2), (p3, n3) = run_bounded(_pid_after, [keep, keep, keep], Limits(timeout=60, memory_mb=256, jobs=1))
    assert p1 == p2 != p3 and (n1, n2, n3) == (1, 2, 1)  # 300 MB kept over two calls: the third, a new reader


def test_readers_that_end_their_calls_together_take_the_last_call_one_of_them(monkeypatch):
    """Both readers answered before the parent looked (the corpus render's parent was busy
    unpickling): two idle readers and one call left. It went to the first, and the second
    asked an empty list for the next call (IndexError), once in a full test run."""
    import budgetkit.limits as limits

    real = limits.wait

    def late(conns, timeout=None):
        time.sleep(0.5)  # every call has answered by now
        return real(conns, timeout)

    monkeypatch.setattr(limits, "wait", late)
    assert run_bounded(_pid_after, [lambda: 1] * 3, Limits(jobs=2))[2][1] == 1


def test_readers_run_jobs_at_once():
    pids = run_bounded(_pid, [None] * 6, Limits(jobs=2))
    assert len(set(pids)) <= 2 and os.getpid() not in pids


def test_check_lists_the_slow_document_and_audits_the_other(docs, slow_reader, capsys):
    start = time.monotonic()
    status = main(["check", str(docs), "--timeout", "3"])
    assert time.monotonic() - start < 30
    out, err = capsys.readouterr()
    assert status == 2
    assert err.splitlines() == [f"budgetkit: cannot read {docs / 'slow.txt'}: 超出时间限制：3 秒内未能处理完，"
                                "已中止这一文件，其余文件照常处理（可用 --timeout 放宽）"]
    assert f"== {docs / 'good.txt'}  北京市西城区甲测试中心 2023预算" in out


def test_extract_goes_on_past_the_slow_document(docs, slow_reader, tmp_path, capsys):
    status = main(["extract", str(docs), "--out", str(tmp_path / "out"), "--timeout", "3"])
    out, err = capsys.readouterr()
    assert status == 2 and "slow.txt: 超出时间限制" in err
    assert out.startswith("1 disclosures")
    units = (tmp_path / "out" / "units.csv").read_text(encoding="utf-8-sig")
    assert "北京市西城区甲测试中心" in units and "乙测试中心" not in units


@pytest.mark.slow
def test_render_lists_the_slow_document_and_renders_the_other(docs, slow_reader, tmp_path):
    from budgetkit.render import render

    start = time.monotonic()
    result = render([docs], out=tmp_path / "site", jobs=1, progress=False, with_overview=False,
                    limits=Limits(timeout=3, jobs=2))
    assert time.monotonic() - start < 300
    assert [r["unit"] for r in result.reports] == ["北京市西城区甲测试中心"]
    assert (tmp_path / "site" / result.reports[0]["html"]).exists()
    assert result.failures == [{"file": str(docs / "slow.txt"),
                                "reason": "超出时间限制：3 秒内未能处理完，已中止这一文件，其余文件照常处理（可用 --timeout 放宽）"}]
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "slow.txt" in index and "超出时间限制" in index


def _mixed(spec):
    kind, value = spec
    if kind == "sleep":
        time.sleep(value)
        return value
    if kind == "crash":
        raise ValueError("boom")
    if kind == "die":
        os.kill(os.getpid(), signal.SIGSEGV)
    if kind == "memory":
        return len(bytearray(4096 * 2**20))
    time.sleep(3600)  # "hang"


@pytest.mark.parametrize("seed", range(6))
def test_readers_give_every_call_its_own_answer_whatever_the_order_of_events(seed, monkeypatch):
    """Calls that answer, crash, kill their reader, run out of memory or hang, in random order,
    with the parent looking late now and then: every call gets its own answer, in order."""
    import random

    import budgetkit.limits as limits
    from budgetkit.errors import ReadError

    rng = random.Random(seed)
    real = limits.wait
    monkeypatch.setattr(limits, "wait", lambda conns, timeout=None: time.sleep(rng.choice([0, 0, 0.02, 0.1])) or real(conns, timeout))
    kinds = ["sleep"] * 6 + ["crash", "die", "memory"] + (["hang"] if seed < 2 else [])
    specs = [(kind, rng.choice([0, 0.01, 0.05])) for kind in (rng.choice(kinds) for _ in range(rng.randint(4, 9)))]
    results = run_bounded(_mixed, specs, Limits(timeout=1, memory_mb=256, jobs=rng.randint(1, 3)))
    for (kind, value), got in zip(specs, results, strict=True):
        if kind == "sleep":
            assert got == value
        else:
            assert isinstance(got, ReadError)
            assert {"crash": "ValueError", "die": "进程意外结束", "memory": "超出内存限制", "hang": "超出时间限制"}[kind] in got.reason


def _explode():
    raise ValueError("不能还原")


class _Unreadable:
    """Pickled in the reader, but not unpickled in the parent."""

    def __reduce__(self):
        return _explode, ()


def _children() -> list:
    import multiprocessing

    return [p for p in multiprocessing.active_children() if p.is_alive()]


def test_an_answer_the_parent_cannot_read_is_one_line_and_its_reader_ends():
    start = time.monotonic()
    bad, good = run_bounded(lambda x: _Unreadable() if x else 2, [True, False], Limits(jobs=1))
    assert isinstance(bad, ReadError) and "budgetkit 自身出错" in bad.reason and "不能还原" in bad.reason and good == 2
    assert time.monotonic() - start < 4 and not _children()


def test_no_reader_outlives_the_last_answer():
    """A caller that takes exactly as many answers as it asked for (the render's settle) never
    asks the generator again: its readers had lived on, with what they held, through the render."""
    from budgetkit.limits import iter_bounded

    answers = iter_bounded(_sleep, [0.05, 0.1, 0.15], Limits(jobs=2))
    assert [next(answers) for _ in range(3)] == [0.05, 0.1, 0.15]
    time.sleep(0.2)
    assert not _children()


def test_an_answer_in_time_is_not_lost_to_a_late_parent():
    """The caller kept the parent busy past a call's deadline after the call had answered: the
    answer counts, the call is not over its time."""
    from budgetkit.limits import iter_bounded

    answers = iter_bounded(_sleep, [0.2, 0.3], Limits(timeout=1, memory_mb=0, jobs=2))
    first = next(answers)
    time.sleep(1.5)  # the second answered at 0.3 s, its deadline passes while the parent is away
    assert (first, next(answers)) == (0.2, 0.3)


def test_readers_that_die_before_their_first_call_end_in_an_error_not_a_hang(monkeypatch):
    import threading

    import budgetkit.limits as limits

    monkeypatch.setattr(limits._Reader, "give", lambda self, i, timeout: False)  # gone before it takes a call
    out = []
    worker = threading.Thread(target=lambda: out.append(run_bounded(_sleep, [0.01, 0.02], Limits(jobs=1))), daemon=True)
    worker.start()
    worker.join(30)
    assert out, "run_bounded hung"
    assert all(isinstance(r, ReadError) for r in out[0])
