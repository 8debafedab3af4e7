"""Property-based tests of the text pipeline: any text in, valid events or a named refusal out.

Arbitrary Unicode (control characters, combining marks, right-to-left marks, emoji), empty
and huge texts, NUL and lone surrogates go through what ``ClassifyText`` runs
(`lifeevents.ingest.classify_text`): the answer is a list of well-formed events, or
InvalidArgument naming ``text`` for what is refused (empty, too long, NUL, a lone surrogate),
never another exception. Derandomised, with the example budget of `tests.hostile`.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from genome_store import EARLIEST_TIME, LATEST_TIME
from lifecue.errors import InvalidArgument
from lifeevents import taxonomy
from lifeevents.ingest import classify_text
from lifeevents.pipeline import Classifier
from tests.hostile import EXAMPLES, HOSTILE_TEXT

MAX_CHARS = 5000
PHRASES = ("my sister's wedding is next Saturday", "we're expecting", "happy birthday mum", "got the keys!")


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier()


texts = st.one_of(
    st.text(max_size=300),  # every code point, lone surrogates included
    st.sampled_from(HOSTILE_TEXT),
    st.lists(st.sampled_from(PHRASES + HOSTILE_TEXT[:20]), max_size=8).map(" ".join),
)
moments = st.datetimes(
    min_value=EARLIEST_TIME.replace(tzinfo=None),
    max_value=LATEST_TIME.replace(tzinfo=None),
    timezones=st.just(UTC),
)


def test_any_text_gives_valid_events_or_a_named_refusal(classifier: Classifier) -> None:
    @settings(max_examples=EXAMPLES * 5, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(text=texts, posted_at=moments)
    @example(text="", posted_at=datetime(2026, 1, 1, tzinfo=UTC))
    @example(text="\x00", posted_at=datetime(2026, 1, 1, tzinfo=UTC))
    @example(text="\ud800 lone", posted_at=datetime(2026, 1, 1, tzinfo=UTC))
    @example(text="wedding " * 625, posted_at=LATEST_TIME)
    @example(text="w" * (MAX_CHARS + 1), posted_at=EARLIEST_TIME)
    @example(text="\x01\x02\x1b[31m\u202e\u2066 new baby next week \U0001f476" * 50, posted_at=LATEST_TIME)
    def one(text: str, posted_at: datetime) -> None:
        try:
            events = classify_text(classifier, text, posted_at, MAX_CHARS)
        except InvalidArgument as exc:
            assert exc.field == "text" and len(str(exc)) < 300
            refused = (
                not text.strip()
                or len(text) > MAX_CHARS
                or "\x00" in text
                or any("\ud800" <= c <= "\udfff" for c in text)
            )
            assert refused, f"refused a valid text: {exc}"
            return
        for event in events:
            assert event.type in taxonomy.EVENT_LABELS
            assert 0.0 <= event.confidence <= 1.0
            assert event.date is None or event.date.tzinfo is not None

    one()
