#!/usr/bin/env python3
"""Spark engine vs local engine: identical records and groups on wirebench-dev, and throughput.

Both engines must write the same records, byte for byte (on ../shared/data/provenance/wirebench-dev
and a synthetic corpus here; on fixtures under every option in tests/test_spark.py); this measures
it on real sizes, with the throughput of both. Both run in this process, one after the other:
`provenance.trace(records, workers=2)` and `trace_dataframe` on a `local[2]` session.

Usage: python benchmarks/spark_engine.py [--synthetic 30000] [--skip-parity]
Writes out/spark_engine.md.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))


def shared() -> Path:
    return Path(os.environ.get("PROVENANCE_SHARED", HERE.parent.parent / "shared"))


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _spark_lines(folder: Path):
    for part in sorted(folder.glob("part-*")):
        with open(part, encoding="utf-8") as fh:
            yield from fh


def run_both(spark, src: Path, work: Path) -> dict:
    """Both engines read ``src`` and write their records to files (what the CLI does); the
    outputs are then compared record by record, streaming, so neither side holds the corpus."""
    from provenance import TraceOptions, trace
    from provenance.engines.spark import read, write
    from provenance.engines.spark_trace import trace_dataframe
    from provenance.io.readers import read_inputs
    from provenance.io.writers import JsonlWriter

    work.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    local = trace(read_inputs([str(src)]), workers=2)
    writer = JsonlWriter(open(work / "local.jsonl", "w", encoding="utf-8"))
    for rec in local.records:
        writer.write(rec)
    writer.close()
    t_local = time.perf_counter() - t0
    t0 = time.perf_counter()
    options = TraceOptions()
    out, groups = trace_dataframe(read(spark, [str(src)], options.clean), options)
    write(out, str(work / "spark"), "jsonl", "trace")
    t_spark = time.perf_counter() - t0

    diff, n, n_spark = [], 0, 0             # the same lines, in the same order
    with open(work / "local.jsonl", encoding="utf-8") as fh:
        for line, other in zip(fh, _spark_lines(work / "spark")):
            n += 1
            n_spark += 1
            if line != other:
                diff.append(json.loads(line)["id"])
    same_groups = (json.dumps(groups["wire_groups"]) == json.dumps(local.groups["wire_groups"])
                   and json.dumps(groups["event_groups"]) == json.dumps(local.groups["event_groups"]))
    return {"docs": n, "local_s": t_local, "spark_s": t_spark, "differing_records": len(diff),
            "missing_in_spark": len(local.records) - n_spark, "same_groups": same_groups,
            "wire_groups": len(local.groups["wire_groups"]), "first_diffs": diff[:5]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--synthetic", type=int, default=30000, help="synthetic corpus size (0: skip)")
    ap.add_argument("--skip-parity", action="store_true")
    a = ap.parse_args()
    from provenance.engines.spark import session

    spark = session("local[2]", "provenance-benchmark")
    rows = []
    load = os.getloadavg()[0]
    if not a.skip_parity:
        src = shared() / "data" / "provenance" / "wirebench-dev" / "docs.jsonl"
        r = run_both(spark, src, OUT / "spark_engine" / "wirebench-dev")
        rows.append(("wirebench-dev", r))
        print(f"wirebench-dev: {r}", flush=True)
    if a.synthetic:
        from trace_scale import corpus
        src = corpus(a.synthetic, 0) / "docs.jsonl"
        r = run_both(spark, src, OUT / "spark_engine" / f"synthetic-{a.synthetic}")
        rows.append((f"synthetic {a.synthetic:,}", r))
        print(f"synthetic: {r}", flush=True)
    conf_mem = spark.sparkContext.getConf().get("spark.driver.memory")
    spark.stop()
    lines = ["# trace: local engine vs Spark local mode", "",
             f"{datetime.date.today()}, {os.cpu_count()} cores, load average {load:.1f} before; local engine "
             "`trace(records, workers=2)` + JSONL writer, Spark `trace_dataframe` on `local[2]` + `write` "
             "(JSON parts; session start excluded; driver memory "
             f"{conf_mem}).", "",
             "| corpus | docs | local s | local docs/s | Spark s | Spark docs/s | same groups | records differing |",
             "|---|---|---|---|---|---|---|---|"]
    for name, r in rows:
        lines.append(f"| {name} | {r['docs']:,} | {r['local_s']:.1f} | {r['docs'] / r['local_s']:.0f} | "
                     f"{r['spark_s']:.1f} | {r['docs'] / r['spark_s']:.0f} | {'yes' if r['same_groups'] else 'NO'} | "
                     f"{r['differing_records']} |")
    table = "\n".join(lines) + "\n"
    print(table)
    OUT.mkdir(exist_ok=True)
    (OUT / "spark_engine.md").write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
