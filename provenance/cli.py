"""The `provenance` command."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .modelfile import ModelFileError
from .io.readers import read_inputs
from .io.writers import WRITERS


@click.group()
@click.version_option(package_name="provenance")
def main() -> None:
    """Clean scraped news pages and trace the wire stories they derive from."""


def _open_out(out: str | None):
    if out is None or out == "-":
        return sys.stdout, False
    try:
        return open(out, "w", encoding="utf-8"), True
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}") from None


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out", default=None, help="Output file (default: stdout).")
@click.option("--format", "fmt", type=click.Choice(sorted(WRITERS)), default="jsonl", show_default=True)
@click.option("--blocks", is_flag=True, help="Include every block with its kind and P(body).")
@click.option("--workers", type=int, default=1, show_default=True,
              help="Worker processes (0 = all cores).")
@click.option("--kind", type=click.Choice(["auto", "html", "text"]), default="auto", show_default=True,
              help="Treat pages as HTML, plain text, or decide per page.")
@click.option("--threshold", type=float, default=None, help="P(body) cut-off (default: the model's).")
def clean(paths, out, fmt, blocks, workers, kind, threshold) -> None:
    """Extract the article text of each page in PATHS (files, folders, JSONL, or - for stdin)."""
    from .engines.local import clean_records

    stream, close = _open_out(out)
    writer = WRITERS[fmt](stream)
    records = read_inputs(list(paths))
    if kind != "auto":
        records = (_force_kind(r, kind) for r in records)
    t0 = time.time()
    n = errors = 0
    try:
        for rec in clean_records(records, workers=workers, with_blocks=blocks,
                                 cleaner_kwargs={"threshold": threshold}):
            writer.write(rec)
            n += 1
            errors += rec.get("error") is not None
            if n % 32 == 0:
                writer.flush()
        writer.flush()
    except OSError as exc:
        raise click.ClickException(f"cannot write output: {exc.strerror or exc}") from None
    except ModelFileError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        if close:
            stream.close()
    click.echo(f"provenance clean: {n} records, {n - errors} cleaned, {errors} errors, "
               f"{time.time() - t0:.1f}s", err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out", default=None, help="Output JSONL (default: stdout).")
@click.option("--groups", "groups_path", default=None, help="Write every wire and event group as JSON.")
@click.option("--report", "report_path", default=None, help="Write a self-contained HTML report.")
@click.option("--workers", type=int, default=1, show_default=True,
              help="Worker processes (0 = all cores).")
@click.option("--kind", type=click.Choice(["auto", "html", "text"]), default="auto", show_default=True,
              help="Treat pages as HTML, plain text, or decide per page.")
@click.option("--pair-model", default=None, help="A pair model file (default: the bundled one).")
@click.option("--template-min-pages", type=int, default=None,
              help="A line on this many pages of one site is template (default 3).")
def trace(paths, out, groups_path, report_path, workers, kind, pair_model, template_min_pages) -> None:
    """Find the documents of PATHS that derive from a common wire story."""
    import json

    from .wire import trace as run_trace

    records = read_inputs(list(paths))
    if kind != "auto":
        records = (_force_kind(r, kind) for r in records)
    t0 = time.time()
    try:
        result = run_trace(records, workers=workers, pair_model=pair_model,
                           template_min_pages=template_min_pages)
    except ModelFileError as exc:
        raise click.ClickException(str(exc)) from None
    stream, close = _open_out(out)
    try:
        writer = WRITERS["jsonl"](stream)
        for rec in result.records:
            writer.write(rec)
        writer.flush()
        if groups_path:
            with open(groups_path, "w", encoding="utf-8") as fh:
                json.dump(result.groups, fh, ensure_ascii=False, indent=1)
        if report_path:
            from .report import render_report

            with open(report_path, "w", encoding="utf-8") as fh:
                fh.write(render_report(result.records, result.groups))
    except OSError as exc:
        raise click.ClickException(f"cannot write output: {exc.strerror or exc}") from None
    finally:
        if close:
            stream.close()
    st = result.stats
    click.echo(f"provenance trace: {st['documents']} records, {st['errors']} errors, "
               f"{st['wire_groups']} wire groups, {st['event_groups']} event groups, "
               f"{st['candidate_pairs']} pairs verified, {time.time() - t0:.1f}s", err=True)


def _force_kind(rec, kind):
    if rec.error is None:
        rec.kind = kind
    return rec


@main.command()
@click.option("--data", "data_dir", default="../shared/data", show_default=True,
              help="The shared data folder (with boilerplate/wcxb-dev).")
@click.option("--out", "out_dir", default="models", show_default=True, help="Where to write the models.")
@click.option("--seed", default=0, show_default=True)
@click.option("--only", type=click.Choice(["all", "boilerplate", "pairs"]), default="all",
              show_default=True, help="Which models to rebuild.")
def train(data_dir, out_dir, seed, only) -> None:
    """Rebuild the boilerplate models and the pair model from labelled data (fixed seeds)."""
    if only in ("all", "boilerplate"):
        from .boilerplate.train import train as run

        if not (Path(data_dir) / "boilerplate" / "wcxb-dev" / "manifest.jsonl").is_file():
            raise click.ClickException(f"no boilerplate/wcxb-dev/manifest.jsonl under {data_dir}")
        run(data_dir, out_dir, seed=seed, log=lambda m: click.echo(m, err=True))
    if only in ("all", "pairs"):
        from .wire.train import train as run_pairs

        if not (Path(data_dir) / "provenance" / "wirebench-dev" / "docs.jsonl").is_file():
            raise click.ClickException(f"no provenance/wirebench-dev/docs.jsonl under {data_dir}")
        metrics = run_pairs(Path(data_dir), Path(out_dir))
        for corpus, m in metrics["leave_one_corpus_out"].items():
            click.echo(f"pairs held out {corpus}: derived F1 {m['derived_f1']:.3f} "
                       f"(P {m['derived_precision']:.3f} R {m['derived_recall']:.3f})", err=True)


@main.command()
def demo() -> None:
    """Clean the bundled sample pages, then trace the wire story the seed articles share."""
    from .demo import run_demo, run_trace_demo

    run_demo()
    run_trace_demo()


if __name__ == "__main__":
    main()
