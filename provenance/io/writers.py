"""Output writers: JSONL (one record per input document) and a readable text view."""
from __future__ import annotations

import json
from typing import IO, Any


def _encodable(text: str) -> str:
    """`text` with lone surrogates (which JSON input may carry as escapes) replaced, so that
    writing it as UTF-8 cannot fail."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", errors="replace").decode("utf-8")


class JsonlWriter:
    """One JSON object per line, flushed per batch so a crash loses no written record."""

    def __init__(self, stream: IO[str]):
        self.stream = stream

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(_encodable(json.dumps(record, ensure_ascii=False)) + "\n")

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
        self.stream.write(_encodable("\n".join(lines)) + "\n\n")


WRITERS = {"jsonl": JsonlWriter, "text": TextWriter}
