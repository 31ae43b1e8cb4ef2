"""A document's signatures for candidate search (a pure step).

`sign_text` gives, for one cleaned body: its MinHash signature over content-word bigrams, a
smaller signature of its names (same-event candidates) and its distinct content words (whose
document frequencies weight alignment). Both engines sign every document with it.
"""
from __future__ import annotations

import numpy as np

from .minhash import shingles, signature
from .normalize import names, token_hashes, tokenize
from .thresholds import NAME_PERM


def sign_text(text: str) -> tuple[np.ndarray, np.ndarray, set[str]]:
    """(signature uint32[NUM_PERM], name signature uint32[NAME_PERM], content words)."""
    tok = tokenize(text)
    words = {w for w, c in zip(tok.words, tok.content) if c}
    sig = signature(shingles(tok))
    name_sig = signature(np.unique(token_hashes(sorted(names(text, tok)))), NAME_PERM)
    return sig, name_sig, words
