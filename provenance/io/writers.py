"""Output writers: JSONL (one record per input document) and a readable text view."""
from __future__ import annotations

import json
from typing import IO, Any


class JsonlWriter:
    """One JSON object per line, flushed per batch so a crash loses no written record."""

    def __init__(self, stream: IO[str]):
        self.stream = stream

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")

    def flush(self) -> None:
        self.stream.flush()


class TextWriter(JsonlWriter):
    """A quick look: the id, metadata and article text of each record."""

    def write(self, record: dict[str, Any]) -> None:
        head = f"### {record['id']}"
        if record.get("error"):
            head += f"  [error: {record['error']}]"
        lines = [head]
        for key in ("title", "date", "author"):
            if record.get(key):
                lines.append(f"{key}: {record[key]}")
        lines.append("")
        lines.append(record.get("text") or "")
        self.stream.write("\n".join(lines) + "\n\n")


WRITERS = {"jsonl": JsonlWriter, "text": TextWriter}
