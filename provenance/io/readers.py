"""Input records from files, folders, JSONL, Parquet, WARC and stdin.

Every reader yields `InputRecord`s, one per document, streaming (a 10 GB JSONL is read a line at
a time). A record that cannot be read (a malformed JSONL line, a wrong field type, an unreadable
or oversized file) is still yielded, with ``error`` set, so every input gives exactly one output
record. Compressed inputs (``.gz``, ``.zst``) are decompressed as streams.

Formats, by suffix (under any compression suffix):
``.html``/``.htm`` one HTML page; ``.txt`` one plain-text page; ``.jsonl`` one record per line;
``.parquet`` one record per row; ``.warc`` (and ``.warc.gz``) one record per HTML response.
The record type and field map are `provenance.records`'.
"""
from __future__ import annotations

import json
import os
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from ..records import DEFAULT_FIELDS, MAX_RECORD_BYTES, FieldMap, InputRecord, from_object
from .compression import TooLarge, bounded_lines, inner_suffix, open_binary, read_bounded

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)
PARQUET_SUFFIXES = (".parquet",)
WARC_SUFFIXES = (".warc",)
KNOWN = HTML_SUFFIXES + TEXT_SUFFIXES + JSONL_SUFFIXES + PARQUET_SUFFIXES + WARC_SUFFIXES
def iter_paths(paths: list[str]) -> Iterator[tuple[Path, str]]:
    """(file, id) for every input file: a folder is walked recursively in sorted order and
    each file's id is its path relative to that folder; a file given by name keeps the name as
    given (its base name when absolute or outside the working folder). Ids are unique across
    the input: where two inputs would give the same one (the same file name in two folders),
    each of those starts with the end of its input's path that tells them apart."""
    for _given, f, rid in _listing(paths):
        yield f, rid


def _listing(paths: list[str]) -> list[tuple[str, Path, str]]:
    """(given path, file, id) of every input file, in input order (see `iter_paths`)."""
    listed = [(p, f, rel) for p in paths for f, rel in _files_of(Path(p))]
    counts: dict[str, int] = {}
    for _, _, rel in listed:
        counts[rel] = counts.get(rel, 0) + 1
    if all(n == 1 for n in counts.values()):
        return listed
    prefix = dict(zip(paths, _distinct_ends(paths)))
    return [(p, f, rel if counts[rel] == 1 else f"{prefix[p]}/{rel}" if Path(p).is_dir() else prefix[p])
            for p, f, rel in listed]


def _files_of(path: Path) -> Iterator[tuple[Path, str]]:
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for f in sorted(files):
                f = Path(root) / f
                if inner_suffix(f) in KNOWN:
                    yield f, f.relative_to(path).as_posix()
    else:
        yield path, _given_name(path)


def _distinct_ends(paths: list[str]) -> list[str]:
    """The shortest ends of the given paths that tell them apart (``a/x.jsonl`` and
    ``b/x.jsonl``, not ``x.jsonl`` twice)."""
    full = [Path(os.path.abspath(p)).parts for p in paths]
    names = [_given_name(Path(p)) for p in paths]
    depth = 1
    while len(set(names)) < len(names) and depth <= max(map(len, full)):
        depth += 1
        dup = {n for n in names if names.count(n) > 1}
        names = ["/".join(f[-depth:]) if n in dup else n for n, f in zip(names, full)]
    return names


def _given_name(path: Path) -> str:
    return path.name if path.is_absolute() or ".." in path.parts else path.as_posix()


