"""Property-based tests over hostile input: every reader, the text segmenter with nasty Unicode,
the cleaner on arbitrary records, and the trace pipeline. The invariant everywhere: each input
record gives exactly one result or one clear error, and nothing raises.

Example counts are small so that CI stays fast; `benchmarks/fuzz.py` runs the same generators
for longer and reports inputs tried, errors, crashes and records lost.
"""
from __future__ import annotations

import gzip
import json

import pyzstd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.io.readers import read_inputs
from provenance.segment.text import segment_text
from provenance import trace

from fuzzing import (NASTY, check_cleaned, check_read, expected_jsonl_records, jsonl_values, nasty_text,
                     records_of_any_type, write_case)

FAST = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FAST
@given(nasty_text(400), st.sampled_from([None, True, False]))
def test_text_segmenter_on_hostile_unicode(text, paragraphs):
    """Lone surrogates, controls, RTL and zero-width marks: blocks or an error, and every block
    is valid UTF-8 text (a lone surrogate never reaches the output)."""
    for data in (text, text.encode("utf-8", "surrogatepass")):
        doc = segment_text(data, paragraphs=paragraphs)
        for b in doc.blocks:
            assert b.text and b.text == b.text.strip()
            b.text.encode("utf-8")


@FAST
@given(st.sampled_from(["page.html", "page.txt", "page.html.gz", "in.jsonl", "in.jsonl.gz",
                        "in.jsonl.zst", "in.parquet", "in.warc", "in.warc.gz"]),
       st.binary(max_size=3000), st.booleans())
def test_every_reader_on_random_bytes(tmp_path_factory, name, data, truncate):
    """Random bytes (or a valid compressed stream of them, cut short) under every file type:
    read_inputs yields records, each with content or an error, and never raises."""
    folder = tmp_path_factory.mktemp("case")
    path = write_case(folder, name, data, truncate)
    recs = check_read([str(path)])
    raw = path.read_bytes()
    lines = raw.decode("utf-8", "replace").lstrip("\ufeff").split("\n")
    empty_container = not raw or (name == "in.jsonl" and not any(x.strip() for x in lines))
    assert recs or empty_container, "a file gives at least one record (its content, or an error)"


@FAST
@given(st.lists(jsonl_values(), min_size=1, max_size=12), st.sampled_from(["", ".gz", ".zst"]))
def test_jsonl_lines_of_any_shape_give_one_record_each(tmp_path_factory, values, suffix):
    """Lines that are not objects, wrong field types, malformed JSON, blank lines: one record
    per non-blank line, in order, none lost."""
    lines = [v if isinstance(v, str) else json.dumps(v) for v in values]
    raw = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    if suffix == ".gz":
        raw = gzip.compress(raw)
    elif suffix == ".zst":
        raw = pyzstd.compress(raw)
    path = tmp_path_factory.mktemp("jsonl") / f"in.jsonl{suffix}"
    path.write_bytes(raw)
    recs = check_read([str(path)])
    assert len(recs) == expected_jsonl_records(lines)


@FAST
@given(st.lists(records_of_any_type(), min_size=1, max_size=6))
def test_cleaner_gives_one_record_per_input(cleaner, objs):
    from provenance.clean import clean_batch
    from provenance.records import from_object

    recs = [from_object(o, f"r{i}") if isinstance(o, dict) else None for i, o in enumerate(objs)]
    recs = [r for r in recs if r is not None]
    out = clean_batch(cleaner, recs, True)
    check_cleaned(recs, out)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records_of_any_type(), min_size=1, max_size=8))
def test_trace_on_hostile_records(objs):
    """trace takes anything: every input gives one output record, errors are per record."""
    res = trace(objs)
    out = list(res.records)
    assert len(out) == len(objs)
    for o in out:
        assert ("error" in o) and isinstance(o["id"], str)
        assert isinstance(o["passages"], list)
        json.dumps(o, ensure_ascii=False).encode("utf-8", "surrogatepass")
    assert res.stats["documents"] == len(objs)


def test_nasty_alphabet_covers_the_issue_list():
    """The generators really produce the characters the issue names."""
    assert {"\ud800", "\u202e", "\u200b", "\x00", "\x1b", "\ufeff"} <= set(NASTY)


def test_stdin_of_random_bytes_is_one_record(tmp_path):
    from conftest import run_cli, jsonl

    proc = run_cli(["clean", "-", "-q"], cwd=tmp_path, input=bytes(range(256)) * 4)
    (rec,) = jsonl(proc.stdout)
    assert rec["id"] == "stdin" and rec["error"]
