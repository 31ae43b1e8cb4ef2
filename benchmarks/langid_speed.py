#!/usr/bin/env python3
"""Language identification: provenance.language against py3langid, load time, per-text time, accuracy.

Why: every output record gets a `lang` from py3langid's shipped model, and the cleaner runs at
about 2,000 pages/s per core, so the identifier must start fast and cost a small part of a
page, and it must give py3langid's answers. This script measures

* the first use of a fresh process (import, then the first call): py3langid (it decompresses its
  model), provenance with an empty cache (decompress once, write the cache), with the cache
  (map it), with an unwritable cache (decompress into memory), and with PROVENANCE_PURE_PYTHON=1
  (cache, py3langid's own classify on the mapped arrays);
* the time per text for samples of 100/300/500/600/1000 characters of real news bodies:
  `identify_many` (one batch), `identify` (one call per text), the reference path
  (`identify_reference`), py3langid's `LanguageIdentifier.classify`; best of --repeat passes;
* accuracy per language on `news.jsonl` of the shared multilingual folder (3,160 bodies in 12
  languages) for several sample lengths and on short lines (30-80 characters, what template
  lines are), for provenance and py3langid, with the number of answers that differ and the
  number of texts the compiled scores left to the exact numpy path.

py3langid here is the real one: `LanguageIdentifier.from_model_file` on its own file, its
labels mapped by `iso639_1` (arz → ar, …) so that both columns speak ISO 639-1.
Usage: python benchmarks/langid_speed.py [--per-lang N] [--repeat 3] [--no-load]
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from scoring import shared_dir

LENGTHS = (30, 100, 200, 300, 400, 500, 600, 1000, None)
TIMED = (100, 300, 500, 600, 1000)

_FIRST_USE = r"""
import time
t0 = time.perf_counter()
import provenance
from provenance.language import identify
t1 = time.perf_counter()
identify("Die Bundesregierung hat am Mittwoch neue Maßnahmen beschlossen.")
t2 = time.perf_counter()
import importlib
m = importlib.import_module("provenance.language.identify")
print(t1 - t0, t2 - t1, m.model_source(), m.uses_compiled())
"""

_PY3LANGID_FIRST_USE = r"""
import time
t0 = time.perf_counter()
import numpy, py3langid
t1 = time.perf_counter()
py3langid.classify("Die Bundesregierung hat am Mittwoch neue Maßnahmen beschlossen.")
t2 = time.perf_counter()
print(t1 - t0, t2 - t1, "-", "-")
"""


def _run(code: str, env: dict) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()


def load_times(repeat: int) -> None:
    print("## First use in a fresh process (seconds; median of", repeat, "runs)\n")
    print("| what | import | first call | model from | compiled |")
    print("|---|---|---|---|---|")
    base = {k: v for k, v in os.environ.items() if k not in ("PROVENANCE_PURE_PYTHON", "PROVENANCE_CACHE_DIR")}
    with tempfile.TemporaryDirectory() as tmp:
        blocker = Path(tmp) / "a-file"
        blocker.write_text("")
        rows = []
        for label, code, env, fresh in (
                ("py3langid 0.4 (decompresses its model)", _PY3LANGID_FIRST_USE, base, False),
                ("provenance, empty cache (first-ever use)", _FIRST_USE, base, True),
                ("provenance, cached", _FIRST_USE, base, False),
                ("provenance, cache not writable (in memory)", _FIRST_USE,
                 {**base, "PROVENANCE_CACHE_DIR": str(blocker / "cache")}, False),
                ("provenance, cached, PROVENANCE_PURE_PYTHON=1", _FIRST_USE, {**base, "PROVENANCE_PURE_PYTHON": "1"}, False)):
            runs = []
            for i in range(repeat):
                e = dict(env)
                if "PROVENANCE_CACHE_DIR" not in e:
                    e["PROVENANCE_CACHE_DIR"] = str(Path(tmp) / (f"fresh{i}" if fresh else "shared"))
                if not fresh and "shared" in e["PROVENANCE_CACHE_DIR"] and not (Path(tmp) / "shared").exists():
                    _run(_FIRST_USE, e)                     # build it once, untimed
                runs.append(_run(code, e))
            imp = statistics.median(float(r[0]) for r in runs)
            first = statistics.median(float(r[1]) for r in runs)
            rows.append((label, imp, first, runs[-1][2], runs[-1][3]))
        for label, imp, first, source, comp in rows:
            print(f"| {label} | {imp:.3f} | {first:.3f} | {source} | {comp} |")
    print()


def short_lines(text: str, limit: int = 3) -> list[str]:
    """Up to `limit` lines of 30-80 characters; for bodies without line breaks, the first
    80 characters of the body cut back to a space."""
    lines = [ln.strip() for ln in text.split("\n")]
    found = [ln for ln in lines if 30 <= len(ln) <= 80][:limit]
    if not found:
        head = text.strip()[:80]
        if len(head) == 80 and " " in head[30:]:
            head = head[:head.rindex(" ")]
        if len(head) >= 30:
            found = [head.strip()]
    return found


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-lang", type=int, default=0, help="at most N bodies per language (0: all)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-load", action="store_true", help="skip the fresh-process load measurements")
    a = ap.parse_args()

    path = shared_dir() / "data" / "multilingual" / "news.jsonl"
    recs, per = [], defaultdict(int)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if a.per_lang and per[r["lang"]] >= a.per_lang:
                continue
            per[r["lang"]] += 1
            recs.append(r)
    langs = sorted(per)

    if not a.no_load:
        load_times(a.repeat)

    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    from provenance.language import identify, identify_many
    ident = importlib.import_module("provenance.language.identify")
    t0 = time.perf_counter()
    theirs_model = LanguageIdentifier.from_model_file(MODEL_FILE)
    t_theirs = time.perf_counter() - t0
    t0 = time.perf_counter()
    identify("x")
    t_ours = time.perf_counter() - t0
    state = ident._state()
    model = ident._compiled_model(state)
    print(f"In this process: py3langid's model loaded in {t_theirs:.3f} s; provenance's first call "
          f"{t_ours:.3f} s (model from {state.tables.source}, compiled: {model is not None}"
          f"{', kernel ' + model.kernel_name if model is not None else ''}).\n")

    def theirs(sample: str) -> str:
        return ident.iso639_1(theirs_model.classify(sample)[0])

    # per-text time
    texts = [r["text"] for r in recs]
    print(f"## Time per text (µs; {len(texts)} news bodies, best of {a.repeat} passes)\n")
    print("| sample | identify_many | identify | reference path | py3langid classify | speed-up (many) |")
    print("|---|---|---|---|---|---|")
    for n in TIMED:
        samples = [t[:n] for t in texts]
        best = {}
        for _ in range(a.repeat):
            for key, fn in (("many", lambda: identify_many(samples, None)),
                            ("one", lambda: [identify(s, None) for s in samples]),
                            ("ref", lambda: [ident.identify_reference(s, None) for s in samples]),
                            ("theirs", lambda: [theirs_model.classify(s) for s in samples])):
                t0 = time.perf_counter()
                fn()
                best[key] = min(best.get(key, 1e9), (time.perf_counter() - t0) / len(samples) * 1e6)
        print(f"| {n} chars | {best['many']:.1f} | {best['one']:.1f} | {best['ref']:.1f} | {best['theirs']:.1f} "
              f"| {best['theirs'] / best['many']:.1f}× |")
    print()

    # accuracy by sample length
    def table(title: str, items: list[tuple[str, str]], lengths) -> None:
        print(f"## {title}\n")
        head = " | ".join(f"{'all' if n is None else n}" for n in lengths)
        print(f"| language | n | {head} |")
        print("|---|---|" + "---|" * len(lengths))
        acc = {}
        differ = defaultdict(int)
        ambiguous = defaultdict(int)
        und = defaultdict(int)
        for n in lengths:
            samples = [t if n is None else t[:n] for _, t in items]
            ours = identify_many(samples, None)
            ref = [theirs(s) for s in samples]
            if model is not None:
                res = model.classify_many(samples, [ident.encode(s) for s in samples])
                ambiguous[n] = int((res == -2).sum())
            for (gold, _), o, r in zip(items, ours, ref):
                acc.setdefault((gold, n), [0, 0, 0])
                acc[gold, n][0] += o == gold
                acc[gold, n][1] += r == gold
                acc[gold, n][2] += 1
                differ[n] += o != r
                und[n] += o == ident.UND
        for lang in langs + ["all"]:
            cells = []
            for n in lengths:
                if lang == "all":
                    o = sum(acc[g, n][0] for g in langs)
                    r = sum(acc[g, n][1] for g in langs)
                    k = sum(acc[g, n][2] for g in langs)
                else:
                    o, r, k = acc[lang, n]
                cells.append(f"{o / k:.3f}" if o == r else f"{o / k:.3f} (py3langid {r / k:.3f})")
            count = sum(acc[g, lengths[0]][2] for g in langs) if lang == "all" else acc[lang, lengths[0]][2]
            print(f"| {lang} | {count} | " + " | ".join(cells) + " |")
        print("| answers ≠ py3langid | | " + " | ".join(str(differ[n]) for n in lengths) + " |")
        print("| of which \"und\" (no letter) | | " + " | ".join(str(und[n]) for n in lengths) + " |")
        if model is not None:
            print("| exact numpy path used | | " + " | ".join(str(ambiguous[n]) for n in lengths) + " |")
        print()

    table("Accuracy by sample length (first N characters of the body; one value where provenance "
          "= py3langid)", [(r["lang"], r["text"]) for r in recs], LENGTHS)
    lines = [(r["lang"], ln) for r in recs for ln in short_lines(r["text"])]
    table("Accuracy on short lines (30-80 characters, the body's language as gold)", lines, (None,))
    seen = defaultdict(int)
    for _, ln in lines:
        seen[ln] += 1
    table("Short lines without the repeated ones (a line in 3+ bodies is site furniture, "
          "e.g. id's English 'SCROLL TO CONTINUE WITH CONTENT', not the body's language)",
          [(g, ln) for g, ln in lines if seen[ln] < 3], (None,))


if __name__ == "__main__":
    main()
