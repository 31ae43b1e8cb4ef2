"""The local engine's clean: records cleaned in this process or in N worker processes, in
input order.

Work is sent in small batches with a bounded number in flight, so memory stays bounded
whatever the corpus size, and results come back in input order. Each batch is cleaned by
`clean.clean_batch`, the step the Spark engine calls too.
"""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Iterable, Iterator, Optional

from ..clean import Cleaner, clean_batch
from ..options import CleanOptions
from ..records import InputRecord

BATCH = 32
_worker_cleaner: Optional[Cleaner] = None


def die_with_parent(parent: Optional[int] = None) -> None:
    """Ask the kernel to end this worker when its parent dies (Linux; elsewhere a no-op).

    A run killed with SIGKILL cannot stop its pool; its workers, blocked on a queue whose
    other ends their siblings still hold, would otherwise live on holding a model each."""
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if parent is not None and os.getppid() != parent:   # it died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _init_worker(options: CleanOptions, parent: Optional[int] = None) -> None:
    global _worker_cleaner
    die_with_parent(parent)
    # one process per core already: numeric library threads would only fight over the cores
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    _worker_cleaner = Cleaner(options)


def _work(args) -> list[dict]:
    batch, blocks = args
    return clean_batch(_worker_cleaner, batch, blocks)


def _batches(records: Iterable[InputRecord], size: int) -> Iterator[list[InputRecord]]:
    it = iter(records)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def clean_records(records: Iterable[InputRecord], options: Optional[CleanOptions] = None, *,
                  workers: int = 1) -> Iterator[dict]:
    """Yield one output record per input record, in input order."""
    options = options or CleanOptions()
    workers = workers or os.cpu_count() or 1
    if workers <= 1:
        cleaner = Cleaner(options)
        for batch in _batches(records, BATCH):
            yield from clean_batch(cleaner, batch, options.blocks)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(options, os.getpid())) as pool:
        pending: deque = deque()
        for batch in _batches(records, BATCH):
            pending.append(pool.submit(_work, (batch, options.blocks)))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
