"""Whose event it is: the writer's own (``self``) or someone in their network, and who.

Rules over the cues of a post, run after the head has said *which* events it tells of. The
event is the writer's unless a relation or a named person owns it ("my sister got engaged",
"Freya's graduation"), or the post speaks to the person whose event it is ("Happy 30th @sam!!",
"Proud of you"). Household members count as the writer for the events a household shares
(`lexicon.HOUSEHOLD_EVENTS`), and the bereaved writer is the subject of a loss.
Kin and name words beyond the lexicon are in `lifeevents.person_words`; whether a post speaks
to the event's owner is `lifeevents.addressee`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from lifeevents import lexicon
from lifeevents.addressee import (
    CLAIMED,
    FIRST_PERSON,
    THANKS,
    THANKS_OTHER_LANGUAGES,
    addressed,
    asked_about,
    asks_about_theirs,
    greets_in_other_language,
    texted_to,
)
from lifeevents.cues import Cues, Relation, Trigger
from lifeevents.dataset import jsonl_rows
from lifeevents.events import NETWORK, SELF
from lifeevents.person_words import (
    CALENDAR,
    KIN_OWNS,
    MORE_RELATIONS,
    NOT_NAMES,
    NOT_SUBJECTS,
    RELATION_WORDS,
    kin_prefix,
    kin_relations,
)
from lifeevents.writing_systems import word_forms

__all__ = ["whose"]

# the writer's own words; "were" also reads as "we're" just before a cue, never between a person and their news
_MINE = r"my|our|i|i'm|im|we|we're|i've|we've|me|us|mine|ours"
_OWN = re.compile(rf"\b({_MINE}|were)\W*$", re.I)
_OTHERS_LOSS = re.compile(
    r"(?:\s*(?:'s|’s)\s+(?:[\w-]+\s+){1,2}(?:passed|died|funeral|memorial|is gone)"
    r"|\s+(?:just\s+|has\s+|had\s+|sadly\s+)?(?:lost|is grieving|buried|is mourning)\s+(?:her|his|their))",
    re.I,
)
_OTHERS_KIN = frozenset({"his", "her", "their", "your"})
#: relations outside the family whose loss of a person a post in another language tells (`_friend_named`)
_FRIENDS = frozenset({"friend", "best friend", "colleague", "boss", "neighbour", "girlfriend", "boyfriend"})
# the writer is the event's grammatical owner a few small words back: "we got engaged", "our own 30th
# anniversary", "I'm finally retiring", "MY wedding"
_CLAIM_BEFORE = re.compile(
    r"\b(?:my|our|i|i'm|im|we|we're|i've|we've)\s+(?:(?:own|first|second|new|big|little|\d+(?:st|nd|rd|th)?|just"
    r"|finally|officially|actually|have|has|had|are|am|got|get|getting|gonna|will|be|now|also|both|all|so|really)"
    r"\s+){1,3}$",
    re.I,
)
# when a post tells two events, a clause that opens on someone new is about them: "Moved in yesterday and
# my bestie's birthday is tomorrow", "Happy 60th to my mum and guess who's getting married? ME"
_NEW_CLAUSE = re.compile(
    r"[;!?\n]|\b(?:and|but|so|plus|while|because|cause|cuz)\s+(?=(?:my|our|me|i|i'm|im|we|we're|guess)\b)",
    re.I,
)
_MINE_BEFORE = re.compile(r"\b(?:my|our)\s+(?:own\s+)?$", re.I)
_NEWBORN_FIRST = re.compile(r"^[\W_]*(?:a\s+)?(?:baby|little|lil|wee)\s+(?:girl|boy)\b", re.I)
# the writer beside a relation: "just us and the parents", "me and my sister"
_BESIDE_ME = re.compile(r"\b(?:me|us|i)\s+(?:and|&|n)\s+(?:the\s+|my\s+)?$", re.I)
# reported speech: the first person inside the quote is the speaker's ("Mum told everyone 'I'm retiring!'")
_QUOTE_OPEN = re.compile(
    r"(?:\b(?:said|says|told|texted|messaged|announced|yelled|screamed|called)(?:\s+\w+){0,4}\s*:?\s*|[—–:]\s*)"
    r"['\"“‘]((?:[^'\"”’]|(?<=\w)['’](?=\w))*)$",
    re.I,
)
_THEY = frozenset({"he", "she", "they"})
_SPEAKER = re.compile(
    r"\b((?i:he|she|they)|[A-Z][a-z]+|(?i:my|our)\s+[a-z]+)\s+(?:(?:just|then|finally)\s+)?(?:said|says|told|texted"
    r"|messaged|announced|yelled|screamed|called)\b|\b(?:from|heard from)\s+([A-Z][a-z]+)\s*[—–:]"
)
# a colleague welcomed or seen off at work: "welcome Ifeoma to my team", "our newest hire", "say goodbye to Margaret"
_COLLEAGUE = re.compile(
    r"\b(?i:welcome)\s+[A-Z][a-z]+\s+(?i:to\s+(?:my|our|the)\s+(?:\w+\s+)?team)\b"
    r"|\b(?i:our|my)\s+(?i:newest|new)\s+(?i:hire|team member|colleague|starter|recruit|joiner)\b"
    r"|\b(?i:say|said|saying)\s+(?i:goodbye|farewell)\s+to\s+[A-Z][a-z]+"
)
# a birthday, wedding or big day that is his, hers or theirs with no relation named: "love to my kumare on her birthday"
_ON_THEIR_DAY = re.compile(
    r"\b(?:on|for)\s+(?:his|her|their)\s+(?:\d+(?:st|nd|rd|th)\b|(?:\d+(?:st|nd|rd|th)\s+)?(?:birthday|bday|b-day|big day"
    r"|special day|wedding|retirement|graduation|engagement|anniversary)\b)",
    re.I,
)
_YOUR_LOSS = re.compile(
    r"\b(your loss|sorry for your|condolences to|thoughts are with|thinking of|sorry to hear|so sorry about your"
    r"|sending (?:love|hugs|prayers|strength) to|praying for (?:you|u|@)|rip to (?:your|ur)|(?:you|u) lost (?:your|ur)"
    r"|(?:your|ur) (?:dad|mum|mom|father|mother|grandma|grandpa|nan|brother|sister|husband|wife|son|daughter|dog|cat))\b",
    re.I,
)
_NAMED = re.compile(
    r"\b([A-Z][A-Za-zÀ-ÿ]+)(?:'s|’s|'S)\b"
    r"|\b([A-Z][a-zà-ÿ]+)(?: [A-Z][a-zà-ÿ]+)?(?: (?:&|and) [A-Z][a-zà-ÿ]+)?(?: from (?:my |our |the )?\w+(?: \w+)?)?"
    r"(?:, (?:who|our|my|the) [^,.!?]{1,60},|,? who)?"
    r"(?: (?:finally|just|officially|has|have))? (?:and (?:her|his|their) (?:wife|husband|partner|fianc\w*|boyfriend"
    r"|girlfriend)|starts (?:as|at)"
    r"|had (?:her|his|their|a) baby|gave birth|retires|retired|tied the knot|graduated|graduates|turn(?:s|ed)? \d+"
    r"|(?:finally|officially|just) (?:engaged|married)"
    r"|got (?:married|engaged|hitched|(?:a|the|his|her|their) (?:new )?(?:puppy|dog|kitten|cat|job))"
    r"|(?:is|are) (?:retiring|moving|expecting|pregnant|getting|engaged|graduating|starting))",
)
# a relation beside the writer shares their event ("hubby and I"); a relation's house is a place, not a mover
_WITH_ME = re.compile(
    r"\s*(?:and|&|n)\s+(?:i|me|myself)\b(?!\s*(?:'m|am)\s+(?:so\s+)?(?:proud|happy|excited))", re.I
)
_THEIR_PLACE = re.compile(r"(?:'s|’s|'|’)?\s+(?:house|home|place|flat|apartment|basement|spare room)\b", re.I)
# congratulations to a relation anywhere in the post: "congrats to my brother and his new wife"
_GREETS_MINE = re.compile(
    r"\b(?:congrat\w*|happy \w+|well done|proud of|so proud of|cheers to|wishing)\s+(?:to\s+)?(?:my|our)\s+(?:\w+\s+)?$",
    re.I,
)
_GLAD = r"(?:stoked|happy|thrilled|delighted|excited|chuffed|buzzing|so proud|made up) for"
_GLAD_FOR_THEM = re.compile(rf"\b{_GLAD} (?:her|him|them|the two of them)\b", re.I)
# a helper or a giver thanked is not whose event it is: "Mum helped me move", "thanks for the flowers, Mum"
_HELPS_ME = re.compile(
    r"s?(?:\s+(?-i:[A-Z][a-z]+))?\s+(?:(?:has|had|just|kindly|is|are|was|were)\s+)?"
    r"(?:helped|helping|helps|drove|driving|came with|gave|got|bought|brought|made|walked|promoted|threw|throwing"
    r"|knitted|baked|hired|put|took|hugged|woke|shouted|hosting|surprised)\s+(?:me|us)\b",
    re.I,
)
# kin doing something for the writer's event, or taking a part in it: "my roommate did my hair for graduation",
# "My parents hosted an engagement dinner for us", "Had my niece as my flower girl", "the in-laws came over to meet
# our new puppy"
_DID_FOR_ME = re.compile(
    r"s?(?:\s+[A-Z][a-z]+)?\s+(?:(?:has|had|have|just|kindly|also)\s+)*(?:helped plan|planned|hosted|organi[sz]ed|did|cooked"
    r"|packed|sang|turned up at|came (?:over|round|around|by) to (?:meet|see)|flew in for)\b[^.!?\n]{0,30}?\b(?:me|us|my|our)\b"
    r"|s?\s+as\s+(?:my|our)\s+(?:flower girl|bridesmaid|maid of hono(?:u)?r|best man|page boy|ring bearer|witness|plus one)\b",
    re.I,
)
# the second of kin listed beside the writer: "Dress fitting today with my mum and my sister"
_WITH_LIST = re.compile(
    r"\bwith\s+(?:my|our|the)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:and|&)\s+(?:my\s+|our\s+|the\s+)?$", re.I
)
# kin looking on while the writer does it: "Mum cried in row F as I crossed the stage"
_AS_I_DID = re.compile(
    r"s?\s+(?:\w+\s+)?(?:cried|sobbed|cheered|screamed|watched|filmed|clapped|beamed|wept|bawled)\b[^.!?\n]{0,30}?"
    r"\b(?:as|when|while)\s+(?:i|we)\b",
    re.I,
)
# the writer naming their own new role: "I'm a cat mum now", "New dad. No sleep.", "This mama had her baby!!!"
_SELF_ROLE = re.compile(
    r"\b(?:i'?m|i am|im)\s+(?:a|an|now a|officially a)\s+(?:\w+\s+)?(?:mum|mom|mama|mommy|dad|daddy|parent)\b"
    r"|^\W*(?:new|first[- ]time)\s+(?:dad|mum|mom|mama|parents?)\b|\bthis\s+(?:mama|mum|mom|dad|daddy)\b",
    re.I,
)
# kin where the event happens or who come along are not whose it is: "birthday dinner at my in-laws",
# "retiring in May and moving to the coast with the missus", "he asked my dad first"
_ALONGSIDE = re.compile(r"\b(?:at|with|asked)\s+(?:my|our|the)\s+$", re.I)
_OWNS_NEXT = re.compile(r"(?:'s|’s|'|’|s)?\s+(?:[\w-]+\s+)?")  # "at my cousins gender reveal": theirs
# thanks in any language: "Makasih Bapak Ibu" thanks the writer's parents for the writer's own day
_THANKED = re.compile(rf"\b(?:{THANKS}|{THANKS_OTHER_LANGUAGES})\b[^.!?\n]{{0,40}}$", re.I)
_OWNS = re.compile(r"^(?:'s|’s)\s+(?:[\w-]+\s+){0,2}$")
_NAME_OWNS = re.compile(
    r"\b([A-Z][a-zà-ÿ]+)(?:'s|’s)\s+(?!(?i:company|work|job|firm|employer|boss|office|team)\b)(?:[\w-]+\s+){0,2}$"
)
_HANDLE_OWNS = re.compile(r"(?<![\w@])@[A-Za-z0-9_.]*[A-Za-z0-9_](?:'s|’s)\s+(?:[\w-]+\s+){0,2}$")
_EVENT_WORDS = frozenset(
    ["wedding", "birthday", "bday", "graduation", "retirement", "anniversary", "engagement", "party", "baby"]
)
_POSSESSIVE_S = re.compile(r"['’]s\b")
_AND_I_CLAUSE = re.compile(r"\s+(?:and|&|n)\s+i(?:['’]m|\s+am|['’]ve|\s+have|['’]ll|\s+will)\b", re.I)
# happy *for* someone is happy about their news: "Stoked for Dazza and Kel, married this afternoon"
_GLAD_FOR = re.compile(rf"\b(?i:{_GLAD}) ([A-Z][a-z]+)\b")
# a sentence that opens on a relation word without "my" is about that person: "cousin adopted a husky",
# "Daughter graduated.", "the missus got the promotion", "auntie's retirement do"; not when the writer
# speaks to them ("Mum I got the job", "Mum, ...")
_LEADING_WORDS = re.compile(r"^[\W_]*(?:the\s+)?([A-Za-z][A-Za-z'’-]*(?:\s+[A-Za-z'’-]+){0,2})")
_SPOKEN_TO = frozenset({"i", "im", "i'm", "ive", "i've", "we", "were", "we're", "me", "my", "you", "u", "ur"})
_ADDRESSED = re.compile(r"\b(welcome aboard|for your loss|congrat\w* (?:to )?[A-Z][a-z]+)\b")
# someone honoured by title or name: "celebrating Mrs. Evelyn Porter", "rejoice with Deacon and Mrs. Adeyemi",
# "Baby shower for Achieng", "our youth pastor's wife"; not a writer's own new name ("Future Mrs Theo")
_HONOURED = re.compile(
    r"\b(?i:celebrating|congratulat\w*|rejoice with|honou?ring|pray\w* for|remember)\s+(?:our\s+)?"
    r"(?:Mr|Mrs|Ms|Miss|Dr|Deacon|Pastor|Rev|Reverend|Elder|Bishop|Prof)\.?\s+[A-Z][a-z]+"
    r"|\b(?:Deacon|Pastor|Rev|Reverend|Elder|Bishop)\.?\s+[A-Z][a-z]+"
    r"|\b(?i:shower|party|celebration|send-?off|leaving do|drinks|bash)\s+for\s+[A-Z][a-z]+"
    r"|\b(?i:pastor|vicar|priest|rabbi|imam|coach|teacher|neighbou?r|colleague|boss)(?:'s|’s)\s"
)
_LOCATION_TAIL = re.compile(r"\s@\s+\S.*$")  # "... @ Nando's Camden": a place, not a person
_SAINT = re.compile(r"\b(?:St|Saint)\.?\s*$")  # "St. Luke's" is a hospital or a church
# a possessive that names no person: "my Master's", "the Queen's", "Arthur's Seat", "Nando's Camden",
# and "Ma's delighted" ("Ma is"): not whose event it is
_OWNED_BEFORE = re.compile(r"\b(?i:my|our|your|his|her|their|a|an|the|this|that)\s+$")
_NOT_OWNER_AFTER = re.compile(
    r"\s+(?:[A-Z][a-z]+\b|(?i:so|very|well|delighted|thrilled|chuffed|buzzing|over the moon|proud|happy|gutted"
    r"|crying|not|been|gone|got|going|here|there|home|just)\b)"
)
# the mother of a newborn named beside it is the baby's household, not someone else's news
_BABYS_MOTHER = re.compile(
    r"^\s*(?:and|&|n)\s+(?:the\s+)?(?:baby|babies|bub|bubba|her|him|them|twins|little one)\b", re.I
)
# a relation doing the event in a post whose cue words the lexicon missed: "my best friend had TWINS"
_DOES_IT = re.compile(
    r"\s+(?:(?:just|finally|officially|has|have)\s+)*(?:had|got|bought|welcomed|gave birth|adopted|married|graduated"
    r"|retired|retires|turned|turns|moves|graduates|starts|got engaged|is (?:having|getting|expecting|moving|retiring"
    r"|graduating))\b",
    re.I,
)
_THEIR_BIG_DAY = re.compile(
    r"\b(?:his|her|their)\s+(?:big\s+day|special\s+day|hen\s+do|stag\s+do|hen\s+party|stag\s+party|bachelorette"
    r"|new\s+(?:rescue\s+)?(?:dog|puppy|pup|kitten|cat|house|flat|place|home|job|role))\b",
    re.I,
)
_WELCOMED = re.compile(
    r"\b(?i:please welcome|a (?:warm|big) welcome to)\s+(?:(?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s+)?[A-Z][a-z]+"
)
# a staff member named by their role in a business's voice: "our sous chef Kwame", "Coach Kayla", "Shop owner Claire"
_ROLE = (
    r"(?:manager|coordinator|chef|cook|barista|bartender|barman|barmaid|nurse|vet|doctor|coach|trainer|instructor"
    r"|teacher|stylist|hairdresser|barber|negotiator|agent|receptionist|assistant|director|owner|landlord|landlady"
    r"|supervisor|technician|engineer|designer|developer|photographer|florist|baker|driver|volunteer|intern"
    r"|apprentice|cashier|pharmacist|dentist|accountant|editor|officer|founder|captain|administrator|admin|lead"
    r"|planner|therapist|groomer|mechanic|electrician|plumber|carer|caretaker|cleaner|server|waiter|waitress"
    r"|saturday girl|saturday boy|team member|staff member)"
)
_STAFF = re.compile(
    rf"(?:\b(?i:our|my)\s+(?:[a-z]+\s+){{0,2}}|(?:^|[.!?]\s+|[-–—:]\s*)(?:[A-Z][a-z]+\s+)?)(?i:{_ROLE})\s+"
    rf"(?:[A-Z][a-z]+\b)(?!['’]s)|\b(?i:welcome to the team),?\s+[A-Z][a-z]+\b"
)
_MINE_WORD = re.compile(rf"\b(?:{_MINE})\b", re.I)
_NEIGHBOURS = re.compile(
    r"\b(?:family|couple|people|folks|lot)\s+(?:across the (?:road|street|way)|next door|over the road|upstairs|downstairs)\b",
    re.I,
)
# a child of the writer's named after "our" ("our Freddie refused to wear the hat"): their day, not the writer's
_A_CHILDS_EVENT = frozenset({"birthday", "graduation", "new_job", "engagement", "wedding"})
_OUR_NAMED = re.compile(r"\b(?i:our)\s+([A-Z][a-z]+)\b(?!['’]s)")
# a birthday that is his, hers or theirs: "Birthday run with my brother ... 35km for his 35th"
_THEIR_BIRTHDAY = re.compile(r"\b(?:his|her|their)\s+(?:\d+(?:st|nd|rd|th)|birthday|bday|b-day)\b", re.I)
_NEWLYWEDS = re.compile(r"\bMr\.?\s*(?:and|&|\+|n)\s*Mrs\b", re.I)  # "officially Mr & Mrs Jones": the writers
_NO_OWNER = NOT_NAMES | NOT_SUBJECTS | _EVENT_WORDS  # possessives that name no one
_MARRIES_MINE = re.compile(
    r"\b(?:married|marry|marrying|engaged to|proposed to|said yes to|propose to)\s+(?:\w+\s+)?(?:my|our)\s+",
    re.I,
)
_MARRYING = re.compile(
    r"^(?:married|marry|marrying|engaged to|proposed to|said yes to|propose to|wife|husband|mrs|mr)\W+(?:\w+\W+)?my\b",
    re.I,
)
# the event is theirs when they are its grammatical subject: "So they're engaged", "she's expecting"
_THEY_ARE = re.compile(
    r"\b(?:she'?s|he'?s|they'?re|she is|he is|they are)\s+(?:(?:now|finally|officially|actually|just|also)\s+)?$",
    re.I,
)
# the writer gave someone the job: "I promoted Naomi this morning", "we hired my best mate"
_HIRED_THEM = re.compile(
    r"(?:promoted|hired)\s+(?:(?i:my|our)\s+((?i:best mate|best friend|[a-z]+))|([A-Z][a-z]+))\b"
)
_WE_DID = re.compile(r"\b(?:i|we|i'?ve|we'?ve|i just|we just)\s+(?:just\s+|finally\s+|officially\s+)?$", re.I)
_WE = re.compile(r"\b(?:we|we're|we've|we'll|our|ours|us)\b", re.I)
# a baby that makes the writer a grandparent, aunt or uncle is their child's or sibling's
_OTHERS_BABY = re.compile(
    r"\bgrand(?:child|children|son|daughter|baby|babies|kid|kids)\b"
    r"|\b(?:became|become|becoming|made me|i'?m|i am|now)\s+an?\s+(?:proud\s+)?(?:great[- ])?"
    r"(?:auntie|aunty|aunt|uncle|grandma|grandmother|grandpa|grandad|granddad|grandfather|nana|granny|nanna)\b",
    re.I,
)
_GROUPS = frozenset({"children", "parents", "grandparents", "in-laws", "grandchildren"})
_BABY_PARENTS = (
    "son",
    "daughter",
    "brother",
    "sister",
    "brother-in-law",
    "sister-in-law",
    "child",
    "children",
)
_THEIR_COUPLE = re.compile(
    r"^\s*(?:and|&)\s+(?:his|her|their)\s+(?:wife|husband|partner|girlfriend|boyfriend|fianc\w*)\b", re.I
)
# a son or daughter who had the baby is its parent, not the baby: "my daughter Leah had a little girl"
_CHILD_HAD_BABY = re.compile(r"^(?:\s+[A-Z][a-z]+)?\s+(?:had|has had|gave birth|welcomed|delivered)\b", re.I)
# the writer's partner accepting the writer's proposal: their own engagement, and the wedding it leads to
_PROPOSAL_ACCEPTED = re.compile(
    r"^\W*(?:she|he)\s+(?:finally\s+|actually\s+)?said\s+yes\b|\bmarry me\b[^.!?]{0,40}\b(?:she|he) said yes\b"
    r"|\b(?:the (?:missus|mrs|wife|misses)|my (?:girl|gf|girlfriend"
    r"|bf|boyfriend|partner|man|lady|other half|better half))\s+(?:finally\s+|actually\s+)?said\s+yes\b",
    re.I,
)
# a post signed by the household's pet or child, about the parents who wrote it
_IN_A_PETS_VOICE = re.compile(r"[—–]\s*[A-Z][a-z]+[^\w]*$")
_TYPING_THIS = re.compile(r"\(\s*(?:the one |who'?s |who is )typing (?:this|these)", re.I)
_BOTH_PARENTS = re.compile(
    r"(?<!my )\b(?:mummy|mommy|mum|mom|mama)\s+(?:and|&|n)\s+(?:daddy|dad|papa)\b", re.I
)
_COUPLES_EVENTS = frozenset(
    {"wedding", "anniversary", "engagement", "moving_home", "new_baby", "pregnancy", "new_pet"}
)
_ROLE_OF = re.compile(r"\s+of\s+(?:the|this|our)\s+(?:house|home|family|group|gang)\b", re.I)
_MY_NUMBERED_DAY = {
    "birthday": re.compile(
        r"\bmy\s+(?:\d+(?:st|nd|rd|th)|[a-z]+tieth)\b(?!\s+(?:time|year|day|week|month))", re.I
    ),
    "anniversary": re.compile(
        r"\b(?:my|our)\s+\d+(?:st|nd|rd|th)\b(?!\s+(?:time|year|day|week|month|birthday))", re.I
    ),
}
# another language's event told by the one it happens to, with a parent or grandparent after it reacting to it:
# "วันนี้รับปริญญา 🎓 ขอบคุณพ่อแม่", "नई नौकरी मिल गई!! ... मम्मी अभी से रो रही हैं"
_WATCHED_BY_ELDERS = frozenset(
    {"graduation", "new_job", "moving_home", "new_pet", "wedding", "engagement", "retirement"}
)
_ELDERS = frozenset({"mom", "dad", "parents", "grandma", "grandpa", "grandparents"})
_CLAUSE_BREAK = re.compile(r"[.!?\n\u0964\u104b\u1362]|[\u2600-\u27bf\U0001f000-\U0001faff]")
# a retirement the writer tells in the first person in another language (some eighty languages; data README):
# "Всё, я на пенсии!", "Mañana me jubilo", "Emekli oldum!"
OWN_RETIREMENT_FILE = Path(__file__).resolve().parent / "data" / "retirement_first_person.jsonl"
_RETIRING_MYSELF = word_forms(row["form"] for row in jsonl_rows(OWN_RETIREMENT_FILE))
_THIRD = re.compile(r"\b(her|his|their|your|you|you're|they|she|he|she's|he's|they're)\W*$", re.I)


def whose(label: str, cues: Cues, trigger: Trigger | None, sentence: int) -> tuple[str, str | None]:
    """Self unless a network relation owns the event; household members count as self."""
    if label in ("engagement", "wedding") and _PROPOSAL_ACCEPTED.search(cues.text):
        return SELF, None  # "lads the missus said yes 💍", "She said yes and now we're actually doing it!!"
    if _IN_A_PETS_VOICE.search(cues.text) and (
        _TYPING_THIS.search(cues.text) or (label in _COUPLES_EVENTS and _BOTH_PARENTS.search(cues.text))
    ):
        return SELF, None  # "Mummy and Daddy got married today! I was the best ring bearer 🐶 — Biscuit"
    subject, relation = _whose(label, cues, trigger, sentence)
    if (
        subject == NETWORK
        and label != "bereavement"
        and not _others_baby(label, cues)
        and _claims_outright(label, cues)
    ):
        return SELF, None  # "My little sister's the maid of honour at MY wedding"
    if subject == SELF and label != "bereavement":
        owner = _possessive_owner(label, cues)
        if owner is not None:
            return NETWORK, owner  # "Best man speech ideas? My brother's wedding isn't until 2028"
    return subject, relation


def _claims_outright(label: str, cues: Cues) -> bool:
    """Whether the writer calls one of the event's cue phrases theirs: "MY wedding", "our own anniversary", or
    their birthday or anniversary by its number: "Thank you all for making my 60th so special"."""
    if label in ("birthday", "anniversary") and _MY_NUMBERED_DAY[label].search(cues.text):
        return True
    return any(
        t.label == label and not t.undone and _MINE_BEFORE.search(cues.text[max(0, t.start - 12) : t.start])
        for t in cues.triggers
    )


def _possessive_owner(label: str, cues: Cues) -> str | None:
    """Who owns the event by name in any sentence: "my brother's wedding", "Dan's wedding on Saturday"."""
    household = lexicon.HOUSEHOLD_EVENTS.get(label, frozenset())
    for t in cues.triggers:
        if t.label != label or t.undone:
            continue
        before = cues.text[max(0, t.start - 60) : t.start]
        for r in cues.relations:
            if r.end <= t.start and r.owner not in _OTHERS_KIN and _OWNS.match(cues.text[r.end : t.start]):
                beside_me = r.household and not _not_beside_me(cues.text, r)
                return None if beside_me or r.relation in household else r.relation
        if _HANDLE_OWNS.search(before):
            return "friend"  # "@jamie_b's new kitten is the cutest thing"
        kin = KIN_OWNS.search(before)
        if kin:
            return MORE_RELATIONS[kin.group(1).lower()]  # "bhaiya's birthday next Friday"
        m = _NAME_OWNS.search(before)
        name = m.group(1).lower() if m else ""
        if m and name not in _NO_OWNER and not _OWNED_BEFORE.search(before[: m.start(1)]):
            return RELATION_WORDS.get(name, "friend")
    return None


def _whose(label: str, cues: Cues, trigger: Trigger | None, sentence: int) -> tuple[str, str | None]:
    """Whose event it is as its trigger's sentence (and the one before it) tells."""
    household = lexicon.HOUSEHOLD_EVENTS.get(label, frozenset())
    if label == "bereavement":
        return _bereaved(cues, sentence, trigger)
    if (
        label in ("new_baby", "pregnancy")
        and _SELF_ROLE.search(cues.text)
        and not _OTHERS_BABY.search(cues.text)
    ):
        return SELF, None  # "new dad life: 4 hours sleep, 1 tiny human, my mum on speed dial"
    if label in ("new_baby", "pregnancy") and _OTHERS_BABY.search(cues.text):
        parents = [r for r in cues.relations if r.relation in _BABY_PARENTS and r.owner not in _OTHERS_KIN]
        return NETWORK, parents[0].relation if parents else "friend"
    anchor = trigger.start if trigger else len(cues.text)
    speaker = _quoted_speaker(cues, anchor) if trigger else None
    if speaker is not None:
        return (SELF, None) if speaker in household else (NETWORK, speaker)
    if trigger and label == "new_job":
        hired = _HIRED_THEM.match(cues.text[trigger.start :])
        if hired and _WE_DID.search(cues.text[max(0, anchor - 8) : anchor]):
            # "I promoted Naomi", "I hired my best mate"
            return NETWORK, RELATION_WORDS.get((hired.group(1) or hired.group(2)).lower(), "friend")
    before_trigger = cues.text[max(0, anchor - 4 - 0) : anchor] if trigger else ""
    claimed = _OWN.search(cues.text[max(0, anchor - 12) : anchor]) or _CLAIM_BEFORE.search(
        cues.text[max(0, anchor - 40) : anchor]
    )
    if trigger and claimed and not _THIRD.search(before_trigger):
        near = [r for r in cues.relations if r.sentence == sentence and 0 <= anchor - r.start <= 20]
        if not near or near[-1].household:
            return SELF, None
    # "his wife" is not the writer's; kin words the lexicon does not read ("my kuya") count too
    found = tuple(
        replace(r, household=False) if _not_beside_me(cues.text, r) else r
        for r in (*cues.relations, *kin_relations(cues))
    )
    mine = sorted((r for r in found if r.owner not in _OTHERS_KIN), key=lambda r: r.start)
    own_roles = [m.span() for m in _SELF_ROLE.finditer(cues.text)]
    # beside the writer, or a place of theirs: "hubby and I are having a baby", "moving out of my parents' house"
    mine = [
        r
        for r in mine
        if not _takes_part(cues.text, r)
        and not _WITH_LIST.search(cues.text[max(0, r.start - 40) : r.start])
        and not (r.owner == "the" and _ROLE_OF.match(cues.text, r.end))
        and not _THANKED.search(cues.text[: r.start])
        and not _BESIDE_ME.search(cues.text[max(0, r.start - 12) : r.start])
        and not any(start <= r.start < end for start, end in own_roles)
    ]
    if label == "new_baby":  # "mama and baby are home": the baby's own mother, not someone else's news
        mine = [
            r
            for r in mine
            if not (r.relation == "mom" and not r.owner and _BABYS_MOTHER.match(cues.text[r.end :]))
        ]
    if label == "birthday" and mine and _THEIR_BIRTHDAY.search(cues.text) and not CLAIMED.search(cues.text):
        return NETWORK, mine[0].relation
    if _THEIR_BIG_DAY.search(cues.text) and not CLAIMED.search(cues.text) and not _WE.search(cues.text):
        kin = [r for r in found if r.owner in ("my", "our")]
        return NETWORK, kin[
            0
        ].relation if kin else "friend"  # "shopping with my cousin ... her big day is in June!"
    mine = [
        r
        for r in mine
        if not _ALONGSIDE.search(cues.text[max(0, r.start - 12) : r.start])
        or _OWNS_NEXT.fullmatch(cues.text[r.end : anchor])
    ]
    candidates = (
        [r for r in mine if r.sentence == sentence]
        or [r for r in mine if r.sentence == sentence - 1 and r.owner in ("my", "our")]
        # an exclamation in another language, then who: "Nasceu!! 💙 Minha cunhada deu à luz o Miguel"
        or [
            r
            for r in mine
            if trigger is not None
            and trigger.other_language
            and r.sentence == sentence + 1
            and r.owner in ("my", "our")
        ]
        # no cue says which sentence tells the event: "twins!!! my best friend had TWINS"
        or [
            r
            for r in mine
            if trigger is None and r.owner in ("my", "our") and _DOES_IT.match(cues.text[r.end :])
        ]
    )
    multi = len({t.label for t in cues.triggers if not t.undone}) > 1  # each event owned in its own clause
    if trigger:
        candidates = [r for r in candidates if r.sentence != sentence or _same_clause(cues.text, r, anchor)]
    if trigger is not None and trigger.other_language and label in _WATCHED_BY_ELDERS:
        candidates = [r for r in candidates if not _elder_reacting(cues.text, trigger, r)]
    chosen = _nearest(candidates, anchor)
    if (
        chosen is not None
        and trigger
        and chosen.start < anchor
        and FIRST_PERSON.search(cues.text[chosen.end : anchor])
    ):
        chosen = None  # "my mate's wedding is next week and I'm 6 months pregnant"
    if chosen is not None and (
        (trigger is not None and _MARRYING.search(cues.text[anchor : chosen.start + 1]))
        or _MARRIES_MINE.search(cues.text[max(0, chosen.start - 30) : chosen.end])
    ):
        return SELF, None  # "married my best friend", "engaged to my boyfriend": the writer's own event
    if chosen is None:
        s, e = cues.sentences[sentence] if cues.sentences else (0, len(cues.text))
        if multi and trigger:
            s, e = _clause(cues.text, s, e, anchor)
        named = _named_other(cues.text[s:e]) or _leading_relation(cues.text[s:e])
        if named is None and _NEIGHBOURS.search(cues.text[s:e]):
            named = "neighbour"  # "The family across the road got a new puppy"
        if named is None and label == "new_job" and _WELCOMED.search(cues.text[s:e]):
            named = "colleague"  # "Please welcome Dr. Aisha Bello, who has joined us as Head of Research"
        if named is None and trigger and _staff_member_does_it(cues.text, s, anchor):
            named = "colleague"  # "Our bar manager Luca proposed to his boyfriend on the rooftop last night"
        if named is None and label in _A_CHILDS_EVENT:
            ours = _OUR_NAMED.search(
                cues.text[s:e]
            )  # "our Freddie refused to wear the hat": their child's day
            named = "friend" if ours and ours.group(1).lower() not in _NO_OWNER | CALENDAR else None
        if named in household and _NEWBORN_FIRST.match(cues.text[s:e]):
            named = None  # "baby girl arrived" is the newborn; whose it is, the sentence before may say
        if named is None and not FIRST_PERSON.search(cues.text[s:e]) and cues.sentences:
            # "brother texted a ring. engaged!", "Mark finally got his dog! Meet Bruno, adopted ..."
            opening = cues.text[slice(*cues.sentences[0])]
            named = _opening_person(opening) or _named_other(opening, possessive=False)
            if named is None and _staff_member_does_it(opening, 0, len(opening)):
                named = (
                    "colleague"  # "Coach Kayla is off on maternity leave from today! Baby boy due in March"
                )
        if named and named not in household:
            return NETWORK, named
        if asked_about(cues.text, trigger):
            return NETWORK, "friend"
        if _ON_THEIR_DAY.search(cues.text[s:e]) and not CLAIMED.search(cues.text):
            return NETWORK, "friend"  # "Sending love to my kumare on her birthday"
        greeted = [
            r
            for r in mine
            if r.relation not in household
            and _GREETS_MINE.search(cues.text[: r.start])
            and not (multi and trigger and not _same_clause(cues.text, r, anchor))
        ]
        if greeted and not CLAIMED.search(cues.text):
            return NETWORK, greeted[0].relation  # "... nobody cried except the groom. congrats to my brother"
        if (
            trigger
            and _THEY_ARE.search(cues.text[max(0, anchor - 24) : anchor])
            and not _WE.search(cues.text)
            and not CLAIMED.search(cues.text)
        ):
            others = [r for r in cues.relations if r.owner not in _OTHERS_KIN and r.relation not in household]
            if not any(r.relation in household for r in cues.relations):
                return NETWORK, others[0].relation if others else "friend"
        if trigger and _THIRD.search(cues.text[max(0, anchor - 12) : anchor]) and cues.flags.get("congrats"):
            return NETWORK, "friend"
        if addressed(label, cues.text, s, e):
            called = [r for r in cues.relations if r.owner in ("my", "our", "") and r.relation not in _GROUPS]
            return NETWORK, called[0].relation if called else "friend"  # "... love you sis": sister
        if texted_to(label, cues.text[s:e]) or asks_about_theirs(cues.text):
            return NETWORK, "friend"  # "ur retiring??", "gonna miss u when u move", "hows the bump??"
        if trigger is not None and trigger.other_language:
            if label == "retirement" and not _RETIRING_MYSELF.search(cues.text):
                return NETWORK, "friend"  # most retirements posted are a parent's, a boss's or a colleague's
            # greeted, save on an anniversary (a couple's own day is wished to the partner)
            if label != "anniversary" and greets_in_other_language(cues.text):
                return NETWORK, "friend"  # "Tebrikler canlarım, düğününüz harikaydı 💍"
        return SELF, None
    after = cues.text[chosen.end :]
    parent = chosen.relation in ("son", "daughter") and bool(_CHILD_HAD_BABY.match(after))
    if (chosen.household or chosen.relation in household) and not _THEIR_COUPLE.match(after) and not parent:
        return SELF, None  # "our son was born", but not "our son and his wife welcomed a baby girl"
    return NETWORK, chosen.relation


