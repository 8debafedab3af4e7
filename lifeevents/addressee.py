"""Whether a post speaks to the person whose event it is, rather than telling the writer's own.

"Happy 30th @sam!!", "Proud of you, have a great first day", "ur retiring??" and a reply asking "@tash NEW
KITTEN???" are the other person's news; "Happy anniversary to us @jamiexo", "thank u @venue" and "I'm so happy
for you" are not a claim on someone's event by the one addressed. `lifeevents.subjects` asks these once no
relation in the post owns the event.
"""

from __future__ import annotations

import re
from pathlib import Path

from lifeevents import lexicon
from lifeevents.cues import Trigger
from lifeevents.dataset import jsonl_rows
from lifeevents.person_words import CALENDAR, FOREIGN_GREETING, NOT_NAMES
from lifeevents.writing_systems import word_forms

__all__ = [
    "CLAIMED",
    "FIRST_PERSON",
    "THANKS",
    "THANKS_OTHER_LANGUAGES",
    "addressed",
    "asked_about",
    "asks_about_theirs",
    "greets_in_other_language",
    "texted_to",
]

# the writer's own couple, even with the partner tagged: "Happy anniversary to us @jamiexo", "me and bae 2 years"
_OUR_COUPLE = re.compile(
    r"\b(?:to us|me (?:and|&|n) \w+|\w+ (?:and|&|n) (?:me|i)|our (?:\w+ )?anniversary)\b", re.I
)
# the one tagged on an anniversary spoken to as the writer's partner: "3 yrs w this one @jess", "my love"
_PARTNER_SPOKEN = re.compile(
    r"\b(?:my love|my (?:favou?rite )?person|my (?:husband|wife|hubby|wifey|partner|other half|better half|person)"
    r"|babe|this one|(?:years?|yrs?) (?:with|w/?) (?:you|u)|stuck with me"
    r"|since (?:you|u) said yes|married (?:to )?(?:you|u)|(?:you|u) and me|said i do)\b",
    re.I,
)
FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|i'll|we|we're|we've|we'll)\b", re.I)
THANKS = r"(?:thanks|thank (?:you|u)|ty)"
# thanks in other languages (the whose-rules read them; the English rules here keep to English thanks)
THANKS_OTHER_LANGUAGES = (
    r"makasih|terima kasih|gracias|obrigad[oa]|merci|grazie|danke|bedankt|tack|takk|dziękuję|dzięki"
    r"|спасибо|дякую|teşekkürler|asante|salamat|shukriya|dhanyavaad|شكرا|ممنون|cảm ơn"
)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]*[A-Za-z0-9_]")  # "@ Some Place" (a location tail) is not one
# a handle named as a place, a giver or someone described is not spoken to: "from @dogstrust", "thank u @venue"
_HANDLE_NOT_SPOKEN_TO = re.compile(
    rf"\b(?:from|at|of|with|via|by|join|joins|joined|joining|(?:{THANKS}|shout ?out|cheers)(?: to)?|(?:my|our|the) (?:\w+ )?"
    r"(?:photographer|mentor|owner|florist|coach|planner|stylist|hairdresser|mua|baker|caterer|dj|venue|agent"
    r"|landlord|midwife|doctor|teacher|lecturer|supervisor|recruiter|vet|breeder|shelter|rescue))\s+(?:the\s+)?$",
    re.I,
)
_THANKED_AFTER = re.compile(rf"^\W*(?:{THANKS}|for (?:the|our|my|all))\b", re.I)
# "I'm crying", "I'm so happy for you" are the writer's feelings about someone else's news, not a claim
CLAIMED = re.compile(
    r"\b(?:to me|to myself|to us|my (?:own )?(?:\d+\w* )?(?:birthday|bday|b-day)|it'?s my"
    r"|i'?m(?!\s+(?:so\s+|literally\s+|actually\s+|already\s+)?(?:crying|screaming|sobbing|shaking|dying"
    r"|emotional|in tears|happy for|so happy for|proud of|thrilled for|excited for)\b)|i am|i have|we'?re"
    r"|we are|we have|i'?ve|we'?ve|i just|i got|we got|i did|i finally|thank (?:you|u)|thanks)\b",
    re.I,
)
_GREETING = re.compile(
    r"\b(?:happy|hbd|congrat\w*|congratz|mazel tov|well done|proud of|good luck|best of luck|wishing|cheers to"
    rf"|many happy returns|welcome (?:to the (?:team|family))?|{FOREIGN_GREETING})\b",
    re.I,
)
_TEXTED_YOU = re.compile(r"(?<![\w'’-])(?:[uU]|[uU]r|yr|r u)(?![\w'’-])(?!\.\w)")  # not "U-Haul", "U.S."
_NOT_TEXTED_TO = re.compile(rf"\b(?:{THANKS}|thx|tysm|my|our|me|us)\b|\b(?:ur|u r) looking at\b", re.I)
# a question about someone's news: "hows the bump??", "did ya pick up the kitten yet??"
_ASKS_ABOUT_THEIRS = re.compile(
    r"\bhow'?s the (?:new |little |lil )?(?:bump|newborn|baby|bub|job|role|place|house|flat|home|pup|puppy|kitten"
    r"|retirement|married life|wedding planning|pregnancy)\b|\bwhen'?s the (?:due date|big day)\b"
    r"|\bwhen do (?:you|u|ya) (?:start|move|fly|leave|go)\b"
    r"|\bdid (?:ya|you|u) (?:get|pick up|bring home|move|start|finally)\b",
    re.I,
)
# a greeting that calls them by a pet name or a kin word: "congrats hun xx", "Congrats sis!!!", "well done Auntie"
_PET_NAMED = re.compile(
    r"\b(?:congrat\w*|well done|happy \w+|proud of)\W+(?:\w+\W+)?"
    r"(?:hun|hon|babe|bae|sis|bro|queen|king|girlie|auntie|aunty|cuz|mate)\b",
    re.I,
)
_YOUR_ANNIVERSARY = re.compile(r"\b(?:ur|yr)\s+(?:\d+\w*\s+)?anniversary\b", re.I)
_SECOND = re.compile(r"\b(?:you|your|you'?re|u|ur|ya|yours|you'?ve|you'?ll)\b", re.I)
_TO_YOU = re.compile(
    r"\b(?:proud of (?:you|u)|(?:you|u) (?:got|did) it"
    r"|have an? (?:great|good|amazing|wonderful|fantastic|awesome) (?:first )?day"
    r"|(?:on|for) (?:your|ur) (?:new|first|big|engagement|wedding|graduation|retirement|promotion|pregnancy|loss)"
    r"|you'?re (?:engaged|pregnant|expecting|getting married|a mum|a mom|a dad)|you (?:two|both)"
    r"|(?:you|u) (?:just |finally |actually )?(?:got|are|r) (?:engaged|married|hitched|pregnant|expecting)"
    r"|sorry (?:for|about) (?:your|ur) loss|congrat\w*,? grad"
    r"|(?:your|ur) new (?:pup|puppy|kitten|dog|cat|baby|bub|job|role|house|home|place|flat|apartment|digs)"
    r"|(?:happy|congrat\w*) (?:\w+ ){0,2}to the (?:best|greatest|most|one and only|world'?s)"
    r"|congrat\w* on (?:the|getting|being|finally|becoming|passing|a|an|\w+ing)|congrat\w*,? (?:to )?(?:you )?both"
    r"|enjoy (?:your|ur) (?:\w+ )?(?:retirement|new|big day|day|honeymoon))\b",
    re.I,
)
_COUPLE_ADDRESSED = re.compile(
    r"\b(?:you two|you both|both of you|the happy couple|y'?all|you guys|yous|you lot|[A-Z][a-z]+ (?:&|and) [A-Z][a-z]+)\b"
)
_NAME_AFTER = re.compile(
    r"\b(?i:happy|congrat\w*|congratulations|hbd|well done)(?: \w+)?,? (?i:to )?(?i:the )?"
    r"(?!(?i:to|my|our|the|all|everyone|me|us|myself|you|day|everybody|new|christmas|easter|thanksgiving|valentine\w*"
    r"|mother\W?s|father\W?s|halloween|diwali|eid|hanukkah|holidays|friday|monday|tuesday|wednesday|thursday"
    r"|saturday|sunday|weekend|birthday|anniversary|retirement|graduation)\b)[A-Z][a-z]+\b"
)
_BIRTHDAY_WISH = re.compile(
    r"\b(?:happy (?:\w+ )?(?:birthday|bday|b-day)|hbd|many happy returns|happy \d+(?:st|nd|rd|th))\b", re.I
)
# a birthday wished in another language, to whoever it is: "С днём рождения!", "Feliz cumple 🎂", "生日快乐"
_BIRTHDAY_WISH_OTHER = re.compile(
    r"\b(?:feliz cumpleaños|feliz cumple|feliz aniversário|joyeux anniversaire|bon anniversaire"
    r"|alles gute zum geburtstag|alles liebe zum geburtstag|(?:herzlichen )?glückwunsch zum geburtstag"
    r"|buon compleanno|fijne verjaardag|gefeliciteerd met je verjaardag|grattis på födelsedagen"
    r"|tillykke med fødselsdagen|gratulerer med dagen|hyvää syntymäpäivää|boldog születésnapot"
    r"|wszystkiego najlepszego|sto lat|všechno nejlepší|všetko najlepšie|la mul[țt]i ani|χρόνια πολλά|xronia polla"
    r"|iyi ki do[ğg]dun|do[ğg]um gün[üu]n kutlu olsun|selamat ulang tahun|maligayang kaarawan|chúc mừng sinh nhật"
    r"|с дн[её]м рождения|з дн[её]м народження|честит рожден ден|sretan rođendan|срећан рођендан"
    r"|kol sana w|kol sane w|kel sene w|kul sana w|janamdin mubarak|saalgirah mubarak|hongera kwa siku ya kuzaliwa"
    r"|heri ya siku ya kuzaliwa)\b"
    r"|عيد ميلاد سعيد|كل عام وأنت|كل عام وانت|كل سنة وأنت|كل سنة وانت|जन्मदिन मुबारक|जन्मदिन की शुभकामनाएं"
    r"|سالگرہ مبارک|تولدت مبارک|יום הולדת שמח|生日快乐|生日快樂|誕生日おめでとう|생일 축하",
    re.I,
)
# ... unless the writer thanks for wishes or calls the day theirs in that language: "Gracias por los mensajes"
_OWN_DAY_OTHER = re.compile(
    r"\b(?:gracias|obrigad[oa]|merci|danke|grazie|bedankt|dankjewel|tack|takk|kiitos|köszönöm|dziękuj\w*|děkuj\w*"
    r"|ďakuj\w*|mul[țt]umesc|ευχαριστώ|te[şs]ekk[üu]r\w*|terima kasih|makasih|salamat|c[ảá]m ơn|asante|спасибо"
    r"|дякую|благодаря|shukriya|shukria|dhanyavaad|mi cumpleaños|mi cumple|mon anniversaire|meinen? geburtstag"
    r"|il mio compleanno|meu aniversário|mijn verjaardag|moje urodziny|мой день рождения|мій день народження"
    r"|doğum günüm|ulang tahunku|kaarawan ko|sinh nhật (?:của )?(?:mình|tôi|em))\b"
    r"|شكرا|ممنون|תודה|धन्यवाद|शुक्रिया|मेरा जन्मदिन|عيد ميلادي|谢谢|謝謝|我的生日|ありがとう|私の誕生日|감사|고마워|내 생일",
    re.I,
)
# congratulations and wishes, and thanks for them, in some ninety other languages (data README)
GREETINGS_FILE = Path(__file__).resolve().parent / "data" / "greetings_more.jsonl"


