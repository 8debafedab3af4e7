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
from lifeevents.token_patterns import TokenPatterns, token_parts

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
        matcher.add(name, [[_spacy_token(r, o) for r, o in token_parts(s)] for s in specs])
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


def test_an_empty_spec_is_refused() -> None:
    with pytest.raises(ValueError, match="empty lexicon spec"):
        TokenPatterns([("G", ("",))])


_KNOWN_PHRASE_GROUPS = (
    r"\d+ years? (together|married|of marriage)",
    r"(one|two|three|four|five|six|seven|eight|nine|ten|twenty|\w+ty) years? (together|married|of marriage)",
    r"became (a )?(dad|mum|mom|father|mother|parents|grandma|grandpa|aunt|uncle)",
    r"little one (arrived|is here)",
    r"delivered (a|our|her|his|their|twins|triplets|baby|the baby)",
    r"had (her|his|their|a|the) (baby|babies|twins|little one)",
    r"positive (pregnancy )?test",
    r"officially (a )?(dr|doctor|nurse|engineer|lawyer)",
    r"walk(ed|ing)? (across )?the stage",
    r"new (job|role|position|gig|team|company|employer|chapter at)",
    r"first day (at|of) (work|the new|my new|\w+)",
    r"start(ed|ing|s)? (at|with|my new|a new|work)",
    r"got (the|a|my) (new )?(job|promotion|position|role)",
    r"landed (a|the|my) (new )?(job|role|position|gig)",
    r"(excited|thrilled|happy|proud) to (announce|share) (that )?i",
    r"(got|picked up|get) (the|our|my) keys",
    r"bought (a|our|my|the|their|his|her) (first )?(house|home|flat|place|apartment|condo)",
    r"(signed|sign) (the|a|our|my) (new )?lease",
    r"last day (at|of) (work|the office)",
    r"brought (home|him home|her home)",
    r"lost (my|our|her|his) (\w+ )?(mom|mum|dad|mother|father|grandma|grandpa|grandmother|grandfather|brother|sister|son|daughter|wife|husband|friend|uncle|aunt|cousin|nan|nana|granny)",
    r"miss you (so much|every day|forever)",
    r"(laid|lay|lays|laying) (\w+ )?(\w+ )?to rest",
    r"every (day|single day|year)",
    r"on (tv|the news|netflix|screen)",
)


def _phrase_group_specs() -> set[str]:
    return {
        spec
        for _, specs in pattern_groups()
        for spec in specs
        for regex, _ in token_parts(spec)
        if " "
        in regex  # a choice of phrases read as one token's regex: it can never match (spaCy splits there)
    }


def test_no_spec_beyond_the_known_ones_holds_a_phrase_group() -> None:
    """25 English specs hold a phrase group whose multi-word choices never match ("became (a )?(dad|mum)"); the
    head learnt its weights with them so, and the fix waits for a retrain (README, rule 35). No new one may join."""
    known = _phrase_group_specs() & set(_KNOWN_PHRASE_GROUPS)
    assert _phrase_group_specs() == known
    assert len(known) == len(_KNOWN_PHRASE_GROUPS)  # each listed spec is still there, as it reads today
