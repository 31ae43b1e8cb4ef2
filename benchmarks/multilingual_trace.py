#!/usr/bin/env python3
"""`provenance trace` on the multilingual wire corpora (provenance/training/multilingual/wire.py), per language.

For each language: the corpus is generated once per (seed, generator version) into
out/multilingual/wire/<lang>/ and reused; `provenance.trace(records, workers=...)` runs on the records as
the corpus has them (id, text, site, url, date, title: never a gold field), and is scored with the official
wire scorer (wire_common.score_groups: pairwise P/R/F1 over same-wire pairs, ARI, derived_fraction MAE)
beside datasketch MinHashLSH on the same raw text (wire_quality.run_baseline: best threshold by F1 and
t=0.5). Also reported:
- Spearman rho of derived_fraction vs the gold fraction, over the docs that have a gold wire;
- same-event in wire: share of the independently written same-event docs put in their story's wire
  group (they share names and numbers, no text: the gold says no);
- unrelated grouped: share of unrelated docs put in any wire group (site templates, stock phrases);
- origin: share of the stories whose agency page is in the corpus for which it is the predicted origin;
- largest predicted group (gold groups have at most 8 docs);
- event F1: pairwise F1 of event_group against the gold events that have a same-event doc (story, copies
  and the same-event doc; trace makes event groups only of more than one story);
- a second table: recall of derived docs by the edits made to them, over all languages (which are hardest).

Outputs: out/multilingual/trace/<lang>.jsonl (trace records), out/multilingual_trace.md (the tables).
Usage: python benchmarks/multilingual_trace.py [--lang fa ...] [--seed 0] [--workers 2] [--no-baseline]
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from wire_common import THRESHOLDS, read_jsonl, read_predictions, score_groups  # noqa: E402
from wire_quality import f3, row, run_baseline  # noqa: E402

from provenance import trace  # noqa: E402
from provenance.training.multilingual import wire as W  # noqa: E402

OUT = HERE / "out"
INPUT_FIELDS = ("id", "text", "site", "url", "date", "title")


def corpus(lang: str, seed: int) -> tuple[list[dict], dict]:
    """(docs, gold["docs"]) of one language, generated unless the cached copy has this seed and version."""
    d = W.OUT / lang
    gold_path = d / "gold.json"
    if gold_path.exists() and (d / "docs.jsonl").exists():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if gold.get("seed") == seed and gold.get("version") == W.GEN_VERSION:
            return list(read_jsonl(d / "docs.jsonl")), gold["docs"]
    W.generate(lang, seed, d)
    return corpus(lang, seed)


def pair_f1(gold: dict, pred: dict) -> float:
    """Pairwise F1 of two {id: group or None} maps (score_groups without the ARI)."""
    return score_groups(gold, pred)["f1"]


def extra_scores(gold: dict, records: list[dict], pred: dict, fracs: dict) -> dict:
    from scipy.stats import spearmanr
    with_wire = [d for d, g in gold.items() if g["wire"] is not None]
    x = [fracs.get(d, 0.0) for d in with_wire]
    y = [gold[d]["fraction"] for d in with_wire]
    rho = float(spearmanr(x, y)[0]) if len(set(x)) > 1 else None
    story_groups = defaultdict(Counter)  # gold wire -> predicted groups of its docs
    for d, g in gold.items():
        if g["wire"] is not None and pred.get(d) is not None:
            story_groups[g["event"]][pred[d]] += 1
    same = [d for d, g in gold.items() if g["role"] == "same-event"]
    wrong = sum(1 for d in same if pred.get(d) is not None and pred[d] in story_groups[gold[d]["event"]])
    unrel = [d for d, g in gold.items() if g["role"] == "unrelated"]
    sizes = Counter(g for g in pred.values() if g is not None)
    wires = [d for d, g in gold.items() if g["role"] == "wire"]
    origin = {r["id"]: bool(r.get("origin")) for r in records}
    # trace makes an event group only of more than one story (a wire group and an independent article):
    # the gold events that have a same-event doc, every other doc alone
    with_same = {gold[d]["event"] for d in same}
    ev_gold = {d: g["event"] if g["event"] in with_same else None for d, g in gold.items()}
    ev_pred = {r["id"]: r.get("event_group") for r in records}
    return {"spearman": rho, "same_event_in_wire": wrong / len(same) if same else None, "n_same": len(same),
            "unrelated_grouped": sum(pred.get(d) is not None for d in unrel) / max(1, len(unrel)),
            "origin": sum(origin.get(d, False) for d in wires) / max(1, len(wires)),
            "largest": max(sizes.values(), default=0), "event_f1": pair_f1(ev_gold, ev_pred)}


def found_by_edit(lang: str, gold: dict, pred: dict, tally: dict) -> None:
    """Per edit: how many derived docs carry it, and how many are in a predicted group with another
    doc of their story."""
    members = defaultdict(list)
    for d, g in gold.items():
        if g["wire"] is not None:
            members[g["wire"]].append(d)
    for d, g in gold.items():
        if g["role"] != "derived":
            continue
        ok = pred.get(d) is not None and any(pred.get(o) == pred[d] for o in members[g["wire"]] if o != d)
        for e in sorted(set(g.get("edits", [])) | {"all derived"}):
            for key in (e, (e, lang)):
                tally[key][0] += 1
                tally[key][1] += ok


def run_lang(lang: str, args, tally: dict) -> dict:
    docs, gold = corpus(lang, args.seed)
    gold_groups = {d: g["wire"] for d, g in gold.items()}
    gold_frac = {d: float(g["fraction"]) for d, g in gold.items()}
    inputs = [{k: d[k] for k in INPUT_FIELDS if k in d} for d in docs]
    t0 = time.perf_counter()
    records = list(trace(inputs, workers=args.workers).records)
    sec = time.perf_counter() - t0
    path = OUT / "multilingual" / "trace" / f"{lang}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    pred, fracs = read_predictions(records)
    res = {"lang": lang, "docs": len(docs), "groups": len({g for g in gold_groups.values() if g}),
           "sec": sec, "prov": score_groups(gold_groups, pred, gold_frac, fracs),
           "extra": extra_scores(gold, records, pred, fracs)}
    found_by_edit(lang, gold, pred, tally)
    if not args.no_baseline:
        res["sweep"], _ = run_baseline(docs, gold_groups)
        res["best"] = max(THRESHOLDS, key=lambda t: (res["sweep"][t]["f1"], -abs(t - 0.5)))
    return res


def markdown(results: list[dict], tally: dict, args, load_before: float) -> str:
    lines = ["# provenance trace on multilingual wire corpora (provenance/training/multilingual/wire.py)", "",
             f"{datetime.date.today()}, Python {platform.python_version()}, seed {args.seed}, generator "
             f"v{W.GEN_VERSION}, workers={args.workers}; load average {load_before:.1f} before / "
             f"{os.getloadavg()[0]:.1f} after on {os.cpu_count()} cores. Scores: score_wire.py (official); "
             "MinHashLSH as in wire_quality.py ('best' picks its threshold by F1 on the gold). "
             "same-ev→wire: same-event docs put in their story's wire group; unrel grouped: unrelated docs "
             "in any wire group; origin: agency pages predicted as their group's origin; max grp: largest "
             "predicted group (gold: at most 8).", "",
             row(["lang", "docs", "groups", "F1", "P", "R", "ARI", "frac MAE", "Spearman", "same-ev→wire",
                  "unrel grouped", "origin", "max grp", "event F1", "s", "LSH best F1 (t)", "LSH t=0.5 F1",
                  "LSH best ARI"]), row(["---"] * 18)]
    for r in results:
        s, x = r["prov"], r["extra"]
        if "sweep" in r:
            b, h = r["sweep"][r["best"]], r["sweep"][0.5]
            lsh = [f"{b['f1']:.3f} ({r['best']})", f3(h["f1"]), f3(b["ari"])]
        else:
            lsh = ["–"] * 3
        lines.append(row([r["lang"], r["docs"], r["groups"], f3(s["f1"]), f3(s["precision"]), f3(s["recall"]),
                          f3(s["ari"]), f3(s["mae"]), f3(x["spearman"]), f3(x["same_event_in_wire"]),
                          f3(x["unrelated_grouped"]), f3(x["origin"]), x["largest"], f3(x["event_f1"]),
                          f"{r['sec']:.1f}"] + lsh))
    if len(results) > 1:
        mean = lambda f: sum(f(r) for r in results) / len(results)  # noqa: E731
        lines.append(row(["**mean**", "", "", f3(mean(lambda r: r["prov"]["f1"])), "", "",
                          f3(mean(lambda r: r["prov"]["ari"])), "", "", "", "", "", "", "", "",
                          f3(mean(lambda r: r["sweep"][r["best"]]["f1"])) if "sweep" in results[0] else "–",
                          "", ""]))
    langs = [r["lang"] for r in results]
    lines += ["", "## Derived docs found (in a predicted group with another doc of their story), by edit", "",
              "A copy usually has several edits; 'found' is over every copy that has the edit.", "",
              row(["edit", "derived docs", "found"] + langs), row(["---"] * (3 + len(langs)))]
    edits = [k for k in tally if isinstance(k, str)]
    for e in sorted(edits, key=lambda k: tally[k][1] / max(1, tally[k][0])):
        n, ok = tally[e]
        per = [f"{tally[(e, x)][1] / tally[(e, x)][0]:.2f}" if tally[(e, x)][0] else "–" for x in langs]
        lines.append(row([e, n, f3(ok / max(1, n))] + per))
    return "\n".join(lines) + "\n"


def main() -> None:
    # the generator's folders (benchmarks/out/multilingual, ../shared) are relative to the
    # repository root: run from anywhere
    os.chdir(HERE.parent)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", action="append", choices=W.LANGS, help="repeatable (default: all 12)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-baseline", action="store_true", help="skip the MinHashLSH sweep")
    args = ap.parse_args()
    load_before = os.getloadavg()[0]
    tally = defaultdict(lambda: [0, 0])
    results = []
    for lang in args.lang or W.LANGS:
        r = run_lang(lang, args, tally)
        results.append(r)
        print(f"{lang}: {r['docs']} docs, trace {r['sec']:.1f} s, F1 {r['prov']['f1']:.3f}, ARI "
              f"{r['prov']['ari']:.3f}" + (f"; MinHashLSH best F1 {r['sweep'][r['best']]['f1']:.3f}"
                                          if "sweep" in r else ""), flush=True)
    table = markdown(results, tally, args, load_before)
    print()
    print(table)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "multilingual_trace.md").write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