def _greetings() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(congratulations and wishes, thanks for them) of `GREETINGS_FILE`, read once."""
    rows = list(jsonl_rows(GREETINGS_FILE))
    congratulate = word_forms(row["form"] for row in rows if row["kind"] == "congratulate")
    return congratulate, word_forms(row["form"] for row in rows if row["kind"] == "thanks")


_CONGRATULATE_OTHER, _THANKED_OTHER = _greetings()
_THANKS_OTHER = re.compile(THANKS_OTHER_LANGUAGES, re.I)
_REPLY_TO = re.compile(r"^\s*(?:@[A-Za-z0-9_.]*[A-Za-z0-9_]\s+)+")
# a reply that opens by asking about the news asks them about theirs: "@tash NEW KITTEN???", "@dan ENGAGED??"
_REPLY_QUESTION = re.compile(
    r"^(?!\W*(?i:what|when|where|who|why|how|is|are|do|does|did|can|could|will|would|should)\b)"
    r"\W*(?:[^\s.!?]+\s+){0,3}[^\s.!?]+\s*\?"
)
# a capitalised name closing a greeting's clause: "Congrats on the new home Kofi!!", "Happy retirement Becca 🏖️"
_NAME_CALLED = re.compile(
    r"\b(?i:congrat\w*|happy|well done|proud of|enjoy)\b[^.!?\n]{0,40}?\s"
    r"(?<!\bin )(?<!\bat )(?<!\bto )(?<!\bfrom )"
    r"(?!(?i:the|my|our|your|you|it|day|team|all|everyone|new|life|world|years?|home|house|job|baby|girl|boy)\b)"
    r"([A-Z][a-z]{1,14})(?=\s*(?:[!,.?]|$|[^\w\s]))"
)


# the same in other languages, names with their letters: "Boldog születésnapot, Zsófi!", "С днём рождения, Маша!"
_NAME_CALLED_OTHER_LANGUAGE = re.compile(
    rf"\b(?i:{FOREIGN_GREETING})\b[^.!?\n]{{0,40}}?[\s,]([A-ZÀ-ÖØ-ÞŁŚŹŻČŠŽА-ЯЁЄІЇҐЂ-ЏΑ-ΩΆΈΉΊΌΎΏ][^\W\d_]{{1,14}})"
    r"(?=\s*(?:[!,.?]|$|[^\w\s]))"
)


def _called_name(text: str) -> bool:
    """Whether a greeting ends on someone's first name ("Happy retirement Becca 🏖️")."""
    for m in (*_NAME_CALLED.finditer(text), *_NAME_CALLED_OTHER_LANGUAGE.finditer(text)):
        word = m.group(1).lower()
        if word not in NOT_NAMES and word not in CALENDAR and word not in lexicon.RELATIONS:
            return True
    return False


