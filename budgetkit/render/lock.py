"""One render at a time per output folder: ``<out>/.budgetkit/lock``, held with ``flock`` for the
whole run. A second render into the same folder waits for the first (or, asked not to wait,
stops with one line); the lock goes with its holder however it ends, so none is ever stale."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from ..errors import BudgetkitError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; renders are not serialised there
    fcntl = None

__all__ = ["LOCK", "OutputBusy", "output_lock"]

LOCK = ".budgetkit/lock"


class OutputBusy(BudgetkitError):
    """Another render holds the output folder."""


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return f"进程 {text}" if text.isdigit() else "另一进程"


@contextmanager
def output_lock(out: Path, wait: bool = True, on_wait: Callable[[str], None] | None = None):
    """Hold ``out``'s render lock for the ``with`` block. When another render holds it: wait
    (telling ``on_wait`` once, in one line) or, with ``wait=False``, raise :class:`OutputBusy`."""
    path = Path(out) / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:  # pragma: no cover
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            who = _holder(fd)
            if not wait:
                raise OutputBusy(f"{out} 正由另一个 budgetkit render（{who}）写入；未做任何改动，请等它结束后再运行") from None
            if on_wait is not None:
                on_wait(f"{out} 正由另一个 budgetkit render（{who}）写入，等它结束后再开始…")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays (removing it would race with a waiter)
