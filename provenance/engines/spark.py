"""The Spark engine: the same steps as the local engine, scheduled by Apache Spark.

    >>> from provenance.engines.spark import session, read, clean_dataframe, write
    >>> spark = session("local[*]")
    >>> rows = read(spark, ["corpus.jsonl"], CleanOptions())     # one row per input line / row
    >>> write(clean_dataframe(rows, CleanOptions()), "cleaned/", "jsonl")

Inputs are JSONL (``.jsonl``, ``.jsonl.gz``, folders of them) or Parquet, read by Spark itself
in the executors; each line or row becomes an `InputRecord` by the local readers' own
functions (`io.readers.jsonl_record`, `records.from_object`), with the same ids (a record
without an id is ``<file>:<line>`` or ``<file>:<row>``, unique across the whole input). Each
partition is cleaned by `clean.clean_batch` (the very step `provenance clean` calls) through
Arrow batches, one Cleaner per executor process, and every output record is the local
engine's JSON line (`io.writers.json_line`), so both engines write the same records.
Install with ``pip install "provenance[spark]"`` (pyspark; Java 17 for local mode).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Optional
from urllib.parse import unquote, urlsplit

from ..clean import Cleaner, clean_batch
from ..io.readers import PARQUET_SUFFIXES, JSONL_SUFFIXES, iter_paths, jsonl_record
from ..io.compression import inner_suffix
from ..io.writers import VIEWS, json_line
from ..options import CleanOptions
from ..records import FieldMap, InputRecord, from_object

BATCH = 64
_cleaner: Optional[Cleaner] = None
#: Columns `read` adds to an input row: the file's id-name, the file's place among the inputs,
#: the record's position in it (records are written back in this order: the input order).
SOURCE, FILE, POSITION = "__provenance_source", "__provenance_file", "__provenance_position"


class SparkInputError(ValueError):
    """Inputs the Spark engine cannot read (the message says which and why)."""


def get_cleaner(options: CleanOptions) -> Cleaner:
    """This executor process's Cleaner for ``options`` (made once per process)."""
    global _cleaner
    if _cleaner is None or _cleaner.options != options:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)   # one Python worker per core already
        _cleaner = Cleaner(options)
    return _cleaner


def session(master: str = "local[*]", app: str = "provenance", conf: Optional[dict] = None):
    """A SparkSession whose Python workers run this interpreter (so they see this install).

    ``conf``: extra Spark settings. In local mode the executors live in the driver's JVM, whose
    default heap (1 GB) runs out on a 100k-document trace; the driver gets
    ``LOCAL_DRIVER_MEMORY`` unless ``conf`` sets ``spark.driver.memory``. (This takes effect
    only when the session starts the JVM, i.e. not under spark-submit, where the submit flags
    decide.)"""
    import sys

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # workers start with `python -m pyspark.daemon` in the driver's working directory; a source
    # checkout there (no models/ mapping) would shadow the installed package
    os.environ["PYTHONSAFEPATH"] = "1"
    from pyspark.sql import SparkSession

    settings = {"spark.ui.showConsoleProgress": "false", "spark.executorEnv.PYTHONSAFEPATH": "1"}
    if master.startswith("local"):
        settings["spark.driver.memory"] = LOCAL_DRIVER_MEMORY
    settings.update(conf or {})
    builder = SparkSession.builder.master(master).appName(app)
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


LOCAL_DRIVER_MEMORY = "4g"


