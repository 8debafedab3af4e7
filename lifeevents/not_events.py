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

__all__ = ["long_past", "not_the_writers", "sells_it"]

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
    r"|boka (?:nu|din|er)|hubungi kami|pesan sekarang|open order|lacno a rýchlo"
    r"|descuentos?|desconto\w*|rabatt\w*|scont[oi]|réductions?|promoci[oó]n\w*|promoção|promoções|promozion\w*|скидк\w*"
    r"|знижк\w*|خصم|تخفیف\w*|giảm giá|giảm \d+|diskon|punguzo|indirim\w*|zniżk\w*|slev[ay]|akció\w*|ছাড়|छूट"
    r"|inbox (?:shop|để|nha|em|mình)|ইনবক্স|tư vấn|liên hệ|cho thuê|contactez|kontaktujte|iletişim|dm atın"
    r"|wasiliana|piga simu|agiza|bei nafuu|للتواصل|للحجز|زورونا|كلمونا|تماس بگیرید|رزرو|per averci scelt[oi]"
    r"|nuova collezione|nueva colecci[oó]n|nova cole[cç][aã]o|nouvelle collection|neue kollektion|nowa kolekcja|koleksi baru"
    r"|নতুন কালেকশন|новая коллекция|hochzeitsmesse|bryllupsmesse|bröllopsmässa|trouwbeurs|bruidsbeurs|targi ślubne"
    r"|salon du mariage|feria de (?:bodas|novias)|fiera (?:degli|della) spos\w*|düğün fuar\w*|salon sukien\w*|ruhaszalon\w*"
    r"|promocj\w*|προσφορ[άέ]\w*|κατάστημ\w*|ediție aniversară)\b"
    r"|折扣|打折|[一二三四五六七八九]折|割引|セール|할인|특가"  # scripts without spaces: inside a run of letters
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
    mine = cues.standing(label)
    return bool(mine) and all(_dated_long_ago(cues.text, t, posted_at) for t in mine)


def _dated_long_ago(text: str, trigger: Trigger, posted_at: datetime) -> bool:
    clause = clause_around(text, trigger.start, trigger.end)
    inside = text[trigger.start : trigger.end]
    years = [int(y) for y in _YEAR.findall(clause) if y not in inside]  # "Class of 2019" is a name
    return bool(years) and max(years) <= posted_at.year - _LONG_AGO


# whose a birthday or an anniversary is when it is no person's, in other languages: a city, a club, a shop, a
# company, an app, a blog, a republic ("Buon compleanno a questo blog!", "Dziś 80. urodziny naszego klubu")
_NOT_A_PERSON = re.compile(
    r"\b(?:ciudad|città|cidade|ville|stadt|kota|kotaku|город\w*|місто|міста|πόλη\w*|şehr\w*|şehir|miasto|miasta"
    r"|město|város|oraș\w*|thành phố|mji|مدينة|शहर|club|klub\w*|kulüb\w*|kulüp|клуб\w*|museo|museu|musée|museum|музе\w*"
    r"|müze\w*|tienda|loja|negozio|winkel|toko|sklep\w*|obchod|obchodu|obchodě|магазин\w*|mağaza\w*|cửa hàng|duka|متجر|محل|חנות|दुकान"
    r"|panader[ií]a|padaria|boulangerie|bäckerei|bakkerij|panetteria|piekarni\w*|пекарн\w*|fırın\w*|empresa|azienda"
    r"|entreprise|firma|unternehmen|bedrijf|företag|yritys|şirket\w*|perusahaan|công ty|kampuni|شركة|חברה"
    r"|कंपनी|aplicaci[oó]n|aplicativo|applicazione|applicatie|aplikac\w*|приложени\w*|uygulama\w*|aplikasi|ứng dụng"
    r"|\w*אפליקציה|\w*אפליקציית|blog\w*|metro|república|repubblica|république|republik|vabariigi|vabariik\w*"
    r"|rzeczpospolit\w*|республик\w*|cumhuriyet\w*|fc|sc|cf)\b|会社|公司|회사|アプリ|شركت|شركة|مدونة|المدونة",
    re.I,
)
_NEAR = 40  # characters either side of a cue where whose it is gets named
# an age no person reaches: "Roma compie 2779 anni", "Ulang tahun Jakarta ke-499", "190 χρόνια από την ίδρυσή της"
_AGE_OF_A_PLACE = re.compile(
    r"(?:\bke-?|\b)(\d{3,4})(?:\.|-?(?:th|e|º|ª))?\s*(?:anni|años|anos|ans|jahre|jaar|år|vuotta|lat|let|év|ani"
    r"|godina|yıl\w*|tahun|taon|χρόνια|лет|років|năm|miaka|سنة|عام|שנה|שנים|साल|वर्ष|歳|周年|년|살)?",
    re.I,
)
_OLDEST = 120


def not_the_writers(label: str, cues: Cues) -> bool:
    """Whether an event told only in another language's words belongs to no one of the writer's world: told in a
    sentence about a screen or the famous ("Είδα τον γάμο στη σειρά χθες"), a birthday or an anniversary of
    a place, a club or a business, or of an age no person reaches, and a wedding's word inside an anniversary
    ("shaadi ki 25vi saalgirah"). The head reads English cue features; these posts show it none of those that
    undo an event, so the rules speak for them."""
    if label not in cues.only_other_language():
        return False
    mine = cues.standing(label)
    if any(t.sentence in cues.media_sentences for t in mine):
        return True
    if label == "wedding":
        return "anniversary" in cues.labels()
    if label in ("birthday", "anniversary"):
        return any(_of_no_person(cues.text, t) for t in mine)
    return False


def _of_no_person(text: str, trigger: Trigger) -> bool:
    near = text[max(0, trigger.start - _NEAR) : trigger.end + _NEAR]
    if _NOT_A_PERSON.search(near):
        return True
    clause = clause_around(text, trigger.start, trigger.end)
    return any(
        int(m.group(1)) >= _OLDEST and not 1900 <= int(m.group(1)) <= 2100
        for m in _AGE_OF_A_PLACE.finditer(clause)
        if m.group(0).strip() != m.group(1) or m.group(0).lower().startswith("ke")
    )
