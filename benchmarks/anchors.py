"""The anchor tools provenance is compared against, behind one signature.

`ANCHORS[name](html_bytes, url) -> str` gives the tool's main text, paragraphs separated by
newlines. Each tool is set up the way the field benchmarks it (trafilatura's own evaluation in
its tests/evaluate.py and eval_common.py, the Scrapinghub article-extraction benchmark), and gets
the page in the form it natively takes: bytes where the tool decodes them itself.

Every function is wrapped in a `Guarded`: an exception gives "" and is counted (with the first
one kept for the report), so one broken page never stops a run nor silently vanishes.
Imports are lazy, so a tool that is not installed only disables itself.

`BASELINES` are reference points that are not anchors: jusText in trafilatura's evaluation
setting (all stoplists), the whole-page text, and the C4 line rules applied to it (c4_lines.py).
"""
from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Callable

import c4_lines

# trafilatura's canonical benchmark settings (EXTRACT_OPTS in its tests/eval_common.py, the
# "trafilatura" row of its evaluation: fast=False, i.e. with its fallback extractors).
TRAFILATURA_OPTS = {"fast": False, "include_comments": False, "include_tables": True,
                    "include_formatting": False}


class Guarded:
    """A tool function that returns "" on an exception, counting the exceptions."""

    def __init__(self, name: str, fn: Callable[[bytes, str | None], str], dist: str | None):
        self.name, self.fn, self.dist = name, fn, dist
        self.errors = 0
        self.first_error: str | None = None

    def __call__(self, html: bytes, url: str | None = None) -> str:
        try:
            return self.fn(html, url) or ""
        except Exception as exc:  # noqa: BLE001 - any failure counts as empty output
            self.errors += 1
            if self.first_error is None:
                self.first_error = f"{type(exc).__name__}: {exc}"[:300]
            return ""

    def reset(self) -> None:
        self.errors, self.first_error = 0, None

    @property
    def version(self) -> str:
        try:
            return version(self.dist) if self.dist else "-"
        except PackageNotFoundError:  # e.g. provenance run from the working tree
            module = sys.modules.get(self.dist)
            return str(getattr(module, "__version__", "working tree" if module else "not installed"))


def run_trafilatura(html: bytes, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, **TRAFILATURA_OPTS)


def run_readability(html: bytes, url: str | None) -> str:
    """readability's summary is HTML: turned into text with one line per block element."""
    from readability import Document

    return html_to_text(Document(html, url=url).summary())


def run_resiliparse(html: bytes, url: str | None) -> str:
    """Decoded with resiliparse's own encoding detection, as trafilatura's evaluation does."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse(bytes_to_str(html, detect_encoding(html)))
    return extract_plain_text(tree, main_content=True)


def run_justext(html: bytes, url: str | None) -> str:
    """jusText with its English stoplist and default thresholds (the Scrapinghub benchmark's
    setting; trafilatura's evaluation instead unions all stoplists and changes thresholds)."""
    import justext

    paragraphs = justext.justext(html, _english_stoplist())
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def run_justext_all(html: bytes, url: str | None) -> str:
    """jusText as trafilatura's evaluation runs it: all stoplists united, its own thresholds
    (a reference for pages in other languages, where the English stoplist finds no prose)."""
    import justext

    paragraphs = justext.justext(html, _all_stoplists(), 50, 200, 0.1, 0.2, 0.2, 200, True)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def run_wholepage(html: bytes, url: str | None) -> str:
    """All visible text of the page, one line per block (the upper bound on recall)."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse(bytes_to_str(html, detect_encoding(html)))
    return extract_plain_text(tree, main_content=False)


def run_wholepage_c4(html: bytes, url: str | None) -> str:
    return c4_lines.clean_text(run_wholepage(html, url))


_STOPLIST = _ALL_STOPLISTS = None


def _english_stoplist():
    global _STOPLIST
    if _STOPLIST is None:
        import justext

        _STOPLIST = justext.get_stoplist("English")
    return _STOPLIST


def _all_stoplists():
    global _ALL_STOPLISTS
    if _ALL_STOPLISTS is None:
        import justext

        _ALL_STOPLISTS = frozenset(w for lang in justext.get_stoplists() for w in justext.get_stoplist(lang))
    return _ALL_STOPLISTS


# Block-level tags whose boundaries are paragraph breaks in readability's summary HTML.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd details div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary table "
    "tbody td tfoot th thead tr ul".split())


def html_to_text(html: str) -> str:
    """Text of an HTML fragment, one line per block element, whitespace collapsed in lines."""
    import lxml.html
    from lxml import etree

    if not html or not html.strip():
        return ""
    root = lxml.html.fromstring(html)
    parts: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        is_tag = isinstance(el.tag, str)
        if event == "start":
            if is_tag and el.tag in _BLOCK_TAGS:
                parts.append("\n")
            if is_tag and el.text and el.tag not in ("script", "style"):
                parts.append(el.text)
        else:
            if is_tag and el.tag in _BLOCK_TAGS:
                parts.append("\n")
            if el.tail and el is not root:
                parts.append(el.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


ANCHORS: dict[str, Guarded] = {
    "trafilatura": Guarded("trafilatura", run_trafilatura, "trafilatura"),
    "readability": Guarded("readability", run_readability, "readability-lxml"),
    "resiliparse": Guarded("resiliparse", run_resiliparse, "resiliparse"),
    "justext": Guarded("justext", run_justext, "justext"),
}

BASELINES: dict[str, Guarded] = {
    "justext-all": Guarded("justext-all", run_justext_all, "justext"),
    "wholepage": Guarded("wholepage", run_wholepage, "resiliparse"),
    "wholepage+c4": Guarded("wholepage+c4", run_wholepage_c4, "resiliparse"),
}


def provenance_tools() -> dict[str, Guarded]:
    """provenance's per-page API, or {} with a warning while it is not importable."""
    from scoring import import_repo_module

    try:
        provenance = import_repo_module("provenance")
        clean = provenance.clean
    except Exception as exc:  # noqa: BLE001 - the package is being written concurrently
        print(f"warning: skipping provenance ({type(exc).__name__}: {exc})", file=sys.stderr)
        return {}
    return {
        "provenance": Guarded("provenance", lambda html, url: clean(html, url=url).text, "provenance"),
        # the precision / recall knob (--favor) and --comments, the same models
        "provenance-precision": Guarded("provenance-precision", _variant(provenance, favor="precision"), "provenance"),
        "provenance-recall": Guarded("provenance-recall", _variant(provenance, favor="recall"), "provenance"),
    }


def _variant(provenance, **options):
    """clean(html, url).text with a Cleaner of these options, made on first use."""
    state = {}

    def run(html, url):
        if "cleaner" not in state:
            state["cleaner"] = provenance.Cleaner(**options)
        return state["cleaner"].clean(html, url=url).text
    return run
