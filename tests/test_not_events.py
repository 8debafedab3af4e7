"""Posts whose event words tell no event of the writer's world: businesses selling the event, events long past, and
events told in other languages of screens, the famous, places and businesses."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from lifeevents.cues import CueReader
from lifeevents.events import PostText
from lifeevents.not_events import long_past, not_the_writers, sells_it
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
        "عروض خاصة على فساتين الزفاف 👰 خصم ٣٠٪ لفترة محدودة! زورونا في معرض لمسة عروس",
        "Studio chụp ảnh cưới giảm 20% trọn gói tháng này, inbox để được tư vấn nhé 📸",
        "Punguzo kwa keki za harusi mwezi huu tu! Agiza sasa 🎂",
        "Düğün salonu kampanyası! Hafta içi düğünlerde %30 indirim 🎊",
        "Hochzeitsmesse in Köln am Wochenende, Eintritt frei",
        "这家婚纱店周年庆，全场婚纱八折👰",
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
        "Buenas noticias: ¡mi hermana está embarazada! 🤰",
        "Ci sposiamo! La messa è alle 11 in Duomo 💍",
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
    """Whatever the head says (here: every label certain), none of these kinds of post yields such an event."""
    clf = Classifier(reader=reader)
    posts = [
        PostText("Now booking 2026 weddings 📸 enquire via the link in bio!", POSTED),
        PostText("I got married in 1998 and it was the hottest day of the year.", POSTED),
        PostText("Nikahan di sinetron semalam lebay banget 😂", POSTED),
        PostText("We got married on Saturday!! 💍", POSTED),
        PostText("Kakak aku menikah hari Sabtu!! 💍", POSTED),
    ]
    certain = np.full((len(posts), len(EVENT_LABELS)), 0.99)
    selling, memory, screen, news, other_news = clf.decide(
        posts, reader.read([p.text for p in posts]), certain
    )
    assert selling == []
    assert "wedding" not in {e.type for e in memory}
    assert "wedding" not in {e.type for e in screen}
    assert "wedding" in {e.type for e in news}
    assert "wedding" in {e.type for e in other_news}


@pytest.mark.parametrize(
    ("label", "text", "theirs"),
    [
        # a sentence about a screen or the famous
        ("wedding", "Ślub w tym serialu był tak żenujący, że wyłączyłam telewizor", False),
        ("wedding", "Nikahan di sinetron semalam lebay banget 😂", False),
        ("new_baby", "연예인 득남 소식에 왜 내가 설레냐 ㅋㅋ", False),
        (
            "retirement",
            "Minha mãe se aposentou!!! Agora é só praia, hidroginástica e novela",
            True,
        ),  # another sentence
        # a birthday or an anniversary of no person
        ("birthday", "Buon compleanno a questo blog! 10 anni di ricette", False),
        ("birthday", "Roma compie 2779 anni oggi 🏛️", False),
        ("birthday", "Ulang tahun Jakarta ke-499 hari ini", False),
        ("birthday", "Dziś 80. urodziny naszego klubu! Sto lat!", False),
        ("birthday", "Mi abuela cumple 101 años hoy 🎂", True),
        ("anniversary", "Dziadkowie obchodzą jutro 60. rocznicę ślubu! 💎", True),
        # the wedding's word inside an anniversary
        ("wedding", "Bröllopsdag idag 💛 7 år som gifta och fortfarande bästa vänner", False),
        ("wedding", "Meine Schwester heiratet am Samstag!", True),
        # an English cue: the head reads what undoes it
        ("wedding", "Watched the wedding episode of the serie again", True),
    ],
)
def test_an_event_told_in_another_language_of_no_one_the_writer_knows_is_not_theirs(
    reader: CueReader, label: str, text: str, theirs: bool
) -> None:
    (cues,) = reader.read([text])
    assert label in cues.labels()
    assert not_the_writers(label, cues) is not theirs
