"""`trace` on Spark: the steps of `wire.corpus` and `wire.trace` with the corpus distributed.

clean (per partition, with blocks) → site-template lines counted by a group-by and removed by an
anti-join → signatures and content-word document frequencies per partition → LSH band keys
exploded and grouped (the same bucket rule as the local engine) → estimated-Jaccard filter by a
join on signatures → candidate expansion on the driver over the *edges* only → alignment, pair
features and the pair model per partition → the pairs that matter (links) are collected and the
groups decided by the same `Decisions` as locally; only the origins' texts reach the driver.

Document ids must be unique. The result equals the local engine's on the same input (tested).
"""
from __future__ import annotations

import numpy as np

from ..io.readers import FieldMap, from_object
from ..wire.corpus import (EXPAND_COMPONENT, MIN_ESTIMATED_JACCARD, MIN_NAME_ESTIMATE, NAME_PERM,
                           NAME_SIMILARITY, expand_components)
from ..wire.minhash import (MAX_BUCKET, NUM_PERM, TARGET_SIMILARITY, WINDOW, _band_keys, _MIX,
                            lsh_params, shingles, signature)
from ..wire.normalize import names, token_hashes, tokenize
from ..wire.templates import MIN_PAGES, MIN_PAGES_UNKNOWN, line_key, site_of
from .spark import _get_cleaner

_EMPTY = 0xFFFFFFFF


def _clean_rows(batches, fields: FieldMap):
    """Per document: clean fields, site, body lines with their (site, line) keys, all keys."""
    import pyarrow as pa

    from .local import clean_batch

    cleaner = _get_cleaner(None)
    for batch in batches:
        rows = batch.to_pylist()
        recs = [from_object(r, f"row-{k}", fields) for k, r in enumerate(rows)]
        out = clean_batch(cleaner, recs, with_blocks=True)
        cols = {k: [] for k in ("id", "title", "date", "author", "error", "unknown_site",
                                "body", "body_keys", "keys")}
        for rec, o in zip(recs, out):
            site = site_of({"site": rec.extra.get("site"), "url": rec.url or rec.extra.get("url")})
            blocks = o.get("blocks") or []
            body = [b["text"] for b in blocks if b["kind"] == "body"]
            for k in ("id", "title", "date", "author", "error"):
                cols[k].append(o.get(k))
            cols["unknown_site"].append(site is None)
            cols["body"].append(body)
            cols["body_keys"].append([_signed(line_key(site, t)) for t in body])
            cols["keys"].append(sorted({_signed(line_key(site, b["text"])) for b in blocks} - {0}))
        yield pa.RecordBatch.from_pydict(cols, schema=_CLEAN_SCHEMA)


def _signed(u: int) -> int:
    """An unsigned 64-bit hash as Spark's signed long."""
    return u - (1 << 64) if u >= 1 << 63 else u


def _signed_rows(batches):
    """Per document: signature, names signature, content words (for document frequencies)."""
    import pyarrow as pa

    for batch in batches:
        ids, texts = batch.column("id").to_pylist(), batch.column("text").to_pylist()
        sigs, nsigs, words = [], [], []
        for t in texts:
            tok = tokenize(t or "")
            sigs.append(signature(shingles(tok)).tobytes())
            nsigs.append(signature(np.unique(token_hashes(sorted(names(t or "", tok)))), NAME_PERM).tobytes())
            words.append(sorted({w for w, c in zip(tok.words, tok.content) if c}))
        yield pa.RecordBatch.from_pydict({"id": ids, "sig": sigs, "nsig": nsigs, "words": words},
                                         schema=_SIGN_SCHEMA)


def _band_rows(batches, column: str, perms: int, threshold: float):
    import pyarrow as pa
    import xxhash

    bands, rows = lsh_params(threshold, perms)
    for batch in batches:
        ids = batch.column("id").to_pylist()
        raw = batch.column(column).to_pylist()
        if not ids:
            continue
        sigs = np.stack([np.frombuffer(b, dtype=np.uint32) for b in raw])
        live = (sigs != _EMPTY).any(axis=1)
        sigs, ids = sigs[live], [i for i, ok in zip(ids, live) if ok]
        out_band, out_key, out_id, out_h = [], [], [], []
        hashes = [xxhash.xxh3_64_intdigest(i.encode("utf-8", "surrogatepass")) for i in ids]
        for band in range(bands):
            keys = _band_keys(sigs, band, rows).view(np.int64)
            out_band += [band] * len(ids)
            out_key += keys.tolist()
            out_id += ids
            out_h += hashes
        yield pa.RecordBatch.from_pydict({"band": out_band, "key": out_key, "id": out_id,
                                          "idhash": [_signed(h) for h in out_h]},
                                         schema=_BAND_SCHEMA)


