"""provenance's cleaner on the generated multilingual news pages, per language x format.

    python -m provenance.training.multilingual.pages            # once: writes benchmarks/out/multilingual/pages.jsonl.gz
    python benchmarks/multilingual_clean.py            # validation split (unseen sites and articles)
    python benchmarks/multilingual_clean.py --split all --lang fa --lang ar --limit 50

Pages come from ``provenance.training.multilingual.pages.load`` (generated on the fly if the file is
missing) and are cleaned through the public API, ``Cleaner().clean_many`` in batches of 64 with
each page's own kind ("html"/"text"). Table -> stdout and ``benchmarks/out/multilingual_clean.md``.

Columns (per page, then averaged over the pages of a row; "micro" columns sum over the row):
- body kept: multiset token recall of the gold body in the output text.
- P / R / F1: token precision, recall, F1 of the output text against the gold body.
- tmpl removed (micro): share of the page's ``template_lines`` absent from the output, the
  headline (kind "title") excepted: it is scored by the title column; the per-kind table below
  the main one also shows how often the headline stays in the text.
- title / date: exact title match (NFKC, whitespace-normalised; pages with a gold title) and
  ISO-day match of ``Document.date``.

Tokens: NFKC, lowercased runs of letters, digits and combining marks (``\\w`` alone would cut
Devanagari/Bengali words at their vowel signs); every Han, Hiragana, Katakana or Thai character
is a token of its own.

Leak rule (when a template line counts as present): the output is cut into lines; a line that is
a substring of the gold body is body (template words inside prose never count); from the other
lines every gold body paragraph/line (of 20+ characters) is cut out, and the leftover pieces are
the non-body text. Template lines are then matched longest first, each match consuming its
occurrence (so "Share" is not counted again inside a leaked "Share on Facebook"): present if it
equals a piece, occurs in one at word boundaries (no boundary check for Han/kana/Thai), or its
first or last 90% of characters does. Glued datelines are thus found once the first paragraph is
cut out of its line.
"""
from __future__ import annotations

import argparse
import os
import collections
import re
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from provenance.training.multilingual.pages import OUT, load  # noqa: E402
from benchmarks.scoring import REPO_ROOT  # noqa: E402

BATCH = 64
MD = REPO_ROOT / "benchmarks" / "out" / "multilingual_clean.md"
_CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u0e00-\u0e7f"


def _mark_class() -> str:
    ranges, start = [], None
    for cp in range(0x300, 0x20000):
        is_mark = unicodedata.category(chr(cp))[0] == "M"
        if is_mark and start is None:
            start = cp
        elif not is_mark and start is not None:
            ranges.append((start, cp - 1))
            start = None
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if b > a else f"\\u{a:04x}" for a, b in ranges if b < 0x10000)


TOKEN = re.compile(f"[{_CJK}]|(?:(?![{_CJK}])[^\\W_]|[{_mark_class()}])+")
_CJK_RE = re.compile(f"[{_CJK}]")


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip().casefold()


def tokens(text: str) -> list[str]:
    return TOKEN.findall(norm(text))


def prf(gold: str, out: str) -> tuple[float, float, float]:
    g, o = collections.Counter(tokens(gold)), collections.Counter(tokens(out))
    common = sum((g & o).values())
    p = common / sum(o.values()) if o else (1.0 if not g else 0.0)
    r = common / sum(g.values()) if g else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _bounded(piece: str, t: str, i: int) -> bool:
    if _CJK_RE.search(t):
        return True
    before = piece[i - 1] if i > 0 else " "
    after = piece[i + len(t)] if i + len(t) < len(piece) else " "
    return not (before.isalnum() or after.isalnum())


