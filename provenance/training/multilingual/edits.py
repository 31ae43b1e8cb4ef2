"""Language-aware text edits for the multilingual wire corpora (used by wire.py).

Sentences are split at the script's sentence ends (. ! ? ۔ ؟ । 。 ！ ？ …, with closing quotes kept on the
sentence; also where a scraper glued two sentences: "है.लेकिन", "کردند.وی", "bitcoin.Le"), and over-long runs
without any mark (some Urdu texts) are cut into pseudo-sentences of 14-26 words. Words are whitespace tokens,
except in Japanese, where a "word" is a run of one script (kanji, hiragana, katakana, Latin/digits). The edits:

- ``paraphrase``: light paraphrase, dropping or substituting about `rate` of the words with words of the
  same language (same script class in Japanese) drawn by frequency from the corpus vocabulary;
- ``rewrite``: the crude "rewriter": quotations verbatim, names and numbers kept, the rest of each sentence
  shortened, partly substituted and shuffled in short windows (bag-of-words-like, not fluent);
- ``rewrite_lead``: the lead reworded: its clauses swapped at a comma, or its tail moved to the front;
- ``house_style``: digits Latin <-> native, quotation marks, dashes and spelling variants of the house
  (Persian ی/ک -> Arabic ي/ك, German ß -> ss, Russian ё -> е, Hindi nukta dropped);
- ``entities``: names, places and numbers of a text (capitalised words in cased scripts, rare words by
  corpus document frequency elsewhere, katakana runs in Japanese), for same-event articles;
- ``grams`` / ``drop_overlaps``: what "shares text" means (normalised word 8-grams, 12-character grams in
  Japanese), and the source articles minus those that repeat an earlier one.
"""
from __future__ import annotations

import re
from bisect import bisect
from collections import Counter
from itertools import accumulate

from .stock import COMMAS, DIGITS, LATIN_DIGITS, NO_SPACES, QUOTES, SENT_END

_END = re.escape(SENT_END)
_CLOSE = "\"'»”’“‘」』)）\\]"
SENT_RE = re.compile(rf"[{_END}]+(?:[{re.escape(_CLOSE)}]|\u00a0?\s?»)*(?:\s+|$)")
JA_SENT_RE = re.compile(r"[。！？!?]++[」』）)]*+(?![とっ」』）)])\s*")
SCRIPT = {"ar": "\u0620-\u064a\u066e-\u06d3", "fa": "\u0620-\u064a\u066e-\u06d3",
          "ur": "\u0620-\u064a\u066e-\u06d3", "hi": "\u0900-\u0963", "bn": "\u0980-\u09e3"}
GLUED_RE = {lang: re.compile(rf"(?<=[{x}])[.।۔؟!?](?=[{x}])") for lang, x in SCRIPT.items()}  # "है.लेकिन"
JA_RE = re.compile(r"[\u4e00-\u9fff々〆ヵヶ]+|[\u3041-\u309f]+|[\u30a0-\u30ffｦ-ﾟー]+|[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]+|.",
                   re.S)
CASED_GLUE_RE = re.compile(r"(\w| )([.?!])(?=(\w))")
NUM_RE = re.compile(r"\d")
WORD_RE = re.compile(r"^[^\W\d_]+$")
KATA_RE = re.compile(r"^[\u30a0-\u30ffー]{3,}$")
KANJI_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
HIRA_RE = re.compile(r"^[\u3041-\u309f]+$")


CASED = {"de", "es", "fr", "id", "ru", "sw"}
ABBREV = {"mio", "mrd", "dr", "nr", "bzw", "ca", "vgl", "abs", "st", "prof", "sr", "sra", "dra", "ee", "uu",
          "etc", "mme", "mm", "m", "av", "no", "vs", "г", "гг", "млн", "млрд", "тыс", "руб", "им", "ул", "т",
          "rp", "bw", "bi", "dkt", "jan", "feb", "okt", "nov", "dez", "mar", "apr", "jun", "jul", "ago", "sept"}


