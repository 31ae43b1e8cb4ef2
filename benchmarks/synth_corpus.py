#!/usr/bin/env python3
"""Synthetic wire-reuse corpora of any size, streamed to disk, with a wirebench-shaped gold.json.

Why: wirebench has 557 docs; scaling `provenance trace` to 10^4..10^6 docs needs corpora of that size whose
reuse groups are known. Each doc is ~3 KB: a site template (about 50 sites, 5-10 lines each: navigation,
share buttons, newsletter and copyright lines, so unrelated pages of one site share text, as in real
scrapes), a dated header, and a body of Zipfian word draws (the word frequencies of the wirebench texts,
else a built-in pseudo-word list) in sentences of 8-25 words and paragraphs of 2-6 sentences.
~20% of the docs are in reuse groups of 2-6: one source ("wire", fraction 1.0) and copies that keep
40-100% of its paragraphs in order, with light edits (word drops and substitutions, up to 8% of words),
plus 0-2 paragraphs of their own; "fraction" is the copied share of the body's characters.

Zipf mode (for scale tests with no real language, so no stopword list or language model applies):
``--vocab pseudo`` draws every word from a built-in vocabulary of random pseudo-words (``--vocab-size``,
default 200,000 types, each at least 5 letters, so none is a real stopword) with Zipf weights
1/(rank+2.7)^s (``--zipf s``, default 1.0), resolved through a 4x finer look-up table, so the rare words are
really rare (with s=1 the 100,000th word is drawn about once in 2.6 M words). ``--paragraphs 1`` makes
single-paragraph bodies (the same ~3 KB, sentences joined by spaces, as in scraped texts that lost their
breaks); copies then keep 40-100% of the source's *sentences* in order and add 0-8 sentences of their own at
random places. The template lines stay on lines of their own. Both options combine with every other one;
without them the output is byte-identical to before (GEN_VERSION unchanged) and gold.json's params carry
``zipf``/``paragraphs`` only when they are used.

Deterministic for (n, seed, options): the group plan is drawn up front in a few numpy arrays (O(n) small
ints), and every doc's text is a function of (seed, its position), so a copy regenerates its source's
paragraphs instead of keeping them: nothing but the plan is held in memory, whatever n. Group members sit
at random positions (ids do not reveal groups).

Usage: python benchmarks/synth_corpus.py N OUT_DIR [--seed 0] [--grouped 0.2] [--sites 50]
       [--vocab auto|wirebench|synthetic|pseudo] [--vocab-size 200000] [--zipf 1.0] [--paragraphs many|1]
       [--workers 1]
e.g.   python benchmarks/synth_corpus.py 100000 out/synth/zipf-100k --vocab pseudo --paragraphs 1 --workers 2
writes OUT_DIR/docs.jsonl (id, site, url, text) and OUT_DIR/gold.json ({"docs": {id: {wire, fraction,
role}}}, plus "params" and the site "templates").
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

GEN_VERSION = 1  # bump when the output for a given (n, seed) changes; trace_scale caches by it
LUT_SIZE = 1 << 20  # word draws resolve probabilities to 1/LUT_SIZE (the rarest words get 0 or 1 slot)
SECTIONS = ["Home", "World", "Politics", "Business", "Markets", "Tech", "Science", "Health", "Sports",
            "Entertainment", "Opinion", "Video", "Podcasts", "Newsletters", "Local", "Climate", "Travel",
            "Culture", "Books", "Sign in", "Subscribe"]
SHARE = ["Share", "Tweet", "Share on Facebook", "Email this article", "Partager", "Teilen", "Condividi",
         "Compartir", "Bagikan", "Поделиться", "शेयर करें", "Copy link", "Print"]
FOOTER = ["© {year} {name} Media. All rights reserved.", "Subscribe to our newsletter for daily updates.",
          "Support independent journalism. Donate today.", "Follow {name} on X, Facebook and Instagram.",
          "Advertisement", "Related stories", "Terms of Use | Privacy Policy | Cookie Settings | Contact Us",
          "Note For Readers: Opinions expressed by contributors are their own.",
          "Got a tip? Contact the {name} newsroom.", "Sign up for the {name} morning briefing"]
DATE_FORMATS = ["Published: {d:02d}/{m:02d}/{y}", "date {y}-{m:02d}-{d:02d}", "Updated {m}/{d}/{y}",
                "{d} {mon} {y}", "Posted on {mon} {d}, {y}"]
MONTHS = "January February March April May June July August September October November December".split()


def wirebench_vocab(limit: int = 30000):
    """(words, counts) of the wirebench texts (lowercase alphabetic tokens), most frequent first; or None."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scoring import shared_dir
    counts: Counter = Counter()
    for name in ("wirebench-dev", "wirebench-dev-hard"):
        path = shared_dir() / "data" / "provenance" / name / "docs.jsonl"
        if not path.exists():
            return None
        with open(path, encoding="utf-8") as f:
            for line in f:
                counts.update(re.findall(r"[a-z]+(?:'[a-z]+)?", json.loads(line)["text"].lower()))
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [w for w, _ in top], np.array([c for _, c in top], dtype=np.float64)


