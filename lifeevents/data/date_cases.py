"""The date-resolution test set: sentences with one time expression (or none) and the date it means."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from lifeevents.data import dates

FUTURE_FRAMES = [
    "my sister's wedding is{}!", "we move into the new flat{}", "I start my new job{}", "turning 30{}",
    "our baby is due{}", "his graduation ceremony is{}", "Dad's retirement party is{}",
    "picking up the puppy{}", "the funeral will be held{}", "our anniversary dinner is{}",
    "my best friend is getting married{}", "we get the keys{}", "first day at the new office{}",
    "Mum turns 60{}", "moving to Leeds{}", "big day{} 💍",
]  # fmt: skip
PAST_FRAMES = [
    "we got engaged{}", "my grandad passed away{}", "she had the baby{}", "I graduated{}",
    "we picked up our kitten{}", "got married{}!", "moved into our new place{}", "started at Google{}",
    "my dad retired{}", "our son was born{}", "celebrated my birthday{}", "signed the lease{}",
]  # fmt: skip

# hand-picked cases for rules a generator rarely hits: (text, posted_at, expected date, precision)
FIXED: list[tuple[str, str, str | None, str]] = [
    ("my sister's wedding is next Saturday!", "2026-03-14T10:00:00Z", "2026-03-21", "day"),
    ("party this Saturday!", "2026-03-14T10:00:00Z", "2026-03-14", "day"),
    ("moving this weekend", "2026-03-14T10:00:00Z", "2026-03-14", "day"),
    ("moving this weekend", "2026-03-12T10:00:00Z", "2026-03-14", "day"),
    ("the wedding is this Friday", "2026-03-13T18:00:00Z", "2026-03-13", "day"),
    ("the wedding is next Friday", "2026-03-13T18:00:00Z", "2026-03-20", "day"),
    ("we got married last Friday", "2026-03-13T18:00:00Z", "2026-03-06", "day"),
    ("getting married on January 10th", "2025-12-20T10:00:00Z", "2026-01-10", "day"),
    ("we got married on January 10th", "2026-12-20T10:00:00Z", "2026-01-10", "day"),
    ("our baby is due in February", "2025-11-02T10:00:00Z", "2026-02-01", "month"),
    ("we moved in February", "2025-11-02T10:00:00Z", "2025-02-01", "month"),
    ("the move is in March", "2026-03-20T10:00:00Z", "2026-03-01", "month"),
    ("turning 30 on the 14th", "2026-03-20T10:00:00Z", "2026-04-14", "day"),
    ("turning 30 on the 24th", "2026-03-20T10:00:00Z", "2026-03-24", "day"),
    ("my son turns 5 on the 31st", "2026-04-10T10:00:00Z", "2026-05-31", "day"),
    ("graduating in 2027", "2026-05-01T10:00:00Z", "2027-01-01", "year"),
    ("we're retiring next year", "2026-05-01T10:00:00Z", "2027-01-01", "year"),
    ("wedding on 12/24", "2026-05-01T10:00:00Z", "2026-12-24", "day"),
    ("moving on 6/5", "2026-05-01T10:00:00Z", "2026-06-05", "day"),
    ("moving on 25/6", "2026-05-01T10:00:00Z", "2026-06-25", "day"),
    ("we're getting married on June 5th, 2027", "2026-05-01T10:00:00Z", "2027-06-05", "day"),
    ("the wedding is on the twelfth of September", "2026-05-01T10:00:00Z", "2026-09-12", "day"),
    ("engaged on Christmas Day!", "2025-12-25T20:00:00Z", "2025-12-25", "day"),
    ("proposing on Christmas Eve", "2026-11-01T10:00:00Z", "2026-12-24", "day"),
    ("new job starts on New Year's Day", "2026-06-01T10:00:00Z", "2027-01-01", "day"),
    ("got engaged on Valentine's Day", "2026-03-01T10:00:00Z", "2026-02-14", "day"),
    ("baby arrived last night", "2026-01-01T08:00:00Z", "2025-12-31", "day"),
    ("party tomorrow", "2025-12-31T20:00:00Z", "2026-01-01", "day"),
    ("moving in two weeks", "2025-12-25T10:00:00Z", "2026-01-08", "day"),
    ("she got the job three days ago", "2026-03-02T10:00:00Z", "2026-02-27", "day"),
    ("wedding next month", "2025-12-10T10:00:00Z", "2026-01-01", "month"),
    ("we moved last month", "2026-01-10T10:00:00Z", "2025-12-01", "month"),
    ("due next June", "2026-03-01T10:00:00Z", "2026-06-01", "month"),
    ("we had the funeral last weekend", "2026-03-11T10:00:00Z", "2026-03-07", "day"),
    ("we had the funeral last weekend", "2026-03-14T10:00:00Z", "2026-03-07", "day"),
    ("Happy birthday to my sister!", "2026-03-14T10:00:00Z", None, "unknown"),
    ("We're engaged!!!", "2026-03-14T10:00:00Z", None, "unknown"),
    ("my grandpa passed away", "2026-03-14T10:00:00Z", None, "unknown"),
    ("we are expecting a baby", "2026-03-14T10:00:00Z", None, "unknown"),
    ("just adopted a puppy 🐶", "2026-03-14T10:00:00Z", None, "unknown"),
    ("finally moved into our first home", "2026-03-14T10:00:00Z", None, "unknown"),
    ("Thrilled to announce I'm joining Shopify as Senior PM", "2026-03-14T10:00:00Z", None, "unknown"),
    ("graduated with a first in history", "2026-03-14T10:00:00Z", None, "unknown"),
    ("Happy retirement Dad, you earned it", "2026-03-14T10:00:00Z", None, "unknown"),
    ("IT'S A GIRL 🎀", "2026-03-14T10:00:00Z", None, "unknown"),
    ("10 years married to my best friend", "2026-03-14T10:00:00Z", None, "unknown"),
    ("my brother is getting married", "2026-03-14T10:00:00Z", None, "unknown"),
    ("RIP nan, love you forever", "2026-03-14T10:00:00Z", None, "unknown"),
    ("new job, who dis", "2026-03-14T10:00:00Z", None, "unknown"),
    ("our baby girl arrived safely", "2026-03-14T10:00:00Z", None, "unknown"),
]


def build_date_cases(seed: int, per_kind: int = 4) -> list[dict[str, object]]:
    """`per_kind` generated cases for every future and past phrase kind, then the fixed cases."""
    rng = random.Random(seed + 1)
    cases: list[dict[str, object]] = []
    seen: set[tuple[str, str]] = set()
    start = date(2025, 6, 1)
    plan = [(True, k) for k in dates.FUTURE_KINDS] + [(False, k) for k in dates.PAST_KINDS]
    for future, kind in plan:
        made = 0
        while made < per_kind:
            day = start + timedelta(rng.randrange(520))
            posted = datetime(day.year, day.month, day.day, rng.randint(7, 21), 0, 0).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            )
            make = dates.future_phrase if future else dates.past_phrase
            phrase = make(rng, day, kind)
            frame = rng.choice(FUTURE_FRAMES if future else PAST_FRAMES)
            text = frame.format(phrase.text)
            if phrase.kind != kind or (text, posted[:10]) in seen:
                continue
            seen.add((text, posted[:10]))
            made += 1
            cases.append(
                {
                    "text": text,
                    "posted_at": posted,
                    "expected_date": phrase.date.isoformat() if phrase.date else None,
                    "precision": phrase.precision,
                    "kind": phrase.kind,
                }
            )
    for text, posted, expected, precision in FIXED:
        cases.append(
            {
                "text": text,
                "posted_at": posted,
                "expected_date": expected,
                "precision": precision,
                "kind": "fixed",
            }
        )
    return cases
