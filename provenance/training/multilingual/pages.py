"""Realistic multilingual news pages (plain text and HTML) with gold labels.

Builds pages from the real article bodies of ``$PROVENANCE_SHARED/data/multilingual/news.jsonl``
(12 languages) wrapped in the site templates of ``provenance.training.multilingual.ui``. Deterministic for
a seed: every page has its own ``random.Random`` seeded from (seed, article id, format, copy), so
the output bytes are the same on every run and do not depend on PYTHONHASHSEED.

Run (about a minute; writes ``pages.jsonl.gz`` and ``stats.json``, prints pages per language)::

    python -m provenance.training.multilingual.pages --out benchmarks/out/multilingual --seed 0
    python -m provenance.training.multilingual.pages --show fa --format text   # print one page to proof-read

Import::

    from provenance.training.multilingual.pages import generate, load
    for page in load(split="validation", lang="fa", fmt="html"): ...   # reads the file, else generates

Splits: an article is "validation" when a stable hash of its id falls in the lowest 30%; its pages
use only the 2 validation sites of its language (whose phrasings no train site uses), and related
lists only cite articles of the same split. Each article gets ``COPIES`` text pages and ``COPIES``
HTML pages on different sites.

Article preparation (the body text is the source's, never edited): paragraphs are the
source's blank-line-separated blocks; page furniture left inside some sources stays in the page
but is labelled template, not body (``_FURNITURE``: Detik's "SCROLL TO CONTINUE WITH CONTENT"
in id, livedoor's "クチコミを見る" and pagination in ja, "(جاری ہے)", "یہ بھی پڑھیے", photo
credits and "مزید : …" section links in ur; a closing "（name）" credit in ja: kind byline; and livedoor's trailing 【関連記事】/■関連リンク link
lists in ja: kind related); an es first paragraph equal to the title is the headline,
not body; de/hi/ur have no title, so their headline is the first sentence of the text when it has
4-25 words (it is then not body); articles without a date get a fixed date from a hash of their id
within the source's years (``date_synthetic`` is true in the record).

Record fields: id, lang, site, domain, split, format ("text"/"html"), content, gold (body
paragraphs joined by a blank line), title, date (ISO day), date_synthetic, author (None when no
byline shows), body_lines (the body lines as they appear in the page; a plain-text page may split a
one-paragraph body into 2-4 lines at sentence ends), template_lines (list of {"kind", "text"} for
every visible template text, kinds as ``ui.KINDS``; ``"glued": true`` marks a date/dateline
written at the start of the first body line, so its text is a prefix of that line), article_id.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import gzip
import hashlib
import json
import random
import re
import sys
from pathlib import Path
from typing import Iterator, Optional

from . import OUT_DIR, news_path, ui
from .pages_html import render_html

OUT = OUT_DIR
VALIDATION_SHARE = 0.30
COPIES = 2
RELATED_POOL = 13
# source years of the undated sets (README of the data): DER Standard 2015-16, Spanish 2018, ...
DATE_RANGES = {"de": (2015, 2016), "es": (2018, 2018), "fr": (2019, 2022), "sw": (2019, 2022),
               "hi": (2017, 2019), "ur": (2017, 2018), "bn": (2025, 2025)}
DEFAULT_RANGE = (2016, 2024)
_END = re.compile(r"[.!?؟۔।]+[\"'”’»)\]]*(?:\s+|(?=[^\W\d_A-Za-z]))|[。！？]+[」』）]*")


_JA_LINKS = re.compile(r"^[【■](?:関連|参考)")
_JA_CREDIT = re.compile(r"^（(?:文：)?[^（）、。・：]{2,8}）$")
# page furniture that some sources left inside their bodies: exact paragraphs, then prefixes
_FURNITURE = {
    "id": {"SCROLL TO CONTINUE WITH CONTENT": "other", "ADVERTISEMENT": "other"},
    "ja": {"クチコミを見る": "other", "1 2": "nav"},
    "ur": {"(جاری ہے)": "other", "یہ بھی پڑھیے": "related", "شیئر کریں:": "share"},
}
_FURNITURE_RE = {"ur": [(re.compile(r"^تصویر کے کاپی رائٹ "), "other"), (re.compile(r"^مزید : \S+$"), "nav")]}


def _artefact_kind(lang: str, para: str) -> str:
    """"body", or the template kind of a source paragraph that is page furniture."""
    kind = _FURNITURE.get(lang, {}).get(para)
    if kind:
        return kind
    for rx, kind in _FURNITURE_RE.get(lang, ()):
        if rx.match(para):
            return kind
    return "body"


def article_split(article_id: str) -> str:
    h = int.from_bytes(hashlib.sha256(article_id.encode()).digest()[:8], "big")
    return "validation" if h % 1000 < VALIDATION_SHARE * 1000 else "train"


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph (stripped); "".join of the unstripped pieces is the text."""
    out, start = [], 0
    for m in _END.finditer(text):
        out.append(text[start:m.end()].strip())
        start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return [s for s in out if s]