# -- reading -------------------------------------------------------------------------------
def input_files(paths: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """("jsonl" or "parquet", [(file URI or path, its id-name)]): local folders are expanded
    as the local engine expands them (`io.readers.iter_paths`), remote URIs are taken whole."""
    if any(p == "-" for p in paths):
        raise SparkInputError("--engine spark cannot read stdin")
    files: list[tuple[str, str]] = []
    local = []
    for p in paths:
        if "://" in p and not p.startswith("file://"):
            files.append((p, p))                   # a remote file or folder: Spark lists it
            continue
        path = unquote(urlsplit(p).path) if p.startswith("file://") else p
        if not Path(path).exists():
            raise SparkInputError(f"no such file or folder: {p}")
        local.append(path)
    files += [(str(f.resolve()), rid) for f, rid in iter_paths(local)]
    kinds = set()
    for f, _ in files:
        suffix = inner_suffix(Path(urlsplit(f).path if "://" in f else f))
        if suffix in JSONL_SUFFIXES:
            kinds.add("jsonl")
        elif suffix in PARQUET_SUFFIXES:
            kinds.add("parquet")
        else:
            raise SparkInputError(f"--engine spark reads JSONL and Parquet inputs; {f} is neither "
                                  f"(use --engine local)")
    if len(kinds) > 1:
        raise SparkInputError("--engine spark reads either JSONL or Parquet inputs, not both at once")
    if not files:
        raise SparkInputError(f"no JSONL or Parquet files in {', '.join(paths)}")
    return kinds.pop(), files


def read(spark, paths: list[str], options: CleanOptions):
    """One row per input record: the JSONL line (column ``value``) or the Parquet row, with
    ``SOURCE`` (the file's id-name) and ``POSITION`` (line or row number, from 1) as the local
    readers count them."""
    from pyspark.sql import functions as F

    kind, files = input_files(paths)
    names = {_path_of(f): (rid, k) for k, (f, rid) in enumerate(files)}
    uris = [f for f, _ in files]
    df = spark.read.text(uris) if kind == "jsonl" else spark.read.parquet(*uris)
    df = df.select("*", F.input_file_name().alias("__file"), F.input_file_block_start().alias("__block"),
                   F.monotonically_increasing_id().alias("__mid"))
    from pyspark import StorageLevel

    df = df.persist(StorageLevel.DISK_ONLY)      # numbered from the same scan it is read from
    # a record's position: the rows of the blocks of its file before its own, plus its place
    # in its block (rows of one block are consecutive ids of one partition)
    blocks = df.groupBy("__file", "__block").agg(F.count("*").alias("n"), F.min("__mid").alias("first")).collect()
    offsets, seen = {}, {}
    for r in sorted(blocks, key=lambda r: (r["__file"], r["__block"])):
        offsets[(r["__file"], r["__block"])] = (seen.get(r["__file"], 0), r["first"])
        seen[r["__file"]] = seen.get(r["__file"], 0) + r["n"]
    bc = spark.sparkContext.broadcast((offsets, names))

    def number(batches):
        import pyarrow as pa

        offs, nm = bc.value
        for batch in batches:
            cols = batch.to_pydict()
            src, file_no, pos = [], [], []
            for f, b, m in zip(cols["__file"], cols["__block"], cols["__mid"]):
                off, first = offs[(f, b)]
                rid, k = nm.get(_path_of(f), (f, -1))
                src.append(rid)
                file_no.append(k)
                pos.append(off + (m - first) + 1)
            out = {k: v for k, v in cols.items() if not k.startswith("__")}
            out[SOURCE], out[FILE], out[POSITION] = src, file_no, pos
            yield pa.RecordBatch.from_pydict(out, schema=_numbered_schema(batch.schema))

    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    arrow = to_arrow_schema(df.schema)
    return df.mapInArrow(number, from_arrow_schema(_numbered_schema(arrow)))


def _path_of(uri: str) -> str:
    return unquote(urlsplit(uri).path) if uri.startswith("file:") else uri


def _numbered_schema(schema):
    import pyarrow as pa

    fields = [f for f in schema if not f.name.startswith("__")]
    return pa.schema(fields + [pa.field(SOURCE, pa.string()), pa.field(FILE, pa.int64()),
                               pa.field(POSITION, pa.int64())])


def input_records(rows: list[dict], fields: FieldMap) -> tuple[list[InputRecord], list[tuple[int, int]]]:
    """(the `InputRecord`s of numbered input rows, as the local readers make them; each one's
    (file, position) in the input)."""
    out, order = [], []
    for r in rows:
        source, file_no, position = r.pop(SOURCE), r.pop(FILE), r.pop(POSITION)
        if set(r) == {"value"}:                  # a JSONL line (a line of a file, without its "\n")
            value = r["value"]
            line = None if len(value.encode("utf-8", "surrogatepass")) + 1 > fields.max_record_bytes else value
            rec = jsonl_record(line, source, position, fields)
        else:
            rec = from_object(r, f"{source}:{position}", fields)
        if rec is not None:
            out.append(rec)
            order.append((file_no, position))
    return out, order


def ordered(df):
    """A DataFrame with ``FILE`` and ``POSITION`` columns as its ``value``s in input order."""
    return df.orderBy(FILE, POSITION).select("value")


def _line_schema():
    import pyarrow as pa

    return pa.schema([pa.field("value", pa.string()), pa.field(FILE, pa.int64()), pa.field(POSITION, pa.int64())])


# -- clean ---------------------------------------------------------------------------------
def _lines(records: list[dict], fmt: str) -> list[str]:
    view = VIEWS.get(fmt, json_line)        # Parquet: JSON lines, typed by `write`
    return [view(r) for r in records]


def clean_dataframe(rows, options: CleanOptions):
    """One output line per input record (column ``value``): the JSON line `provenance clean`
    writes (or its `--format text` view), in input order."""
    import pyarrow as pa
    from pyspark.sql.pandas.types import from_arrow_schema

    schema = _line_schema()

    def run(batches: Iterator):
        cleaner = get_cleaner(options)
        for batch in batches:
            rows_ = batch.to_pylist()
            for lo in range(0, len(rows_), BATCH):
                recs, order = input_records(rows_[lo:lo + BATCH], options.fields)
                out = clean_batch(cleaner, recs, options.blocks, options.markdown)
                yield pa.RecordBatch.from_pydict({"value": _lines(out, options.format),
                                                  FILE: [f for f, _ in order], POSITION: [p for _, p in order]},
                                                 schema=schema)

    return ordered(rows.mapInArrow(run, from_arrow_schema(schema)))


# -- writing -------------------------------------------------------------------------------
def write(lines, out: str, fmt: str, command: str = "clean") -> None:
    """A folder of part files: JSONL (or the text view) as written, or Parquet with the tool's
    fields typed as `schema.arrow_fields` says and carried fields as Spark infers them."""
    if fmt != "parquet":
        lines.write.mode("overwrite").text(out)
        return
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_type

    from ..schema import arrow_fields

    spark = lines.sparkSession
    records = spark.read.json(lines.rdd.map(lambda r: r.value))
    known = arrow_fields(command)
    cols = [F.col(c).cast(from_arrow_type(known[c])).alias(c) if c in known else F.col(c)
            for c in records.columns]
    missing = [F.lit(None).cast(from_arrow_type(t)).alias(c) for c, t in known.items() if c not in records.columns]
    records.select(*cols, *missing).write.mode("overwrite").parquet(out)
