"""Metadata accuracy: title, date and author of provenance and trafilatura on hand-labelled pages.

Gold: benchmarks/metadata_gold/{test,dev}.jsonl, hand-labelled wcxb-dev articles (see the
README there): test = every article of the held-out validation domains, dev = 80 articles of
training domains (the set the rules were developed on). Both tools get the same HTML bytes and
no URL (provenance's `clean` takes none; trafilatura would also read dates from a URL).

Matching (documented; the same for both tools):
- title: exact after normalisation (Unicode NFKC, curly quotes/dashes → ASCII, whitespace
  collapsed, case folded, trailing punctuation and spaces stripped); "relaxed": one of the two
  normalised strings contains the other (neither empty).
- date: the exact ISO day (YYYY-MM-DD); a null gold date needs a null prediction.
- author: the set of names (split at ",", ";", "&", " and "; lower case, whitespace collapsed,
  dots dropped) equal to the gold set; "relaxed": the sets share a name, or one name contains the
  other (e.g. "sarah schwartz" in "sarah schwartz staff writer"). A null gold author needs a null
  prediction (both columns).

Usage: python benchmarks/metadata.py [--set test|dev] [--limit N] [--show-errors]
Writes benchmarks/out/metadata.md (the table of the sets run).
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scoring import import_repo_module, shared_dir  # noqa: E402

GOLD = HERE / "metadata_gold"
OUT = HERE / "out"
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-",
                         "\u00a0": " "})


def norm_title(s) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", str(s)).translate(_QUOTES)
    return " ".join(s.split()).casefold().strip(" .:;,!")


def names(s) -> set[str]:
    if not s:
        return set()
    parts = re.split(r"\s*(?:,|;|&|\band\b)\s*", unicodedata.normalize("NFKC", str(s)))
    return {" ".join(p.replace(".", "").lower().split()) for p in parts if p.strip()}


def score(gold: dict, pred: dict) -> dict:
    gt, pt = norm_title(gold["title"]), norm_title(pred.get("title"))
    ga, pa = names(gold["author"]), names(pred.get("author"))
    relaxed_author = (not ga and not pa) or bool(ga and pa and (
        ga & pa or any(g in p or p in g for g in ga for p in pa)))
    return {
        "title": gt == pt,
        "title_relaxed": bool(gt and pt and (gt in pt or pt in gt)),
        "date": (gold["date"] or None) == (pred.get("date") or None),
        "author": ga == pa,
        "author_relaxed": relaxed_author,
    }


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in open(GOLD / f"{name}.jsonl", encoding="utf-8") if line.strip()]


def html_of(page_id: str) -> bytes:
    base = shared_dir() / "data" / "boilerplate" / "wcxb-dev"
    return gzip.open(base / "html" / f"{page_id}.html.gz").read()


def run_provenance(pages: list[tuple[str, bytes]]):
    provenance = import_repo_module("provenance")
    cleaner = provenance.Cleaner()
    out, t0 = {}, time.perf_counter()
    for pid, html in pages:
        d = cleaner.clean(html, pid, "html")
        out[pid] = {"title": d.title, "date": d.date, "author": d.author}
    return out, time.perf_counter() - t0


def run_trafilatura(pages: list[tuple[str, bytes]]):
    import trafilatura

    out, t0 = {}, time.perf_counter()
    for pid, html in pages:
        m = trafilatura.extract_metadata(html)
        out[pid] = {"title": m.title if m else None, "date": m.date if m else None,
                    "author": m.author if m else None}
    return out, time.perf_counter() - t0


COLUMNS = ("title", "title_relaxed", "date", "author", "author_relaxed")


def table(rows: list[tuple[str, str, int, dict, float]]) -> str:
    lines = ["| set | tool | pages | title | title (relaxed) | date | author | author (relaxed) | ms/page |",
             "|---|---|---|---|---|---|---|---|---|"]
    for set_name, tool, n, acc, secs in rows:
        cells = " | ".join(f"{acc[c]:.3f}" for c in COLUMNS)
        lines.append(f"| {set_name} | {tool} | {n} | {cells} | {1000 * secs / max(n, 1):.1f} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", choices=("test", "dev", "both"), default="test")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--show-errors", action="store_true", help="print provenance's misses (dev only!)")
    ap.add_argument("--no-trafilatura", action="store_true")
    args = ap.parse_args()
    sets = ("test", "dev") if args.set == "both" else (args.set,)
    rows = []
    for set_name in sets:
        gold = load(set_name)[: args.limit]
        pages = [(g["id"], html_of(g["id"])) for g in gold]
        tools = [("provenance", run_provenance)]
        if not args.no_trafilatura:
            tools.append(("trafilatura", run_trafilatura))
        for tool, fn in tools:
            pred, secs = fn(pages)
            scores = [score(g, pred[g["id"]]) for g in gold]
            acc = {c: sum(s[c] for s in scores) / len(scores) for c in COLUMNS}
            rows.append((set_name, tool, len(gold), acc, secs))
            if args.show_errors and tool == "provenance":
                for g, s in zip(gold, scores):
                    bad = [c for c in ("title", "date", "author") if not s[c]]
                    for c in bad:
                        print(f"{set_name} {g['id']} {c}: gold={g[c]!r} got={pred[g['id']][c]!r}")
    md = table(rows)
    print(md)
    OUT.mkdir(exist_ok=True)
    (OUT / "metadata.md").write_text(
        "Metadata accuracy (benchmarks/metadata.py; matching rules in its docstring)\n\n" + md + "\n",
        encoding="utf-8")


if __name__ == "__main__":
    main()
