"""The garbage collector's settings for budgetkit's long-running processes (a render's own
process, its workers and their warm kernels).

Python's cycle collector walks the young objects every 700 allocations, and now and then every
object alive. A report allocates millions of short-lived objects (pickles of disclosures, pandas
frames, matplotlib artists) while the imported modules' hundreds of thousands of objects stay
alive the whole run. So the collector took about half of the render process's CPU for unpickling
the disclosures its reading children send and pickling them for the cache (1.86 → 1.12 CPU-s on
40 documents), and freed almost nothing: what a report drops, reference counting frees at once.
(Drawing charts one after another, it took a tenth; in a warm kernel, which collects at every
``%reset``, no difference could be measured either way.)

:func:`settle` moves what is alive after start-up out of the collector's sight (``gc.freeze``)
and lets the young generation grow to :data:`YOUNG` objects between collections. Cycles are
still collected (a matplotlib figure is one), only less often.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

__all__ = ["YOUNG", "settle", "settled"]

#: allocations between two collections of the young generation (Python's default is 700)
YOUNG = 5000


def settle() -> None:
    """Collect once, freeze what is alive, and collect the young generation every
    :data:`YOUNG` allocations: for a process that has imported and warmed what it will use."""
    gc.collect()
    gc.freeze()
    young, middle, old = gc.get_threshold()
    if young:  # 0: collection switched off by the host, left so
        gc.set_threshold(max(young, YOUNG), middle, old)


@contextmanager
def settled():
    """:func:`settle`'s settings for the length of a ``with`` block (a command, a render called
    from the user's own Python), without its full collection: the collector's settings are the
    caller's again after it, and what was frozen is back in sight."""
    threshold = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0  # a caller that froze objects itself keeps them as it froze them
    if freeze:
        gc.freeze()  # no collection first: what the caller leaves to the collector stays its own
    if threshold[0]:
        gc.set_threshold(max(threshold[0], YOUNG), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if freeze:
            gc.unfreeze()
