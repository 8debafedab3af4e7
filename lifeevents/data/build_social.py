"""Writes the platform-style training files and the second and third held-out splits.

posts_social_train.jsonl and posts_heldout.jsonl first, then posts_heldout3.jsonl (the third
split), then posts_voices_train.jsonl (more voices, added after the third split was written), then
posts_heldout4.jsonl (the fourth split, real social-media register), then
posts_register_train.jsonl (training posts in that register, written after the fourth split and
apart from it), each from its own seed, so adding to a later file never changes an earlier one. Separate seeded
generators from the team's split, so posts_train/posts_test stay byte for byte. Every hand-written
post is one group: its renderings (names, dates, platform dress) stay on one side of any dev
split. No normalised text repeats anywhere, the team's files included; a held-out post is
rendered before the training posts added with it, so a clash re-renders the training post.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from lifeevents.data import vocab
from lifeevents.data.heldout3_posts import HELDOUT3, HELDOUT3_NONE
from lifeevents.data.heldout4_posts import HELDOUT4, HELDOUT4_NONE
from lifeevents.data.heldout_posts import HELDOUT, HELDOUT_NONE
from lifeevents.data.moments import MOMENTS, MOMENTS_NONE
from lifeevents.data.platforms import dress, handle
from lifeevents.data.register_posts import REGISTER_EVENTS, REGISTER_NONE
from lifeevents.data.render import Template, render
from lifeevents.data.social_events import MULTI, SOCIAL
from lifeevents.data.social_none import SOCIAL_NONE
from lifeevents.data.voices_events import VOICES_EVENTS, VOICES_MOMENTS, VOICES_MULTI
from lifeevents.data.voices_none import VOICES_MOMENTS_NONE, VOICES_NONE

SOCIAL_SEED = 20261124
HELDOUT_SEED = 20261125
HELDOUT3_SEED = 20261201
VOICES_SEED = 20261202
HELDOUT4_SEED = 20261203
REGISTER_SEED = 20261204
COPIES = {"social": 4, "moment": 3, "none": 3, "heldout": 1}


def spec_of(label: str, who: str) -> str:
    """Render spec of a "WHO|text" line: S self, N=relation a named relation, F a friend."""
    if who == "S":
        return label
    if who == "F":
        return f"{label}:N=friend"
    if who.startswith("N="):
        return f"{label}:{who}"
    raise ValueError(f"unknown WHO {who!r} in a {label} post")


def _entries(by_label: dict[str, list[str]], kind: str, prefix: str = "") -> list[tuple[str, Template, str]]:
    out = []
    for label, lines in by_label.items():
        for i, line in enumerate(lines):
            who, text = line.split("|", 1)
            who, _, when = who.partition("@")
            group = f"{prefix or kind}-{label}-{i}" + (f"@{when}" if when else "")
            out.append((group, Template(text, spec_of(label, who)), kind))
    return out


def gold_date(expr: str, posted: date) -> tuple[str, str]:
    """(ISO date, precision) of a hand-given date: d+N, d-N, m+1, m+0, m-1, we, wd+K, wd-K, xmas- (see heldout_posts)."""
    if expr.startswith("d"):
        return (posted + timedelta(int(expr[1:]))).isoformat(), "day"
    if expr.startswith("m"):
        index = posted.year * 12 + posted.month - 1 + int(expr[1:])
        return date(index // 12, index % 12 + 1, 1).isoformat(), "month"
    if expr == "we":
        return (posted + timedelta((5 - posted.weekday()) % 7)).isoformat(), "day"
    if expr.startswith("wd+"):
        return (posted + timedelta((int(expr[3:]) - posted.weekday()) % 7)).isoformat(), "day"
    if expr.startswith("wd-"):
        return (posted - timedelta((posted.weekday() - int(expr[3:])) % 7 or 7)).isoformat(), "day"
    if expr == "xmas-":
        year = posted.year if (posted.month, posted.day) >= (12, 25) else posted.year - 1
        return date(year, 12, 25).isoformat(), "day"
    raise ValueError(f"unknown hand-given date {expr!r}")


def _none(texts: list[str], prefix: str, copies: str = "none") -> list[tuple[str, Template, str]]:
    return [(f"{prefix}-none-{i}", Template(text, ""), copies) for i, text in enumerate(texts)]


def social_templates() -> list[tuple[str, Template, str]]:
    """(group, template, copies kind) of every training post written for this file."""
    multi = [(f"social-multi-{i}", Template(text, spec), "social") for i, (spec, text) in enumerate(MULTI)]
    return [
        *_entries(SOCIAL, "social"),
        *multi,
        *_entries(MOMENTS, "moment"),
        *_none(SOCIAL_NONE, "social"),
        *_none(MOMENTS_NONE, "moment"),
    ]


def heldout_templates() -> list[tuple[str, Template, str]]:
    """(group, template, copies kind) of the second held-out split."""
    return [*_entries(HELDOUT, "heldout"), *_none(HELDOUT_NONE, "heldout", "heldout")]


def heldout3_templates() -> list[tuple[str, Template, str]]:
    """(group, template, copies kind) of the third held-out split (moments, other Englishes, emoji)."""
    return [*_entries(HELDOUT3, "heldout"), *_none(HELDOUT3_NONE, "heldout", "heldout")]


def heldout4_templates() -> list[tuple[str, Template, str]]:
    """(group, template, copies kind) of the fourth held-out split (real social-media register)."""
    return [*_entries(HELDOUT4, "heldout"), *_none(HELDOUT4_NONE, "heldout", "heldout")]


def voices_templates() -> list[tuple[str, Template, str]]:
    """(group, template, copies kind) of posts_voices_train.jsonl: more voices per label, more hard negatives."""
    multi = [
        (f"voices-multi-{i}", Template(text, spec), "social") for i, (spec, text) in enumerate(VOICES_MULTI)
    ]
    return [
        *_entries(VOICES_EVENTS, "social", "voices"),
        *multi,
        *_entries(VOICES_MOMENTS, "moment", "voices-moment"),
        *_none(VOICES_NONE, "voices"),
        *_none(VOICES_MOMENTS_NONE, "voices-moment", "moment"),
    ]


def register_templates() -> list[tuple[str, Template, str]]:
    """(group, template, copies kind) of posts_register_train.jsonl: the real-post register, hard negatives."""
    return [*_entries(REGISTER_EVENTS, "social", "register"), *_none(REGISTER_NONE, "register")]


def _render_all(
    templates: list[tuple[str, Template, str]],
    seed: int,
    seen: set[str],
    posted: object,
    normalise: object,
    dressed: bool,
) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for group, template, kind in templates:
        made = 0
        for _ in range(COPIES[kind] * 4):
            if made >= COPIES[kind]:
                break
            moment = posted(rng)  # type: ignore[operator]
            text = template.text
            while "{U}" in text:
                text = text.replace("{U}", handle(rng, rng.choice(vocab.NAMES_F + vocab.NAMES_M))[1:], 1)
            rendered, events = render(
                Template(text, template.spec), rng, moment.date(), noisy=kind != "heldout"
            )
            if "@" in group:
                events[0]["date"], events[0]["date_precision"] = gold_date(group.split("@")[1], moment.date())
            if dressed and kind != "moment":
                label = str(events[0]["type"]) if events else "none"
                rendered = dress(rng, rendered, label, None if made else "plain")
            key = normalise(rendered)  # type: ignore[operator]
            if not key or key in seen:
                continue
            seen.add(key)
            made += 1
            rows.append({"text": rendered, "posted_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
                         "events": events, "group": group})  # fmt: skip
    return rows


def build_social(seen: set[str], posted: object, normalise: object) -> dict[str, list[dict[str, object]]]:
    """Both files' rows; ``seen`` holds the normalised texts already used (and is extended)."""
    train = _render_all(social_templates(), SOCIAL_SEED, seen, posted, normalise, dressed=True)
    random.Random(SOCIAL_SEED).shuffle(train)
    heldout = _render_all(heldout_templates(), HELDOUT_SEED, seen, posted, normalise, dressed=False)
    random.Random(HELDOUT_SEED).shuffle(heldout)
    third = _render_all(heldout3_templates(), HELDOUT3_SEED, seen, posted, normalise, dressed=False)
    random.Random(HELDOUT3_SEED).shuffle(third)
    voices = _render_all(voices_templates(), VOICES_SEED, seen, posted, normalise, dressed=True)
    random.Random(VOICES_SEED).shuffle(voices)
    fourth = _render_all(heldout4_templates(), HELDOUT4_SEED, seen, posted, normalise, dressed=False)
    random.Random(HELDOUT4_SEED).shuffle(fourth)
    register = _render_all(register_templates(), REGISTER_SEED, seen, posted, normalise, dressed=True)
    random.Random(REGISTER_SEED).shuffle(register)
    return {
        "social": [{"id": f"ts{i:05d}", **row} for i, row in enumerate(train, 1)],
        "heldout": [
            {"id": f"ho{i:05d}", **{k: v for k, v in row.items() if k != "group"}}
            for i, row in enumerate(heldout, 1)
        ],  # fmt: skip
        "heldout3": [
            {"id": f"h3{i:05d}", **{k: v for k, v in row.items() if k != "group"}}
            for i, row in enumerate(third, 1)
        ],  # fmt: skip
        "voices": [{"id": f"tv{i:05d}", **row} for i, row in enumerate(voices, 1)],
        "heldout4": [
            {"id": f"h4{i:05d}", **{k: v for k, v in row.items() if k != "group"}}
            for i, row in enumerate(fourth, 1)
        ],  # fmt: skip
        "register": [{"id": f"tg{i:05d}", **row} for i, row in enumerate(register, 1)],
    }
