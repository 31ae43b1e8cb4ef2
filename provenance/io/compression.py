"""Opening inputs that may be compressed (.gz, .zst), with bounded memory.

Decompression is streamed: readers pull lines or chunks, never the whole file. A single
document larger than its limit (a decompression bomb, a runaway line) becomes an error for that
record, not an out-of-memory crash.
"""
from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import IO, Callable, Optional

COMPRESSED = (".gz", ".zst")


def inner_suffix(path: Path) -> str:
    """The format suffix under any compression suffix: page.html.gz → .html"""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in COMPRESSED:
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


class _Counted(io.RawIOBase):
    """A file read through ``readinto``, telling ``on_read`` how many bytes of it each read
    took (the progress bar's position in an input: compressed bytes for a compressed one)."""

    def __init__(self, raw, on_read: Callable[[int], None]):
        self.raw, self.on_read = raw, on_read

    def readable(self) -> bool:
        return True

    # seek and tell pass through to the file: FastWARC 2 asks a plain WARC stream its position
    # (and panics, uncatchably for `except Exception`, on a stream that cannot say)
    def seekable(self) -> bool:
        return self.raw.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        if n:
            self.on_read(n)
        return n

    def close(self) -> None:
        if not self.closed:
            self.raw.close()
        super().close()


def open_binary(path: Path, on_read: Optional[Callable[[int], None]] = None) -> IO[bytes]:
    """A binary stream of the file's (decompressed) content. ``on_read``: called with the
    number of bytes of the file itself (compressed, for a compressed file) as they are read,
    a megabyte at a time."""
    suffix = path.suffix.lower()
    source = None
    if on_read is not None:
        source = io.BufferedReader(_Counted(open(path, "rb", buffering=0), on_read), buffer_size=CHUNK)
    if suffix == ".gz":
        stream = gzip.GzipFile(fileobj=source, mode="rb") if source else gzip.open(path, "rb")
    elif suffix == ".zst":
        import pyzstd

        # pyzstd, not python-zstandard: the latter's stream_reader returns EOF on a truncated
        # frame, which would lose the rest of the file without an error
        stream = pyzstd.ZstdFile(source or path, "rb")
    else:
        return source or open(path, "rb")
    if source is not None:            # a decompressor does not close a file object it was given
        close = stream.close

        def close_both() -> None:
            try:
                close()
            finally:
                source.close()
        stream.close = close_both
    return stream


class TooLarge(ValueError):
    """A document exceeds its size limit."""


CHUNK = 1 << 20


def read_bounded(stream: IO[bytes], limit: int) -> bytes:
    """All of ``stream``, or `TooLarge` as soon as it passes ``limit`` bytes. Read in 1 MB
    chunks into one buffer: a bomb costs ``limit`` bytes of memory, not twice that (a single
    ``read(limit)`` on a decompressing stream joins a list of chunks at the end)."""
    buf = bytearray()
    while True:
        chunk = stream.read(min(CHUNK, limit + 1 - len(buf)))
        if not chunk:
            return bytes(buf)
        buf += chunk
        if len(buf) > limit:
            raise TooLarge(f"content larger than the {limit:,}-byte limit")


def bounded_lines(stream: IO[bytes], limit: int):
    """Lines of ``stream`` (bytes, newline kept); a line longer than ``limit`` is skipped to
    its end and yielded as None, so one runaway line costs at most ``limit`` bytes of memory."""
    while True:
        line = stream.readline(CHUNK)
        if not line:
            return
        if line.endswith(b"\n") or len(line) < CHUNK:       # the common case: a short line
            if len(line) > limit:
                yield None
            else:
                yield line
            continue
        buf = bytearray(line)
        while not buf.endswith(b"\n") and len(buf) <= limit:
            more = stream.readline(min(CHUNK, limit + 1 - len(buf)))
            if not more:
                break
            buf += more
        if len(buf) <= limit:
            yield bytes(buf)
            continue
        ended = buf.endswith(b"\n")
        del buf
        while not ended:                                     # drain the rest of this line
            rest = stream.readline(CHUNK)
            ended = not rest or rest.endswith(b"\n")
        yield None
