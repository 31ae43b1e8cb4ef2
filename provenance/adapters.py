"""Provenance inside other people's pipelines: a HuggingFace ``datasets.map`` function and a
datatrove pipeline step. Both call the same `Cleaner` batch path as the CLI.

    >>> from datasets import load_dataset
    >>> from provenance.adapters import hf_clean
    >>> ds = load_dataset("json", data_files="pages.jsonl")["train"]
    >>> ds = ds.map(hf_clean(html_column="html"), batched=True, batch_size=64)
    # adds columns text_clean, title, date, author, clean_error

    >>> from datatrove.executor import LocalPipelineExecutor
    >>> from provenance.adapters import ProvenanceClean
    >>> LocalPipelineExecutor(pipeline=[reader, ProvenanceClean(), writer]).run()

Install with ``pip install "provenance[datasets]"`` or ``"provenance[datatrove]"``.
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from .clean import Cleaner

OUTPUT_COLUMNS = ("text_clean", "title", "date", "author", "clean_error")


def hf_clean(cleaner: Optional[Cleaner] = None, *, text_column: Optional[str] = "text",
             html_column: Optional[str] = None) -> Callable[[dict], dict]:
    """A batched ``datasets.map`` function: adds the columns of ``OUTPUT_COLUMNS``.

    Reads ``html_column`` when given (and non-empty for a row), else ``text_column``. Absent
    values are "" (``clean_error`` is "" for a cleaned row). The Cleaner is created lazily, once
    per process (``map(num_proc=N)`` forks workers)."""
    state: dict[str, Any] = {"cleaner": cleaner}

    def fn(batch: dict) -> dict:
        c = state["cleaner"] = state["cleaner"] or Cleaner()
        n = len(next(iter(batch.values()))) if batch else 0
        pages = []
        for i in range(n):
            html = batch[html_column][i] if html_column and html_column in batch else None
            if html:
                pages.append((str(i), html, "html"))
            else:
                text = batch[text_column][i] if text_column and text_column in batch else None
                pages.append((str(i), text, "text"))
        docs = c.clean_many(pages)
        # "" for absent values: datasets types a column from its first batch, and a batch of
        # only None would make it a null column that later strings cannot be written to
        return {
            "text_clean": [d.text if d.error is None else "" for d in docs],
            "title": [d.title or "" for d in docs],
            "date": [d.date or "" for d in docs],
            "author": [d.author or "" for d in docs],
            "clean_error": [d.error or "" for d in docs],
        }

    return fn


try:  # the datatrove step exists only when datatrove is installed
    from datatrove.pipeline.base import PipelineStep
except ImportError:  # pragma: no cover - exercised when the extra is missing
    PipelineStep = None


if PipelineStep is not None:
    class ProvenanceClean(PipelineStep):
        """datatrove step: replaces each Document's text by its cleaned article text (HTML or
        plain text, detected) and stores title/date/author in its metadata. Documents whose
        page cannot be cleaned are kept with ``metadata["provenance_error"]`` set, or dropped
        with ``drop_errors=True`` (counted in the step's stats either way)."""

        name = "provenance clean"
        type = "✂️ - EXTRAC"

        def __init__(self, batch_size: int = 64, drop_errors: bool = False, source: Optional[str] = None):
            super().__init__()
            self.batch_size = batch_size
            self.drop_errors = drop_errors
            self.source = source
            self._cleaner: Optional[Cleaner] = None

        def _flush(self, batch):
            self._cleaner = self._cleaner or Cleaner()
            docs = self._cleaner.clean_many([(d.id, d.text, self.source) for d in batch])
            for doc, cleaned in zip(batch, docs):
                if cleaned.error is not None:
                    self.stat_update("errors")
                    doc.metadata["provenance_error"] = cleaned.error
                    if self.drop_errors:
                        continue
                else:
                    self.stat_update("cleaned")
                    doc.text = cleaned.text
                    for key in ("title", "date", "author"):
                        if getattr(cleaned, key):
                            doc.metadata[key] = getattr(cleaned, key)
                yield doc

        def run(self, data, rank: int = 0, world_size: int = 1):
            batch = []
            for doc in data:
                batch.append(doc)
                if len(batch) >= self.batch_size:
                    yield from self._flush(batch)
                    batch = []
            if batch:
                yield from self._flush(batch)
