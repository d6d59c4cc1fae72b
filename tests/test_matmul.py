"""The parse multiplies matrices with numpy (nlp/matmul.py): the same trees as thinc's own ops,
OpenBLAS on one thread."""
from __future__ import annotations

import numpy as np
import pytest
from thinc.api import NumpyOps

from onrecord.nlp.matmul import matmul_ops
from onrecord.nlp.parse import MODEL, model

SENTENCES = [
    "The Government should publish a timetable for the new funding scheme by March 2025.",
    "We recommend that the Department of Health and Social Care, working with NHS England, reviews the guidance.",
    "The Clerk to write to the highways team about the potholes on Church Lane.",
    "Councillors agreed to forward a note to residents, the Clerk to notify the police accordingly.",
    "NICE will review its guidance on weight management services within the next 12 months.",
    "It was resolved that the Parish Council approves the budget of £12,500 for 2025/26.",
    "The Agency is committed to delivering the National Space Strategy, and will report annually.",
    "If there is sufficient support, the question should be referred to the Public Administration Committee.",
]


@pytest.mark.parametrize("trans1,trans2", [(False, False), (True, False), (False, True), (True, True)])
def test_gemm_is_thincs_product(trans1: bool, trans2: bool) -> None:
    rng = np.random.default_rng(7)
    x = rng.random((5, 4) if not trans1 else (4, 5), dtype=np.float32)
    y = rng.random((4, 3) if not trans2 else (3, 4), dtype=np.float32)
    want = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    got = matmul_ops().gemm(x, y, trans1=trans1, trans2=trans2)
    assert got.shape == want.shape == (5, 3) and got.dtype == np.float32
    assert np.allclose(got, want, rtol=1e-5)
    out = np.zeros((5, 3), dtype=np.float32)
    assert matmul_ops().gemm(x, y, out=out, trans1=trans1, trans2=trans2) is out
    assert np.allclose(out, want, rtol=1e-5)


@pytest.mark.slow
@pytest.mark.skipif(model() is None, reason="no spaCy model installed")
def test_the_parse_uses_numpys_product_and_gives_thincs_trees() -> None:
    import spacy
    from threadpoolctl import threadpool_info

    ours = model()
    for _, pipe in ours.pipeline:
        for layer in pipe.model.walk():
            assert layer.ops.gemm.__func__ is type(matmul_ops()).gemm  # type: ignore[attr-defined]
    plain = spacy.load(MODEL, exclude=["ner", "lemmatizer", "attribute_ruler"])
    assert not isinstance(plain.get_pipe("parser").model.ops, type(matmul_ops()))  # thinc's own, to compare
    for sentence in SENTENCES:
        a, b = ours(sentence), plain(sentence)
        assert [(t.tag_, t.dep_, t.head.i) for t in a] == [(t.tag_, t.dep_, t.head.i) for t in b], sentence
    # numpy's own OpenBLAS, which np.matmul calls (scipy may bring another copy, not used here)
    blas = [info for info in threadpool_info() if info["user_api"] == "blas" and "numpy" in info["filepath"]]
    assert blas and all(info["num_threads"] == 1 for info in blas)
