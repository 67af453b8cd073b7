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

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, papermill_engines
from papermill.log import logger
from papermill.utils import merge_kwargs, remove_args

__all__ = ["WarmKernelEngine", "ENGINE_NAME", "shutdown_warm_kernel", "warm_up", "kernel_process"]

ENGINE_NAME = "budgetkit-warm"
_RESET = "%reset -f"

_warm: dict = {}  # {"key": (kernel_name, cwd), "km": …, "kc": …} for this process


def _kernel(kernel_name: str, cwd: str | None):
    from jupyter_client.manager import KernelManager

    key = (kernel_name, cwd)
    km = _warm.get("km")
    if km is not None and (_warm.get("key") != key or not km.is_alive()):
        shutdown_warm_kernel()
        km = None
    if km is None:
        km = KernelManager(kernel_name=kernel_name)
        # the kernel's own stderr is start-up chatter; cell errors come back through the notebook
        km.start_kernel(cwd=cwd, env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}, stderr=subprocess.DEVNULL)
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        _warm.update(key=key, km=km, kc=kc, pid=os.getpid())
    return _warm["km"], _warm["kc"]


def warm_up(cwd: str, kernel_name: str = "python3") -> int:
    """Start this process's kernel and import the report code in it, ahead of the first report.

    (Rendering a whole example report as a warm-up was measured too: it only moves the first
    notebook's one-off costs, 20 reports took 22.8 s with it and 20.8 s without.)
    """
    _, kc = _kernel(kernel_name, cwd)
    kc.execute_interactive(_WARM_KERNEL, store_history=False, timeout=120)
    from ..webfont import font_face_css
    from .export import _exporter

    _exporter(False)  # nbconvert's templates, loaded once per worker
    font_face_css("预算")  # the font parsed once per worker
    time.sleep(0.2)  # let a pool hand the other warm-ups to the other workers
    return os.getpid()


# imported and drawn once in each warm kernel: the report code, the CJK font, matplotlib's caches
_WARM_KERNEL = """
import budgetkit.report, budgetkit.overview
from budgetkit import charts as _c
_f, _a = _c._figure(1.0); _a.set_title("预算"); _c.png_bytes(_f)
del _c, _f, _a
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
        km, kc = _kernel(kernel_name, kwargs.get("cwd"))
        reply = kc.execute_interactive(_RESET, store_history=False, timeout=60)  # a clean namespace
        if reply["content"].get("status") != "ok":  # pragma: no cover - the kernel is broken: start afresh
            shutdown_warm_kernel()
            km, kc = _kernel(kernel_name, kwargs.get("cwd"))
        kwargs = remove_args(["input_path", "timeout", "startup_timeout", "cwd"], **kwargs)
        final = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
                             log=logger, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
        client = PapermillNotebookClient(nb_man, km=km, **final)
        client.kc = kc
        return client.execute(cleanup_kc=False)


papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
