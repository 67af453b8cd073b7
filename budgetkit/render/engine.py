"""A papermill engine that keeps one warm kernel per worker process.

Starting a kernel and importing pandas, matplotlib and budgetkit costs ~2–3 s; a report's own
work is well under one. This engine starts the kernel once per process and, before each
notebook, empties the kernel's namespace (``%reset -f``) so that no report sees another's
variables; modules stay imported (that is the point), and budgetkit's module state is only
caches of pure functions. Every report is still executed by papermill with its own parameters.

The engine is registered with papermill as ``budgetkit-warm``.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import time

from ..heap import settle
from . import forked_kernel
from .imports import without_iri_grammars

with without_iri_grammars():
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import Engine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

__all__ = ["WarmKernelEngine", "ENGINE_NAME", "shutdown_warm_kernel", "warm_up", "kernel_process", "kernel_cpu",
           "last_timing", "guard_worker"]

ENGINE_NAME = "budgetkit-warm"
_RESET = "%reset -f"

_warm: dict = {}  # {"key": (kernel_name, cwd), "km": …, "kc": …} for this process
_timing: dict = {}  # where the last notebook's CPU went (see ``last_timing``)
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _kernel_pid() -> int | None:
    km = _warm.get("km")
    return getattr(getattr(km, "provisioner", None), "pid", None)


def kernel_cpu() -> float:
    """CPU seconds used so far by this process's warm kernel (0 without one)."""
    pid = _kernel_pid()
    if not pid:
        return 0.0
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime
    except (OSError, IndexError, ValueError):
        process = kernel_process()
        try:
            times = process.cpu_times() if process else None
        except Exception:  # the kernel went away: a figure, never a failure
            return 0.0
        return times.user + times.system if times else 0.0


def _cpu() -> tuple[float, float]:
    """(this process, its kernel) CPU seconds so far."""
    return time.process_time(), kernel_cpu()


def last_timing() -> dict:
    """Where the last notebook executed by this process spent CPU: ``kernel_start``,
    ``kernel_reset`` and, for each code cell, ``cells`` as ``[label, this process, kernel]``."""
    return dict(_timing)


def guard_worker(parent: int) -> None:
    """A worker's initializer: when ``parent`` (the ``budgetkit render`` process) ends, however
    it ends, this worker ends its kernel's process group and then itself, within a fraction of a
    second. (The kernel also watches the worker, ipykernel's own poller, should the worker be
    killed outright.)"""
    import signal
    import threading
    from multiprocessing import util

    # a worker that ends normally (the pool shut down) shuts its kernel down and waits for it,
    # rather than leave it to notice, a second later, that its parent is gone
    util.Finalize(None, shutdown_warm_kernel, exitpriority=100)
    forked_kernel.allow()  # this worker's kernel is a fork of it (budgetkit.render.forked_kernel)

    def watch():
        while os.getppid() == parent:
            time.sleep(0.2)
        pid = _kernel_pid()
        if pid:
            try:
                os.killpg(pid, signal.SIGKILL)  # the kernel leads its own process group (a new session)
            except OSError:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="budgetkit-parent-watch").start()
    if os.getppid() != parent:  # it had ended already
        os._exit(1)


def _kernel(kernel_name: str, cwd: str | None):
    from jupyter_client.manager import KernelManager

    key = (kernel_name, cwd)
    km = _warm.get("km")
    if km is not None and (_warm.get("key") != key or not km.is_alive()):
        shutdown_warm_kernel()
        km = None
    if km is None:
        before = _cpu()
        km = KernelManager(kernel_name=kernel_name)
        forked_kernel.provision(km)
        # the kernel's own stderr is start-up chatter; cell errors come back through the notebook
        # no IPython history: a batch's cells are not the user's (they were written to the user's
        # ~/.ipython history.sqlite, a thousand lines per 60 reports), and each cell is a third cheaper
        km.start_kernel(cwd=cwd, env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}, stderr=subprocess.DEVNULL,
                        extra_arguments=["--HistoryManager.enabled=False"])
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        _warm.update(key=key, km=km, kc=kc, pid=os.getpid())
        after = _cpu()
        _timing["kernel_start"] = [after[0] - before[0], after[1]]  # a new kernel: all its CPU so far
    return _warm["km"], _warm["kc"]