def _elder_reacting(text: str, trigger: Trigger, relation: Relation) -> bool:
    """Whether a parent or grandparent is named only past the event's words and an emoji or a sentence's end, as
    the one who cries, cheers or is thanked ("नई नौकरी मिल गई!! 🎉 ... मम्मी अभी से रो रही हैं"); a comma is no such break."""
    return (
        relation.relation in _ELDERS
        and relation.start >= trigger.end
        and _CLAUSE_BREAK.search(text, trigger.end, relation.start) is not None
    )


def _staff_member_does_it(text: str, start: int, anchor: int) -> bool:
    """Whether a staff member named by their role opens the event's clause: the mention comes before the trigger
    at ``anchor`` in its sentence, with no word of the writer's own between ("our photographer Sam shot our
    wedding" is the writer's)."""
    return any(not _MINE_WORD.search(text, m.end(), anchor) for m in _STAFF.finditer(text, start, anchor))


def _takes_part(text: str, r: Relation) -> bool:
    """Whether what follows a relation makes them someone beside, at the place of, helping or watching the
    writer rather than the event's owner ("hubby and I", "my parents' house", "Mum helped me move", "Mum cried as
    I crossed the stage", "my roommate did my hair for graduation")."""
    after = text[r.end :]
    return any(p.match(after) for p in (_WITH_ME, _THEIR_PLACE, _HELPS_ME, _AS_I_DID, _DID_FOR_ME))


