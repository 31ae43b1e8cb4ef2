"""Show what a reader needs to label a page's title, date and author by hand.

For each wcxb-dev page id given: its URL, <title>, <h1>s, the title/date/author-like <meta>
fields, the JSON-LD headline/datePublished/author, <time datetime> values, and the page's
visible text around the article start (the blocks before the first line of the gold body text,
and a few after), with date-like strings marked. The labeller reads this (and, when in doubt, the
page itself) and writes the headline as shown, the publication day and the byline's names.
No extractor's output is shown.

Usage: python benchmarks/metadata_gold/show.py ID [ID ...]   (or --set dev|test to list ids)
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from provenance.segment.html import segment_html  # noqa: E402  (segmentation only)
from scoring import shared_dir  # noqa: E402

DATA = shared_dir() / "data" / "boilerplate" / "wcxb-dev"
KEYS = re.compile(r"title|date|time|author|creator|byl|site_name|published|modified", re.I)
DATEISH = re.compile(r"\b(?:19|20)\d\d\b|\d{1,2}[./]\d{1,2}[./]\d{2,4}")


def records():
    return {r["id"]: r for r in map(json.loads, open(DATA / "manifest.jsonl"))}


def jsonld_bits(obj, out, depth=0):
    if depth > 6:
        return
    if isinstance(obj, list):
        for o in obj:
            jsonld_bits(o, out, depth + 1)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("headline", "name", "datePublished", "dateCreated", "author", "@type") and depth < 4:
                if k == "author":
                    out.append(f"{k}={json.dumps(v, ensure_ascii=False)[:160]}")
                elif isinstance(v, (str, int)):
                    out.append(f"{k}={str(v)[:120]}")
            if isinstance(v, (dict, list)) and k != "author":
                jsonld_bits(v, out, depth + 1)


def show(rec) -> None:
    html = gzip.open(DATA / rec["html"] if "html" in rec else DATA / "html" / f"{rec['id']}.html.gz").read()
    tree = LexborHTMLParser(html)
    print(f"=== {rec['id']} {rec['url']}")
    t = tree.css_first("title")
    print("TITLE:", t.text(strip=True)[:200] if t else None)
    for h in tree.css("h1")[:3]:
        print("H1:", " ".join(h.text().split())[:200])
    for m in tree.css("meta"):
        a = m.attributes
        key = a.get("property") or a.get("name") or a.get("itemprop") or ""
        if KEYS.search(key) and a.get("content"):
            print(f"META {key}: {a['content'][:150]}")
    for s in tree.css('script[type="application/ld+json"]')[:3]:
        try:
            data = json.loads(s.text())
        except Exception:
            continue
        out = []
        jsonld_bits(data, out)
        keep = [o for o in out if o.split("=")[0] in ("headline", "datePublished", "dateCreated", "author")]
        if keep:
            print("LD:", " | ".join(keep)[:500])
    for n in tree.css("time")[:4]:
        print("TIME:", n.attributes.get("datetime"), "|", " ".join(n.text().split())[:60])
    for n in tree.css('[rel="author"], [class*="author"], [class*="byline"]')[:4]:
        txt = " ".join(n.text().split())[:100]
        if txt:
            print("AUTHORNODE:", n.tag, n.attributes.get("class"), "|", txt)
    doc = segment_html(html, rec["id"])
    first = " ".join(rec["gold"].split("\n")[0].split())[:40]
    start = next((i for i, b in enumerate(doc.blocks) if first and first[:30] in b.text), None)
    if start is None:
        start = 15
    lo = max(0, start - 14)
    for i in range(lo, min(len(doc.blocks), start + 3)):
        txt = doc.blocks[i].text
        if doc.blocks[i].tag == "li" and len(txt) < 30 and i < start - 4:
            continue
        mark = "*" if DATEISH.search(txt) and len(txt) < 120 else " "
        print(f"{'>' if i == start else ' '}{mark}{i:3d} <{doc.blocks[i].tag}> {txt[:110]}")
    tail = [b for b in doc.blocks[start + 4:] if len(b.text) < 80 and re.search(
        r"^(by|von|par|por|author|written)\b|\bposted\b|\bpublished\b", b.text, re.I)]
    for b in tail[:4]:
        print(f"  +{b.position:3d} <{b.tag}> {b.text[:110]}")
    print()


def main() -> None:
    recs = records()
    if sys.argv[1] == "--set":
        from provenance.training.split import is_validation
        arts = [r for r in recs.values() if r["page_type"] == "article"]
        want = sys.argv[2] == "test"
        print(" ".join(r["id"] for r in arts if is_validation(r) == want))
        return
    for i in sys.argv[1:]:
        show(recs[i])


if __name__ == "__main__":
    main()
