"""The Spark engine: the same pure steps as the local engine, run per partition.

    >>> from pyspark.sql import SparkSession
    >>> from provenance.engines.spark import clean_dataframe
    >>> spark = SparkSession.builder.master("local[*]").getOrCreate()
    >>> out = clean_dataframe(spark.read.json("pages.jsonl"))      # id, text, title, date, author, error, …

Each partition is cleaned by `engines.local.clean_batch` (the very function `provenance clean`
calls) through Arrow batches (``mapInArrow``); a Cleaner is loaded once per executor process.
Input columns other than the id/text/html ones are carried through with their types.
Install with ``pip install "provenance[spark]"`` (pyspark; Java 17 for local mode).
"""
from __future__ import annotations

from typing import Iterator, Optional

from ..io.readers import FieldMap, from_object

BATCH = 64
_cleaner = None


def _get_cleaner(threshold: Optional[float]):
    global _cleaner
    if _cleaner is None or _cleaner.threshold != threshold:
        from threadpoolctl import threadpool_limits

        from ..clean import Cleaner

        threadpool_limits(1)   # one Python worker per core already
        _cleaner = Cleaner(threshold=threshold)
    return _cleaner


CLEAN_FIELDS = (("id", "string"), ("text", "string"), ("title", "string"), ("date", "string"),
                ("author", "string"), ("error", "string"))


def _output_schema(df, fields: FieldMap):
    from pyspark.sql.types import StringType, StructField, StructType

    carried = [f for f in df.schema.fields
               if f.name not in (fields.id, fields.text, fields.html) and f.name not in dict(CLEAN_FIELDS)]
    return StructType([StructField(name, StringType(), True) for name, _ in CLEAN_FIELDS] + carried)


def _clean_partition(batches: Iterator, fields: FieldMap, threshold: Optional[float], names: list[str],
                     arrow_schema) -> Iterator:
    import pyarrow as pa

    from .local import clean_batch

    cleaner = _get_cleaner(threshold)
    for batch in batches:
        rows = batch.to_pylist()
        for lo in range(0, len(rows), BATCH):
            chunk = rows[lo:lo + BATCH]
            recs = [from_object(r, f"row-{lo + k}", fields) for k, r in enumerate(chunk)]
            out = clean_batch(cleaner, recs, with_blocks=False)
            cols = {n: [o.get(n) for o in out] for n in names}
            yield pa.RecordBatch.from_pydict(cols, schema=arrow_schema)


def clean_dataframe(df, *, id_field: str = "id", text_field: str = "text", html_field: str = "html",
                    threshold: Optional[float] = None):
    """A DataFrame with one cleaned row per input row (same order within each partition)."""
    from pyspark.sql.pandas.types import to_arrow_schema

    fields = FieldMap(id=id_field, text=text_field, html=html_field)
    schema = _output_schema(df, fields)
    names = schema.fieldNames()
    arrow_schema = to_arrow_schema(schema)

    def run(batches):
        return _clean_partition(batches, fields, threshold, names, arrow_schema)

    return df.mapInArrow(run, schema)


LOCAL_DRIVER_MEMORY = "4g"


def session(master: str = "local[*]", app: str = "provenance", conf: Optional[dict] = None):
    """A SparkSession whose Python workers run this interpreter (so they see this install).

    ``conf``: extra Spark settings. In local mode the executors live in the driver's JVM, whose
    default heap (1 GB) runs out on a 100k-document trace; the driver gets
    ``LOCAL_DRIVER_MEMORY`` unless ``conf`` sets ``spark.driver.memory``. (This takes effect
    only when the session starts the JVM, i.e. not under spark-submit, where the submit flags
    decide.)"""
    import os
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


def read(spark, paths: list[str]):
    """JSONL (.jsonl, .jsonl.gz, folders of them) or Parquet inputs as one DataFrame: Spark reads
    them in the executors; the driver never holds the corpus."""
    parquet = [p for p in paths if p.rstrip("/").endswith(".parquet")]
    if parquet and len(parquet) != len(paths):
        raise ValueError("--engine spark reads either JSONL or Parquet inputs, not both at once")
    if parquet:
        return spark.read.parquet(*paths)
    if any(p == "-" for p in paths):
        raise ValueError("--engine spark cannot read stdin")
    return spark.read.json(list(paths))


def write(df, out: str) -> None:
    """A folder of JSONL part files, or of Parquet files when ``out`` ends with .parquet."""
    writer = df.write.mode("overwrite")
    if out.rstrip("/").endswith(".parquet"):
        writer.parquet(out)
    else:
        writer.json(out)
