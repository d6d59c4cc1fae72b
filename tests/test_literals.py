"""The words a pattern cannot match without (nlp/literals.py): a quick test before the search."""
from __future__ import annotations

import re

import pytest

from onrecord.nlp.candidates import CUES, _cues, _lower_cues
from onrecord.nlp.literals import needed


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\b(?:should|must|ought to)\b", ("must", "ought to", "should")),
        (r"\brecommends?\s+that\b", ("recommend",)),  # the longer of "recommend" and "that"
        (r"(?:be )?(?:approved|agreed) as a (?:correct|true) record", (" record",)),
        (r"\b(?:will|would) not\b", (" not",)),  # as long as "will", and one string, not two
        (r"do(?:es)? not (?:intend|plan)", (" not ",)),
        (r"(?-i:may)|might", ("may", "might")),
        (r"(?:ab)+c", ("ab",)),
    ],
)
def test_needed_words_are_the_literal_text_every_match_has(pattern, words):
    assert needed(re.compile(pattern)) == words


@pytest.mark.parametrize(
    "pattern",
    [r"\w+", r"\bshould\b|\d{4}", r"(?:has)?\s+", r"(?i)should", r"(?i:must) do|(?i:need)", r"[Ss]", r"^$"],
)
def test_a_pattern_that_may_match_without_literal_text_needs_none(pattern):
    assert needed(re.compile(pattern)) is None  # ignoring case, a literal may be printed either way


SENTENCES = [
    "The Council should publish its plan by March 2027.",
    "We recommend that the Department for Education reviews the guidance.",
    "The minutes of the meeting held on 3 May 2024 were approved as a correct record.",
    "It was resolved that the Clerk write to the landowner.",
    "The Government will not introduce a levy; it may consult on one.",
    "Should the decision be made, the Board would have recommended otherwise?",
    "Members requested that the report be brought back in June.",
    "The Committee calls on ministers to act. Apologies were received from Cllr Smith.",
    "This recommendation is accepted and the Department committed to ensuring progress.",
    "A short note of thanks.",
]


def test_every_cue_finds_what_its_search_alone_finds():
    for sentence in SENTENCES:
        lower = sentence.lower()
        plain = tuple(name for name, pattern, _ in _lower_cues() if pattern.search(lower))
        assert _cues(sentence, CUES) == plain, sentence
        for name, pattern, words in _lower_cues():
            if pattern.search(lower):
                assert words is None or any(word in lower for word in words), (name, sentence)
