"""The compiled fast paths give exactly what their Python references give.

`segment.html.walk_c` (C walk over Lexbor's structs) against `walk_python`; the flattened
tree sums of `_fasttrees` against the numpy reference `TreeEnsemble.raw_reference`;
`_blockstats`' block statistics, title-word overlaps and script counts and `_cuecounts`'
cue-match counts against `block_stats_python`, `word_overlap_counts_python`, `text_stats` and
`count_matches_python`; the batched counters
(`text_cue_counts`, text_stats' separators) against their one-text-at-a-time originals; the
plain-text line normaliser's fast path against its regex.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from provenance import compiled, ensemble
from provenance.boilerplate import features, textstats
from provenance.boilerplate.textstats import SEPARATORS, text_stats
from provenance.clean import Cleaner
from provenance.lexicon import cues
from provenance.lexicon.cues import TEXT_CUE_NAMES, text_cue_counts, text_cue_hits
from provenance.lexicon.stopwords import common_stopwords

STOPWORDS = common_stopwords()
from provenance.segment import html
from provenance.segment import text as text_segment
from provenance.segment.html import segment_html, walk_c, walk_python

from conftest import HTML_FILES
from fuzzing import nasty_text


def both(page, **kw):
    # walk_c is only callable once the C walk is loaded and verified (WALK.get), which
    # another test may or may not have done first
    assert html.WALK.get() is not None, "segment._fastwalk is not built or disagrees with its reference"
    return segment_html(page, walk_with=walk_c, **kw), segment_html(page, walk_with=walk_python, **kw)


def test_the_installed_package_uses_the_compiled_paths():
    # `pip install .` compiles every extension on a machine with a C compiler (CI has one)
    failed = [use for use, ok in compiled.status().items() if not ok]
    assert not failed, f"not built, or disagreeing with its reference: {failed}"
    assert html.default_walk() is walk_c
    cleaner = Cleaner()
    for model in (cleaner.html_model, cleaner.text_model):
        walk, qs = model.pass1._prepared(ensemble.TREES.get())
        assert walk is not None and qs is not None, "_fasttrees' sums disagree with the reference"


def test_a_verified_use_loads_on_first_use_only():
    # importing the package neither imports nor probes a compiled module: start-up pays nothing
    import subprocess
    import sys
    code = ("import sys, provenance, provenance.cli; "
            "print(sorted(m for m in sys.modules if m.endswith(('_fastwalk', '_blockstats', '_cuecounts', "
            "'_fasttrees', '_fastlines'))), 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] False"


@pytest.mark.parametrize("path", HTML_FILES, ids=lambda p: p.name)
def test_c_walk_equals_python_walk_on_real_pages(path):
    data = path.read_bytes()
    fast, slow = both(data)
    assert fast.blocks and fast == slow
    # cut short by max_blocks: the same blocks and the same warning
    fast, slow = both(data, max_blocks=7)
    assert len(fast.blocks) == 7 and fast == slow and fast.warnings


EDGE_PAGES = [
    "<html><body></body></html>",
    "<body>just text</body>",
    "<p>no html or body tags<p>second",
    "<body><?php echo 'x'; ?><div class='a'>after a processing instruction</div><!-- c --></body>",
    "<body><custom-el data-x class='Share-Bar'>custom <my-tag>nested</my-tag></custom-el></body>",
    "<body><div id='Main' class=' Story  Body '>id and class <b>mixed</b> case</div></body>",
    "<body><div class='x' class='y'>duplicate attribute</div><p CLASS='Upper'>upper attr</p></body>",
    "<body><div hidden><p>hidden</p></div><p aria-hidden='TRUE'>aria upper</p>"
    "<p style='DISPLAY : NONE'>style</p><p style>empty style</p><p>shown</p></body>",
    "<body><a href='#'>link <b>bold link</b></a> tail <a>   </a></body>",
    "<body><table><tr><td>a<td>b<tr><td>c</table><ul><li>one<li>two</ul></body>",
    "<body>" + "<div>" * 300 + "deep" + "</div>" * 300 + "</body>",
    "<body><p>caf\u00e9 \u0995\u09bf \U0001F600 \ufffd</p><p>\u00a0\u2003 spaces \u3000</p></body>",
    "<body><svg><text>svg text</text></svg><math><mi>x</mi></math><p>after</p></body>",
    # what _read_head reads (head_fields_c against selectolax's CSS queries)
    "<html><head><meta property='og:title' content=' OG '><meta name='AUTHOR' content='Jo'></head>"
    "<body><svg><title>icon</title></svg><meta itemprop='datePublished' content='2024-05-06'>"
    "<time>no attr</time><time datetime>empty</time><time datetime='2025'>t</time><p>x</p></body></html>",
    "<title>first <!-- c --> title</title><title>second</title><meta content='x'><meta name><p>body</p>",
    "<body><p>no head at all</p><meta name=date content=2025-01-01><meta name=date content=2026-01-01></body>",
    # React streaming segments are page text; other hidden ids are not
    "<body><div hidden id='S:0'><p>streamed</p><p hidden>still hidden</p></div><div hidden id='S:x'>no</div>"
    "<div hidden id='s:1'>lower</div><div hidden id='S:'>short</div><div hidden id='S:12' id='y'>dup</div></body>",
    # every text hidden: read as page text on the second walk
    "<body><div style='visibility:hidden'><p>all hidden</p><nav hidden>menu</nav></div></body>",
]


@pytest.mark.parametrize("page", EDGE_PAGES)
def test_c_walk_equals_python_walk_on_edge_cases(page):
    fast, slow = both(page)
    assert fast == slow


_tags = st.sampled_from(["div", "p", "span", "a", "li", "ul", "h2", "section", "nav", "footer",
                         "b", "td", "tr", "table", "br", "article", "custom-x", "figure"])
_attrs = st.lists(st.tuples(st.sampled_from(["class", "id", "style", "hidden", "aria-hidden", "href", "data-x"]),
                            st.sampled_from(["", "share", "nav main", "display:none", "true", "Article-Body",
                                             "x" * 250, "comment related"])), max_size=3)


@st.composite
def html_pages(draw):
    parts = []
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            attrs = " ".join(f'{k}="{v}"' for k, v in draw(_attrs))
            parts.append(f"<{draw(_tags)} {attrs}>")
        elif kind == 1:
            parts.append(f"</{draw(_tags)}>")
        elif kind == 2:
            parts.append(draw(nasty_text(40, newlines=True)).replace("<", " ").replace("&", " "))
        else:
            parts.append(draw(st.sampled_from(["<!-- c -->", "<?php x ?>", "<br>", "&amp;", "<script>s</script>",
                                               "<title>t</title>", "<meta name='author' content='A'>",
                                               "<meta property=og:title content>", "<time datetime='2025'>",
                                               "<time>", "<svg><title>s</title></svg>"])))
    return "<html><body>" + "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_pages(), st.integers(1, 30))
def test_c_walk_equals_python_walk_on_generated_pages(page, max_blocks):
    try:
        fast, slow = both(page, max_blocks=max_blocks)
    except html.PageError:
        return
    assert fast == slow


def tree_models(family):
    """The tree ensembles of each pass of the bundled `family` model."""
    model = getattr(Cleaner(), f"{family}_model")
    return [e for e in (model.pass1, model.pass2) if e is not None]


@pytest.mark.parametrize("family", ["html", "text"])
def test_compiled_tree_sums_equal_the_reference(family):
    for ens in tree_models(family):
        walk, _qs = ens._prepared(ensemble.TREES.get())
        assert walk is not None
        rng = np.random.default_rng(1)
        X = (rng.normal(size=(700, ens.n_features)) * rng.choice([0.1, 1, 10], size=ens.n_features))
        X[rng.random(X.shape) < 0.05] = np.nan
        assert np.array_equal(ens.raw(X), ens.raw_reference(X))


@pytest.mark.parametrize("family", ["html", "text"])
def test_quickscorer_sums_equal_the_reference_on_float32_rows(family, monkeypatch):
    # float32 rows without NaN take QuickScorer (add_trees_qs): any row count (partial blocks
    # of 8; QS_MIN_ROWS lowered so that small batches take it too), values on both sides of
    # and exactly at the thresholds
    monkeypatch.setattr(ensemble, "QS_MIN_ROWS", 1)
    for ens in tree_models(family):
        _walk, qs = ens._prepared(ensemble.TREES.get())
        assert qs is not None, "QuickScorer layout not built or its check failed"
        rng = np.random.default_rng(2)
        fstart, thr = qs[0], qs[1]
        X = (rng.normal(size=(203, ens.n_features)) * rng.choice([0.1, 1, 10], size=ens.n_features))
        X = X.astype(np.float32)
        for f in range(ens.n_features):      # a third of the values exactly at a threshold
            if fstart[f + 1] > fstart[f]:
                at = rng.random(len(X)) < 0.33
                X[at, f] = rng.choice(thr[fstart[f]:fstart[f + 1]], size=at.sum())
        X[7] = np.inf
        X[8] = -np.inf
        expected = ens.raw_reference(X)
        for n in (1, 7, 8, 9, 203):
            assert np.array_equal(ens.raw(X[:n]), expected[:n]), n


def test_compiled_sigmoid_is_scipys_expit():
    from scipy.special import expit
    rng = np.random.default_rng(3)
    raw = np.concatenate([rng.normal(size=20000) * 8, [0.0, -745.0, -800.0, 710.0, 40.0]])
    assert np.array_equal(ensemble.sigmoid(raw), expit(raw))
    module, ensemble.TREES._module = ensemble.TREES.get(), None        # the pure-Python path too
    try:
        assert np.array_equal(ensemble.sigmoid(raw), expit(raw))
    finally:
        ensemble.TREES._module = module


@settings(max_examples=150, deadline=None)
@given(st.lists(nasty_text(60), max_size=10), st.sampled_from([0, 3, 7, 300, 2000]))
@example(["İstanbul ΣΟΦΟΣ share", "Share This", "x\ud800Y \U0001F600"], 9)
def test_lowered_cue_counts_equal_str_lower_then_count(texts, limit):
    # lower_join_utf8 (one pass: lower-case, encode, join) gives str.lower + join + encode
    cuecounts = pytest.importorskip("provenance.lexicon._cuecounts")
    low = [t[:limit].lower() for t in texts]
    data, starts = cuecounts.lower_join_utf8(texts, limit)
    assert bytes(data) == "\x00".join(low).encode("utf-8", "surrogatepass")
    assert starts.tolist() == np.cumsum([0] + [len(t.encode("utf-8", "surrogatepass")) + 1
                                                for t in low[:-1]]).tolist()[:len(texts)]
    assert np.array_equal(cues.text_cue_counts_lowered(texts, limit), cues.text_cue_counts_python(low))


def test_only_v_casefolds_to_a_v():
    # kinds.hard_kind tests for "v"/"V" before casefolding a text to look for "reserved"
    import sys
    with_v = [c for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000 and "v" in chr(c).casefold()]
    assert with_v == [ord("V"), ord("v")]


def test_block_stats_lowers_characters_as_str_lower_does():
    # block_stats lower-cases character by character for its stopwords; only İ differs from
    # str.lower (Σ is handled as special too, its lower case depends on the next character)
    cuecounts = pytest.importorskip("provenance.lexicon._cuecounts")
    assert cuecounts.lowercase_exceptions() == [0x130]
    texts = ["İstanbul the and of", "THE ΟΔΟΣ the of", "Ο ΣΟΦΟΣ and THE", "the " * 160 + "theater",
             "x" * 598 + " the", "x" * 597 + " the", "THE AND OF Der Und", "ſtop the", ""]
    for limit in (600, 10, 0):
        stats, _scripts = textstats.block_stats_c(texts, limit)
        assert stats[:, 10].tolist() == [textstats.stopword_density(t, limit) for t in texts], limit


@settings(max_examples=100, deadline=None)
@given(st.lists(nasty_text(80), max_size=12))
def test_batched_text_counters_equal_per_text_ones(texts):
    # a batch counts each text as that text alone does (no match across or lost at the joins)
    lowered = [t.lower() for t in texts]
    expected = np.array([text_cue_hits(t) for t in lowered], dtype=np.float64).reshape(len(texts), len(TEXT_CUE_NAMES))
    assert np.array_equal(text_cue_counts(lowered), expected)
    seps = np.array([len(SEPARATORS.findall(t)) for t in texts], dtype=np.float64)
    assert np.array_equal(text_stats(texts)["separators"], seps)


def test_batched_cue_counts_keep_word_boundaries_at_text_edges():
    texts = ["share", "reshare", "share this", "x", "cookies", ""]
    expected = np.array([text_cue_hits(t) for t in texts], dtype=np.float64)
    assert np.array_equal(text_cue_counts(texts), expected)


# texts with what the compiled loops must treat exactly as Python does: lone surrogates,
# astral letters, final-sigma and dotted-I lower-casing, separators, stopwords, terminals
_SPECIAL = ["\ud800", "\udfff", "\U0001F600", "\U00020000", "ΟΔΟΣ", "Σ", "İ", "ß", " - ", "|", "»",
            "The", "and", "der", "AND", "x_y", "½", "²", "٣", "。", "！", "…", "”", ". ", "\u00a0",
            "\u200b", "\u3000", "শেয়ার", "Привет", "日本", "A1", "\x00", "\t"]
_texts = st.lists(st.one_of(st.characters(), st.sampled_from(_SPECIAL), st.sampled_from(sorted(STOPWORDS)[:40]),
                            st.sampled_from([" ", "word", ". "])), max_size=60).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_texts, max_size=10))
def test_compiled_block_stats_equal_the_reference(texts):
    fast, slow = textstats.block_stats_c(texts), textstats.block_stats_python(texts)
    assert np.array_equal(fast[0], slow[0]) and np.array_equal(fast[1], slow[1])
    assert np.array_equal(textstats.script_counts(texts), text_stats(texts)["scripts"])
    assert textstats.split_word_counts(texts).tolist() == [len(t.split()) for t in texts]


def test_compiled_block_stats_equal_the_reference_on_long_texts():
    # the stopword pass reads only the first STOP_LIMIT characters
    texts = ["the cat and the dog " * 100, "x" * 599 + " the", "x" * 598 + " the of", ""]
    fast, slow = textstats.block_stats_c(texts), textstats.block_stats_python(texts)
    assert np.array_equal(fast[0], slow[0]) and np.array_equal(fast[1], slow[1])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(nasty_text(80), _texts, st.sampled_from(cues.TEXT_LEXICON.keys)), max_size=12))
def test_compiled_cue_counts_equal_the_reference(texts):
    # the compiled counter works on UTF-8 byte offsets, the reference on characters
    lowered = [t.lower() for t in texts]
    assert np.array_equal(text_cue_counts(lowered), cues.text_cue_counts_python(lowered))


@settings(max_examples=200, deadline=None)
@given(st.lists(_texts, max_size=10), _texts, st.integers(1, 80))
def test_compiled_word_overlap_counts_equal_the_reference(texts, title, max_chars):
    words = textstats.WORD.findall(title)
    # titles that share words with the texts, in other cases
    words += [w.upper() for t in texts[:2] for w in textstats.WORD.findall(t)[:3]]
    for cut in (300, max_chars, 1 << 62):
        assert np.array_equal(textstats.word_overlap_counts(texts, words, cut),
                              textstats.word_overlap_counts_python(texts, words, cut))
    overlaps = features.title_overlaps(texts, words)
    title_set = set(map(str.lower, words))
    for text, got in zip(texts, overlaps):
        text_set = set(map(str.lower, textstats.WORD.findall(text)))
        want = len(text_set & title_set) / max(len(text_set), len(title_set)) if text_set and title_set and len(text) < 300 else 0.0
        assert got == want


@settings(max_examples=300, deadline=None)
@given(st.one_of(_texts, nasty_text(60, newlines=False)))
def test_plain_text_line_normaliser_equals_its_regex(piece):
    assert text_segment.normalise_line(piece) == text_segment._WS.sub(" ", piece).strip()


def _hard_wrapped_by_paragraph_split(text: str) -> bool:
    # the original definition: paragraphs by _BLANK_SPLIT, inner lines of each; and no line
    # longer than MAX_WRAPPED_LINE
    if any(len(ln.strip()) > text_segment.MAX_WRAPPED_LINE for ln in text.split("\n")):
        return False
    inner = []
    for para in text_segment._BLANK_SPLIT.split(text):
        lines = [ln.strip() for ln in para.strip().split("\n") if ln.strip()]
        inner += lines[:-1]
    if len(inner) < 3:
        return False
    return sum(1 for ln in inner if 40 <= len(ln) <= 100 and ln[-1] not in ".!?\"”:") > 0.6 * len(inner)


_wrapped_lines = st.lists(st.one_of(st.sampled_from(["", " ", "\t ", "\u2028", "\u00a0", "  x  "]),
                                    st.integers(1, 110).map(lambda k: ("w" * k)),
                                    st.integers(30, 110).map(lambda k: "a " * (k // 2) + "."), nasty_text(50, newlines=False)),
                          max_size=25).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_wrapped_lines)
def test_line_based_hard_wrap_test_equals_the_paragraph_split(text):
    assert text_segment.is_hard_wrapped(text) == _hard_wrapped_by_paragraph_split(text)


_ws_soup = st.lists(st.one_of(st.sampled_from([" ", "  ", "\t", "\n", "\n\n", " \n ", "\u00a0", "\u2000", "\u200a",
                                               "\u200b", "\u3000", "\x85", "\x1c", "\u2028", "\u202f", ".", ":", "\u201d"]),
                             st.integers(1, 110).map(lambda k: "w" * k), _wrapped_lines, nasty_text(30)),
                   max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_ws_soup)
@example("a\ud800 b\n\n")
def test_compiled_line_splitter_equals_the_reference(text):
    module = text_segment.SPLIT_LINES.get()
    assert module is not None, "_fastlines not built or its probe failed"
    got = module.split_lines(text)
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        assert got is None               # the caller replaces lone surrogates first
    else:
        assert got == text_segment.split_lines_python(text)


_tag_soup = st.lists(st.one_of(st.sampled_from(["<", ">", "/", "</", "/>", "<br>", "<BR/>", "<p>", "</P>", "<div>",
                                                "</div>", "<img src=x/>", "<a/b>", "< a>", "<1>", "<x\n y>", "<Div",
                                                "<source>", "<area/>", "\xe9", "<h1 >", "</ h1>"]),
                               st.text(alphabet="<>/ab1 \n=\"", max_size=6)), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_tag_soup)
def test_compiled_nesting_depth_equals_the_regex_scan(page):
    data = page.encode("utf-8")
    assert html.nesting_depth(data) == html.nesting_depth_python(data)


_ancestor_rows = st.lists(st.tuples(st.lists(st.integers(-2, 30), max_size=14).map(tuple),
                                    st.integers(0, 400), st.integers(0, 60), st.integers(0, 400)),
                          min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(_ancestor_rows)
@example([((-2,), 0, 0, 0)])                 # ancestors, none with an id (once broke the reference)
@example([((), 10, 2, 0), ((), 5, 1, 5)])    # no ancestors at all
def test_compiled_region_features_equal_the_reference(rows):
    ancestors = tuple(r[0] for r in rows)
    chars = np.array([r[1] for r in rows], dtype=np.float64)
    words = np.array([r[2] for r in rows], dtype=np.float64)
    link = np.minimum(np.array([r[3] for r in rows], dtype=np.float64), chars)
    fast = features.BlockFeatures._regions(ancestors, chars, words, link)
    slow = features.BlockFeatures._regions_python(ancestors, chars, words, link)
    assert np.array_equal(fast, slow)



@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.binary(min_size=1, max_size=6), st.integers(0, 320), st.integers(-1, 320))
@example(b'<script>{"@type": "NewsArticle"}</script>', b'"@type"', 0, -1)
@example(b"abcabc", b"abc", 1, 5)
@example(b"abc", b"abc", 0, 2)
def test_c_find_is_bytes_find(data, needle, start, end):
    assert html.WALK.get() is not None, "segment._fastwalk is not built or disagrees with its reference"
    from provenance.segment import _fastwalk

    data = data + needle + data                  # the needle is there at least once
    want = data.find(needle, start, len(data) if end < 0 else end)
    assert _fastwalk.find(data, needle, start, end) == want == html._bytes_find(data, needle, start, end)
