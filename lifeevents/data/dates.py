"""Date phrases built from their target date, so every generated expression has a known answer.

The rules here are the conventions written down in lifeevents/data/README.md; a resolver that
follows that README resolves every phrase back to the date it was built from.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
ORDINAL_WORDS = {
    1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
    8: "eighth", 9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth", 13: "thirteenth",
    14: "fourteenth", 15: "fifteenth", 16: "sixteenth", 17: "seventeenth", 18: "eighteenth",
    19: "nineteenth", 20: "twentieth", 21: "twenty-first", 22: "twenty-second", 23: "twenty-third",
    24: "twenty-fourth", 25: "twenty-fifth", 26: "twenty-sixth", 27: "twenty-seventh",
    28: "twenty-eighth", 29: "twenty-ninth", 30: "thirtieth", 31: "thirty-first",
}  # fmt: skip
HOLIDAYS = {
    "Christmas Day": (12, 25),
    "Christmas Eve": (12, 24),
    "New Year's Eve": (12, 31),
    "New Year's Day": (1, 1),
    "Valentine's Day": (2, 14),
    "Halloween": (10, 31),
}


# phrase kinds and how often posts use them
FUTURE_KINDS = {
    "today": 5, "tonight": 4, "tomorrow": 6, "day_after": 2, "this_wd": 5, "on_wd": 5, "next_wd": 7,
    "this_weekend": 5, "next_weekend": 2, "in_days": 5, "in_weeks": 6, "fortnight": 1, "week_today": 1,
    "explicit": 12, "explicit_year": 3, "day_only": 3, "in_month": 7, "this_month_name": 2,
    "next_month_name": 2, "next_month": 3, "this_month": 1, "in_year": 2, "next_year": 2, "numeric": 2,
    "holiday": 1, "early_month": 2,
}  # fmt: skip
PAST_KINDS = {
    "today": 7, "this_morning": 3, "last_night": 6, "yesterday": 8, "on_wd": 4, "last_wd": 5, "days_ago": 4,
    "weeks_ago": 4, "last_weekend": 3, "explicit": 8, "day_only": 2, "in_month": 3, "last_month": 3,
    "earlier_month": 1, "numeric": 1,
}  # fmt: skip


@dataclass(frozen=True)
class DatePhrase:
    """A time expression (with its leading preposition) and the date it resolves to."""

    text: str
    date: date | None
    precision: str  # day | month | year | unknown
    kind: str


def ordinal(n: int) -> str:
    """1 -> 1st, 22 -> 22nd, 13 -> 13th."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _count(rng: random.Random, n: int) -> str:
    return NUMBER_WORDS[n] if n <= 10 and rng.random() < 0.6 else str(n)


def _day_month(rng: random.Random, d: date) -> str:
    """An explicit day and month in one of many everyday spellings (never a bare number pair)."""
    month = MONTHS[d.month - 1]
    short = month[:3]
    forms = [
        f"{month} {ordinal(d.day)}",
        f"{month} {d.day}",
        f"{d.day} {month}",
        f"{ordinal(d.day)} {month}",
        f"the {ordinal(d.day)} of {month}",
        f"{short} {d.day}",
        f"{d.day} {short}",
        f"the {ORDINAL_WORDS[d.day]} of {month}",
    ]
    return rng.choice(forms)


def _numeric(rng: random.Random, d: date) -> str:
    """A numeric date: M/D (US) unless the day is over 12, when D/M is unambiguous."""
    if d.day > 12 and rng.random() < 0.5:
        return f"{d.day}/{d.month}"
    return f"{d.month}/{d.day}"


def _next_occurrence(today: date, month: int, day: int) -> date:
    year = today.year
    while True:
        try:
            candidate = date(year, month, day)
        except ValueError:
            year += 1
            continue
        if candidate >= today:
            return candidate
        year += 1


