"""Per-language UI phrase and date data for ``benchmarks.multilingual.ui``.

Each module ``<lang>.py`` defines ``DATA``: phrase pools (lists of at least 6 distinct
phrasings; every 3rd one, counting from the third, is used only by validation sites, so keep
near-duplicate spellings in the same part), author names, tag words, month/weekday names, date
patterns (``formats``, ``weekday_fmt``, ``time_fmt``, ``time12_fmt``, ``styles``), datelines
(``cities``, ``agencies``, ``dateline_fmt``), 8 ``sites`` as (name, domain) and ``translit``
(local-language class-name stems for HTML markup). Placeholders: {name} {site} {year} {n} {tags}.
"""
