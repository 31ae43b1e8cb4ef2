"""`trace` on Spark: the steps of `provenance.wire`, scheduled with Spark's joins and group-bys.

Every result is computed by the same calls as the local engine (`engines.local_trace`):
clean (`clean.clean_batch`, per partition) → site-template lines (`templates.line_key` counted
by a group-by, decided by `TemplateLines.bar`, then `templates.body_text` per document) →
token document frequencies (`sign.distinct_tokens`, a group-by: the corpus's `Vocabulary`) →
signatures (`sign.sign_text`) → LSH band
keys (`minhash.band_keys`) grouped, each bucket paired by `minhash.bucket_pairs`, kept by
`candidates.agreement` → small candidate components expanded (`candidates.expand_components`,
on the driver, over the edges only) → each pair verified (`verify.prepared`, `verify.evidence`,
`verify.decide`) in the executors → the pairs that matter (`groups.matters`) collected and the
groups decided by `groups.Decisions` on the driver → each record's fields added in the
executors. Only the links, the template keys, the document frequencies and the origins' texts
reach the driver. The records and groups equal the local engine's (tests/test_spark.py).
"""
from __future__ import annotations

import pickle

import numpy as np

from ..clean import clean_batch
from ..options import TraceOptions
from ..records import DuplicateIdError
from ..schema import trace_defaults
from ..wire.align import PackedPassages, Passage
from ..wire.candidates import agreement, expand_components, id_hash
from ..wire.groups import Decisions, PairResult, matters
from ..wire.minhash import NUM_PERM, band_keys, bucket_pairs, live_rows, lsh_params
from ..wire.pairs import FEATURES
from ..lexicon.stopwords import function_words
from ..wire.sign import distinct_tokens, sign_text
from ..wire.templates import TemplateLines, body_text, line_key, site_of
from ..wire.thresholds import (MIN_ESTIMATED_JACCARD, MIN_NAME_ESTIMATE, NAME_PERM, NAME_SIMILARITY,
                               TARGET_SIMILARITY)
from ..wire.verify import decide, evidence, prepared
from ..wire.vocabulary import Vocabulary
from .local_trace import load_pair_model
from .spark import BATCH, FILE, POSITION, get_cleaner, input_records, ordered

_U64 = 1 << 64


def _signed(u: int) -> int:
    """An unsigned 64-bit hash as Spark's signed long."""
    return u - _U64 if u >= 1 << 63 else u


def _struct(*fields):
    import pyarrow as pa

    return pa.schema([pa.field(n, t) for n, t in fields])


def _spark(schema):
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def _cleaned(rows, options: TraceOptions):
    """Per document: its clean record (pickled, without blocks and text), site, body lines and
    the (site, line) keys of all its blocks."""
    import pyarrow as pa

    schema = _struct(("id", pa.string()), ("known", pa.bool_()), ("site", pa.string()),
                     ("rec", pa.binary()), ("body", pa.list_(pa.string())), ("keys", pa.list_(pa.int64())),
                     (FILE, pa.int64()), (POSITION, pa.int64()))
    clean = options.clean_with_blocks()
    kinds = clean.text_kinds

    def run(batches):
        cleaner = get_cleaner(clean)
        for batch in batches:
            rows_ = batch.to_pylist()
            for lo in range(0, len(rows_), BATCH):
                recs, order = input_records(rows_[lo:lo + BATCH], clean.fields)
                cols = {k: [] for k in schema.names}
                cols[FILE], cols[POSITION] = [f for f, _ in order], [p for _, p in order]
                for rec, out in zip(recs, clean_batch(cleaner, recs, True)):
                    site = site_of({"site": rec.extra.get("site"), "url": rec.url or rec.extra.get("url")})
                    blocks = out.pop("blocks", None) or []
                    out.pop("text", None)
                    cols["id"].append(out["id"])
                    cols["known"].append(site is not None)
                    cols["site"].append(site)
                    cols["rec"].append(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
                    cols["body"].append([b["text"] for b in blocks if b["kind"] in kinds])
                    cols["keys"].append(sorted({_signed(line_key(site, b["text"])) for b in blocks} - {0}))
                yield pa.RecordBatch.from_pydict(cols, schema=schema)

    return rows.mapInArrow(run, _spark(schema)), schema


def _documents(cleaned, templates_bc, options: TraceOptions):
    """Per document: its record (pickled), matched body, date, language, error flag and
    distinct tokens (for the vocabulary)."""
    import pyarrow as pa

    schema = _struct(("id", pa.string()), ("rec", pa.binary()), ("text", pa.string()), ("date", pa.string()),
                     ("lang", pa.string()), ("failed", pa.bool_()), ("tokens", pa.list_(pa.string())),
                     (FILE, pa.int64()), (POSITION, pa.int64()))

    def run(batches):
        templates = templates_bc.value
        for batch in batches:
            cols = {k: [] for k in schema.names}
            for r in batch.to_pylist():
                out = trace_defaults(pickle.loads(r["rec"]))
                text = body_text(out, r["body"], r["site"], templates, options.max_align_chars)
                date, lang = out.get("date"), out.get("lang")
                for k, v in (("id", r["id"]), ("rec", pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)),
                             ("text", text), ("date", date if isinstance(date, str) else None),
                             ("lang", lang if isinstance(lang, str) else None),
                             ("failed", out.get("error") is not None), ("tokens", sorted(distinct_tokens(text))),
                             (FILE, r[FILE]), (POSITION, r[POSITION])):
                    cols[k].append(v)
            yield pa.RecordBatch.from_pydict(cols, schema=schema)

    return cleaned.mapInArrow(run, _spark(schema))


