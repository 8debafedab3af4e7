"""Posts where an event's words tell no event of the writer's world, whatever the head says.

A business speaking to its customers ("Now booking 2026 weddings, enquire via the link in bio", "Wedding season is
full! Thank you to all our couples") sells the event, and a one-off event told only with a year long gone ("I got
married in 1998 and it was the hottest day of the year") is a memory, not news to personalise on; beside a current
one of its kind it is not ("Moved to Leeds in 2014, moving to Bristol next month"). The head, trained on the
words of events, finds events in both; these rules drop them. Recurring events (birthdays, anniversaries) and losses
are left alone: "married since 1998" is an anniversary's, and a loss remembered is the writer's grief.
"""

from __future__ import annotations

import re
from datetime import datetime

from lifeevents.cues import Cues, Trigger
from lifeevents.dates import clause_around
from lifeevents.taxonomy import RECURRING
from lifeevents.taxonomy import get as taxon

__all__ = ["long_past", "sells_it"]

_BUSINESS_ENGLISH = (
    r"\b(?:now booking|taking (?:enquiries|bookings)|enquire (?:now|today|via|through|at|within)|enquiries (?:open|welcome)"
    r"|link in (?:our )?bio|dm (?:us )?(?:to book|for (?:bookings|prices|rates|availability))|book (?:now|today|your slot)"
    r"|bookings? (?:are )?(?:now )?open|(?:all )?our (?:lovely |amazing |wonderful )?(?:couples|brides|clients|customers"
    r"|graduates|students|members)|(?:every|each) (?:customer|client|couple|bride)|(?:limited|few|handful of) \w*\s*"
    r"(?:dates|slots|spaces) (?:left|remaining|available)|use code|\d+% off|special offer)\b"
    r"|#(?:wedding(?:dj|photographer|photography|florist|planner|venue|cakes?|hair|makeup)|eventcatering|bridalmakeup"
    r"|smallbusiness)\b"
)
# the same voice in other languages (none of these is English): "Pide cita para la nueva colección", "Réservez votre
# essai", "gratis offerte binnen 24 uur", "Zadzwoń i zapytaj o wolne terminy", "orçamento grátis pelo WhatsApp"
_BUSINESS_OTHER_LANGUAGES = (
    r"\b(?:pide (?:tu |su )?cita|reserva (?:ya|tu|su)|presupuestos? (?:gratis|sin compromiso)|quedan pocas|fechas disponibles"
    r"|llámanos|escríbenos|nuestr[oa]s (?:clientes|novias|parejas)|nuestro showroom|orçamentos? (?:grátis|gratuito|sem compromisso)"
    r"|agende (?:já|seu|sua|agora)|nossos clientes|nossas noivas|datas disponíveis|réservez|prenez rendez-vous|devis gratuit"
    r"|nos (?:clientes|mariées|futurs mariés)|dates disponibles|il reste quelques dates|contactez-nous|prenota (?:ora|subito|la tua)"
    r"|preventiv[oi] gratuit[oi]|i nostri (?:clienti|sposi)|date (?:ancora )?disponibili|contattaci|jetzt (?:buchen|anfragen|termin)"
    r"|termine frei|(?:unverbindliche|kostenlose)s? angebot|unsere (?:kunden|brautpaare|kollektion)|gratis offerte|boek nu"
    r"|onze (?:klanten|bruidsparen)|data vrij|neem contact op|zadzwoń|zapytaj o|wolne terminy|rezerwuj|bezpłatn\w* wycen\w*"
    r"|zarezervujte|rezervujte|volajte|nazovite|randevu (?:almayı|alın|için)|mağazamız\w*|ledige datoer|lediga datum"
    r"|boka (?:nu|din|er)|hubungi kami|pesan sekarang|open order|lacno a rýchlo)\b"
)
_BUSINESS = re.compile(f"{_BUSINESS_ENGLISH}|{_BUSINESS_OTHER_LANGUAGES}", re.I)  # one scan of a post
_YEAR = re.compile(r"(?<![\w/-])((?:19|20)\d\d)(?![\w/-])")
_LONG_AGO = 2  # years before the post: a one-off event told in a clause with such a year is a memory


def sells_it(text: str) -> bool:
    """Whether a post is a business speaking to its customers about the events it serves."""
    return _BUSINESS.search(text) is not None


def long_past(label: str, cues: Cues, posted_at: datetime) -> bool:
    """Whether a one-off event (not a loss) is told only in clauses that date it two or more years before the post:
    every cue of its label (not undone) sits in such a clause."""
    if label == "bereavement" or taxon(label).recurrence == RECURRING:
        return False
    mine = [t for t in cues.triggers if t.label == label and not t.undone]
    return bool(mine) and all(_dated_long_ago(cues.text, t, posted_at) for t in mine)


def _dated_long_ago(text: str, trigger: Trigger, posted_at: datetime) -> bool:
    clause = clause_around(text, trigger.start, trigger.end)
    inside = text[trigger.start : trigger.end]
    years = [int(y) for y in _YEAR.findall(clause) if y not in inside]  # "Class of 2019" is a name
    return bool(years) and max(years) <= posted_at.year - _LONG_AGO