def _norm_ws(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def prepare(rec: dict) -> Optional[dict]:
    """Headline, body paragraphs, date of one news.jsonl record (None if no body is left)."""
    paras = [_norm_ws(p) for p in rec["text"].split("\n\n")]
    paras = [p for p in paras if p]
    title = _norm_ws(rec["title"]) if rec.get("title") else None
    if title and paras and paras[0] == title:
        paras = paras[1:]
    if not title and paras:
        sents = sentences(paras[0])
        if sents and 4 <= len(sents[0].split()) <= 25 and (len(sents) > 1 or len(paras) > 1):
            title = sents[0].rstrip(" .۔।")
            rest = paras[0][paras[0].index(sents[0]) + len(sents[0]):].strip()
            paras = ([rest] if rest else []) + paras[1:]
    if not paras:
        return None
    blocks = [(_artefact_kind(rec["lang"], p), p) for p in paras]
    for i, (_, p) in enumerate(blocks):
        if rec["lang"] == "ja" and i > 0 and _JA_LINKS.match(p):  # livedoor's trailing link lists
            blocks[i:] = [("related", q) for _, q in blocks[i:]]
            break
    if rec["lang"] == "ja" and len(blocks) > 1 and _JA_CREDIT.match(blocks[-1][1]):
        blocks[-1] = ("byline", blocks[-1][1])  # livedoor's closing author credit "（鈴木陽子）"
    paras = [p for k, p in blocks if k == "body"]
    if not paras:
        return None
    synthetic = not rec.get("date")
    if synthetic:
        lo, hi = DATE_RANGES.get(rec["lang"], DEFAULT_RANGE)
        start, end = dt.date(lo, 1, 1), dt.date(hi, 12, 31)
        h = int.from_bytes(hashlib.sha256(("date" + rec["id"]).encode()).digest()[:4], "big")
        date = start + dt.timedelta(days=h % ((end - start).days + 1))
    else:
        date = dt.date.fromisoformat(rec["date"][:10])
    first = sentences(paras[0])[0] if sentences(paras[0]) else paras[0]
    return {"id": rec["id"], "lang": rec["lang"], "title": title, "paras": paras, "blocks": blocks,
            "date": date,
            "date_synthetic": synthetic, "teaser": _shorten(first, rec["lang"]),
            "split": article_split(rec["id"])}


def _shorten(s: str, lang: str, limit: int = 180) -> str:
    if len(s) <= limit:
        return s
    cut = s[:limit]
    if lang != "ja" and " " in cut:
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,،;") + "…"


def load_articles(path: Optional[Path] = None) -> dict[str, list[dict]]:
    """Prepared articles per language, in file order."""
    path = path or news_path()
    by_lang: dict[str, list[dict]] = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            art = prepare(json.loads(line))
            if art:
                by_lang[art["lang"]].append(art)
    return dict(sorted(by_lang.items()))


def split_body(paras: list[str], rng: random.Random) -> list[str]:
    """Body lines of a text page: the paragraphs, a long single paragraph sometimes in 2-4 lines."""
    if len(paras) != 1 or len(paras[0]) < 600 or rng.random() >= 0.35:
        return list(paras)
    sents = sentences(paras[0])
    k = min(rng.randint(2, 4), len(sents))
    if k < 2:
        return list(paras)
    cuts = sorted(rng.sample(range(1, len(sents)), k - 1))
    sep = "" if paras[0].count(" ") < len(paras[0]) / 40 else " "  # ja: no spaces between sentences
    return [sep.join(sents[a:b]) for a, b in zip([0] + cuts, cuts + [len(sents)])]


def glued_prefix(site: ui.Site, when, rng: random.Random) -> str:
    """A date written at the start of the first body line (dateline or "Published: ...")."""
    r = rng.random()
    if r < 0.4:
        return ui.format_date(when, site.ui_lang, "dateline", rng)
    if r < 0.7:
        return site.date_line(when, rng)
    if r < 0.9:  # "تاریخ: ۱۴۰۳/۰۲/۱۲ …", "Datum: 01.05.2024 …"
        return ui.format_date(when, site.ui_lang, "numeric+published", rng, prefix=site.phrase["published"])
    return f"date {when.date().isoformat()}"  # a scraper's flattened metadata field


def _related(art: dict, pool: list[dict], rng: random.Random):
    others = rng.sample(pool, k=min(len(pool), RELATED_POOL + 1))
    others = [o for o in others if o["id"] != art["id"] and o["title"]][:RELATED_POOL]
    return [o["title"] for o in others], [o["teaser"] for o in others]


def render_text(art: dict, site: ui.Site, when, rng: random.Random, related, teasers) -> dict:
    author = site.author(rng) if site.layout.get("byline") else None
    if rng.random() < 0.08:  # a sparse scrape: date, headline, body, copyright
        head = [("date", site.date_line(when, rng))] + ([("title", art["title"])] if art["title"] else [])
        foot = [("copyright", site.fill("copyright", year=when))]
        author = None
    else:
        head = site.header_lines(rng, date=when, title=art["title"], author=author)
        foot = site.footer_lines(rng, date=when, related=related, teasers=teasers)
        if not any(k == "byline" for k, _ in head):
            author = None
    glued = None
    if rng.random() < (0.2 if site.layout.get("glued_date") else 0.05):
        glued = glued_prefix(site, when, rng)
    lines, body, inner = [t for _, t in head], [], []
    single = len(art["paras"]) == 1
    for kind, text in art["blocks"]:
        if kind != "body":
            lines.append(text)
            inner.append({"kind": kind, "text": text})
            continue
        for b in (split_body([text], rng) if single else [text]):
            lines.append((glued + " " + b) if (glued and not body) else b)
            body.append(b)
    lines += [t for _, t in foot]
    template = [{"kind": k, "text": t} for k, t in head + foot] + inner
    if glued:
        template.append({"kind": "date", "text": glued, "glued": True})
    return {"content": "\n".join(lines) + "\n", "body_lines": body, "template_lines": template,
            "author": author}


def generate(seed: int = 0, langs=None, articles=None) -> Iterator[dict]:
    """All pages, in a fixed order (language, article in file order, format, copy)."""
    articles = articles or load_articles()
    for lang, arts in articles.items():
        if langs and lang not in langs:
            continue
        pools = {s: [a for a in arts if a["split"] == s] for s in ("train", "validation")}
        for art in arts:
            split_sites = ui.sites(lang, art["split"])
            for fmt in ("text", "html"):
                rng = random.Random(ui.stable_seed(seed, art["id"], fmt))
                chosen = rng.sample(split_sites, k=min(COPIES, len(split_sites)))
                for k, site in enumerate(chosen):
                    prng = random.Random(ui.stable_seed(seed, art["id"], fmt, k))
                    when = dt.datetime.combine(art["date"], dt.time(prng.randint(6, 23), prng.randint(0, 59)))
                    related, teasers = _related(art, pools[art["split"]], prng)
                    render = render_text if fmt == "text" else render_html
                    page = render(art, site, when, prng, related, teasers)
                    yield {"id": f"{art['id']}-{fmt}-{k}", "lang": lang, "site": site.name,
                           "domain": site.domain, "split": art["split"], "format": fmt,
                           "content": page["content"], "gold": "\n\n".join(art["paras"]),
                           "title": art["title"], "date": art["date"].isoformat(),
                           "date_synthetic": art["date_synthetic"], "author": page["author"],
                           "body_lines": page["body_lines"], "template_lines": page["template_lines"],
                           "article_id": art["id"]}


def load(split: Optional[str] = None, lang: Optional[str] = None, fmt: Optional[str] = None,
         path: Optional[Path] = None, seed: int = 0) -> Iterator[dict]:
    """Pages filtered by split/lang/format, read from ``pages.jsonl.gz`` (generated if absent)."""
    path = Path(path or OUT / "pages.jsonl.gz")
    if path.exists():
        def records():
            with gzip.open(path, "rt", encoding="utf-8") as f:
                for line in f:
                    yield json.loads(line)
        source = records()
    else:
        source = generate(seed, langs=[lang] if lang else None)
    for rec in source:
        if (split in (None, "all") or rec["split"] == split) and (not lang or rec["lang"] == lang) \
                and (not fmt or rec["format"] == fmt):
            yield rec


def write(out: Path, seed: int = 0, langs=None) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    counts = collections.Counter()
    tmp = out / "pages.jsonl.gz.tmp"
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as gz:
        for rec in generate(seed, langs):
            gz.write((json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8"))
            counts[(rec["lang"], rec["format"], rec["split"])] += 1
    tmp.replace(out / "pages.jsonl.gz")
    stats = {"seed": seed, "pages": sum(counts.values()),
             "counts": {f"{l}/{f}/{s}": n for (l, f, s), n in sorted(counts.items())}}
    (out / "stats.json").write_text(json.dumps(stats, indent=1) + "\n")
    return stats


def _table(stats: dict) -> str:
    rows = collections.defaultdict(dict)
    for key, n in stats["counts"].items():
        lang, fmt, split = key.split("/")
        rows[lang][f"{fmt}/{split}"] = n
    cols = ["text/train", "text/validation", "html/train", "html/validation"]
    lines = ["| lang | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for lang in sorted(rows):
        lines.append(f"| {lang} | " + " | ".join(str(rows[lang].get(c, 0)) for c in cols) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--lang", action="append", help="only these languages (repeatable)")
    ap.add_argument("--show", metavar="LANG", help="print one generated page of LANG and exit")
    ap.add_argument("--format", default="text", choices=("text", "html"))
    ap.add_argument("--split", default="validation", choices=("train", "validation"))
    ap.add_argument("--nth", type=int, default=0, help="with --show: which matching page")
    args = ap.parse_args(argv)
    if args.show:
        pages = (p for p in generate(args.seed, [args.show])
                 if p["format"] == args.format and p["split"] == args.split)
        for _ in range(args.nth):
            next(pages)
        p = next(pages)
        print(p["content"])
        print(json.dumps({k: v for k, v in p.items() if k not in ("content", "gold", "body_lines")},
                         ensure_ascii=False, indent=1))
        return 0
    stats = write(args.out, args.seed, args.lang)
    size = (args.out / "pages.jsonl.gz").stat().st_size
    print(_table(stats))
    print(f"{stats['pages']} pages -> {args.out / 'pages.jsonl.gz'} ({size / 1e6:.1f} MB gzipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
