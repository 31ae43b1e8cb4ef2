"""Wire-reuse corpora in 12 languages, in the shape and manner of wirebench-dev-hard.

Built from one language's real article bodies (``$PROVENANCE_SHARED/data/multilingual/news.jsonl``), each
article used for one role only, so that every reuse in a corpus is planted and labelled:

- **wire stories** (~40, fewer where the language has fewer articles): a dated agency story on one of two
  agency sites (its own page present for ~85% of stories), republished by 2-7 of the other sites with
  edits: cut from the bottom, paragraphs (or, in single-paragraph texts, sentences) dropped and moved,
  sentences dropped, the lead reworded, 0-2 paragraphs of the outlet's own (from reserved articles used
  nowhere else), house style (digits Latin <-> native, quotation marks, dashes, spelling variants), light
  paraphrase with corpus words, and on 1-2 "rewriter" sites a crude retelling (quotations, names and
  numbers kept, the rest shortened, reworded and shuffled). Gold ``fraction`` = share of the copy's body
  characters that come from the story (own text excluded; a doc derives at >= 20%, all copies do here).
- **same-event articles** (one for every second story): another real article with the story's names and
  numbers substituted for its own and the story's headline keywords in a lead frame: no shared text,
  gold wire null, role "same-event", the story's ``event`` id.
- **unrelated pages** (about half the corpus), 60% of them with 1-3 stock phrases of the language
  (stock.py: agency datelines, "the ministry said in a statement" ...) inserted verbatim; ~30% of the wire
  stories get some too, so copies and unrelated pages share them.
- every page wrapped in its site's template (ui.py: 8 sites per language, nav, local date line, byline,
  share labels, related headlines with teasers of the site's other articles, newsletter, cookie, copyright),
  the template lines recorded in gold ``boilerplate``.

Records: id (opaque, random order), site (its domain), url, text, lang, date (ISO; a copy is 1-3 days
after its story; ~10% of the copies undated), title (the outlet's headline, sometimes the agency's; on
~70%). gold.json: {"seed", "lang", "source", "licence", "docs": {id: {wire, fraction, role, event,
boilerplate, edits}}}; "edits" lists what was done to a copy (for per-edit breakdowns; never an input).

Usage: python -m provenance.training.multilingual.wire [--lang fa ...] [--seed 0] [--out benchmarks/out/multilingual/wire]
   or: from provenance.training.multilingual.wire import generate; generate("fa", 0, out_dir)
Deterministic for (lang, seed) (random.Random from stable seeds; no set iteration).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import sys
from pathlib import Path

from . import OUT_DIR, news_path
from . import edits as E
from . import ui
from .stock import STOCK, TOPIC_FRAMES


OUT = OUT_DIR / "wire"
LANGS = ui.LANGS
# where the source has no dates: (first day, length in days) of the period its articles come from
DATE_WINDOW = {"de": ("2015-06-01", 365), "es": ("2018-01-01", 365), "fr": ("2021-01-01", 730),
               "sw": ("2021-01-01", 730), "hi": ("2016-01-01", 730), "ur": ("2017-06-01", 730),
               "bn": ("2025-12-01", 29)}
GEN_VERSION = 1  # bump when the output for a (lang, seed) changes; the runner caches by it


def load_articles(lang: str) -> list[dict]:
    path = news_path()
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return sorted((r for r in rows if r["lang"] == lang), key=lambda r: r["id"])


class Body:
    """A body as paragraphs of (sentence, from_wire) pairs; `single` bodies render as one paragraph."""

    def __init__(self, paras: list[list[tuple[str, bool]]], lang: str, single: bool):
        self.paras, self.lang, self.single = [p for p in paras if p], lang, single

    @classmethod
    def parse(cls, text: str, lang: str, from_wire: bool = True) -> "Body":
        paras = [[(s, from_wire) for s in E.sentences(p, lang)] for p in E.paragraphs(text)]
        return cls(paras, lang, len(paras) <= 2)

    def units(self):  # the units the structural edits move: paragraphs, or sentences if single
        return [[s] for p in self.paras for s in p] if self.single else self.paras

    def lines(self) -> list[str]:
        paras = [[s for p in self.paras for s in p]] if self.single else self.paras
        return [E.join_sentences([s for s, _ in p], self.lang) for p in paras if p]

    def fraction(self) -> float:
        total = sum(len(s) for p in self.paras for s, _ in p)
        return round(sum(len(s) for p in self.paras for s, w in p if w) / max(1, total), 3)


class Generator:
    def __init__(self, lang: str, seed: int):
        self.lang, self.seed = lang, seed
        self.rng = random.Random(ui.stable_seed("wire", lang, seed))
        arts = E.drop_overlaps(load_articles(lang), lang)
        if not arts:
            raise SystemExit(f"no {lang} articles in {news_path()}")
        self.source, self.licence = arts[0]["source"].split("@")[0], arts[0]["licence"]
        self.vocab = E.Vocab([a["text"] for a in arts], lang)
        self.sites = ui.sites(lang)
        idx = list(range(len(self.sites)))
        self.rng.shuffle(idx)
        local = [i for i in idx if self.sites[i].ui_lang == lang]
        self.agencies = local[:2]
        self.rewriters = [i for i in idx if i not in self.agencies][:self.rng.randint(1, 2)]
        self.style = {i: {"digits": self.rng.choice(["native", "latin", None]), "quotes": self.rng.randrange(3),
                          "dash": self.rng.randrange(3), "variant": self.rng.random() < 0.4}
                      for i in idx}
        self.rng.shuffle(arts)
        long_ = [a for a in arts if len(E.sentences(a["text"].replace("\n\n", " "), lang)) >= 6
                 and len(a["text"]) >= (500 if lang == "ja" else 900)]
        n_story = min(40, round(0.16 * len(arts)), len(long_))
        self.stories = long_[:n_story]
        rest = [a for a in arts if a not in self.stories]
        n_event, n_own = n_story // 2, max(8, round(0.07 * len(arts)))
        self.events, self.own = rest[:n_event], rest[n_event:n_event + n_own]
        self.unrelated = rest[n_event + n_own:]
        self.own_units = [u for a in self.own for u in self._own_units(a)]
        self.rng.shuffle(self.own_units)
        self.docs, self.gold, self.ids = [], {}, set()

    # ---- helpers ---------------------------------------------------------------------------------
    def _own_units(self, art) -> list[list[str]]:
        """Paragraphs (or pairs of sentences) of a reserved article, its first left out and no sentence
        twice (some scrapers repeat the lead further down)."""
        paras = E.paragraphs(art["text"])
        if len(paras) > 2:
            units = [E.sentences(p, self.lang) for p in paras[1:]]
        else:
            s = E.sentences(art["text"], self.lang)[1:]
            units = [s[i:i + 2] for i in range(0, len(s), 2)]
        seen, out = E.grams(E.sentences(paras[0], self.lang)[0], self.lang), []
        for u in units:  # a unit that repeats an earlier one (a lead restated further down) is left out
            g = E.grams(" ".join(u), self.lang)
            if u and not g & seen and not any(x in seen for x in u):
                out.append(u)
                seen |= g | set(u)
        return out

    def title(self, art) -> str:
        if art.get("title"):
            return art["title"].strip()
        sents = [x for p in E.paragraphs(art["text"])[:3] for x in E.sentences(p, self.lang)]
        first = next((x for x in sents if len(x.split()) >= 5 and "کاپی رائٹ" not in x), sents[0]).rstrip(".।۔")
        ws = E.words(first, self.lang)
        return E.join_words(ws[:10], self.lang) + ("…" if len(ws) > 10 else "")

    def date(self, art) -> dt.date:
        """The article's date, else one drawn in the period its source covers (DATE_WINDOW)."""
        if art.get("date"):
            return dt.date.fromisoformat(art["date"])
        start, days = DATE_WINDOW.get(self.lang, ("2024-01-01", 365))
        return dt.date.fromisoformat(start) + dt.timedelta(days=ui.stable_seed("date", art["id"]) % days)

    def new_id(self) -> str:
        while True:
            d = f"{self.lang}-{self.rng.getrandbits(28):07x}"
            if d not in self.ids:
                self.ids.add(d)
                return d

    def add_stock(self, body: Body, k: int) -> None:
        """Insert k stock phrases of the language verbatim (a lead form before the first sentence, a
        sentence between sentences, an end credit after the last), as part of the text they enter."""
        for kind, phrase in self.rng.sample(STOCK[self.lang], k):
            flag = body.paras[0][0][1]
            if kind == "lead":
                s0 = body.paras[0][0][0]
                body.paras[0][0] = (phrase + " " + s0, flag)
            elif kind == "end":
                body.paras[-1].append((phrase, flag))
            else:
                p = body.paras[self.rng.randrange(len(body.paras))]
                p.insert(self.rng.randint(1, len(p)) if len(p) > 1 else 1, (phrase, flag))

    # ---- the edits of a copy ---------------------------------------------------------------------
    def copy(self, story: Body, site: int) -> tuple[Body, list[str]]:
        r, lang = self.rng, self.lang
        heavy = r.random() < 0.25
        if site in self.rewriters:
            return self.rewrite(story), ["rewriter"]
        units = [list(u) for u in story.units()]
        done = []
        keep = max(2 if not story.single else 4, math.ceil(len(units) * r.uniform(0.35 if heavy else 0.45, 1.0)))
        if keep < len(units):
            units, done = units[:keep], done + ["cut"]
        if len(units) >= 4 and r.random() < 0.45:
            del units[r.randrange(1, len(units))]
            done.append("drop-unit")
        if len(units) >= 3 and r.random() < 0.35:
            u = units.pop(r.randrange(1, len(units)))
            units.insert(r.randrange(1, len(units) + 1), u)
            done.append("move-unit")
        if not story.single:
            for u in units:
                if len(u) > 2 and r.random() < 0.25:
                    del u[r.randrange(1, len(u))]
                    done.append("drop-sentence")
        rate = r.uniform(0.1, 0.2) if heavy else r.uniform(0.0, 0.06)
        units = [[(E.paraphrase(s, rate, r, self.vocab, keep_names=True), True) for s, _ in u] for u in units]
        done.append("heavy-paraphrase" if heavy else "light-paraphrase")
        if r.random() < 0.5:
            s0 = E.rewrite_lead(units[0][0][0], r, lang, self.vocab)
            units[0][0] = (E.paraphrase(s0, 0.15, r, self.vocab, keep_names=True), True)
            done.append("lead-rewritten")
        if r.random() < 0.5 and self.own_units:
            for _ in range(r.randint(1, 2)):
                own = [(s, False) for s in self.own_units.pop()] if self.own_units else []
                own = own[:2] if story.single else own
                if own:
                    units.insert(r.randint(1, len(units)), own)
            done.append("own-text")
        if story.single:
            body = Body([[s for u in units for s in u]], lang, True)
        else:
            body = Body(units, lang, False)
        if body.fraction() < 0.3:  # never let the outlet's own text outweigh the story
            body = Body([[(s, w) for s, w in p if w] for p in body.paras], lang, body.single)
        return body, done

    def headline(self, title: str) -> str:
        """An outlet's headline: the agency's (35%), else reworded (clauses swapped, light paraphrase)."""
        r = self.rng
        if r.random() < 0.35:
            return title
        t = E.rewrite_lead(title, r, self.lang, self.vocab) if r.random() < 0.5 else title
        return E.paraphrase(t, 0.12, r, self.vocab, keep_names=True)

    def rewrite(self, story: Body) -> Body:
        """A rewriter site's retelling: 50-80% of the sentences (quotes first), locally reordered, each
        reworded with names, numbers and quotations kept; regrouped in paragraphs of 1-3 sentences."""
        r = self.rng
        sents = [s for p in story.paras for s, _ in p]
        k = max(3, round(len(sents) * r.uniform(0.5, 0.8)))
        quoted = [i for i, s in enumerate(sents) if E._quote_spans(s, self.lang)]
        rest = [i for i in range(len(sents)) if i not in quoted]
        r.shuffle(rest)
        keep = sorted((quoted + rest)[:k], key=lambda i: i + r.uniform(-2.5, 2.5))
        out = [(E.rewrite(sents[i], r, self.vocab, keep=r.uniform(0.65, 0.85)), True) for i in keep]
        out = [(s, w) for s, w in out if s]
        if story.single:
            return Body([out], self.lang, True)
        paras, i = [], 0
        while i < len(out):
            n = r.randint(1, 3)
            paras.append(out[i:i + n])
            i += n
        return Body(paras, self.lang, False)

    def same_event(self, art, story) -> Body:
        """Another article with the story's names/numbers put in place of its own and the story's headline
        keywords in a lead frame: same event, no shared text."""
        r, v = self.rng, self.vocab
        names, nums = E.entities(story["text"], v)
        own_names, own_nums = E.entities(art["text"], v)
        subs = {}
        for mine, theirs in ((own_names, names[:10]), (own_nums, nums[:8])):
            for w in r.sample(mine, min(len(mine), 5)):
                if theirs:
                    subs[w] = r.choice(theirs)
        ws = [E._bare(w) for w in E.words(self.title(story), self.lang) if E._bare(w)]
        kws = sorted(ws, key=lambda w: (v.df[w], ws.index(w)))[:3]
        topic = E.join_words([w for w in ws if w in kws][:3], self.lang).strip(" ,.:")
        body = Body.parse(art["text"], self.lang, from_wire=False)
        for p in body.paras:
            for j, (s, f) in enumerate(p):
                p[j] = (E.join_words([w.replace(E._bare(w), subs[E._bare(w)]) if E._bare(w) in subs else w
                                      for w in E.words(s, self.lang)], self.lang), f)
        if topic:
            s0, frame = body.paras[0][0][0], TOPIC_FRAMES[self.lang].format(t=topic)
            w0 = (E.words(s0, self.lang) or [""])[0]
            if frame.endswith(", ") and w0[:1].isupper() and v.df[w0.lower()] >= 3:  # "Regarding X, the ..."
                s0 = s0[0].lower() + s0[1:]
            body.paras[0][0] = (frame + s0, False)
        return body

    # ---- pages -----------------------------------------------------------------------------------
    def page(self, site_i: int, body: Body, date: dt.date, title: str, gold: dict, show_date: bool = True,
             show_title: float = 0.7) -> None:
        r, site = self.rng, self.sites[site_i]
        rel = [x for x in self.related[site_i] if x[0] != title]  # not the page's own headline
        shown = sorted(r.sample(range(len(rel)), min(len(rel), r.randint(3, 6))))
        related, teasers = [rel[i][0] for i in shown], [rel[i][1] for i in shown]
        author = site.author(r) if r.random() < 0.7 else None
        head = site.header_lines(r, date=date, title=title if r.random() < 0.85 else None, author=author)
        foot = site.footer_lines(r, date=date, related=related, teasers=teasers)
        lines = body.lines()
        if gold["role"] == "derived":
            lines = [E.house_style(x, self.lang, self.style[site_i]) for x in lines]
        tpl = [t for k, t in head + foot if k != "title"]
        if site.layout.get("glued_date") and r.random() < 0.5 and any(k == "date" for k, _ in head):
            j = next(j for j, (k, _) in enumerate(head) if k == "date")  # "date 2025-08-23 First sentence"
            lines[0] = head.pop(j)[1] + " " + lines[0]
        doc_id = self.new_id()
        rec = {"id": doc_id, "site": site.domain, "lang": self.lang,
               "url": f"https://{site.domain}/{date:%Y/%m/%d}/{r.randrange(10**5, 10**7)}", "text":
               "\n\n".join([t for _, t in head] + lines + [t for _, t in foot])}
        if show_date:
            rec["date"] = date.isoformat()
        if r.random() < show_title:
            rec["title"] = title
        gold["boilerplate"] = list(dict.fromkeys(tpl))
        self.docs.append(rec)
        self.gold[doc_id] = gold

    def build(self) -> None:
        r, lang = self.rng, self.lang
        n = len(self.sites)
        un_site = [r.randrange(n) for _ in self.unrelated]
        self.related = {}
        for i in range(n):  # each site's related list: headlines + teasers of its own unrelated articles
            mine = [a for a, s in zip(self.unrelated, un_site) if s == i][:8]
            self.related[i] = [(self.title(a), E.join_words(E.words(E.paragraphs(a["text"])[0], lang)[:12], lang)
                                + "…") for a in mine]
        for k, art in enumerate(self.stories):
            g, ev = f"w{k:02d}", f"e{k:02d}"
            body = Body.parse(art["text"], lang)
            if r.random() < 0.3:
                self.add_stock(body, r.randint(1, 2))
            agency = self.agencies[k % len(self.agencies)]
            date, title = self.date(art), self.title(art)
            if r.random() < 0.85:
                self.page(agency, body, date, title, {"wire": g, "fraction": 1.0, "role": "wire", "event": ev},
                          show_title=0.8)
            outlets = r.sample([i for i in range(n) if i != agency], r.randint(2, min(7, n - 1)))
            for s in outlets:
                cbody, done = self.copy(body, s)
                self.page(s, cbody, date + dt.timedelta(days=r.randint(1, 3)), self.headline(title),
                          {"wire": g, "fraction": cbody.fraction(), "role": "derived", "event": ev, "edits": done},
                          show_date=r.random() < 0.9)
            if k < len(self.events):
                ebody = self.same_event(self.events[k], art)
                if r.random() < 0.5:
                    self.add_stock(ebody, 1)
                self.page(r.randrange(n), ebody, date + dt.timedelta(days=r.randint(-1, 2)),
                          self.title(self.events[k]), {"wire": None, "fraction": 0.0, "role": "same-event",
                                                       "event": ev})
        for art, s in zip(self.unrelated, un_site):
            body = Body.parse(art["text"], lang, from_wire=False)
            if r.random() < 0.6:
                self.add_stock(body, r.randint(1, 3))
            self.page(s, body, self.date(art), self.title(art),
                      {"wire": None, "fraction": 0.0, "role": "unrelated", "event": None},
                      show_date=r.random() < 0.9)
        order = list(range(len(self.docs)))
        r.shuffle(order)
        self.docs = [self.docs[i] for i in order]

    def write(self, out_dir) -> Path:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        with open(out / "docs.jsonl.tmp", "w", encoding="utf-8") as f:
            for d in self.docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        gold = {"seed": self.seed, "lang": self.lang, "version": GEN_VERSION, "source": self.source,
                "licence": self.licence, "docs": {d["id"]: self.gold[d["id"]] for d in self.docs}}
        (out / "gold.json.tmp").write_text(json.dumps(gold, ensure_ascii=False, indent=0), encoding="utf-8")
        os.replace(out / "docs.jsonl.tmp", out / "docs.jsonl")
        os.replace(out / "gold.json.tmp", out / "gold.json")
        return out


def generate(lang: str, seed: int = 0, out_dir=None) -> dict:
    """Write <out_dir>/docs.jsonl and gold.json for one language (default out/multilingual/wire/<lang>)."""
    g = Generator(lang, seed)
    g.build()
    out = g.write(out_dir or OUT / lang)
    roles = {}
    for v in g.gold.values():
        roles[v["role"]] = roles.get(v["role"], 0) + 1
    return {"lang": lang, "seed": seed, "docs": len(g.docs), "stories": len(g.stories), "roles": roles,
            "out": str(out)}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", action="append", choices=LANGS, help="repeatable (default: all 12)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=str(OUT), help="folder of the <lang>/ subfolders")
    a = ap.parse_args(argv)
    for lang in a.lang or LANGS:
        info = generate(lang, a.seed, Path(a.out) / lang)
        print(f"{lang}: {info['docs']} docs, {info['stories']} stories, {info['roles']} -> {info['out']}",
              file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