def bucket_pairs(band: int, members: list[tuple[int, str]], max_bucket: int = MAX_BUCKET,
                 window: int = WINDOW) -> list[tuple[str, str]]:
    """The local engine's bucket rule (`minhash._bucket_pairs`) on (id hash, id) members."""
    ids = [m[1] for m in members]
    if len(ids) <= max_bucket:
        pairs = [(a, b) for x, a in enumerate(ids) for b in ids[x + 1:]]
    else:
        keys = np.array([m[0] for m in members], dtype=np.int64).view(np.uint64)
        with np.errstate(over="ignore"):
            mixed = (keys + np.uint64(band + 1)) * _MIX
        ordered = [ids[k] for k in np.argsort(mixed, kind="stable")]
        pairs = [(ordered[k], ordered[k + w]) for w in range(1, window + 1) for k in range(len(ordered) - w)]
    return [(min(a, b), max(a, b)) for a, b in pairs if a != b]


def _schemas():
    import pyarrow as pa

    clean = pa.schema([("id", pa.string()), ("title", pa.string()), ("date", pa.string()),
                       ("author", pa.string()), ("error", pa.string()), ("unknown_site", pa.bool_()),
                       ("body", pa.list_(pa.string())), ("body_keys", pa.list_(pa.int64())),
                       ("keys", pa.list_(pa.int64()))])
    sign = pa.schema([("id", pa.string()), ("sig", pa.binary()), ("nsig", pa.binary()),
                      ("words", pa.list_(pa.string()))])
    band = pa.schema([("band", pa.int64()), ("key", pa.int64()), ("id", pa.string()), ("idhash", pa.int64())])
    return clean, sign, band


_CLEAN_SCHEMA, _SIGN_SCHEMA, _BAND_SCHEMA = _schemas()
_TEMPLATE_BARS = (MIN_PAGES, MIN_PAGES_UNKNOWN)
_CANDIDATES = (TARGET_SIMILARITY, MIN_ESTIMATED_JACCARD, NAME_SIMILARITY, MIN_NAME_ESTIMATE,
               EXPAND_COMPONENT, NUM_PERM)


def _align_rows(batches, df_words: dict, n_docs: int, model_path):
    """Per candidate pair (a < b): pair-model probabilities, names evidence and passages."""
    import pyarrow as pa

    from ..wire.align import MAX_ALIGN_CHARS, align, prepare, set_weights
    from ..wire.minhash import estimated_jaccard
    from ..wire.pairs import DERIVED, SAME_EVENT, UNRELATED, names_say_same_event, pair_features
    from ..wire.trace import load_pair_model

    model = load_pair_model(model_path)
    for batch in batches:
        rows = batch.to_pylist()
        if not rows:
            continue
        feats, passages = [], []
        for r in rows:
            A = prepare(r["a"], (r["text_a"] or "")[:MAX_ALIGN_CHARS], r["date_a"])
            B = prepare(r["b"], (r["text_b"] or "")[:MAX_ALIGN_CHARS], r["date_b"])
            set_weights([A, B], df_words, n_docs)
            sigs = np.stack([np.frombuffer(r["sig_a"], np.uint32), np.frombuffer(r["sig_b"], np.uint32)])
            al = align(A, B, df_words, n_docs)
            feats.append(pair_features(A, B, al, estimated_jaccard(sigs, np.array([[0, 1]]))[0]))
            passages.append([{"a_start": p.a_start, "a_end": p.a_end, "b_start": p.b_start,
                              "b_end": p.b_end, "exact": p.exact, "tokens": p.tokens} for p in al.passages])
        X = np.array(feats, dtype=float)
        P = model.predict_proba(X)
        yield pa.RecordBatch.from_pydict({
            "a": [r["a"] for r in rows], "b": [r["b"] for r in rows],
            "p_unrelated": P[:, UNRELATED].tolist(), "p_event": P[:, SAME_EVENT].tolist(),
            "p_derived": P[:, DERIVED].tolist(),
            "names_event": [bool(names_say_same_event(x)) for x in X],
            "passages": passages}, schema=_ALIGN_SCHEMA)