def _last_occurrence(today: date, month: int, day: int) -> date:
    year = today.year
    while True:
        try:
            candidate = date(year, month, day)
        except ValueError:
            year -= 1
            continue
        if candidate <= today:
            return candidate
        year -= 1


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def future_phrase(rng: random.Random, today: date, kind: str | None = None) -> DatePhrase:
    """A phrase about a day on or after `today`, read in the future tense (of `kind`, or a random one)."""
    wd = today.weekday()
    kind = kind or rng.choices(list(FUTURE_KINDS), weights=list(FUTURE_KINDS.values()))[0]
    if kind == "today":
        return DatePhrase(
            rng.choice([" today", " today", " later today", " this afternoon"]), today, "day", kind
        )
    if kind == "tonight":
        return DatePhrase(rng.choice([" tonight", " this evening", " tonite"]), today, "day", kind)
    if kind == "tomorrow":
        return DatePhrase(
            rng.choice([" tomorrow", " tomorrow", " tmrw", " tomorrow morning"]),
            today + timedelta(1),
            "day",
            kind,
        )
    if kind == "day_after":
        return DatePhrase(" the day after tomorrow", today + timedelta(2), "day", kind)
    if kind in ("this_wd", "on_wd", "next_wd"):
        target_wd = rng.choice([w for w in range(7) if w != wd])
        ahead = (target_wd - wd) % 7
        name = WEEKDAYS[target_wd]
        prefix = {"this_wd": " this ", "on_wd": " on ", "next_wd": " next "}[kind]
        return DatePhrase(f"{prefix}{name}", today + timedelta(ahead), "day", kind)
    if kind in ("this_weekend", "next_weekend"):
        if wd == 6:
            return future_phrase(rng, today)
        sat = today + timedelta((5 - wd) % 7)
        if kind == "this_weekend":
            return DatePhrase(rng.choice([" this weekend", " this weekend", " this wknd"]), sat, "day", kind)
        return DatePhrase(" next weekend", sat + timedelta(7), "day", kind)
    if kind == "in_days":
        n = rng.randint(2, 10)
        return DatePhrase(f" in {_count(rng, n)} days", today + timedelta(n), "day", kind)
    if kind == "in_weeks":
        n = rng.randint(1, 6)
        text = " in a week" if n == 1 else f" in {_count(rng, n)} weeks"
        return DatePhrase(text, today + timedelta(7 * n), "day", kind)
    if kind == "fortnight":
        return DatePhrase(" in a fortnight", today + timedelta(14), "day", kind)
    if kind == "week_today":
        return DatePhrase(
            rng.choice([" a week from today", " a week today"]), today + timedelta(7), "day", kind
        )
    if kind == "explicit":
        target = today + timedelta(rng.randint(1, 240))
        return DatePhrase(f" on {_day_month(rng, target)}", target, "day", kind)
    if kind == "explicit_year":
        target = today + timedelta(rng.randint(20, 500))
        text = rng.choice(
            [
                f"{MONTHS[target.month - 1]} {target.day}, {target.year}",
                f"{target.day} {MONTHS[target.month - 1]} {target.year}",
            ]
        )
        return DatePhrase(f" on {text}", target, "day", kind)
    if kind == "day_only":
        target = today + timedelta(rng.randint(1, 25))
        if target.month == today.month or target.day < today.day:
            return DatePhrase(f" on the {ordinal(target.day)}", target, "day", kind)
        return future_phrase(rng, today)
    if kind in ("in_month", "this_month_name", "early_month"):
        ahead = rng.randint(1, 10)
        target = _add_months(today, ahead)
        name = MONTHS[target.month - 1]
        word = {
            "in_month": " in ",
            "this_month_name": " this ",
            "early_month": rng.choice([" in early ", " in late ", " in mid-", " at the end of "]),
        }[kind]
        return DatePhrase(f"{word}{name}", target, "month", kind)
    if kind == "next_month_name":
        ahead = rng.randint(2, 11)
        target = _add_months(today, ahead)
        return DatePhrase(f" next {MONTHS[target.month - 1]}", target, "month", kind)
    if kind == "next_month":
        return DatePhrase(" next month", _add_months(today, 1), "month", kind)
    if kind == "this_month":
        return DatePhrase(
            rng.choice([" this month", " later this month"]), _add_months(today, 0), "month", kind
        )
    if kind == "in_year":
        year = today.year + rng.randint(1, 2)
        return DatePhrase(f" in {year}", date(year, 1, 1), "year", kind)
    if kind == "next_year":
        return DatePhrase(" next year", date(today.year + 1, 1, 1), "year", kind)
    if kind == "numeric":
        target = today + timedelta(rng.randint(2, 200))
        return DatePhrase(f" on {_numeric(rng, target)}", target, "day", kind)
    name, (m, d) = rng.choice(list(HOLIDAYS.items()))
    target = _next_occurrence(today, m, d)
    if target == today:
        return future_phrase(rng, today)
    return DatePhrase(f" on {name}", target, "day", "holiday")