def _not_beside_me(text: str, r: Relation) -> bool:
    """Whether a relation the cues joined to the writer is not beside them: a possessive ("my roommate's wedding and
    I just got ordained") or a new clause after it ("bday dinner for my best mate and I'm in charge of the cake")."""
    return r.household and bool(_POSSESSIVE_S.match(text, r.end) or _AND_I_CLAUSE.match(text, r.end))


def _clause(text: str, start: int, end: int, anchor: int) -> tuple[int, int]:
    """The span of ``text[start:end]`` between the clauses that open on someone new around ``anchor``."""
    for m in _NEW_CLAUSE.finditer(text, start, anchor):
        start = m.end()
    after = _NEW_CLAUSE.search(text, anchor, end)
    return start, after.start() if after else end


def _others_baby(label: str, cues: Cues) -> bool:
    """A baby in the family that is not the writer's own ("our first grandson")."""
    return label in ("new_baby", "pregnancy") and _OTHERS_BABY.search(cues.text) is not None


def _same_clause(text: str, relation: Relation, anchor: int) -> bool:
    """Whether no clause that opens on someone new lies between a relation and the trigger at ``anchor``."""
    lo, hi = (relation.end, anchor) if relation.end <= anchor else (anchor, relation.start)
    return _NEW_CLAUSE.search(text, lo, hi) is None


