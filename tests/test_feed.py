"""The feed that hands render jobs to an executor a few at a time (budgetkit/render/feed.py)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from budgetkit.render.feed import Feed


def test_a_job_put_first_runs_before_the_jobs_still_waiting():
    started = []
    gate = threading.Event()

    def run(name):
        started.append(name)
        if name == "a":
            gate.wait(5)  # the one worker is busy while the rest is queued
        return name

    with ThreadPoolExecutor(1) as pool:
        feed = Feed(lambda job: pool.submit(run, job), ahead=2)
        for name in "abcde":
            feed.put(name, name)
        feed.put("overview", "overview", first=True)
        gate.set()
        finished = [tag for tag, future in feed.finished()]
    # a and b were with the executor already (two ahead); the overview went next, before c, d, e
    assert started == ["a", "b", "overview", "c", "d", "e"]
    assert sorted(finished) == sorted(["a", "b", "c", "d", "e", "overview"])


def test_jobs_keep_flowing_while_the_caller_is_busy_elsewhere():
    with ThreadPoolExecutor(2) as pool:
        feed = Feed(lambda job: pool.submit(time.sleep, 0.01), ahead=2)
        for i in range(10):
            feed.put(i, i)
        time.sleep(0.5)  # nobody collects: the feed refills from the executor's callbacks
        assert all(f.done() for f in [future for _, future in feed._ended]) and len(feed._ended) == 10
        assert sorted(tag for tag, _ in feed.finished()) == list(range(10))


def test_a_job_the_executor_refuses_ends_with_its_error():
    def submit(job):
        raise RuntimeError("cannot schedule new futures after shutdown")

    feed = Feed(submit, ahead=2)
    feed.put("a", "a")
    [(tag, future)] = list(feed.finished())
    assert tag == "a" and isinstance(future.exception(), RuntimeError)
