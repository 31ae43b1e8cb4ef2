#!/usr/bin/env python3
"""Spark engine vs local engine: identical groups on wirebench-dev, and throughput.

Why: the batch issue asks that Spark and the local engine give the same groups on the same input
(on ../shared/data/provenance/wirebench-dev here; on fixtures in tests/test_spark.py) and for the
throughput of both on a synthetic corpus. Both run in this process, one after the other:
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


CORE = ("wire_group", "derived_fraction", "origin", "event_group", "passages")


def run_both(spark, recs: list[dict], src: Path) -> dict:
    from provenance.engines.spark import read
    from provenance.engines.spark_trace import trace_dataframe
    from provenance.wire import trace

    t0 = time.perf_counter()
    local = trace(recs, workers=2)
    t_local = time.perf_counter() - t0
    t0 = time.perf_counter()
    out, groups = trace_dataframe(read(spark, [str(src)]))
    rows = {r["id"]: r.asDict(recursive=True) for r in out.collect()}
    t_spark = time.perf_counter() - t0
    def norm(rec: dict) -> str:   # compare as JSON: Spark hands back nested Rows/dicts
        return json.dumps({k: rec.get(k) for k in CORE}, sort_keys=True, default=str)

    diff = [r["id"] for r in local.records if norm(r) != norm(rows.get(r["id"], {}))]
    same_groups = (json.dumps(groups["wire_groups"]) == json.dumps(local.groups["wire_groups"])
                   and json.dumps(groups["event_groups"]) == json.dumps(local.groups["event_groups"]))
    return {"docs": len(recs), "local_s": t_local, "spark_s": t_spark, "differing_records": len(diff),
            "same_groups": same_groups, "wire_groups": len(local.groups["wire_groups"]),
            "first_diffs": diff[:5]}


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
        r = run_both(spark, read_jsonl(src), src)
        rows.append(("wirebench-dev", r))
        print(f"wirebench-dev: {r}", flush=True)
    if a.synthetic:
        from trace_scale import corpus
        src = corpus(a.synthetic, 0) / "docs.jsonl"
        r = run_both(spark, read_jsonl(src), src)
        rows.append((f"synthetic {a.synthetic:,}", r))
        print(f"synthetic: {r}", flush=True)
    spark.stop()
    lines = ["# trace: local engine vs Spark local mode", "",
             f"{datetime.date.today()}, {os.cpu_count()} cores, load average {load:.1f} before; local engine "
             "`trace(records, workers=2)`, Spark `trace_dataframe` on `local[2]` (session start excluded).", "",
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
