"""The local engine: clean records in this process or in N worker processes, in input order.

Work is sent in small batches with a bounded number in flight, so memory stays bounded
whatever the corpus size, and results come back in input order.
"""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Iterable, Iterator, Optional

from ..clean import Cleaner
from ..io.readers import InputRecord
from ..metadata.markup import hostname_of

BATCH = 32
_worker_cleaner: Optional[Cleaner] = None


#: Metadata fields an input record may already have: its non-null value is kept (a found value
#: only fills what the input lacks).
INPUT_WINS = ("title", "date", "author", "url", "hostname", "sitename")


def _result(rec: InputRecord, doc, with_blocks: bool) -> dict:
    out = doc.to_record(with_blocks=with_blocks)
    out["id"] = rec.id
    meta = doc.meta
    url = rec.url or meta.get("url")
    out["url"] = url
    out["hostname"] = hostname_of(rec.url) or meta.get("hostname")
    out["sitename"] = meta.get("sitename")
    for k, v in rec.extra.items():
        if k in INPUT_WINS and v is not None:
            out[k] = v
        else:
            out.setdefault(k, v)
    return out


def clean_batch(cleaner: Cleaner, batch: list[InputRecord], with_blocks: bool) -> list[dict]:
    """The pure step both engines call: input records → output records, one each."""
    docs = iter(cleaner.clean_many([(rec.id, rec.content, rec.kind) for rec in batch if rec.error is None]))
    out = []
    for rec in batch:
        if rec.error is not None:
            r = {"id": rec.id, "text": "", "title": None, "date": None, "author": None,
                 "error": rec.error, "url": rec.url, "hostname": hostname_of(rec.url), "sitename": None}
            for k, v in rec.extra.items():
                if k in INPUT_WINS and v is not None:
                    r[k] = v
                else:
                    r.setdefault(k, v)
            out.append(r)
        else:
            out.append(_result(rec, next(docs), with_blocks))
    return out


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


def _init_worker(kwargs: dict, parent: Optional[int] = None) -> None:
    global _worker_cleaner
    die_with_parent(parent)
    # one process per core already: prediction threads would only fight over the cores
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    _worker_cleaner = Cleaner(**kwargs)


def _work(args) -> list[dict]:
    batch, with_blocks = args
    return clean_batch(_worker_cleaner, batch, with_blocks)


def _batches(records: Iterable[InputRecord], size: int) -> Iterator[list[InputRecord]]:
    it = iter(records)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def clean_records(records: Iterable[InputRecord], *, workers: int = 1, with_blocks: bool = False,
                  cleaner_kwargs: Optional[dict] = None) -> Iterator[dict]:
    """Yield one output record per input record, in input order."""
    cleaner_kwargs = cleaner_kwargs or {}
    workers = workers or os.cpu_count() or 1
    if workers <= 1:
        cleaner = Cleaner(**cleaner_kwargs)
        for batch in _batches(records, BATCH):
            yield from clean_batch(cleaner, batch, with_blocks)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                             initargs=(cleaner_kwargs, os.getpid())) as pool:
        pending: deque = deque()
        for batch in _batches(records, BATCH):
            pending.append(pool.submit(_work, (batch, with_blocks)))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
