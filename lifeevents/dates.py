"""Date expressions in post text, resolved against the time of the post.

A scanner finds explicit dates ("June 5th", "5/6/2027"), relative ones ("next Saturday",
"in two weeks", "this weekend", "last night"), months, years and fixed holidays; each
resolves to a UTC midnight and a precision (day, month or year). Expressions that do not
say which way to look ("June 5th", "on Friday") follow the tense of their clause, or of the
nearest earlier clause of their sentence that has one; with none they look forward (an
announcement: "Completion on the 28th", "convocation on the 25th of March!!"). Seasons,
the start of a span ("since 2019"), scores out of ten ("10/10 would recommend"), habits
("Sunday mornings") and ordinals of things ("the first thing we did") name no day. An event's
date also reads the date words of other languages (`lifeevents.date_words`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from lifeevents import date_words
from lifeevents.alternation import alternation
from lifeevents.writing_systems import unspaced

DAY, MONTH, YEAR, UNKNOWN = "day", "month", "year", "unknown"

_MONTHS = {
    m.lower(): i
    for i in range(1, 13)
    for m in (calendar.month_name[i], calendar.month_abbr[i], calendar.month_abbr[i] + ".")
}
_MONTHS.update({"sept": 9, "sept.": 9})
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({d.lower(): i for i, d in enumerate(calendar.day_abbr)})
_WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "a couple of": 2,
    "a couple": 2, "couple of": 2, "few": 3, "a few": 3, "several": 3, "fifteen": 15, "twenty": 20,
    "thirty": 30,
}  # fmt: skip
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "thirty-first": 31,
}  # fmt: skip
_ORDINALS.update({f"twenty-{w}": 20 + n for w, n in _ORDINALS.items() if n < 10})
_HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "xmas": (12, 25),
    "new year's eve": (12, 31), "new years eve": (12, 31), "nye": (12, 31),
    "new year's day": (1, 1), "new years day": (1, 1), "valentine's day": (2, 14),
    "valentines day": (2, 14), "valentine's": (2, 14), "valentines": (2, 14), "halloween": (10, 31),
    "fourth of july": (7, 4), "4th of july": (7, 4), "independence day": (7, 4),
    "boxing day": (12, 26), "st patrick's day": (3, 17), "st. patrick's day": (3, 17),
    "xmas eve": (12, 24), "xmas day": (12, 25), "vday": (2, 14), "v-day": (2, 14), "v day": (2, 14),
}  # fmt: skip
_UNITS = {"wk": "week", "yr": "year", "mo": "month", "mth": "month", "mnth": "month"}
_UNIT_RE = r"(?P<unit>day|week|month|year|wk|yr|mth|mnth|mo)s?"
_NEXT_RE = r"(?:next|nxt)"

_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WD_RE = r"(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?"
_FULL_WD_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM_RE = r"(?:\d+|a couple of|a couple|couple of|a few|few|several|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)"
_ORD_RE = r"(?:\d{1,2}(?:st|nd|rd|th)?|" + alternation(_ORDINALS) + ")"
_YEAR_RE = r"(?:19|20)\d\d"

_PAST = re.compile(
    r"\b(was|were|got|had|did|went|ago|yesterday|celebrated|finally|welcomed|arrived|became|passed|"
    r"happened|earlier|married|born on|since|moved|retired|graduated|adopted|proposed|started|joined|"
    r"signed|closed|bought|lost|died|gave birth|turned|said yes|tied the knot|brought|delivered|born|came|left|made"
    r"|met|took|told|said|saw|held|found|threw|won|sent|drove|helped|engaged|rang|hosted|laid|crossed|buried|awarded"
    r"|surprised|birth of|put a ring on)\b",
    re.I,
)
# past words a date's direction reads but the shipped classifier's `past_tense` feature (`is_past`) was not trained
# on; the next retrain can fold them into _PAST
_PAST_FOR_DATES = re.compile(r"\b(?:spent|clocked|popped|eloped|remarried|promoted)\b", re.I)
_PAST_VERB = re.compile(r"\b(i|we|she|he|they|you|it|who)\s+(just\s+|finally\s+|officially\s+)?\w+ed\b", re.I)
_FUTURE = re.compile(
    r"\b(will|going to|gonna|next|upcoming|coming|soon|can'?t wait|counting|countdown|planning|booked|"
    r"save the date|getting|tomorrow|till|until|is on|are on|be on|due|moving|starting|retiring|"
    r"graduating|marrying|flying|heading|joining|closing|move in|start on|starts|begins|arriving|expecting"
    r"|gets married|get married|is in|is the|date is|is set for|(?:i|we|u|you|they) start|relocating|start date"
    r"|start in|see (?:you|u|ya) (?:in|on))\b|'ll\b",
    re.I,
)
# the present of a scheduled event, read forward when nothing in the clause is past: "I retire on Friday",
# "our rescue cat comes home on Thursday", "u graduate on thursday right??", "we're picking up our kitten on the 8th",
# "he's proposing on Friday??", "our anniversary is Friday", "It's our anniversary on the 31st"
_SCHEDULED = re.compile(
    r"\b(?:i|we|u|you|they)\s+(?:\w+\s+)?(?:retire|graduate|move|fly|leave|finish|arrive|marry|resume|land|start"
    r"|begin)\b|\b(?:retires|graduates|arrives|arrive|lands|turns|gets|comes|come|moves|finishes|leaves|flies|resumes"
    r"|collects)\b|\b(?:is|are|am|['’]re|['’]m)\s+(?:\w+\s+)?\w+ing\b"
    r"|\b(?:he|she|it|who|that)['’]s\s+(?:\w+\s+)?\w+ing\b|\b(?:he|she|i|they)['’](?:s|m|re)\s+\d+\s+(?:on|this|next)\b|\b(?:is|are|['’]s)\s+(?:on\s+)?(?:this\s+)?"
    + _WD_RE
    + r"\b|\b(?:it['’]?s|its)\s+(?:our|my|his|her|their|your)\b"
    + r"|\b(?:is|are|['’]s)\s+(?:on\s+)?(?:the\s+)?(?:\d|"
    + _MONTH_RE
    + r"(?![a-z]))",
    re.I,
)


_RESCHEDULED = re.compile(
    r"\b(?:moved|pushed back|put back|postponed|brought forward|rescheduled|changed|bumped)\s+(?:to|till|until|for)\s+"
    r"(?=the\s+\d|\d|next\b|this\b|tomorrow\b|" + _WD_RE + r"\b|" + _MONTH_RE + r"\s+\d)",
    re.I,
)
# other languages' past words ("geboren", "née le"): a date's direction reads them, as `_PAST_FOR_DATES`
_PAST_ELSEWHERE = re.compile(r"(?<!\w)(?:" + date_words.PAST + r")(?!\w)", re.I)
# other languages' future words ("akan", "prévue", "sẽ"), those of scripts without spaces inside a run ("予定", "จะ")
_FUTURE_ELSEWHERE = re.compile(
    r"(?<!\w)(?:"
    + (alternation(w for w in date_words.FUTURE if not unspaced(w)) or "(?!)")
    + r")(?!\w)|"
    + (alternation(w for w in date_words.FUTURE if unspaced(w)) or "(?!)"),
    re.I,
)
_WAS_DUE = re.compile(r"\bdue\s+date\s+(?:was|passed)\b|\b(?:was|were)\s+due\b|\boverdue\b", re.I)
# a clause that moves an event: what follows it in the sentence lies ahead ("got brought forward a week, it's now the 6th")
_RESCHEDULING = re.compile(
    r"\b(?:moved|pushed back|pushed|put back|postponed|brought forward|rescheduled|delayed|bumped)\b", re.I
)
_SENTENCE_END = re.compile(r"[.!?\n]+")
_CLAUSE_BREAK = re.compile(
    r"[.!?;,\n\u2600-\u27bf\U0001f300-\U0001faff]+|\b(?:and|but|so|then|because|cause|cuz|while|after which)\b",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text, resolved."""

    start: int
    end: int
    text: str
    date: datetime
    precision: str


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    kind: str