def _align_schema():
    import pyarrow as pa

    passage = pa.struct([("a_start", pa.int64()), ("a_end", pa.int64()), ("b_start", pa.int64()),
                         ("b_end", pa.int64()), ("exact", pa.bool_()), ("tokens", pa.int64())])
    return pa.schema([("a", pa.string()), ("b", pa.string()), ("p_unrelated", pa.float64()),
                      ("p_event", pa.float64()), ("p_derived", pa.float64()), ("names_event", pa.bool_()),
                      ("passages", pa.list_(passage))])


_ALIGN_SCHEMA = _align_schema()


def _spark_schema(arrow_schema):
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(arrow_schema)


def _candidates(spark, signed, column: str, perms: int, threshold: float, min_estimate: float):
    """Distinct (a, b) id pairs (a < b) of one signature column that pass the estimate."""
    from pyspark.sql import functions as F

    band_schema = _spark_schema(_BAND_SCHEMA)
    bands = signed.select("id", column).mapInArrow(
        lambda it: _band_rows(it, column, perms, threshold), band_schema)
    buckets = (bands.groupBy("band", "key")
               .agg(F.sort_array(F.collect_list(F.struct("id", "idhash"))).alias("m"))
               .where(F.size("m") > 1))
    pairs = buckets.rdd.flatMap(
        lambda row: bucket_pairs(row["band"], [(m["idhash"], m["id"]) for m in row["m"]])).distinct()
    pdf = spark.createDataFrame(pairs, "a string, b string")
    sa = signed.select(F.col("id").alias("a"), F.col(column).alias("sa"))
    sb = signed.select(F.col("id").alias("b"), F.col(column).alias("sb"))
    joined = pdf.join(sa, "a").join(sb, "b")
    agree = F.udf(lambda x, y: float(np.mean(np.frombuffer(x, np.uint32) == np.frombuffer(y, np.uint32))),
                  "double")
    return joined.select("a", "b", agree("sa", "sb").alias("est")).where(F.col("est") >= min_estimate)


