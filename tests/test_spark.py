"""The Spark engine in local mode (skipped without pyspark) writes what the local engine writes:
the same records, byte for byte, field for field, for clean and trace, under every option it
accepts; every option it cannot honour is refused with one line naming it."""
from __future__ import annotations

import json
import os
import sys

import pytest

pytest.importorskip("pyspark")

import provenance  # noqa: E402
from provenance.engines.local import clean_records  # noqa: E402
from provenance.io.readers import read_inputs  # noqa: E402
from provenance.io.writers import VIEWS, json_line  # noqa: E402
from provenance.options import CleanOptions, TraceOptions  # noqa: E402
from provenance.records import FieldMap  # noqa: E402

from conftest import FIXTURES, HTML_FILES, SEED_FILES, jsonl, run_cli  # noqa: E402

UNRELATED = sorted((FIXTURES / "unrelated").glob("*.txt"))


@pytest.fixture(scope="module")
def spark():
    from provenance.engines.spark import session

    os.environ["PYSPARK_PYTHON"] = sys.executable      # executors run this interpreter
    s = session("local[2]", "provenance-tests")
    s.conf.set("spark.sql.shuffle.partitions", "4")
    yield s
    s.stop()


def corpus() -> list[dict]:
    """The seeds, unrelated texts sharing a site template line (some without an id), an HTML
    page, an empty text, a record with an input date and title."""
    recs = [{"id": p.name[:3], "text": p.read_text(encoding="utf-8"), "k": i} for i, p in enumerate(SEED_FILES)]
    teaser = ("Officials in the coastal province announced on Tuesday that the new harbour bridge would "
              "open to traffic next spring after years of delays and rising costs.")
    for i, p in enumerate(UNRELATED):
        lines = p.read_text(encoding="utf-8").strip().split("\n")
        rec = {"text": "\n".join(lines[:5] + [teaser] + lines[5:]), "k": 10 + i, "site": "example.com"}
        if i % 2:
            rec["id"] = p.stem
        recs.append(rec)
    recs.append({"id": "page", "html": HTML_FILES[0].read_text(encoding="utf-8"), "url": "https://x.example/a"})
    recs.append({"id": "empty", "text": "", "k": 99})
    recs[0].update(date="2025-08-22", title="A title given in the input")
    return recs


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("spark") / "in.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for r in corpus():
            fh.write(json.dumps(r) + "\n")
        fh.write("not json at all\n\n")
        fh.write(json.dumps({"id": "no-content"}) + "\n")
    return path


def spark_clean(spark, path, options: CleanOptions) -> list[str]:
    from provenance.engines.spark import clean_dataframe, read

    return [r.value for r in clean_dataframe(read(spark, [str(path)], options), options).collect()]


def local_clean(path, options: CleanOptions) -> list[str]:
    view = VIEWS.get(options.format, json_line)
    return [view(r) for r in clean_records(read_inputs([str(path)], options.fields), options)]


