"""A document's signatures for candidate search (pure steps, in two passes over a corpus).

Pass 1, `distinct_tokens`: the normalised tokens of a body, whose document frequencies make the
corpus's `Vocabulary` (frequent tokens are not content; rare ones are names where letters have
no case). Pass 2, `sign_text`: its MinHash signature over content-word bigrams and a smaller
signature of its names (same-event candidates). Both engines sign every document with these.
"""
from __future__ import annotations

import numpy as np

from .minhash import shingles, signature
from .normalize import names, token_hashes, tokenize
from .thresholds import NAME_PERM
from .vocabulary import Vocabulary


def distinct_tokens(text: str) -> set[str]:
    """The distinct normalised tokens of a text (for the corpus's document frequencies)."""
    return set(tokenize(text).words)


def sign_text(text: str, stopwords: frozenset, vocabulary: Vocabulary) -> tuple[np.ndarray, np.ndarray]:
    """(signature uint32[NUM_PERM], name signature uint32[NAME_PERM]) of a body whose language's
    stopwords are ``stopwords``, in a corpus of ``vocabulary``."""
    tok = tokenize(text, stopwords, vocabulary)
    sig = signature(shingles(tok))
    name_sig = signature(np.unique(token_hashes(sorted(names(text, tok, vocabulary)))), NAME_PERM)
    return sig, name_sig
