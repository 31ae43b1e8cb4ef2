"""The `provenance` command.

Each command turns its flags into one options object (`CleanOptions`, `TraceOptions`) and hands
it to an engine: the local one, or Spark, which honours every option it can and refuses the
others with a one-line error naming them (`SPARK_REFUSES`).
"""
from __future__ import annotations

import time
from pathlib import Path

import click
from click.core import ParameterSource

from .limits import MAX_ALIGN_CHARS, MAX_BLOCKS, MAX_DEPTH, MAX_PAGE_BYTES, MAX_RECORD_BYTES, TEMPLATE_MIN_PAGES
from .options import CleanOptions, OptionError, TraceOptions
from .records import FieldMap


@click.group()
@click.version_option(package_name="provenance")
def main() -> None:
    """Clean scraped news pages and trace the wire stories they derive from."""


def _options(f, opts):
    for opt in reversed(opts):
        f = opt(f)
    return f


def limit_options(f):
    """Per-record limits (README, "Limits"): what is truncated, with a `warnings` entry in the
    record, and what is refused, with an `error`."""
    return _options(f, [
        click.option("--max-record-bytes", type=click.IntRange(1), default=MAX_RECORD_BYTES,
                     show_default=True, help="Largest input record (page file, JSONL line, WARC "
                     "record) after decompression; larger ones get an error."),
        click.option("--max-page-bytes", type=click.IntRange(1), default=MAX_PAGE_BYTES, show_default=True,
                     help="Pages are truncated to this many bytes (text: characters), with a warning."),
        click.option("--max-depth", type=click.IntRange(1), default=MAX_DEPTH, show_default=True,
                     help="HTML nested deeper than this gets an error."),
        click.option("--max-blocks", type=click.IntRange(1), default=MAX_BLOCKS, show_default=True,
                     help="Blocks after this many are dropped, with a warning."),
    ])


def input_options(f):
    """Options shared by clean and trace: field mapping, page source, workers, quiet."""
    return _options(f, [
        click.option("--id-field", default="id", show_default=True, help="JSONL/Parquet field of the id."),
        click.option("--text-field", default="text", show_default=True, help="Field holding plain text."),
        click.option("--html-field", default="html", show_default=True, help="Field holding HTML."),
        click.option("--url-field", default="url", show_default=True, help="Field holding the page URL."),
        click.option("--source", type=click.Choice(["auto", "html", "text"]), default="auto",
                     show_default=True, help="Read pages as HTML, plain text, or decide per page."),
        click.option("--workers", type=click.IntRange(0), default=0, show_default=True,
                     help="Worker processes (0 = all cores)."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line."),
    ])


def engine_options(f):
    return _options(f, [
        click.option("--engine", type=click.Choice(["local", "spark"]), default="local",
                     show_default=True, help="Run here, or on Apache Spark (JSONL/Parquet in, "
                     "a folder of part files out)."),
        click.option("--master", default="local[*]", show_default=True,
                     help="Spark master URL (with --engine spark)."),
        click.option("--spark-conf", "spark_conf", multiple=True, metavar="KEY=VALUE",
                     help="A Spark setting (repeatable), e.g. spark.driver.memory=8g."),
    ])


def clean_options(p: dict, fmt: str = "jsonl", blocks: bool = False, threshold=None) -> CleanOptions:
    """The `CleanOptions` of a command's parameters."""
    fields = FieldMap(id=p["id_field"], text=p["text_field"], html=p["html_field"], url=p["url_field"],
                      max_record_bytes=p["max_record_bytes"])
    try:
        return CleanOptions(fields=fields, source=None if p["source"] == "auto" else p["source"],
                            threshold=threshold, max_page_bytes=p["max_page_bytes"], max_depth=p["max_depth"],
                            max_blocks=p["max_blocks"], blocks=blocks, format=fmt)
    except OptionError as exc:
        raise click.UsageError(str(exc)) from None


#: What the Spark engine cannot do, by parameter, and why; given explicitly, each is an error.
SPARK_REFUSES = {
    "resume": "Spark writes a new folder each run",
    "workers": "Spark's master decides the parallelism (--master)",
    "spool_dir": "Spark keeps its intermediate data itself",
    "report": "the report needs every record on one machine: run it on the output",
}
#: What only the Spark engine reads.
SPARK_ONLY = ("master", "spark_conf")


def _given(name: str) -> bool:
    source = click.get_current_context().get_parameter_source(name)
    return source not in (None, ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)


def _check_engine(engine: str) -> None:
    """Refuse options the chosen engine cannot honour (one line naming them)."""
    if engine == "spark":
        bad = [name for name in SPARK_REFUSES if _given(name)]
        if bad:
            raise click.UsageError("--engine spark: " + "; ".join(
                f"--{n.replace('_', '-')} is not supported ({SPARK_REFUSES[n]})" for n in bad))
    else:
        bad = [name for name in SPARK_ONLY if _given(name)]
        if bad:
            raise click.UsageError(", ".join(f"--{n.replace('_', '-')}" for n in bad) + " needs --engine spark")


def _spark_conf(items) -> dict:
    conf = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(f"--spark-conf wants KEY=VALUE, got {item!r}")
        conf[key.strip()] = value.strip()
    return conf


def _output_format(out, fmt: str) -> str:
    """The output format: ``--format`` or, when not given, the ``-o`` name's (.parquet)."""
    if out and out != "-" and out.rstrip("/").endswith(".parquet") and not _given("fmt"):
        return "parquet"
    return fmt


def _run_spark(paths, out, p: dict, job, name: str, options: CleanOptions):
    """Run a job on Spark: read PATHS, write -o as a folder; return the job's extra."""
    if not out or out == "-":
        raise click.UsageError("--engine spark writes a folder: give -o OUT (OUT.parquet for Parquet)")
    try:
        from .engines import spark as sp
    except ImportError:
        raise click.ClickException('--engine spark needs pyspark: pip install "provenance[spark]"') from None
    t0 = time.time()
    spark = sp.session(p["master"], conf=_spark_conf(p["spark_conf"]))
    try:
        lines, extra = job(sp.read(spark, list(paths), options))
        lines = lines.cache()
        n = lines.count()
        sp.write(lines, out, options.format, name)
        if not p["quiet"]:
            click.echo(f"provenance {name} (spark {p['master']}): {n} records written to {out}, "
                       f"{time.time() - t0:.1f}s", err=True)
        return extra
    except sp.SparkInputError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        spark.stop()


def _records(paths, options: CleanOptions):
    from .io.readers import read_inputs

    return read_inputs(list(paths), options.fields)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out", default=None,
              help="Output file (default: stdout); a .parquet name writes Parquet.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet", "text"]), default="jsonl",
              show_default=True)
