"""Where records go: stdout or a file, JSONL / text / Parquet (by ``--format`` or the ``.parquet``
suffix), with a progress bar on stderr, and the resume bookkeeping of `--resume`."""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..records import InputRecord
from .writers import WRITERS, ParquetWriter, resume_point


class OutputError(RuntimeError):
    """The run cannot go on: the output cannot be opened or written, or cannot be resumed."""


def open_writer(out: Optional[str], fmt: str, append: bool = False, command: str = "clean"):
    """A writer with ``write``/``flush``/``close`` for ``out`` (None or '-' = stdout) of the
    records of ``command`` ("clean" or "trace")."""
    if fmt == "parquet" or (out and out.endswith(".parquet")):
        if not out or out == "-":
            raise OutputError("Parquet output needs a file: -o out.parquet")
        if append:
            raise OutputError("--resume needs JSONL output (a killed Parquet file has no footer)")
        try:
            return ParquetWriter(out, command=command)
        except OSError as exc:
            raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from None
    if out is None or out == "-":
        w = WRITERS[fmt](sys.stdout)
        w.close = w.flush
        return w
    try:
        stream = open(out, "a" if append else "w", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from None
    w = WRITERS[fmt](stream)

    def close():
        w.flush()
        stream.close()
    w.close = close
    return w


def skip_done(records: Iterable[InputRecord], out: Optional[str]) -> tuple[Iterator[InputRecord], int]:
    """For `--resume`: the input records not yet in ``out`` (outputs are in input order, so the
    first n inputs are done), after checking that the n-th input is the last record written."""
    if not out or out == "-":
        raise OutputError("--resume needs an output file (-o)")
    done, last_id = resume_point(out)
    it = iter(records)
    for k in range(done):
        rec = next(it, None)
        if rec is None:
            raise OutputError(f"{out} holds {done} records but the input has only {k}: not this input's output")
        if k == done - 1 and rec.id != last_id:
            raise OutputError(f"{out} does not match this input (record {done} is {last_id!r}, "
                              f"input has {rec.id!r}): not resuming")
    return it, done


class Progress:
    """A tqdm bar on stderr (documents/s and errors so far), only on a terminal and not quiet;
    and the one-line summary at the end."""

    def __init__(self, name: str, quiet: bool, initial: int = 0):
        self.name, self.quiet = name, quiet
        self.n = self.errors = 0
        self.initial = initial
        self.t0 = time.time()
        self.bar = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=None, initial=initial, unit="doc", file=sys.stderr, desc=name,
                            dynamic_ncols=True, mininterval=0.5)

    def update(self, record: dict) -> None:
        self.n += 1
        self.errors += record.get("error") is not None
        if self.bar is not None:
            self.bar.update(1)
            if record.get("error") is not None:
                self.bar.set_postfix(errors=self.errors, refresh=False)

    def summary(self, extra: str = "") -> str:
        if self.bar is not None:
            self.bar.close()
        resumed = f" (resumed after {self.initial})" if self.initial else ""
        return (f"provenance {self.name}: {self.n} read{resumed}, {self.n - self.errors} cleaned, "
                f"{self.errors} errors{extra}, {time.time() - self.t0:.1f}s")
