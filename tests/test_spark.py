"""The Spark engine in local mode (skipped without pyspark): clean and trace give the local
engine's results on fixtures."""
from __future__ import annotations

import os
import sys

import pytest

pytest.importorskip("pyspark")

from provenance.wire import trace  # noqa: E402

from conftest import FIXTURES, SEED_FILES  # noqa: E402

UNRELATED = sorted((FIXTURES / "unrelated").glob("*.txt"))
CORE = ("text", "wire_group", "derived_fraction", "origin", "event_group", "passages")


@pytest.fixture(scope="module")
def spark():
    from provenance.engines.spark import session

    os.environ["PYSPARK_PYTHON"] = sys.executable      # executors run this interpreter
    s = session("local[2]", "provenance-tests")
    s.conf.set("spark.sql.shuffle.partitions", "4")
    yield s
    s.stop()


def corpus() -> list[dict]:
    recs = [{"id": p.name[:3], "text": p.read_text(encoding="utf-8"), "k": i} for i, p in enumerate(SEED_FILES)]
    teaser = ("Officials in the coastal province announced on Tuesday that the new harbour bridge would "
              "open to traffic next spring after years of delays and rising costs.")
    for i, p in enumerate(UNRELATED):
        lines = p.read_text(encoding="utf-8").strip().split("\n")
        recs.append({"id": p.stem, "text": "\n".join(lines[:5] + [teaser] + lines[5:]), "k": 10 + i,
                     "site": "example.com"})
    recs.append({"id": "empty", "text": "", "k": 99})
    return recs


def test_clean_dataframe_matches_local(spark):
    from provenance.engines.spark import clean_dataframe
    from provenance.clean import Cleaner

    recs = corpus()
    rows = {r["id"]: r.asDict() for r in clean_dataframe(spark.createDataFrame(recs)).collect()}
    cleaner = Cleaner()
    for rec in recs:
        doc = cleaner.clean(rec["text"], rec["id"], "text")
        got = rows[rec["id"]]
        assert got["k"] == rec["k"]                       # carried through
        if doc.error:
            assert got["error"] == doc.error and got["text"] == ""
        else:
            assert (got["text"], got["title"], got["date"]) == (doc.text, doc.title, doc.date)


def test_trace_dataframe_matches_local(spark):
    from provenance.engines.spark_trace import trace_dataframe

    recs = corpus()
    out, groups = trace_dataframe(spark.createDataFrame(recs))
    got = {r["id"]: r.asDict(recursive=True) for r in out.collect()}
    local = trace(recs)
    want = {r["id"]: r for r in local.records}
    assert set(got) == set(want)
    for doc_id, w in want.items():
        assert {k: got[doc_id][k] for k in CORE} == {k: w[k] for k in CORE}, doc_id
        assert got[doc_id]["k"] == w["k"]
    assert groups["wire_groups"] == local.groups["wire_groups"]
    assert groups["event_groups"] == local.groups["event_groups"]
    assert len(groups["wire_groups"]) == 1                 # the seeds; the template links nothing


def test_cli_engine_spark(tmp_path):
    import json

    from conftest import jsonl, run_cli

    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in corpus()), encoding="utf-8")
    run_cli(["clean", src, "--engine", "spark", "--master", "local[2]", "-o", tmp_path / "out", "-q"],
            cwd=tmp_path)
    rows = [r for part in sorted((tmp_path / "out").glob("part-*.json")) for r in jsonl(part.read_bytes())]
    assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in corpus())
    assert {r["id"]: r["k"] for r in rows}["004"] == 4
