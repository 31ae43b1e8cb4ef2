"""The local engine's clean: records cleaned in this process or in N worker processes, in
input order.

Work is sent in small batches with a bounded number in flight, so memory stays bounded
whatever the corpus size, and results come back in input order. Each batch is cleaned by
`clean.clean_batch`, the step the Spark engine calls too.
"""
from __future__ import annotations

import os
from collections import deque
from itertools import chain, islice
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
    batch, blocks, markdown = args
    return clean_batch(_worker_cleaner, batch, blocks, markdown)


def _batches(records: Iterable[InputRecord], size: int) -> Iterator[list[InputRecord]]:
    it = iter(records)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def clean_records(records: Iterable[InputRecord], options: Optional[CleanOptions] = None, *,
                  workers: int = 1) -> Iterator[dict]:
    """Yield one output record per input record, in input order.

    ``workers`` processes (0: one per core) clean batches of `BATCH` records, at most two
    batches per worker in flight. An input of a single batch is cleaned in this process
    whatever ``workers`` says: starting a worker (and loading its models) costs more than
    cleaning 32 pages, and ``provenance clean page.html`` should start as fast as one process
    can. When the caller stops early (a closed stdout, an exception in the consumer), closing
    this generator cancels the batches not yet started and shuts the pool down."""
    options = options or CleanOptions()
    workers = workers or os.cpu_count() or 1
    batches = _batches(records, BATCH)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None) if workers > 1 else None
    if second is None:
        cleaner = Cleaner(options)
        yield from clean_batch(cleaner, first, options.blocks, options.markdown)
        for batch in batches:
            yield from clean_batch(cleaner, batch, options.blocks, options.markdown)
        return
    from concurrent.futures import ProcessPoolExecutor    # ~25 ms of imports: only when used

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                               initargs=(options, os.getpid()))
    pending: deque = deque()
    try:
        for batch in chain((first, second), batches):
            pending.append(pool.submit(_work, (batch, options.blocks, options.markdown)))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
