"""The lexicon's token patterns find exactly what spaCy's Matcher finds with the same specs.

`lifeevents.token_patterns` replaced spaCy's ``Matcher`` for speed (one dictionary read per token
instead of a Python predicate per token and pattern). spaCy's Matcher, built here the way the
cue reader used to build it, is the reference: every match, in the same order, on the team's
test split and the real-register split, whose posts carry hashtags, emoji and @handles.
"""

from __future__ import annotations

import re

import pytest
import spacy
from spacy.matcher import Matcher

from lifeevents.cues import pattern_groups
from lifeevents.data import POSTS_TEST
from lifeevents.dataset import DATA_DIR, load_posts
from lifeevents.token_patterns import TokenPatterns, phrases, token_parts

_REGEX_SYNTAX = re.compile(r"[\\.^$*+?{}\[\]()]")


def _spacy_token(regex: str, optional: bool) -> dict[str, object]:
    if _REGEX_SYNTAX.search(regex) is None:
        words = regex.split("|")
        test: object = words[0] if len(words) == 1 else {"IN": words}
    else:
        test = {"REGEX": rf"^(?:{regex})$"}
    return {"LOWER": test, "OP": "?"} if optional else {"LOWER": test}


def _reference(nlp: spacy.language.Language, groups: list[tuple[str, tuple[str, ...]]]) -> Matcher:
    matcher = Matcher(nlp.vocab)
    for name, specs in groups:
        matcher.add(
            name, [[_spacy_token(r, o) for r, o in token_parts(p)] for s in specs for p in phrases(s)]
        )
    return matcher


def test_the_lexicon_patterns_match_what_spacys_matcher_matches() -> None:
    nlp = spacy.blank("en")
    groups = pattern_groups()
    reference, ours = _reference(nlp, groups), TokenPatterns(groups)
    posts = load_posts(POSTS_TEST) + load_posts(DATA_DIR / "posts_heldout4.jsonl")
    matched = 0
    for doc in nlp.pipe(p.text for p in posts):
        want = [(nlp.vocab.strings[m], s, e) for m, s, e in reference(doc)]
        assert ours([t.lower_ for t in doc]) == want, doc.text
        matched += len(want)
    assert matched > 1000  # the comparison saw the patterns at work, not empty lists


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what a happy day", [("G", 2, 4)]),
        ("what a very happy day", [("G", 2, 5), ("G", 3, 5)]),
        ("a day to remember", []),
    ],
)
def test_an_optional_token_matches_with_and_without_it(
    text: str, expected: list[tuple[str, int, int]]
) -> None:
    """``(very )?happy day`` is two patterns; like spaCy's ``OP: "?"``, both spans are found."""
    nlp = spacy.blank("en")
    groups = [("G", ("(very )? happy day",))]
    words = [t.lower_ for t in nlp.make_doc(text)]
    want = [(nlp.vocab.strings[m], s, e) for m, s, e in _reference(nlp, groups)(nlp.make_doc(text))]
    assert TokenPatterns(groups)(words) == expected == want


@pytest.mark.parametrize(
    ("spec", "text", "found"),
    [
        ("became (a )?(dad|mum)", "i became a dad", True),
        ("became (a )?(dad|mum)", "i became mum", True),
        ("(got|picked up) (the|our) keys", "we picked up our keys", True),
        ("lost my (\\w+ )?(mom|dad)", "i lost my dear mom", True),
        ("\\d+ years? (together|of marriage)", "10 years of marriage", True),
        ("\\d+ years? (together|of marriage)", "10 years of fun", False),
    ],
)
def test_a_phrase_group_is_a_choice_of_phrases(spec: str, text: str, found: bool) -> None:
    """A parenthesised group with a space in it spells out phrases, not one token's regex (which could never
    match: spaCy splits at the space)."""
    assert bool(TokenPatterns([("G", (spec,))])(text.split())) is found


@pytest.mark.parametrize(
    ("spec", "word"),
    [
        ("திருமண\\w*", "திருமணம்"),  # Tamil: the word ends in a vowel sign and a virama
        ("\\w*जन्मदिन\\w*", "जन्मदिनकी"),  # Devanagari: a vowel sign in the ending
        ("ගෙදර\\w*", "ගෙදරට"),  # Sinhala
        ("geburtstag\\w*", "geburtstage"),
    ],
)
def test_a_specs_word_letters_take_the_vowel_signs_of_indic_scripts(spec: str, word: str) -> None:
    """Python's ``\\w`` leaves out the vowel signs and viramas of Devanagari, Tamil, Sinhala, ... (rule 63): a stem
    and ``\\w*`` matches the whole word, alone and in the combined check a new word first meets."""
    many = [("G", (spec,)), *((f"x{i}", (f"zz{i}\\w+",)) for i in range(80))]
    assert TokenPatterns([("G", (spec,))])([word]) == [("G", 0, 1)]
    assert TokenPatterns(many)([word]) == [("G", 0, 1)]


def test_an_empty_spec_is_refused() -> None:
    with pytest.raises(ValueError, match="empty lexicon spec"):
        TokenPatterns([("G", ("",))])


def test_every_lexicon_spec_spells_out_into_whole_tokens() -> None:
    """Every phrase group of the lexicon is spelt out before matching ("became (a )?(dad|mum)": four phrases), so
    no token's test holds a space (such a test could never match: spaCy splits there)."""
    specs = [spec for _, group in pattern_groups() for spec in group]
    assert [s for s in specs for p in phrases(s) for regex, _ in token_parts(p) if " " in regex] == []
    assert TokenPatterns(pattern_groups())(["i", "became", "a", "dad"])


def test_an_unbalanced_spec_is_refused() -> None:
    with pytest.raises(ValueError, match="unbalanced"):
        TokenPatterns([("G", ("(got|picked up the keys",))])
