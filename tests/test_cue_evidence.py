"""What else a post says about a cue of another language: read, weighed and fitted as the model uses it."""

from __future__ import annotations

import numpy as np
import pytest

from lifeevents.artifact import OTHER_LANGUAGE_EVIDENCE, load
from lifeevents.cue_evidence import EVIDENCE, Evidence, evidence_table, fit_evidence
from lifeevents.cues import CueReader
from lifeevents.pipeline import other_language_cells, shift_other_language
from lifeevents.taxonomy import EVENT_LABELS

WEDDING = EVENT_LABELS.index("wedding")


@pytest.fixture(scope="module")
def reader() -> CueReader:
    return CueReader()


def _values(reader: CueReader, text: str, label: str) -> dict[str, float]:
    cues = reader.read([text])
    cells = other_language_cells(cues)
    j = EVENT_LABELS.index(label)
    assert cells[0, j], f"{label} is not cued in another language alone in {text!r}"
    return dict(zip(EVIDENCE, evidence_table(cues, cells)[0, j], strict=True))


def test_a_kin_word_and_a_date_are_read_around_another_languages_cue(reader: CueReader) -> None:
    told = _values(reader, "Meine Schwester heiratet am Samstag! 💍", "wedding")
    assert told["kin_word"] == 1.0 and told["date"] == 1.0
    advert = _values(reader, "Hochzeitskleider im Angebot, wer braucht eins?", "wedding")
    assert advert["kin_word"] == 0.0 and advert["date"] == 0.0 and advert["question"] == 1.0


def test_only_cells_cued_in_another_language_alone_are_weighed(reader: CueReader) -> None:
    cues = reader.read(["Meine Schwester heiratet am Samstag!", "My sister is getting married on Saturday!"])
    cells = other_language_cells(cues)
    table = evidence_table(cues, cells)
    assert table[1].sum() == 0.0 and not cells[1].any()
    weighed = Evidence(
        logit_weight=0.5, weights=(1.0,) * len(EVIDENCE), label_bias=(0.25,) * len(EVENT_LABELS)
    )
    logits = np.full((2, len(EVENT_LABELS)), -2.0)
    out = shift_other_language(logits.copy(), cues, 1.0, weighed)
    expected = 0.5 * -2.0 + table[0, WEDDING].sum() + 0.25 + 1.0
    assert out[0, WEDDING] == pytest.approx(expected)
    assert np.array_equal(out[1], logits[1])  # English: untouched
    assert np.array_equal(np.delete(out[0], WEDDING), np.delete(logits[0], WEDDING))


def test_evidence_survives_meta_json_and_none_means_the_heads_logit() -> None:
    weighed = Evidence(
        logit_weight=0.3,
        weights=tuple(float(i) for i in range(len(EVIDENCE))),
        label_bias=tuple(-float(i) for i in range(len(EVENT_LABELS))),
    )
    assert Evidence.from_json(weighed.to_json()) == weighed
    assert Evidence.from_json(None) is None
    assert Evidence.from_json({}) is None


def test_the_fit_weighs_what_tells_events_apart_and_leaves_noise_near_zero() -> None:
    """Cells whose events carry a date far more often than their non-events: the date gets a large positive
    weight; a feature drawn at random for both gets next to none."""
    rng = np.random.default_rng(7)
    n, labels = 600, len(EVENT_LABELS)
    y = np.zeros((n, labels), dtype=bool)
    y[:, WEDDING] = rng.random(n) < 0.6
    cells = np.zeros_like(y)
    cells[:, WEDDING] = True
    table = np.zeros((n, labels, len(EVIDENCE)))
    date, noise = EVIDENCE.index("date"), EVIDENCE.index("question")
    table[:, WEDDING, date] = np.where(y[:, WEDDING], rng.random(n) < 0.8, rng.random(n) < 0.2)
    table[:, WEDDING, noise] = rng.random(n) < 0.5
    logits = np.zeros((n, labels))
    logits[:, WEDDING] = rng.normal(size=n) + y[:, WEDDING]  # the head sees a little
    fitted = fit_evidence(logits, y, cells, table)
    assert fitted.weights[date] > 1.5
    assert abs(fitted.weights[noise]) < 0.5
    assert fitted.logit_weight > 0.3
    weighed = fitted.apply(logits, [], np.zeros_like(cells))  # no cell marked: nothing changes
    assert np.array_equal(weighed, logits)


def test_the_shipped_model_weighs_the_evidence_this_module_reads() -> None:
    """A new or renamed evidence feature without a refit would leave the shipped weights unreadable."""
    meta = load().meta
    recorded = meta.get(OTHER_LANGUAGE_EVIDENCE)
    if recorded is None:
        pytest.fail(
            "the shipped model has no other-language evidence: run python -m lifeevents.other_language_shift"
        )
    assert set(recorded["weights"]) == set(EVIDENCE)
    assert set(recorded["label_bias"]) == set(EVENT_LABELS)