def _no_break(text: str, m) -> bool:
    """A '.' that ends no sentence: after an abbreviation or an initial, or before a lower-case word."""
    nxt = text[m.end():m.end() + 1]
    if nxt.islower():
        return True
    if m.group(0).strip() != ".":
        return False
    prev = re.search(r"(\w+)\.\s*$", text[:m.end()])
    word = prev.group(1) if prev else ""
    return bool(word) and (word.lower() in ABBREV or (len(word) == 1 and word.isupper()))


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _chunk(words: list[str], lang: str) -> list[str]:
    """Pseudo-sentences of 14-26 words for a run that has no sentence mark at all."""
    out, i = [], 0
    while i < len(words):
        k = 14 + (len(out) * 7 + len(words)) % 13
        out.append(" ".join(words[i:i + k]))
        i += k
    return out


def sentences(text: str, lang: str) -> list[str]:
    """The sentences of one paragraph (marks and closing quotes kept; spaces between them dropped)."""
    if lang in GLUED_RE:
        text = GLUED_RE[lang].sub(lambda m: m.group(0) + " ", text)
    elif lang in CASED:  # "bitcoin.Le prix", "?Mais": a scraper glued two sentences
        text = CASED_GLUE_RE.sub(lambda m: m.group(0) + (" " if m.group(3).isupper() and (
            m.group(1).islower() or m.group(1) == " " and m.group(2) != ".") else ""), text)
    out, start = [], 0
    for m in (JA_SENT_RE if lang in NO_SPACES else SENT_RE).finditer(text):
        if lang in CASED and m.end() < len(text) and _no_break(text, m):
            continue
        out.append(text[start:m.end()].strip())
        start = m.end()
    if start < len(text) and text[start:].strip():
        out.append(text[start:].strip())
    final = []
    for s in out:  # a run of 80+ words (250+ characters in ja) has lost its marks: cut it up
        if lang not in NO_SPACES and len(s.split()) > 80:
            final += _chunk(s.split(), lang)
        elif lang in NO_SPACES and len(s) > 250:
            final += [s[i:i + 80] for i in range(0, len(s), 80)]
        else:
            final.append(s)
    return [s for s in final if s]


def join_sentences(sents: list[str], lang: str) -> str:
    return ("" if lang in NO_SPACES else " ").join(sents)


def words(text: str, lang: str) -> list[str]:
    return JA_RE.findall(text) if lang in NO_SPACES else text.split()


def join_words(ws: list[str], lang: str) -> str:
    return ("" if lang in NO_SPACES else " ").join(ws)


def word_class(w: str, lang: str) -> str:
    """The class a substitute must share: the script run type in Japanese, else "w" (a plain word)."""
    if lang not in NO_SPACES:
        return "w"
    if HIRA_RE.match(w):
        return "hira"
    if KATA_RE.match(w) or re.match(r"^[\u30a0-\u30ffー]+$", w):
        return "kata"
    if re.match(r"^[\u4e00-\u9fff々]+$", w):
        return "kanji"
    return "other"


def _bare(w: str) -> str:
    return w.strip(".,;:!?()[]«»\"'“”„‘’—–-…،؛؟۔।」「『』、。！？")


class Vocab:
    """Word frequencies and document frequencies of one language's texts, for substitutions and names."""

    def __init__(self, texts: list[str], lang: str):
        self.lang, self.df, tf = lang, Counter(), Counter()
        for t in texts:
            ws = [_bare(w) for w in words(t, lang)]
            ws = [w for w in ws if w and WORD_RE.match(w)]
            tf.update(ws)
            self.df.update(set(ws))
        self.pools = {}
        for w, c in sorted(tf.items(), key=lambda kv: (-kv[1], kv[0])):
            if c >= 3 and self.df[w] >= 2 and not w[0].isupper():  # a substitute is never a name
                self.pools.setdefault(word_class(w, lang), []).append((w, c))
        self.cum = {k: (list(accumulate(c for _, c in v)), [w for w, _ in v]) for k, v in self.pools.items()}

    def draw(self, rng, cls: str = "w") -> str | None:
        if cls not in self.cum:
            return None
        cum, ws = self.cum[cls]
        return ws[min(bisect(cum, rng.random() * cum[-1]), len(ws) - 1)]

    def is_name(self, w: str) -> bool:
        """A name, place or number: digits, a capitalised non-initial word (cased scripts), else a rare word."""
        b = _bare(w)
        if not b:
            return False
        if NUM_RE.search(b) or any(c in DIGITS.get(self.lang, "") for c in b):
            return True
        if self.lang in NO_SPACES:
            return bool(KATA_RE.match(b)) or (bool(KANJI_RE.match(b)) and self.df[b] <= 2)
        if b[0].isupper():
            return True
        cased = any(c.isupper() or c.islower() for c in b)
        return not cased and len(b) >= 3 and self.df[b] <= 2


