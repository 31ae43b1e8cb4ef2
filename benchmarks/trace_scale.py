#!/usr/bin/env python3
"""How `provenance trace` scales: wall time, peak memory and group quality on synthetic corpora of growing size.

Why: wirebench has 557 docs; the tool is meant for crawls of millions, where an all-pairs step or an
in-memory index shows up as super-linear time or memory long before it shows up as a wrong answer. The
corpora come from synth_corpus.py (planted reuse groups, site templates, gold.json), are cached under
out/synth/, and the tool runs exactly as a user runs it: one CLI subprocess per size, one at a time.

Measured per size: wall seconds (subprocess start to exit, model loading included), docs/s, peak RSS of
the largest process (os.wait4's ru_maxrss of that child and its waited-for children, what
`/usr/bin/time -v` reports) and of the whole process tree (sum of VmRSS of the child and its descendants,
sampled every 0.2 s: the figure that matters with --workers > 1), and F1/P/R/ARI (+ derived_fraction MAE)
from the official scorer's functions (wire_common.score_groups). The scaling exponent b is the slope of
a least-squares fit of log(time) on log(docs): b ~ 1 is linear, b ~ 2 means all-pairs somewhere.

--cmd is a template with {python} {input} {output} {workers} {groups}; `--cmd baseline` runs the
datasketch MinHashLSH baseline (wire_common.py baseline-trace, t=0.5) instead, to test this script or
compare. Corpus options: `--vocab pseudo` draws random Zipf-distributed pseudo-words (no stopword list
of any language applies: the corpus must calibrate itself), `--paragraphs 1` makes single-paragraph
documents; the table then also gives the candidate pairs per document (from the run's --groups stats).

Usage: python benchmarks/trace_scale.py [--sizes 10000 30000 100000] [--workers 1] [--cmd TEMPLATE|baseline]
       [--seed 0] [--vocab auto|pseudo] [--paragraphs many|1] [--timeout SEC] [--keep]
Writes out/trace_scale[-<vocab>-p<paragraphs>].md (…-baseline.md for --cmd baseline).
"""
from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from synth_corpus import GEN_VERSION, generate
from wire_common import load_wire_gold, read_jsonl, read_predictions, score_groups

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
DEFAULT_CMD = "{python} -m provenance.cli trace {input} -o {output} --workers {workers} --groups {groups} -q"
BASELINE_CMD = "{python} " + shlex.quote(str(HERE / "wire_common.py")) + " baseline-trace {input} -o {output}"
PAGE = os.sysconf("SC_PAGE_SIZE")


def corpus(n: int, seed: int, **options) -> Path:
    """The cached synthetic corpus of n docs (generated on first use)."""
    tag = "".join(f"-{k}{v}" for k, v in sorted(options.items()))
    d = OUT / "synth" / f"n{n}-seed{seed}-v{GEN_VERSION}{tag}"
    if not ((d / "docs.jsonl").exists() and (d / "gold.json").exists()):
        info = generate(n, d, seed, workers=2, **options)
        print(f"  generated {n} docs in {info['seconds']:.1f} s ({n / info['seconds']:.0f} docs/s) -> {d}",
              flush=True)
    return d


def tree_rss(root: int) -> int:
    """Bytes of resident memory of root and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
            with open(f"/proc/{entry.name}/statm", "rb") as f:
                rss[int(entry.name)] = int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


def run(argv: list[str], log: Path, timeout: float | None) -> dict:
    """Run one subprocess to completion: wall seconds, return code, peak RSS (largest process, tree)."""
    peak = [0]
    with open(log, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        stop = threading.Event()

        def sample():
            while not stop.wait(0.2):
                peak[0] = max(peak[0], tree_rss(proc.pid))
                if timeout and time.perf_counter() - t0 > timeout:
                    os.killpg(proc.pid, signal.SIGKILL)  # the session this script started, nothing else
                    return

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        stop.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"sec": wall, "rc": proc.returncode, "maxrss_mb": usage.ru_maxrss / 1024,
            "tree_mb": max(peak[0] / 2**20, usage.ru_maxrss / 1024)}


def fit_exponent(rows: list[dict]) -> float | None:
    """Slope of log(sec) on log(docs) by least squares, over the sizes that ran."""
    pts = [(math.log(r["n"]), math.log(r["sec"])) for r in rows if r["rc"] == 0 and r["sec"] > 0]
    if len(pts) < 2 or len({x for x, _ in pts}) < 2:
        return None
    mx, my = sum(x for x, _ in pts) / len(pts), sum(y for _, y in pts) / len(pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)


def f3(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def markdown(rows: list[dict], args, label: str, template: str, load_before: float) -> str:
    b = fit_exponent(rows)
    lines = [f"# Trace scaling: {label} on synthetic corpora (synth_corpus.py v{GEN_VERSION}, seed {args.seed})", "",
             f"{datetime.date.today()}, Python {platform.python_version()}, workers={args.workers}, "
             f"load average {load_before:.1f} before / {os.getloadavg()[0]:.1f} after on {os.cpu_count()} cores "
             f"(shared machine: read times as ratios). Command: `{template}`.", "",
             "| docs | input MB | wall s | docs/s | peak MB (largest process) | peak MB (process tree) "
             "| candidate pairs / doc | F1 | P | R | ARI | fraction MAE |", "|" + "---|" * 12]
    for r in rows:
        if r["rc"] != 0:
            lines.append(f"| {r['n']} | {r['mb']:.0f} | {r['sec']:.1f} | failed (exit {r['rc']}, see {r['log']}) "
                         "| | | | | | | |")
            continue
        s = r["score"]
        per_doc = "–" if r.get("pairs") is None else f"{r['pairs'] / r['n']:.2f}"
        lines.append(f"| {r['n']} | {r['mb']:.0f} | {r['sec']:.1f} | {r['n'] / r['sec']:.0f} | {r['maxrss_mb']:.0f} "
                     f"| {r['tree_mb']:.0f} | {per_doc} | {f3(s['f1'])} | {f3(s['precision'])} | {f3(s['recall'])} "
                     f"| {f3(s['ari'])} | {f3(s['mae'])} |")
    lines += ["", "Scaling exponent b (wall time ∝ docs^b, least-squares on log-log): "
              + ("–" if b is None else f"{b:.2f}"), ""]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000, 100000])
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--cmd", default=DEFAULT_CMD, help="template, or 'baseline' for the MinHashLSH baseline")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=None, help="kill a run after this many seconds")
    ap.add_argument("--keep", action="store_true", help="keep the trace outputs (deleted after scoring)")
    ap.add_argument("--vocab", choices=["auto", "pseudo"], default="auto",
                    help="pseudo: random Zipf-distributed pseudo-words (no stopword list applies)")
    ap.add_argument("--paragraphs", choices=["many", "1"], default="many", help="1: single-paragraph documents")
    args = ap.parse_args()
    options = {**({"vocab": "pseudo"} if args.vocab == "pseudo" else {}),
               **({"paragraphs": "1"} if args.paragraphs == "1" else {})}
    label = "baseline" if args.cmd == "baseline" else ("provenance" if args.cmd == DEFAULT_CMD else "custom")
    template = BASELINE_CMD if args.cmd == "baseline" else args.cmd
    load_before = os.getloadavg()[0]
    rows = []
    run_dir = OUT / "trace_scale" / (label + "".join(f"-{k}{v}" for k, v in sorted(options.items())))
    run_dir.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        d = corpus(n, args.seed, **options)
        docs, output, log = d / "docs.jsonl", run_dir / f"n{n}.jsonl", run_dir / f"n{n}.log"
        groups_file = run_dir / f"n{n}-groups.json"
        argv = shlex.split(template.format(python=shlex.quote(sys.executable), input=shlex.quote(str(docs)),
                                           output=shlex.quote(str(output)), workers=args.workers,
                                           groups=shlex.quote(str(groups_file))))
        r = {"n": n, "mb": docs.stat().st_size / 1e6, "log": str(log.relative_to(HERE))} | run(argv, log, args.timeout)
        if r["rc"] == 0 and groups_file.exists():
            import json
            r["pairs"] = json.loads(groups_file.read_text(encoding="utf-8"))["stats"]["candidate_pairs"]
        if r["rc"] == 0:
            gold, gold_frac = load_wire_gold(d / "gold.json")
            groups, fracs = read_predictions(read_jsonl(output))
            r["score"] = score_groups(gold, groups, gold_frac, fracs)
            del gold, gold_frac, groups, fracs
            s = r["score"]
            print(f"{n} docs: {r['sec']:.1f} s, {n / r['sec']:.0f} docs/s, peak {r['maxrss_mb']:.0f} MB "
                  f"(tree {r['tree_mb']:.0f} MB); F1 {s['f1']:.3f} ARI {s['ari']:.3f} "
                  f"(missing {s['missing']})", flush=True)
        else:
            tail = log.read_text(encoding="utf-8", errors="replace")[-1500:]
            print(f"{n} docs: FAILED, exit {r['rc']} after {r['sec']:.1f} s; end of {log}:\n{tail}", flush=True)
        if output.exists() and not args.keep:
            output.unlink()
        rows.append(r)
    table = markdown(rows, args, label, template, load_before)
    print()
    print(table)
    name = "trace_scale" + "".join(f"-{k}{v}" for k, v in sorted(options.items()))
    (OUT / (f"{name}.md" if label != "baseline" else f"{name}-baseline.md")).write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