def read_jsonl_lines(lines, source: str, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[InputRecord]:
    """Records of JSONL lines (bytes or str; None stands for a line over the size limit)."""
    for lineno, line in enumerate(lines, 1):
        rec = jsonl_record(line, source, lineno, fields)
        if rec is not None:
            yield rec


def jsonl_record(line, source: str, lineno: int, fields: FieldMap = DEFAULT_FIELDS) -> Optional[InputRecord]:
    """The record of line ``lineno`` of JSONL file ``source`` (bytes or str; None: a line over
    the size limit), None for a blank line. Its id, when the object has none, is
    ``source:lineno``: unique across an input of several files. (The Spark engine reads JSONL
    lines with this too.)"""
    rid = f"{source}:{lineno}"
    if line is None:
        return InputRecord(id=rid, error=f"line {lineno} of {source} is larger than "
                                         f"{fields.max_record_bytes:,} bytes: skipped")
    if isinstance(line, bytes):
        line = line.decode("utf-8", errors="replace")
    if lineno == 1:
        line = line.lstrip("\ufeff")  # a UTF-8 byte-order mark
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputRecord(id=rid, error=f"malformed JSON at {source} line {lineno}: {exc.msg}")
    if not isinstance(obj, dict):
        return InputRecord(id=rid, error=f"JSONL line {lineno} of {source} is not an object")
    rec = from_object(obj, rid, fields)
    rec.where = f"{source} line {lineno}"
    return rec


def read_parquet(path: Path, source: str, fields: FieldMap = DEFAULT_FIELDS,
                 on_read=None) -> Iterator[InputRecord]:
    """Records of a Parquet file, 256 rows at a time (``on_read``: told the file's size in
    shares, as its rows are read)."""
    import pyarrow.parquet as pq

    row = told = 0
    size = path.stat().st_size if on_read is not None else 0
    with pq.ParquetFile(path) as pf:
        rows = pf.metadata.num_rows or 1
        for batch in pf.iter_batches(batch_size=256):
            if on_read is not None:
                share = size * min(rows, row + batch.num_rows) // rows - told
                told += share
                on_read(share)
            for obj in batch.to_pylist():
                row += 1
                rec = from_object(obj, f"{source}:{row}", fields)
                rec.where = f"{source} row {row}"
                yield rec


def read_warc(stream, source: str, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[InputRecord]:
    """HTML responses of a WARC file (FastWARC; never opens URLs or other files itself)."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n = 0
    for rec in ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True,
                               fsspec_args=False):
        n += 1
        url = rec.headers.get("WARC-Target-URI")
        rid = rec.headers.get("WARC-Record-ID") or f"{source}:{n}"
        ctype = (rec.http_headers.get("Content-Type") if rec.http_headers else None) or ""
        if ctype and "html" not in ctype.lower():
            continue
        extra = {"url": url, "warc_date": rec.headers.get("WARC-Date")}
        if rec.headers.get("Content-Length") is None:   # the file ends inside the headers
            yield InputRecord(id=rid, extra=extra, url=url,
                              error=f"WARC record {rid} is truncated: its headers end without a Content-Length")
            continue
        try:
            body = read_bounded(rec.reader, max_bytes)
        except TooLarge as exc:
            yield InputRecord(id=rid, extra=extra, url=url, error=f"WARC record {rid}: {exc}")
            continue
        if len(body) < rec.content_length:     # the file ends inside this record
            yield InputRecord(id=rid, extra=extra, url=url,
                              error=f"WARC record {rid} is truncated: {len(body):,} of "
                                    f"{rec.content_length:,} bytes")
            continue
        yield InputRecord(id=rid, content=body, source="html", extra=extra, url=url,
                          where=f"{source} record {n}")


def read_file(f: Path, rid: str, fields: FieldMap = DEFAULT_FIELDS, on_read=None) -> Iterator[InputRecord]:
    """The records of one input file (``on_read``: see `compression.open_binary`)."""
    suffix = inner_suffix(f)
    try:
        if suffix in PARQUET_SUFFIXES:
            yield from read_parquet(f, rid, fields, on_read)
            return
        with open_binary(f, on_read) as fh:
            if suffix in JSONL_SUFFIXES:
                yield from read_jsonl_lines(bounded_lines(fh, fields.max_record_bytes), rid, fields)
            elif suffix in WARC_SUFFIXES:
                yield from read_warc(fh, rid, fields.max_record_bytes)
            else:
                source = "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None
                yield InputRecord(id=rid, content=read_bounded(fh, fields.max_record_bytes), source=source)
    except (OSError, EOFError, TooLarge, ValueError) as exc:
        # unreadable, truncated/corrupt compressed stream, oversized page, corrupt Parquet/WARC
        yield InputRecord(id=rid, error=f"cannot read {f}: {getattr(exc, 'strerror', None) or exc}")
    except Exception as exc:  # pyarrow / fastwarc raise their own types on corrupt files
        yield InputRecord(id=rid, error=f"cannot read {f}: {type(exc).__name__}: {exc}")
    except BaseException as exc:
        # a Rust reader's panic (pyo3's PanicException is no Exception): this file's error, the
        # run goes on; anything else (KeyboardInterrupt, SystemExit, GeneratorExit) goes up
        if type(exc).__name__ != "PanicException":
            raise
        yield InputRecord(id=rid, error=f"cannot read {f}: the reader failed: {exc}")


@dataclass
class InputPlan:
    """What the given input paths hold, found before reading them (one walk of each folder):
    ``listing`` (given path, file, id) of every input file in input order; ``missing``: paths
    that do not exist; ``empty``: folders without a file of a known type; ``stdin``: "-" is
    among them; ``total_bytes``: the size on disk of the listed files; ``pages_only``: every
    listed file is one page (.html/.htm/.txt), so the number of records is known up front."""

    listing: list
    missing: list
    empty: list
    stdin: bool
    total_bytes: int
    pages_only: bool

    @property
    def records_known(self) -> Optional[int]:
        """The number of records the input gives, when known without reading it: one per page
        file and one (an error record) per missing path."""
        if self.stdin or not self.pages_only:
            return None
        return len(self.listing) + len(self.missing)


def plan_inputs(paths: list[str]) -> InputPlan:
    """The `InputPlan` of ``paths`` (cheap: one directory walk, one stat per file)."""
    present = [p for p in paths if p != "-" and Path(p).exists()]
    listing = _listing(present)
    having = {given for given, _, _ in listing}
    empty = [p for p in present if Path(p).is_dir() and p not in having]
    total, pages = 0, True
    for _, f, _ in listing:
        try:
            total += f.stat().st_size
        except OSError:
            pass
        pages = pages and inner_suffix(f) in HTML_SUFFIXES + TEXT_SUFFIXES
    return InputPlan(listing, [p for p in paths if p != "-" and not Path(p).exists()], empty,
                     "-" in paths, total, pages)


def read_inputs(paths: list[str], fields: FieldMap = DEFAULT_FIELDS, *, on_read=None,
                plan: Optional[InputPlan] = None) -> Iterator[InputRecord]:
    """All records of the given paths ('-' = stdin: JSONL when its first line is a JSON
    object, else one page). A path that does not exist gives one record with an error.
    ``on_read``: told the number of bytes of the input files read so far, as they are read
    (the progress bar); ``plan``: the paths' `plan_inputs`, when the caller has it already."""
    listing = deque((plan or plan_inputs(paths)).listing)
    for p in paths:
        if p == "-":
            stream = sys.stdin.buffer
            head = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
            if head.lstrip()[:1] == b"{":
                yield from read_jsonl_lines(bounded_lines(stream, fields.max_record_bytes), "stdin", fields)
            else:
                try:
                    yield InputRecord(id="stdin", content=read_bounded(stream, fields.max_record_bytes))
                except TooLarge as exc:
                    yield InputRecord(id="stdin", error=f"stdin: {exc}")
            continue
        if not Path(p).exists():
            yield InputRecord(id=p, error=f"no such file or folder: {p}")
            continue
        while listing and listing[0][0] == p:
            _given, f, rid = listing.popleft()
            yield from read_file(f, rid, fields, on_read)
