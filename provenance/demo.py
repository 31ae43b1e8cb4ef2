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


def trace_pages() -> list[dict]:
    """The five seeds, three unrelated article texts and the HTML pages, as trace records."""
    root = resources.files("provenance.fixtures")
    recs = []
    for sub, field in (("seeds", "text"), ("unrelated", "text"), ("html", "html")):
        for entry in sorted(root.joinpath(sub).iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".txt", ".html")):
                recs.append({"id": f"{sub}/{entry.name}",
                             field: entry.read_bytes().decode("utf-8", errors="replace")})
    return recs


def run_trace_demo() -> None:
    from .engines.local_trace import trace

    result = trace(trace_pages())
    by_id = {r["id"]: r for r in result.records}
    click.secho("\n== trace: wire groups", bold=True)
    for g in result.groups["wire_groups"]:
        click.echo(f"   {g['id']}: {len(g['members'])} articles, origin {g['origin']}")
        for m in sorted(g["members"], key=lambda m: (not m["origin"], -m["derived_fraction"], m["id"])):
            passages = by_id[m["id"]]["passages"]
            click.echo(f"   - {m['id']:<42} derived {m['derived_fraction']:6.1%}  "
                       f"{len(passages)} shared passages{'  (origin)' if m['origin'] else ''}")
        click.echo(f"   wire text: {g['text'][:160]!r}...")
    click.secho("== trace: event groups (same event, text not shared)", bold=True)
    for g in result.groups["event_groups"]:
        outside = [m for m in g["members"] if by_id[m]["wire_group"] is None]
        click.echo(f"   {g['id']}: {len(g['members'])} articles; not in a wire group: {', '.join(outside) or '-'}")
    alone = [r["id"] for r in result.records if r["wire_group"] is None and r["event_group"] is None]
    click.echo(f"   unrelated (no group): {', '.join(alone)}")
