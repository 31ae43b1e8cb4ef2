"""The output records, defined once: field names, their order and Arrow types, and how a
cleaned `Document` and its input record become one output record.

`clean_record` builds what `clean` writes and trace starts from; `carry` adds the input's own
fields; `arrow_fields` gives the Parquet/Spark column types of a command's records. The local
writers and the Spark engine use these, so the two engines write the same records.
"""
from __future__ import annotations

from typing import Any, Iterable

from .document import Document
from .metadata.markup import hostname_of

#: Every clean record has these, in this order.
CLEAN_FIELDS = ("id", "text", "title", "date", "author", "url", "hostname", "sitename", "lang", "error")
#: Metadata the tool finds and the input may give: a value in the input wins and stays.
METADATA_FIELDS = ("title", "date", "author", "url", "hostname", "sitename", "lang")
#: What trace adds to each clean record.
TRACE_FIELDS = ("template_lines", "wire_group", "derived_fraction", "origin", "event_group", "passages")
#: Fields written by the tool besides the metadata; an input field of one of these names is
#: kept as ``input_<name>`` rather than overwritten.
RESULT_FIELDS = ("id", "text", "error", "warnings", "blocks") + TRACE_FIELDS


def clean_record(doc: Document, blocks: bool = False, url: str | None = None) -> dict[str, Any]:
    """The record of one cleaned document (``blocks``: with every block's text, kind, P;
    ``url``: the page's URL as the input gave it, which wins over one the page declares)."""
    meta = doc.meta
    rec: dict[str, Any] = {
        "id": doc.id,
        "text": doc.text if doc.error is None else "",
        "title": doc.title,
        "date": doc.date,
        "author": doc.author,
        "url": url or meta.get("url"),
        "hostname": hostname_of(url) or meta.get("hostname"),
        "sitename": meta.get("sitename"),
        "lang": doc.lang,
        "error": doc.error,
    }
    if doc.warnings:
        rec["warnings"] = list(doc.warnings)
    if blocks:
        rec["blocks"] = [
            {"text": b.text, "kind": b.kind,
             "p_body": None if b.p_body is None else round(float(b.p_body), 4)}
            for b in doc.blocks
        ]
    return rec


def error_record(doc_id: str, error: str, url: str | None = None) -> dict[str, Any]:
    """The record of an input that could not be read."""
    return {"id": doc_id, "text": "", "title": None, "date": None, "author": None, "url": url,
            "hostname": hostname_of(url), "sitename": None, "lang": None, "error": error}


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
    """{name: Arrow type} of the tool's own fields in a ``command``'s records ("clean" or
    "trace"), in output order (carried input fields come after)."""
    import pyarrow as pa

    passage = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("partner", pa.string()),
                         ("partner_start", pa.int64()), ("partner_end", pa.int64()),
                         ("exact", pa.bool_())])
    block = pa.struct([("text", pa.string()), ("kind", pa.string()), ("p_body", pa.float64())])
    out = {name: pa.string() for name in CLEAN_FIELDS}
    out["warnings"] = pa.list_(pa.string())
    out["blocks"] = pa.list_(block)
    if command == "trace":
        out.update({"template_lines": pa.int64(), "wire_group": pa.string(),
                    "derived_fraction": pa.float64(), "origin": pa.bool_(), "event_group": pa.string(),
                    "passages": pa.list_(passage)})
    return out


def field_names(command: str) -> Iterable[str]:
    return arrow_fields(command).keys()