def _quoted_speaker(cues: Cues, anchor: int) -> str | None:
    """Whose words the event is told in, when the trigger sits inside a quote someone else said.

    "Mum told everyone 'I'm retiring!'" is the mother's retirement, "Just heard from Dayo: 'we're
    moving!'" Dayo's move; the writer's own quote ("I told them 'we're engaged'") is not reported.
    """
    window = max(0, anchor - 120)
    quote = _QUOTE_OPEN.search(cues.text, window, anchor)
    if quote is None:
        return None
    said = cues.text[window : quote.end()]
    relations = [
        r
        for r in cues.relations
        if window <= r.start and r.end <= quote.start() and r.owner not in _OTHERS_KIN
    ]
    spoke = list(_SPEAKER.finditer(said))
    if not spoke:
        return None
    last = spoke[-1]
    if relations and relations[-1].start >= window + last.start() - 4:
        return relations[-1].relation
    name = last.group(1) or last.group(2) or ""
    if name.lower() in _THEY:  # "My mum rang. She said 'I'm retiring!'": the person named before
        return relations[-1].relation if relations else "friend"
    if " " in name:  # "my bestie said": a word that is no relation
        return None
    return _person(name.lower(), NOT_NAMES | NOT_SUBJECTS | CALENDAR)


def _opening_person(sentence: str) -> str | None:
    """The one person a post opens on, bare ("brother just texted a ring"); not "the kids ..." or a group."""
    if re.match(r"^[\W_]*the\b", sentence, re.I):
        return None
    relation = _leading_relation(sentence)
    return None if relation in _GROUPS else relation