def _quote_spans(s: str, lang: str) -> list[tuple[int, int]]:
    spans = []
    for o, c in QUOTES[lang] + [("«", "»"), ("“", "”"), ('"', '"')]:
        for m in re.finditer(re.escape(o.strip()) + r"[^\n]{2,300}?" + re.escape(c.strip()), s):
            if not any(a <= m.start() < b for a, b in spans):
                spans.append((m.start(), m.end()))
    return sorted(spans)


def paraphrase(s: str, rate: float, rng, vocab: Vocab, keep_names: bool = False) -> str:
    """Drop or substitute about `rate` of the words (half each) with corpus words of the same class."""
    lang, out = vocab.lang, []
    for w in words(s, lang):
        x = rng.random()
        if x >= rate or not w.strip() or (keep_names and vocab.is_name(w)) or not WORD_RE.match(_bare(w) or "0"):
            out.append(w)
        elif x >= rate / 2:
            sub = vocab.draw(rng, word_class(_bare(w), lang))
            out.append(w.replace(_bare(w), sub) if sub else w)
    return join_words(out, lang)


def rewrite(s: str, rng, vocab: Vocab, keep: float = 0.7, shuffle: float = 0.6) -> str:
    """Quotations verbatim, names/numbers kept, other words kept with probability `keep` (some substituted),
    then shuffled inside windows of 3-5 words: a crude retelling of one sentence."""
    lang = vocab.lang
    units, pos = [], 0
    for a, b in _quote_spans(s, lang) + [(len(s), len(s))]:
        for w in words(s[pos:a], lang):
            if not w.strip():
                continue
            if vocab.is_name(w):
                units.append(w)
            elif rng.random() < keep:
                sub = vocab.draw(rng, word_class(_bare(w), lang)) if rng.random() < 0.2 else None
                units.append(w.replace(_bare(w), sub) if sub and _bare(w) else w)
        if b > a:
            units.append(s[a:b])
        pos = b
    out, i = [], 0
    while i < len(units):
        k = rng.randint(3, 5)
        win = units[i:i + k]
        if not any(len(u) > 40 for u in win) and rng.random() < shuffle:  # a quotation keeps its place
            rng.shuffle(win)
        out += win
        i += k
    text = join_words(out, lang).strip()
    ends = SENT_END + _CLOSE
    if text and text[-1] not in ends and s.rstrip()[-1:] in SENT_END:
        text += s.rstrip()[-1]
    return text


def _recase(a: str, b: str, lang: str, vocab) -> tuple[str, str]:
    """In cased scripts, the old start loses its capital (unless a name) and the new start gains one."""
    if lang not in CASED or not a or not b:
        return a, b
    w = _bare(a.split()[0]) if a.split() else ""
    if w[:1].isupper() and not w.isupper() and (vocab is None or vocab.df[w.lower()] >= 2):
        a = a[0].lower() + a[1:]
    return a, b[0].upper() + b[1:]


OPEN, CLOSE = "「『«“„(（‘", "」』»”“)）’"


def _split_outside_quotes(s: str, sep: str) -> list[str]:
    """s split at `sep` where no quotation or bracket is open (and no straight quote is pending)."""
    parts, depth, straight, start = [], 0, False, 0
    for i, c in enumerate(s):
        if c == '"':
            straight = not straight
        elif c in CLOSE and depth and not (c == "“" and lang_open_is_low(s, i)):
            depth -= 1
        elif c in OPEN:
            depth += 1
        elif c == sep and not depth and not straight:
            parts.append(s[start:i])
            start = i + 1
    return parts + [s[start:]]


def lang_open_is_low(s: str, i: int) -> bool:
    """“ closes a German „…“ quotation but opens an English-style “…” one: it closes only after a „."""
    return "„" not in s[:i]


