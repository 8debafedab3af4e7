"""Which posts are in English, and what the classifier does with an event the English encoder alone finds elsewhere."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from lifeevents.cues import CueReader
from lifeevents.english_words import english_share, in_english, known_words
from lifeevents.events import PostText
from lifeevents.pipeline import Classifier
from lifeevents.taxonomy import EVENT_LABELS

POSTED = datetime(2026, 3, 11, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("Happy 30th birthday @sarah_j!! #blessed #30andthriving", True),
        ("omg my lil sis got into uni 🎓🎉", True),
        ("Aaj meri shaadi hai, so excited!!", True),  # mixed, mostly English words
        ("🎉🎉🎉", True),  # nothing to tell: English, as the head was trained
        ("Meine Schwester ist schwanger!", False),
        ("नौकरी ढूंढ रहा हूँ, कोई रेफरल हो तो बताना", False),
        ("Kalo nanti pensiun aku mau buka warung kopi", False),
        ("Natafuta kazi ya udereva, mtu akijua nafasi aniambie 🙏", False),
    ],
)
def test_a_post_is_english_when_most_of_its_words_are_known_english_words(text: str, english: bool) -> None:
    assert in_english(text) is english


def test_known_words_are_the_english_posts_common_words() -> None:
    words = known_words()
    assert {"the", "my", "birthday", "married", "sister"} <= words
    assert "schwanger" not in words
    assert english_share("the the the") == 1.0


def test_an_event_no_word_cues_in_another_language_is_held_for_a_person() -> None:
    """Whatever the head says (here: every label certain), the English encoder alone does not act on a post in
    another language: such an event is pending, shown only with pending ones. A cued one acts; English is as before."""
    reader = CueReader()
    clf = Classifier(reader=reader)
    posts = [
        PostText("नौकरी ढूंढ रहा हूँ, कोई रेफरल हो तो बताना", POSTED),  # no cue of any label
        PostText("Meine Schwester ist schwanger!", POSTED),  # cued: pregnancy
        PostText("so proud of my little brother today 🥹", POSTED),  # English, no cue
    ]
    cues = reader.read([p.text for p in posts])
    certain = np.zeros((len(posts), len(EVENT_LABELS)))
    certain[0, EVENT_LABELS.index("new_baby")] = 0.99
    certain[1, EVENT_LABELS.index("pregnancy")] = 0.99
    certain[2, EVENT_LABELS.index("graduation")] = 0.99
    unread, cued, english = clf.decide(posts, cues, certain)
    assert unread == []
    assert [e.type for e in cued] == ["pregnancy"] and not cued[0].pending
    assert [e.type for e in english] == ["graduation"] and not english[0].pending
    held = clf.decide(posts, cues, certain, with_pending=True)[0]
    assert [(e.type, e.pending) for e in held] == [("new_baby", True)]
