"""Date lines and text dates on the generated multilingual pages: recall, false positives, speed.

What it measures, per language and split (``benchmarks/multilingual/pages.py`` pages, which
must exist: ``python -m benchmarks.multilingual.pages``):

- recall: the share of the pages' stand-alone date lines (template lines of kind "date" that are
  a block of their own, i.e. not ``glued``) that `is_date_line` recognises;
- body FP: the share of body lines (the gold article text, line by line) it wrongly calls date
  lines (the same ≤ 90-character, has-a-digit gate as the block typer);
- glued cut: the share of dates glued to the first body line ("Published: 23 August 2025 Text…",
  "تاريخ النشر: 24/07/2015 …", "date 2015-07-24 …") that `cut_metadata_prefix` cuts exactly; a
  story's dateline ("Graz, 12. Dezember (dpa) –", "【福岡共同】") is part of the story for the
  cutter and is counted apart (``dateline cut``, expected ~0);
- parse: the share of stand-alone date lines whose `parse_date` is the page's date (a date line
  may be an "updated" date, so 100% is not the ceiling of a right parser, but near it);
- speed: µs per call of `is_date_line` (its memo bypassed) on every line ≤ 90 characters with a
  digit of the text pages (the calls the plain-text hot path makes), ASCII and not, and of
  `parse_date` on the date lines.

Develop on ``--split train``; the validation split is for reporting (its sites' phrasings are
used by no train site). Usage::

    python benchmarks/date_lines.py [--split train|validation|all] [--show-misses N] [--show-fp N]
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.multilingual.pages import load  # noqa: E402
from provenance.metadata.dates import parse_date  # noqa: E402
from provenance.segment.dates import is_date_line  # noqa: E402
from provenance.segment.text import cut_metadata_prefix  # noqa: E402

_raw_is_date_line = getattr(is_date_line, "__wrapped__", is_date_line)


def _is_story_dateline(text: str) -> bool:
    """A wire story's dateline ("Graz, 12. Dezember (dpa) –", "【福岡共同】", "کراچی (ثناء نیوز)"):
    an agency in brackets, or no digit at all."""
    return ("(" in text and ")" in text and not any(w in text for w in (":", "/"))) \
        or "【" in text or not any(c.isdigit() for c in text)


def _candidate(text: str) -> bool:
    return len(text) <= 90 and any(c.isdigit() for c in text)


def evaluate(split: str, show_misses: int = 0, show_fp: int = 0) -> dict:
    stats = collections.defaultdict(collections.Counter)
    misses = collections.defaultdict(list)
    fps = collections.defaultdict(list)
    for page in load(split=split):
        lang, st = page["lang"], stats[page["lang"]]
        content_lines = set(page["content"].split("\n"))
        for t in page["template_lines"]:
            if t["kind"] != "date":
                continue
            text = t["text"]
            if t.get("glued"):
                first = text + " " + page["body_lines"][0].split("\n")[0]
                if first not in content_lines:
                    continue
                rest, key, value = cut_metadata_prefix(first)
                exact = key is not None and rest == first[len(text):].strip()
                if _is_story_dateline(text):
                    st["dateline"] += 1
                    st["dateline_cut"] += key is not None
                else:
                    st["glued"] += 1
                    st["glued_cut"] += exact
                    if not exact and len(misses[lang]) < show_misses:
                        misses[lang].append("GLUED " + text)
                continue
            if _is_story_dateline(text):
                st["dateline_alone"] += 1
                continue
            st["date"] += 1
            ok = is_date_line(text)
            st["recalled"] += ok
            if not ok and len(misses[lang]) < show_misses:
                misses[lang].append(text)
            if page.get("date"):
                st["parse_n"] += 1
                st["parse_ok"] += parse_date(text) == page["date"]
        for b in page["body_lines"]:
            for line in b.split("\n"):
                st["body"] += 1
                if _candidate(line):
                    st["body_cand"] += 1
                    if is_date_line(line):
                        st["body_fp"] += 1
                        if len(fps[lang]) < show_fp:
                            fps[lang].append(line)
    for name, shown in (("misses", misses), ("body FP", fps)):
        for lang in sorted(shown):
            if shown[lang]:
                print(f"-- {name} {lang}:", *shown[lang], sep="\n   ")
    return stats


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}" if b else "-"


def table(stats: dict, split: str) -> str:
    rows = [f"### split {split}", "",
            "| lang | date lines | recall % | parse = page date % | glued cut % (n) | dateline cut (n) "
            "| body lines | body FP (of ≤90 with digit) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    total = collections.Counter()
    for lang in sorted(stats):
        s = stats[lang]
        total.update(s)
        rows.append(f"| {lang} | {s['date']} | {_pct(s['recalled'], s['date'])} | "
                    f"{_pct(s['parse_ok'], s['parse_n'])} | {_pct(s['glued_cut'], s['glued'])} ({s['glued']}) | "
                    f"{s['dateline_cut']} ({s['dateline']}) | {s['body']} | {s['body_fp']} ({s['body_cand']}) |")
    s = total
    rows.append(f"| **all** | {s['date']} | {_pct(s['recalled'], s['date'])} | "
                f"{_pct(s['parse_ok'], s['parse_n'])} | {_pct(s['glued_cut'], s['glued'])} ({s['glued']}) | "
                f"{s['dateline_cut']} ({s['dateline']}) | {s['body']} | {s['body_fp']} ({s['body_cand']}) |")
    return "\n".join(rows)


def speed(split: str = "train", repeat: int = 3) -> str:
    """µs per call on the text pages' candidate lines (unique, memo bypassed) and on date lines."""
    lines, dates = set(), set()
    for page in load(split=split, fmt="text"):
        for ln in page["content"].split("\n"):
            if _candidate(ln):
                lines.add(ln)
        for t in page["template_lines"]:
            if t["kind"] == "date" and not t.get("glued"):
                dates.add(t["text"])
    lines, dates = sorted(lines), sorted(dates)
    out = []
    for name, sample in (("ascii", [x for x in lines if x.isascii()]),
                         ("non-ascii", [x for x in lines if not x.isascii()])):
        best = min(_time(_raw_is_date_line, sample) for _ in range(repeat))
        out.append(f"is_date_line, {name} candidate lines (n={len(sample)}): {best:.2f} µs/call")
    for name, sample in (("ascii", [x for x in dates if x.isascii()]),
                         ("non-ascii", [x for x in dates if not x.isascii()])):
        best = min(_time(_raw_is_date_line, sample) for _ in range(repeat))
        out.append(f"is_date_line, {name} date lines (n={len(sample)}): {best:.2f} µs/call")
        best = min(_time(parse_date, sample) for _ in range(repeat))
        out.append(f"parse_date, {name} date lines (n={len(sample)}): {best:.2f} µs/call")
    return "\n".join(out)


def _time(fn, sample) -> float:
    t0 = time.perf_counter()
    for x in sample:
        fn(x)
    return (time.perf_counter() - t0) / max(1, len(sample)) * 1e6


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="train", choices=("train", "validation", "all"))
    ap.add_argument("--show-misses", type=int, default=0)
    ap.add_argument("--show-fp", type=int, default=0)
    ap.add_argument("--no-speed", action="store_true")
    args = ap.parse_args(argv)
    splits = ("train", "validation") if args.split == "all" else (args.split,)
    for split in splits:
        print(table(evaluate(split, args.show_misses, args.show_fp), split), "\n")
    if not args.no_speed:
        print(speed("train"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