def addressed(label: str, text: str, start: int, end: int) -> bool:
    """Whether the post speaks *to* the person whose event it is ("Happy 30th @sam!!", "Proud of you").

    Read over the whole post, unless the writer claims the event ("to me", "my birthday", "I'm").
    """
    reply = _REPLY_TO.match(
        text
    )  # "@jess @sam she said yes!!": a reply names whom it answers, not whose news
    body = text[reply.end() :] if reply else text
    body_start = max(start - len(text) + len(body), 0)
    if CLAIMED.search(body) and not _spoken_to_handles(body[body_start : end - len(text) + len(body)]):
        return False
    greeting = _GREETING.search(body)
    handles = _spoken_to_handles(body)
    if label == "anniversary":  # "happy anniversary babe" is the writer's own; only a couple addressed is not
        if _OUR_COUPLE.search(body):
            return False  # "Happy 5th anniversary to us @jamiexo": the tagged one is the writer's partner
        couple = _COUPLE_ADDRESSED.search(body) or len(handles) > 1
        if not couple and _PARTNER_SPOKEN.search(text):
            return False  # "3 yrs w this one @jess.k", "@priya 10 years since u said yes. happy anniversary my love"
        return bool(handles or couple or (reply and greeting))
    if handles and not FIRST_PERSON.search(text[start:end]):
        return True
    if reply and greeting:
        return True
    if label == "birthday" and (
        _BIRTHDAY_WISH.search(body) or (_BIRTHDAY_WISH_OTHER.search(body) and not _OWN_DAY_OTHER.search(body))
    ):
        return True
    return bool(
        _TO_YOU.search(body)
        or (
            greeting
            and (
                _SECOND.search(body)
                or _NAME_AFTER.search(body)
                or _called_name(body)
                or _PET_NAMED.search(body)
            )
        )
    )


