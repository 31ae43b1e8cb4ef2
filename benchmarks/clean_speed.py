#!/usr/bin/env python3
"""Throughput of provenance and the anchor tools: pages per second in one process.

Why: cleaning is applied to whole crawls, so speed relative to trafilatura (the usual choice) is
part of the project's claim. Only extraction is timed: the pages' bytes are loaded into memory
first, each tool gets a warm-up on a few pages (imports, caches, lazy setup), then every tool
runs over all N pages, one tool at a time, `--repeat` times (default 3) in interleaved rounds,
and each tool's fastest pass is reported. The load average is printed with the table. The machine is shared and noisy: read the
ratios, not the absolute numbers, and run nothing else at the same time.

Pages: N (default 200), half from the wcxb-dev validation split and half from the start of
trafilatura-eval, so both news and mixed web pages are in the mix.
For provenance both the per-page `provenance.clean(html)` and, when it exists, the batched
`provenance.Cleaner().clean_many(pages)` are timed.

The table is printed and written to out/clean_speed.md.

provenance's memo caches are emptied before each of its passes (`clear_provenance_caches`).
The walk used for HTML (C or Python) is printed with the table.

Usage: python benchmarks/clean_speed.py [--n 200] [--tools a,b] [--warmup 5] [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from anchors import ANCHORS, BASELINES, provenance_tools
from scoring import import_repo_module, load_manifest


def load_pages(n: int) -> list[tuple[bytes, str | None]]:
    """(html bytes, url) of n pages, read and gunzipped up front."""
    wcxb = load_manifest("wcxb-dev", "validation")[: (n + 1) // 2]
    traf = load_manifest("trafilatura-eval")[: n - len(wcxb)]
    return [(p.html_bytes, p.url_or_none) for p in wcxb + traf]


def batched_provenance():
    """A callable over a list of html bytes using Cleaner().clean_many, or None."""
    try:
        cleaner = import_repo_module("provenance").Cleaner()
        clean_many = cleaner.clean_many
    except Exception as exc:  # noqa: BLE001 - optional API of a package being written
        print(f"warning: no batched provenance ({type(exc).__name__}: {exc})", file=sys.stderr)
        return None
    return lambda htmls: [r.text for r in clean_many(htmls)]


def walk_name() -> str:
    """Which HTML block walk provenance uses here: the compiled one or the Python fallback."""
    try:
        from provenance.segment import html
    except ImportError:
        return "?"
    return "C (_fastwalk)" if html.default_walk() is html.walk_c else "Python"


def clear_provenance_caches() -> None:
    """Empty provenance's memo caches (template-line kinds, date lines, class/id cues) before
    each of its passes, so that passes 2 and 3 over the same pages are not helped by pass 1:
    every pass times pages it has not seen, as the first pass over a new corpus would."""
    try:
        from provenance import memo
    except ImportError:
        return
    memo.clear_all()


def per_page_pass(tool, pages):
    """A timed pass: the tool over every page, one call each."""
    def run() -> float:
        tool.reset()  # errors then count one pass
        start = time.perf_counter()
        for html, url in pages:
            tool(html, url)
        return time.perf_counter() - start
    return run


def batched_pass(run_many, pages):
    """A timed pass: one call over the list of all pages."""
    htmls = [html for html, _ in pages]

    def run() -> float:
        start = time.perf_counter()
        run_many(htmls)
        return time.perf_counter() - start
    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200, help="number of pages (default 200)")
    ap.add_argument("--tools", help="comma-separated tool names (default: all)")
    ap.add_argument("--warmup", type=int, default=5, help="pages run before timing (default 5)")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes, best kept (default 3)")
    args = ap.parse_args()

    tools = {**ANCHORS, **BASELINES}
    wanted = args.tools.split(",") if args.tools else None
    if wanted is None or "provenance" in wanted:
        tools.update(provenance_tools())
    if wanted:
        tools = {name: tools[name] for name in wanted if name in tools}

    pages = load_pages(args.n)
    mb = sum(len(h) for h, _ in pages) / 1e6
    passes = {name: per_page_pass(tool, pages) for name, tool in tools.items()}
    if "provenance" in tools and (run_many := batched_provenance()) is not None:
        passes["provenance (clean_many)"] = batched_pass(run_many, pages)
    for name, tool in tools.items():  # warm-up: imports, caches, lazy setup
        for html, url in pages[: args.warmup]:
            tool(html, url)
        tool.reset()
    load_before = os.getloadavg()[0]
    # Passes are interleaved (every tool once, then again) so that a change in the machine's
    # background load hits all tools alike; the fastest pass of each tool is kept.
    seconds: dict[str, float] = {}
    for r in range(args.repeat):
        for name, run in list(passes.items()):
            if name.startswith("provenance"):
                clear_provenance_caches()
            try:
                sec = run()
            except Exception as exc:  # noqa: BLE001 - clean_many: one bad page fails the batch
                print(f"warning: dropping {name} ({type(exc).__name__}: {exc})", file=sys.stderr)
                del passes[name]
                continue
            seconds[name] = min(sec, seconds.get(name, sec))
            print(f"  pass {r + 1} {name}: {sec:.2f} s", file=sys.stderr, flush=True)
    seconds = {name: sec for name, sec in seconds.items() if name in passes}
    errors = {name: tools[name].errors if name in tools else "–" for name in seconds}

    ref = seconds.get("trafilatura")
    lines = [f"# Cleaning speed: {len(pages)} pages ({mb:.1f} MB of HTML), one process, "
             f"best of {args.repeat} interleaved passes, load average {load_before:.1f} "
             f"before / {os.getloadavg()[0]:.1f} after on {os.cpu_count()} cores"
             + (f"; provenance's HTML walk: {walk_name()}" if any(n.startswith("provenance") for n in seconds) else ""),
             "",
             "| tool | pages/s | s/page | ratio vs trafilatura | errors |", "|---|---|---|---|---|"]
    for name, sec in seconds.items():
        ratio = f"{ref / sec:.2f}x" if ref and sec else "–"
        lines.append(f"| {name} | {len(pages) / sec:.1f} | {sec / len(pages):.4f} | {ratio} | {errors[name]} |")
    lines += ["", "ratio: trafilatura's time over the tool's (above 1: faster than trafilatura); "
              "errors: pages of one pass where the tool raised (its time then means nothing)."]
    table = "\n".join(lines) + "\n"
    print(table)
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "clean_speed.md").write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
