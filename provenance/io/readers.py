"""Input records from files, folders, JSONL, Parquet, WARC and stdin.

Every reader yields `InputRecord`s, one per document, streaming (a 10 GB JSONL is read a line at
a time). A record that cannot be read (a malformed JSONL line, a wrong field type, an unreadable
or oversized file) is still yielded, with ``error`` set, so every input gives exactly one output
record. Compressed inputs (``.gz``, ``.zst``) are decompressed as streams.

Formats, by suffix (under any compression suffix):
``.html``/``.htm`` one HTML page; ``.txt`` one plain-text page; ``.jsonl`` one record per line;
``.parquet`` one record per row; ``.warc`` (and ``.warc.gz``) one record per HTML response.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

from .compression import TooLarge, bounded_lines, inner_suffix, open_binary, read_bounded

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)
PARQUET_SUFFIXES = (".parquet",)
WARC_SUFFIXES = (".warc",)
KNOWN = HTML_SUFFIXES + TEXT_SUFFIXES + JSONL_SUFFIXES + PARQUET_SUFFIXES + WARC_SUFFIXES
MAX_RECORD_BYTES = 50_000_000   # one page / one JSONL line; bigger ones are an error record


@dataclass
class InputRecord:
    id: str
    content: Optional[bytes | str] = None
    kind: Optional[str] = None                 # "html", "text" or None (detect)
    error: Optional[str] = None
    extra: dict[str, Any] = field(default_factory=dict)   # fields carried through unchanged
    url: Optional[str] = None                  # the page's URL, when the input names one


@dataclass(frozen=True)
class FieldMap:
    """How records are read: which fields of a JSONL/Parquet record hold the id, the HTML, the
    text and the URL, and the size limit of one record (a page file, a JSONL line, a WARC
    record, after decompression)."""

    id: str = "id"
    text: str = "text"
    html: str = "html"
    url: str = "url"
    max_record_bytes: int = MAX_RECORD_BYTES


DEFAULT_FIELDS = FieldMap()


def from_object(obj: dict, default_id: str, fields: FieldMap = DEFAULT_FIELDS) -> InputRecord:
    """An input record from a JSON object / Parquet row / dict; the fields that are not the
    id, HTML or text are carried through unchanged (the URL field too)."""
    rid = obj.get(fields.id)
    rid = default_id if rid is None else str(rid)
    extra = {k: v for k, v in obj.items() if k not in (fields.id, fields.html, fields.text)}
    url = obj.get(fields.url)
    url = url if isinstance(url, str) else None
    html, text = obj.get(fields.html), obj.get(fields.text)
    if isinstance(html, (str, bytes)):
        return InputRecord(id=rid, content=html, kind="html", extra=extra, url=url)
    if isinstance(text, (str, bytes)):
        return InputRecord(id=rid, content=text, kind="text", extra=extra, url=url)
    wrong = [f"'{f}' is {type(obj[f]).__name__}" for f in (fields.html, fields.text) if obj.get(f) is not None]
    why = ", ".join(wrong) if wrong else f"no '{fields.html}' or '{fields.text}' field"
    return InputRecord(id=rid, extra=extra, url=url, error=f"record {rid}: {why}")


def iter_paths(paths: list[str]) -> Iterator[tuple[Path, str]]:
    """(file, id) for every input file: a folder is walked recursively in sorted order and
    each file's id is its path relative to that folder."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    f = Path(root) / name
                    if inner_suffix(f) in KNOWN:
                        yield f, f.relative_to(path).as_posix()
        else:
            yield path, path.name if path.is_absolute() or ".." in path.parts else path.as_posix()


def read_jsonl_lines(lines, source: str, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[InputRecord]:
    """Records of JSONL lines (bytes or str; None stands for a line over the size limit)."""
    for lineno, line in enumerate(lines, 1):
        rid = f"{source}:{lineno}"
        if line is None:
            yield InputRecord(id=rid, error=f"line {lineno} of {source} is larger than "
                                            f"{fields.max_record_bytes:,} bytes: skipped")
            continue
        if isinstance(line, bytes):
            line = line.decode("utf-8", errors="replace")
        if lineno == 1:
            line = line.lstrip("\ufeff")  # a UTF-8 byte-order mark
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputRecord(id=rid, error=f"malformed JSON at {source} line {lineno}: {exc.msg}")
            continue
        if not isinstance(obj, dict):
            yield InputRecord(id=rid, error=f"JSONL line {lineno} of {source} is not an object")
            continue
        yield from_object(obj, rid, fields)


def read_parquet(path: Path, source: str, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[InputRecord]:
    import pyarrow.parquet as pq

    row = 0
    with pq.ParquetFile(path) as pf:
        for batch in pf.iter_batches(batch_size=256):
            for obj in batch.to_pylist():
                row += 1
                yield from_object(obj, f"{source}:{row}", fields)


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
        yield InputRecord(id=rid, content=body, kind="html", extra=extra, url=url)


def read_file(f: Path, rid: str, fields: FieldMap = DEFAULT_FIELDS) -> Iterator[InputRecord]:
    suffix = inner_suffix(f)
    try:
        if suffix in PARQUET_SUFFIXES:
            yield from read_parquet(f, rid, fields)
            return
        with open_binary(f) as fh:
            if suffix in JSONL_SUFFIXES:
                yield from read_jsonl_lines(bounded_lines(fh, fields.max_record_bytes), rid, fields)
            elif suffix in WARC_SUFFIXES:
                yield from read_warc(fh, rid, fields.max_record_bytes)
            else:
                kind = "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None
                yield InputRecord(id=rid, content=read_bounded(fh, fields.max_record_bytes), kind=kind)
    except (OSError, EOFError, TooLarge, ValueError) as exc:
        # unreadable, truncated/corrupt compressed stream, oversized page, corrupt Parquet/WARC
        yield InputRecord(id=rid, error=f"cannot read {f}: {getattr(exc, 'strerror', None) or exc}")
    except Exception as exc:  # pyarrow / fastwarc raise their own types on corrupt files
        yield InputRecord(id=rid, error=f"cannot read {f}: {type(exc).__name__}: {exc}")


def read_inputs(paths: list[str], fields: FieldMap = DEFAULT_FIELDS) -> Iterator[InputRecord]:
    """All records of the given paths ('-' = stdin: JSONL when its first line is a JSON
    object, else one page)."""
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
        for f, rid in iter_paths([p]):
            yield from read_file(f, rid, fields)
