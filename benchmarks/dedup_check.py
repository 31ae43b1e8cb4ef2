"""`provenance dedup` against a wire corpus's gold: one record kept per gold wire, every record of
no wire kept, and every dropped record named by exactly one kept record.

    python benchmarks/dedup_check.py                       # wirebench-dev
    python benchmarks/dedup_check.py --corpus wirebench-dev-hard

Reads ``docs.jsonl`` and ``gold.json`` of ``../shared/data/provenance/<corpus>`` and runs the
public API (`provenance.dedup`, the same steps as the CLI command). Printed (and exit 1 when
any of the first four is not 0): gold wires with no kept record, gold wires with more than one,
unrelated records dropped, dropped records named by no kept record or by several; then the
counts of kept and dropped records, and how many records of one wire sit in no kept record's
``duplicates`` because tracing did not link them (recall misses of trace, each kept alone).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scoring import import_repo_module, shared_dir  # noqa: E402
from wire_common import load_wire_gold, read_jsonl  # noqa: E402


def check(records: list[dict], kept: list[dict], gold: dict) -> dict:
    """The counts of the module docstring, from the input records, the kept records and the
    gold ({id: wire or None})."""
    kept_ids = [r["id"] for r in kept]
    kept_set = set(kept_ids)
    named = Counter(d for r in kept for d in r.get("duplicates") or [])
    dropped = [r["id"] for r in records if r["id"] not in kept_set]
    kept_per_wire = Counter(gold[i] for i in kept_ids if gold.get(i) is not None)
    wires = {w for w in gold.values() if w is not None}
    return {
        "wires_with_no_kept_record": sum(1 for w in wires if kept_per_wire[w] == 0),
        "wires_with_several_kept_records": sum(1 for w in wires if kept_per_wire[w] > 1),
        "unrelated_records_dropped": sum(1 for i in dropped if gold.get(i) is None),
        "dropped_named_by_none_or_several": sum(1 for i in dropped if named[i] != 1),
        "records": len(records), "kept": len(kept_ids), "dropped": len(dropped), "gold_wires": len(wires),
        "extra_records_kept_of_a_wire": sum(max(kept_per_wire[w] - 1, 0) for w in wires),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="wirebench-dev")
    args = ap.parse_args()
    root = shared_dir() / "data" / "provenance" / args.corpus
    records = list(read_jsonl(root / "docs.jsonl"))
    gold, _ = load_wire_gold(root / "gold.json")
    provenance = import_repo_module("provenance")
    t0 = time.perf_counter()
    result = provenance.dedup(records)
    kept = list(result.records)
    secs = time.perf_counter() - t0
    counts = check(records, kept, gold)
    print(f"# dedup on {args.corpus}: {counts['records']} records, {counts['gold_wires']} gold wires, "
          f"{secs:.1f} s\n")
    print("| check | count |\n|---|---|")
    for k, v in counts.items():
        print(f"| {k.replace('_', ' ')} | {v} |")
    bad = sum(counts[k] for k in ("wires_with_no_kept_record", "wires_with_several_kept_records",
                                  "unrelated_records_dropped", "dropped_named_by_none_or_several"))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
