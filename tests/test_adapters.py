"""The HuggingFace datasets and datatrove adapters (skipped unless those extras are installed)."""
from __future__ import annotations

import pytest

from conftest import HTML_FILES, SEED_FILES, norm, seed

HEADLINE_004 = "Japan’s Ishiba Hosts South Korea’s Lee Ahead of Trump Summit"


def test_hf_datasets_map():
    datasets = pytest.importorskip("datasets")
    from provenance.adapters import hf_clean

    rows = {"id": ["004", "html", "bad"],
            "text": [seed("004").read_text(encoding="utf-8"), None, ""],
            "html": [None, HTML_FILES[0].read_text(encoding="utf-8"), None]}
    ds = datasets.Dataset.from_dict(rows).map(hf_clean(html_column="html"), batched=True, batch_size=2)
    assert ds.column_names[:3] == ["id", "text", "html"]
    out = ds.to_list()
    assert "Share This Post" not in out[0]["text_clean"] and out[0]["title"] == HEADLINE_004
    assert out[1]["clean_error"] == "" and len(out[1]["text_clean"]) > 500
    assert out[2]["clean_error"] and out[2]["text_clean"] == ""


def test_datatrove_step():
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from provenance.adapters import ProvenanceClean

    docs = [Document(text=p.read_text(encoding="utf-8"), id=p.name) for p in SEED_FILES]
    docs.append(Document(text="", id="empty"))
    step = ProvenanceClean(batch_size=2)
    out = list(step.run(iter(docs)))
    assert [d.id for d in out] == [d.id for d in docs]
    d004 = out[4]
    assert d004.metadata["title"] == HEADLINE_004 and "শেয়ার করুন" not in d004.text
    assert out[-1].metadata["provenance_error"]
    assert [d.id for d in ProvenanceClean(drop_errors=True).run(iter(docs))] == [p.name for p in SEED_FILES]
    assert norm(SEED_FILES[0].read_text(encoding="utf-8").split("\n")[-1][:80]) in norm(out[0].text)


UNRELATED = sorted((SEED_FILES[0].parent.parent / "unrelated").glob("*.txt"))


def test_hf_dedup():
    datasets = pytest.importorskip("datasets")
    from provenance.adapters import hf_dedup

    files = SEED_FILES + UNRELATED
    ds = datasets.Dataset.from_dict({"name": [p.name for p in files] + ["copy"],
                                     "text": [p.read_text(encoding="utf-8") for p in files] + [seed("002").read_text(encoding="utf-8")]})
    kept = hf_dedup(ds, id_column="name")
    assert kept.column_names == ["name", "text", "duplicates"]
    names = kept["name"]
    assert len(names) == 5 and names[0].startswith("001") and names[1].startswith("002")
    assert kept["duplicates"][1] == ["copy"] and sorted(d[:3] for d in kept["duplicates"][0]) == ["000", "003", "004"]
    assert kept["text"][2] == ds["text"][5]            # rows unchanged, only selected


def test_datatrove_dedup_step(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from provenance.adapters import ProvenanceDedup

    files = SEED_FILES + UNRELATED
    docs = [Document(text=p.read_text(encoding="utf-8"), id=p.name, metadata={"k": i}) for i, p in enumerate(files)]
    docs.append(Document(text=seed("002").read_text(encoding="utf-8"), id=SEED_FILES[0].name))   # a repeated id
    step = ProvenanceDedup(spool_dir=str(tmp_path))
    out = list(step.run(iter(docs)))
    ids = [d.id for d in out]
    assert ids[:4] == [files[1].name] + [p.name for p in UNRELATED]
    assert sorted(d[:3] for d in out[0].metadata["duplicates"]) == ["000", "003", "004"]
    # seed 002 and its copy (whose id repeats seed 000's, renamed 000…#2 in the trace): one stays
    assert len(out) == 5 and out[4].text == docs[2].text and out[4].metadata["duplicates"] in (
        [SEED_FILES[0].name + "#2"], [SEED_FILES[2].name])
    assert out[1].text == docs[5].text and out[1].metadata["k"] == 5 and step.stats["dropped"].total == 4
    assert list(tmp_path.iterdir()) == []                # the spool is removed
