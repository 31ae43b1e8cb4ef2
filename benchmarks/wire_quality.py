#!/usr/bin/env python3
"""Wire-group quality of `provenance trace` against datasketch MinHashLSH, on the same raw text.

Why: the claim is "finds the wire story a page derives from, where near-duplicate detection does not", so
both run on the raw text with the site templates left in (what a scraper gives you), and both are scored
by the official scorer (score_wire.py, loaded by path in wire_common): pairwise P/R/F1 over same-wire
pairs, ARI over all docs, and for provenance the MAE of derived_fraction.
The baseline is given its best chance: every LSH threshold 0.1..0.9 is scored and the best (by F1) is
reported next to the usual 0.5. Picking the threshold on the gold flatters the baseline, not provenance.

Corpora (from $PROVENANCE_SHARED/data/provenance, default <repo>/../shared):
  wirebench-dev-hard, wirebench-dev   gold.json: wire group and derived fraction per doc;
  clough-short-answers                gold_clusters.json ("single_*" = no group); and the Spearman
                                      correlation of derived_fraction with the reuse level of the 95
                                      answers (cut=3, light=2, heavy=1, non=0; the 5 sources left out).

Two provenance rows per corpus: the bundled pair model (trained on all three corpora, so the corpus
was seen in training) and a pair model trained on the *other two* corpora only ("held out"), built
here with provenance.training.pairs and cached in out/wire/models/. The held-out row is the honest one.

Outputs: out/wire/<corpus>/provenance.jsonl (the trace records), out/wire_quality.md (the tables).
Usage: python benchmarks/wire_quality.py [--corpus NAME ...] [--workers N] [--model PATH] [--no-held-out]
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import time
from pathlib import Path

from wire_common import (THRESHOLDS, load_wire_gold, lsh_groups, minhashes, read_jsonl, read_predictions,
                         score_groups, shared_dir)

OUT = Path(__file__).resolve().parent / "out"
CORPORA = ("wirebench-dev-hard", "wirebench-dev", "clough-short-answers")
CLOUGH = "clough-short-answers"
LEVEL = {"cut": 3, "light": 2, "heavy": 1, "non": 0}


def load_corpus(name: str):
    """(docs, gold groups, gold fractions or None) for one corpus."""
    base = shared_dir() / "data" / "provenance" / name
    docs = list(read_jsonl(base / "docs.jsonl"))
    if name == CLOUGH:
        clusters = json.loads((base / "gold_clusters.json").read_text(encoding="utf-8"))
        groups = {d: (None if c.startswith("single_") else c) for d, c in clusters.items()}
        return docs, groups, None
    groups, fracs = load_wire_gold(base / "gold.json")
    return docs, groups, fracs


def held_out_models(names) -> dict:
    """{corpus: path of a pair model trained without it}; built once, then cached."""
    folder = OUT / "wire" / "models"
    paths = {n: folder / f"pairs-without-{n}.npz" for n in names}
    if all(p.exists() for p in paths.values()):
        return paths
    from provenance.training import pairs as T
    print("training held-out pair models (once; cached in out/wire/models)...", flush=True)
    parts = T.build_dataset(shared_dir() / "data")
    folder.mkdir(parents=True, exist_ok=True)
    for n, p in paths.items():
        T.fit({k: v for k, v in parts.items() if k != n}).save(p)
    return paths


def run_provenance(name: str, docs: list, gold: dict, gold_frac: dict | None, args, model=None,
                   suffix: str = ""):
    """(trace records, seconds, label); the records are also written to out/wire/<name>/provenance.jsonl."""
    from provenance import trace

    inputs = [{k: d[k] for k in ("id", "text", "site", "url") if k in d} for d in docs]  # no gold fields
    t0 = time.perf_counter()
    kwargs = {"workers": args.workers}
    if model or args.model:
        kwargs["pair_model"] = str(model or args.model)
    records, label = list(trace(inputs, **kwargs).records), "provenance" + suffix
    sec = time.perf_counter() - t0
    path = OUT / "wire" / name / f"provenance{'-held-out' if model else ''}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return records, sec, label


def run_baseline(docs: list, gold: dict) -> tuple[dict, float]:
    """({threshold: scores + "sec"}, seconds for the whole sweep): MinHashLSH on the raw text.

    The signatures are computed once; a threshold's "sec" is signatures + its own LSH and components."""
    ids = [d["id"] for d in docs]
    t0 = time.perf_counter()
    sigs = minhashes(d["text"] for d in docs)
    sig_sec = time.perf_counter() - t0
    sweep = {}
    for th in THRESHOLDS:
        t0 = time.perf_counter()
        groups = lsh_groups(ids, sigs, th)
        sweep[th] = score_groups(gold, groups) | {"sec": sig_sec + time.perf_counter() - t0}
    return sweep, sig_sec + sum(v["sec"] - sig_sec for v in sweep.values())


def spearman(docs: list, fracs: dict) -> dict:
    """Spearman rho of derived_fraction vs reuse level over the answers, and the mean fraction per level."""
    from scipy.stats import spearmanr
    answers = [d for d in docs if d.get("category") in LEVEL and d["id"] in fracs]
    x = [fracs[d["id"]] for d in answers]
    y = [LEVEL[d["category"]] for d in answers]
    rho, p = spearmanr(x, y)
    means = {c: sum(fracs[d["id"]] for d in answers if d["category"] == c) /
             max(1, sum(d["category"] == c for d in answers)) for c in LEVEL}
    return {"rho": float(rho), "p": float(p), "n": len(answers), "means": means}


