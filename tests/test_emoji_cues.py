"""An event's own emoji as another language's cue (`lifeevents.emoji_cues`)."""

from __future__ import annotations

import pytest

from lifeevents.cues import CueReader
from lifeevents.emoji_cues import EMOJI_CUES, add_emoji_cues


@pytest.fixture(scope="module")
def reader() -> CueReader:
    return CueReader()


def _cued(reader: CueReader, text: str) -> list[tuple[str, str, bool]]:
    cues = reader.read([text])
    add_emoji_cues(cues)
    return [(t.label, text[t.start : t.end], t.other_language) for t in cues[0].triggers]


@pytest.mark.parametrize(
    ("text", "label", "mark"),
    [
        ("Dcera dnes promovala 🎓 inženýrka! Jsme na ni moc pyšní", "graduation", "🎓"),
        ("Meille tulee vauva elokuussa 🤰", "pregnancy", "🤰"),
        (
            "Ahir ens van donar les claus del pis de Gràcia 🔑🏠",
            "moving_home",
            "🔑",
        ),  # the first of its emoji
    ],
)
def test_an_events_own_emoji_cues_it_where_no_word_does(
    reader: CueReader, text: str, label: str, mark: str
) -> None:
    assert (label, mark, True) in _cued(reader, text)


def test_english_posts_keep_their_own_words(reader: CueReader) -> None:
    assert _cued(reader, "Back to school haul 🎓📦 so many notebooks") == []


def test_a_label_a_word_already_cues_gets_no_second_cue(reader: CueReader) -> None:
    assert _cued(reader, "Wir sind umgezogen! 🏠 Endlich die eigene Wohnung") == [
        ("moving_home", "umgezogen", True)
    ]


def test_only_emoji_that_mean_one_event_are_cues() -> None:
    marks = [m for ms in EMOJI_CUES.values() for m in ms]
    assert len(marks) == len(set(marks))
    assert not {"💍", "👶", "🎂", "🐶"} & set(
        marks
    )  # an engagement or a wedding, a birth or a pregnancy, ...