def _with_signatures(docs, vocabulary_bc):
    """The documents with their signatures (``sig``, ``nsig``), without their tokens."""
    import pyarrow as pa

    schema = _struct(("id", pa.string()), ("rec", pa.binary()), ("text", pa.string()), ("date", pa.string()),
                     ("lang", pa.string()), ("failed", pa.bool_()), ("sig", pa.binary()), ("nsig", pa.binary()),
                     (FILE, pa.int64()), (POSITION, pa.int64()))

    def run(batches):
        vocabulary = vocabulary_bc.value
        for batch in batches:
            cols = batch.to_pydict()
            sigs = [sign_text(t, function_words(lang), vocabulary) for t, lang in zip(cols["text"], cols["lang"])]
            cols["sig"] = [a.tobytes() for a, _ in sigs]
            cols["nsig"] = [b.tobytes() for _, b in sigs]
            yield pa.RecordBatch.from_pydict({k: cols[k] for k in schema.names}, schema=schema)

    return docs.drop("tokens").mapInArrow(run, _spark(schema))


def _bucket_rows(docs, column: str, perms: int, threshold: float):
    """(band, key, id, id hash) of every document with a non-empty signature, per band."""
    import pyarrow as pa

    schema = _struct(("band", pa.int64()), ("key", pa.int64()), ("id", pa.string()), ("idhash", pa.int64()))
    bands, rows = lsh_params(threshold, perms)

    def run(batches):
        for batch in batches:
            ids = batch.column("id").to_pylist()
            if not ids:
                continue
            sigs = np.stack([np.frombuffer(b, dtype=np.uint32) for b in batch.column(column).to_pylist()])
            live = live_rows(sigs)
            sigs, ids = sigs[live], [ids[i] for i in live.tolist()]
            if not ids:
                continue
            hashes = [_signed(id_hash(i)) for i in ids]
            for band in range(bands):
                yield pa.RecordBatch.from_pydict({
                    "band": [band] * len(ids), "key": band_keys(sigs, band, rows).view(np.int64).tolist(),
                    "id": ids, "idhash": hashes}, schema=schema)

    return docs.select("id", column).mapInArrow(run, _spark(schema))


