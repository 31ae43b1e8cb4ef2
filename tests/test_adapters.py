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