def _spoken_to_handles(text: str) -> list[str]:
    """The @handles in ``text`` that may be whom it speaks to: not a place, a giver thanked or someone described
    by their role ("from @dogstrust", "@columbia thank you", "our photographer @snaps"), nor one listed after such."""
    spoken: list[str] = []
    last_end, last_spoken = -1, True
    for m in _HANDLE.finditer(text):
        before = text[max(0, m.start() - 32) : m.start()]
        listed = last_end >= 0 and re.fullmatch(r"[^.!?\n]{0,48}\s(?:and|&)\s+", text[last_end : m.start()])
        last_spoken = (
            last_spoken
            if listed
            else not (_HANDLE_NOT_SPOKEN_TO.search(before) or _THANKED_AFTER.match(text[m.end() :]))
        )
        last_end = m.end()
        if last_spoken:
            spoken.append(m.group())
    return spoken


def texted_to(label: str, clause: str) -> bool:
    """Whether a chat message tells or asks someone about their own event in texting's second person
    ("u", "ur", "r u"), with no first person in it, no thanks and no "ur looking at" (the writer showing off)."""
    if not _TEXTED_YOU.search(clause) or FIRST_PERSON.search(clause) or _NOT_TEXTED_TO.search(clause):
        return False
    return label != "anniversary" or _YOUR_ANNIVERSARY.search(clause) is not None


