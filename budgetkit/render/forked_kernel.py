"""A worker's kernel forked from the worker, not started as a new Python.

A new kernel process imports pandas, matplotlib and the report code again, about 1.1 CPU-s, all
of which its worker can import once and hand over: a forked child has every module its parent
imported (and matplotlib's font caches, and the garbage collector's frozen start-up objects),
sharing their memory until it writes to it. The child then runs IPython's kernel app on the
connection file jupyter_client wrote, as ``python -m ipykernel_launcher -f …`` would: same
kernel, same messages, same namespace reset before each report.

jupyter_client starts kernels through a *provisioner*; :class:`ForkingProvisioner` is its local
one with the launch replaced, and everything else (ports, connection file, signals to the
process group, kill, wait) as before. It forks only where that is known to be safe:

* the kernel would run this very interpreter's ``ipykernel_launcher`` (a ``python3`` kernel spec
  that names another Python is started as before);
* the process is one of budgetkit's own render workers (:func:`allow`), whose only other thread
  watches the render process and holds no lock, on a platform whose multiprocessing forks;
* the render was not started from IPython or Jupyter (whose shell and kernel the worker has
  inherited: a fork would take them over).

Elsewhere (a Dask worker, a user's executor, macOS and Windows) the kernel is a new process.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
import uuid
import warnings

from jupyter_client.provisioning.local_provisioner import LocalProvisioner

__all__ = ["ForkingProvisioner", "allow", "allowed", "provision"]

_allowed = False


def allow() -> None:
    """Let this process fork its kernels (called by budgetkit's own pool workers), unless it
    holds a live IPython (see :func:`_ipython_here`)."""
    global _allowed
    _allowed = ("fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux")
                and not _ipython_here())


def _ipython_here() -> bool:
    """Whether this process holds a live IPython shell or kernel app: a render started from
    IPython or from a Jupyter notebook forks its workers from that process. IPython's shell and
    kernel app are singletons, so a kernel forked from such a worker would take over the inherited
    ones (the user's own kernel's sockets among them) instead of starting its own."""
    shell = sys.modules.get("IPython.core.interactiveshell")
    app = sys.modules.get("ipykernel.kernelapp")
    return bool((shell and shell.InteractiveShell.initialized()) or (app and app.IPKernelApp.initialized()))


def allowed() -> bool:
    return _allowed


def provision(km) -> None:
    """Give the (not yet started) kernel manager ``km`` the forking provisioner, where this
    process may fork its kernels; else leave it jupyter_client's own."""
    if _allowed:
        km.kernel_id = km.kernel_id or str(uuid.uuid4())
        km.provisioner = ForkingProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)


def _forkable(cmd: list[str]) -> bool:
    """Whether ``cmd`` starts this interpreter's IPython kernel (what a fork can stand in for)."""
    return _allowed and len(cmd) > 3 and cmd[0] == sys.executable and cmd[1:3] == ["-m", "ipykernel_launcher"]


class _Child:
    """The forked kernel, with the part of ``subprocess.Popen`` the provisioner uses."""

    stdin = stdout = stderr = None

    def __init__(self, process: multiprocessing.Process):
        self.process = process
        self.pid = process.pid

    @property
    def returncode(self) -> int | None:
        return self.process.exitcode

    def poll(self) -> int | None:
        return self.process.exitcode  # None while it runs (multiprocessing reaps it here)

    def wait(self, timeout: float | None = None) -> int | None:
        self.process.join(timeout)
        return self.process.exitcode

    def send_signal(self, signum: int) -> None:
        if self.process.exitcode is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.process.kill()

    def terminate(self) -> None:
        self.process.terminate()


def _serve(argv: list[str], cwd: str | None, env: dict[str, str]) -> None:
    """The forked child: IPython's kernel app, set up as jupyter_client's launcher sets up a
    kernel process (its own session and process group, the given folder and environment, no
    terminal)."""
    os.setsid()
    try:  # named as what it is, for ps and top (its command line is its worker's)
        with open("/proc/self/comm", "w") as f:
            f.write("ipykernel")
    except OSError:
        pass
    if cwd:
        os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # start-up chatter goes nowhere; cells' output comes back in messages
        os.dup2(null, fd)
    os.close(null)
    # forked from inside jupyter_client's event loop, which is not running here
    asyncio._set_running_loop(None)
    asyncio.set_event_loop(None)
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(argv)
    app.start()


class ForkingProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, whose kernel is a fork of this process when it can be
    (see the module's notes), else a new process as before."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        if not _forkable(cmd):
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())
        # ipykernel ends itself when this process is gone; it reads the variable above when it is
        # imported, which was here, before this process had it: so it is told on its command line
        argv = [*cmd[3:], f"--IPKernelApp.parent_handle={os.getpid()}"]
        cwd = kwargs.get("cwd")
        process = multiprocessing.get_context("fork").Process(
            target=_serve, args=(argv, None if cwd is None else str(cwd), env), name="budgetkit-kernel")
        with warnings.catch_warnings():
            # Python 3.12+ warns of forking with threads; this process's other thread only
            # sleeps and checks its parent's pid, holding no lock the child could need
            warnings.simplefilter("ignore", DeprecationWarning)
            process.start()
        self.process = _Child(process)
        self.pid = self.pgid = process.pid  # the child leads its own process group (os.setsid)
        self.cwd = cwd
        return self.connection_info
