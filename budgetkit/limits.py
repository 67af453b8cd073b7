"""Bounded work per document: each document is read (and audited) in a child process with a
time and a memory budget, so that no file can hold a batch for long or take the machine's memory.

A document over its budget becomes a :class:`OverBudget` failure (a :class:`ReadError`, so every
batch lists it like any unreadable file) and the batch goes on with the others. Children run
``jobs`` at a time; they end with their parent (``PR_SET_PDEATHSIG`` on Linux, a watchdog
elsewhere), however it ends.

``run_bounded(fn, items, limits)`` is the whole interface: ``fn(item)`` runs in a child (forked
on Linux, so ``item`` needs no pickling there) and its result comes back pickled.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import resource
import signal
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Callable, Iterable, Iterator

from .errors import ReadError

__all__ = ["Limits", "OverBudget", "run_bounded", "iter_bounded", "DEFAULT_TIMEOUT", "DEFAULT_MEMORY_MB", "die_with_parent"]

#: seconds one document may take to be read and audited (a merged disclosure: its audit, in a second step)
DEFAULT_TIMEOUT = 300
#: megabytes of memory one document may take beyond what budgetkit itself holds
DEFAULT_MEMORY_MB = 2048


@dataclass(frozen=True)
class Limits:
    """The budget of one document; ``0`` or ``None`` switches a limit off (both off: the work
    runs in this process, one document after the other)."""

    timeout: float | None = DEFAULT_TIMEOUT
    memory_mb: int | None = DEFAULT_MEMORY_MB
    jobs: int = 1

    @property
    def bounded(self) -> bool:
        return bool(self.timeout) or bool(self.memory_mb)


class OverBudget(ReadError):
    """A document that needed more time or memory than its budget."""


def _time_reason(limits: Limits) -> str:
    return (f"超出时间限制：{limits.timeout:g} 秒内未能处理完，已中止这一文件，其余文件照常处理"
            f"（可用 --timeout 放宽）")


def _memory_reason(limits: Limits) -> str:
    return (f"超出内存限制：处理这一文件需要超过 {limits.memory_mb} MB 内存，已中止这一文件，其余文件照常处理"
            f"（可用 --max-memory 放宽）")


def run_bounded(fn: Callable, items: Iterable, limits: Limits, name: Callable = str) -> list:
    """``[fn(item) for item in items]`` with each call bounded by ``limits``; a call that raises
    gives its exception in its place (a :class:`ReadError`, an :class:`OverBudget`, or a
    ``ReadError`` naming budgetkit's own failure). ``name(item)`` names the file in errors."""
    return list(iter_bounded(fn, items, limits, name))


def iter_bounded(fn: Callable, items: Iterable, limits: Limits, name: Callable = str) -> Iterator:
    """:func:`run_bounded`, each result yielded, in order, as soon as it and those before it are
    done (``limits.jobs`` calls run at once)."""
    items = list(items)
    if not limits.bounded:
        for item in items:
            yield _call_here(fn, item, name)
        return
    done: dict = {}
    following = 0
    for i, result in _completed(fn, items, limits, name):
        done[i] = result
        while following in done:
            yield done.pop(following)
            following += 1


def _completed(fn, items: list, limits: Limits, name: Callable) -> Iterator[tuple[int, object]]:
    running: dict = {}  # connection -> (index, process, deadline)
    todo = list(range(len(items)))[::-1]
    jobs = max(1, limits.jobs)
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    try:
        while todo or running:
            while todo and len(running) < jobs:
                i = todo.pop()
                reader, writer = ctx.Pipe(duplex=False)
                process = ctx.Process(target=_child, args=(fn, items[i], name(items[i]), writer, limits.memory_mb,
                                                            os.getpid()), daemon=True)
                process.start()
                writer.close()
                running[reader] = (i, process, time.monotonic() + limits.timeout if limits.timeout else None)
            soonest = min((d for _, _, d in running.values() if d is not None), default=None)
            ready = wait(list(running), timeout=None if soonest is None else max(0.0, soonest - time.monotonic()))
            for reader in ready:
                i, process, _ = running.pop(reader)
                yield i, _receive(reader, process, name(items[i]), limits)
            now = time.monotonic()
            for reader, (i, process, deadline) in list(running.items()):
                if deadline is not None and now >= deadline:
                    del running[reader]
                    _stop(process, reader)
                    yield i, OverBudget(name(items[i]), _time_reason(limits))
    finally:  # interrupted, or the caller stopped early: no child outlives the call
        for reader, (_, process, _) in running.items():
            _stop(process, reader)


def _call_here(fn, item, label):
    try:
        return fn(item)
    except ReadError as exc:
        return exc
    except Exception as exc:  # budgetkit's own failure: one line, never a traceback in a batch
        return ReadError(label(item), _own_failure(exc))


def _own_failure(exc: BaseException) -> str:
    return f"budgetkit 自身出错（{type(exc).__name__}: {exc}），这一文件未能处理"


def _stop(process, reader) -> None:
    process.kill()
    process.join(5)
    reader.close()


def _receive(reader, process, label: str, limits: Limits):
    try:
        kind, *payload = reader.recv()
    except (EOFError, OSError, pickle.UnpicklingError):  # the child died without an answer
        process.join(5)
        code = process.exitcode
        reader.close()
        if code == -signal.SIGKILL:  # not by us (we stop only children over time): the OOM killer, or someone
            return ReadError(label, "处理这一文件的进程被系统终止（多半是内存不足），已跳过这一文件")
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            return ReadError(label, f"处理这一文件的进程意外结束（信号 {name}），已跳过这一文件")
        return ReadError(label, f"处理这一文件的进程意外结束（退出码 {code}），已跳过这一文件")
    reader.close()
    process.join(5)
    if kind == "ok":
        return payload[0]
    reason, table, over = payload
    if over:
        return OverBudget(label, _memory_reason(limits))
    return ReadError(label, reason, table)


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends: ``PR_SET_PDEATHSIG`` on Linux (the kernel sends
    SIGKILL), a watchdog thread elsewhere."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except Exception:  # pragma: no cover - no libc: the watchdog below does it
            _watch(parent)
    else:  # pragma: no cover
        _watch(parent)
    if os.getppid() != parent:  # it died before the signal was armed
        os._exit(1)


def _watch(parent: int) -> None:
    def loop():
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(1)

    threading.Thread(target=loop, daemon=True, name="budgetkit-parent-watch").start()


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def _child(fn, item, label: str, writer, memory_mb: int | None, parent: int) -> None:
    # what the fork inherited is out of the garbage collector's sight: its collections walked
    # every object of the parent, copying each page they touched (a fifth of a document's CPU)
    gc.freeze()
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    import faulthandler
    import warnings

    faulthandler.disable()  # a crash here is the parent's one line, not a dump of this stack

    warnings.simplefilter("ignore")  # a reader's warnings are no line of the batch's output
    over = False
    try:
        if memory_mb:
            limit = _address_space() + memory_mb * 2**20
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
        try:
            message = ("ok", fn(item))
        except ReadError as exc:
            over = _memory_error(exc)
            message = ("error", exc.reason, exc.table, over)
        except BaseException as exc:  # noqa: BLE001 - budgetkit's own failure, named, never a traceback
            over = _memory_error(exc)
            message = ("error", _own_failure(exc), None, over)
        try:
            data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps(("error", "", None, True))
        except Exception as exc:  # noqa: BLE001
            data = pickle.dumps(("error", _own_failure(exc), None, False))
        writer.send_bytes(data)
    finally:
        writer.close()


def _memory_error(exc: BaseException) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, MemoryError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False
