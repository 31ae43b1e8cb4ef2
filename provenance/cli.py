"""The `provenance` command.

Each command turns its flags into one options object (`CleanOptions`, `TraceOptions`) and hands
it to an engine: the local one, or Spark, which honours every option it can and refuses the
others with a one-line error naming them (`SPARK_REFUSES`).

Unix manners, the same for every command: a bad flag, a value out of range, contradictory
flags (``--format`` against the ``-o`` name, ``--resume`` without ``-o``…), inputs that do not
exist or hold nothing to read are one-line errors (click's usage errors: exit 2, with a hint)
before anything runs; a missing input among existing ones is an error record, the run goes on,
and the exit status is 1 with a line naming it at the end; a closed stdout (``| head``) ends
the run quietly with status 0.
"""
from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import click
from click.core import ParameterSource

from .limits import MAX_ALIGN_CHARS, MAX_BLOCKS, MAX_DEPTH, MAX_PAGE_BYTES, MAX_RECORD_BYTES, TEMPLATE_MIN_PAGES
from .options import CleanOptions, OptionError, TraceOptions
from .records import FieldMap


@click.group()
@click.version_option(package_name="provenance")
def main() -> None:
    """Clean scraped news pages, trace the wire stories they derive from, and keep one record
    per story (dedup)."""


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
        # "--kind" is the option's first name, kept so that scripts written for it still run
        click.option("--source", "--kind", "source", type=click.Choice(["auto", "html", "text"]), default="auto",
                     show_default=True, help="Read pages as HTML, plain text, or decide per page."),
        click.option("--workers", type=click.IntRange(0), default=0, show_default=True,
                     help="Worker processes (0 = all cores)."),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line."),
    ])


