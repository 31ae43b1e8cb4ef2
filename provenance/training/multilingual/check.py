"""Consistency checks of the generated pages: every visible text is labelled, once.

    python -m provenance.training.multilingual.check            # all pages of benchmarks/out/multilingual
    python -m provenance.training.multilingual.check --limit 200

Per page: ``gold`` is the body paragraphs joined by blank lines and has the same tokens as
``body_lines`` (ignoring whitespace: a body split into lines at glued sentence ends); for plain text, the page's lines are exactly the template lines and body lines
(a glued date is the prefix of the first body line); for HTML, the visible text blocks (text
outside script/style/head, cut at block-level tags, as a browser lays it out; a line may hold
several adjacent inline template elements) are exactly the template texts and body paragraphs (the logo is an <img>, so the site name is not text). Exits 1 on the first few failures, printing them.
"""
from __future__ import annotations

import argparse
import collections
import re
import sys
from html.parser import HTMLParser

from .pages import load

INLINE = {"a", "span", "strong", "em", "b", "i", "time", "small"}
INVISIBLE = {"script", "style", "head", "title", "svg"}


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


class _Blocks(HTMLParser):
    """Visible text runs, cut at block-level elements (inline ones like <a> do not cut)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden, self.runs, self.cur = 0, [], []

    def _flush(self):
        text = _norm("".join(self.cur))
        if text:
            self.runs.append(text)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if tag not in INLINE:
            self._flush()
        if tag in INVISIBLE:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag not in INLINE:
            self._flush()
        if tag in INVISIBLE:
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data):
        if not self.hidden:
            self.cur.append(data)


def check_page(rec: dict) -> list[str]:
    errors = []
    if rec["gold"] != "\n\n".join(p for p in rec["gold"].split("\n\n")):
        errors.append("gold not paragraph-joined")
    if re.sub(r"\s+", "", "".join(rec["body_lines"])) != re.sub(r"\s+", "", rec["gold"]):
        errors.append("body_lines and gold differ (ignoring whitespace)")
    templates = collections.Counter(_norm(t["text"]) for t in rec["template_lines"] if not t.get("glued"))
    glued = [_norm(t["text"]) for t in rec["template_lines"] if t.get("glued")]
    expected = templates + collections.Counter(_norm(b) for b in rec["body_lines"])
    if glued:
        first = _norm(rec["body_lines"][0])
        expected[first] -= 1
        expected[_norm(glued[0] + " " + first)] += 1
    if rec["format"] == "text":
        got = collections.Counter(_norm(x) for x in rec["content"].split("\n") if x.strip())
    else:
        parser = _Blocks()
        parser.feed(rec["content"])
        parser.close()
        got = collections.Counter(parser.runs)
    diff_extra, diff_missing = got - expected, expected - got
    for run in list(diff_extra.elements()):  # adjacent inline elements (byline, <time>) share a line
        parts = _split_into(run, diff_missing)
        if parts:
            diff_extra[run] -= 1
            diff_missing -= collections.Counter(parts)
    diff_extra, diff_missing = +diff_extra, +diff_missing
    if diff_extra or diff_missing:
        errors += [f"unlabelled line: {x[:80]!r}" for x in list(diff_extra)[:3]]
        errors += [f"labelled but absent: {x[:80]!r}" for x in list(diff_missing)[:3]]
    return errors


def _split_into(run: str, items: collections.Counter):
    """``run`` as a space-joined sequence of available ``items`` (a list), or None."""
    if not run:
        return []
    for item in sorted(items, key=len, reverse=True):
        if items[item] > 0 and run.startswith(item) and (len(run) == len(item) or run[len(item)] == " "):
            items[item] -= 1
            rest = _split_into(run[len(item):].strip(), items)
            items[item] += 1
            if rest is not None:
                return [item] + rest
    return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int)
    args = ap.parse_args(argv)
    n = bad = 0
    for rec in load():
        n += 1
        errs = check_page(rec)
        if errs:
            bad += 1
            if bad <= 5:
                print(rec["id"], rec["site"], *errs, sep="\n  ")
        if args.limit and n >= args.limit:
            break
    print(f"{n} pages checked, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
