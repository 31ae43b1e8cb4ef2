"""`provenance demo`: clean the bundled pages (the five seed articles as plain text and a few
HTML pages) and show, for each, its metadata, what was kept and what was dropped and why."""
from __future__ import annotations

from collections import Counter
from importlib import resources

import click

from .clean import Cleaner


SHOW_DROPPED = 10


def bundled_pages() -> list[tuple[str, bytes, str]]:
    root = resources.files("provenance.fixtures")
    pages = []
    for sub, kind in (("seeds", "text"), ("html", "html")):
        folder = root.joinpath(sub)
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".txt", ".html")):
                pages.append((f"{sub}/{entry.name}", entry.read_bytes(), kind))
    return pages


def run_demo() -> None:
    cleaner = Cleaner()
    docs = cleaner.clean_many(bundled_pages())
    for doc in docs:
        click.secho(f"== {doc.id}", bold=True)
        if doc.error:
            click.echo(f"   error: {doc.error}")
            continue
        click.echo(f"   title: {doc.title!r}  date: {doc.date!r}  author: {doc.author!r}")
        body = doc.body_blocks
        words = sum(len(b.text.split()) for b in body)
        click.echo(f"   kept {len(body)} of {len(doc.blocks)} blocks ({words} words)")
        dropped = [b for b in doc.blocks if b.kind != "body"]
        for b in dropped[:SHOW_DROPPED]:
            text = b.text if len(b.text) <= 70 else b.text[:67] + "..."
            click.echo(f"   - dropped [{b.kind}, P(body)={b.p_body:.2f}] {text}")
        if len(dropped) > SHOW_DROPPED:
            kinds = Counter(b.kind for b in dropped[SHOW_DROPPED:])
            click.echo(f"   - ... and {len(dropped) - SHOW_DROPPED} more dropped: "
                       + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))
        first = body[0].text if body else ""
        click.echo(f"   begins: {first[:100]}{'...' if len(first) > 100 else ''}")
