"""Provenance inside other people's pipelines: HuggingFace ``datasets`` helpers and datatrove
pipeline steps, for cleaning (`hf_clean`, `ProvenanceClean`: the same `Cleaner` batch path as
the CLI) and for dedup (`hf_dedup`, `ProvenanceDedup`: `provenance.dedup`, the engine behind
``provenance dedup``).

    >>> from datasets import load_dataset
    >>> from provenance.adapters import hf_clean, hf_dedup
    >>> ds = load_dataset("json", data_files="pages.jsonl")["train"]
    >>> ds = ds.map(hf_clean(html_column="html"), batched=True, batch_size=64)
    # adds columns text_clean, title, date, author, clean_error
    >>> ds = hf_dedup(ds, html_column="html")      # one row per wire story, with `duplicates`

    >>> from datatrove.executor import LocalPipelineExecutor
    >>> from provenance.adapters import ProvenanceClean, ProvenanceDedup
    >>> LocalPipelineExecutor(pipeline=[reader, ProvenanceClean(), ProvenanceDedup(), writer]).run()

Install with ``pip install "provenance[datasets]"`` or ``"provenance[datatrove]"``.
"""
from __future__ import annotations

import os
import pickle
import tempfile
from typing import Any, Callable, Optional

from .clean import Cleaner
from .records import InputRecord

OUTPUT_COLUMNS = ("text_clean", "title", "date", "author", "page_type", "clean_error")


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
            "page_type": [d.page_type or "" for d in docs],
            "clean_error": [d.error or "" for d in docs],
        }

    return fn


#: The carried field in which the adapters remember each record's row (dropped from outputs).
_ROW = "__provenance_row"


def _dedup(records, keep: str, workers: int, settings: dict):
    from .engines.local_dedup import dedup

    return dedup(records, keep=keep, workers=workers, **settings)


def hf_dedup(dataset, *, text_column: Optional[str] = "text", html_column: Optional[str] = None,
             id_column: Optional[str] = None, url_column: Optional[str] = "url", keep: str = "origin",
             workers: int = 1, **settings):
    """The rows of a HuggingFace ``Dataset`` that `provenance.dedup` keeps (one per wire group,
    exact duplicates folded, every row in no group), in order, with a ``duplicates`` column: the
    ids of the rows each one stands for (ids: ``id_column``'s values, else row numbers as
    strings). Each row's page is ``html_column`` when given and non-empty, else ``text_column``
    (read as plain text). ``keep``, ``workers`` and the keywords (``dedupe_ids``,
    ``spool_dir``, …) are `provenance.dedup`'s.

    The decision needs the whole dataset: the rows are read once, cleaned and spooled to disk
    by the trace (about twice their cleaned text, under ``spool_dir``); the dataset is then
    indexed (``Dataset.select``), not copied."""

    def records():
        for i, row in enumerate(dataset):
            doc_id = str(row[id_column]) if id_column else str(i)
            html = row.get(html_column) if html_column else None
            rec = {"id": doc_id, _ROW: i}
            if isinstance(html, (str, bytes)) and html:
                rec["html"] = html
            else:
                rec["text"] = row.get(text_column) if text_column else None
            url = row.get(url_column) if url_column else None
            if isinstance(url, str):
                rec["url"] = url
            yield rec

    result = _dedup(records(), keep, workers, settings)
    rows, duplicates = [], []
    for rec in result.records:
        rows.append(rec[_ROW])
        duplicates.append(rec["duplicates"])
    kept = dataset.select(rows)
    if "duplicates" in kept.column_names:
        kept = kept.remove_columns("duplicates")
    return kept.add_column("duplicates", duplicates)


try:  # the datatrove step exists only when datatrove is installed
    from datatrove.pipeline.base import PipelineStep
except ImportError:  # pragma: no cover - exercised when the extra is missing
    PipelineStep = None


if PipelineStep is not None:
    class ProvenanceClean(PipelineStep):
        """datatrove step: replaces each Document's text by its cleaned article text (HTML or
        plain text, detected) and stores title/date/author/page_type in its metadata. Documents whose
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
                    for key in ("title", "date", "author", "page_type"):
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


    class ProvenanceDedup(PipelineStep):
        """datatrove step: yields the documents `provenance.dedup` keeps (one per wire group,
        exact duplicates folded, every document in no group), in order and unchanged but for
        ``metadata["duplicates"]``: the ids of the documents each stands for. Each document's
        text is read as HTML or plain text (``source``: "html", "text", None = detected), its
        ``metadata["url"]``/``["date"]`` used when present.

        It needs the whole corpus before it can yield anything, so it buffers: each document is
        pickled to a spool file as it is read (in ``spool_dir``, default TMPDIR) while the trace
        cleans and spools the bodies (about twice the cleaned text), and the kept ones are read
        back at the end. It dedups the documents of one task: run it with one task (or after a
        step that brings the documents of a story to the same task) for a corpus-wide result.
        Stats: ``kept`` and ``dropped``. Repeated document ids are renamed (``dedupe_ids``)."""

        name = "provenance dedup"
        type = "🫂 - DEDUP"

        def __init__(self, keep: str = "origin", source: Optional[str] = None, spool_dir: Optional[str] = None,
                     workers: int = 1, dedupe_ids: bool = True, **settings):
            super().__init__()
            self.keep, self.source, self.spool_dir, self.workers = keep, source, spool_dir, workers
            self.settings = dict(settings, dedupe_ids=dedupe_ids, spool_dir=spool_dir)

        def run(self, data, rank: int = 0, world_size: int = 1):
            fd, path = tempfile.mkstemp(prefix="provenance-dedup-", suffix=".pickle", dir=self.spool_dir)
            try:
                with os.fdopen(fd, "wb") as spool:
                    def records():
                        for k, doc in enumerate(data):
                            pickle.dump(doc, spool, protocol=pickle.HIGHEST_PROTOCOL)
                            meta = doc.metadata or {}
                            url = meta.get("url")
                            extra = {_ROW: k}
                            if isinstance(meta.get("date"), str):
                                extra["date"] = meta["date"]
                            yield InputRecord(id=str(doc.id), content=doc.text, source=self.source,
                                              url=url if isinstance(url, str) else None, extra=extra)

                    result = _dedup(records(), self.keep, self.workers, self.settings)
                kept = ((rec[_ROW], rec["duplicates"]) for rec in result.records)
                nxt = next(kept, None)
                with open(path, "rb") as spool:
                    k = 0
                    while True:
                        try:
                            doc = pickle.load(spool)
                        except EOFError:
                            break
                        if nxt is not None and nxt[0] == k:
                            doc.metadata["duplicates"] = nxt[1]
                            self.stat_update("kept")
                            yield doc
                            nxt = next(kept, None)
                        else:
                            self.stat_update("dropped")
                        k += 1
            finally:
                os.unlink(path)