def _rx(pattern: str, flags: re.RegexFlag = re.I) -> re.Pattern[str]:
    return re.compile(r"(?<![\w/])" + pattern + r"(?![\w/])", flags)


_RULES: tuple[_Rule, ...] = (
    _Rule(_rx(r"(?P<y>" + _YEAR_RE + r")-(?P<m>\d{1,2})-(?P<d>\d{1,2})"), "iso"),
    _Rule(
        _rx(
            r"(?:on\s+)?(?:(?:"
            + _WD_RE
            + r"),?\s+)?(?:the\s+)?(?P<d>"
            + _ORD_RE
            + r")\s+(?:of\s+)?(?P<mon>"
            + _MONTH_RE
            + r")(?:,?\s+(?P<y>"
            + _YEAR_RE
            + r"))?"
        ),
        "day_month",
    ),
    _Rule(
        _rx(
            r"(?:on\s+)?(?:(?:"
            + _WD_RE
            + r"),?\s+)?(?P<mon>"
            + _MONTH_RE
            + r")\s+(?:the\s+)?(?P<d>"
            + _ORD_RE
            + r")(?:,?\s+(?P<y>"
            + _YEAR_RE
            + r"))?"
        ),
        "month_day",
    ),
    _Rule(_rx(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?P<y>\d{4}|\d{2}))?"), "numeric"),
    _Rule(
        _rx(r"(?:on\s+)?the\s+(?P<d>" + _ORD_RE + r")\s+of\s+(?P<rel>next|this|last)\s+month"), "nth_of_month"
    ),
    _Rule(_rx(r"(?:at\s+)?(?:the\s+)?end\s+of\s+(?P<rel>the|this|next|last)\s+month"), "month_end"),
    _Rule(_rx(r"(?P<rel>next|nxt|last|this)\s+(?P<unit>week|month|year|wk|mth|yr)"), "rel_unit"),
    _Rule(_rx(r"(?P<n>" + _NUM_RE + r")\s*" + _UNIT_RE + r"\s+ago\s+(?:today|2day)"), "ago_today"),
    _Rule(_rx(r"(?P<n>" + _NUM_RE + r")\s*" + _UNIT_RE + r"\s+(?:ago|back)"), "ago"),
    _Rule(
        _rx(
            r"(?P<n>"
            + _NUM_RE
            + r")\s*(?:more\s+)?(?P<unit>day|sleep|week|wk)s?\s+(?:till|til|until|'til|’til|to go"
            + r"|to (?:my|our|the|his|her|their|your|d-day))"
        ),
        "countdown",
    ),
    _Rule(
        _rx(
            r"(?:in|within)\s+(?:about\s+|just\s+|only\s+|another\s+)?(?P<n>"
            + _NUM_RE
            + r")\s*(?:more\s+)?"
            + _UNIT_RE
        ),
        "in_n",
    ),
    _Rule(_rx(r"(?:a|one)\s+(?P<unit>week|wk|month|year)\s+(?:from\s+(?:today|now)|today)"), "from_now"),
    _Rule(_rx(r"in\s+a\s+(?P<unit>fortnight)"), "fortnight"),
    _Rule(_rx(r"(?:a\s+)?(?P<unit>fortnight)\s+(?:from\s+(?:today|now)|today)"), "fortnight"),
    _Rule(_rx(r"(?P<n>" + _NUM_RE + r")\s*(?P<unit>day|week|wk)s?\s+today"), "in_n"),
    _Rule(_rx(r"(?P<wd>" + _FULL_WD_RE + r")\s+week"), "weekday_week"),
    _Rule(
        _rx(r"(?P<n>" + _NUM_RE + r")\s*" + _UNIT_RE + r"\s+(?:from\s+(?:today|now|2day)|away|to go)"),
        "in_n",
    ),
    _Rule(_rx(r"the\s+day\s+after\s+tomorrow"), "day_after_tomorrow"),
    _Rule(_rx(r"the\s+day\s+before\s+yesterday"), "day_before_yesterday"),
    _Rule(
        _rx(
            r"(?P<w>today|tonight|tonite|tomorrow|tmrw|tmr|tomoz|yesterday|yday|this\s+(?:morning|afternoon|evening)"
            r"|2day|2nite|2night|2moro|2morrow|2mrw|2mro|tmoro|tmorrow|tomorow|tommorow|tommorrow|tmrrw|yest|ystrdy"
            r"|this\s+(?:mornin|arvo|eve))"
        ),
        "word",
    ),
    _Rule(_rx(r"last\s*(?:night|nite|nyt)"), "last_night"),
    _Rule(
        _rx(
            r"(?P<rel>this|next|nxt|last|this\s+coming|this\s+comin|this\s+past)\s+(?:weekend|wknd|wkend|w/e)"
        ),
        "weekend",
    ),
    _Rule(
        _rx(
            r"(?P<rel>next|nxt|last|this|this\s+coming|this\s+comin|this\s+past|coming|comin|on|this\s+past)\s+(?P<wd>"
            + _WD_RE
            + r")"
        ),
        "weekday",
    ),
    _Rule(
        _rx(r"(?P<h>" + alternation(_HOLIDAYS) + r")"),
        "holiday",
    ),
    _Rule(
        _rx(
            r"(?:(?P<rel>in|this|next|last|early|mid|late|end\s+of|beginning\s+of|since)[\s-]+)(?:of\s+)?(?P<mon>"
            + _MONTH_RE
            + r")(?:\s+(?P<y>"
            + _YEAR_RE
            + r"))?"
        ),
        "month",
    ),
    _Rule(_rx(r"(?P<mon>" + _MONTH_RE.replace("may|", "") + r")\s+(?P<y>" + _YEAR_RE + r")"), "month"),
    _Rule(_rx(r"(?:on\s+)?the\s+(?P<d>\d{1,2}(?:st|nd|rd|th)|" + "|".join(_ORDINALS) + r")"), "the_nth"),
    _Rule(_rx(r"(?:in|of|since|by)\s+(?P<y>" + _YEAR_RE + r")"), "year"),
    _Rule(_rx(r"(?P<wd>" + _WD_RE + r")"), "bare_weekday"),
    _Rule(
        _rx(r"(?P<mon>" + _MONTH_RE.replace("may|", "").replace("mar(?:ch)?|", "march|") + r")"), "bare_month"
    ),
)