def _leading_relation(sentence: str) -> str | None:
    """The relation a sentence opens on, without an owner ("Daughter graduated" -> daughter), or None."""
    m = _LEADING_WORDS.match(sentence)
    if m is None:
        return None
    words = [w.lower().removesuffix("'s").removesuffix("’s").rstrip("'’") for w in m.group(1).split()]
    size = kin_prefix(words, after=1)
    if not size or words[size] in _SPOKEN_TO or words[size : size + 2] in (["and", "i"], ["and", "me"]):
        return None  # "Mum I got the job", "hubby and I are having a baby"
    kin_end = m.start(1) + len(" ".join(m.group(1).split()[:size]))
    if _HELPS_ME.match(sentence[kin_end:]) or _AS_I_DID.match(sentence[kin_end:]):
        return None  # "Nana knitted me a jumper for my 21st", "Mum cried in row F as I crossed the stage"
    return RELATION_WORDS[" ".join(words[:size])]


def _named_other(sentence: str, possessive: bool = True) -> str | None:
    """The relation of a person named without "my": "Freya's graduation", "Dad's party" (dad).

    Without ``possessive`` only a name doing the event counts ("Mark finally got his dog").
    """
    sentence = _LOCATION_TAIL.sub("", sentence)
    for m in _NAMED.finditer(sentence):
        if _SAINT.search(sentence[: m.start()]) or (m.group(1) and not possessive):
            continue
        if m.group(1) and (
            _OWNED_BEFORE.search(sentence[: m.start()])
            or _NOT_OWNER_AFTER.match(sentence[m.end() :])
            or m.group(1).lower() in _EVENT_WORDS
        ):
            continue
        word = (m.group(1) or m.group(2)).lower()
        if m.group(2) and word in NOT_SUBJECTS:
            continue
        person = _person(word, NOT_NAMES)
        if person:
            return person
    if not possessive:
        return None
    if _GLAD_FOR_THEM.search(sentence):
        return "friend"  # "Aoife flashed the ring. Delighted for her honestly"
    for m in _GLAD_FOR.finditer(sentence):
        person = _person(m.group(1).lower(), NOT_NAMES | CALENDAR)
        if person:
            return person
    if _COLLEAGUE.search(sentence):
        return "colleague"
    if _ADDRESSED.search(sentence) or (_HONOURED.search(sentence) and not _NEWLYWEDS.search(sentence)):
        return "friend"
    return None


