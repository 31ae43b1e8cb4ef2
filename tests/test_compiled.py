"""The compiled fast paths give exactly what their Python references give.

`segment.html.walk_c` (C walk over Lexbor's structs) against `walk_python`; the flattened
tree sums of `_fasttrees` against scikit-learn's `predict_proba`; the batched counters
(`text_cue_counts`, text_stats' separators) against their one-text-at-a-time originals.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.boilerplate import fastpredict
from provenance.boilerplate.cues import TEXT_CUE_NAMES, text_cue_counts, text_cue_hits
from provenance.boilerplate.textstats import SEPARATORS, text_stats
from provenance.clean import Cleaner
from provenance.segment import html
from provenance.segment.html import segment_html, walk_c, walk_python

from conftest import HTML_FILES
from fuzzing import nasty_text


def both(page, **kw):
    return segment_html(page, walk_with=walk_c, **kw), segment_html(page, walk_with=walk_python, **kw)


def test_the_installed_package_uses_the_compiled_paths():
    # `pip install .` compiles both extensions on a machine with a C compiler (CI has one)
    assert html.walk is walk_c, "segment.html fell back to the Python walk: _fastwalk not built or probe failed"
    cleaner = Cleaner()
    for model in (cleaner.html_model, cleaner.text_model):
        assert model._fast(model.pass1).flat is not None, "_fasttrees not built or its check failed"


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
            parts.append(draw(st.sampled_from(["<!-- c -->", "<?php x ?>", "<br>", "&amp;", "<script>s</script>"])))
    return "<html><body>" + "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_pages(), st.integers(1, 30))
def test_c_walk_equals_python_walk_on_generated_pages(page, max_blocks):
    try:
        fast, slow = both(page, max_blocks=max_blocks)
    except html.PageError:
        return
    assert fast == slow


@pytest.mark.parametrize("family", ["html", "text"])
def test_compiled_tree_sums_equal_scikit_learn(family):
    model = getattr(Cleaner(), f"{family}_model")
    for clf in (model.pass1, model.pass2):
        if clf is None:
            continue
        fast = fastpredict.FastTrees(clf)
        assert fast.flat is not None
        rng = np.random.default_rng(1)
        X = (rng.normal(size=(700, clf.n_features_in_)) * rng.choice([0.1, 1, 10], size=clf.n_features_in_))
        X[rng.random(X.shape) < 0.05] = np.nan
        assert np.array_equal(fast.proba(X), clf.predict_proba(X)[:, 1])


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