_OTHER_MONTH = r"(?P<mon>" + alternation(date_words.MONTHS) + r")"
_OTHER_N_UNITS = r"(?P<n>\d{1,3})\s*(?P<unit>" + alternation(date_words.UNITS) + r")"
_OTHER_N_UNITS_AFTER = r"(?P<n2>\d{1,3})\s*(?P<unit2>" + alternation(date_words.UNITS) + r")\s+"
_MONTH_PREPOSITION = (
    alternation(w for w in date_words.MONTH_BEFORE if w not in ("in", "a"))
    + r"|(?:in|a)(?!\s+(?:"
    + alternation(date_words.ENGLISH_LOOKALIKE_MONTHS)
    + r")\b)"
)
_WEEKDAY_BEFORE = (
    r"(?:(?P<next>"
    + alternation(date_words.WEEKDAY_NEXT_BEFORE)
    + r")\s+|(?P<last>"
    + alternation(date_words.WEEKDAY_LAST_BEFORE)
    + r")\s+|(?P<this>"
    + (alternation(date_words.WEEKDAY_THIS_BEFORE) or "(?!)")
    + r")\s+)?"
)
_WEEKDAY_AFTER = (
    r"(?:\s+(?P<next2>"
    + alternation(date_words.WEEKDAY_NEXT_AFTER)
    + r")|\s+(?P<last2>"
    + alternation(date_words.WEEKDAY_LAST_AFTER)
    + r")|\s+(?P<this2>"
    + (alternation(date_words.WEEKDAY_THIS_AFTER) or "(?!)")
    + r"))?"
)
# other languages' date words (`lifeevents.date_words`), scanned after the English rules; an event's date reads them
_OTHER_LANGUAGE_RULES: tuple[_Rule, ...] = (
    # Chinese, Japanese and Korean dates inside a run of letters: "3月3日", "10月8号", "3월 3일", "来月", "土曜日に"
    _Rule(re.compile(r"(?<!\d)(?P<mon>" + alternation(date_words.UNSPACED_MONTHS) + r")\s*(?P<d>\d{1,2})\s*[日号號일]"), "day_of_month"),
    _Rule(re.compile(r"(?<!\d)(?P<mon>" + alternation(date_words.UNSPACED_MONTHS) + r")"), "month_of"),
    _Rule(re.compile(r"(?P<w>" + alternation(date_words.UNSPACED_STEPS) + r")"), "steps"),
    _Rule(re.compile(r"(?P<wd>" + alternation(date_words.UNSPACED_WEEKDAYS) + r")"), "weekday_of"),
    _Rule(_rx(r"(?P<w>" + alternation(date_words.STEPS) + r")"), "steps"),
    _Rule(_rx(r"(?P<w>" + alternation(date_words.WEEKENDS) + r")"), "weekend_of"),
    _Rule(
        _rx(r"(?P<d>\d{1,2})(?:\.|º|°|ª|er|re)?\s*(?:de\s+|di\s+)?" + _OTHER_MONTH + r"(?:\s+(?:de\s+|del\s+)?(?P<y>" + _YEAR_RE + r"))?"),
        "day_of_month",
    ),
    # a month before its day, with or without the day's case ending: "Fevralın 10-da", "Sausio 18 d.", "Disyembre 14"
    _Rule(_rx(_OTHER_MONTH + r"\s+(?P<d>\d{1,2})(?:-?[^\W\d_]+|['’][^\W\d_]+|\s+d\.?)?(?!\d)"), "day_of_month"),
    _Rule(
        _rx(r"(?:(?:" + alternation(date_words.IN_BEFORE) + r")\s+" + _OTHER_N_UNITS + "|" + _OTHER_N_UNITS_AFTER + r"(?:" + alternation(date_words.IN_AFTER) + r"))"),
        "in_units",
    ),
    _Rule(
        _rx(r"(?:(?:" + alternation(date_words.AGO_BEFORE) + r")\s+" + _OTHER_N_UNITS + "|" + _OTHER_N_UNITS_AFTER + r"(?:" + alternation(date_words.AGO_AFTER) + r"))"),
        "units_ago",
    ),
    _Rule(_rx(r"(?P<w>" + alternation(w for w in date_words.DAY_SHIFTS if w not in date_words.CASED_DAY_SHIFTS) + r")"), "shift"),
    _Rule(re.compile(r"(?P<w>" + alternation(date_words.UNSPACED_DAY_SHIFTS) + r")"), "shift"),
    _Rule(_rx(r"(?P<w>" + alternation(date_words.CASED_DAY_SHIFTS) + r")", re.NOFLAG), "shift"),
    _Rule(_rx(r"(?P<w>" + alternation(date_words.WEEKDAY_LAST_SUFFIXED) + r")"), "weekday_gone"),
    _Rule(_rx(_WEEKDAY_BEFORE + r"(?P<wd>" + alternation(date_words.WEEKDAYS) + r")" + _WEEKDAY_AFTER), "weekday_of"),
    _Rule(
        _rx(
            r"(?:(?:" + _MONTH_PREPOSITION + r")\s+" + _OTHER_MONTH + r"(?:\s+(?P<y>" + _YEAR_RE + r"))?"
            r"|(?P<mon2>" + alternation(date_words.MONTHS_ALONE) + r")|(?P<mon3>" + alternation(date_words.TURKISH_MONTHS) + r")['’]?(?:da|de|ta|te))"
        ),
        "month_of",
    ),
)  # fmt: skip