def asks_about_theirs(text: str) -> bool:
    """Whether a message asks someone how their news is going ("hows the bump?? still due in april?"),
    with no first person, no thanks and no "my" anywhere in it."""
    return bool(
        _ASKS_ABOUT_THEIRS.search(text) and not FIRST_PERSON.search(text) and not _NOT_TEXTED_TO.search(text)
    )


def asked_about(text: str, trigger: Trigger | None) -> bool:
    """Whether a reply opens by asking about the news it answers ("@tash NEW KITTEN???").

    Only a few words with no question word, holding the event's own words (or none were found):
    "@mike what time is the party? it's my 30th!!" asks about something else.
    """
    reply = _REPLY_TO.match(text)
    question = _REPLY_QUESTION.match(text[reply.end() :]) if reply else None
    if reply is None or question is None or FIRST_PERSON.search(question.group(0)):
        return False
    return trigger is None or trigger.start < reply.end() + question.end()


def greets_in_other_language(text: str) -> bool:
    """Whether a post congratulates or wishes someone well in another language ("Hongera sana kwa kuhitimu 🎓",
    "ألف مبروك الخطوبة يا ريم") and thanks nobody for wishes ("Дякуємо всім за привітання"): the greeted one's event."""
    return bool(
        _CONGRATULATE_OTHER.search(text)
        and not _THANKED_OTHER.search(text)
        and not _OWN_DAY_OTHER.search(text)
        and not _THANKS_OTHER.search(text)
    )
