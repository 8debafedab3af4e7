"""The Matcher's token tests accept exactly the tokens their lexicon regexes accept.

Plain words are matched by equality and plain alternations by set membership (both in C,
`lifeevents.cues._token_test`); only the rest run a regex per token. The rewrite must not move a
single match: every token test of the lexicon is checked against the regex it stands for on every
distinct token of the team's test split and some that look like regex syntax.
"""

from __future__ import annotations

import re

import spacy

from lifeevents import lexicon
from lifeevents.cues import _token_pattern, token_parts
from lifeevents.data import POSTS_TEST
from lifeevents.dataset import load_posts

KINDS = ("NEGATION", "HYPOTHETICAL", "JOKE", "MEDIA", "CONGRATS")


def _specs() -> list[str]:
    return [s for specs in lexicon.TRIGGERS.values() for s in specs] + [
        s for kind in KINDS for s in getattr(lexicon, kind)
    ]


def _accepts(test: object, word: str) -> bool:
    if isinstance(test, str):
        return word == test
    assert isinstance(test, dict)
    if "IN" in test:
        return word in test["IN"]
    return re.search(test["REGEX"], word) is not None


def test_every_token_test_accepts_what_its_regex_accepts() -> None:
    nlp = spacy.blank("en")
    words = {t.lower_ for p in load_posts(POSTS_TEST) for t in nlp.make_doc(p.text)}
    words |= {"a.b", "get", "got", "gets", "married", "marry", "engaged", "(", "?", "|", "new", "news"}
    checked = plain = 0
    for spec in _specs():
        for (part, _optional), token in zip(token_parts(spec), _token_pattern(spec), strict=True):
            test = token["LOWER"]
            plain += not isinstance(test, dict) or "REGEX" not in test
            regex = re.compile(rf"^(?:{part})$")
            for word in words:
                assert _accepts(test, word) == (regex.search(word) is not None), (spec, part, word)
                checked += 1
    assert plain > 100 and checked > 100_000  # most token tests no longer run a regex
