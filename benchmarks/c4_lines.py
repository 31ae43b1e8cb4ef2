"""C4's line heuristics, as a baseline for cleaning plain text (no HTML needed).

Why: the C4 rules are the most used "boilerplate removal" of LLM pretraining corpora, so any
line classifier the project builds should beat them on the same lines.

Source: Raffel et al. 2020, "Exploring the Limits of Transfer Learning with a Unified Text-to-Text
Transformer" (JMLR 21), section 2.2, as implemented in TensorFlow Datasets'
``tensorflow_datasets/text/c4_utils.py`` (``clean_page``), whose constants and order of checks are
followed here exactly. Note the published thresholds: at least 5 words per line (not 3) and at
least 3 sentences per page.

Rules, applied to each line after stripping it and deleting Wikipedia-style citation markers
(``[12]``, ``[]``, ``[edit]``, ``[citation needed]``), in this order:
  1. drop the line unless it ends in a terminal mark: ``.`` ``?`` ``!`` or ``"`` (ASCII double
     quote only, as in the code; typographic quotes do not count), and drop it if it ends in
     ``...``;
  2. drop the line if it has fewer than 5 whitespace-separated words;
  3. drop the whole page if the line contains "lorem ipsum" (case-insensitive);
  4. drop the line if it contains "javascript" (case-insensitive);
  5. drop the whole page if the line contains a curly bracket ``{``;
  6. drop the line if it contains "terms of use", "privacy policy", "cookie policy",
     "uses cookies", "use of cookies" or "use cookies" (case-insensitive);
  7. finally drop the whole page if the kept lines hold fewer than 3 sentences.
As in the code, the page-level checks 3 and 5 only look at lines that passed checks 1-2.

Not reproduced: the "bad words" page filter (a content filter, not boilerplate removal),
language identification, and the corpus-level deduplication of repeated 3-sentence spans.
Sentence counting used NLTK's Punkt English model, which needs a download; here a sentence is
a run of ``.``, ``!`` or ``?`` (optionally followed by closing quotes/brackets) before
whitespace or the end of the line, with at least one per kept line.
"""
from __future__ import annotations

import re

MIN_WORDS_PER_LINE = 5
MIN_NUM_SENTENCES = 3
END_MARKS = (".", "?", "!", '"')
ELLIPSIS = "..."
POLICY_SUBSTRINGS = ("terms of use", "privacy policy", "cookie policy", "uses cookies",
                     "use of cookies", "use cookies")
CITATION = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)")


def _sentences(line: str) -> int:
    return max(1, len(_SENTENCE_END.findall(line)))


def _clean_lines(lines: list[str]) -> tuple[list[bool], list[str]]:
    """The keep mask and the citation-stripped lines (all False when the page is dropped)."""
    mask = [False] * len(lines)
    stripped = [CITATION.sub("", line.strip()) for line in lines]
    sentences = 0
    for i, line in enumerate(stripped):
        if not line.endswith(END_MARKS) or line.endswith(ELLIPSIS):
            continue
        if len(line.split()) < MIN_WORDS_PER_LINE:
            continue
        lower = line.lower()
        if "lorem ipsum" in lower:
            return [False] * len(lines), stripped
        if "javascript" in lower:
            continue
        if "{" in line:
            return [False] * len(lines), stripped
        if any(p in lower for p in POLICY_SUBSTRINGS):
            continue
        sentences += _sentences(line)
        mask[i] = True
    if sentences < MIN_NUM_SENTENCES:
        return [False] * len(lines), stripped
    return mask, stripped


def keep_mask(lines: list[str]) -> list[bool]:
    """For each line of a page, True when C4's rules keep it."""
    return _clean_lines(lines)[0]


def clean_text(text: str) -> str:
    """The page as C4 would emit it: kept lines, citation markers removed, joined by newlines."""
    mask, stripped = _clean_lines(text.splitlines())
    return "\n".join(line for keep, line in zip(mask, stripped) if keep)
