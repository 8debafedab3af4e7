"""Date expressions the way people post them ("moving 2moro!!", "bday drinks sat night", "in 2 wks").

Each case is built from its answer: a posting day, an expression kind, and the date the
conventions of README.md give for it, inside a frame in chat style whose tense agrees with
the expression. Written to dates_social.jsonl by build_dataset.py.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from lifeevents.data.dates import MONTHS, WEEKDAYS

FUTURE_FRAMES = [
    "moving {}!!", "omg wedding is {} 😭💍", "bday drinks {} who's in", "my sis is getting married {}",
    "we get the keys {} 🔑", "starting the new job {} eek", "baby shower {} 🍼", "housewarming {} bring snacks",
    "graduation {} 🎓🎓", "retirement party for dad {}", "picking up the puppy {} 🐶", "funeral is {} if anyone wants to come",
    "anniversary dinner {} ❤️", "hen do {}!!! 🥂", "flying out {} for my cousins wedding", "my last day at work is {}",
]  # fmt: skip
PAST_FRAMES = [
    "got engaged {} 💍💍", "baby arrived {} 💙", "we moved in {} and the boxes are winning", "my nan passed {} 💔",
    "adopted this lil guy {} 🐶", "started at the new place {}", "got married {}!!!", "graduated {} 🎓",
    "closed on the house {} 🏡", "my dad retired {}", "had the gender reveal {} 💗", "we got the keys {}",
]  # fmt: skip
SHORT_DAYS = ["mon", "tues", "weds", "thurs", "fri", "sat", "sun"]


def _future(rng: random.Random, today: date) -> tuple[str, date | None, str, str]:
    """(expression, date, precision, kind) looking forward from ``today``."""
    wd = today.weekday()
    kind = rng.choice(["tmrw", "tonight", "bare_wd", "this_wd", "next_wd", "this_wknd", "next_wknd", "in_wks",
                       "in_days", "fortnight", "the_nth", "month_day", "next_month", "in_month", "nxt_month", "xmas"])  # fmt: skip
    if kind == "tmrw":
        return (
            rng.choice(["2moro", "tmrw", "tmr", "2morrow", "tomoz", "tomorow"]),
            today + timedelta(1),
            "day",
            kind,
        )
    if kind == "tonight":
        return rng.choice(["2nite", "tonite", "2day", "tonight"]), today, "day", kind
    if kind in ("bare_wd", "this_wd", "next_wd"):
        target = rng.choice([w for w in range(7) if w != wd])
        ahead = (target - wd) % 7
        name = rng.choice([SHORT_DAYS[target], WEEKDAYS[target], WEEKDAYS[target].lower()])
        if kind == "bare_wd":
            return f"{name}{rng.choice(['', ' night', ' morning'])}", today + timedelta(ahead), "day", kind
        prefix = "this" if kind == "this_wd" else rng.choice(["next", "nxt"])
        return f"{prefix} {name}", today + timedelta(ahead), "day", kind
    if kind in ("this_wknd", "next_wknd"):
        if wd == 6:
            return "2moro", today + timedelta(1), "day", "tmrw"
        sat = today + timedelta((5 - wd) % 7)
        word = rng.choice(["wknd", "weekend", "wkend"])
        if kind == "this_wknd":
            return f"this {word}", sat, "day", kind
        return f"{rng.choice(['next', 'nxt'])} {word}", sat + timedelta(7), "day", kind
    if kind == "in_wks":
        n = rng.randint(2, 6)
        return (
            f"in {n} {rng.choice(['wks', 'weeks', 'wk'])}" if n > 1 else "in a week",
            today + timedelta(7 * n),
            "day",
            kind,
        )
    if kind == "in_days":
        n = rng.randint(2, 9)
        return f"in {n} days", today + timedelta(n), "day", kind
    if kind == "fortnight":
        return "in a fortnight", today + timedelta(14), "day", kind
    if kind == "the_nth":
        nth = rng.randint(1, 28)
        first = today.replace(day=1)
        on = first.replace(day=nth)
        if on < today:
            on = (first + timedelta(32)).replace(day=nth)
        return f"on the {nth}{_suffix(nth)}", on, "day", kind
    if kind == "month_day":
        day = today + timedelta(rng.randint(3, 200))
        mon = MONTHS[day.month - 1]
        text = rng.choice([f"{mon[:3].lower()} {day.day}", f"{mon} {day.day}{_suffix(day.day)}",
                           f"{day.day} {mon[:3]}"])  # fmt: skip
        return text, day, "day", kind
    if kind == "next_month":
        first = (today.replace(day=1) + timedelta(32)).replace(day=1)
        return rng.choice(["next month", "nxt month"]), first, "month", kind
    if kind in ("in_month", "nxt_month"):
        month = rng.choice([m for m in range(1, 13) if m != today.month])
        year = today.year + (month < today.month)
        if kind == "nxt_month":
            return f"next {MONTHS[month - 1]}", date(year, month, 1), "month", kind
        return f"in {MONTHS[month - 1]}", date(year, month, 1), "month", kind
    eve = date(today.year, 12, 24)
    if eve < today:
        eve = date(today.year + 1, 12, 24)
    return "xmas eve", eve, "day", kind


def _past(rng: random.Random, today: date) -> tuple[str, date | None, str, str]:
    """(expression, date, precision, kind) looking back from ``today``."""
    wd = today.weekday()
    kind = rng.choice(
        ["yday", "last_nite", "days_ago", "wks_ago", "last_wd", "on_wd", "last_wknd", "last_month"]
    )
    if kind == "yday":
        return rng.choice(["yday", "yesterday", "yest"]), today - timedelta(1), "day", kind
    if kind == "last_nite":
        return rng.choice(["last nite", "last night", "lastnight"]), today - timedelta(1), "day", kind
    if kind == "days_ago":
        n = rng.randint(2, 9)
        return f"{n} days ago", today - timedelta(n), "day", kind
    if kind == "wks_ago":
        n = rng.randint(2, 5)
        return f"{n} {rng.choice(['wks', 'weeks'])} ago", today - timedelta(7 * n), "day", kind
    if kind in ("last_wd", "on_wd"):
        target = rng.choice([w for w in range(7) if w != wd])
        back = (wd - target) % 7
        name = rng.choice([SHORT_DAYS[target], WEEKDAYS[target]])
        prefix = "last" if kind == "last_wd" else "on"
        return f"{prefix} {name}", today - timedelta(back), "day", kind
    if kind == "last_wknd":
        if wd == 6:
            return "yday", today - timedelta(1), "day", "yday"
        back = (wd - 5) % 7 or 7
        return rng.choice(["last weekend", "last wknd"]), today - timedelta(back), "day", kind
    first = (today.replace(day=1) - timedelta(1)).replace(day=1)
    return "last month", first, "month", kind


def _suffix(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def build_social_date_cases(seed: int, n: int = 320) -> list[dict[str, object]]:
    """``n`` cases, half forward-looking and half looking back, each with its resolved date."""
    rng = random.Random(seed)
    first = date(2025, 6, 1)
    cases: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()
    while len(cases) < n:
        today = first + timedelta(rng.randrange(500))
        future = len(cases) % 2 == 0
        text, when, precision, kind = (_future if future else _past)(rng, today)
        frame = rng.choice(FUTURE_FRAMES if future else PAST_FRAMES)
        sentence = frame.format(text)
        stamp = datetime(today.year, today.month, today.day, rng.randint(7, 21), rng.randrange(60))
        key = (sentence, today.isoformat())
        if key in seen:
            continue
        seen.add(key)
        cases.append({"text": sentence, "posted_at": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
                      "expected_date": when.isoformat() if when else None, "precision": precision,
                      "kind": kind})  # fmt: skip
    return cases
