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
    """A tqdm bar on stderr, only on a terminal and not quiet, and the one-line summary at the end:
    records read, cleaned (with text), empty (no error but no text: each has a `warnings` entry
    saying why) and errors.

    The bar counts what the run knows the total of, so that it shows a percentage and an ETA:
    documents, when the input is page files (one record each: ``total`` records), or else the
    bytes of the input files read so far (``unit="B"``, ``total`` their size on disk; the
    reader reports them through `read`, compressed bytes for a compressed file), with the
    documents done and the errors as its postfix. The total is never found by reading the
    input twice. No total (stdin): a count and a rate. ``stage`` starts the bar of a later
    step of a run (trace's signatures, candidates, alignment, groups) under its name."""

    def __init__(self, name: str, quiet: bool, initial: int = 0, total: Optional[int] = None,
                 unit: str = "doc", stage: Optional[str] = None, start: bool = True):
        self.name, self.quiet = name, quiet
        self.n = self.errors = self.empty = 0
        self.initial = initial
        self.t0 = time.time()
        self.bar = None
        self.unit, self.total = unit, total
        self.desc = f"{name}: {stage}" if stage else name
        self.enabled = not quiet and sys.stderr.isatty()
        self._read_before = 0          # bytes read before `start` (records a resume skips)
        if start:
            self.start(initial)

    def start(self, initial: int = 0) -> None:
        """Show the bar; ``initial``: records already done (a resumed run), not counted in the rate."""
        self.initial = initial
        self._open(self.desc, self.total, self.unit,
                   initial if self.unit == "doc" else self._read_before)

    def _open(self, desc: str, total: Optional[int], unit: str, initial: int = 0) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        if self.bar is not None:
            self.bar.close()
        self.unit = unit
        in_bytes = unit == "B"
        self.bar = tqdm(total=total, initial=initial, unit=unit, unit_scale=in_bytes,
                        unit_divisor=1024 if in_bytes else 1000, file=sys.stderr, desc=desc,
                        dynamic_ncols=True, mininterval=0.5)

    def update(self, record: dict) -> None:
        """One record done."""
        self.n += 1
        failed = record.get("error") is not None
        self.errors += failed
        self.empty += not failed and not record.get("text")
        if self.bar is None:
            return
        if self.unit == "doc":
            self.bar.update(1)
            if failed:
                self.bar.set_postfix(errors=self.errors, refresh=False)
        elif failed or self.n % 64 == 0:
            self.bar.set_postfix(docs=self.initial + self.n, errors=self.errors, refresh=False)

    def read(self, nbytes: int) -> None:
        """``nbytes`` more of the input read (`io.readers.read_inputs`'s ``on_read``)."""
        if self.bar is not None:
            if self.unit == "B":
                self.bar.update(nbytes)
        else:
            self._read_before += nbytes

    def stage(self, name: str, total: Optional[int] = None, unit: str = "doc") -> None:
        """A new step of the run begins: the bar shows its name (and its total, if known)."""
        self._open(f"{self.name}: {name}", total, unit)

    def advance(self, n: int = 1) -> None:
        """``n`` more of the current stage's units done."""
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def summary(self, extra: str = "") -> str:
        self.close()
        resumed = f" (resumed after {self.initial})" if self.initial else ""
        return (f"provenance {self.name}: {self.n} read{resumed}, {self.n - self.errors - self.empty} cleaned, "
                f"{self.empty} empty (see their warnings), {self.errors} errors{extra}, "
                f"{time.time() - self.t0:.1f}s")