def synthetic_vocab(seed: int, size: int = 20000):
    """Pseudo-words from syllables, longer with rank, Zipf-Mandelbrot weights 1/(rank+2.7)."""
    rng = np.random.default_rng([seed, 7])
    syll = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"] + ["an", "er", "in", "on", "st", "th"]
    words, seen = [], set()
    while len(words) < size:
        r = len(words)
        k = 1 + (r > 40) + (r > 800) + int(rng.integers(0, 2))
        w = "".join(syll[j] for j in rng.integers(0, len(syll), k))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words, 1.0 / (np.arange(size) + 2.7)


PSEUDO_CONSONANTS, PSEUDO_VOWELS, PSEUDO_CODAS = "bdfgklmnprstvz", "aeiou", "krstnxz"


def pseudo_vocab(seed: int, size: int = 200000, zipf: float = 1.0):
    """(words, weights): `size` distinct random pseudo-words, Zipf-Mandelbrot weights 1/(rank+2.7)^zipf.

    A word is 2-5 consonant-vowel syllables and a closing consonant (5+ letters, longer with rank, drawn in
    bulk and deduplicated in rank order), so it belongs to no language and matches no stopword list."""
    rng = np.random.default_rng([seed, 8])
    syll = np.array([c + v for c in PSEUDO_CONSONANTS for v in PSEUDO_VOWELS], dtype=object)
    words, seen = [], set()
    while len(words) < size:
        m = 2 * (size - len(words)) + 64
        rank = len(words) + np.arange(m)
        k = 2 + (rank > 200) + (rank > 20000) + rng.integers(0, 2, m)  # syllables: 2-3 frequent, 4-5 rare
        s = rng.integers(0, len(syll), (m, 5))
        coda = rng.integers(0, len(PSEUDO_CODAS), m)
        for j in range(m):
            w = "".join(syll[s[j, :k[j]]]) + PSEUDO_CODAS[coda[j]]
            if w not in seen:
                seen.add(w)
                words.append(w)
                if len(words) == size:
                    break
    return words, 1.0 / (np.arange(size) + 2.7) ** zipf


