"""Every language: the committed fixtures in six scripts (Arabic script, Devanagari, Bengali, CJK,
Cyrillic, Latin; fixtures/multilingual/README.md) are cleaned and traced as English is: the body
kept, the template lines dropped, the language set; a story and its edited copy found; two
unrelated stories that share only a stock phrase not linked. Plus the language-neutral pieces
(tokens, word counts, terminal punctuation, digits) on inline text."""
from __future__ import annotations

import json
import re

import pytest

import provenance
from provenance.lexicon.scripts import WORD, ascii_digits, word_count
from provenance.wire.normalize import tokenize

from conftest import FIXTURES

ML = FIXTURES / "multilingual"
LANGS = ("fa", "bn", "es", "hi", "ja", "ru")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def tokens(text: str) -> list[str]:
    """Words, and single characters of scripts without spaces."""
    out = []
    for w in WORD.findall(text.lower()):
        out += list(w) if _CJK.search(w) else [w]
    return out


def gold(lang: str) -> dict:
    return json.loads((ML / f"{lang}-gold.json").read_text(encoding="utf-8"))


def records(name: str) -> list[dict]:
    out = []
    for line in (ML / name).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        rec.pop("gold", None)                     # the expected answer is not an input
        out.append(rec)
    return out


@pytest.fixture(scope="module")
def cleaner():
    return provenance.Cleaner()


def body_kept(text: str, body: str) -> float:
    from collections import Counter
    got, want = Counter(tokens(text)), Counter(tokens(body))
    return sum((got & want).values()) / max(1, sum(want.values()))


def template_removed(text: str, template: list[str]) -> float:
    paragraphs = {" ".join(p.split()) for p in text.split("\n\n")}
    lines = [" ".join(t.split()) for t in template]
    return sum(1 for t in lines if t not in paragraphs) / max(1, len(lines))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("source", ["text", "html"])
def test_body_kept_template_dropped_language_set(cleaner, lang, source):
    g = gold(lang)
    page = (ML / f"{lang}-page.{'txt' if source == 'text' else 'html'}").read_bytes()
    doc = cleaner.clean(page, f"{lang}-{source}", source)
    assert doc.error is None
    assert doc.lang == lang
    assert body_kept(doc.text, g["body"]) >= 0.95, (lang, source)
    assert template_removed(doc.text, g["template"]) >= 0.9, (lang, source)


@pytest.mark.parametrize("lang", LANGS)
def test_a_story_and_its_copy_are_one_wire_group(lang):
    recs = records(f"{lang}-reuse.jsonl")
    out = {r["id"]: r for r in provenance.trace(recs).records}
    story, copy, other = f"{lang}-wire-1", f"{lang}-copy-1", f"{lang}-other-1"
    assert out[story]["wire_group"] is not None and out[story]["wire_group"] == out[copy]["wire_group"]
    assert out[other]["wire_group"] is None
    assert out[story]["origin"] and not out[copy]["origin"]          # dated earlier
    assert out[copy]["derived_fraction"] > 0.3 and out[copy]["passages"]
    assert out[copy]["lang"] == lang and out[copy]["date"] == recs[1]["date"]   # input fields kept


@pytest.mark.parametrize("lang", LANGS)
def test_a_stock_phrase_alone_links_nothing(lang):
    recs = records(f"{lang}-stock.jsonl")
    out = list(provenance.trace(recs).records)
    assert all(r["wire_group"] is None for r in out), [(r["id"], r["passages"]) for r in out]


def test_words_keep_their_vowel_signs():
    assert WORD.findall("किया गया है") == ["किया", "गया", "है"]
    assert WORD.findall("শেয়ার করুন") == ["শেয়ার", "করুন"]


def test_spaceless_scripts_count_words_by_characters():
    assert word_count("日本語の文章です。") >= 4
    assert word_count("hello world") == 2


def test_tokens_in_every_script():
    # characters of spaceless scripts are tokens; native digits are read as ASCII digits;
    # Arabic and Persian letter forms are one
    assert tokenize("東京で会議").words == ["東", "京", "で", "会", "議"]
    assert tokenize("سال ۱۴۰۳ و ٢٠٢٤").words == ["سال", "1403", "و", "2024"]
    assert tokenize("علي").words == tokenize("علی").words
    assert ascii_digits("২০২৪") == "2024"


def test_sentences_end_at_every_scripts_full_stop():
    from provenance.wire.normalize import tokenize as tk
    assert len(tk("پہلا جملہ ہے۔ دوسرا جملہ ہے۔").units) == 2
    assert len(tk("पहला वाक्य है। दूसरा वाक्य है।").units) == 2
    assert len(tk("最初の文です。次の文です。").units) == 2
