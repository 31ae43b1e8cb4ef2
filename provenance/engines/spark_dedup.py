"""`dedup` on Spark: `engines.spark_trace.trace_dataframe`, then the decisions of
`wire.dedup.plan` (the local engine's), with the same kept records, in the same order.

The trace lines are read in the executors (each line's id, body digest, wire group, origin,
date, length: `wire.dedup.member`); the digests that occur more than once are found by a
group-by; only the records that `plan` needs (those in a wire group or with a repeated
digest) reach the driver, which decides; the decisions are broadcast and each kept line gets
its ``duplicates`` in the executors.
"""
from __future__ import annotations

import json

from ..io.writers import json_line
from ..options import TraceOptions
from ..wire.dedup import Member, kept_record, member, plan
from .spark_trace import trace_dataframe

ORDER = "__provenance_order"


def dedup_dataframe(rows, options: TraceOptions, keep: str = "origin"):
    """(the kept records as JSON lines in input order (column ``value``), (the groups dict,
    the stats: documents, exact_duplicates_folded, wire_groups_folded, wire_duplicates_folded,
    dropped, kept)) for the rows `engines.spark.read` gives."""
    import pyarrow as pa
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    lines, groups = trace_dataframe(rows, options)
    spark = lines.sparkSession
    # input order: `trace_dataframe` sorts its lines; ids that grow with that order number them
    numbered = lines.withColumn(ORDER, F.monotonically_increasing_id())
    schema = pa.schema([("value", pa.string()), (ORDER, pa.int64()), ("id", pa.string()),
                        ("digest", pa.string()), ("wire_group", pa.string()), ("origin", pa.bool_()),
                        ("date", pa.string()), ("length", pa.int64())])

    def describe(batches):
        for batch in batches:
            cols = {k: [] for k in schema.names}
            for value, order in zip(batch.column("value").to_pylist(), batch.column(ORDER).to_pylist()):
                m = member(json.loads(value), order)
                for k, v in (("value", value), (ORDER, order), ("id", m.id), ("digest", m.digest),
                             ("wire_group", m.wire_group), ("origin", m.origin), ("date", m.date),
                             ("length", m.length)):
                    cols[k].append(v)
            yield pa.RecordBatch.from_pydict(cols, schema=schema)

    meta = numbered.mapInArrow(describe, from_arrow_schema(schema)).cache()
    n = meta.count()
    repeated = (meta.where(F.col("digest").isNotNull()).groupBy("digest").count()
                .where(F.col("count") > 1).select("digest", F.lit(True).alias("repeated")))
    needed = (meta.join(F.broadcast(repeated), "digest", "left")
              .where(F.col("wire_group").isNotNull() | F.col("repeated").isNotNull())
              .select("id", ORDER, "digest", "wire_group", "origin", "date", "length").collect())
    decided = plan([Member(r["id"], r[ORDER], r["digest"], r["wire_group"], bool(r["origin"]), r["date"],
                           int(r["length"])) for r in needed], keep)
    plan_bc = spark.sparkContext.broadcast(decided)
    out_schema = pa.schema([("value", pa.string()), (ORDER, pa.int64())])

    def finish(batches):
        p = plan_bc.value
        for batch in batches:
            values, orders = [], []
            for value, doc_id, order in zip(batch.column("value").to_pylist(), batch.column("id").to_pylist(),
                                            batch.column(ORDER).to_pylist()):
                if p.kept(doc_id):
                    values.append(json_line(kept_record(json.loads(value), p)))
                    orders.append(order)
            yield pa.RecordBatch.from_pydict({"value": values, ORDER: orders}, schema=out_schema)

    kept = (meta.select("value", "id", ORDER).mapInArrow(finish, from_arrow_schema(out_schema))
            .orderBy(ORDER).select("value"))
    stats = {"documents": n, **decided.counts(), "kept": n - len(decided.dropped)}
    return kept, (groups, stats)

