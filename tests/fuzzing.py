"""Generators and checks of tests/test_fuzz.py (few examples, in CI); benchmarks/fuzz.py (many
examples, figures for the README) uses `expected_jsonl_records` from here too."""
from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from hypothesis import strategies as st

from provenance.io.readers import read_inputs
from provenance.records import InputRecord

#: Characters the issue names: lone surrogates, controls, RTL/bidi marks, zero-width marks,
#: byte-order marks, replacement and non-characters, line/paragraph separators.
NASTY = ["\ud800", "\udfff", "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u200b", "\u200c",
         "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2066",
         "\u2069", "\u2028", "\u2029", "\ufffd", "\uffff", "\U0010ffff", "\r", "\t", "<", "&",
         "&#0;", "\u0645\u0631\u062d\u0628\u0627", "\u09b6\u09c7\u09af\u09bc\u09be\u09b0"]


def nasty_text(max_size: int, newlines: bool = True):
    alphabet = st.one_of(st.characters(), st.sampled_from(NASTY), st.sampled_from([" ", "word", ". "]))
    text = st.lists(alphabet, max_size=max_size).map("".join)
    if newlines:
        text = st.lists(st.one_of(text, st.just("\n"), st.just("\n\n")), max_size=6).map("".join)
    return text


_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    nasty_text(40, newlines=False))
_json_value = st.recursive(_scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                             st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                           max_leaves=6)


def records_of_any_type():
    """Dicts with the id/html/text/url fields of any type (and odd extra fields), or not dicts."""
    content = st.one_of(nasty_text(300), st.binary(max_size=400), _json_value,
                        st.sampled_from(["<html><body><p>" + "Short paragraph of article text. " * 6 + "</p>",
                                         "<div>" * 40 + "deep" + "</div>" * 40]))
    rec = st.fixed_dictionaries(
        {}, optional={"id": st.one_of(nasty_text(12, newlines=False), st.integers(), st.none(), _json_value),
                      "html": content, "text": content, "url": st.one_of(st.text(max_size=30), _json_value),
                      "site": st.one_of(st.none(), st.text(max_size=8)), "date": _json_value,
                      "extra": _json_value})
    return st.one_of(rec, rec, rec, _json_value)


def jsonl_values():
    """One JSONL line: an object, a JSON value that is not an object, or not JSON at all."""
    raw = st.one_of(nasty_text(60, newlines=False), st.sampled_from(['{"id": ', "{'id': 1}", "[1,", "\ufeff{}",
                                                                      "", "   ", "{}", "null"]))
    objects = records_of_any_type().filter(lambda v: isinstance(v, dict)).map(
        lambda d: json.loads(json.dumps(d, default=repr)))          # bytes → their repr: JSON only
    return st.one_of(objects, _json_value, raw.filter(lambda s: "\n" not in s))


def expected_jsonl_records(lines: list[str]) -> int:
    """What the JSONL reader must yield: one record per line that is not blank (a byte-order
    mark is stripped from the first line only)."""
    n = 0
    for k, line in enumerate(lines):
        decoded = line.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        if k == 0:
            decoded = decoded.lstrip("\ufeff")
        n += bool(decoded.strip())
    return n


def _warc(body: bytes) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            b"WARC-Target-URI: http://example.com/a\r\nWARC-Date: 2025-01-01T00:00:00Z\r\n"
            b"Content-Type: application/http; msgtype=response\r\n"
            b"Content-Length: " + str(len(http)).encode() + b"\r\n\r\n")
    return head + http + b"\r\n\r\n"


def _parquet(data: bytes) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(pa.table({"id": ["a", "b"], "html": [data, data[::-1]]}), buf)
    return buf.getvalue()


def write_case(folder: Path, name: str, data: bytes, truncate: bool) -> Path:
    """``data`` as the file ``name``: raw random bytes (a corrupt container), or, with
    ``truncate``, a valid container holding ``data`` cut at a data-dependent point."""
    import pyzstd

    if truncate:
        if name.endswith(".parquet"):
            data = _parquet(data)
        elif ".warc" in name:
            data = _warc(data)
        if name.endswith(".gz"):
            data = gzip.compress(data)
        elif name.endswith(".zst"):
            data = pyzstd.compress(data)
        data = data[:max(1, (len(data) * 2) // 3)]
    path = folder / name
    path.write_bytes(data)
    return path


def check_read(paths: list[str]) -> list[InputRecord]:
    """Read everything; every record has content or an error message (not both, not neither)."""
    recs = list(read_inputs(paths))
    for r in recs:
        assert isinstance(r, InputRecord) and isinstance(r.id, str)
        assert (r.error is None) != (r.content is None), r
        if r.error is not None:
            assert isinstance(r.error, str) and r.error.strip()
    return recs


def check_cleaned(inputs: list[InputRecord], outputs: list[dict]) -> None:
    """One output per input, same ids and order, each a JSON-writable record with a text or an
    error."""
    assert [o["id"] for o in outputs] == [r.id for r in inputs]
    for o in outputs:
        assert "error" in o and isinstance(o.get("text", ""), str)
        if o["error"] is None:
            for b in o.get("blocks") or []:
                b["text"].encode("utf-8")
        json.dumps(o, ensure_ascii=False, default=str)
