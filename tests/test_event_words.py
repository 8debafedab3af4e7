"""Event cue words of other languages: they give the cue reader the same triggers English words give."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from lifeevents import event_words, other_language_shift
from lifeevents.artifact import OTHER_LANGUAGE_LABEL_SHIFTS, OTHER_LANGUAGE_SHIFT, load
from lifeevents.calibration import Calibration, fit_label_shifts, fit_shift
from lifeevents.cues import CueReader, _folded
from lifeevents.dataset import DATA_DIR, load_posts
from lifeevents.other_language_shift import fit_cells
from lifeevents.pipeline import shift_other_language
from lifeevents.taxonomy import EVENT_LABELS
from lifeevents.token_patterns import TokenPatterns, phrases, token_parts
from lifeevents.training import TARGET_PRECISION

# the other-language held-out splits whose errors had been read when rule 50's specs were written
_READ_SPLITS = (19, 21, 28, 32, 33, 35, 37, 38, 40, 42, 45, 46, 47, 48, 49, 50, 51)


@pytest.fixture(scope="module")
def reader() -> CueReader:
    return CueReader()


def _groups() -> list[tuple[str, tuple[str, ...]]]:
    return [*event_words.TRIGGERS.items(), ("NEG", event_words.NEGATION), ("HYPO", event_words.HYPOTHETICAL)]


@pytest.mark.parametrize(("name", "specs"), _groups())
def test_every_spec_is_a_sequence_of_single_token_regexes(name: str, specs: tuple[str, ...]) -> None:
    """Once phrase groups are spelt out, a space or hyphen inside one token's regex can never match (spaCy splits
    there), so it is a typo."""
    assert specs
    for spec in specs:
        for regex, _ in (part for phrase in phrases(spec) for part in token_parts(phrase)):
            re.compile(regex)
            assert " " not in regex, (name, spec)
            # a hyphen stays inside a token only before a digit ("ika-30", "ke-25") or in a character class
            bare = re.sub(r"\[[^\]]*\]|-\??(?=\\d)", "", regex.replace(r"\w", ""))
            assert regex == "-" or "-" not in bare, (name, spec)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Meine Schwester ist schwanger!!! Ich werde Tante 🥹", "pregnancy"),
        ("Ci sposiamo sabato prossimo!! 💒", "wedding"),
        ("Babaannemi bu sabah kaybettik. Mekânı cennet olsun 🤲", "bereavement"),
        ("Joyeux anniversaire mamie 💐 92 ans aujourd'hui", "birthday"),
        ("Vi har kjøpt hus! 🏡 Overtakelse 15. september", "moving_home"),
        ("Zaręczyliśmy się! 💍 W Zakopanem, na szczycie", "engagement"),
        ("Mi tío Paco se jubila mañana después de 45 años en la fábrica", "retirement"),
        ("Selamat wisuda adik perempuanku 🎓", "graduation"),
        ("Yeni işime başladım 🎉 Bugün ilk günümdü", "new_job"),
        ("Brat przygarnął psa ze schroniska 🐕", "new_pet"),
        ("Minha cunhada deu à luz o Miguel ontem de madrugada", "new_baby"),
        ("Opa en oma zijn vandaag 60 jaar getrouwd 💎 diamanten bruiloft!", "anniversary"),
        ("Мой брат женится в субботу!", "wedding"),
        ("生日快乐，妈妈！", "birthday"),
        ("Hamile olduğumu öğrendik 🤰", "pregnancy"),
        ("Tumehamia nyumba mpya Mombasa 🏠", "moving_home"),
    ],
)
def test_an_event_told_in_another_language_has_its_labels_trigger(
    reader: CueReader, text: str, label: str
) -> None:
    (cues,) = reader.read([text])
    assert label in cues.labels()


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # English words that look like another language's event words
        ("Our golden retriever is the goodest boy", []),
        ("My pension statement came today, grim reading", []),
        ("Jubilant crowds outside the stadium tonight", []),
        ("Congrats to the Nobel laureate from our old lab", []),
        ("Learning Hindi on the train, day 40", []),
        ("She turns 30 on Friday, cake is non-negotiable", ["birthday"]),
    ],
)
def test_english_look_alikes_give_no_other_languages_cue(
    reader: CueReader, text: str, labels: list[str]
) -> None:
    (cues,) = reader.read([text])
    assert cues.labels() == labels
    assert cues.flags["negation"] == 0.0


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Ich bin nicht schwanger, ich hab nur zu viel Döner gegessen 🙄", "pregnancy"),
        ("Als ik ooit met pensioen ga koop ik een camper 😂", "retirement"),
        ("Si algún día me caso, quiero mariachis", "wedding"),
        (
            "Hamile değilim arkadaşlar, sadece iki porsiyon mantı yedim 😂",
            "pregnancy",
        ),  # negated after its cue
        ("Hindi ako buntis, busog lang ako sa sinigang 😂", "pregnancy"),
        ("अगर कभी शादी की तो गोवा में करूँगा", "wedding"),
        ("Kalo nanti pensiun aku mau buka warung kopi di kampung aja", "retirement"),
        ("Когда-нибудь уйду на пенсию и буду только рыбачить на Волге", "retirement"),
        ("ana mish ha-etgawez abadan, khalas 😂", "wedding"),
        ("No me caso ni loca, jajaja", "wedding"),  # Spanish "no" before a pronoun: not
    ],
)
def test_negation_and_hypotheticals_of_other_languages_undo_the_cue(
    reader: CueReader, text: str, label: str
) -> None:
    (cues,) = reader.read([text])
    assert label not in cues.labels()
    assert any(t.label == label and t.undone for t in cues.triggers)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            "Papa ist nicht mehr nervös: Meine Schwester hat geheiratet!",
            "wedding",
        ),  # the negation is not the cue's
        ("नानी जी नहीं रहीं 🙏 ॐ शांति", "bereavement"),  # "nahi rahin": she is no more, a death told
        ("Mi hermana se casa el sábado y la fiesta es en un club de golf", "wedding"),
        ("Amanhã começo no emprego novo, torçam por mim", "new_job"),  # Portuguese "no": in the
    ],
)
def test_other_languages_undoing_words_leave_a_told_event_alone(
    reader: CueReader, text: str, label: str
) -> None:
    (cues,) = reader.read([text])
    assert label in cues.labels()


def test_the_other_language_shift_moves_only_labels_cued_in_another_language_alone(reader: CueReader) -> None:
    texts = [
        "Meine Schwester ist schwanger!",
        "My sister is pregnant!",
        "Mi hermana está embarazada, pregnant!!",
    ]
    cues = reader.read(texts)
    shifted = shift_other_language(np.zeros((3, len(EVENT_LABELS))), cues, 2.0)
    pregnancy = EVENT_LABELS.index("pregnancy")
    assert shifted[0, pregnancy] == 2.0
    assert not shifted[1:].any()
    assert shifted[0].sum() == 2.0


def test_the_shift_is_fitted_on_the_cells_the_rules_after_the_head_leave_standing(reader: CueReader) -> None:
    texts = [
        "Meine Schwester ist schwanger!",
        "Nikahan di sinetron semalam lebay banget 😂",  # a wedding on screen: dropped, never acts
        "Punguzo kwa keki za harusi mwezi huu tu! Agiza sasa 🎂",  # a business selling: dropped
        "My sister is pregnant!",  # an English cue: not shifted
    ]
    day = datetime(2026, 3, 11, tzinfo=UTC)
    cells = fit_cells(reader.read(texts), [day] * len(texts))
    assert cells[0, EVENT_LABELS.index("pregnancy")]
    assert cells.sum() == 1


def test_the_fitted_shift_is_the_largest_that_keeps_what_acts_precise() -> None:
    """Cells whose logit rises with their chance of being an event: the shift stops where the acting
    ones would fall under 90% events."""
    labels = len(EVENT_LABELS)
    logits = np.full((100, labels), -5.0)
    logits[:, 0] = np.linspace(-4.0, -1.0, 100)  # cell i: the i-th surest
    y = np.zeros_like(logits, dtype=bool)
    y[:, 0] = np.arange(100) >= 40  # the 60 surest are events, the 40 least sure are not
    mask = np.zeros_like(y)
    mask[:, 0] = True
    identity = Calibration.identity(labels)
    thresholds = np.full(labels, 0.5)
    shift = fit_shift(logits, y, mask, identity, thresholds, 0.9)
    acted = mask & (identity.apply(logits + shift * mask) >= 0.5)
    assert float(y[acted].mean()) >= 0.9
    wider = mask & (identity.apply(logits + (shift + 0.05) * mask) >= 0.5)
    assert float(y[wider].mean()) < 0.9
    assert 60 <= acted.sum() < 67  # all 60 events and no more than 6 of the rest
    assert fit_shift(logits, y, np.zeros_like(mask), identity, thresholds, 0.9) == 0.0
    slack = fit_shift(logits, y, mask, identity, thresholds, 0.9, slack_se=1.0)
    assert slack > shift  # within a standard error of the target, a few more may act
    looser = mask & (identity.apply(logits + slack * mask) >= 0.5)
    assert 0.85 < float(y[looser].mean()) < 0.9


def test_each_label_with_enough_cells_gets_its_own_shift() -> None:
    """A label whose cells are all events may shift further than one whose least sure half is not; a label
    with fewer cells than asked for gets none of its own (it keeps the common shift)."""
    labels = len(EVENT_LABELS)
    logits = np.full((100, labels), -5.0)
    logits[:, 0] = logits[:, 1] = np.linspace(-4.0, -1.0, 100)
    y = np.zeros_like(logits, dtype=bool)
    y[:, 0] = True  # every cell of label 0 is an event
    y[:, 1] = np.arange(100) >= 50  # label 1: only the surer half
    mask = np.zeros_like(y)
    mask[:, :3] = True
    mask[10:, 2] = False  # label 2: ten cells
    identity = Calibration.identity(labels)
    shifts = fit_label_shifts(logits, y, mask, identity, np.full(labels, 0.5), 0.9, 0.0, 40)
    assert set(shifts) == {0, 1}
    assert shifts[0] > shifts[1]
    moved = identity.apply(logits + np.array([shifts[0], shifts[1]] + [0.0] * (labels - 2)))
    assert moved[:, 0].min() >= 0.5  # all of label 0's cells act
    assert float(y[moved[:, 1] >= 0.5, 1].mean()) >= 0.9


def test_the_artifact_reads_each_labels_own_shift_and_the_common_one_for_the_rest() -> None:
    artifact = load()
    artifact.meta[OTHER_LANGUAGE_SHIFT] = 1.5
    artifact.meta[OTHER_LANGUAGE_LABEL_SHIFTS] = {"new_job": 4.0, "wedding": -1.0}
    shifts = dict(zip(EVENT_LABELS, artifact.other_language_shifts, strict=True))
    assert shifts["new_job"] == 4.0 and shifts["wedding"] == -1.0
    assert all(v == 1.5 for k, v in shifts.items() if k not in ("new_job", "wedding"))


def test_the_shipped_shifts_were_fitted_at_the_target_the_module_states() -> None:
    """Rule 66 lowered other languages' target to 0.935; the shipped model's shifts must be the ones fitted at it (a
    change of the target without a refit would leave the documented precision untrue)."""
    meta = load().meta
    assert meta[f"{OTHER_LANGUAGE_SHIFT}_target"] == other_language_shift.TARGET_PRECISION
    assert other_language_shift.TARGET_PRECISION < TARGET_PRECISION


def test_a_shift_per_label_moves_each_label_by_its_own(reader: CueReader) -> None:
    cues = reader.read(
        ["Meine Schwester ist schwanger!", "Ich habe einen neuen Job!", "My sister is pregnant!"]
    )
    per_label = np.arange(len(EVENT_LABELS), dtype=float)
    shifted = shift_other_language(np.zeros((3, len(EVENT_LABELS))), cues, per_label)
    pregnancy, new_job = EVENT_LABELS.index("pregnancy"), EVENT_LABELS.index("new_job")
    assert shifted[0, pregnancy] == pregnancy and shifted[1, new_job] == new_job
    assert shifted[0].sum() == pregnancy and shifted[1].sum() == new_job
    assert not shifted[2].any()


def test_another_languages_cue_yields_to_a_longer_one_of_another_label(reader: CueReader) -> None:
    (cues,) = reader.read(["Joyeux anniversaire de mariage papa et maman 💞"])
    assert cues.labels() == ["anniversary"]
    (cues,) = reader.read(["Joyeux anniversaire mamie 💐"])
    assert cues.labels() == ["birthday"]


@pytest.mark.parametrize("path", event_words.WRITTEN_FILES, ids=lambda p: p.stem)
def test_each_written_spec_finds_its_label_in_the_post_it_came_with(reader: CueReader, path: Path) -> None:
    """The outside writers' specs (rules 41, 54, 58, 62 and 64) each came with a post where the spec should fire; through the
    real cue reader (its tokens, sentences and dates) each post carries a trigger of that label."""
    rows = event_words.written_words(path)
    assert len(rows) > 500 and {r["label"] for r in rows} == set(event_words.TRIGGERS)
    missed = [
        (r["label"], r["example"])
        for r, cues in zip(rows, reader.read([r["example"] for r in rows]), strict=True)
        if r["label"] not in {t.label for t in cues.triggers}
    ]
    assert missed == []


def test_every_written_spec_is_in_the_triggers_of_its_label() -> None:
    for r in (row for path in event_words.WRITTEN_FILES for row in event_words.written_words(path)):
        assert r["spec"] in event_words.TRIGGERS[r["label"]], r


def test_each_read_spec_fires_alone_on_the_held_out_post_it_was_found_in(reader: CueReader) -> None:
    """The team's specs (rule 50) were found reading events no word cued on read other-language splits; each names
    the post (`found_in`, an event of its label there) and, matched alone over that post's words as the cue reader
    lowers them, finds it: no spec is dead to the tokenizer ("nanhi pari|नन्ही परी" split into two tests was)."""
    rows = event_words.written_words(event_words.READ_FILE)
    assert len(rows) > 200 and {r["label"] for r in rows} <= set(event_words.TRIGGERS)
    posts = {p.id: p for n in _READ_SPLITS for p in load_posts(DATA_DIR / f"posts_heldout{n}.jsonl")}
    dead = []
    for r in rows:
        post = posts[r["found_in"]]
        assert r["label"] in post.labels, r
        assert r["spec"] in event_words.TRIGGERS[r["label"]], r
        words = [_folded(t.lower_) for t in reader.nlp.make_doc(post.text)]
        if not list(TokenPatterns([("x", (r["spec"],))])(words)):
            dead.append(r)
    assert dead == []


def test_a_turkish_dotted_capital_i_matches_the_lower_case_specs(reader: CueReader) -> None:
    """Python lowers "İ" to "i" and a combining dot; the cue reader folds it so "İyi ki doğdun" and "EMEKLİ" are
    read as the specs spell them."""
    assert _folded("İyi".lower()) == "iyi"
    labels = [c.labels() for c in reader.read(["İyi ki doğdun canım annem 🎂", "EMEKLİ OLDUM!!! 🎉"])]
    assert labels == [["birthday"], ["retirement"]]