def rewrite_lead(s: str, rng, lang: str, vocab=None) -> str:
    """Swap the clauses of the lead at a comma ("B, A."), else move its last third to the front."""
    comma = COMMAS.get(lang, ",")
    end = s[-1] if s and s[-1] in SENT_END else ""
    body = s[:-1] if end else s
    parts = [p.strip() for p in _split_outside_quotes(body, comma) if p.strip()]
    if len(parts) >= 2:
        k = rng.randint(1, len(parts) - 1)
        parts[0], parts[k] = _recase(parts[0], parts[k], lang, vocab)
        parts = parts[k:] + parts[:k]
        sep = comma if lang in NO_SPACES else comma + " "
        return sep.join(parts) + end
    ws = words(body, lang)
    if len(ws) < 6:
        return s
    k = len(ws) - max(2, len(ws) // 3)
    sep = comma if lang in NO_SPACES else comma + " "
    a, b = _recase(join_words(ws[:k], lang).strip(), join_words(ws[k:], lang).strip(), lang, vocab)
    return b + sep + a + end


VARIANTS = {"fa": [("ی", "ي"), ("ک", "ك")], "de": [("ß", "ss")], "ru": [("ё", "е"), ("Ё", "Е")],
            "hi": [("ज़", "ज"), ("फ़", "फ"), ("क़", "क"), ("ख़", "ख"), ("ग़", "ग"), ("\u093c", "")]}
DASHES = [" – ", " — ", " - "]


def house_style(text: str, lang: str, style: dict) -> str:
    """Apply a site's house style: {"digits": "native"|"latin"|None, "quotes": i|None, "dash": i|None,
    "variant": bool}."""
    native = DIGITS.get(lang)
    if native and style.get("digits") == "native":
        text = text.translate(str.maketrans(LATIN_DIGITS, native))
    elif native and style.get("digits") == "latin":
        text = text.translate(str.maketrans(native, LATIN_DIGITS))
    q = style.get("quotes")
    if q is not None:
        o2, c2 = QUOTES[lang][q % len(QUOTES[lang])]
        for o, c in QUOTES[lang]:
            if (o, c) != (o2, c2):
                text = re.sub(re.escape(o.strip()) + r"\s?([^\n]{1,300}?)\s?" + re.escape(c.strip()),
                              lambda m: o2 + m.group(1) + c2, text)
    d = style.get("dash")
    if d is not None:
        text = re.sub(r" [–—-] ", DASHES[d % 3], text)
    if style.get("variant"):
        for a, b in VARIANTS.get(lang, []):
            text = text.replace(a, b)
    return text


def entities(text: str, vocab: Vocab) -> tuple[list[str], list[str]]:
    """(names, numbers) of a text, in order of first appearance, deduplicated (bare forms)."""
    names, nums, seen = [], [], set()
    first = True
    for w in words(text, vocab.lang):
        b = _bare(w)
        start = first
        first = bool(w) and w[-1:] in SENT_END
        if not b or b in seen or not vocab.is_name(w):
            continue
        if NUM_RE.search(b) or any(c in DIGITS.get(vocab.lang, "") for c in b):
            nums.append(b)
        elif not (start and vocab.lang in CASED):  # a capital after a full stop says nothing
            names.append(b)
        seen.add(b)
    return names, nums


def grams(text: str, lang: str) -> set[str]:
    """Normalised word 8-grams (12-character grams in Japanese): what "shares text" means here."""
    if lang in NO_SPACES:
        t = "".join(c for c in text if c.isalnum())
        return {t[i:i + 12] for i in range(len(t) - 11)}
    w = [b.lower() for b in map(_bare, text.split()) if b]
    return {" ".join(w[i:i + 8]) for i in range(len(w) - 7)}


def drop_overlaps(arts: list[dict], lang: str) -> list[dict]:
    """The articles minus any that shares text with one kept before it: 2+ word 8-grams (12-character
    grams in Japanese) that occur in no third article (grams in 3+ articles are the source's own
    boilerplate, e.g. "SCROLL TO CONTINUE WITH CONTENT", and stay). news.jsonl dropped exact 8-word
    repeats; this also catches repeats that differ in punctuation, case or digits."""
    sets = [grams(a["text"], lang) for a in arts]
    df = Counter(g for s in sets for g in s)
    owner, kept = {}, []
    for a, s in zip(arts, sets):
        rare = [g for g in s if df[g] <= 2]
        if sum(g in owner for g in rare) >= 2:
            continue
        owner.update((g, a["id"]) for g in rare)
        kept.append(a)
    return kept
