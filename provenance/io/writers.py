"""Output writers: JSONL (one record per input document), Parquet, and a readable text view.

All writers take records one at a time and write in batches, so memory stays bounded. JSONL is
flushed per batch: after a crash the file holds every record written before the last flush and
at most one partial last line, which `--resume` cuts off (see `resume_point`).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any, Optional

from ..schema import arrow_fields


def _encodable(text: str) -> str:
    """`text` with lone surrogates (which JSON input may carry as escapes) replaced, so that
    writing it as UTF-8 cannot fail."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="replace").decode("utf-8")


def json_line(record: dict[str, Any]) -> str:
    """A record as one JSON line, without its newline (both engines write records so)."""
    return _encodable(json.dumps(record, ensure_ascii=False))


def text_view(record: dict[str, Any]) -> str:
    """A record as `--format text` shows it: id, metadata, the article text; with
    ``--blocks``, then every block of the page on a line of its own with its kind and
    P(body): ``[share 0.03] Share This Post``."""
    head = f"### {record['id']}"
    if record.get("error"):
        head += f"  [error: {record['error']}]"
    lines = [head]
    for key in ("title", "date", "author"):
        if record.get(key):
            lines.append(f"{key}: {record[key]}")
    lines.append("")
    lines.append(record.get("text") or "")
    blocks = record.get("blocks")
    if blocks:
        lines += ["", "blocks:"]
        for b in blocks:
            p = b.get("p_body")
            lines.append(f"  [{b.get('kind')} {'-' if p is None else f'{p:.2f}'}] {b.get('text')}")
    return _encodable("\n".join(lines)) + "\n"


def markdown_view(record: dict[str, Any]) -> str:
    """A record as `--format markdown` writes it: a front-matter block (``---`` lines) with its
    id, metadata and error as YAML (JSON-quoted strings), then the body as Markdown (the
    record's ``markdown`` field). Records follow one another, each opening with ``---``."""
    lines = ["---", f"id: {json.dumps(record['id'], ensure_ascii=False)}"]
    for key in ("title", "date", "author", "url", "error"):
        value = record.get(key)
        if isinstance(value, str) and value:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines += ["---", ""]
    body = record.get("markdown")
    lines.append(record.get("text") or "" if body is None else body)
    return _encodable("\n".join(lines)) + "\n"


class JsonlWriter:
    """One JSON object per line."""

    def __init__(self, stream: IO[str]):
        self.stream = stream

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(json_line(record) + "\n")

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        self.flush()


class TextWriter(JsonlWriter):
    """A quick look: the id, metadata and article text of each record."""

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(text_view(record) + "\n")


class MarkdownWriter(JsonlWriter):
    """Each record as a Markdown document with a front-matter block (`markdown_view`)."""

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(markdown_view(record) + "\n")


class ParquetWriter:
    """Records as Parquet row groups of ``batch`` rows.

    The tool's own fields have the types `schema.arrow_fields` gives the ``command``'s records
    ("clean" or "trace"). Carried-through fields take the types of their first batch; a field
    first seen later, or a value that does not fit its column, goes to the ``_extra`` column
    as JSON, so nothing is dropped."""

    def __init__(self, path: str | Path, batch: int = 1000, command: str = "clean"):
        self.path = str(path)
        self.command = command
        self.batch = batch
        self.rows: list[dict] = []
        self.writer = None
        self.schema = None

    def write(self, record: dict[str, Any]) -> None:
        self.rows.append(record)
        if len(self.rows) >= self.batch:
            self.flush()

    def _make_schema(self, rows: list[dict]):
        import pyarrow as pa

        known = arrow_fields(self.command)
        fields = [pa.field(k, t) for k, t in known.items()]
        extra_keys = sorted({k for r in rows for k in r} - set(known))
        if extra_keys:
            inferred = pa.Table.from_pylist([{k: r.get(k) for k in extra_keys} for r in rows]).schema
            fields += [f if not pa.types.is_null(f.type) else pa.field(f.name, pa.string())
                       for f in inferred]
        fields.append(pa.field("_extra", pa.string()))
        return pa.schema(fields)

    def flush(self) -> None:
        if not self.rows:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self.schema is None:
            self.schema = self._make_schema(self.rows)
            self.writer = pq.ParquetWriter(self.path, self.schema)
        names = set(self.schema.names)
        cols = {n: [] for n in self.schema.names}
        for r in self.rows:
            spill = {k: v for k, v in r.items() if k not in names}
            for n in self.schema.names:
                cols[n].append(r.get(n))
            cols["_extra"][-1] = json.dumps(spill, ensure_ascii=False, default=str) if spill else None
        try:
            table = pa.Table.from_pydict(cols, schema=self.schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            table = self._lenient(cols)
        self.writer.write_table(table)
        self.rows = []

    def _lenient(self, cols: dict):
        """A batch whose carried-through values do not fit their column: such values move to
        ``_extra`` (as JSON) one column at a time."""
        import pyarrow as pa

        known = set(arrow_fields(self.command))
        arrays = []
        for f in self.schema:
            try:
                arrays.append(pa.array(cols[f.name], type=f.type))
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                if f.name in known or f.name == "_extra":
                    raise
                for i, v in enumerate(cols[f.name]):
                    spill = json.loads(cols["_extra"][i]) if cols["_extra"][i] else {}
                    spill[f.name] = v
                    cols["_extra"][i] = json.dumps(spill, ensure_ascii=False, default=str)
                arrays.append(pa.nulls(len(cols[f.name]), type=f.type))
        arrays[self.schema.names.index("_extra")] = pa.array(cols["_extra"], type=pa.string())
        return pa.Table.from_arrays(arrays, schema=self.schema)

    def close(self) -> None:
        self.flush()
        if self.writer is None:   # no records: still a valid, empty file
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist([], schema=pa.schema(
                [pa.field(k, t) for k, t in arrow_fields(self.command).items()])), self.path)
        else:
            self.writer.close()


WRITERS = {"jsonl": JsonlWriter, "text": TextWriter, "markdown": MarkdownWriter}
#: The line view of a record in each non-Parquet format (the Spark engine writes these lines).
VIEWS = {"jsonl": json_line, "text": text_view, "markdown": markdown_view}


def resume_point(path: str | Path) -> tuple[int, Optional[str]]:
    """(number of complete records in a JSONL output, id of the last one), after cutting off a
    partial last line that a killed run may have left."""
    path = Path(path)
    if not path.exists():
        return 0, None
    n, last_id, good_end = 0, None, 0
    with open(path, "rb") as fh:
        pos = 0
        for line in fh:
            end = pos + len(line)
            if not line.endswith(b"\n"):
                break
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                break
            n, last_id, good_end = n + 1, obj.get("id"), end
            pos = end
    if good_end < path.stat().st_size:
        with open(path, "r+b") as fh:
            fh.truncate(good_end)
    return n, last_id
