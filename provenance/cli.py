"""The `provenance` command."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .io.output import OutputError, Progress, open_writer, skip_done
from .io.readers import MAX_RECORD_BYTES, FieldMap, read_inputs
from .segment.html import MAX_BLOCKS, MAX_BYTES, MAX_DEPTH
from .wire.align import MAX_ALIGN_CHARS
from .modelfile import ModelFileError


@click.group()
@click.version_option(package_name="provenance")
def main() -> None:
    """Clean scraped news pages and trace the wire stories they derive from."""


def _fields(id_field, text_field, html_field, url_field, max_record_bytes=MAX_RECORD_BYTES) -> FieldMap:
    return FieldMap(id=id_field, text=text_field, html=html_field, url=url_field,
                    max_record_bytes=max_record_bytes)


def limit_options(f):
    """Per-record limits (README, "Limits"): what is truncated, with a `warnings` entry in the
    record, and what is refused, with an `error`."""
    opts = [
        click.option("--max-record-bytes", type=click.IntRange(1), default=MAX_RECORD_BYTES,
                     show_default=True, help="Largest input record (page file, JSONL line, WARC "
                     "record) after decompression; larger ones get an error."),
        click.option("--max-page-bytes", type=click.IntRange(1), default=MAX_BYTES, show_default=True,
                     help="Pages are truncated to this many bytes (text: characters), with a warning."),
        click.option("--max-depth", type=click.IntRange(1), default=MAX_DEPTH, show_default=True,
                     help="HTML nested deeper than this gets an error."),
        click.option("--max-blocks", type=click.IntRange(1), default=MAX_BLOCKS, show_default=True,
                     help="Blocks after this many are dropped, with a warning."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def _limits(max_page_bytes, max_depth, max_blocks) -> dict:
    return {"max_bytes": max_page_bytes, "max_depth": max_depth, "max_blocks": max_blocks}


def input_options(f):
    """Options shared by clean and trace: field mapping, page kind, workers, quiet."""
    opts = [
        click.option("--id-field", default="id", show_default=True, help="JSONL/Parquet field of the id."),
        click.option("--text-field", default="text", show_default=True, help="Field holding plain text."),
        click.option("--html-field", default="html", show_default=True, help="Field holding HTML."),
        click.option("--url-field", default="url", show_default=True, help="Field holding the page URL."),
        click.option("--kind", type=click.Choice(["auto", "html", "text"]), default="auto",
                     show_default=True, help="Treat pages as HTML, plain text, or decide per page."),
        click.option("--workers", type=int, default=0, show_default=True,
                     help="Worker processes (0 = all cores)."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line."),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def engine_options(f):
    f = click.option("--spark-conf", "spark_conf", multiple=True, metavar="KEY=VALUE",
                     help="A Spark setting (repeatable), e.g. spark.driver.memory=8g.")(f)
    f = click.option("--master", default="local[*]", show_default=True,
                     help="Spark master URL (with --engine spark).")(f)
    return click.option("--engine", type=click.Choice(["local", "spark"]), default="local",
                        show_default=True, help="Run here, or on Apache Spark (JSONL/Parquet in, "
                        "a folder of JSONL/Parquet parts out).")(f)


def _spark_conf(items) -> dict:
    conf = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.ClickException(f"--spark-conf wants KEY=VALUE, got {item!r}")
        conf[key.strip()] = value.strip()
    return conf


def _run_spark(paths, out, master, job, quiet, name, conf=()):
    """Run a DataFrame job on Spark: read PATHS, write -o as a folder; return the job's extra."""
    if not out or out == "-":
        raise click.ClickException("--engine spark writes a folder: give -o OUT (OUT.parquet for Parquet)")
    try:
        from .engines import spark as sp
    except ImportError:
        raise click.ClickException('--engine spark needs pyspark: pip install "provenance[spark]"') from None
    t0 = time.time()
    spark = sp.session(master, conf=_spark_conf(conf))
    try:
        df, extra = job(sp.read(spark, list(paths)))
        sp.write(df, out)
        if not quiet:
            n = spark.read.parquet(out).count() if out.rstrip("/").endswith(".parquet") else spark.read.json(out).count()
            click.echo(f"provenance {name} (spark {master}): {n} records written to {out}, "
                       f"{time.time() - t0:.1f}s", err=True)
        return extra
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        spark.stop()


def _inputs(paths, kind, fields):
    records = read_inputs(list(paths), fields)
    if kind != "auto":
        records = (_force_kind(r, kind) for r in records)
    return records


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out", default=None,
              help="Output file (default: stdout); a .parquet name writes Parquet.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet", "text"]), default="jsonl",
              show_default=True)
@click.option("--blocks", is_flag=True, help="Include every block with its kind and P(body).")
@click.option("--threshold", type=float, default=None, help="P(body) cut-off (default: the model's).")
@click.option("--resume", is_flag=True,
              help="Continue a killed run: keep the complete records already in -o, do the rest.")