@click.option("--blocks", is_flag=True, help="Include every block with its kind and P(body).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=None,
              help="P(body) cut-off (default: the model's).")
@click.option("--resume", is_flag=True,
              help="Continue a killed run: keep the complete records already in -o, do the rest.")
@engine_options
@input_options
@limit_options
def clean(paths, out, fmt, blocks, threshold, resume, engine, **p) -> None:
    """Extract the article text of each page in PATHS (files, folders, JSONL, Parquet, WARC,
    optionally .gz/.zst; or - for stdin)."""
    from .io.output import OutputError, Progress, open_writer, skip_done
    from .modelfile import ModelFileError

    _check_engine(engine)
    options = clean_options(p, _output_format(out, fmt), blocks, threshold)
    if engine == "spark":
        from .engines.spark import clean_dataframe

        _run_spark(paths, out, p, lambda rows: (clean_dataframe(rows, options), None), "clean", options)
        return

    from .engines.local import clean_records

    records = _records(paths, options)
    quiet = p["quiet"]
    try:
        done = 0
        if resume:
            records, done = skip_done(records, out)
        writer = open_writer(out, options.format, append=resume)
        progress = Progress("clean", quiet, initial=done)
        try:
            for rec in clean_records(records, options, workers=p["workers"]):
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
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet", "text"]), default="jsonl",
              show_default=True)
@click.option("--groups", "groups_path", default=None, help="Write every wire and event group as JSON.")
@click.option("--report", default=None, help="Write a self-contained HTML report.")
@click.option("--pair-model", default=None, help="A pair model file (default: the bundled one).")
@click.option("--template-min-pages", type=click.IntRange(1), default=TEMPLATE_MIN_PAGES, show_default=True,
              help="A line on this many pages of one site is template.")
@click.option("--spool-dir", type=click.Path(file_okay=False), default=None,
              help="Where bodies and records are spooled during the run (default: TMPDIR); "
                   "needs about twice the cleaned text of the corpus.")
@click.option("--resume", is_flag=True, help="Do nothing when -o already holds a finished run.")
@engine_options
@input_options
@limit_options
@click.option("--max-align-chars", type=click.IntRange(1), default=MAX_ALIGN_CHARS, show_default=True,
              help="Alignment reads at most this many characters of a body (a warning says so).")