class SynthCorpus:
    """The plan of one corpus (groups, sites, sizes) and the text of any doc from its position."""

    def __init__(self, n: int, seed: int = 0, grouped: float = 0.2, sites: int = 50, vocab: str = "auto",
                 vocab_size: int = 200000, zipf: float = 1.0, paragraphs: str = "many"):
        self.n, self.seed = n, seed
        self.single = str(paragraphs) == "1"  # one-paragraph bodies; copies edit sentences
        self.zipf = zipf if vocab == "pseudo" else None
        voc = wirebench_vocab() if vocab in ("auto", "wirebench") else None
        if voc is None and vocab == "wirebench":
            raise SystemExit("wirebench texts not found (set PROVENANCE_SHARED)")
        self.vocab_source = "pseudo" if vocab == "pseudo" else "wirebench" if voc is not None else "synthetic"
        self.lut_size = LUT_SIZE * 4 if vocab == "pseudo" else LUT_SIZE
        words, weights = (pseudo_vocab(seed, vocab_size, zipf) if vocab == "pseudo" else
                          voc if voc is not None else synthetic_vocab(seed))
        self.words = np.array(words, dtype=object)
        cum = np.cumsum(weights) / weights.sum()  # Zipf draws by table look-up, not a search per word
        L = self.lut_size
        self.lut = np.minimum(np.searchsorted(cum, (np.arange(L) + 0.5) / L, side="right"),
                              len(words) - 1).astype(np.uint16 if len(words) < 1 << 16 else np.int32)
        self.wlen = np.array([len(w) + 1 for w in words], dtype=np.int64)
        rng = np.random.default_rng([seed, 0])
        sizes, total = [], 0
        while total < round(grouped * n) and total + 2 <= n:
            sizes.append(int(rng.integers(2, 7)))
            total += sizes[-1]
        if total > n:  # the last group would overflow a tiny corpus: shrink it
            sizes[-1] -= total - n
            total = n
        members = rng.permutation(n)[:total]
        self.group = np.full(n, -1, dtype=np.int64)
        self.source = np.full(n, -1, dtype=np.int64)
        start = 0
        for g, size in enumerate(sizes):
            m = members[start:start + size]
            self.group[m], self.source[m] = g, m[0]
            start += size
        self.n_groups = len(sizes)
        site_w = 1.0 / (np.arange(sites) + 1) ** 0.8  # a few big sites, many small ones
        self.site = rng.choice(sites, size=n, p=site_w / site_w.sum()).astype(np.int32)
        self.body_chars = rng.integers(2200, 3400, size=n).astype(np.int32)
        self.dates = rng.integers(0, 3 * 12 * 28, size=n).astype(np.int32)
        self.templates = [self._template(s, sites) for s in range(sites)]
        self.idw, self.gw = len(str(max(n - 1, 1))), len(str(max(self.n_groups - 1, 1)))

    def _template(self, s: int, sites: int) -> dict:
        """Header, share and footer lines of site s (5-10 lines) and its date format."""
        r = np.random.default_rng([self.seed, 1, s])
        name = f"Site{s:0{len(str(sites - 1))}d}"
        nav = " | ".join(SECTIONS[j] for j in r.choice(len(SECTIONS), int(r.integers(5, 9)), replace=False))
        share = [SHARE[j] for j in r.choice(len(SHARE), int(r.integers(1, 4)), replace=False)]
        footer = [FOOTER[j].format(year=2024 + s % 3, name=name)
                  for j in r.choice(len(FOOTER), int(r.integers(3, 6)), replace=False)]
        head = [nav] + (share if s % 2 else [])
        return {"name": name, "head": head, "tail": ([] if s % 2 else share) + footer,
                "date": DATE_FORMATS[s % len(DATE_FORMATS)]}

    def text(self, i: int) -> str:
        """The body doc i would have on its own, paragraphs split by blank lines (a function of (seed, i)).

        Built with one join: sentence starts are capitalised and ends get "." (".\n\n" at a paragraph's
        end) in the word list first; ~4x faster than joining sentence by sentence."""
        r = np.random.default_rng([self.seed, 2, i])
        budget = int(self.body_chars[i])
        nw = budget // 4 + 40  # more words than the budget needs (the mean word is ~5.6 chars with its space)
        ns = nw // 8 + 2
        u = r.random(nw + 2 * ns)  # one draw for words, sentence and paragraph lengths (each call costs ~5 us)
        idx = self.lut[(u[:nw] * self.lut_size).astype(np.int64)]
        k = min(int(np.searchsorted(np.cumsum(self.wlen[idx]), budget)) + 1, nw)
        words = self.words[idx[:k]].tolist()
        ends = np.cumsum(8 + (u[nw:nw + ns] * 18).astype(np.int64))  # 8-25 words a sentence
        ends = ends[ends < k].tolist() + [k]
        para_ends = set() if self.single else set(
            np.cumsum(2 + (u[nw + ns:nw + ns + len(ends)] * 5).astype(np.int64)).tolist())  # 2-6 a paragraph
        start = 0
        for j, e in enumerate(ends, 1):
            words[start] = words[start].capitalize()
            words[e - 1] += ".\n\n" if j in para_ends else "."
            start = e
        return " ".join(words).rstrip("\n").replace("\n\n ", "\n\n")

    def paragraphs(self, i: int) -> list[str]:
        return self.text(i).split("\n\n")

    def sentences(self, i: int) -> list[str]:
        """The sentences of doc i's own text (for single-paragraph bodies)."""
        return re.split(r"(?<=\.) ", self.text(i))

    def _edit(self, para: str, rate: float, r) -> str:
        """Drop or substitute about `rate` of the words (half each)."""
        words = para.split(" ")
        u = r.random(2 * len(words))
        subs = self.words[self.lut[(u[len(words):] * self.lut_size).astype(np.int64)]].tolist()
        u = u[:len(words)].tolist()
        return " ".join(w if x >= rate else subs[k] for k, (w, x) in enumerate(zip(words, u))
                        if not x < rate / 2)

    def body(self, i: int) -> tuple[list[str], float, str]:
        """(paragraphs, gold fraction, role) of doc i."""
        src = int(self.source[i])
        if src < 0:
            return [self.text(i)], 0.0, "unrelated"
        if src == i:
            return [self.text(i)], 1.0, "wire"
        r = np.random.default_rng([self.seed, 3, i])
        if self.single:
            return self._single_copy(i, src, r)
        source = self.paragraphs(src)
        q, rate, n_own, *u = r.random(5 + len(source)).tolist()
        k = max(1, round((0.4 + 0.6 * q) * len(source)))  # keep 40-100% of the paragraphs, in order
        keep = sorted(sorted(range(len(source)), key=u[2:].__getitem__)[:k])
        copied = [self._edit(source[j], 0.08 * rate, r) for j in keep]
        own = self.paragraphs(i)[:int(n_own * 3)] if n_own >= 1 / 3 else []  # 0-2 paragraphs of its own
        paras = list(copied)
        for p, x in zip(own, u[:2]):
            paras.insert(int(x * (len(paras) + 1)), p)
        n_copied = sum(map(len, copied))
        return paras, round(n_copied / max(1, n_copied + sum(map(len, own))), 3), "derived"

    def _single_copy(self, i: int, src: int, r) -> tuple[list[str], float, str]:
        """A copy of a one-paragraph source: 40-100% of its sentences in order, edited, 0-8 own sentences."""
        source = self.sentences(src)
        q, rate, n_own, *u = r.random(3 + len(source)).tolist()
        k = max(1, round((0.4 + 0.6 * q) * len(source)))
        keep = sorted(sorted(range(len(source)), key=u.__getitem__)[:k])
        copied = [self._edit(source[j], 0.08 * rate, r) for j in keep]
        own = self.sentences(i)[:int(n_own * 9)]
        sents = list(copied)
        for s, x in zip(own, r.random(len(own)).tolist()):
            sents.insert(int(x * (len(sents) + 1)), s)
        n_copied = sum(map(len, copied))
        return [" ".join(sents)], round(n_copied / max(1, n_copied + sum(map(len, own))), 3), "derived"

    def doc(self, i: int) -> tuple[dict, dict]:
        """(the JSONL record, the gold entry) of doc i."""
        t = self.templates[int(self.site[i])]
        d = int(self.dates[i])
        y, m, day = 2024 + d // 336, d // 28 % 12 + 1, d % 28 + 1
        date = t["date"].format(d=day, m=m, y=y, mon=MONTHS[m - 1])
        paras, frac, role = self.body(i)
        doc_id = f"s{i:0{self.idw}d}"
        site = t["name"].lower()
        g = int(self.group[i])
        rec = {"id": doc_id, "site": site, "url": f"https://{site}.example/news/{doc_id}",
               "text": "\n\n".join(t["head"] + [date] + paras + t["tail"])}
        return rec, {"wire": f"w{g:0{self.gw}d}" if g >= 0 else None, "fraction": frac, "role": role}

    def params(self) -> dict:
        p = {"n": self.n, "seed": self.seed, "groups": self.n_groups, "vocab": self.vocab_source,
             "vocab_size": len(self.words), "sites": len(self.templates), "version": GEN_VERSION}
        if self.zipf is not None:
            p["zipf"] = self.zipf
        if self.single:
            p["paragraphs"] = 1
        return p