def _find(pieces: list[str], t: str):
    """(piece index, start, length) of template text t in the pieces, or None."""
    k = max(1, -(-len(t) * 9 // 10))
    for cand in (t, t[:k], t[len(t) - k:]) if len(t) >= 10 else (t,):
        for j, piece in enumerate(pieces):
            i = piece.find(cand)
            while i >= 0:
                if _bounded(piece, cand, i):
                    return j, i, len(cand)
                i = piece.find(cand, i + 1)
    return None


def template_present(page: dict, out_text: str) -> list[bool]:
    """For each template line of the page, whether it leaked into the output (see the docstring)."""
    gold_n = norm(page["gold"])
    body = sorted({norm(x) for x in page["body_lines"] + page["gold"].split("\n\n") if len(x) >= 20},
                  key=len, reverse=True)
    pieces = []
    for line in out_text.split("\n"):
        line = norm(line)
        if not line or line in gold_n:
            continue
        for b in body:
            if b in line:
                line = line.replace(b, "\x00")
        pieces += [p.strip() for p in line.split("\x00") if p.strip()]
    tl = page["template_lines"]
    present = [False] * len(tl)
    for idx in sorted(range(len(tl)), key=lambda i: -len(tl[i]["text"])):
        t = norm(tl[idx]["text"])
        hit = _find(pieces, t) if t else None
        if hit:
            j, i, n = hit
            present[idx] = True
            rest = pieces[j][:i] + "\x00" + pieces[j][i + n:]
            pieces[j:j + 1] = [p.strip() for p in rest.split("\x00") if p.strip()]
    return present


def evaluate(pages: list[dict], docs) -> dict:
    rows = collections.defaultdict(lambda: collections.defaultdict(float))
    kinds = collections.defaultdict(lambda: [0, 0])
    for page, doc in zip(pages, docs):
        text = doc.text or ""
        r = rows[(page["lang"], page["format"])]
        p, rec, f = prf(page["gold"], text)
        r["n"] += 1
        r["kept"] += rec
        r["p"] += p
        r["f1"] += f
        leaked = template_present(page, text)
        for tline, hit in zip(page["template_lines"], leaked):
            k = kinds[(tline["kind"], page["format"])]
            k[0] += 1
            k[1] += not hit
            if tline["kind"] != "title":
                r["tmpl"] += 1
                r["removed"] += not hit
        if page["title"]:
            r["n_title"] += 1
            r["title"] += norm(doc.title or "") == norm(page["title"])
        r["date"] += (doc.date or "")[:10] == page["date"]
    return {"rows": rows, "kinds": kinds}


def _pct(a: float, b: float) -> str:
    return f"{a / b:.3f}" if b else "–"


def table(res: dict) -> str:
    rows, kinds = res["rows"], res["kinds"]
    out = ["| lang | format | pages | body kept | P | R | F1 | tmpl removed | title | date |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    tot = collections.defaultdict(lambda: collections.defaultdict(float))
    for (lang, fmt), r in sorted(rows.items()):
        for k, v in r.items():
            tot[fmt][k] += v
        out.append(_row(lang, fmt, r))
    for fmt, r in sorted(tot.items()):
        out.append(_row("**all**", fmt, r))
    out += ["", "| kind | format | lines | removed |", "|---|---|---|---|"]
    for (kind, fmt), (n, removed) in sorted(kinds.items()):
        out.append(f"| {kind} | {fmt} | {n} | {_pct(removed, n)} |")
    return "\n".join(out)


def _row(lang: str, fmt: str, r) -> str:
    n = r["n"]
    return (f"| {lang} | {fmt} | {int(n)} | {_pct(r['kept'], n)} | {_pct(r['p'], n)} | "
            f"{_pct(r['kept'], n)} | {_pct(r['f1'], n)} | {_pct(r['removed'], r['tmpl'])} | "
            f"{_pct(r['title'], r['n_title'])} | {_pct(r['date'], n)} |")


def main(argv=None) -> int:
    # the generator's folders (benchmarks/out/multilingual, ../shared) are relative to the
    # repository root: run from anywhere
    os.chdir(REPO_ROOT)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="validation", choices=("train", "validation", "all"))
    ap.add_argument("--lang", action="append", help="only these languages (repeatable)")
    ap.add_argument("--format", choices=("text", "html"), help="only this format")
    ap.add_argument("--limit", type=int, help="at most this many pages per language and format")
    ap.add_argument("--pages", type=Path, default=OUT / "pages.jsonl.gz")
    ap.add_argument("--out", type=Path, default=MD)
    args = ap.parse_args(argv)
    from provenance import Cleaner

    seen = collections.Counter()
    pages = []
    for page in load(split=args.split, fmt=args.format, path=args.pages):
        key = (page["lang"], page["format"])
        if (args.lang and page["lang"] not in args.lang) or (args.limit and seen[key] >= args.limit):
            continue
        seen[key] += 1
        pages.append(page)
    cleaner = Cleaner()
    t0, docs = time.perf_counter(), []
    for i in range(0, len(pages), BATCH):
        batch = pages[i:i + BATCH]
        docs += cleaner.clean_many([(p["id"], p["content"], p["format"]) for p in batch])
    secs = time.perf_counter() - t0
    md = (f"# provenance clean on generated multilingual pages ({args.split} split)\n\n"
          f"{len(pages)} pages, cleaned in {secs:.1f} s. Generator: `provenance/training/multilingual/pages.py`; "
          f"metrics and the leak rule: `benchmarks/multilingual_clean.py` docstring.\n\n"
          + table(evaluate(pages, docs)) + "\n")
    print(md)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(md, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
