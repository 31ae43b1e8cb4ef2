"""On-disk spools that keep a corpus's bodies and records out of memory during `trace`.

Trace needs every document twice: once to decide what is template and to sign it, and again,
at random, for the pairs that alignment verifies. Holding the cleaned bodies and the output
records in Python objects costs ~14 KB per 3-KB document (1M documents ≈ 14 GB). Here they live
in a temporary folder instead:

- `TextStore`: the bodies, UTF-8 back to back in one file, with a uint64 offset per document;
  read at random with ``os.pread`` (forked workers share the descriptor; pread has no file
  position to race on). Not ``mmap``: mapped pages count in the process's resident memory,
  while pread's land in the kernel's page cache, which the kernel frees when it needs to.
- `RecordSpool`: the output records (without their text), pickled one after another and read
  back in order when the result is written. Pickle, not JSON, so carried-through fields keep
  their exact types (bytes, timestamps from Parquet); the file is written and read only by this
  process, in a private (0700) temporary folder, so no foreign pickle is ever loaded.

What stays in memory per document is its id, date, char length, error flag and MinHash
signatures (1.25 KB); with the verified pairs' evidence, a million ~3-KB documents measured
3.3 GB (README, "Trace scale"). The folder is removed when the
last object using it is garbage-collected (or at interpreter exit).
"""
from __future__ import annotations

import os
import pickle
import tempfile
from typing import Iterator, Optional

import numpy as np


PREFIX = "provenance-trace-"


class SpoolDir:
    """A temporary folder owned by one trace; removed when no spool refers to it any more.

    Its name carries the owner's process id. A run killed with SIGKILL cannot remove its folder,
    so each new spool first removes the folders of owners that no longer exist."""

    def __init__(self, parent: Optional[str] = None):
        parent = parent or tempfile.gettempdir()
        os.makedirs(parent, exist_ok=True)
        remove_orphans(parent)
        self._tmp = tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-", dir=parent)
        self.path = self._tmp.name

    def file(self, name: str) -> str:
        return os.path.join(self.path, name)


def remove_orphans(parent: str) -> list[str]:
    """Remove spool folders under ``parent`` whose owning process is gone; return their names."""
    import shutil

    removed = []
    try:
        names = os.listdir(parent)
    except OSError:
        return removed
    for name in names:
        if not name.startswith(PREFIX):
            continue
        pid = name[len(PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        shutil.rmtree(os.path.join(parent, name), ignore_errors=True)
        removed.append(name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True        # someone else's process
    return True


class TextStore:
    """Append-only texts with random access by index (after `freeze`)."""

    def __init__(self, spool: SpoolDir, name: str = "texts.bin"):
        self.spool = spool
        self.path = spool.file(name)
        self._fh = open(self.path, "wb")
        self._offsets = [0]
        self._chars: list[int] = []
        self._fd: Optional[int] = None
        self.offsets = np.zeros(1, dtype=np.uint64)
        self.chars = np.zeros(0, dtype=np.int64)

    def append(self, text: str) -> None:
        data = text.encode("utf-8", "surrogatepass")
        self._fh.write(data)
        self._offsets.append(self._offsets[-1] + len(data))
        self._chars.append(len(text))

    def freeze(self) -> "TextStore":
        """Close for writing; from now on texts are read by offset."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            self.offsets = np.array(self._offsets, dtype=np.uint64)
            self.chars = np.array(self._chars, dtype=np.int64)
            self._offsets, self._chars = [], []
            self._fd = os.open(self.path, os.O_RDONLY)
        return self

    def __del__(self):
        if getattr(self, "_fd", None) is not None:
            os.close(self._fd)
            self._fd = None

    def __len__(self) -> int:
        return len(self.chars) if self._fh is None else len(self._chars)

    def __getitem__(self, k: int) -> str:
        if self._fh is not None:
            raise RuntimeError("TextStore is read only after freeze()")
        lo, hi = int(self.offsets[k]), int(self.offsets[k + 1])
        if lo == hi:
            return ""
        return os.pread(self._fd, hi - lo, lo).decode("utf-8", "surrogatepass")


class RecordSpool:
    """Records appended to a file, read back in order (any number of times)."""

    def __init__(self, spool: SpoolDir, name: str = "records.pickle"):
        self.spool = spool
        self.path = spool.file(name)
        self._fh = open(self.path, "wb")
        self._pickler = pickle.Pickler(self._fh, protocol=pickle.HIGHEST_PROTOCOL)
        self._n = 0

    def append(self, record: dict) -> None:
        self._pickler.dump(record)
        self._pickler.clear_memo()     # no growing memo: records are independent
        self._n += 1

    def close(self) -> "RecordSpool":
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        return self

    def __len__(self) -> int:
        return self._n

    def __iter__(self) -> Iterator[dict]:
        self.close()
        with open(self.path, "rb") as fh:
            for _ in range(self._n):
                # one load per record: a shared Unpickler's memo would keep every record alive
                yield pickle.load(fh)

    def discard(self) -> None:
        self.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass
