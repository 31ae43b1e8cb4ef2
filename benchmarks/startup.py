#!/usr/bin/env python3
"""Start-up time of the `provenance` command against trafilatura's, hyperfine-style.

Why: a command run on one page (or asked for --help) is dominated by start-up (imports, model
loading, the compiled modules' first-use probes), and users compare it with trafilatura's. The
target: each provenance command within 1.5x the matching trafilatura command.

Pairs, each command a fresh process started the same way (both console scripts next to this
interpreter), stdout to /dev/null:

- ``provenance --help``           vs ``trafilatura --help``
- ``provenance clean PAGE``       vs ``trafilatura < PAGE`` (trafilatura reads one HTML
  document on stdin; its ``-i`` takes a file of URLs, not a page)

PAGE: one committed page (fixtures/html, 156 KB), the same for both. Each command gets
``--warmup`` runs (file cache, .pyc), then ``--runs`` timed runs, the two commands of a pair
alternating run by run so that both see the same machine load. Both packages' bytecode is
compiled first, as `pip install` does for an installed package (an editable install, or a
machine with PYTHONDONTWRITEBYTECODE set, would otherwise recompile provenance's sources on
every start: ~0.2 s). Reported: median, min and
mean +- sd of the wall time, and the ratio of the medians. The machine is shared: read the
ratios. Printed as a markdown table and written to benchmarks/out/startup.md.

Usage: python benchmarks/startup.py [--runs 15] [--warmup 3] [--page PATH]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "fixtures" / "html" / "wcxb-0456-businessweekly-human-ai.html"
TARGET = 1.5


def script(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    if not path.is_file():
        raise SystemExit(f"{name} is not installed next to {sys.executable} "
                         f"(pip install . and pip install -r benchmarks/requirements.txt)")
    return str(path)


def run_once(argv: list[str], stdin_path: Path | None, cwd: Path) -> float:
    """Wall time of one run (s); a failed run stops the benchmark."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        t = time.perf_counter()
        proc = subprocess.run(argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
        elapsed = time.perf_counter() - t
    finally:
        if stdin_path:
            stdin.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return elapsed


def measure(pair, runs: int, warmup: int, cwd: Path) -> list[list[float]]:
    """Times of both commands of a pair, alternating run by run."""
    for _ in range(warmup):
        for argv, stdin in pair:
            run_once(argv, stdin, cwd)
    times: list[list[float]] = [[], []]
    for _ in range(runs):
        for k, (argv, stdin) in enumerate(pair):
            times[k].append(run_once(argv, stdin, cwd))
    return times


def describe(ts: list[float]) -> tuple[float, float, float, float]:
    return statistics.median(ts), min(ts), statistics.mean(ts), statistics.stdev(ts) if len(ts) > 1 else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--page", type=Path, default=PAGE)
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out" / "startup.md")
    args = ap.parse_args()
    page = args.page.resolve()
    prov, traf = script("provenance"), script("trafilatura")
    import compileall
    import importlib.util

    for name in ("provenance", "trafilatura"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                compileall.compile_dir(folder, quiet=1)
    cwd = Path("/tmp") if Path("/tmp").is_dir() else Path.cwd()   # outside the source tree
    pairs = [
        ("--help", [([prov, "--help"], None), ([traf, "--help"], None)]),
        ("one page", [([prov, "clean", str(page)], None), ([traf], page)]),
    ]
    names = {"--help": ("provenance --help", "trafilatura --help"),
             "one page": (f"provenance clean {page.name}", f"trafilatura < {page.name}")}
    rows = []
    for label, pair in pairs:
        a, b = measure(pair, args.runs, args.warmup, cwd)
        (ma, mina, meana, sda), (mb, minb, meanb, sdb) = describe(a), describe(b)
        ratio = ma / mb
        rows.append(f"| {names[label][0]} | {ma * 1000:.0f} | {mina * 1000:.0f} | {meana * 1000:.0f} ± {sda * 1000:.0f} "
                    f"| {names[label][1]} | {mb * 1000:.0f} | {minb * 1000:.0f} | {meanb * 1000:.0f} ± {sdb * 1000:.0f} "
                    f"| {ratio:.2f}x {'ok' if ratio <= TARGET else 'over'} |")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    table = "\n".join([
        f"Start-up, {args.runs} runs each after {args.warmup} warm-up runs, commands alternating; "
        f"wall time in ms; load average {load:.2f}; Python {sys.version.split()[0]}; target <= {TARGET}x.",
        "",
        "| provenance | median | min | mean ± sd | trafilatura | median | min | mean ± sd | ratio (medians) |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|",
        *rows,
    ])
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