VARIANTS = {
    "defaults": {},
    "blocks": {"blocks": True},
    "max-blocks": {"blocks": True, "max_blocks": 3},
    "max-page-bytes": {"max_page_bytes": 900},
    "max-depth": {"max_depth": 3},
    "max-record-bytes": {"fields": FieldMap(max_record_bytes=2000)},
    "source html": {"source": "html"},
    "source text": {"source": "text"},
    "threshold": {"threshold": 0.9},
    "format text": {"format": "text"},
    "format markdown": {"format": "markdown"},
    "markdown field": {"markdown": True, "blocks": True},
    "fields": {"fields": FieldMap(id="k", text="text", html="html")},
    "comments": {"comments": True, "blocks": True},
    "favor precision": {"favor": "precision"},
    "favor recall": {"favor": "recall"},
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_clean_writes_the_local_engines_records(spark, corpus_file, name):
    options = CleanOptions(**VARIANTS[name])
    got, want = spark_clean(spark, corpus_file, options), local_clean(corpus_file, options)
    assert got == want
    if name == "max-blocks":
        assert any(len(json.loads(line)["blocks"]) == 3 for line in got)


def test_trace_writes_the_local_engines_records_and_groups(spark, corpus_file):
    from provenance.engines.spark import read
    from provenance.engines.spark_trace import trace_dataframe

    for options in (TraceOptions(), TraceOptions.of(max_align_chars=300, template_min_pages=2, max_blocks=40),
                    TraceOptions.of(comments=True, favor="recall")):
        lines, groups = trace_dataframe(read(spark, [str(corpus_file)], options.clean), options)
        local = provenance.trace(read_inputs([str(corpus_file)]), options)
        assert [r.value for r in lines.collect()] == [json_line(r) for r in local.records]
        stats = {k: v for k, v in local.groups["stats"].items() if not k.endswith("_s")}
        assert groups == {**local.groups, "stats": stats}
    assert len(groups["wire_groups"]) == 1                 # the seeds; the template links nothing


def test_records_without_ids_get_ids_unique_across_the_input(spark, tmp_path):
    # two files of 5,000 records without ids, each read in several blocks
    paths = []
    for f in ("a", "b"):
        path = tmp_path / f / "part.jsonl"
        path.parent.mkdir()
        path.write_text("".join(json.dumps({"text": f"line {k} of a short text"}) + "\n" for k in range(5000)),
                        encoding="utf-8")
        paths.append(str(path))
    spark.conf.set("spark.sql.files.maxPartitionBytes", "32768")
    try:
        from provenance.engines.spark import clean_dataframe, read
        options = CleanOptions()
        ids = [json.loads(r.value)["id"] for r in clean_dataframe(read(spark, paths, options), options).collect()]
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert len(ids) == len(set(ids)) == 10_000
    assert ids == [r.id for r in read_inputs(paths)]       # the local engine's ids, in order


@pytest.mark.parametrize("args, named", [
    (["clean", "--resume"], "--resume"),
    (["clean", "--workers", "2"], "--workers"),
    (["trace", "--spool-dir", "spool"], "--spool-dir"),
    (["trace", "--report", "r.html"], "--report"),
    (["trace", "--resume", "--workers", "1"], "--resume"),
])
def test_options_spark_cannot_honour_are_refused_in_one_line(tmp_path, corpus_file, args, named):
    proc = run_cli([args[0], corpus_file, "--engine", "spark", "-o", tmp_path / "out", *args[1:]],
                   cwd=tmp_path, check=False)
    err = proc.stderr.decode().strip().splitlines()
    assert proc.returncode != 0 and named in err[-1] and "--engine spark" in err[-1]
    assert not (tmp_path / "out").exists()


def test_spark_only_options_need_the_spark_engine(tmp_path, corpus_file):
    proc = run_cli(["clean", corpus_file, "--master", "local[2]"], cwd=tmp_path, check=False)
    assert proc.returncode != 0 and "--master needs --engine spark" in proc.stderr.decode()


def test_cli_engine_spark_writes_the_local_output(tmp_path, corpus_file):
    args = ["--blocks", "--max-blocks", "5", "--max-page-bytes", "5000"]
    run_cli(["clean", corpus_file, "--engine", "spark", "--master", "local[2]", "-o", tmp_path / "out", "-q", *args],
            cwd=tmp_path)
    local = run_cli(["clean", corpus_file, "-q", *args], cwd=tmp_path).stdout
    parts = b"".join((p.read_bytes() for p in sorted((tmp_path / "out").glob("part-*"))))
    assert parts == local
    assert {r["id"]: r.get("k") for r in jsonl(parts)}["004"] == 4


def test_dedup_writes_the_local_engines_records(spark, corpus_file):
    from provenance.engines.spark import read
    from provenance.engines.spark_dedup import dedup_dataframe

    options = TraceOptions()
    for keep in ("origin", "longest"):
        lines, (groups, stats) = dedup_dataframe(read(spark, [str(corpus_file)], options.clean), options, keep)
        local = provenance.dedup(read_inputs([str(corpus_file)]), options, keep=keep)
        assert [r.value for r in lines.collect()] == [json_line(r) for r in local.records]
        assert stats == local.stats
    assert stats["kept"] < stats["documents"]


def test_trace_refuses_repeated_ids(spark, tmp_path):
    from provenance.engines.spark import read
    from provenance.engines.spark_trace import trace_dataframe

    path = tmp_path / "dup.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": f"text {k} of a record"}) + "\n"
                            for k, i in enumerate(["a", "b", "a"])), encoding="utf-8")
    with pytest.raises(provenance.DuplicateIdError, match="'a'.*record 1.*record 3"):
        trace_dataframe(read(spark, [str(path)], CleanOptions()), TraceOptions())


def test_cli_dedup_on_spark(tmp_path, corpus_file):
    proc = run_cli(["dedup", corpus_file, "--engine", "spark", "--master", "local[2]", "-o", tmp_path / "out"],
                   cwd=tmp_path)
    local = run_cli(["dedup", corpus_file, "-q"], cwd=tmp_path).stdout
    parts = b"".join((p.read_bytes() for p in sorted((tmp_path / "out").glob("part-*"))))
    assert parts == local
    assert b"provenance dedup (spark local[2]): " in proc.stderr and b" kept, " in proc.stderr
