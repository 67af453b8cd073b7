"""Bounded work per document: each document is read (and audited) in a child process with a
time and a memory budget, so that no file can hold a batch for long or take the machine's memory.

A document over its budget becomes a :class:`OverBudget` failure (a :class:`ReadError`, so every
batch lists it like any unreadable file) and the batch goes on with the others. ``jobs`` children
("readers") run at once, each reading document after document with each one's budget; a reader
that ran over a budget, crashed, or grew by a whole memory budget is replaced by a new one. They
end with their parent (``PR_SET_PDEATHSIG`` on Linux, a watchdog elsewhere), however it ends.

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


class _Reader:
    """One child that serves calls one at a time: a call's item goes down its pipe, the result
    comes back. Forking costs more than the call's own work on a small document (the pages the
    child touches are copied, its caches start cold): readers that serve call after call took
    a fifth to a quarter less CPU on 40 text documents, and up to a fifth less on the corpus's 20
    PDFs (old and new run alternately)."""

    def __init__(self, ctx, fn, items: list, memory_mb: int | None):
        here, there = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_serve, args=(fn, items, there, memory_mb, os.getpid()), daemon=True)
        self.process.start()
        there.close()
        self.conn, self.index, self.deadline = here, None, None

    def give(self, i: int, timeout: float | None) -> bool:
        """Hand it call ``i``; ``False`` if it is gone."""
        try:
            self.conn.send(i)
        except OSError:
            return False
        self.index = i
        self.deadline = time.monotonic() + timeout if timeout else None
        return True

    def stop(self) -> None:
        _stop(self.process, self.conn)


#: a call whose reader dies before taking it this many times running fails (no endless forking)
_BIRTHS = 3


def _completed(fn, items: list, limits: Limits, name: Callable) -> Iterator[tuple[int, object]]:
    """``(index, result)`` of each call as it ends, ``limits.jobs`` readers at once. A reader whose
    call ran over its time, or that died, is replaced by a new one for the calls left; a reader
    with no call left ends at once, rather than when the caller asks for a result past the last."""
    todo = list(range(len(items)))[::-1]
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    readers: list[_Reader] = []
    lost = 0  # readers gone before taking the next call, in a row
    try:
        while todo or readers:
            while todo:  # idle readers first, then new ones, take the calls left
                reader = next((r for r in readers if r.index is None), None)
                if reader is None and len(readers) >= max(1, limits.jobs):
                    break
                if reader is None:
                    reader = _Reader(ctx, fn, items, limits.memory_mb)
                    readers.append(reader)
                if reader.give(todo[-1], limits.timeout):
                    todo.pop()
                    lost = 0
                    continue
                readers.remove(reader)  # gone while idle, or at birth (killed from outside)
                reader.stop()
                lost += 1
                if lost >= _BIRTHS:
                    i, lost = todo.pop(), 0
                    yield i, ReadError(name(items[i]), "处理这一文件的进程未能启动，已跳过这一文件")
            for reader in [r for r in readers if r.index is None]:  # idle, nothing left to read
                readers.remove(reader)
                reader.stop()
            if not readers:
                break
            busy = list(readers)  # every reader left has a call
            soonest = min((r.deadline for r in busy if r.deadline is not None), default=None)
            ready = set(wait([r.conn for r in busy], timeout=None if soonest is None else max(0.0, soonest - time.monotonic())))
            for reader in busy:
                if reader.conn in ready:
                    i, reader.index = reader.index, None
                    result, retired = _receive(reader, name(items[i]), limits)
                    if retired or not todo:  # done, or nothing left for it to read: it ends now
                        readers.remove(reader)
                        reader.stop()
                    yield i, result
            now = time.monotonic()
            for reader in list(readers):
                if reader.index is None or reader.deadline is None or now < reader.deadline:
                    continue
                if reader.conn.poll():  # its answer came in time, while this process was busy
                    continue
                i = reader.index
                readers.remove(reader)
                reader.stop()
                yield i, OverBudget(name(items[i]), _time_reason(limits))
    finally:  # interrupted, or the caller stopped early: no child outlives the call
        for reader in readers:
            reader.stop()


def _call_here(fn, item, label):
    try:
        return fn(item)
    except ReadError as exc:
        return exc
    except Exception as exc:  # budgetkit's own failure: one line, never a traceback in a batch
        return ReadError(label(item), _own_failure(exc))


def _own_failure(exc: BaseException) -> str:
    return f"budgetkit 自身出错（{type(exc).__name__}: {exc}），这一文件未能处理"


def _stop(process, conn) -> None:
    process.kill()
    process.join(5)
    conn.close()


def _receive(reader: _Reader, label: str, limits: Limits) -> tuple[object, bool]:
    """The reader's answer for its call, and whether the reader is done (it died, its answer
    could not be read, or it ends after the call: see :func:`_call_within`)."""
    process = reader.process
    try:
        retire, kind, *payload = reader.conn.recv()
    except (EOFError, OSError):  # the child died without an answer
        process.join(5)
        code = process.exitcode
        if code == -signal.SIGKILL:  # not by us (we stop only children over time): the OOM killer, or someone
            return ReadError(label, "处理这一文件的进程被系统终止（多半是内存不足），已跳过这一文件"), True
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            return ReadError(label, f"处理这一文件的进程意外结束（信号 {name}），已跳过这一文件"), True
        return ReadError(label, f"处理这一文件的进程意外结束（退出码 {code}），已跳过这一文件"), True
    except Exception as exc:  # noqa: BLE001 - alive, but its answer cannot be read here: it ends
        return ReadError(label, _own_failure(exc)), True
    if kind == "ok":
        return payload[0], retire
    reason, table, over = payload
    return (OverBudget(label, _memory_reason(limits)) if over else ReadError(label, reason, table)), retire


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


def _serve(fn, items: list, conn, memory_mb: int | None, parent: int) -> None:
    """A reader's loop: for each index received, ``fn(items[i])`` within ``memory_mb`` more than
    the process held before the call, its answer pickled back; a closed pipe ends it, and so does
    a call after which it should not go on (:func:`_call_within`). The parent kills it otherwise."""
    # what the fork inherited is out of the garbage collector's sight: its collections walked
    # every object of the parent, copying each page they touched (a fifth of a document's CPU)
    gc.freeze()
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    import faulthandler
    import warnings

    faulthandler.disable()  # a crash here is the parent's one line, not a dump of this stack

    warnings.simplefilter("ignore")  # a reader's warnings are no line of the batch's output
    start = _address_space()
    try:
        while True:
            try:
                i = conn.recv()
            except (EOFError, OSError):
                return
            if _call_within(fn, items[i], conn, memory_mb, start):
                return
    finally:
        conn.close()


def _call_within(fn, item, conn, memory_mb: int | None, start: int) -> bool:
    """One call of a reader, its answer sent, saying whether the reader ends after it: when the
    call ran out of memory, or the reader has grown by more than ``memory_mb`` since it
    ``start``-ed (what one call leaves behind never adds up over many)."""
    over = False
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
    retire = over or bool(memory_mb) and _address_space() - start > memory_mb * 2**20
    try:
        data = pickle.dumps((retire, *message), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        retire = True
        data = pickle.dumps((True, "error", "", None, True))
    except Exception as exc:  # noqa: BLE001
        data = pickle.dumps((retire, "error", _own_failure(exc), None, False))
    del message
    conn.send_bytes(data)
    return retire


def _memory_error(exc: BaseException) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, MemoryError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False
