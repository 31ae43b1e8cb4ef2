"""Input records from files, folders, JSONL and stdin.

Every reader yields `InputRecord`s; a record that cannot be read (a malformed JSONL line, an
unreadable file) is still yielded, with `error` set, so that every input gives exactly one
output record.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Optional

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl",)


@dataclass
class InputRecord:
    id: str
    content: Optional[bytes | str] = None
    kind: Optional[str] = None                 # "html", "text" or None (detect)
    error: Optional[str] = None
    extra: dict[str, Any] = field(default_factory=dict)   # fields carried through unchanged


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
                    if f.suffix.lower() in HTML_SUFFIXES + TEXT_SUFFIXES + JSONL_SUFFIXES:
                        yield f, f.relative_to(path).as_posix()
        else:
            yield path, path.name if path.is_absolute() or ".." in path.parts else path.as_posix()


def read_jsonl_lines(lines, source: str) -> Iterator[InputRecord]:
    for lineno, line in enumerate(lines, 1):
        if isinstance(line, bytes):
            line = line.decode("utf-8", errors="replace")
        if lineno == 1:
            line = line.lstrip("\ufeff")  # a UTF-8 byte-order mark
        if not line.strip():
            continue
        rid = f"{source}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputRecord(id=rid, error=f"malformed JSON at {source} line {lineno}: {exc.msg}")
            continue
        if not isinstance(obj, dict):
            yield InputRecord(id=rid, error=f"JSONL line {lineno} of {source} is not an object")
            continue
        yield from_object(obj, rid)


def from_object(obj: dict, default_id: str) -> InputRecord:
    """An input record from a JSON object / Python dict with ``id`` and ``html`` or ``text``;
    the other fields are carried through."""
    rid = str(obj["id"]) if obj.get("id") is not None else default_id
    extra = {k: v for k, v in obj.items() if k not in ("id", "html", "text")}
    if isinstance(obj.get("html"), str):
        return InputRecord(id=rid, content=obj["html"], kind="html", extra=extra)
    if isinstance(obj.get("text"), str):
        return InputRecord(id=rid, content=obj["text"], kind="text", extra=extra)
    return InputRecord(id=rid, extra=extra, error=f"record {rid} has no string 'html' or 'text' field")


def read_inputs(paths: list[str]) -> Iterator[InputRecord]:
    """All records of the given paths ('-' = stdin: JSONL when its first line is a JSON
    object, else one page)."""
    for p in paths:
        if p == "-":
            data = sys.stdin.buffer.read()
            if data.lstrip()[:1] == b"{":
                yield from read_jsonl_lines(data.splitlines(), "stdin")
            else:
                yield InputRecord(id="stdin", content=data)
            continue
        if not Path(p).exists():
            yield InputRecord(id=p, error=f"no such file or folder: {p}")
            continue
        for f, rid in iter_paths([p]):
            suffix = f.suffix.lower()
            try:
                if suffix in JSONL_SUFFIXES:
                    with open(f, "rb") as fh:
                        yield from read_jsonl_lines(fh, rid)
                    continue
                data = f.read_bytes()
            except OSError as exc:
                yield InputRecord(id=rid, error=f"cannot read {f}: {exc.strerror or exc}")
                continue
            kind = "html" if suffix in HTML_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None
            yield InputRecord(id=rid, content=data, kind=kind)