def selection_options(f):
    """What of a page is kept, beyond the model's cut-off (clean, trace, dedup)."""
    return _options(f, [
        click.option("--comments", is_flag=True,
                     help="Keep the reader comments under an article in the text (dropped by default)."),
        click.option("--favor", type=click.Choice(["precision", "recall"]), default=None,
                     help="Less text and less boilerplate, or more text (default: balanced); "
                          "not with --threshold."),
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


def clean_options(p: dict, fmt: str = "jsonl", blocks: bool = False, threshold=None,
                  markdown: bool = False) -> CleanOptions:
    """The `CleanOptions` of a command's parameters."""
    fields = FieldMap(id=p["id_field"], text=p["text_field"], html=p["html_field"], url=p["url_field"],
                      max_record_bytes=p["max_record_bytes"])
    try:
        return CleanOptions(fields=fields, source=None if p["source"] == "auto" else p["source"],
                            threshold=threshold, max_page_bytes=p["max_page_bytes"], max_depth=p["max_depth"],
                            max_blocks=p["max_blocks"], blocks=blocks, format=fmt, markdown=markdown,
                            comments=p.get("comments", False), favor=p.get("favor"))
    except OptionError as exc:
        raise click.UsageError(str(exc)) from None


#: What the Spark engine cannot do, by parameter, and why; given explicitly, each is an error.
SPARK_REFUSES = {
    "resume": "Spark writes a new folder each run",
    "workers": "Spark's master decides the parallelism (--master)",
    "spool_dir": "Spark keeps its intermediate data itself",
    "report": "the report needs every record on one machine: run it on the output",
    "dedupe_ids": "Spark stops on a repeated id; rename them in the input",
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


#: The format an -o name stands for, by its extension.
EXTENSION_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet",
                     ".txt": "text", ".md": "markdown", ".markdown": "markdown"}
FORMAT_NAMES = {"jsonl": "JSONL", "parquet": "Parquet", "text": "text", "markdown": "Markdown"}


def _output_format(out, fmt: str, formats=("jsonl", "parquet", "text", "markdown")) -> str:
    """The output format: ``--format``, else the one the ``-o`` name's extension stands for
    (`EXTENSION_FORMATS`), else JSONL. A ``--format`` that contradicts the extension, an
    extension of a format this command does not write, and a compressed name are usage errors;
    a name without a known extension (``-o out``, ``-o /dev/stdout``, a Spark folder) takes
    ``--format``."""
    named = None
    if out and out != "-":
        base = out.rstrip("/")
        suffixes = [x.lower() for x in Path(base).suffixes]
        if suffixes and suffixes[-1] in (".gz", ".zst"):
            raise click.UsageError(f"-o {out}: compressed output is not written; pipe it instead, "
                                   f"e.g. `... | gzip > {Path(base).name}`")
        named = EXTENSION_FORMATS.get(suffixes[-1]) if suffixes else None
    if named is not None and named not in formats:
        raise click.UsageError(f"-o {out} names {FORMAT_NAMES[named]} output, which this command does "
                               f"not write ({', '.join(formats)}): choose another name")
    if not _given("fmt"):
        return named or fmt
    if named is not None and named != fmt:
        raise click.UsageError(f"--format {fmt} contradicts -o {out} (a {FORMAT_NAMES[named]} name): "
                               f"drop --format (the name decides) or change the name")
    return fmt


def _check_output(out, fmt: str, resume: bool, plan=None) -> None:
    """Refuse output settings that cannot work: Parquet to stdout, ``--resume`` without a
    JSONL file to resume, -o naming one of the inputs."""
    to_stdout = not out or out == "-"
    if fmt == "parquet" and to_stdout:
        raise click.UsageError("Parquet output needs a file: -o out.parquet")
    if resume and to_stdout:
        raise click.UsageError("--resume needs -o FILE: it continues (or, for trace, checks) that file")
    if plan is not None and not to_stdout and os.path.exists(out):
        here = os.path.realpath(out)
        if any(os.path.realpath(f) == here for _, f, _ in plan.listing):
            raise click.UsageError(f"-o {out} is also an input: writing it would destroy what is read")


def _check_inputs(paths) -> "InputPlan":
    """What PATHS hold (`io.readers.plan_inputs`); a usage error when nothing can be read: every
    path missing, or only folders with no file of a known type."""
    from .io.readers import plan_inputs

    plan = plan_inputs(list(paths))
    if plan.listing or plan.stdin:
        return plan
    if plan.missing and not plan.empty:
        raise click.UsageError(f"no such file or folder: {', '.join(plan.missing)}")
    folders = ", ".join(plan.missing + plan.empty)
    raise click.UsageError(f"nothing to read in {folders}: provenance reads {READ_TYPES}")


#: What the readers read, for messages.
READ_TYPES = ".html .htm .txt .jsonl .parquet .warc files (each optionally .gz or .zst)"


def _unread(plan) -> str | None:
    """The end-of-run complaint about inputs that gave nothing (missing paths, folders without
    a readable file) when others were read; None when every input was read."""
    bad = []
    if plan.missing:
        bad.append(f"not found: {', '.join(plan.missing)} (an error record each)")
    if plan.empty:
        bad.append(f"no file to read in {', '.join(plan.empty)} ({READ_TYPES})")
    return "; ".join(bad) or None


def _progress(name: str, quiet: bool, plan, stage=None):
    """The run's progress bar, counting what the input's plan knows the total of (documents
    for page files, else bytes); not started (see `Progress.start`)."""
    from .io.output import Progress

    known = plan.records_known
    if known is not None:
        return Progress(name, quiet, total=known, stage=stage, start=False)
    if plan.stdin:
        return Progress(name, quiet, stage=stage, start=False)
    return Progress(name, quiet, total=plan.total_bytes, unit="B", stage=stage, start=False)


def _stdout_closed() -> None:
    """The reader of stdout went away (``| head``): point stdout at /dev/null so that the
    interpreter's last flush cannot fail again, and end quietly (status 0)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


@contextmanager
def _run_errors():
    """The run's failures as one-line errors: a closed stdout ends it quietly (status 0), an
    unwritable output or a bad model file is ``Error: …`` (status 1)."""
    from .io.output import OutputError
    from .modelfile import ModelFileError
    from .records import DuplicateIdError

    try:
        yield
    except BrokenPipeError:
        _stdout_closed()
        raise _Quiet() from None
    except OSError as exc:
        raise click.ClickException(f"cannot write output: {exc.strerror or exc}") from None
    except (ModelFileError, OutputError, DuplicateIdError) as exc:
        raise click.ClickException(str(exc)) from None


class _Quiet(click.exceptions.Exit):
    """Ends the run with status 0 and no message (stdout was closed by its reader)."""

    def __init__(self):
        super().__init__(0)


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


def _records(paths, options: CleanOptions, plan=None, progress=None):
    from .io.readers import read_inputs

    on_read = progress.read if progress is not None and progress.unit == "B" else None
    return read_inputs(list(paths), options.fields, on_read=on_read, plan=plan)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out", default=None,
              help="Output file (default: stdout); its extension gives the format when --format is "
                   "not given (.jsonl, .parquet, .txt text view, .md Markdown).")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet", "text", "markdown"]), default="jsonl",
              show_default=True, help="jsonl, parquet, text (a quick look) or markdown (the body as "
              "Markdown, each record opening with a front-matter block).")
@click.option("--blocks", is_flag=True, help="Include every block with its kind and P(body) "
              "(the text view lists them after the text).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=None,
              help="P(body) cut-off (default: the model's); a page where no block reaches it keeps "
                   "its blocks within 70% of its best one when that one is at least 0.15.")
@selection_options
@click.option("--resume", is_flag=True,
              help="Continue a killed run: keep the complete records already in -o, do the rest "
                   "(JSONL output only).")
@click.option("--markdown", "markdown", is_flag=True,
              help="Add the body as Markdown (field markdown) to each record; --format markdown writes it.")
@engine_options
@input_options
@limit_options
def clean(paths, out, fmt, blocks, threshold, resume, markdown, engine, **p) -> None:
    """Extract the article text of each page in PATHS (files, folders, JSONL, Parquet, WARC,
    optionally .gz/.zst; or - for stdin).

    Exit status: 0 when every input was read (records that could not be cleaned carry an
    error); 1 when some input was missing or held nothing to read (the others are written and
    a last line names it), or the output could not be written; 2 for a usage error."""
    from .io.output import open_writer, skip_done

    _check_engine(engine)
    fmt = _output_format(out, fmt)
    if blocks and fmt == "markdown":
        raise click.UsageError("--blocks with --format markdown: the Markdown view has no place for "
                               "blocks (use --format text or jsonl)")
    if resume and fmt != "jsonl":
        raise click.UsageError(f"--resume needs JSONL output (not {FORMAT_NAMES[fmt]}): "
                               + ("a killed Parquet file has no footer to resume from" if fmt == "parquet"
                                  else "a view cannot be read back"))
    options = clean_options(p, fmt, blocks, threshold, markdown)
    if engine == "spark":
        from .engines.spark import clean_dataframe

        _check_output(out, fmt, resume)
        _run_spark(paths, out, p, lambda rows: (clean_dataframe(rows, options), None), "clean", options)
        return

    from .engines.local import clean_records

    plan = _check_inputs(paths)
    _check_output(out, fmt, resume, plan)
    quiet = p["quiet"]
    progress = _progress("clean", quiet, plan)
    records = _records(paths, options, plan, progress)
    with _run_errors():
        done = 0
        if resume:
            records, done = skip_done(records, out)
        writer = open_writer(out, options.format, append=resume)
        progress.start(done)
        cleaned = clean_records(records, options, workers=p["workers"])
        try:
            for rec in cleaned:
                writer.write(rec)
                progress.update(rec)
                if progress.n % 32 == 0:
                    writer.flush()
        finally:
            progress.close()
            cleaned.close()           # a closed stdout: cancel the batches not started, stop the pool
            writer.close()
    if not quiet:
        click.echo(progress.summary(), err=True)
    _end(plan)


def _end(plan) -> None:
    """Status 1 and a line naming them when some inputs gave nothing (see `_unread`)."""
    unread = _unread(plan)
    if unread:
        raise click.ClickException(f"some inputs were not read: {unread}")


def corpus_options(f):
    """Options of the commands that trace a corpus (trace, dedup): the pair model, the
    template rule and the spool."""
    return _options(f, [
        click.option("--pair-model", default=None, help="A pair model file (default: the bundled one)."),
        click.option("--template-min-pages", type=click.IntRange(1), default=TEMPLATE_MIN_PAGES,
                     show_default=True, help="A line on this many pages of one site is template."),
        click.option("--spool-dir", type=click.Path(file_okay=False), default=None,
                     help="Where bodies and records are spooled during the run (default: TMPDIR); "
                          "needs about twice the cleaned text of the corpus."),
    ])


DEDUPE_IDS = click.option("--dedupe-ids", is_flag=True,
                          help="A repeated input id is renamed <id>#2, … (with a warning in its "
                               "record) instead of stopping the run.")
TRACE_FORMATS = ("jsonl", "parquet", "text")


def trace_options(p: dict, fmt: str, template_min_pages, max_align_chars, pair_model, spool_dir,
                  dedupe_ids: bool) -> TraceOptions:
    """The `TraceOptions` of a command's parameters."""
    try:
        return TraceOptions(clean=clean_options(p, fmt), template_min_pages=template_min_pages,
                            max_align_chars=max_align_chars, pair_model=pair_model, spool_dir=spool_dir,
                            dedupe_ids=dedupe_ids)
    except OptionError as exc:
        raise click.UsageError(str(exc)) from None


def _atomic_output(out, fmt: str, command: str, records, also=()) -> None:
    """Write ``records`` to ``out`` whole or not at all: to ``out.partial``, renamed into place
    after ``also`` (callables writing --groups, --report) have run; a device or FIFO (-o
    /dev/stdout, a named pipe) is written directly (renaming over it would replace it)."""
    from .io.output import open_writer

    to_file = bool(out) and out != "-"
    atomic = to_file and (not os.path.exists(out) or os.path.isfile(out))
    part = f"{out}.partial" if atomic else out
    writer = open_writer(part, fmt, command=command)
    try:
        for rec in records:
            writer.write(rec)
    finally:
        writer.close()
    for write in also:
        write()
    if atomic:
        os.replace(part, out)


def _write_json(path: str, data) -> None:
    import json

    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out", default=None,
              help="Output file (default: stdout); its extension gives the format when --format is "
                   "not given (.jsonl, .parquet, .txt).")
@click.option("--format", "fmt", type=click.Choice(TRACE_FORMATS), default="jsonl",
              show_default=True)
@click.option("--groups", "groups_path", default=None, help="Write every wire and event group as JSON.")
@click.option("--report", default=None, help="Write a self-contained HTML report.")
@corpus_options
@click.option("--resume", is_flag=True, help="Do nothing when -o already holds a finished run.")
@selection_options
@engine_options
@input_options
@limit_options
@click.option("--max-align-chars", type=click.IntRange(1), default=MAX_ALIGN_CHARS, show_default=True,
              help="Alignment reads at most this many characters of a body (a warning says so).")
@DEDUPE_IDS
def trace(paths, out, fmt, groups_path, report, pair_model, template_min_pages, spool_dir, resume, engine,
          max_align_chars, dedupe_ids, **p) -> None:
    """Find the documents of PATHS that derive from a common wire story.

    Groups depend on the whole corpus, so the output is written at the end: -o goes to a
    temporary file renamed into place after --groups and --report, so a killed run leaves no -o
    and a present -o is always complete (--resume then has nothing to do; otherwise it runs).
    Ids must be unique across the input: a repeated one stops the run with an error naming it
    and both records (--dedupe-ids renames the later ones).

    Memory: about 3.3 GB per million ~3-KB documents (signatures and pair evidence); bodies and
    records wait on disk in --spool-dir (about twice the cleaned text)."""
    _check_engine(engine)
    fmt = _output_format(out, fmt, TRACE_FORMATS)
    options = trace_options(p, fmt, template_min_pages, max_align_chars, pair_model, spool_dir, dedupe_ids)
    quiet = p["quiet"]
    if engine == "spark":
        from .engines.spark_trace import trace_dataframe

        _check_output(out, fmt, resume)
        groups = _run_spark(paths, out, p, lambda rows: trace_dataframe(rows, options), "trace", options.clean)
        if groups_path:
            _write_json(groups_path, groups)
        return

    from .engines.local_trace import trace as run_trace

    _check_output(out, fmt, resume)
    if resume and os.path.isfile(out):
        if not quiet:
            click.echo(f"provenance trace: {out} holds a finished run; nothing to do", err=True)
        return
    plan = _check_inputs(paths)
    _check_output(out, fmt, resume, plan)
    progress = _progress("trace", quiet, plan, stage="clean")
    records = _records(paths, options.clean, plan, progress)
    with _run_errors():
        progress.start()
        try:
            result = run_trace(records, options, workers=p["workers"], progress=progress.update, stages=progress)
            progress.stage("writing", len(result.records))
            also = []
            if groups_path:
                also.append(lambda: _write_json(groups_path, result.groups))
            if report:
                also.append(lambda: _write_report(report, result))
            _atomic_output(out, options.clean.format, "trace", _advancing(result.records, progress), also)
        finally:
            progress.close()
    st = result.stats
    if not quiet:
        click.echo(progress.summary(f", {st['wire_groups']} wire groups, {st['event_groups']} event "
                                    f"groups, {st['candidate_pairs']} pairs verified"), err=True)
    _end(plan)


def _advancing(records, progress):
    for rec in records:
        yield rec
        progress.advance()


def _write_report(path: str, result) -> None:
    from .report import render_report

    with open(path, "w", encoding="utf-8") as fh:
        fh.write(render_report(result.records, result.groups))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", "out", default=None,
              help="Output file (default: stdout); its extension gives the format when --format is "
                   "not given (.jsonl, .parquet, .txt).")