def _candidates(spark, docs, column: str, perms: int, threshold: float, min_estimate: float):
    """(distinct id pairs (a < b) of one signature column that pass the estimate, the number of
    band-collision pairs before it)."""
    from pyspark.sql import functions as F

    buckets = (_bucket_rows(docs, column, perms, threshold).groupBy("band", "key")
               .agg(F.collect_list(F.struct("idhash", "id")).alias("m")).where(F.size("m") > 1))

    def pairs_of(row):
        members = sorted((m["id"], m["idhash"]) for m in row["m"])
        keys = np.array([h for _, h in members], dtype=np.int64).view(np.uint64)
        ids = [i for i, _ in members]
        return [(min(ids[a], ids[b]), max(ids[a], ids[b])) for a, b in bucket_pairs(keys, row["band"]).tolist()
                if ids[a] != ids[b]]

    pairs = spark.createDataFrame(buckets.rdd.flatMap(pairs_of).distinct(), "a string, b string").cache()
    n_lsh = pairs.count()
    sa = docs.select(F.col("id").alias("a"), F.col(column).alias("sa"))
    sb = docs.select(F.col("id").alias("b"), F.col(column).alias("sb"))
    est = F.udf(lambda x, y: agreement(np.frombuffer(x, np.uint32), np.frombuffer(y, np.uint32)), "double")
    kept = pairs.join(sa, "a").join(sb, "b").where(est("sa", "sb") >= min_estimate)
    return sorted((r["a"], r["b"]) for r in kept.select("a", "b").collect()), n_lsh


def _verified(spark, docs, pairs: list, vocabulary_bc, options: TraceOptions):
    """(number of pairs verified, their `PairResult`s that matter)."""
    import pyarrow as pa
    from pyspark.sql import functions as F

    passage = pa.struct([("a_start", pa.int64()), ("a_end", pa.int64()), ("b_start", pa.int64()),
                         ("b_end", pa.int64()), ("exact", pa.bool_()), ("tokens", pa.int64())])
    schema = _struct(("a", pa.string()), ("b", pa.string()), ("p_unrelated", pa.float64()),
                     ("p_event", pa.float64()), ("p_derived", pa.float64()), ("names_event", pa.bool_()),
                     ("passages", pa.list_(passage)), ("matters", pa.bool_()))
    cap, model_path = options.max_align_chars, options.pair_model

    def run(batches):
        model = load_pair_model(model_path)
        vocabulary = vocabulary_bc.value
        for batch in batches:
            rows = batch.to_pylist()
            if not rows:
                continue
            cache: dict = {}

            def prep(i, text, date, lang):
                if i not in cache:
                    cache[i] = prepared(i, text or "", date, lang, vocabulary, cap)
                return cache[i]

            feats, passages = [], []
            for r in rows:
                est = agreement(np.frombuffer(r["sig_a"], np.uint32), np.frombuffer(r["sig_b"], np.uint32))
                x, ps = evidence(prep(r["a"], r["text_a"], r["date_a"], r["lang_a"]),
                                 prep(r["b"], r["text_b"], r["date_b"], r["lang_b"]), vocabulary, est)
                feats.append(x)
                passages.append(ps)
            X = np.array(feats, dtype=float).reshape(len(feats), len(FEATURES))
            results = decide(model, [(r["a"], r["b"]) for r in rows], X, passages)
            yield pa.RecordBatch.from_pylist([
                {"a": p.a, "b": p.b, "p_unrelated": p.p_unrelated, "p_event": p.p_event,
                 "p_derived": p.p_derived, "names_event": bool(p.names_event),
                 "passages": [{"a_start": q.a_start, "a_end": q.a_end, "b_start": q.b_start, "b_end": q.b_end,
                               "exact": q.exact, "tokens": q.tokens} for q in p.passages],
                 "matters": matters(p.p_derived, p.p_event, p.names_event)}
                for p in results], schema=schema)

    if not pairs:
        return 0, []
    pdf = spark.createDataFrame(pairs, "a string, b string")
    side = lambda s: docs.select(F.col("id").alias(s), F.col("text").alias(f"text_{s}"),  # noqa: E731
                                 F.col("date").alias(f"date_{s}"), F.col("lang").alias(f"lang_{s}"),
                                 F.col("sig").alias(f"sig_{s}"))
    joined = pdf.join(side("a"), "a").join(side("b"), "b").sortWithinPartitions("a", "b")
    verified = joined.mapInArrow(run, _spark(schema)).cache()
    n = verified.count()
    kept = verified.where(F.col("matters")).collect()
    results = [PairResult(r["a"], r["b"], r["p_unrelated"], r["p_event"], r["p_derived"],
                          PackedPassages(Passage(**q.asDict()) for q in r["passages"]), r["names_event"])
               for r in kept]
    return n, sorted(results, key=lambda p: (p.a, p.b))


