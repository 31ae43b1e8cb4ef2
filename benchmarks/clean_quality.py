#!/usr/bin/env python3
"""Main-content quality of provenance against the anchor tools, on the same pages.

Why: the project's claim is "better main text than the tools people use now", so every tool runs
in one process over identical pages and is scored by the official scorer (gold text: 4-gram
shingle F1 and token F1) and by trafilatura's snippet evaluation (with_ kept, without leaked).

Datasets (from $PROVENANCE_SHARED, default <repo>/../shared):
  wcxb-dev          the domain-disjoint validation split only (is_validation: 298 pages);
  trafilatura-eval  all 990 pages, and scored separately on its validation subset (183 pages).
Never train or tune on what this reports for the validation split.

Each tool's predictions are cached in out/<dataset>/<tool>.jsonl (one {"id", "text", "sec"} per
page, plus "error": true when the tool raised); --cached reuses them and runs only the pages
that are missing or raised before.
The table is printed and written to out/clean_quality.md.

Usage: python benchmarks/clean_quality.py [--limit N] [--tools a,b] [--cached]
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

from anchors import ANCHORS, BASELINES, Guarded, provenance_tools
from scoring import is_validation, load_manifest, score_gold, score_snippets, shared_dir

OUT = Path(__file__).resolve().parent / "out"
WARMUP_HTML = b"<html><body><article><h1>T</h1><p>Some words in a sentence. " * 20 + b"</p></article></body></html>"


def select_pages(limit: int | None):
    """Pages to run per dataset, and the subsets each score is computed on."""
    wcxb = load_manifest("wcxb-dev", "validation")
    traf_all = load_manifest("trafilatura-eval")
    traf, traf_val = traf_all, [p for p in traf_all if is_validation(p)]
    if limit:
        wcxb, traf, traf_val = wcxb[:limit], traf[:limit], traf_val[:limit]
    run_ids = {p["id"] for p in traf} | {p["id"] for p in traf_val}
    runs = {"wcxb-dev": wcxb, "trafilatura-eval": [p for p in traf_all if p["id"] in run_ids]}
    subsets = {"wcxb": wcxb, "traf": traf, "traf-val": traf_val}
    return runs, subsets


def run_tool(tool: Guarded, dataset: str, pages: list, cached: bool) -> dict[str, dict]:
    """{id: {"text", "sec"[, "error"]}} for the pages, from the cache or by running the tool."""
    path = OUT / dataset / f"{tool.name}.jsonl"
    entries: dict[str, dict] = {}
    if cached and path.exists():
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    e = json.loads(line)
                    if not e.get("error"):  # a page the tool raised on is run again
                        entries[str(e["id"])] = e
    todo = [p for p in pages if p["id"] not in entries]
    if todo:
        tool(WARMUP_HTML, None)  # pay imports and one-time setup outside the timings
        tool.reset()
        start = time.perf_counter()
        for n, page in enumerate(todo, 1):
            html = page.html_bytes  # read and gunzipped outside the timing
            errors = tool.errors
            t0 = time.perf_counter()
            text = tool(html, page.url_or_none)
            entry = {"id": page["id"], "text": text, "sec": round(time.perf_counter() - t0, 6)}
            if tool.errors > errors:
                entry["error"] = True
            entries[page["id"]] = entry
            if n % 100 == 0 or n == len(todo):
                print(f"  {dataset} {tool.name}: {n}/{len(todo)} pages, "
                      f"{time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
        if tool.first_error:
            print(f"  {tool.name}: {tool.errors} errors, first: {tool.first_error}", file=sys.stderr)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            for e in entries.values():
                f.write(json.dumps(e, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    return {p["id"]: entries[p["id"]] for p in pages}


def evaluate(tool: Guarded, runs: dict, subsets: dict, cached: bool) -> dict:
    """Scores, timing and failure counts of one tool over all datasets."""
    results = {name: run_tool(tool, name, pages, cached) for name, pages in runs.items()}
    flat = [e for res in results.values() for e in res.values()]
    pred = {e["id"]: e["text"] for res in results.values() for e in res.values()}
    wcxb = subsets["wcxb"]
    by_type: dict[str, dict] = {}
    for p in wcxb:
        by_type.setdefault(p.get("page_type") or "?", {})[p["id"]] = p["gold"]
    return {
        "by_type": {t: (len(g), score_gold(g, pred)) for t, g in sorted(by_type.items())},
        "version": tool.version,
        "gold": score_gold({p["id"]: p["gold"] for p in wcxb}, pred) if wcxb else None,
        "snippets": {name: score_snippets(pages, pred) for name, pages in subsets.items()},
        "seconds": sum(e["sec"] for e in flat),
        "pages": len(flat),
        "errors": sum(1 for e in flat if e.get("error")),
        "empty": sum(1 for e in flat if not (e["text"] or "").strip()),
    }


def page_types(validation: list) -> dict:
    """provenance's page type on the wcxb-dev validation pages against their page_type, and its
    empty outputs on every wcxb-dev page with gold text (empty with a warning, or silently)."""
    from collections import Counter

    from scoring import import_repo_module

    cleaner = import_repo_module("provenance").Cleaner()
    hits, confusions = Counter(), Counter()
    totals = Counter()
    for p in validation:
        doc = cleaner.clean(p.html_bytes, p["id"], url=p.url_or_none)
        gold = p.get("page_type") or "?"
        totals[gold] += 1
        hits[gold] += doc.page_type == gold
        if doc.page_type != gold:
            confusions[(gold, doc.page_type)] += 1
    empty = silent = n_all = 0
    for p in load_manifest("wcxb-dev"):
        if not p.get("gold"):
            continue
        n_all += 1
        doc = cleaner.clean(p.html_bytes, p["id"], url=p.url_or_none)
        if doc.error is None and not doc.text.strip():
            empty += 1
            silent += not doc.warnings
    return {"accuracy": sum(hits.values()) / max(sum(totals.values()), 1), "pages": sum(totals.values()),
            "by_type": {t: hits[t] / totals[t] for t in sorted(totals)},
            "confusions": [(k, n) for k, n in confusions.most_common() if n >= 2],
            "all_pages": n_all, "empty": empty, "silent": silent}


def f3(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def markdown(scores: dict, subsets: dict, args) -> str:
    """The summary table, a detail table, and the conditions of the run."""
    lines = [
        "# Main-content quality", "",
        f"{datetime.date.today()}, Python {platform.python_version()}, "
        f"pages: wcxb-dev validation {len(subsets['wcxb'])}, trafilatura-eval {len(subsets['traf'])} "
        f"(validation subset {len(subsets['traf-val'])})"
        + (f", --limit {args.limit}" if args.limit else "") + (", from cache" if args.cached else "")
        + ".", "",
        "| tool | wcxb sh4 F1 | wcxb tok F1 | traf-eval with_ kept | traf-eval without leaked "
        "| traf-eval F1 | traf-val F1 | s/page | errors | empty |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s in scores.items():
        g, t, tv = s["gold"] or {}, s["snippets"]["traf"], s["snippets"]["traf-val"]
        spp = s["seconds"] / s["pages"] if s["pages"] else 0.0
        lines.append(f"| {name} | {f3(g.get('sh4F1'))} | {f3(g.get('tokF1'))} | {f3(t['with_kept'])} "
                     f"| {f3(t['without_leaked'])} | {f3(t['f1'])} | {f3(tv['f1'])} | {spp:.4f} "
                     f"| {s['errors']} | {s['empty']} |")
    lines += ["", "Details (snippet P/R/F1/accuracy as trafilatura's evaluation; wcxb snippets are the "
              "with_/without lists of the same wcxb pages):", "",
              "| tool | version | wcxb sh4 P | wcxb sh4 R | wcxb snip F1 | wcxb leaked "
              "| traf P | traf R | traf acc | traf-val kept | traf-val leaked | total s |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, s in scores.items():
        g, sn = s["gold"] or {}, s["snippets"]
        lines.append(f"| {name} | {s['version']} | {f3(g.get('sh4P'))} | {f3(g.get('sh4R'))} "
                     f"| {f3(sn['wcxb']['f1'])} | {f3(sn['wcxb']['without_leaked'])} "
                     f"| {f3(sn['traf']['precision'])} | {f3(sn['traf']['recall'])} "
                     f"| {f3(sn['traf']['accuracy'])} | {f3(sn['traf-val']['with_kept'])} "
                     f"| {f3(sn['traf-val']['without_leaked'])} | {s['seconds']:.1f} |")
    types = sorted({t for s in scores.values() for t in s["by_type"]})
    if types:
        some = next(iter(scores.values()))["by_type"]
        for metric, label in (("sh4F1", "4-gram F1"), ("tokF1", "token F1"), ("sh4P", "4-gram precision"),
                              ("sh4R", "4-gram recall")):
            lines += ["", f"wcxb-dev validation, {label} by page type (pages in brackets):", "",
                      "| tool | " + " | ".join(f"{t} ({some.get(t, (0,))[0]})" for t in types) + " |",
                      "|---|" + "---|" * len(types)]
            for name, s in scores.items():
                cells = (f3(s["by_type"][t][1][metric]) if t in s["by_type"] else "–" for t in types)
                lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "Snippet precision / recall (trafilatura's evaluation) on trafilatura-eval's validation "
              "subset:", "", "| tool | traf-val P | traf-val R | traf-val F1 |", "|---|---|---|---|"]
    for name, s in scores.items():
        tv = s["snippets"]["traf-val"]
        lines.append(f"| {name} | {f3(tv['precision'])} | {f3(tv['recall'])} | {f3(tv['f1'])} |")
    if "pagetypes" in scores.get("provenance", {}):
        pt = scores["provenance"]["pagetypes"]
        lines += ["", f"provenance page type on the wcxb-dev validation pages: accuracy {pt['accuracy']:.3f} "
                  f"({pt['pages']} pages); by gold type: "
                  + ", ".join(f"{t} {a:.2f}" for t, a in pt["by_type"].items())
                  + f"; confusions (gold→predicted, ≥ 2 pages): "
                  + (", ".join(f"{g}→{p_} {n}" for (g, p_), n in pt["confusions"]) or "none") + ".",
                  "", f"wcxb-dev (all {pt['all_pages']} pages with gold text): {pt['empty']} come out with empty text, "
                  f"{pt['silent']} of them without a warning (silently empty)."]
    lines += ["", "s/page: mean extraction time over every page the tool ran (both datasets), one "
              "process, page bytes in memory; errors: pages where the tool raised (scored as empty); "
              "empty: pages with empty output, errors included."]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, help="first N pages of each dataset (quick run)")
    ap.add_argument("--tools", help="comma-separated tool names (default: all)")
    ap.add_argument("--cached", action="store_true", help="reuse out/<dataset>/<tool>.jsonl")
    args = ap.parse_args()

    tools = {**ANCHORS, **BASELINES}
    wanted = args.tools.split(",") if args.tools else None
    if wanted is None or "provenance" in wanted:
        tools.update(provenance_tools())
    if wanted:
        unknown = [t for t in wanted if t not in tools and t != "provenance"]
        if unknown:
            sys.exit(f"unknown tools {unknown}; known: {sorted(tools)}")
        tools = {name: tools[name] for name in wanted if name in tools}

    print(f"shared data: {shared_dir()}", file=sys.stderr)
    runs, subsets = select_pages(args.limit)
    scores = {}
    for name, tool in tools.items():
        scores[name] = evaluate(tool, runs, subsets, args.cached)
    if "provenance" in scores:
        scores["provenance"]["pagetypes"] = page_types(subsets["wcxb"])
    table = markdown(scores, subsets, args)
    print(table)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "clean_quality.md").write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