@click.option("--format", "fmt", type=click.Choice(TRACE_FORMATS), default="jsonl", show_default=True)
@click.option("--keep", type=click.Choice(["origin", "longest", "earliest"]), default="origin",
              show_default=True, help="Which record of a set of duplicates stays: the wire group's "
              "origin, the longest body, or the earliest date.")
@click.option("--groups", "groups_path", default=None, help="Write every wire and event group as JSON.")
@corpus_options
@selection_options
@engine_options
@input_options
@limit_options
@click.option("--max-align-chars", type=click.IntRange(1), default=MAX_ALIGN_CHARS, show_default=True,
              help="Alignment reads at most this many characters of a body (a warning says so).")
@DEDUPE_IDS
def dedup(paths, out, fmt, keep, groups_path, pair_model, template_min_pages, spool_dir, engine,
          max_align_chars, dedupe_ids, **p) -> None:
    """Keep one record per wire story: trace PATHS, fold exact duplicates (the same normalised
    body) and each wire group into one record (the group's origin, or --keep), and write it
    with every record that belongs to no group, in input order. Each kept record is a trace
    record plus `duplicates`: the ids of the records it stands for (folded, not written).

    Site templates and stock phrases never make two pages duplicates: bodies are compared
    after trace removed the site's template lines, and groups are trace's verified wire groups.
    Written at the end, whole or not at all (as trace)."""
    _check_engine(engine)
    fmt = _output_format(out, fmt, TRACE_FORMATS)
    options = trace_options(p, fmt, template_min_pages, max_align_chars, pair_model, spool_dir, dedupe_ids)
    quiet = p["quiet"]
    t0 = time.time()
    if engine == "spark":
        from .engines.spark_dedup import dedup_dataframe

        _check_output(out, fmt, False)
        p["quiet"] = True       # the dedup summary below says it all
        extra = _run_spark(paths, out, p, lambda rows: dedup_dataframe(rows, options, keep), "dedup", options.clean)
        groups, stats = extra
        if groups_path:
            _write_json(groups_path, groups)
        if not quiet:
            click.echo(_dedup_summary(stats, time.time() - t0, f" (spark {p['master']})"), err=True)
        return

    from .engines.local_dedup import dedup as run_dedup

    plan = _check_inputs(paths)
    _check_output(out, fmt, False, plan)
    progress = _progress("dedup", quiet, plan, stage="clean")
    records = _records(paths, options.clean, plan, progress)
    with _run_errors():
        progress.start()
        try:
            result = run_dedup(records, options, keep=keep, workers=p["workers"], progress=progress.update,
                               stages=progress)
            progress.stage("writing", len(result.records))
            also = [lambda: _write_json(groups_path, result.groups)] if groups_path else []
            _atomic_output(out, options.clean.format, "dedup", _advancing(result.records, progress), also)
        finally:
            progress.close()
    if not quiet:
        click.echo(_dedup_summary(result.stats, time.time() - t0), err=True)
    _end(plan)


def _dedup_summary(st: dict, seconds: float, where: str = "") -> str:
    return (f"provenance dedup{where}: {st['documents']} read, {st['exact_duplicates_folded']} exact "
            f"duplicates folded, {st['wire_groups_folded']} wire groups folded "
            f"({st['wire_duplicates_folded']} records), {st['kept']} kept, {seconds:.1f}s")


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
