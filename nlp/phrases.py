"""The parties a parsed subject names, as printed: its words without what only describes it,
and a list of them split into parties or kept whole as one ("NHS Trusts and Health Boards").

Tokens are spaCy's; `named_parties(token)` is what `nlp.addressees` and `nlp.promisers` ask of a subject or an agent.
"""
from __future__ import annotations

import re

from onrecord.nlp.owners import is_party, party_words

# a subject that stands for a party named elsewhere, not a party
PRONOUNS = {"we", "it", "this", "that", "they", "there", "which", "who", "these", "those", "i", "you", "he", "she", "us"}
_DROP = {"relcl", "acl", "appos", "prep", "punct", "advcl", "cc", "conj", "parataxis"}  # not words of a party's name


def _phrase(token) -> str:
    """A subject's words without its relative clauses, appositions and coordinated parties."""
    keep = [token]
    for child in token.children:
        if child.dep_ in _DROP and not (child.dep_ == "prep" and child.i < token.i + 4 and child.text in ("of", "for")) \
                and not _where(child):
            continue
        keep.extend(child.subtree)
    keep.sort(key=lambda t: t.i)
    while keep and keep[-1].dep_ == "punct":
        keep.pop()
    if keep[-1].i - keep[0].i + 1 == len(keep):  # contiguous: the words as printed
        return token.doc[keep[0].i: keep[-1].i + 1].text
    return " ".join(t.text for t in keep if t.dep_ != "punct").replace(" ’s", "’s").replace(" 's", "'s")


def _where(prep) -> bool:
    """A place that is part of a party's name: "the national healthcare administrations in England,
    Scotland and Wales", "all NHS organisations across the UK" (not "in its response")."""
    return prep.dep_ == "prep" and prep.lower_ in ("in", "within", "across") \
        and any(c.dep_ == "pobj" and c.tag_ in ("NNP", "NNPS") for c in prep.children)


def acts(token) -> bool:
    """Whether the head of a subject is someone who can act: "ministers", "NICE", not "the idea"."""
    party, thing = party_words()
    if token.lower_ in thing:
        return False
    return token.lower_ in party or token.tag_ in ("NNP", "NNPS") or (token.text.isupper() and len(token.text) > 1)


def _partners(token) -> list:
    """Who acts "together with", "along with" or "in conjunction with" a subject: "the Cabinet Office, together with the
    Chief Scientific Adviser and Chief Social Scientist, should ..." (not "working with": a consultee)."""
    found = []
    for child in token.children:
        if child.lower_ == "with" and any(c.lower_ in ("together", "along", "jointly") for c in child.children):
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                found += [obj, *obj.conjuncts]
        if child.lower_ == "in":  # "the Department in conjunction with the Post Office shall ..."
            for with_ in (w for c in child.children if c.lower_ == "conjunction" for w in c.children if w.lower_ == "with"):
                for obj in (c for c in with_.children if c.dep_ == "pobj"):
                    found += [obj, *obj.conjuncts]
    return found


def named_parties(token) -> list[str]:
    heads = [token, *token.conjuncts, *_hung_on_subject(token), *_listed_as_apposition(token)]
    heads += [partner for head in list(heads) for partner in _partners(head)]
    out: list[str] = []
    for before, t in zip([None, *heads], heads):
        if t.lower_ in PRONOUNS or not acts(t):
            continue
        if out and before is not None and _shares_words(before, t):
            out[-1] = f"{out[-1]} {t.doc[t.i - 1].text} {t.text}"  # "hospital trusts and boards": one party
            continue
        if out and before is not None and _one_class(before, t, heads):
            out[-1] = f"{out[-1]} and {_phrase(t)}"  # "NHS Trusts and Health Boards": one party
            continue
        out += _initials_first(t) or _listed(_phrase(t))
    return out


