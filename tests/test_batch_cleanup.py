"""A batch that cleans up after itself: workers, kernels and reading children end when the
``budgetkit render`` process dies, however it dies; two renders into one folder never interleave."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from budgetkit.cli import main
from budgetkit.render import OutputBusy, render
from budgetkit.render.lock import LOCK, output_lock

SEED_UNIT = "北京市西城区社会保险基金管理中心"
linux = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="finds the run's processes through /proc")


def _docs(folder: Path, seed_text: str, n: int, slow: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"unit-{i}.txt").write_text(seed_text.replace(SEED_UNIT, f"北京市西城区测试{i}中心"), encoding="utf-8")
    if slow:
        (folder / "slow.txt").write_text(seed_text.replace(SEED_UNIT, "北京市西城区慢速中心"), encoding="utf-8")
    return folder


def _processes(marker: str) -> list[tuple[int, str]]:
    """Live processes whose environment carries ``marker`` (every process of one run inherits it),
    each as its pid and its name and command line (a kernel forked from its worker has the
    worker's command line and the name "ipykernel")."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if marker.encode() not in f.read():
                    continue
            with open(f"/proc/{pid}/comm", "rb") as f:
                name = f.read().strip().decode(errors="replace")
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                found.append((int(pid), f"{name}: " + f.read().replace(b"\0", b" ").decode(errors="replace")[:120]))
        except OSError:
            continue  # gone meanwhile, or a zombie
    return found


def _wait_for(condition, seconds: float, step: float = 0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


#: the render command, with a hook that makes the file "slow.txt" take an hour to read
RUN = """
import os, sys, time
import budgetkit.corpus as corpus
read = corpus._read_one
corpus._read_one = lambda p: (time.sleep(3600) if os.path.basename(str(p)) == "slow.txt" else None) or read(p)
from budgetkit.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _start(args: list[str], marker: str) -> subprocess.Popen:
    env = {**os.environ, "BUDGETKIT_TEST_RUN": marker}
    return subprocess.Popen([sys.executable, "-c", RUN, "render", *args, "--quiet"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_leftovers(marker: str) -> None:
    for pid, _ in _processes(marker):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


@linux
@pytest.mark.slow
@pytest.mark.parametrize("moment", ["rendering", "reading"])
def test_nothing_of_the_run_survives_a_sigkill(tmp_path, seed_text, moment):
    """SIGKILL the render (as a CI time-out or the OOM killer does) while its workers render (or
    while a child still reads a document and the workers warm up): within seconds no process
    of the run is left, neither workers nor their kernels nor reading children."""
    docs = _docs(tmp_path / "docs", seed_text, 6, slow=moment == "reading")
    marker = f"budgetkit-kill-test-{uuid.uuid4()}"
    run = _start([str(docs), "--out", str(tmp_path / "site"), "--jobs", "2"], marker)
    try:
        if moment == "rendering":  # kernels up and reports being written
            ready = _wait_for(lambda: any("ipykernel" in c for _, c in _processes(marker))
                              and list((tmp_path / "site").rglob("*.tmp.ipynb")), 180)
        else:  # the slow file's reading child is there, and the workers' kernels start
            ready = _wait_for(lambda: sum("ipykernel" in c for _, c in _processes(marker)) >= 1, 180)
        assert ready, f"the run never got going: {_processes(marker)}; {run.poll()}"
        before = _processes(marker)
        assert len(before) >= 4, before  # the render, two workers, a kernel (and a reading child)
        run.send_signal(signal.SIGKILL)
        run.wait(10)
        left = _wait_for(lambda: not _processes(marker), 10) or _processes(marker)
        assert left is True, f"left running after the render was killed: {left}"
    finally:
        if run.poll() is None:
            run.kill()
        _kill_leftovers(marker)


def test_a_second_render_refuses_with_one_line(tmp_path, capsys):
    out = tmp_path / "site"
    (tmp_path / "empty.txt").write_bytes(b"")
    with output_lock(out):  # another render holds the folder
        with pytest.raises(OutputBusy, match=f"正由另一个 budgetkit render（进程 {os.getpid()}）写入"):
            render([tmp_path / "empty.txt"], out=out, wait=False, progress=False)
        status = main(["render", str(tmp_path / "empty.txt"), "--out", str(out), "--no-wait", "--quiet"])
    out_text, err = capsys.readouterr()
    assert status == 2 and out_text == ""
    assert err.splitlines() == [f"budgetkit: {out} 正由另一个 budgetkit render（进程 {os.getpid()}）写入；"
                                "未做任何改动，请等它结束后再运行"]
    assert not (out / "index.html").exists() and not (out / ".budgetkit" / "state.json").exists()


def test_a_second_render_waits_for_the_first(tmp_path):
    out = tmp_path / "site"
    (tmp_path / "empty.txt").write_bytes(b"")
    told = []
    held = threading.Event()
    released = []

    def first():
        with output_lock(out):
            held.set()
            time.sleep(1.5)
            released.append(time.time())

    holder = threading.Thread(target=first)
    holder.start()
    held.wait(10)
    result = render([tmp_path / "empty.txt"], out=out, progress=False, on_wait=told.append)
    holder.join()
    assert len(told) == 1 and "等它结束后再开始" in told[0]
    assert result.failures and (out / "index.html").stat().st_mtime >= released[0] - 0.01  # written after


@linux
@pytest.mark.slow
def test_two_renders_into_one_folder(tmp_path, seed_text):
    """While one render writes, a second refuses (--no-wait) or waits, then finds it all done."""
    docs = _docs(tmp_path / "docs", seed_text, 2)
    out = tmp_path / "site"
    marker = f"budgetkit-lock-test-{uuid.uuid4()}"
    first = _start([str(docs), "--out", str(out), "--jobs", "1"], marker)
    try:
        lock = out / LOCK
        assert _wait_for(lambda: lock.exists() and lock.read_text().strip() == str(first.pid), 60)
        refused = subprocess.run([sys.executable, "-m", "budgetkit", "render", str(docs), "--out", str(out), "--no-wait",
                                  "--quiet"], capture_output=True, text=True, timeout=120)
        assert refused.returncode == 2
        assert refused.stderr.splitlines() == [f"budgetkit: {out} 正由另一个 budgetkit render（进程 {first.pid}）写入；"
                                               "未做任何改动，请等它结束后再运行"]
        second = subprocess.run([sys.executable, "-m", "budgetkit", "render", str(docs), "--out", str(out), "--quiet"],
                                capture_output=True, text=True, timeout=600)
        assert first.wait(60) == 0 and second.returncode == 0, (first.stderr.read(), second.stderr)
        assert second.stderr.splitlines() == [f"budgetkit: {out} 正由另一个 budgetkit render（进程 {first.pid}）写入，"
                                              "等它结束后再开始…"]
        assert "2 reports (0 pages written)" in second.stdout  # the first did it all; nothing written twice
    finally:
        if first.poll() is None:
            first.kill()
        _kill_leftovers(marker)