def _person(word: str, unnamed: frozenset[str]) -> str | None:
    """The relation a word names, "friend" for a first name, None for a word in ``unnamed``."""
    if word in RELATION_WORDS:
        return RELATION_WORDS[word]
    return None if word in unnamed else "friend"


def _bereaved(cues: Cues, sentence: int, trigger: Trigger | None) -> tuple[str, str | None]:
    """The bereaved is the writer unless someone else lost a person ("my friend lost her dad"); a loss told in
    another language whose post names a friend or colleague is theirs (`_friend_named`)."""
    in_sentence = [r for r in cues.relations if r.sentence == sentence]
    for r in in_sentence:
        if r.owner not in _OTHERS_KIN and _OTHERS_LOSS.match(cues.text[r.end : r.end + 60]):
            return NETWORK, r.relation
    theirs = [r for r in in_sentence if r.owner in _OTHERS_KIN]
    if theirs:  # "thinking of my bestie and her family, her dad passed away"
        mine = [r for r in in_sentence if r.owner not in _OTHERS_KIN and r.start < theirs[0].start]
        return NETWORK, mine[-1].relation if mine else "friend"
    s, e = cues.sentences[sentence] if cues.sentences else (0, len(cues.text))
    if _YOUR_LOSS.search(cues.text[s:e]):
        return NETWORK, _named_other(cues.text[s:e]) or "friend"
    friend = _friend_named(cues) if trigger is not None and trigger.other_language else None
    return (NETWORK, friend) if friend else (SELF, None)


def _friend_named(cues: Cues) -> str | None:
    """The first friend, colleague or neighbour a post names, in the lexicon's words or another language's kin
    words: in another language a loss beside one is theirs ("Il mio migliore amico ha perso il papà", "Dost ke papa
    nahi rahe"): on the other-language splits 136 such losses were someone else's, 5 the writer's (rule 80)."""
    named = sorted((*cues.relations, *kin_relations(cues)), key=lambda r: r.start)
    return next((r.relation for r in named if r.relation in _FRIENDS), None)


def _nearest(relations: list[Relation], anchor: int) -> Relation | None:
    if not relations:
        return None
    before = [r for r in relations if r.start <= anchor]
    if before:
        return max(before, key=lambda r: r.start)
    return min(relations, key=lambda r: r.start - anchor)
