"""The `provenance` command."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .boilerplate.model import ModelFileError
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


def _force_kind(rec, kind):
    if rec.error is None:
        rec.kind = kind
    return rec


@main.command()
@click.option("--data", "data_dir", default="../shared/data", show_default=True,
              help="The shared data folder (with boilerplate/wcxb-dev).")
@click.option("--out", "out_dir", default="models", show_default=True, help="Where to write the models.")
@click.option("--seed", default=0, show_default=True)
def train(data_dir, out_dir, seed) -> None:
    """Rebuild the boilerplate models from labelled pages (reproducible: fixed seeds)."""
    from .boilerplate.train import train as run

    if not (Path(data_dir) / "boilerplate" / "wcxb-dev" / "manifest.jsonl").is_file():
        raise click.ClickException(f"no boilerplate/wcxb-dev/manifest.jsonl under {data_dir}")
    run(data_dir, out_dir, seed=seed, log=lambda m: click.echo(m, err=True))


@main.command()
def demo() -> None:
    """Clean the bundled sample pages and show what was kept and dropped."""
    from .demo import run_demo

    run_demo()


if __name__ == "__main__":
    main()
