"""The output records, defined once: field names, their order and Arrow types, and how a
cleaned `Document` and its input record become one output record.

`clean_record` builds what `clean` writes and trace starts from; `carry` adds the input's own
fields; `arrow_fields` gives the Parquet/Spark column types of a command's records. The local
writers and the Spark engine use these, so the two engines write the same records.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from .document import Document
from .markdown import to_markdown
from .metadata.markup import hostname_of

#: Every clean record has these, in this order.
CLEAN_FIELDS = ("id", "text", "title", "date", "author", "page_type", "url", "hostname", "sitename", "lang",
                "error")
#: Metadata the tool finds and the input may give: a value in the input wins and stays.
METADATA_FIELDS = ("title", "date", "author", "url", "hostname", "sitename", "lang")
#: What trace adds to each clean record.
TRACE_FIELDS = ("template_lines", "wire_group", "derived_fraction", "origin", "event_group", "passages")
#: Fields written by the tool besides the metadata; an input field of one of these names is
#: kept as ``input_<name>`` rather than overwritten.
#: What dedup adds to each trace record it keeps: the ids of the records it stands for.
DEDUP_FIELDS = ("duplicates",)
RESULT_FIELDS = ("id", "text", "page_type", "error", "warnings", "blocks", "markdown") + TRACE_FIELDS + DEDUP_FIELDS


def clean_record(doc: Document, blocks: bool = False, url: str | None = None,
                 markdown: bool = False) -> dict[str, Any]:
    """The record of one cleaned document (``blocks``: with every block's text, kind, P;
    ``url``: the page's URL as the input gave it, which wins over one the page declares;
    ``markdown``: with the body as Markdown, see `provenance.markdown`)."""
    meta = doc.meta
    rec: dict[str, Any] = {
        "id": doc.id,
        "text": doc.text if doc.error is None else "",
        "title": doc.title,
        "date": doc.date,
        "author": doc.author,
        "page_type": doc.page_type,
        "url": url or meta.get("url"),
        "hostname": hostname_of(url) or meta.get("hostname"),
        "sitename": meta.get("sitename"),
        "lang": doc.lang,
        "error": doc.error,
    }
    if doc.warnings:
        rec["warnings"] = list(doc.warnings)
    if markdown:
        rec["markdown"] = to_markdown(doc) if doc.error is None else ""
    if blocks:
        rec["blocks"] = [
            {"text": b.text, "kind": b.kind,
             "p_body": None if b.p_body is None else round(float(b.p_body), 4)}
            for b in doc.blocks
        ]
    return rec


def error_record(doc_id: str, error: str, url: str | None = None, markdown: bool = False) -> dict[str, Any]:
    """The record of an input that could not be read."""
    rec = {"id": doc_id, "text": "", "title": None, "date": None, "author": None, "page_type": None,
           "url": url, "hostname": hostname_of(url), "sitename": None, "lang": None, "error": error}
    if markdown:
        rec["markdown"] = ""
    return rec


def trace_defaults(record: dict[str, Any]) -> dict[str, Any]:
    """A clean record made ready for trace's fields: ``template_lines`` 0 (the template step,
    `wire.templates.body_text`, sets it only for the pages it cut), so that every trace record
    has it, in the same place. Both engines call this before ``body_text``."""
    record.setdefault("template_lines", 0)
    return record


def hostname(url: Any) -> Optional[str]:
    """The host of a URL, lower case, without a leading ``www.``; None when there is none."""
    return hostname_of(url) if isinstance(url, str) else None


def carry(record: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``record`` with the input's own fields added: a metadata field the input gives
    (title, date, author, url, hostname, sitename, lang) wins over the found one, which only fills
    what the input lacks; an input field named like a result field is kept as
    ``input_<name>``; every other field is carried unchanged."""
    for k, v in extra.items():
        if k in METADATA_FIELDS:
            if v is not None:
                record[k] = v
        elif k in RESULT_FIELDS:
            record.setdefault(f"input_{k}", v)
        else:
            record.setdefault(k, v)
    return record


def arrow_fields(command: str) -> dict[str, Any]:
    """{name: Arrow type} of the tool's own fields in a ``command``'s records ("clean",
    "trace" or "dedup"), in output order (carried input fields come after). Clean records
    have no trace column; trace and dedup records have no ``markdown`` column (trace writes
    no Markdown)."""
    import pyarrow as pa

    passage = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("partner", pa.string()),
                         ("partner_start", pa.int64()), ("partner_end", pa.int64()),
                         ("exact", pa.bool_())])
    block = pa.struct([("text", pa.string()), ("kind", pa.string()), ("p_body", pa.float64())])
    out = {name: pa.string() for name in CLEAN_FIELDS}
    out["warnings"] = pa.list_(pa.string())
    out["blocks"] = pa.list_(block)
    if command == "clean":
        out["markdown"] = pa.string()
    if command in ("trace", "dedup"):
        out.update({"template_lines": pa.int64(), "wire_group": pa.string(),
                    "derived_fraction": pa.float64(), "origin": pa.bool_(), "event_group": pa.string(),
                    "passages": pa.list_(passage)})
    if command == "dedup":
        out["duplicates"] = pa.list_(pa.string())
    return out


def field_names(command: str) -> Iterable[str]:
    return arrow_fields(command).keys()
