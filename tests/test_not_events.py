"""Posts whose event words tell no event of the writer's world: businesses selling the event, events long past."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from lifeevents.cues import CueReader
from lifeevents.events import PostText
from lifeevents.not_events import long_past, sells_it
from lifeevents.pipeline import Classifier
from lifeevents.taxonomy import EVENT_LABELS

POSTED = datetime(2026, 3, 11, 15, tzinfo=UTC)


@pytest.fixture(scope="module")
def reader() -> CueReader:
    return CueReader()


@pytest.mark.parametrize(
    "text",
    [
        "Now booking 2026 weddings 📸 only a handful of June and July dates left, enquire via the link in bio!",
        "Wedding season 2026 is officially full! Thank you to all our couples ❤️ taking enquiries for 2027 #weddingdj",
        "Happy 15th birthday to us! 🎉 Thanks to every customer who's walked through our doors",
        "Baby shower boxes 20% off this week only, use code BUMP20",
        "Vestidos de novia a medida 👰 Pide cita para la nueva colección en nuestro showroom de Valencia",
        "Verhuizen? Laat het aan ons over! 🚚 Verhuisbedrijf De Vries, gratis offerte binnen 24 uur",
        "Przeprowadzki Kraków i okolice 🚛 Zadzwoń i zapytaj o wolne terminy w weekendy!",
        "Empresa de mudanças SP 🚚 orçamento grátis pelo WhatsApp, embalagem inclusa",
        "Coiffure de mariée bohème 🌸 Réservez votre essai pour la saison 2026",
    ],
)
def test_a_business_speaking_to_its_customers_sells_the_event(text: str) -> None:
    assert sells_it(text)


@pytest.mark.parametrize(
    "text",
    [
        "We're getting married in June!! booked the venue today 💍",
        "date night with our couple friends before the baby comes",
        "Thank you to everyone who came to our wedding ❤️",
        "Ayer firmamos la hipoteca 🏠🔑 Ya tenemos casa propia, cuando terminemos de pintar hacemos fiesta",
        "Nos mudamos el sábado!! alguien tiene cajas que le sobren?",
        "Meine Kollegin heiratet morgen und wir haben ihr Büro komplett in pink dekoriert 💕",
    ],
)
def test_a_persons_own_news_is_not_selling(text: str) -> None:
    assert not sells_it(text)


@pytest.mark.parametrize(
    ("label", "text", "past"),
    [
        ("wedding", "I got married in 1998 and it was the hottest day of the year.", True),
        ("retirement", "When my grandad retired in 1998 they gave him a clock", True),
        ("wedding", "We got married in 2025 and it still feels new", False),
        ("wedding", "Getting married in 2027!! 💍", False),
        # recurring: the anniversary's
        ("anniversary", "Married since 1998, happy anniversary my love", False),
        # a loss stays the writer's
        ("bereavement", "Lost my dad in 2010 and I still miss him every day", False),
        # a current one of its kind beside it
        ("moving_home", "Moved to Leeds in 2014, moving to Bristol next month", False),
    ],
)
def test_a_one_off_event_dated_years_back_in_every_clause_is_long_past(
    reader: CueReader, label: str, text: str, past: bool
) -> None:
    (cues,) = reader.read([text])
    assert long_past(label, cues, POSTED) is past


def test_the_classifier_drops_what_a_business_sells_and_what_is_long_past(reader: CueReader) -> None:
    """Whatever the head says (here: every label certain), neither kind of post yields such an event."""
    clf = Classifier(reader=reader)
    posts = [
        PostText("Now booking 2026 weddings 📸 enquire via the link in bio!", POSTED),
        PostText("I got married in 1998 and it was the hottest day of the year.", POSTED),
        PostText("We got married on Saturday!! 💍", POSTED),
    ]
    certain = np.full((len(posts), len(EVENT_LABELS)), 0.99)
    selling, memory, news = clf.decide(posts, reader.read([p.text for p in posts]), certain)
    assert selling == []
    assert "wedding" not in {e.type for e in memory}
    assert "wedding" in {e.type for e in news}
