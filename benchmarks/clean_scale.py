#!/usr/bin/env python3
"""`provenance clean` over a corpus: throughput with 1 and 2 workers, and peak memory on 1 GB.

Why: the batch issue asks for the speed-up of worker processes on the same pages and for
bounded memory on a large JSONL (streaming: the corpus is never loaded whole). Runs the installed
CLI as a subprocess (one at a time) on synthetic JSONL from synth_corpus.py (random-word texts of
≈3 KB with site templates; the cleaner's speed depends on lines per page, not on the words), and
measures wall time and peak RSS of the largest process and of the whole process tree.

Usage: python benchmarks/clean_scale.py [--docs 20000] [--big-mb 1000] [--skip-big]
Writes out/clean_scale.md.
"""
from __future__ import annotations

import argparse
import datetime
import itertools
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))
from trace_scale import corpus, run  # noqa: E402  (same corpus cache and process measurement)


def head_jsonl(src: Path, dst: Path, *, docs: int | None = None, mb: float | None = None) -> Path:
    """The first ``docs`` lines (or ``mb`` megabytes, cycling the source) of a JSONL file."""
    if dst.exists():
        return dst
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_suffix(".tmp")
    written = 0
    with open(tmp, "wb") as out:
        for k, line in enumerate(itertools.cycle(open(src, "rb").readlines()) if mb else open(src, "rb")):
            if docs is not None and k >= docs:
                break
            if mb is not None and written >= mb * 1e6:
                break
            if mb:   # unique ids when cycling
                line = line.replace(b'"id": "', f'"id": "c{k}-'.encode(), 1)
            out.write(line)
            written += len(line)
    tmp.rename(dst)
    return dst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--big-mb", type=float, default=1000)
    ap.add_argument("--skip-big", action="store_true")
    a = ap.parse_args()
    src = corpus(100000, 0) / "docs.jsonl"
    small = head_jsonl(src, OUT / "clean_scale" / f"docs{a.docs}.jsonl", docs=a.docs)
    rows = []
    load = os.getloadavg()[0]
    for workers in (1, 2):
        r = run([sys.executable, "-m", "provenance.cli", "clean", str(small), "-o",
                 str(OUT / "clean_scale" / f"out-w{workers}.jsonl"), "--workers", str(workers), "-q"],
                OUT / "clean_scale" / f"w{workers}.log", None)
        rows.append((f"{a.docs:,} docs ({small.stat().st_size / 1e6:.0f} MB)", workers, r))
        print(f"workers={workers}: {r['sec']:.1f} s, {a.docs / r['sec']:.0f} docs/s, peak {r['maxrss_mb']:.0f} MB", flush=True)
    if not a.skip_big:
        big = head_jsonl(src, OUT / "clean_scale" / f"big{int(a.big_mb)}mb.jsonl", mb=a.big_mb)
        n = sum(1 for _ in open(big, "rb"))
        r = run([sys.executable, "-m", "provenance.cli", "clean", str(big), "-o",
                 str(OUT / "clean_scale" / "out-big.jsonl"), "--workers", "2", "-q"],
                OUT / "clean_scale" / "big.log", None)
        rows.append((f"{n:,} docs ({big.stat().st_size / 1e6:.0f} MB)", 2, r))
        print(f"big: {r['sec']:.1f} s, peak {r['maxrss_mb']:.0f} MB (tree {r['tree_mb']:.0f} MB)", flush=True)
    w1 = rows[0][2]["sec"]
    for _, _, r in rows:
        if r["rc"] != 0:
            print(f"a run failed with exit status {r['rc']}: see out/clean_scale/*.log", file=sys.stderr)
    lines = ["# clean over a corpus: worker processes and memory", "",
             f"{datetime.date.today()}, Python {sys.version.split()[0]}, {os.cpu_count()} cores, load average "
             f"{load:.1f} before; synthetic JSONL (benchmarks/synth_corpus.py), `provenance clean FILE -o OUT -q`.", "",
             "| input | workers | wall s | docs/s | speed-up | peak MB (largest process) | peak MB (process tree) |",
             "|---|---|---|---|---|---|---|"]
    for label, workers, r in rows:
        docs = int(label.split()[0].replace(",", ""))
        speedup = f"{w1 / r['sec']:.2f}x" if docs == a.docs else "–"
        lines.append(f"| {label} | {workers} | {r['sec']:.1f} | {docs / r['sec']:.0f} | {speedup} | "
                     f"{r['maxrss_mb']:.0f} | {r['tree_mb']:.0f} |")
    table = "\n".join(lines) + "\n"
    print(table)
    (OUT / "clean_scale.md").write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