def past_phrase(rng: random.Random, today: date, kind: str | None = None) -> DatePhrase:
    """A phrase about a day on or before `today`, read in the past tense (of `kind`, or a random one)."""
    wd = today.weekday()
    kind = kind or rng.choices(list(PAST_KINDS), weights=list(PAST_KINDS.values()))[0]
    if kind == "today":
        return DatePhrase(rng.choice([" today", " today", " earlier today"]), today, "day", kind)
    if kind == "this_morning":
        return DatePhrase(" this morning", today, "day", kind)
    if kind == "last_night":
        return DatePhrase(rng.choice([" last night", " last nite"]), today - timedelta(1), "day", kind)
    if kind == "yesterday":
        return DatePhrase(
            rng.choice([" yesterday", " yesterday", " yday"]), today - timedelta(1), "day", kind
        )
    if kind in ("on_wd", "last_wd"):
        target_wd = rng.choice([w for w in range(7) if w != wd])
        back = (wd - target_wd) % 7
        prefix = " on " if kind == "on_wd" else " last "
        return DatePhrase(f"{prefix}{WEEKDAYS[target_wd]}", today - timedelta(back), "day", kind)
    if kind == "days_ago":
        n = rng.randint(2, 9)
        return DatePhrase(f" {_count(rng, n)} days ago", today - timedelta(n), "day", kind)
    if kind == "weeks_ago":
        n = rng.randint(1, 5)
        text = " a week ago" if n == 1 else f" {_count(rng, n)} weeks ago"
        return DatePhrase(text, today - timedelta(7 * n), "day", kind)
    if kind == "last_weekend":
        if wd == 6:
            return past_phrase(rng, today)
        back = (wd - 5) % 7 or 7
        return DatePhrase(" last weekend", today - timedelta(back), "day", kind)
    if kind == "explicit":
        target = today - timedelta(rng.randint(1, 120))
        return DatePhrase(f" on {_day_month(rng, target)}", target, "day", kind)
    if kind == "day_only":
        target = today - timedelta(rng.randint(1, 25))
        if target.month == today.month or target.day > today.day:
            return DatePhrase(f" on the {ordinal(target.day)}", target, "day", kind)
        return past_phrase(rng, today)
    if kind == "in_month":
        target = _add_months(today, -rng.randint(1, 5))
        return DatePhrase(f" in {MONTHS[target.month - 1]}", target, "month", kind)
    if kind == "last_month":
        return DatePhrase(" last month", _add_months(today, -1), "month", kind)
    if kind == "earlier_month":
        return DatePhrase(" earlier this month", _add_months(today, 0), "month", kind)
    target = today - timedelta(rng.randint(2, 100))
    return DatePhrase(f" on {_numeric(rng, target)}", target, "day", kind)


def next_occurrence(today: date, month: int, day: int) -> date:
    """The first month/day on or after `today` (a future-tense day-month without a year)."""
    return _next_occurrence(today, month, day)


def last_occurrence(today: date, month: int, day: int) -> date:
    """The last month/day on or before `today` (a past-tense day-month without a year)."""
    return _last_occurrence(today, month, day)