def trace_dataframe(df, *, id_field: str = "id", text_field: str = "text", html_field: str = "html",
                    url_field: str = "url", pair_model=None):
    """(records DataFrame, groups dict): `provenance.trace` on a Spark DataFrame."""
    from pyspark.sql import functions as F

    from ..wire.groups import PairResult
    from ..wire.align import PackedPassages, Passage
    from ..wire.trace import Decisions

    spark = df.sparkSession
    fields = FieldMap(id=id_field, text=text_field, html=html_field, url=url_field)
    cleaned = df.mapInArrow(lambda it: _clean_rows(it, fields), _spark_schema(_CLEAN_SCHEMA)).cache()
    n_docs = cleaned.count()
    # site templates: (site, line) keys on ≥ MIN_PAGES pages of a known site (≥ MIN_PAGES_UNKNOWN else)
    counts = (cleaned.select(F.explode("keys").alias("key"), "unknown_site")
              .groupBy("key", "unknown_site").count())
    template = counts.where(F.col("count") >= F.when(F.col("unknown_site"), MIN_PAGES_UNKNOWN)
                            .otherwise(MIN_PAGES)).select("key").distinct()
    lines = cleaned.select("id", F.posexplode(F.arrays_zip("body", "body_keys")).alias("pos", "line"))
    kept_lines = (lines.join(template, lines["line.body_keys"] == template["key"], "left_anti")
                  .groupBy("id").agg(F.sort_array(F.collect_list(F.struct("pos", F.col("line.body").alias("t"))))
                                     .alias("kept")))
    docs = (cleaned.join(kept_lines, "id", "left")
            .withColumn("kept", F.coalesce("kept", F.array()))
            .withColumn("text", F.when(F.col("error").isNull(),
                                       F.array_join(F.col("kept.t"), "\n\n")).otherwise(F.lit("")))
            .withColumn("template_lines", F.size("body") - F.size("kept"))
            .drop("kept", "body", "body_keys", "keys", "unknown_site")).cache()
    signed = docs.select("id", "text").mapInArrow(_signed_rows, _spark_schema(_SIGN_SCHEMA)).cache()
    df_words = dict(signed.select(F.explode("words").alias("w")).groupBy("w").count().collect())
    text_pairs = _candidates(spark, signed, "sig", NUM_PERM, TARGET_SIMILARITY, MIN_ESTIMATED_JACCARD)
    kept = [(r["a"], r["b"]) for r in text_pairs.select("a", "b").collect()]
    events = [(r["a"], r["b"]) for r in _candidates(spark, signed, "nsig", NAME_PERM, NAME_SIMILARITY,
                                                      MIN_NAME_ESTIMATE).select("a", "b").collect()]
    all_pairs = sorted(set(kept) | expand_components(kept) | set(events))
    pairs_df = spark.createDataFrame(all_pairs or [("", "")], "a string, b string").where(F.col("a") != "")
    da = docs.select(F.col("id").alias("a"), F.col("text").alias("text_a"), F.col("date").alias("date_a"))
    db = docs.select(F.col("id").alias("b"), F.col("text").alias("text_b"), F.col("date").alias("date_b"))
    sa = signed.select(F.col("id").alias("a"), F.col("sig").alias("sig_a"))
    sb = signed.select(F.col("id").alias("b"), F.col("sig").alias("sig_b"))
    joined = pairs_df.join(da, "a").join(db, "b").join(sa, "a").join(sb, "b").sortWithinPartitions("a")
    bc = spark.sparkContext.broadcast(df_words)
    model_path = None if pair_model is None else str(pair_model)
    aligned = joined.mapInArrow(lambda it: _align_rows(it, bc.value, n_docs, model_path),
                                _spark_schema(_ALIGN_SCHEMA))
    links = aligned.where((F.col("p_derived") + F.col("p_event") >= 0.5) | F.col("names_event")).collect()
    results = [PairResult(r["a"], r["b"], r["p_unrelated"], r["p_event"], r["p_derived"],
                          PackedPassages(Passage(**p.asDict()) for p in r["passages"]), r["names_event"]) for r in links]
    ends = sorted({x for r in results for x in (r.a, r.b)})
    meta = {r["id"]: (r["n"], r["date"]) for r in docs.where(F.col("id").isin(ends))
            .select("id", F.length("text").alias("n"), "date").collect()} if ends else {}
    dec = Decisions(ends, results, {i: m[0] for i, m in meta.items()}, {i: m[1] for i, m in meta.items()})
    if dec.origins:
        dec.fill_texts(dict(docs.where(F.col("id").isin(sorted(dec.origins))).select("id", "text").collect()))
    decided = [(d, json_fields(dec.fields(d))) for d in sorted(set(dec.group_of) | set(dec.event_of))]
    fdf = spark.createDataFrame(decided or [("", "")], "id string, trace string").where(F.col("id") != "")
    schema = ("struct<wire_group:string,derived_fraction:double,origin:boolean,event_group:string,"
              "passages:array<struct<start:bigint,end:bigint,partner:string,partner_start:bigint,"
              "partner_end:bigint,exact:boolean>>>")
    out = (docs.join(fdf, "id", "left")
           .withColumn("t", F.from_json("trace", schema))
           .select("id", "text", "title", "date", "author", "error", "template_lines",
                   F.col("t.wire_group").alias("wire_group"),
                   F.coalesce(F.col("t.derived_fraction"), F.lit(0.0)).alias("derived_fraction"),
                   F.coalesce(F.col("t.origin"), F.lit(False)).alias("origin"),
                   F.col("t.event_group").alias("event_group"),
                   F.coalesce(F.col("t.passages"), F.array().cast(schema.split("passages:")[1][:-1]))
                   .alias("passages")))
    carried = [c for c in df.columns if c not in (id_field, text_field, html_field) and c not in out.columns]
    if carried:
        out = out.join(df.select(F.col(id_field).alias("id"), *carried), "id", "left")
    stats = {"documents": n_docs, "candidate_pairs": len(all_pairs), "lsh_pairs_kept": len(kept),
             "event_candidates": len(events), **dec.counts()}
    return out, dec.groups_json(stats)


def json_fields(fields: dict) -> str:
    import json

    return json.dumps(fields)