def _initials_first(token) -> list[str]:
    """A body's initials and a kind of body in capitals, which the parse reads as one party whose
    words both modify ("UKRI and Government departments": "UKRI" and "Government" the departments'):
    two parties. Not "NHS Trusts and Health Boards", two heads of their own."""
    for initials in token.children:
        if initials.dep_ not in ("nmod", "compound") or not initials.text.isupper() or len(initials.text) < 2 \
                or not any(c.dep_ == "cc" and c.lower_ == "and" for c in initials.children):
            continue
        other = [c for c in initials.conjuncts if initials.i < c.i < token.i and c.tag_ == "NNP"]
        if other:
            return [initials.text, token.doc[other[0].left_edge.i: token.i + 1].text]
    return []


def _hung_on_subject(agent) -> list:
    """The rest of a list of agents that the parse hangs on the passive's subject: in "resources
    should be provided by hospital trusts and boards, integrated care boards, and service
    commissioners" it reads "integrated care boards" as the resources' apposition."""
    if agent.dep_ != "pobj" or agent.head.dep_ != "agent":
        return []
    later = [a for subject in agent.head.head.children if subject.dep_ == "nsubjpass"
             for a in subject.children if a.dep_ == "appos" and a.i > agent.i]
    return [t for a in later for t in (a, *a.conjuncts)]


def _listed_as_apposition(subject) -> list:
    """The rest of a list of parties that the parse reads as the first one's apposition: in "The Post
    Office, the Department and the Minister shall ensure ..." it hangs "the Department and the
    Minister" on "Office" (not "the Department, the body responsible for claims and appeals, ...")."""
    found = []
    for a in subject.children:
        if a.dep_ == "appos" and a.i > subject.i and a.text[:1].isupper() and a.conjuncts \
                and all(c.text[:1].isupper() for c in a.conjuncts) \
                and all(c.dep_ in ("det", "compound", "cc", "conj", "punct") for c in a.children):
            found += [a, *a.conjuncts]
    return found


def _shares_words(before, token) -> bool:
    """Whether a bare noun after "and" shares the words before the party it follows: "hospital trusts
    and boards" are hospital boards too, not any boards; not "local authorities and schools"."""
    return token.i == before.i + 2 and token.doc[token.i - 1].lower_ in ("and", "or") and token.text.islower() \
        and not any(c.dep_ not in ("cc", "punct", "conj") for c in token.children) \
        and any(c.dep_ == "compound" and c.i < before.i for c in before.children)


def _one_class(before, token, heads: list) -> bool:
    """Whether two named kinds of body, joined by "and" and nothing else, name one class of them,
    printed as one party ("NHS Trusts and Health Boards": the same bodies in different nations):
    each a plural head in capitals after a name in capitals; not "NHS England and NHSBT", nor
    "Hospital Transfusion Committees and transfusion practitioners"."""
    def kind_of_body(t) -> bool:
        return t.tag_ in ("NNPS", "NNP") and t.text.endswith("s") and t.text[:1].isupper() and not t.text.isupper() \
            and t.lower_ in party_words()[0] \
            and any(c.dep_ == "compound" and c.text[:1].isupper() and c.i == t.i - 1 for c in t.children)
    between = [w.lower_ for w in token.doc[before.i + 1:token.i] if w.dep_ != "compound"]
    return len(heads) == 2 and between == ["and"] and kind_of_body(before) and kind_of_body(token)


_LIST_SEP = re.compile(r",\s+(?:and\s+)?")


def _listed(phrase: str) -> list[str]:
    """The parties of a phrase that lists three or more by name, which the parse may read as one:
    "NHS Education for Scotland, Health Education and Improvement Wales, Northern Ireland Medical
    and Dental Training Agency and NHS England" is four (the "and" inside a name between commas
    stays; the last "and" divides the last two); "the governments of England, Scotland, Wales and
    Northern Ireland" stays one, as one of its pieces is a single word."""
    pieces = _LIST_SEP.split(phrase)
    if len(pieces) < 3:
        return [phrase]
    last = pieces[-1].rsplit(" and ", 1)
    pieces = pieces[:-1] + last
    if all(len(p.split()) >= 2 and p[:1].isupper() and _names_party(p) for p in pieces):
        return pieces
    return [phrase]


def _names_party(piece: str) -> bool:
    """A piece of a list that names a party: a party word or initials, or a proper name of three words."""
    return is_party(piece) or sum(w[:1].isupper() for w in piece.split()) >= 3
