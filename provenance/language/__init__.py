"""Language identification of cleaned text: py3langid's shipped model and answers, loaded from
a per-user cache of the decompressed model and run by a compiled walk (see `identify`).

    >>> from provenance.language import identify, identify_many
    >>> identify("Die Regierung hat neue Maßnahmen angekündigt.")
    'de'
    >>> identify_many(bodies)        # first SAMPLE_CHARS characters of each

Importing this package loads nothing: the model is mapped on the first call.
"""
from .identify import SAMPLE_CHARS, UND, identify, identify_many, iso639_1

__all__ = ["identify", "identify_many", "iso639_1", "SAMPLE_CHARS", "UND"]
