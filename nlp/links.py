"""Links between items of different documents: a recommendation restated in a later paper,
answered in a response, or its progress reported in an action log.

Pure: items in, links out, no files and no SQLite. Texts are compared as TF-IDF vectors
(word unigrams and bigrams) by cosine similarity, a block of rows at a time so that 100,000
items fit in memory; the same printed ref ("Recommendation 12" and "12") is further evidence.
The promises of a response answer the recommendations it restates (nlp.answers says which).

Example::

    text = "The Council should publish a flood plan for the coastal wards."
    links = find_links([
        Entry("a", "review", "2024-07", "report", "recommendation", "1", text),
        Entry("b", "reply", "2024-12", "evidence", "recommendation", "Recommendation 1", text),
    ])
    # [Link(item_from="a", item_to="b", relation="restated", score=1.0)]
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from itertools import combinations, pairwise

import numpy as np
from scipy import sparse

from onrecord.ingest.model import EVIDENCE, MINUTES, REPORT
from onrecord.nlp.answers import (
    asks_again,
    entries_by_place,
    find_answers,
    identity,
    referred_answers,
    restatements,
    with_answers,
)
from onrecord.nlp.model import PROGRESS, RESPONSE, RESTATED, Entry, Link
from onrecord.nlp.refs import lettered, part_only, ref_key
from onrecord.nlp.rules import load
from onrecord.nlp.siblings import sibling_answers

__all__ = ["Entry", "Link", "due_changed", "find_links", "is_part", "recurring", "ref_key", "relation"]

THRESHOLD = 0.55  # least score of a link; chosen by checking the corpus's links by hand
MIN_WORDS = 4  # an item of fewer distinct words ("Actions completed") says too little to link
FLOOR = 0.2  # least text similarity a pair needs before its refs are weighed
REF_WEIGHT = 0.5  # how far the same ref moves a pair's score towards 1
PER_ITEM = 3  # most links an item has to later items, and to earlier items
MIN_PART = 8  # least letters of a lettered part's own words that must be printed in its parent
PAIRS_PER_BLOCK = 20_000_000  # rows x columns of one block of the similarity matrix
# Pairs are sought through words in at most this many items (or this share of them); a pair is
# scored in full if those words alone give PROBE_FLOOR of the least similarity.
RARE_ITEMS = 200
RARE_SHARE = 0.01
PROBE_FLOOR = 0.5

# Which paper answers which when their dates cannot say: a report, then its response.
DOCUMENT_ORDER = {REPORT: 0, EVIDENCE: 1, MINUTES: 2}

_ORDINAL = (
    r"(?:twenty|thirty|forty|fifty)?-?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|(?:thir|four|fif|six|seven|eigh|nine)teenth|(?:twen|thir|for|fif)tieth"
)
# Which meeting a recurring task names: 'thirteenth meeting', 'meeting 14', '22nd meeting'. A date
# is left alone: 'report by June' and 'report by July' are one task whose deadline moved.
_INSTANCE = re.compile(rf"\b(?:{_ORDINAL}|\d+(?:st|nd|rd|th)?)(?=\s+meeting\b)|(?<=\bmeeting\s)\d+\b", re.IGNORECASE)
# A nation's adjective is read as its name: 'The Scottish Government will ...' answers the part that
# names Scotland (the four nations of a UK government's response answer a part each).
_NATIONS = {"scottish": "scotland", "welsh": "wales", "irish": "ireland", "english": "england"}
_TOKEN = re.compile(r"\b\w\w+\b")  # a word of two letters or more, as scikit-learn reads words
def find_links(
    entries: Iterable[Entry], *, threshold: float = THRESHOLD, per_item: int = PER_ITEM
) -> list[Link]:
    """Links between items of different documents, earlier to later, best first; the same in any order."""
    items_all = sorted(set(entries), key=identity)
    # a lettered part ('4A. be adaptable;', '(ii) those who have fibrosis should receive the same care')
    # is linked to its parent or its copy however few its words
    items = [e for e in items_all if _words(e.text) >= MIN_WORDS or lettered(ref_key(e.ref)) or part_only(e.ref)]
    if len({e.document for e in items}) < 2:
        return []
    vectors = _vectors([e.text for e in items])
    candidates = []
    for i, j, similarity in _similar_pairs(vectors, [e.document for e in items], min(FLOOR, threshold)):
        a, b = (items[i], items[j]) if _earlier(items[i], items[j]) else (items[j], items[i])
        if recurring(a, b) or is_part(a, b):
            continue
        score = round(_score(similarity, a.ref, b.ref), 4)
        if score >= threshold:
            candidates.append(Link(a.id, b.id, relation(a, b), score))
    # a recommendation split into lettered parts (4 into 4A-4G) keeps a link to each of them
    found = _best(candidates, {e.id: e.document for e in items}, per_item) + _parts(items, vectors, threshold)
    links = _nearest(found + _short_copies(items_all, found))
    by_id = {e.id: e for e in items_all}
    links = [replace(link, due_changed=due_changed(by_id[link.item_from], by_id[link.item_to]))
             if link.relation != RESPONSE else link for link in links]
    index = {e.id: i for i, e in enumerate(items)}

    def alike(a: str, b: str) -> float:  # cosine of two items' texts
        if a not in index or b not in index:
            return 0.0
        return float(vectors[index[a]].multiply(vectors[index[b]]).sum())

    siblings: dict[str, list[tuple[str, tuple[str, str, str]]]] = {}
    placed = restatements(entries_by_place(items_all), links)
    answers = find_answers(placed, alike, siblings)
    for recommendation, referring in referred_answers(placed, answers, alike).items():
        answers.setdefault(recommendation, []).extend(referring)
    links = with_answers(links, answers, threshold)
    return sorted(links + sibling_answers(items_all, links, siblings),
                  key=lambda link: (-link.score, link.item_from, link.item_to))


def _short_copies(items: list[Entry], links: list[Link]) -> list[Link]:
    """Links between items of too few words to link by ('Review for next meeting') printed word for
    word, once each, in two papers of which the later carries other items of the earlier (two logs of
    one series): the same short row in the next log is the row carried."""
    document = {e.id: e.document for e in items}
    series = {(document[link.item_from], document[link.item_to]) for link in links if link.relation != RESPONSE}
    printed: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for e in items:
        if _words(e.text) < MIN_WORDS:
            printed[(" ".join(e.text.lower().split()), e.document)].append(e)
    by_text: dict[str, list[Entry]] = defaultdict(list)
    for (text, _), once in printed.items():
        if len(once) == 1 and _words(text):
            by_text[text].append(once[0])
    found = []
    for copies in by_text.values():
        for a, b in combinations(copies, 2):
            a, b = (a, b) if _earlier(a, b) else (b, a)
            if (a.document, b.document) in series and not is_part(a, b):
                found.append(Link(a.id, b.id, relation(a, b), 1.0))
    return found


def due_changed(earlier: Entry, later: Entry) -> bool | None:
    """Whether the later paper moved the earlier item's deadline; None if either prints none.

    The same ISO date, or the same words as printed ('11.01.11' and '11/01/2011', 'Ongoing' and
    'Ongoing', 'next meeting' and 'next meeting'), is no change.
    """
    if not (earlier.due or earlier.due_date) or not (later.due or later.due_date):
        return None
    if earlier.due_date and earlier.due_date == later.due_date:
        return False
    return _due_words(earlier.due) != _due_words(later.due)


def _due_words(due: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", due.lower())


def _nearest(links: list[Link]) -> list[Link]:
    """Links of a chain to the nearest earlier paper only: A -> B -> C stores no A -> C (the whole
    chain is derived from its steps)."""
    carried = {(link.item_from, link.item_to) for link in links if link.relation != RESPONSE}
    later: dict[str, set[str]] = defaultdict(set)
    for a, b in carried:
        later[a].add(b)
    return [link for link in links if link.relation == RESPONSE
            or not any((b, link.item_to) in carried for b in later[link.item_from] - {link.item_to})]


def recurring(a: Entry, b: Entry) -> bool:
    """Whether two items are instances of a task that recurs, not one task carried over: they differ
    only in which meeting they name ('Circulate minutes ... from thirteenth meeting' and '... from
    fifteenth meeting')."""
    return a.text != b.text and _INSTANCE.sub(" ", a.text).split() == _INSTANCE.sub(" ", b.text).split()


def _parts(items: list[Entry], vectors: sparse.csr_matrix, threshold: float) -> list[Link]:
    """Links from each recommendation to its lettered parts in later papers. A part's own words are
    a few of its parent's ('be adaptable'), so the pair is sought by ref, not by similarity, and
    scored as if the part printed its parent's ref."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(items):
        by_key[ref_key(e.ref)].append(i)
    links = []
    for j, b in enumerate(items):
        key = ref_key(b.ref)
        for i in by_key.get(key[:-1], []) if lettered(key) else []:
            a = items[i]
            if a.document != b.document and _earlier(a, b) and is_part(a, b):
                score = round(_score(float(vectors[i].multiply(vectors[j]).sum()), a.ref, a.ref), 4)
                if score >= threshold:
                    links.append(Link(a.id, b.id, relation(a, b), score))
    return links


def is_part(earlier: Entry, later: Entry) -> bool:
    """Whether the later item is a lettered part of the earlier: '4A' of '4', printed in it.

    'As a minimum, the strategy should: be adaptable;' (4A) is a part of recommendation 4 if 4
    prints 'be adaptable'.
    """
    key, parent = ref_key(later.ref), ref_key(earlier.ref)
    if not parent or not lettered(key) or key[:-1] != parent:
        return False
    own = _letters(later.text.rsplit(":", 1)[-1])
    return len(own) >= MIN_PART and own in _letters(earlier.text)


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def relation(earlier: Entry, later: Entry) -> str:
    """How the later item bears on the earlier: 'response', 'progress' or 'restated'."""
    # a 'promise' that asks again ('the Government should ...') is the recommendation restated, read as a promise
    if later.kind == "commitment" and earlier.kind != "commitment" and not asks_again(later):
        return RESPONSE
    if later.kind == "action" or (later.document_kind == MINUTES and later.kind != earlier.kind):
        return PROGRESS
    return RESTATED


def _score(similarity: float, ref_a: str, ref_b: str) -> float:
    key = ref_key(ref_a)
    if key and key == ref_key(ref_b):
        similarity += (1 - similarity) * REF_WEIGHT
    return min(similarity, 1.0)


def _words(text: str) -> int:
    """Distinct words of a text that are not stop words."""
    return len(set(_tokens(text)))


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(load("stop_words.json")["words"])


def _tokens(text: str) -> list[str]:
    """A text's words of two letters or more, lower-cased, accents taken off, stop words left out, a
    nation's adjective read as its name."""
    text = text.lower()
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    stop = _stop_words()
    return [_NATIONS.get(w, w) for w in _TOKEN.findall(text) if w not in stop]


def _vectors(texts: list[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows of word unigrams and bigrams: a term's weight is (1 + log of its
    count) times (1 + log((n + 1) / (1 + items that have it))), as scikit-learn's TfidfVectorizer
    gives with sublinear_tf, whose whole import this saves every run (of the words _tokens reads: a
    nation's adjective is its name here). Columns in term order."""
    vocabulary: dict[str, int] = {}
    indices: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for text in texts:
        words = _tokens(text)
        terms = Counter(words + [f"{a} {b}" for a, b in pairwise(words)])
        indices += [vocabulary.setdefault(term, len(vocabulary)) for term in terms]
        counts += terms.values()
        indptr.append(len(indices))
    if not vocabulary:  # no words at all, only stop words or digits
        return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
    n = len(texts)
    first_seen = np.array(indices, dtype=np.int64)
    with_term = np.bincount(first_seen, minlength=len(vocabulary)).astype(np.float32)
    idf = np.log(np.float32(n + 1) / (with_term + 1), dtype=np.float32) + np.float32(1)
    weights = (np.log(np.array(counts, dtype=np.float32)) + np.float32(1)) * idf[first_seen]
    vectors = sparse.csr_matrix((weights, first_seen, np.array(indptr)), shape=(n, len(vocabulary)))
    vectors.sort_indices()
    for row in range(n):  # each row to length 1, summed and divided as scikit-learn does, to the bit
        start, end = vectors.indptr[row], vectors.indptr[row + 1]
        if start < end:
            part = vectors.data[start:end]
            length = np.sqrt(np.cumsum((part * part).astype(np.float64))[-1])
            vectors.data[start:end] = part.astype(np.float64) / length
    order = np.empty(len(vocabulary), dtype=np.int64)  # columns in term order
    order[[vocabulary[term] for term in sorted(vocabulary)]] = np.arange(len(vocabulary))
    vectors.indices = order[vectors.indices]
    vectors.has_sorted_indices = False
    vectors.sort_indices()
    return vectors


def _similar_pairs(
    vectors: sparse.csr_matrix, documents: list[str], floor: float
) -> Iterable[tuple[int, int, float]]:
    """(i, j, cosine) for i < j in different documents with cosine >= floor.

    Pairs are found through the words that few items share, a block of rows at a time (a word
    in most items would make every block dense), then scored on all their words.
    """
    n = vectors.shape[0]
    codes = np.unique(np.array(documents), return_inverse=True)[1]
    shared_by = np.bincount(vectors.indices, minlength=vectors.shape[1])
    probe = vectors[:, np.flatnonzero(shared_by <= max(RARE_ITEMS, RARE_SHARE * n))].tocsr()
    probe_t = probe.T.tocsc()
    step = max(1, PAIRS_PER_BLOCK // n)
    for start in range(0, n, step):
        block = (probe[start:start + step] @ probe_t).tocoo()
        rows = block.row.astype(np.int64) + start
        cols = block.col.astype(np.int64)
        keep = (block.data >= PROBE_FLOOR * floor) & (cols > rows) & (codes[rows] != codes[cols])
        rows, cols = rows[keep], cols[keep]
        cosine = np.asarray(vectors[rows].multiply(vectors[cols]).sum(axis=1)).ravel()
        keep = cosine >= floor
        yield from zip(rows[keep].tolist(), cols[keep].tolist(), cosine[keep].tolist())


def _earlier(a: Entry, b: Entry) -> bool:
    """Whether a's paper came before b's: by date where both print one that differs, else by kind."""
    if a.date and b.date:
        common = min(len(a.date), len(b.date))
        if a.date[:common] != b.date[:common]:
            return a.date < b.date
    rank_a = DOCUMENT_ORDER.get(a.document_kind or "", len(DOCUMENT_ORDER))
    rank_b = DOCUMENT_ORDER.get(b.document_kind or "", len(DOCUMENT_ORDER))
    if rank_a != rank_b:
        return rank_a < rank_b
    return a.document < b.document


def _best(candidates: list[Link], documents: dict[str, str], per_item: int) -> list[Link]:
    """Each item's `per_item` best links forward and back, and one per other document and relation."""
    order = sorted(candidates, key=lambda link: (-link.score, link.item_from, link.item_to))
    count: dict[str, int] = defaultdict(int)
    taken: set[tuple[str, str, str]] = set()
    kept = []
    for link in order:
        ends = [("from:" + link.item_from, documents[link.item_to]), ("to:" + link.item_to, documents[link.item_from])]
        if any(count[end] >= per_item or (end, other, link.relation) in taken for end, other in ends):
            continue
        for end, other in ends:
            count[end] += 1
            taken.add((end, other, link.relation))
        kept.append(link)
    return kept
