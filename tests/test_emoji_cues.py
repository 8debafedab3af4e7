"""An event's own emoji as another language's cue (`lifeevents.emoji_cues`)."""

from __future__ import annotations

import numpy as np
import pytest

from lifeevents.cues import CueReader
from lifeevents.emoji_cues import BIRTH_WEIGHT, EMOJI_CUES, EMOJI_LIFT, add_emoji_cues, lift_by_emoji
from lifeevents.pipeline import other_language_cells
from lifeevents.taxonomy import EVENT_LABELS


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
        ("Wszystkiego najlepszego, kochana 🎂", "birthday", "🎂"),  # a cake greeted
        ("Naš mali Luka je stigao! 3450 g, 51 cm 💙", "new_baby", "3450 g"),  # a newborn's weight
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


def test_a_cake_no_one_greets_is_no_birthday(reader: CueReader) -> None:
    assert _cued(reader, "Torta de chocolate 🎂 pedidos por DM") == []


@pytest.mark.parametrize(
    ("text", "weighs"),
    [
        ("Zosia, 3200 g, urodzona o 4:12", True),
        ("3,1 kg di felicità", True),
        ("宝宝6斤8两", True),
        ("7 lbs 2 oz of perfect", True),
        ("12,5 kg de batatas", False),
        ("500 g de farinha", False),
        ("1 kg", False),
    ],
)
def test_a_newborns_weight_is_read_in_its_usual_units(text: str, weighs: bool) -> None:
    assert bool(BIRTH_WEIGHT.search(text)) is weighs


def _lifted(reader: CueReader, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    cues = reader.read(texts)
    cells = other_language_cells(cues)
    return lift_by_emoji(np.zeros((len(texts), len(EVENT_LABELS))), cues, cells), cells


def test_a_weddings_or_birthdays_own_emoji_lifts_another_languages_cue(reader: CueReader) -> None:
    lifted, cells = _lifted(
        reader,
        [
            "我们结婚啦！💍 感谢所有亲友的祝福",  # a ring beside the word: a wedding
            "Feliz cumpleaños a mi hermano 🎂",
            "我们结婚啦！感谢所有亲友的祝福",  # the word alone
            "婚纱摄影优惠 👰 仅此一周",  # a bride beside the word: a bridal shop as often as a wedding
            "We got married today 💍",  # English: the head reads its own words
        ],
    )
    wedding, birthday = EVENT_LABELS.index("wedding"), EVENT_LABELS.index("birthday")
    assert lifted[0, wedding] == EMOJI_LIFT and lifted[1, birthday] == EMOJI_LIFT
    assert lifted[0].sum() == EMOJI_LIFT and lifted[1].sum() == EMOJI_LIFT  # no other label moves
    assert not lifted[2:].any()
    assert cells[2, wedding] and cells[3, wedding]  # cued in another language, yet not lifted