_REL = {"nxt": "next", "comin": "coming", "this comin": "this coming"}


def _rel(g: dict[str, str | None]) -> str:
    rel = re.sub(r"\s+", " ", (g.get("rel") or "").lower())
    return _REL.get(rel, rel)


def _unit(word: str) -> str:
    word = word.lower()
    word = word[:-1] if word.endswith("s") and word not in _UNITS else word
    return _UNITS.get(word, word)


def _num(word: str) -> int:
    word = word.lower().strip()
    return int(word) if word.isdigit() else _NUMBERS.get(word, 1)


def _ord(word: str) -> int:
    word = word.lower()
    return _ORDINALS[word] if word in _ORDINALS else int(re.sub(r"\D", "", word))


def _month(word: str) -> int:
    word = word.lower().rstrip(".")
    return _MONTHS.get(word) or _MONTHS[word[:3]]


def _weekday(word: str) -> int:
    word = word.lower()
    return _WEEKDAYS.get(word) or _WEEKDAYS[word[:3]]


def _midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def _year_for(month: int, day: int, base: date, past: bool) -> date | None:
    """The month/day nearest ``base`` in the direction the sentence points."""
    for year in (base.year, base.year - 1) if past else (base.year, base.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if (candidate <= base) if past else (candidate >= base):
            return candidate
    return None


def _add(base: date, n: int, unit: str) -> date:
    delta = {"day": relativedelta(days=n), "week": relativedelta(weeks=n)}.get(unit) or (
        relativedelta(months=n) if unit == "month" else relativedelta(years=n)
    )
    return base + delta


def _truncate(d: date, precision: str) -> tuple[date, str]:
    """A month-precise date is the 1st of its month, a year-precise one 1 January."""
    if precision == MONTH:
        return d.replace(day=1), precision
    if precision == YEAR:
        return date(d.year, 1, 1), precision
    return d, precision


def _unit_precision(unit: str) -> str:
    return {"day": DAY, "week": DAY, "month": MONTH, "year": YEAR}[unit]


def _resolve(rule: _Rule, m: re.Match[str], base: date, past: bool) -> tuple[date, str] | None:
    g = m.groupdict()
    kind = rule.kind
    if kind == "iso":
        return date(int(g["y"]), int(g["m"]), int(g["d"])), DAY
    if kind in ("day_month", "month_day"):
        month, day = _month(g["mon"]), _ord(g["d"])
        if g.get("y"):
            return date(int(g["y"]), month, day), DAY
        found = _year_for(month, day, base, past)
        return (found, DAY) if found else None
    if kind == "numeric":
        a, b = int(g["a"]), int(g["b"])
        month, day = (a, b) if a <= 12 else (b, a)
        if g.get("y"):
            year = int(g["y"])
            return date(year + 2000 if year < 100 else year, month, day), DAY
        found = _year_for(month, day, base, past)
        return (found, DAY) if found else None
    if kind == "nth_of_month":  # "the 3rd of next month"
        step = {"next": 1, "this": 0, "last": -1}[g["rel"].lower()]
        return (base.replace(day=1) + relativedelta(months=step)).replace(day=_ord(g["d"])), DAY
    if kind == "month_end":  # "end of the month": that month
        step = {"next": 1, "last": -1}.get(g["rel"].lower(), 0)
        return base.replace(day=1) + relativedelta(months=step), MONTH
    if kind == "weekday_week":  # "Friday week": a week after the coming Friday (today's, posted on a Friday)
        return base + timedelta(days=(_weekday(g["wd"]) - base.weekday()) % 7 + 7), DAY
    if kind == "rel_unit":
        return _steps({"next": 1, "nxt": 1, "last": -1, "this": 0}[g["rel"].lower()], _unit(g["unit"]), base)
    if kind == "ago_today":  # "2 weeks ago today", "a year ago today": that very day
        return _add(base, -_num(g.get("n") or "1"), _unit(g["unit"])), DAY
    if kind == "countdown":  # "3 sleeps till my birthday", "11 days to my due date"
        unit = "day" if g["unit"].lower() == "sleep" else _unit(g["unit"])
        return _add(base, _num(g.get("n") or "1"), unit), DAY
    if kind in ("ago", "in_n", "from_now"):
        unit = _unit(g["unit"])
        sign = -1 if kind == "ago" else 1
        return _truncate(_add(base, sign * _num(g.get("n") or "1"), unit), _unit_precision(unit))
    if kind == "fortnight":
        return base + timedelta(days=14), DAY
    if kind == "day_after_tomorrow":
        return base + timedelta(days=2), DAY
    if kind == "day_before_yesterday":
        return base - timedelta(days=2), DAY
    if kind == "word":
        w = g["w"].lower()
        shift = 1 if w.startswith(("tom", "tm", "2m")) else -1 if w.startswith(("yes", "yday", "yst")) else 0
        return base + timedelta(days=shift), DAY
    if kind == "last_night":
        return base - timedelta(days=1), DAY
    if kind == "weekend":
        return _weekend(_rel(g), base), DAY
    if kind in ("weekday", "bare_weekday"):
        return _weekday_from(_rel(g), _weekday(g["wd"]), base, past), DAY
    if kind == "holiday":
        month, day = _HOLIDAYS[re.sub(r"\s+", " ", g["h"].lower())]
        found = _year_for(month, day, base, past)
        return (found, DAY) if found else None
    if kind in ("month", "bare_month"):
        return _month_from(_month(g["mon"]), (g.get("rel") or "").lower(), g.get("y"), base, past), MONTH
    if kind == "the_nth":
        day = _ord(g["d"])
        cur = base.replace(day=1)
        for shift in (0, -1) if past else (0, 1):
            first = cur + relativedelta(months=shift)
            try:
                candidate = first.replace(day=day)
            except ValueError:
                continue
            if (candidate <= base) if past else (candidate >= base):
                return candidate, DAY
        return None
    if kind == "year":
        return date(int(g["y"]), 1, 1), YEAR
    return _resolve_other_language(kind, g, base, past)


def _resolve_other_language(
    kind: str, g: dict[str, str | None], base: date, past: bool
) -> tuple[date, str] | None:
    """Resolve a match of `_OTHER_LANGUAGE_RULES` (the words of `lifeevents.date_words`)."""
    if kind == "steps":
        return _steps(*date_words.STEPS[_key(g["w"])], base)
    if kind == "weekend_of":
        return _weekend(date_words.WEEKENDS[_key(g["w"])], base), DAY
    if kind == "day_of_month":
        month, day = date_words.MONTHS[_key(g["mon"])], int(g["d"] or 0)
        if g.get("y"):
            return date(int(g["y"] or 0), month, day), DAY
        found = _year_for(month, day, base, past)
        return (found, DAY) if found else None
    if kind in ("in_units", "units_ago"):
        unit = date_words.UNITS[_key(g.get("unit") or g.get("unit2"))]
        n = int(g.get("n") or g.get("n2") or 1)
        return _truncate(_add(base, -n if kind == "units_ago" else n, unit), _unit_precision(unit))
    if kind == "shift":
        return base + timedelta(days=date_words.DAY_SHIFTS[_key(g["w"])]), DAY
    if kind == "weekday_gone":
        return _weekday_from("last", date_words.WEEKDAY_LAST_SUFFIXED[_key(g["w"])], base, past), DAY
    if kind == "weekday_of":
        rel = next((r for r in ("next", "last", "this") if g.get(r) or g.get(f"{r}2")), "")
        return _weekday_from(rel, date_words.WEEKDAYS[_key(g["wd"])], base, past), DAY
    if kind == "month_of":
        month = date_words.MONTHS[_key(g.get("mon") or g.get("mon2") or g.get("mon3"))]
        return _month_from(month, "in", g.get("y"), base, past), MONTH
    return None


def _key(word: str | None) -> str:
    """A matched word as the tables spell it: lower case, single spaces, straight apostrophes."""
    return re.sub(r"\s+", " ", (word or "").lower().replace("’", "'"))


def _steps(step: int, unit: str, base: date) -> tuple[date, str]:
    """A week (to the day), month or year ``step`` away from ``base``."""
    if unit == "week":
        return base + timedelta(weeks=step), DAY
    if unit == "month":
        return base.replace(day=1) + relativedelta(months=step), MONTH
    return date(base.year + step, 1, 1), YEAR


def _weekend(rel: str, base: date) -> date:
    """The Saturday of this, next ("next ...") or last ("last", "this past") weekend."""
    saturday = base + timedelta(days=(5 - base.weekday()) % 7)
    if base.weekday() == 6:
        saturday = base - timedelta(days=1)
    if rel.startswith("next"):
        saturday += timedelta(days=7)
    elif rel in ("last", "this past"):
        saturday = base - timedelta(days=(base.weekday() - 5) % 7 or 7)
    return saturday


def _weekday_from(rel: str, wd: int, base: date, past: bool) -> date:
    """Weekday ``wd`` where ``rel`` ("next", "last", "this", ...) or, with none, the sentence's direction puts it."""
    if rel in ("last", "this past") or (rel in ("", "on") and past):
        return base - timedelta(days=(base.weekday() - wd) % 7 or 7)
    ahead = (wd - base.weekday()) % 7
    if rel == "next" or ahead == 0 and rel != "this":
        ahead = ahead or 7
    return base + timedelta(days=ahead)


def _month_from(month: int, rel: str, year: str | None, base: date, past: bool) -> date:
    """The 1st of ``month``: in ``year`` when given, else the one ``rel`` or the sentence's direction points at."""
    if year:
        return date(int(year), month, 1)
    if rel == "next":
        return date(base.year + 1 if month <= base.month else base.year, month, 1)
    if rel in ("last", "since"):
        return date(base.year - 1 if month >= base.month else base.year, month, 1)
    if past:
        return date(base.year - 1 if month > base.month else base.year, month, 1)
    return date(base.year + 1 if month < base.month else base.year, month, 1)


def is_past(sentence: str) -> bool:
    """Whether a sentence talks about the past (and no future cue overrides it)."""
    return bool(_PAST.search(sentence) or _PAST_VERB.search(sentence)) and not _FUTURE.search(sentence)


def tense(text: str) -> bool | None:
    """True for a past-tense text, False for a future one (a future cue wins), None when it says neither.

    A day something was moved to lies ahead ("Our wedding's moved to the 18th of October").
    """
    if _WAS_DUE.search(text):
        return True  # "Due date was Monday. Still here.", "she was due on the 2nd", "11 days overdue"
    if _FUTURE.search(text) or _RESCHEDULED.search(text) or _FUTURE_ELSEWHERE.search(text):
        return False
    if (
        _PAST.search(text)
        or _PAST_VERB.search(text)
        or _PAST_FOR_DATES.search(text)
        or _PAST_ELSEWHERE.search(text)
    ):
        return True
    if _SCHEDULED.search(text):
        return False
    return None


def clause_around(text: str, start: int, end: int) -> str:
    """The clause holding ``text[start:end]``: cut at sentence punctuation, commas and joining words."""
    left = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, start):
        left = m.end()
    if text[start:end].endswith("."):
        return text[left : end - 1]  # "passed on the 2nd of January." took the sentence's full stop
    right = _CLAUSE_BREAK.search(text, end)
    return text[left : right.start() if right else len(text)]