def trace(paths, out, fmt, groups_path, report, pair_model, template_min_pages, spool_dir, resume, engine,
          max_align_chars, **p) -> None:
    """Find the documents of PATHS that derive from a common wire story.

    Groups depend on the whole corpus, so the output is written at the end: -o goes to a
    temporary file renamed into place after --groups and --report, so a killed run leaves no -o
    and a present -o is always complete (--resume then has nothing to do; otherwise it runs).

    Memory: about 3.3 GB per million ~3-KB documents (signatures and pair evidence); bodies and
    records wait on disk in --spool-dir (about twice the cleaned text)."""
    import json
    import os

    from .io.output import OutputError, Progress, open_writer
    from .modelfile import ModelFileError

    _check_engine(engine)
    try:
        options = TraceOptions(clean=clean_options(p, _output_format(out, fmt)), template_min_pages=template_min_pages,
                               max_align_chars=max_align_chars, pair_model=pair_model, spool_dir=spool_dir)
    except OptionError as exc:
        raise click.UsageError(str(exc)) from None
    quiet = p["quiet"]
    if engine == "spark":
        from .engines.spark_trace import trace_dataframe

        groups = _run_spark(paths, out, p, lambda rows: trace_dataframe(rows, options), "trace", options.clean)
        if groups_path:
            with open(groups_path, "w", encoding="utf-8") as fh:
                json.dump(groups, fh, ensure_ascii=False, indent=1)
        return

    from .engines.local_trace import trace as run_trace

    if resume and out and out != "-" and os.path.isfile(out):
        if not quiet:
            click.echo(f"provenance trace: {out} holds a finished run; nothing to do", err=True)
        return
    records = _records(paths, options.clean)
    progress = Progress("trace", quiet)
    to_file = bool(out) and out != "-"
    # all-or-nothing through a renamed temporary file, but only for a regular file: renaming
    # over a device or a FIFO (-o /dev/stdout, a named pipe) would replace it with a file
    atomic = to_file and (not os.path.exists(out) or os.path.isfile(out))
    part = f"{out}.partial" if atomic else out
    try:
        result = run_trace(records, options, workers=p["workers"], progress=progress.update)
        writer = open_writer(part, options.clean.format, command="trace")
        try:
            for rec in result.records:
                writer.write(rec)
        finally:
            writer.close()
        if groups_path:
            with open(groups_path, "w", encoding="utf-8") as fh:
                json.dump(result.groups, fh, ensure_ascii=False, indent=1)
        if report:
            from .report import render_report

            with open(report, "w", encoding="utf-8") as fh:
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


@main.command()
@click.option("--data", "data_dir", default="../shared/data", show_default=True,
              help="The shared data folder (with boilerplate/wcxb-dev).")
@click.option("--out", "out_dir", default="models", show_default=True, help="Where to write the models.")
@click.option("--seed", default=0, show_default=True)
@click.option("--only", type=click.Choice(["all", "boilerplate", "pairs"]), default="all",
              show_default=True, help="Which models to rebuild.")
@click.option("--check", is_flag=True, help="Rebuild nothing: check that the models in --out are the ones "
              "this code trains on this data (their files and training data against metrics.json).")
def train(data_dir, out_dir, seed, only, check) -> None:
    """Rebuild the boilerplate models and the pair model from labelled data (fixed seeds)."""
    if check:
        from .training.boilerplate import check as run_check

        problems = run_check(data_dir, out_dir, log=lambda m: click.echo(m, err=True))
        if problems:
            raise click.ClickException("; ".join(problems))
        click.echo(f"provenance train --check: the models in {out_dir} are what this code trains on {data_dir}",
                   err=True)
        return
    if only in ("all", "boilerplate"):
        from .training.boilerplate import train as run

        if not (Path(data_dir) / "boilerplate" / "wcxb-dev" / "manifest.jsonl").is_file():
            raise click.UsageError(f"no boilerplate/wcxb-dev/manifest.jsonl under {data_dir}")
        run(data_dir, out_dir, seed=seed, log=lambda m: click.echo(m, err=True))
    if only in ("all", "pairs"):
        from .training.pairs import train as run_pairs

        if not (Path(data_dir) / "provenance" / "wirebench-dev" / "docs.jsonl").is_file():
            raise click.UsageError(f"no provenance/wirebench-dev/docs.jsonl under {data_dir}")
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
