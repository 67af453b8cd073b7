"""Jobs handed to an executor a few at a time, so that a later job can go to the front.

A ``concurrent.futures`` executor runs what it is given in order. The overview, submitted once
every unit's data is cached, started after the last report and ran alone at the end of the
batch: on 40 units, about two seconds with one core idle. Fed a few jobs ahead of its workers,
the executor starts the overview next instead, beside the reports still to come.

Jobs are submitted as earlier ones finish (from the executor's own completion callbacks), so the
workers stay busy even while the caller is blocked elsewhere (waiting for a document to be read).
"""

from __future__ import annotations

import threading
from collections import deque
from concurrent.futures import Future
from typing import Callable, Iterator

__all__ = ["Feed"]


class Feed:
    """``put`` jobs (each with a tag: what the caller wants back with its outcome); at most
    ``ahead`` are with the executor at once; ``finished()`` yields ``(tag, future)`` as each ends."""

    def __init__(self, submit: Callable, ahead: int):
        self._submit = submit  # job → Future
        self._ahead = max(1, ahead)
        self._cond = threading.Condition(threading.RLock())  # a callback may run in the putting thread
        self._waiting: deque = deque()
        self._running: dict = {}  # Future → tag
        self._ended: deque = deque()  # (tag, Future), not yet yielded

    def put(self, job, tag, first: bool = False) -> None:
        """Queue ``job``; ``first``: ahead of every job not handed to the executor yet."""
        with self._cond:
            (self._waiting.appendleft if first else self._waiting.append)((job, tag))
            self._fill()

    def _fill(self) -> None:
        while self._waiting and len(self._running) < self._ahead:
            job, tag = self._waiting.popleft()
            try:
                future = self._submit(job)
            except Exception as exc:  # a broken pool: the job ends with that error, never silently
                future = Future()
                future.set_exception(exc)
                self._ended.append((tag, future))
                self._cond.notify_all()
                continue
            self._running[future] = tag
            future.add_done_callback(self._ended_one)

    def _ended_one(self, future) -> None:
        with self._cond:
            tag = self._running.pop(future)
            self._ended.append((tag, future))
            self._fill()
            self._cond.notify_all()

    def finished(self) -> Iterator[tuple[object, object]]:
        """``(tag, future)`` of every job put, as each ends, until none is queued or running."""
        while True:
            with self._cond:
                while not self._ended and (self._running or self._waiting):
                    self._cond.wait()
                if not self._ended:
                    return
                ended = self._ended.popleft()
            yield ended