def _leading_tense(text: str, start: int, default: bool = False) -> bool:
    """The tense of the nearest clause before ``start`` in its sentence that has one: a fragment cut off by a
    comma or an emoji goes on in the tense before it ("surprised me with a bunny 🐰 on Friday"); else forward
    ``default`` (forward, False), as an announcement looks ("Completion on the 28th")."""
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    clauses = _CLAUSE_BREAK.split(text[sentence_start:start])
    for clause in reversed(clauses[:-1]):
        if _RESCHEDULING.search(clause):
            return False
        found = tense(clause)
        if found is not None:
            return found
    return default


def reschedules(text: str, at: int) -> bool:
    """Whether ``text`` at ``at`` moves an event to a date ("moved to Saturday", "pushed back to June"): a cue there
    ("moved" is a move's) tells when something else now happens, not an event of its own."""
    return _RESCHEDULED.match(text, at) is not None


def clauses_apart(text: str, lo: int, hi: int) -> bool:
    """Whether a clause ends between ``text[lo]`` and ``text[hi]`` (as `clause_around` cuts them)."""
    return _CLAUSE_BREAK.search(text, lo, hi) is not None


def find_dates(
    text: str,
    posted_at: datetime,
    past: bool | None = None,
    other_languages: bool = False,
    lean_back: bool = False,
) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``posted_at``, in text order.

    Without ``past``, an expression that does not say its direction ("June 5th", "on Friday")
    follows the tense of its own clause ("We got the keys! Moving in on December 12" looks
    forward), else that of the nearest earlier clause of its sentence ("surprised me with a bunny 🐰
    on Friday" looks back), else it looks forward, or back with ``lean_back`` (for events told after they happen, in
    languages whose tenses the scanner cannot read). With ``other_languages``, the date words of other
    languages (`lifeevents.date_words`) are read too, after the English ones.
    """
    base = posted_at.astimezone(UTC).date() if posted_at.tzinfo else posted_at.date()
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for rule in (*_RULES, *_OTHER_LANGUAGE_RULES) if other_languages else _RULES:
        for m in rule.pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if rule.kind == "bare_month" and not _month_reads_as_date(text, m):
                continue
            if rule.kind == "bare_weekday" and not _weekday_reads_as_date(text, m):
                continue
            if rule.kind == "shift" and text[max(0, m.start() - 8) : m.end()].lower().endswith(
                date_words.NOT_A_DAY
            ):
                continue  # "Guten Morgen", "por la mañana": a morning, not tomorrow
            if (
                rule.kind == "the_nth"
                and _ORDINAL_OF_A_THING.match(text, m.end())
                and m.group(0)[:2].lower() != "on"
            ):
                continue  # "the first thing we did", "the 2nd time": which one, not which day
            if (
                rule.kind == "in_n"
                and _FIRST_IN.search(text[max(0, m.start() - 40) : m.start()])
                and _YEARS.search(m[0])
            ):
                continue  # "her first job in 20 years": how long since, not when
            if _NOT_A_DAY.match(text, m.start(), m.end() + 14) or (
                rule.kind == "numeric" and (_rating(text, m) or _measure_or_time(text, m))
            ):
                taken.append((m.start(), m.end()))
                continue  # "together since 2019", "10/10 would recommend", "Sunday mornings"
            direction = past
            if direction is None:
                own = tense(clause_around(text, m.start(), m.end()))
                direction = own if own is not None else _leading_tense(text, m.start(), lean_back)
            try:
                resolved = _resolve(rule, m, base, direction)
            except (ValueError, KeyError, OverflowError):
                resolved = None
            if resolved is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.start(), m.end(), m.group(0), _midnight(resolved[0]), resolved[1]))
    return sorted(found, key=lambda d: d.start)


_ORDINAL_OF_A_THING = re.compile(
    r"\s+(?!(?:of|and|at|we|i|so|is|was|but|to|for|in|then|or|we're|i'm|im|were|when|after|before|cos|because|bc|coz|cuz"
    r"|till|until|as|if|the|my|our|he|she|they|it|this|that|with|from|by|pm|am|[ap]\.m\.)\b)[a-z]",
    re.I,
)
_NOT_A_DAY = re.compile(
    r"since\b|(?:on\s+)?" + _WD_RE + r"\s+(?:mornings|nights|evenings|afternoons|nites)\b", re.I
)
_DATE_BEFORE = re.compile(r"\b(?:on|for|the|from|until|till|by|before|after|is|date|due|dated)\s*$", re.I)


def _rating(text: str, m: re.Match[str]) -> bool:
    """ "10/10 would recommend", "rated it 9/10": a score out of ten, not the 10th of a month or October."""
    return m.group("b") == "10" and not m.group("y") and not _DATE_BEFORE.search(text[: m.start()])


_UNIT_AFTER = re.compile(
    r"\s?(?:kgs?|kilos?|kilograms?|g|gr|grams?|lbs?|oz|cm|mm|km|ml|l|%|stars?|pm|am|[ap]\.m\.|h|hrs?|hours?|uhr"
    r"|horas?|heures?|ore|uur)(?!\w)",
    re.I,
)
_TIME_BEFORE = re.compile(r"(?:^|\s)(?:at|um|a las|alle|om|kl\.?|klo|às|ás)\s*$", re.I)


def _measure_or_time(text: str, m: re.Match[str]) -> bool:
    """ "3.2 kg", "7.5 lbs", "4.5 stars", "at 5.30 pm": a weight, a score or a time, not the 3rd of February."""
    return bool(_UNIT_AFTER.match(text, m.end()) or _TIME_BEFORE.search(text, 0, m.start()))


_FIRST_IN = re.compile(r"\b(?:first|1st)\s+[\w'’-]+(?:\s+[\w'’-]+)?\s*$", re.I)
_YEARS = re.compile(r"\b(?:years?|yrs?)\b", re.I)
_NAME_DOING = re.compile(
    r"\s*(?:['’]s\b|(?:is|was|has|had|and|&|got|just|retires|turns|says|said)\b|[a-z]+(?:s|ed)\b)"
)
_VERB_LIKE_DAYS = frozenset({"sat", "sun", "wed", "mon", "tue", "thu"})
_DAY_PART = re.compile(r"^\s*(?:night|nite|morning|mornin|afternoon|arvo|eve|evening|am|pm|\d)", re.I)
_VERB_AFTER = re.compile(
    r"^\s+(?:down|on|in|with|at|there|around|next|by|up|back|out|is|was|shines?|set)\b", re.I
)
_PRONOUN_BEFORE = re.compile(
    r"\b(?:i|we|he|she|they|you|u|it|who|just|had|have|has|was|were|been|then)\s+$", re.I
)


def _weekday_reads_as_date(text: str, m: re.Match[str]) -> bool:
    """A bare "sat", "wed", "sun" is a day only where a verb or noun cannot be ("party sat!", "Sat night").

    Full day names always count; an ambiguous short form counts capitalised, before a part of
    the day, or where no subject, article or verb-like follower surrounds it ("we sat down" is not).
    """
    word = m.group(0)
    if word.lower() not in _VERB_LIKE_DAYS:
        return True
    after = text[m.end() :]
    if _DAY_PART.match(after):
        return True
    if word[:1].isupper():
        return True
    before = text[: m.start()]
    if _PRONOUN_BEFORE.search(before) or re.search(r"(?:\b(?:the|a|in the)\s+|')$", before, re.I):
        return False
    return not _VERB_AFTER.match(after)


def _month_reads_as_date(text: str, m: re.Match[str]) -> bool:
    """A bare month name counts when capitalised (``June``), not the verb ``march`` or ``sat``, nor a name
    doing something ("my colleague Jan retires this Friday")."""
    return m.group(0)[:1].isupper() and not _NAME_DOING.match(text[m.end() :])


def resolve(text: str, posted_at: datetime, near: int | None = None) -> tuple[datetime | None, str]:
    """The date ``text`` points at (the mention nearest char ``near``, else the first) and its precision."""
    mentions = find_dates(text, posted_at)
    if not mentions:
        return None, UNKNOWN
    if near is None:
        best = mentions[0]
    else:
        best = min(mentions, key=lambda d: min(abs(d.start - near), abs(d.end - near)))
    return best.date, best.precision
