"""A render worker's kernel is a fork of the worker (budgetkit/render/forked_kernel.py): it has
what the worker imported, runs cells and reports like a kernel started anew, and is one only
where forking is safe."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from budgetkit.render import engine, forked_kernel

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kernels are forked on Linux only")


def _cmdline(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()


@linux
@pytest.mark.slow
def test_the_kernel_is_a_fork_of_its_worker(monkeypatch, tmp_path):
    monkeypatch.setattr(forked_kernel, "_allowed", False)
    engine.shutdown_warm_kernel()
    import budgetkit.report  # noqa: F401  (what a worker imports before its kernel is forked)

    forked_kernel.allow()  # as a render worker does
    assert forked_kernel.allowed()
    try:
        km, kc = engine._kernel("python3", str(tmp_path))
        pid = km.provisioner.pid
        # a fork keeps this process's command line (a new kernel's would be "-m ipykernel_launcher")
        assert _cmdline(pid) == _cmdline(os.getpid())
        assert Path(f"/proc/{pid}/comm").read_text().strip() == "ipykernel"
        said: list[str] = []
        reply = kc.execute_interactive(
            "import os, sys; print(os.getppid(), os.getcwd(), os.getpgid(0) == os.getpid(), 'budgetkit.report' in sys.modules)",
            timeout=60, output_hook=lambda m: said.append(m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
        assert reply["content"]["status"] == "ok"
        # its parent is this process, it runs in the folder asked for, leads its own process group
        # (the render's clean-up kills the group), and has the report code this process imported
        assert "".join(said).split() == [str(os.getpid()), str(tmp_path), "True", "True"]
    finally:
        engine.shutdown_warm_kernel()
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[1][:3]


def test_only_this_interpreters_ipython_kernel_is_forked(monkeypatch):
    monkeypatch.setattr(forked_kernel, "_allowed", True)
    assert forked_kernel._forkable([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"])
    assert not forked_kernel._forkable(["/opt/other/python", "-m", "ipykernel_launcher", "-f", "k.json"])
    assert not forked_kernel._forkable([sys.executable, "-m", "some_other_kernel", "-f", "k.json"])
    monkeypatch.setattr(forked_kernel, "_allowed", False)  # a Dask worker, a user's executor: never allowed
    assert not forked_kernel._forkable([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"])