def f3(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def row(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def markdown(results: dict, args, load_before) -> str:
    wb = [c for c in results if c != CLOUGH]
    label = next((r["runs"][0]["label"] for r in results.values()), "provenance")
    lines = ["# Wire groups: provenance trace vs datasketch MinHashLSH on the raw text (templates left in)", "",
             f"{datetime.date.today()}, Python {platform.python_version()}, workers={args.workers}"
             f"{', pair_model=' + args.model if args.model else ''}; load average {load_before:.1f} before / "
             f"{os.getloadavg()[0]:.1f} after on {os.cpu_count()} cores. Scores: score_wire.py (official). "
             f"MinHashLSH: num_perm=128, word 5-gram shingles of the lowercased text, xxh32, groups = "
             f"connected components of candidate pairs; 'best' picks the threshold by F1 on the gold.", ""]
    if wb:
        lines += [row(["corpus", "method", "F1", "P", "R", "ARI", "fraction MAE", "pred pairs", "s"]),
                  row(["---"] * 9)]
        for c in wb:
            r = results[c]
            for run in r["runs"]:
                s = run["prov"]
                lines.append(row([c, run["label"], f3(s["f1"]), f3(s["precision"]), f3(s["recall"]),
                                  f3(s["ari"]), f3(s["mae"]), s["pred_pairs"], f"{run['sec']:.1f}"]))
            for name, th in (("best", r["best"]), ("", 0.5)):
                b = r["sweep"][th]
                lines.append(row([c, f"MinHashLSH {name} t={th}".replace("  ", " "), f3(b["f1"]),
                                  f3(b["precision"]), f3(b["recall"]), f3(b["ari"]), "–", b["pred_pairs"],
                                  f"{b['sec']:.1f}"]))
        lines.append("")
    if CLOUGH in results:
        r = results[CLOUGH]
        lines += [f"## {CLOUGH}: groups = source + cut/light/heavy answers of a task; 'non' answers alone", "",
                  row(["method", "F1", "P", "R", "ARI", "Spearman ρ (derived_fraction, reuse level)",
                       "s"]), row(["---"] * 7)]
        for run in r["runs"]:
            s, sp = run["prov"], run["spearman"]
            lines.append(row([run["label"], f3(s["f1"]), f3(s["precision"]), f3(s["recall"]), f3(s["ari"]),
                              f"{sp['rho']:.3f} (n={sp['n']}, p={sp['p']:.1e})", f"{run['sec']:.1f}"]))
        for name, th in (("best", r["best"]), ("", 0.5)):
            b = r["sweep"][th]
            lines.append(row([f"MinHashLSH {name} t={th}".replace("  ", " "), f3(b["f1"]), f3(b["precision"]),
                              f3(b["recall"]), f3(b["ari"]), "–", f"{b['sec']:.1f}"]))
        for run in r["runs"]:
            lines += ["", f"{run['label']}: mean derived_fraction by level: " +
                      ", ".join(f"{c} {m:.2f}" for c, m in run["spearman"]["means"].items())]
        lines.append("")
    lines += ["## MinHashLSH threshold sweep (F1 / ARI)", "",
              row(["corpus"] + [str(t) for t in THRESHOLDS]), row(["---"] * (len(THRESHOLDS) + 1))]
    for c, r in results.items():
        lines.append(row([c] + [f"{r['sweep'][t]['f1']:.3f} / {r['sweep'][t]['ari']:.3f}" for t in THRESHOLDS]))
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", choices=CORPORA, help="repeatable (default: all three)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--model", default=None, help="passed to trace() as pair_model=")
    ap.add_argument("--no-held-out", action="store_true", help="skip the held-out pair-model rows")
    args = ap.parse_args()
    held = {} if args.no_held_out else held_out_models(CORPORA)
    load_before = os.getloadavg()[0]
    results = {}
    for name in args.corpus or CORPORA:
        docs, gold, gold_frac = load_corpus(name)
        r = {"runs": []}
        for model, suffix in ((None, " (bundled model, saw this corpus)"),
                              (held.get(name), " (held out: model never saw this corpus)")):
            if suffix.startswith(" (held") and model is None:
                continue
            records, sec, label = run_provenance(name, docs, gold, gold_frac, args, model, suffix)
            groups, fracs = read_predictions(records)
            run = {"label": label, "sec": sec, "prov": score_groups(gold, groups, gold_frac, fracs)}
            if name == CLOUGH:
                run["spearman"] = spearman(docs, fracs)
            r["runs"].append(run)
        r["sweep"], sweep_sec = run_baseline(docs, gold)
        r["best"] = max(THRESHOLDS, key=lambda t: (r["sweep"][t]["f1"], -abs(t - 0.5)))
        results[name] = r
        b = r["sweep"][r["best"]]
        print(f"{name}: {len(docs)} docs; " + "; ".join(
              f"{run['label']} {run['sec']:.1f} s (F1 {run['prov']['f1']:.3f}, ARI {run['prov']['ari']:.3f})"
              for run in r["runs"]) + "; "
              f"MinHashLSH {sweep_sec:.1f} s for the sweep "
              f"(best t={r['best']}: F1 {b['f1']:.3f}, ARI {b['ari']:.3f})", flush=True)
    table = markdown(results, args, load_before)
    print()
    print(table)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "wire_quality.md").write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