def _refuse_repeated_ids(cleaned) -> None:
    """`records.DuplicateIdError` for the first id (in input order) that two records share:
    groups name their members by id (the local engine stops the same way)."""
    from pyspark.sql import functions as F

    where = F.struct(F.col(FILE).alias("f"), F.col(POSITION).alias("p"))
    dup = (cleaned.groupBy("id").agg(F.count("*").alias("n"), F.sort_array(F.collect_list(where)).alias("at"))
           .where(F.col("n") > 1).orderBy(F.col("at")[0]["f"], F.col("at")[0]["p"]).limit(1).collect())
    if dup:
        (first, second) = dup[0]["at"][:2]
        raise DuplicateIdError(dup[0]["id"], f"input file #{first['f'] + 1} record {first['p']}",
                               f"input file #{second['f'] + 1} record {second['p']}")


def trace_dataframe(rows, options: TraceOptions):
    """(one output line per input record, as `provenance trace` writes it (column ``value``),
    the groups dict): `provenance.trace` over the rows `engines.spark.read` gives."""
    import pyarrow as pa
    from pyspark.sql import functions as F

    from ..io.writers import json_line

    spark = rows.sparkSession
    cleaned, _ = _cleaned(rows, options)
    cleaned = cleaned.cache()
    _refuse_repeated_ids(cleaned)
    # site templates: (site, line) keys on as many pages as `TemplateLines.bar` asks
    counting = TemplateLines(options.template_min_pages)
    counts = cleaned.select(F.explode("keys").alias("key"), "known").groupBy("key", "known").count()
    template_keys = [r["key"] % _U64 for r in counts.where(
        F.col("count") >= F.when(F.col("known"), counting.bar(True)).otherwise(counting.bar(False))).collect()]
    templates_bc = spark.sparkContext.broadcast(TemplateLines.from_keys(template_keys))
    tokenized = _documents(cleaned, templates_bc, options).cache()
    n_docs = tokenized.count()
    vocabulary_bc = spark.sparkContext.broadcast(Vocabulary(
        dict(tokenized.select(F.explode("tokens").alias("w")).groupBy("w").count().collect()), n_docs))
    docs = _with_signatures(tokenized, vocabulary_bc).cache()
    kept, n_lsh = _candidates(spark, docs, "sig", NUM_PERM, TARGET_SIMILARITY, MIN_ESTIMATED_JACCARD)
    events, _ = _candidates(spark, docs, "nsig", NAME_PERM, NAME_SIMILARITY, MIN_NAME_ESTIMATE)
    all_pairs = sorted(set(kept) | expand_components(kept) | set(events))
    n_verified, results = _verified(spark, docs, all_pairs, vocabulary_bc, options)
    ends = sorted({x for r in results for x in (r.a, r.b)})
    meta = {r["id"]: (r["n"], r["date"]) for r in docs.where(F.col("id").isin(ends))
            .select("id", F.length("text").alias("n"), "date").collect()} if ends else {}
    dec = Decisions(ends, results, {i: m[0] for i, m in meta.items()}, {i: m[1] for i, m in meta.items()})
    if dec.origins:
        dec.fill_texts(dict(docs.where(F.col("id").isin(sorted(dec.origins))).select("id", "text").collect()))
    n_errors = docs.where(F.col("failed")).count()
    stats = {"lsh_pairs": n_lsh, "lsh_pairs_kept": len(kept), "event_candidates": len(events),
             "candidate_pairs": len(all_pairs), "documents": n_docs, "errors": n_errors,
             "verified_pairs": n_verified, **dec.counts()}
    dec_bc = spark.sparkContext.broadcast(dec)
    schema = _struct(("value", pa.string()), (FILE, pa.int64()), (POSITION, pa.int64()))

    def finish(batches):
        d = dec_bc.value
        for batch in batches:
            out = []
            rows_ = batch.to_pylist()
            for r in rows_:
                rec = pickle.loads(r["rec"])
                rec["text"] = r["text"]
                rec.update(d.fields(rec["id"]))
                out.append(json_line(rec))
            yield pa.RecordBatch.from_pydict({"value": out, FILE: [r[FILE] for r in rows_],
                                              POSITION: [r[POSITION] for r in rows_]}, schema=schema)

    lines = ordered(docs.select("rec", "text", FILE, POSITION).mapInArrow(finish, _spark(schema)))
    return lines, dec.groups_json(stats)
