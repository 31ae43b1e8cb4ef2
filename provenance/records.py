"""The input record: one document as a reader (or the Python API) hands it to a step.

A leaf module: every layer that reads or schedules documents (io, engines, wire, the API)
shares this one type and this one field map, so none of them reaches into another for it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from .limits import MAX_RECORD_BYTES


@dataclass
class InputRecord:
    """One input document. ``source`` says how to read ``content``: "html", "text" or None
    (decide from the content); ``extra`` holds every input field that is not the id, the HTML
    or the text, carried through to the output unchanged."""

    id: str
    content: Optional[bytes | str] = None
    source: Optional[str] = None
    error: Optional[str] = None
    extra: dict[str, Any] = field(default_factory=dict)
    url: Optional[str] = None                  # the page's URL, when the input names one
    where: Optional[str] = None                # where the reader found it ("a.jsonl line 3"), for messages


class DuplicateIdError(ValueError):
    """Two input records of one trace have the same id: groups name their members by id, so
    the run stops (or, asked to, renames the later ones: `unique_id`). The message names the id
    and both records."""

    def __init__(self, doc_id: str, first: str, second: str):
        self.id, self.first, self.second = doc_id, first, second
        super().__init__(f"duplicate id {doc_id!r}: {first} and {second} (ids must be unique "
                         f"across the input; --dedupe-ids / dedupe_ids=True renames the later ones)")


def unique_id(doc_id: str, taken) -> str:
    """The first of ``<id>#2``, ``<id>#3``, … that is not in ``taken`` (the rename of a
    repeated id, with a warning in its record)."""
    k = 2
    while f"{doc_id}#{k}" in taken:
        k += 1
    return f"{doc_id}#{k}"


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
        return InputRecord(id=rid, content=html, source="html", extra=extra, url=url)
    if isinstance(text, (str, bytes)):
        return InputRecord(id=rid, content=text, source="text", extra=extra, url=url)
    wrong = [f"'{f}' is {type(obj[f]).__name__}" for f in (fields.html, fields.text) if obj.get(f) is not None]
    why = ", ".join(wrong) if wrong else f"no '{fields.html}' or '{fields.text}' field"
    return InputRecord(id=rid, extra=extra, url=url, error=f"record {rid}: {why}")