CHUNK = 2000
_CORPUS: SynthCorpus | None = None  # set before forking the workers, which inherit it


def _chunk(bounds: tuple[int, int]) -> tuple[str, str]:
    """(JSONL lines, gold entries) of docs lo..hi-1, as text ready to write."""
    lo, hi = bounds
    lines, golds = [], []
    for i in range(lo, hi):
        rec, gold = _CORPUS.doc(i)
        lines.append(json.dumps(rec, ensure_ascii=False) + "\n")
        golds.append(("\n" if i == 0 else ",\n") + json.dumps(rec["id"]) + ": " + json.dumps(gold))
    return "".join(lines), "".join(golds)


def generate(n: int, out_dir, seed: int = 0, workers: int = 1, progress: bool = False, **options) -> dict:
    """Write out_dir/docs.jsonl and out_dir/gold.json, streaming; returns the params and timing.

    Chunks of CHUNK docs are made in order (by `workers` forked processes if > 1: the text of a doc does
    not depend on who makes it) and written as they come. Written under temporary names and renamed at
    the end, so an interrupted run never looks complete.
    """
    global _CORPUS
    t0 = time.perf_counter()
    _CORPUS = corpus = SynthCorpus(n, seed, **options)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    docs_tmp, gold_tmp = out / "docs.jsonl.tmp", out / "gold.json.tmp"
    chunks = [(lo, min(n, lo + CHUNK)) for lo in range(0, n, CHUNK)]
    pool = None
    if workers > 1:
        import multiprocessing
        pool = multiprocessing.get_context("fork").Pool(workers)
    nchars, done = 0, 0
    try:
        with open(docs_tmp, "w", encoding="utf-8", buffering=1 << 20) as fd, \
                open(gold_tmp, "w", encoding="utf-8", buffering=1 << 20) as fg:
            fg.write('{"params": %s,\n"templates": %s,\n"docs": {' % (
                json.dumps(corpus.params()), json.dumps(
                    {t["name"].lower(): t["head"] + t["tail"] for t in corpus.templates}, ensure_ascii=False)))
            for docs, golds in (pool.imap(_chunk, chunks) if pool else map(_chunk, chunks)):
                fd.write(docs)
                fg.write(golds)
                nchars += len(docs)
                done += CHUNK
                if progress and done % 100000 == 0:
                    print(f"  {done} docs, {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
            fg.write("\n}}\n")
    finally:
        if pool:
            pool.terminate()
        _CORPUS = None
    os.replace(docs_tmp, out / "docs.jsonl")
    os.replace(gold_tmp, out / "gold.json")
    return corpus.params() | {"seconds": time.perf_counter() - t0, "chars": nchars}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out_dir")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--grouped", type=float, default=0.2, help="share of docs in reuse groups")
    ap.add_argument("--sites", type=int, default=50)
    ap.add_argument("--vocab", choices=["auto", "wirebench", "synthetic", "pseudo"], default="auto",
                    help="pseudo: random pseudo-words with a Zipf law (no real language)")
    ap.add_argument("--vocab-size", type=int, default=200000, help="types of the pseudo vocabulary")
    ap.add_argument("--zipf", type=float, default=1.0, help="Zipf exponent of the pseudo vocabulary")
    ap.add_argument("--paragraphs", choices=["many", "1"], default="many",
                    help="1: single-paragraph bodies (copies edit sentences)")
    ap.add_argument("--workers", type=int, default=1, help="processes making the text (same output)")
    a = ap.parse_args()
    info = generate(a.n, a.out_dir, a.seed, workers=a.workers, progress=True,
                    grouped=a.grouped, sites=a.sites, vocab=a.vocab, **(
                        {"vocab_size": a.vocab_size, "zipf": a.zipf} if a.vocab == "pseudo" else {}),
                    **({"paragraphs": a.paragraphs} if a.paragraphs != "many" else {}))
    print(f"{a.n} docs ({info['groups']} groups, vocab {info['vocab']}), {info['chars'] / 1e6:.0f} M chars "
          f"in {info['seconds']:.1f} s: {a.n / info['seconds']:.0f} docs/s -> {a.out_dir}")


if __name__ == "__main__":
    main()
