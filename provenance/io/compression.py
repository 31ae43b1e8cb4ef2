"""Opening inputs that may be compressed (.gz, .zst), with bounded memory.

Decompression is streamed: readers pull lines or chunks, never the whole file. A single
document larger than its limit (a decompression bomb, a runaway line) becomes an error for that
record, not an out-of-memory crash.
"""
from __future__ import annotations

import gzip
from pathlib import Path
from typing import IO

COMPRESSED = (".gz", ".zst")


def inner_suffix(path: Path) -> str:
    """The format suffix under any compression suffix: page.html.gz → .html"""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSED:
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def open_binary(path: Path) -> IO[bytes]:
    """A binary stream of the file's (decompressed) content."""
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return gzip.open(path, "rb")
    if suffix == ".zst":
        import pyzstd

        # pyzstd, not python-zstandard: the latter's stream_reader returns EOF on a truncated
        # frame, which would lose the rest of the file without an error
        return pyzstd.ZstdFile(path, "rb")
    return open(path, "rb")


class TooLarge(ValueError):
    """A document exceeds its size limit."""


def read_bounded(stream: IO[bytes], limit: int) -> bytes:
    """All of ``stream``, or `TooLarge` as soon as it passes ``limit`` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"content larger than the {limit:,}-byte limit")
    return data


def bounded_lines(stream: IO[bytes], limit: int):
    """Lines of ``stream`` (bytes, newline kept); a line longer than ``limit`` is skipped to
    its end and yielded as None, so one runaway line costs at most ``limit`` bytes of memory."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:                                  # drain the rest of this line
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line
