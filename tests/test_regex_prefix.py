"""The first-two-characters pre-test of `kinds.hard_kind`'s start-anchored rules
(`boilerplate.regex_prefix`): it may let through texts the rules do not match, never the
reverse, whatever the case-insensitive twins (ı/i, ſ/s, K/k, …) and white space."""
from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from provenance.boilerplate import kinds, regex_prefix

_KEYWORDS = ["share", "Share This Post", "by", "By Jane", "Author:", "note for readers", "Editor's note",
             "disclaimer", "©", "(c) 2024", "Copyright 2025", "Photo: X", "5 min read", "12min read",
             "a  note to readers", "Foto: Y", "Źródło: PAP", "фото", "شارك", "শেয়ার করুন", "分享", "シェア",
             "공유", "e-mail", "Tweet", "print", "Dısclaımer", "ſhare", "\u212aaynak: x", "İmage: y", "µ"]
_CASE_TWINS = ["ı", "İ", "ſ", "\u212a", "µ", "μ", "ς", "σ", "Σ", "ϐ", "β", "ß", "ẞ", "ﬅ", "ﬆ", "ǅ", "ǆ", "Ǆ"]
_anchor_texts = st.lists(st.one_of(st.sampled_from(_KEYWORDS), st.sampled_from(_CASE_TWINS),
                                   st.sampled_from([" ", "\t", "\u3000", "\x1c", ":", "-", "1", "٣", "x"]),
                                   st.characters(), st.text(max_size=3)), max_size=6).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_anchor_texts)
@example("  Dısclaımer: x")
@example("ſhare")
@example("\u212aaynak: x")
def test_first_two_pretest_never_rejects_a_text_the_rules_match(text):
    assert kinds._MAY_ANCHOR(text) or kinds._ANY_ANCHORED.match(text) is None


def test_first_two_pretest_rejects_ordinary_prose():
    pre = regex_prefix.FirstTwo(list(kinds._ANCHORED))
    assert pre.usable and pre.pairs and pre.digit_first
    assert not pre.may_match("The minister said on Tuesday that talks would resume.")
    assert not pre.may_match("   ") and not pre.may_match("")
    assert pre.may_match("  Share this") and pre.may_match("© 2025 Site") and pre.may_match("3 min read")
    # an ASCII character's fold is its lower case, which the pre-test reads instead
    assert all(regex_prefix._fold(chr(c)) == chr(c).lower() for c in range(128))


def test_first_two_pretest_gives_up_on_patterns_it_cannot_describe():
    for pattern in (r"^\s*\w+:", r"^\s*(?:\s|x)", r"x|^\s*y", r"^\s*"):
        assert not regex_prefix.FirstTwo([re.compile(pattern, re.I)]).usable
    assert regex_prefix.FirstTwo([re.compile(r"^\s*\d{4}\s*x", re.I)]).digit_first