@engine_options
@input_options
@limit_options
def clean(paths, out, fmt, blocks, threshold, resume, engine, master, spark_conf, id_field, text_field,
          html_field, url_field, kind, workers, quiet, max_record_bytes, max_page_bytes, max_depth,
          max_blocks) -> None:
    """Extract the article text of each page in PATHS (files, folders, JSONL, Parquet, WARC,
    optionally .gz/.zst; or - for stdin)."""
    from .engines.local import clean_records

    if engine == "spark":
        from .engines.spark import clean_dataframe
        _run_spark(paths, out, master, lambda df: (clean_dataframe(
            df, id_field=id_field, text_field=text_field, html_field=html_field, threshold=threshold), None),
            quiet, "clean", spark_conf)
        return

    records = _inputs(paths, kind, _fields(id_field, text_field, html_field, url_field, max_record_bytes))
    try:
        done = 0
        if resume:
            records, done = skip_done(records, out)
        writer = open_writer(out, fmt, append=resume)
        progress = Progress("clean", quiet, initial=done)
        try:
            for rec in clean_records(records, workers=workers, with_blocks=blocks,
                                     cleaner_kwargs={"threshold": threshold,
                                                     **_limits(max_page_bytes, max_depth, max_blocks)}):
                writer.write(rec)
                progress.update(rec)
                if progress.n % 32 == 0:
                    writer.flush()
        finally:
            writer.close()
    except OSError as exc:
        raise click.ClickException(f"cannot write output: {exc.strerror or exc}") from None
    except (ModelFileError, OutputError) as exc:
        raise click.ClickException(str(exc)) from None
    if not quiet:
        click.echo(progress.summary(), err=True)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out", default=None,
              help="Output file (default: stdout); a .parquet name writes Parquet.")
@click.option("--groups", "groups_path", default=None, help="Write every wire and event group as JSON.")
@click.option("--report", "report_path", default=None, help="Write a self-contained HTML report.")
@click.option("--pair-model", default=None, help="A pair model file (default: the bundled one).")
@click.option("--template-min-pages", type=int, default=None,
              help="A line on this many pages of one site is template (default 3).")
@click.option("--spool-dir", type=click.Path(file_okay=False), default=None,
              help="Where bodies and records are spooled during the run (default: TMPDIR); "
                   "needs about twice the cleaned text of the corpus.")
@click.option("--resume", is_flag=True, help="Do nothing when -o already holds a finished run.")
@engine_options
@input_options
@limit_options
@click.option("--max-align-chars", type=click.IntRange(1), default=MAX_ALIGN_CHARS, show_default=True,
              help="Alignment reads at most this many characters of a body (a warning says so).")
def trace(paths, out, groups_path, report_path, pair_model, template_min_pages, spool_dir, resume, engine,
          master, spark_conf, id_field, text_field, html_field, url_field, kind, workers, quiet,
          max_record_bytes, max_page_bytes, max_depth, max_blocks, max_align_chars) -> None:
    """Find the documents of PATHS that derive from a common wire story.

    Groups depend on the whole corpus, so the output is written at the end: -o goes to a
    temporary file renamed into place after --groups and --report, so a killed run leaves no -o
    and a present -o is always complete (--resume then has nothing to do; otherwise it runs).

    Memory: about 3.3 GB per million ~3-KB documents (signatures and pair evidence); bodies and
    records wait on disk in --spool-dir (about twice the cleaned text)."""
    import json
    import os

    from .wire import trace as run_trace

    if engine == "spark":
        from .engines.spark_trace import trace_dataframe
        if report_path or template_min_pages:
            raise click.ClickException("--engine spark: --report and --template-min-pages are local-only")
        groups = _run_spark(paths, out, master, lambda df: trace_dataframe(
            df, id_field=id_field, text_field=text_field, html_field=html_field, url_field=url_field,
            pair_model=pair_model), quiet, "trace", spark_conf)
        if groups_path:
            with open(groups_path, "w", encoding="utf-8") as fh:
                json.dump(groups, fh, ensure_ascii=False, indent=1)
        return

    if resume and out and out != "-" and os.path.isfile(out):
        if not quiet:
            click.echo(f"provenance trace: {out} holds a finished run; nothing to do", err=True)
        return
    records = _inputs(paths, kind, _fields(id_field, text_field, html_field, url_field, max_record_bytes))
    progress = Progress("trace", quiet)
    to_file = bool(out) and out != "-"
    # all-or-nothing through a renamed temporary file, but only for a regular file: renaming
    # over a device or a FIFO (-o /dev/stdout, a named pipe) would replace it with a file
    atomic = to_file and (not os.path.exists(out) or os.path.isfile(out))
    part = f"{out}.partial" if atomic else out
    try:
        result = run_trace(records, workers=workers, pair_model=pair_model,
                           template_min_pages=template_min_pages, progress=progress.update,
                           spool_dir=spool_dir, max_align_chars=max_align_chars,
                           cleaner_kwargs=_limits(max_page_bytes, max_depth, max_blocks))
        writer = open_writer(part, "parquet" if to_file and out.endswith(".parquet") else "jsonl")
        try:
            for rec in result.records:
                writer.write(rec)
        finally:
            writer.close()
        if groups_path:
            with open(groups_path, "w", encoding="utf-8") as fh:
                json.dump(result.groups, fh, ensure_ascii=False, indent=1)
        if report_path:
            from .report import render_report

            with open(report_path, "w", encoding="utf-8") as fh:
                fh.write(render_report(result.records, result.groups))
        if atomic:
            os.replace(part, out)
    except OSError as exc:
        raise click.ClickException(f"cannot write output: {exc.strerror or exc}") from None
    except (ModelFileError, OutputError) as exc:
        raise click.ClickException(str(exc)) from None
    st = result.stats
    if not quiet:
        click.echo(progress.summary(f", {st['wire_groups']} wire groups, {st['event_groups']} event "
                                    f"groups, {st['candidate_pairs']} pairs verified"), err=True)


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