def warm_up(cwd: str, kernel_name: str = "python3") -> dict:
    """Start this process's kernel and import the report code in it, ahead of the first report;
    returns the CPU seconds it took (``worker``, ``kernel``) and this process's ``pid``.

    (Rendering a whole example report as a warm-up was measured too: it only moves the first
    notebook's one-off costs, 20 reports took 22.8 s with it and 20.8 s without.)
    """
    before = time.process_time()
    kernel_before = kernel_cpu()
    if forked_kernel.allowed():
        _preload()
    _, kc = _kernel(kernel_name, cwd)
    kc.execute_interactive(_WARM_KERNEL, store_history=False, timeout=120)
    from ..webfont import font_face_css
    from .export import _exporter

    _exporter(False)  # nbconvert's templates, loaded once per worker
    font_face_css("预算")  # the font parsed once per worker
    settle()  # the worker's modules out of every later collection's way, as in the kernel (budgetkit.heap)
    spent = {"worker": time.process_time() - before, "kernel": kernel_cpu() - kernel_before, "pid": os.getpid()}
    _timing.pop("kernel_start", None)  # counted here, not in the first report
    time.sleep(0.2)  # let a pool hand the other warm-ups to the other workers
    return spent


def _preload() -> None:
    """What the kernel's warm-up (:data:`_WARM_KERNEL`) imports and draws, done in this worker
    before its kernel is forked from it (``budgetkit.render.forked_kernel``): the kernel starts
    with all of it."""
    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.kernelapp  # noqa: F401

    from .. import charts, overview, report  # noqa: F401

    charts.warm()
    settle()


# imported and drawn once in each warm kernel: the report code, the CJK font, matplotlib's caches;
# then what is there is frozen out of the garbage collector's sight (budgetkit.heap): every full
# collection (the one in each ``%reset -f`` among them) walked those ~150,000 long-lived objects,
# 0.1 s a time, and the young collections took a fifth of a chart's CPU
_WARM_KERNEL = """
import budgetkit.report, budgetkit.overview, budgetkit.heap
budgetkit.charts.warm()
budgetkit.heap.settle()
del budgetkit
"""


def kernel_process():
    """This process's warm kernel as a ``psutil.Process`` (for CPU and memory figures), or ``None``."""
    km = _warm.get("km")
    pid = getattr(getattr(km, "provisioner", None), "pid", None)
    if not pid:
        return None
    try:
        import psutil

        return psutil.Process(pid)
    except Exception:
        return None


def shutdown_warm_kernel() -> None:
    km, kc = _warm.pop("km", None), _warm.pop("kc", None)
    if kc is not None:
        kc.stop_channels()
    if km is not None and _warm.pop("pid", os.getpid()) == os.getpid():
        km.shutdown_kernel(now=True)
    _warm.clear()


atexit.register(shutdown_warm_kernel)


class WarmKernelEngine(Engine):
    """papermill's nbclient engine, on this process's warm kernel."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, **kwargs):
        _timing.clear()
        # papermill gives no ``cwd`` to its engine: it changes into it around the call. Keyed on
        # None, the warm-up's kernel (keyed on its folder) was thrown away at the first report.
        cwd = kwargs.get("cwd") or os.getcwd()
        km, kc = _kernel(kernel_name, cwd)
        before = _cpu()
        reply = kc.execute_interactive(_RESET, store_history=False, timeout=60)  # a clean namespace
        if reply["content"].get("status") != "ok":  # pragma: no cover - the kernel is broken: start afresh
            shutdown_warm_kernel()
            km, kc = _kernel(kernel_name, cwd)
        after = _cpu()
        _timing["kernel_reset"] = [after[0] - before[0], after[1] - before[1]]
        _time_cells(nb_man)
        kwargs = remove_args(["input_path", "timeout", "startup_timeout", "cwd"], **kwargs)
        final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
                             log=logger, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
        client = PapermillNotebookClient(nb_man, km=km, **final)
        client.kc = kc
        return client.execute(cleanup_kc=False)


def _time_cells(nb_man) -> None:
    """Record each code cell's CPU (this process: papermill and nbclient; the kernel: the cell's
    own work) around papermill's own cell hooks."""
    cells = _timing["cells"] = []
    start, complete, marks = nb_man.cell_start, nb_man.cell_complete, {}

    def cell_start(cell, cell_index=None, **kwargs):
        marks[cell_index] = _cpu()
        return start(cell, cell_index, **kwargs)

    def cell_complete(cell, cell_index=None, **kwargs):
        result = complete(cell, cell_index, **kwargs)
        before, after = marks.pop(cell_index, None), _cpu()
        if before is not None and cell.get("cell_type") == "code":
            tags = cell.get("metadata", {}).get("tags", [])
            label = ("(injected parameters)" if "injected-parameters" in tags else "(parameters)" if "parameters" in tags
                     else next((ln for ln in str(cell.get("source", "")).splitlines() if ln and not ln.startswith("#")), ""))
            cells.append([label[:60], after[0] - before[0], after[1] - before[1]])
        return result

    nb_man.cell_start, nb_man.cell_complete = cell_start, cell_complete


papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
